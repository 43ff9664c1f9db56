/*
 * lzma.c — /usr/lib/liblzma.5.dylib: the host's liblzma (liblzma.so.5), opened on first use
 * through src/hostlib, as libz/zlib.c does for libz. lzma_stream has one LP64 layout on both
 * systems, so each export forwards to the host function as it is. The stream and buffer
 * calls are exported; the filter and index APIs are not.
 */
#include <stdint.h>

#include "machrun/darwin/private.h"
#include "machrun/hostlib.h"

#define XZ(ret, name, params, args)                                                          \
    static ret d_##name params                                                              \
    {                                                                                       \
        HOSTLIB_RESOLVE("liblzma.so.5", "liblzma.5.dylib", name, ret(*) params)             \
        return fn_ args;                                                                    \
    }                                                                                       \
    DARWIN_EXPORT("_" #name, d_##name);

typedef void *xzs; /* lzma_stream * */
XZ(int, lzma_code, (xzs s, int action), (s, action))
static void d_lzma_end(xzs s)
{
    HOSTLIB_RESOLVE("liblzma.so.5", "liblzma.5.dylib", lzma_end, void (*)(xzs))
    fn_(s);
}
DARWIN_EXPORT("_lzma_end", d_lzma_end);
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
