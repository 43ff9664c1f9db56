/*
 * fat.c — universal (fat) files: the big-endian fat_header with fat_arch or fat_arch_64
 * entries, each checked to lie inside the file without overlapping the header or another slice,
 * aligned as it says (at most 2^15), no architecture twice; -arch names.
 */
#include <stdlib.h>

#include "macho_private.h"

bool mo_is_fat(const uint8_t *buf, size_t size)
{
    if (size < 8)
        return false;
    uint32_t m = rd32be(buf);
    return m == MO_FAT_MAGIC || m == MO_FAT_MAGIC_64;
}

int mo_fat_parse(const uint8_t *buf, size_t size, struct mo_fat *out, struct mo_error *err)
{
    memset(out, 0, sizeof *out);
    if (!mo_is_fat(buf, size))
        return mo_fail(err, MO_EBADMAGIC, -1, "not a universal file");
    bool is64 = rd32be(buf) == MO_FAT_MAGIC_64;
    uint32_t n = rd32be(buf + 4);
    size_t esz = is64 ? 32 : 20;
    if (n == 0)
        return mo_fail(err, MO_EBADCMD, -1, "universal file with no architectures");
    if (!in_range(8, (uint64_t)n * esz, size))
        return mo_fail(err, MO_ETRUNC, -1, "fat header with %u architectures runs past the end of the file", n);
    struct mo_fat_arch *a = calloc(n, sizeof *a);
    if (!a)
        return mo_fail(err, MO_ENOMEM, -1, "out of memory");
    uint64_t hdr_end = 8 + (uint64_t)n * esz;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *p = buf + 8 + i * esz;
        a[i].cputype = (int32_t)rd32be(p);
        a[i].cpusubtype = (int32_t)rd32be(p + 4);
        if (is64) {
            a[i].offset = rd64be(p + 8);
            a[i].size = rd64be(p + 16);
            a[i].align = rd32be(p + 24);
            a[i].reserved = rd32be(p + 28);
        } else {
            a[i].offset = rd32be(p + 8);
            a[i].size = rd32be(p + 12);
            a[i].align = rd32be(p + 16);
        }
        if (!in_range(a[i].offset, a[i].size, size) || a[i].offset < hdr_end) {
            mo_fail(err, MO_ERANGE, -1, "architecture %u (%s): offset %llu size %llu outside the file", i,
                    mo_arch_name(a[i].cputype, a[i].cpusubtype), (unsigned long long)a[i].offset,
                    (unsigned long long)a[i].size);
            free(a);
            return MO_ERANGE;
        }
        /* As lipo and LLVM: at most 2^15, and the offset a multiple of it. */
        if (a[i].align > 15) {
            mo_fail(err, MO_EBADCMD, -1, "architecture %u: alignment 2^%u too large (at most 2^15)", i, a[i].align);
            free(a);
            return MO_EBADCMD;
        }
        if (a[i].offset % (1u << a[i].align)) {
            mo_fail(err, MO_EBADCMD, -1, "architecture %u: offset %llu not aligned to 2^%u", i,
                    (unsigned long long)a[i].offset, a[i].align);
            free(a);
            return MO_EBADCMD;
        }
        for (uint32_t j = 0; j < i; j++) {
            if (a[j].cputype == a[i].cputype && ((a[j].cpusubtype ^ a[i].cpusubtype) & 0xffffff) == 0) {
                mo_fail(err, MO_EBADCMD, -1, "architectures %u and %u are the same (%s)", j, i,
                        mo_arch_name(a[i].cputype, a[i].cpusubtype));
                free(a);
                return MO_EBADCMD;
            }
            if (a[i].size && a[j].size && a[i].offset < a[j].offset + a[j].size && a[j].offset < a[i].offset + a[i].size) {
                mo_fail(err, MO_EOVERLAP, -1, "architecture %u overlaps architecture %u", i, j);
                free(a);
                return MO_EOVERLAP;
            }
        }
    }
    out->is64 = is64;
    out->nfat_arch = n;
    out->archs = a;
    return MO_OK;
}

void mo_fat_free(struct mo_fat *fat)
{
    free(fat->archs);
    fat->archs = NULL;
    fat->nfat_arch = 0;
}

int mo_fat_find(const struct mo_fat *fat, int32_t cputype)
{
    for (uint32_t i = 0; i < fat->nfat_arch; i++)
        if (fat->archs[i].cputype == cputype)
            return (int)i;
    return -1;
}

static const struct {
    const char *name;
    int32_t cputype, cpusubtype;
} arch_names[] = {
    { "x86_64", MO_CPU_TYPE_X86_64, 3 },
    { "x86_64h", MO_CPU_TYPE_X86_64, 8 },
    { "i386", MO_CPU_TYPE_X86, 3 },
    { "arm64", MO_CPU_TYPE_ARM64, 0 },
    { "arm64e", MO_CPU_TYPE_ARM64, 2 },
    { "arm64v8", MO_CPU_TYPE_ARM64, 1 },
    { "armv7", MO_CPU_TYPE_ARM, 9 },
    { "armv7s", MO_CPU_TYPE_ARM, 11 },
    { "armv7k", MO_CPU_TYPE_ARM, 12 },
    { "armv6", MO_CPU_TYPE_ARM, 6 },
    { "arm64_32", 0x0200000c, 1 },
    { "ppc", 18, 0 },
    { "ppc64", 0x01000012, 0 },
};

const char *mo_arch_name(int32_t cputype, int32_t cpusubtype)
{
    int32_t sub = cpusubtype & 0x00ffffff;
    for (size_t i = 0; i < sizeof arch_names / sizeof arch_names[0]; i++)
        if (arch_names[i].cputype == cputype && arch_names[i].cpusubtype == sub)
            return arch_names[i].name;
    for (size_t i = 0; i < sizeof arch_names / sizeof arch_names[0]; i++)
        if (arch_names[i].cputype == cputype)
            return arch_names[i].name;
    return "unknown";
}

bool mo_arch_from_name(const char *name, int32_t *cputype, int32_t *cpusubtype)
{
    for (size_t i = 0; i < sizeof arch_names / sizeof arch_names[0]; i++)
        if (!strcmp(arch_names[i].name, name)) {
            *cputype = arch_names[i].cputype;
            *cpusubtype = arch_names[i].cpusubtype;
            return true;
        }
    return false;
}
