/* macho_private.h — helpers shared by the files of src/macho/ only. */
#ifndef MACHRUN_MACHO_PRIVATE_H
#define MACHRUN_MACHO_PRIVATE_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "machrun/macho.h"

static inline uint32_t rd32le(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t rd64le(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static inline uint16_t rd16le(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline uint32_t rd32be(const uint8_t *p) { return __builtin_bswap32(rd32le(p)); }
static inline uint64_t rd64be(const uint8_t *p) { return __builtin_bswap64(rd64le(p)); }

/* Is [off, off+len) inside [0, size)? Overflow-safe. */
static inline bool in_range(uint64_t off, uint64_t len, uint64_t size)
{
    return off <= size && len <= size - off;
}

/* ULEB128 decoding for the opcode loops that run once per fixup at launch: the value and the
 * position after it, returned in registers (p is NULL when the number is truncated or
 * overflows). Forms of up to four bytes are decoded inline; longer ones by mo_read_uleb. */
struct mo_uleb {
    const uint8_t *p;
    uint64_t v;
};

static inline struct mo_uleb mo_uleb_slow(const uint8_t *p, const uint8_t *end)
{
    struct mo_uleb r;
    r.p = mo_read_uleb(&p, end, &r.v) ? p : NULL;
    return r;
}

static inline struct mo_uleb mo_uleb_next(const uint8_t *p, const uint8_t *end)
{
    if (__builtin_expect(end - p >= 4, 1)) {
        uint64_t v = p[0] & 0x7f;
        if (!(p[0] & 0x80))
            return (struct mo_uleb){ p + 1, v };
        v |= (uint64_t)(p[1] & 0x7f) << 7;
        if (!(p[1] & 0x80))
            return (struct mo_uleb){ p + 2, v };
        v |= (uint64_t)(p[2] & 0x7f) << 14;
        if (!(p[2] & 0x80))
            return (struct mo_uleb){ p + 3, v };
        v |= (uint64_t)(p[3] & 0x7f) << 21;
        if (!(p[3] & 0x80))
            return (struct mo_uleb){ p + 4, v };
    }
    return mo_uleb_slow(p, end);
}

int mo_fail(struct mo_error *err, int code, int cmd_index, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
