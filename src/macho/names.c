/* names.c — names of load commands, version numbers, LEB128 readers. */
#include "macho_private.h"

static const struct {
    uint32_t cmd;
    const char *name;
} lc_names[] = {
#define MO_LOAD_COMMAND(name, value) { value, #name },
#include "machrun/macho_loader.def"
#undef MO_LOAD_COMMAND
};
const char *mo_load_command_name(uint32_t cmd)
{
    for (size_t i = 0; i < sizeof lc_names / sizeof lc_names[0]; i++)
        if (lc_names[i].cmd == cmd)
            return lc_names[i].name;
    return NULL;
}

void mo_version_string(uint32_t v, char *buf, size_t n)
{
    snprintf(buf, n, "%u.%u.%u", v >> 16, (v >> 8) & 0xff, v & 0xff);
}

bool mo_read_uleb(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
    /* Up to nine bytes carry 7 bits each; a tenth may only hold bit 63 and must end the
     * number. This runs once per fixup at launch (Go's linker writes a ULEB for every rebase),
     * so the common short forms take no per-byte overflow test. */
    uint64_t v = 0;
    const uint8_t *q = *p;
    for (unsigned shift = 0; shift < 63; shift += 7) {
        if (q >= end)
            return false;
        uint8_t b = *q++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *p = q;
            *out = v;
            return true;
        }
    }
    if (q >= end)
        return false;
    uint8_t b = *q++;
    if (b & 0xfe)
        return false;
    *p = q;
    *out = v | (uint64_t)b << 63;
    return true;
}

bool mo_read_sleb(const uint8_t **p, const uint8_t *end, int64_t *out)
{
    uint64_t v = 0;
    unsigned shift = 0;
    const uint8_t *q = *p;
    uint8_t b;
    do {
        if (q >= end || shift >= 64)
            return false;
        b = *q++;
        v |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
    } while (b & 0x80);
    if (shift < 64 && (b & 0x40))
        v |= ~(uint64_t)0 << shift;
    *p = q;
    *out = (int64_t)v;
    return true;
}
