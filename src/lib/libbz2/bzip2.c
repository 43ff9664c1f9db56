/*
 * bzip2.c — /usr/lib/libbz2.1.0.dylib: the host's libbz2 (libbz2.so.1.0), opened on first
 * use through src/hostlib, as libz/zlib.c does for libz. bz_stream has one LP64 layout on
 * both systems, so each export forwards to the host function as it is. The stream calls are
 * exported (what the zip and tar crates use); the BZ2_bzRead/Write FILE* layer is not (it
 * would need Darwin's FILE).
 */
#include <stdint.h>

#include "machrun/darwin/private.h"
#include "machrun/hostlib.h"

#define BZ(ret, name, params, args)                                                          \
    static ret d_##name params                                                              \
    {                                                                                       \
        HOSTLIB_RESOLVE("libbz2.so.1.0", "libbz2.1.0.dylib", name, ret(*) params)           \
        return fn_ args;                                                                    \
    }                                                                                       \
    DARWIN_EXPORT("_" #name, d_##name);

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
