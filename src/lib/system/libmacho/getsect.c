/*
 * getsect.c — libmacho's lookups in a loaded Mach-O image: getsectiondata and
 * getsegmentdata on a mapped header (slid addresses), getsegbyname and getsectbyname on the
 * main image (the first image dyld reports; unslid addresses, as Darwin's).
 */
#include <stdint.h>
#include <string.h>

#include "machrun/darwin/private.h"
#include "machrun/macho_abi.h"

struct seg64 { uint32_t cmd, cmdsize; char segname[16]; uint64_t vmaddr, vmsize, fileoff, filesize;
               uint32_t maxprot, initprot, nsects, flags; };
struct sect64 { char sectname[16], segname[16]; uint64_t addr, size; uint32_t offset, align, reloff, nreloc, flags,
                reserved1, reserved2, reserved3; };
struct mh64 { uint32_t magic, cputype, cpusubtype, filetype, ncmds, sizeofcmds, flags, reserved; };

static const struct seg64 *segment(const struct mh64 *mh, const char *name, intptr_t *slide)
{
    if (!mh || mh->magic != MO_MH_MAGIC_64)
        return NULL;
    const uint8_t *p = (const uint8_t *)(mh + 1);
    const struct seg64 *found = NULL;
    *slide = 0;
    for (uint32_t i = 0; i < mh->ncmds; i++) {
        const struct seg64 *s = (const struct seg64 *)p;
        if (s->cmd == MO_LC_SEGMENT_64) {
            if (!strncmp(s->segname, "__TEXT", 16))
                *slide = (intptr_t)mh - (intptr_t)s->vmaddr;
            if (!strncmp(s->segname, name, 16))
                found = s;
        }
        p += s->cmdsize;
    }
    return found;
}

/* ---- the main image's header: the first image dyld reports ---- */
static const struct mh64 *main_header(void)
{
    static const struct mh64 *(*get)(uint32_t);
    if (!get) {
        const struct darwin_export *b = __start_darwin_exports, *e = b + darwin_export_count();
        for (const struct darwin_export *x = b; x < e; x++)
            if (!strcmp(x->name, "__dyld_get_image_header"))
                get = (const struct mh64 *(*)(uint32_t))darwin_export_addr(x);
    }
    return get ? get(0) : NULL;
}

static const struct seg64 *d_getsegbyname(const char *name)
{
    intptr_t slide;
    return segment(main_header(), name, &slide);
}
DARWIN_EXPORT("_getsegbyname", d_getsegbyname);

static uint8_t *d_getsegmentdata(const struct mh64 *mh, const char *seg, unsigned long *size)
{
    intptr_t slide;
    const struct seg64 *s = segment(mh, seg, &slide);
    if (!s)
        return NULL;
    if (size)
        *size = s->vmsize;
    return (uint8_t *)(uintptr_t)(s->vmaddr + (uint64_t)slide);
}
DARWIN_EXPORT("_getsegmentdata", d_getsegmentdata);

static const struct sect64 *section(const struct seg64 *s, const char *sect)
{
    const struct sect64 *x = (const struct sect64 *)(s + 1);
    for (uint32_t i = 0; i < s->nsects; i++)
        if (!strncmp(x[i].sectname, sect, 16))
            return &x[i];
    return NULL;
}

static uint8_t *d_getsectiondata(const struct mh64 *mh, const char *seg, const char *sect, unsigned long *size)
{
    intptr_t slide;
    const struct seg64 *s = segment(mh, seg, &slide);
    const struct sect64 *x = s ? section(s, sect) : NULL;
    if (!x)
        return NULL;
    if (size)
        *size = x->size;
    return (uint8_t *)(uintptr_t)(x->addr + (uint64_t)slide);
}
DARWIN_EXPORT("_getsectiondata", d_getsectiondata);


static const struct sect64 *d_getsectbyname(const char *seg, const char *sect)
{
    const struct seg64 *s = d_getsegbyname(seg);
    return s ? section(s, sect) : NULL; /* unslid addresses, as Darwin's */
}
DARWIN_EXPORT("_getsectbyname", d_getsectbyname);

/* getsectdata: the main image's section as getsectbyname finds it: its unslid address (the
 * caller adds _dyld_get_image_vmaddr_slide(0), as on macOS) and its size. */
static char *d_getsectdata(const char *seg, const char *sect, unsigned long *size)
{
    const struct sect64 *x = d_getsectbyname(seg, sect);
    if (!x)
        return NULL;
    if (size)
        *size = x->size;
    return (char *)(uintptr_t)x->addr;
}
DARWIN_EXPORT("_getsectdata", d_getsectdata);
