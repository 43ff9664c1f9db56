/*
 * compress.c — /usr/lib/libbz2.1.0.dylib and /usr/lib/liblzma.5.dylib: the host's libbz2
 * (libbz2.so.1.0) and liblzma (liblzma.so.5), opened on first use through src/hostlib, as
 * zlib.c does for libz. Their ABIs are the same on both systems (bz_stream and lzma_stream
 * have one LP64 layout), so each export forwards to the host function as it is. The stream
 * calls are exported (what the zip and tar crates use); the BZ2_bzRead/Write FILE* layer is
 * not (it would need Darwin's FILE), nor liblzma's filter and index APIs.
 */
#include <stdint.h>

#include "darwin_private.h"
#include "machrun/hostlib.h"

#define C_FWD(lib, soname, what, ret, name, params, args)                                    \
    static ret d_##name params                                                              \
    {                                                                                       \
        HOSTLIB_RESOLVE(soname, what, name, ret(*) params)                                  \
        return fn_ args;                                                                    \
    }                                                                                       \
    DARWIN_EXPORT_LIB(lib, "_" #name, d_##name);

#define BZ(ret, name, params, args) C_FWD(DLIB_libbz2, "libbz2.so.1.0", "libbz2.1.0.dylib", ret, name, params, args)
#define XZ(ret, name, params, args) C_FWD(DLIB_liblzma, "liblzma.so.5", "liblzma.5.dylib", ret, name, params, args)

typedef void *bzs; /* bz_stream * */
BZ(int, BZ2_bzCompressInit, (bzs s, int block, int verbosity, int work), (s, block, verbosity, work))
BZ(int, BZ2_bzCompress, (bzs s, int action), (s, action))
BZ(int, BZ2_bzCompressEnd, (bzs s), (s))
BZ(int, BZ2_bzDecompressInit, (bzs s, int verbosity, int small), (s, verbosity, small))
BZ(int, BZ2_bzDecompress, (bzs s), (s))
BZ(int, BZ2_bzDecompressEnd, (bzs s), (s))
BZ(int, BZ2_bzBuffToBuffCompress, (char *d, unsigned *dn, char *s, unsigned sn, int block, int verb, int work),
   (d, dn, s, sn, block, verb, work))
BZ(int, BZ2_bzBuffToBuffDecompress, (char *d, unsigned *dn, char *s, unsigned sn, int small, int verb),
   (d, dn, s, sn, small, verb))
BZ(const char *, BZ2_bzlibVersion, (void), ())

typedef void *xzs; /* lzma_stream * */
XZ(int, lzma_code, (xzs s, int action), (s, action))
static void d_lzma_end(xzs s)
{
    HOSTLIB_RESOLVE("liblzma.so.5", "liblzma.5.dylib", lzma_end, void (*)(xzs))
    fn_(s);
}
DARWIN_EXPORT_LIB(DLIB_liblzma, "_lzma_end", d_lzma_end);
XZ(int, lzma_stream_decoder, (xzs s, uint64_t memlimit, uint32_t flags), (s, memlimit, flags))
XZ(int, lzma_auto_decoder, (xzs s, uint64_t memlimit, uint32_t flags), (s, memlimit, flags))
XZ(int, lzma_alone_decoder, (xzs s, uint64_t memlimit), (s, memlimit))
XZ(int, lzma_raw_decoder, (xzs s, const void *filters), (s, filters))
XZ(int, lzma_raw_encoder, (xzs s, const void *filters), (s, filters))
XZ(int, lzma_easy_encoder, (xzs s, uint32_t preset, int check), (s, preset, check))
XZ(int, lzma_stream_encoder, (xzs s, const void *filters, int check), (s, filters, check))
XZ(int, lzma_alone_encoder, (xzs s, const void *options), (s, options))
XZ(int, lzma_lzma_preset, (void *options, uint32_t preset), (options, preset))
XZ(int, lzma_properties_decode, (void *filter, const void *alloc, const uint8_t *props, size_t size),
   (filter, alloc, props, size))
XZ(uint64_t, lzma_memusage, (const void *s), (s))
XZ(uint32_t, lzma_version_number, (void), ())
XZ(const char *, lzma_version_string, (void), ())
XZ(int, lzma_check_is_supported, (int check), (check))
XZ(int, lzma_easy_buffer_encode, (uint32_t preset, int check, const void *alloc, const uint8_t *in, size_t in_size,
   uint8_t *out, size_t *out_pos, size_t out_size), (preset, check, alloc, in, in_size, out, out_pos, out_size))
XZ(int, lzma_stream_buffer_decode, (uint64_t *memlimit, uint32_t flags, const void *alloc, const uint8_t *in,
   size_t *in_pos, size_t in_size, uint8_t *out, size_t *out_pos, size_t out_size),
   (memlimit, flags, alloc, in, in_pos, in_size, out, out_pos, out_size))
