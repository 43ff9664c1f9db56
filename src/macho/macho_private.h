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

int mo_fail(struct mo_error *err, int code, int cmd_index, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
