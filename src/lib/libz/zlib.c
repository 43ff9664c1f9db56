/*
 * zlib.c — /usr/lib/libz.1.dylib: the host's zlib (libz.so.1), opened on first use through
 * src/hostlib. zlib's ABI is the same on both systems (z_stream has one LP64 layout, the
 * version check compares only the major number), so each export forwards to the host
 * function as it is; memory zlib allocates stays zlib's (it frees it in *End), and a
 * guest's own zalloc/zfree are called as given. The stream, checksum and one-shot calls are
 * exported; the gz* file functions are not (they trap if called).
 */
#include <stdint.h>

#include "machrun/darwin/private.h"
#include "machrun/hostlib.h"

#define Z_REAL(name, type) HOSTLIB_RESOLVE("libz.so.1", "libz.1.dylib (zlib)", name, type)

/* A forwarder d_NAME exported as _NAME in libz. */
#define Z_FWD(ret, name, params, args)                                                            \
    static ret d_##name params                                                                    \
    {                                                                                             \
        Z_REAL(name, ret(*) params)                                                               \
        return fn_ args;                                                                          \
    }                                                                                             \
    DARWIN_EXPORT("_" #name, d_##name);

typedef void *zs;          /* z_stream * */
typedef unsigned long ul;  /* uLong */

Z_FWD(const char *, zlibVersion, (void), ())
Z_FWD(ul, zlibCompileFlags, (void), ())
Z_FWD(const char *, zError, (int e), (e))
Z_FWD(int, deflateInit_, (zs s, int level, const char *v, int size), (s, level, v, size))
Z_FWD(int, deflateInit2_, (zs s, int level, int method, int bits, int mem, int strategy, const char *v, int size),
      (s, level, method, bits, mem, strategy, v, size))
Z_FWD(int, deflate, (zs s, int flush), (s, flush))
Z_FWD(int, deflateEnd, (zs s), (s))
Z_FWD(int, deflateReset, (zs s), (s))
Z_FWD(int, deflateParams, (zs s, int level, int strategy), (s, level, strategy))
Z_FWD(ul, deflateBound, (zs s, ul n), (s, n))
Z_FWD(int, deflateSetDictionary, (zs s, const uint8_t *d, unsigned n), (s, d, n))
Z_FWD(int, deflateCopy, (zs d, zs s), (d, s))
Z_FWD(int, deflatePrime, (zs s, int bits, int value), (s, bits, value))
Z_FWD(int, deflateTune, (zs s, int a, int b, int c, int d), (s, a, b, c, d))
Z_FWD(int, deflatePending, (zs s, unsigned *p, int *bits), (s, p, bits))
Z_FWD(int, deflateSetHeader, (zs s, void *h), (s, h))
Z_FWD(int, inflateInit_, (zs s, const char *v, int size), (s, v, size))
Z_FWD(int, inflateInit2_, (zs s, int bits, const char *v, int size), (s, bits, v, size))
Z_FWD(int, inflate, (zs s, int flush), (s, flush))
Z_FWD(int, inflateEnd, (zs s), (s))
Z_FWD(int, inflateReset, (zs s), (s))
Z_FWD(int, inflateReset2, (zs s, int bits), (s, bits))
Z_FWD(int, inflateSetDictionary, (zs s, const uint8_t *d, unsigned n), (s, d, n))
Z_FWD(int, inflateGetDictionary, (zs s, uint8_t *d, unsigned *n), (s, d, n))
Z_FWD(int, inflateSync, (zs s), (s))
Z_FWD(int, inflateCopy, (zs d, zs s), (d, s))
Z_FWD(int, inflatePrime, (zs s, int bits, int value), (s, bits, value))
Z_FWD(long, inflateMark, (zs s), (s))
Z_FWD(int, inflateGetHeader, (zs s, void *h), (s, h))
Z_FWD(int, inflateBackInit_, (zs s, int bits, uint8_t *w, const char *v, int size), (s, bits, w, v, size))
Z_FWD(int, inflateBack, (zs s, void *in, void *ind, void *out, void *outd), (s, in, ind, out, outd))
Z_FWD(int, inflateBackEnd, (zs s), (s))
Z_FWD(ul, crc32, (ul c, const uint8_t *b, unsigned n), (c, b, n))
Z_FWD(ul, crc32_z, (ul c, const uint8_t *b, size_t n), (c, b, n))
Z_FWD(ul, crc32_combine, (ul a, ul b, long n), (a, b, n))
Z_FWD(ul, adler32, (ul a, const uint8_t *b, unsigned n), (a, b, n))
Z_FWD(ul, adler32_z, (ul a, const uint8_t *b, size_t n), (a, b, n))
Z_FWD(ul, adler32_combine, (ul a, ul b, long n), (a, b, n))
Z_FWD(const void *, get_crc_table, (void), ())
Z_FWD(int, compress, (uint8_t *d, ul *dn, const uint8_t *s, ul sn), (d, dn, s, sn))
Z_FWD(int, compress2, (uint8_t *d, ul *dn, const uint8_t *s, ul sn, int level), (d, dn, s, sn, level))
Z_FWD(ul, compressBound, (ul n), (n))
Z_FWD(int, uncompress, (uint8_t *d, ul *dn, const uint8_t *s, ul sn), (d, dn, s, sn))
Z_FWD(int, uncompress2, (uint8_t *d, ul *dn, const uint8_t *s, ul *sn), (d, dn, s, sn))
