/* fuzz_fixups.c — libFuzzer target over the two fixup formats alone: the dyld-info opcode
 * streams (rebase, bind, weak bind, lazy bind, single lazy records) and chained fixups (header,
 * imports, starts, the chain walk), fed raw bytes without a Mach-O around them.
 *
 * Input: u32 L, u32 D, then L bytes of linkedit (used as every dyld-info stream and as the
 * LC_DYLD_CHAINED_FIXUPS blob), D bytes of __DATA_CONST, the rest __DATA. The image around
 * them is fixed and consistent (what mo_image_parse would have produced): __PAGEZERO, __TEXT
 * (0x2000 bytes, no file data), then __DATA_CONST, __DATA, __LINKEDIT in 4 KiB pages, two dylibs
 * (the layout of a small program from ld64.lld, so that its fixups are seeds as they are). Every location reported must
 * lie inside its segment (and, for chained fixups, inside its file data): anything else
 * aborts. Built with AddressSanitizer and UBSan. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/macho.h"

static const struct mo_image *cur;

static void check_loc(int seg, uint64_t off, uint64_t addr, uint64_t need, bool file)
{
    if (seg < 0 || (uint32_t)seg >= cur->nsegments)
        abort();
    const struct mo_segment *s = &cur->segments[seg];
    uint64_t limit = file ? s->filesize : s->vmsize;
    if (off > limit || limit - off < need || addr != s->vmaddr + off)
        abort();
}

static int on_rebase(const struct mo_rebase *r, void *c)
{
    (void)c;
    check_loc(r->segment_index, r->segment_offset, r->address, 8, false);
    return 0;
}

static int on_bind(const struct mo_bind *b, void *c)
{
    (void)c;
    if (!b->name)
        abort();
    if (b->segment_index >= 0)
        check_loc(b->segment_index, b->segment_offset, b->address, 8, false);
    else if (!(b->kind == MO_BIND_WEAK && b->non_weak_definition))
        abort();
    return 0;
}

static int on_chained(const struct mo_chained_fixup *f, void *c)
{
    (void)c;
    check_loc(f->segment_index, f->segment_offset, f->address, 8, true);
    if (f->is_bind && !f->name)
        abort();
    return 0;
}

static uint64_t round_page(uint64_t v) { return v ? (v + 0xfff) & ~(uint64_t)0xfff : 0x1000; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8 || size > (1u << 24))
        return 0;
    uint32_t L, D;
    memcpy(&L, data, 4);
    memcpy(&D, data + 4, 4);
    size_t rest = size - 8;
    if (L > rest)
        L = (uint32_t)rest;
    if (D > rest - L)
        D = (uint32_t)(rest - L);
    uint64_t le = 8, d1 = 8 + (uint64_t)L, d2 = d1 + D, n2 = size - d2;

    struct mo_segment segs[5];
    memset(segs, 0, sizeof segs);
    static const char *const names[5] = { "__PAGEZERO", "__TEXT", "__DATA_CONST", "__DATA", "__LINKEDIT" };
    uint64_t vm = 0x100000000ull;
    const uint64_t fo[5] = { 0, 0, d1, d2, le }, fs[5] = { 0, 0, D, n2, L };
    for (int i = 0; i < 5; i++) {
        strcpy(segs[i].segname, names[i]);
        segs[i].fileoff = fo[i];
        segs[i].filesize = fs[i];
        segs[i].cmd_index = (uint32_t)i;
        if (i == 0) {
            segs[i].vmsize = vm;
            continue;
        }
        segs[i].vmaddr = vm;
        segs[i].vmsize = i == 1 ? 0x2000 : round_page(fs[i]);   /* as a small lld program's */
        segs[i].initprot = segs[i].maxprot = i == 1 ? 5 : i == 4 ? 1 : 3;
        vm += segs[i].vmsize;
    }
    struct mo_dylib dylibs[2] = { { 0xc, "/usr/lib/libSystem.B.dylib", 2, 0x10000, 0x10000 },
                                  { 0x80000018, "/usr/lib/libweak.dylib", 2, 0x10000, 0x10000 } };
    struct mo_image img;
    memset(&img, 0, sizeof img);
    img.buf = data;
    img.size = size;
    img.magic = MO_MH_MAGIC_64;
    img.cputype = MO_CPU_TYPE_X86_64;
    img.filetype = MO_MH_EXECUTE;
    img.segments = segs;
    img.nsegments = 5;
    img.dylibs = dylibs;
    img.ndylibs = 2;
    img.pagezero_index = 0;
    img.base_vmaddr = 0x100000000ull;
    img.vm_start = 0x100000000ull;
    img.vm_end = vm;
    img.has_dyld_info = true;
    img.rebase_off = img.bind_off = img.weak_bind_off = img.lazy_bind_off = (uint32_t)le;
    img.rebase_size = img.bind_size = img.weak_bind_size = img.lazy_bind_size = L;
    img.chained_fixups = (struct mo_linkedit_data){ (uint32_t)le, L, true };
    cur = &img;

    struct mo_error err;
    mo_dyld_info_rebases(&img, on_rebase, NULL, &err);
    mo_dyld_info_binds(&img, MO_BIND_REGULAR, on_bind, NULL, &err);
    mo_dyld_info_binds(&img, MO_BIND_WEAK, on_bind, NULL, &err);
    mo_dyld_info_binds(&img, MO_BIND_LAZY, on_bind, NULL, &err);
    for (uint32_t off = 0; off < L && off < 64; off++) {
        struct mo_bind b;
        if (mo_lazy_bind_at(&img, off, &b, &err) == 0)
            on_bind(&b, NULL);
    }
    mo_chained_fixups(&img, on_chained, NULL, &err);
    struct mo_chained_import *imports;
    uint32_t n, fmt;
    if (mo_chained_imports(&img, &imports, &n, &fmt, &err) == 0) {
        for (uint32_t i = 0; i < n; i++)
            if (!imports[i].name)
                abort();
        free(imports);
    }
    return 0;
}
