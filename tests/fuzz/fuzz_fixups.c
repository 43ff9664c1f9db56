/* fuzz_fixups.c — libFuzzer target over the two fixup formats alone: the dyld-info opcode
 * streams (rebase, bind, weak bind, lazy bind, single lazy records) and chained fixups (header,
 * imports, starts, the chain walk), fed raw bytes without a Mach-O around them.
 *
 * Input: u32 L, u32 D, then L bytes of linkedit (used as every dyld-info stream and as the
 * LC_DYLD_CHAINED_FIXUPS blob), D bytes of __DATA_CONST, the rest __DATA. The image around
 * them is fixed and consistent (what mo_image_parse would have produced): __PAGEZERO, __TEXT
 * (0x2000 bytes, no file data), then __DATA_CONST, __DATA, __LINKEDIT in 4 KiB pages, two dylibs
 * (the layout of a small program from ld64.lld, so that its fixups are seeds as they are). Every location reported must
 * lie inside its segment (and, for chained fixups, inside its file data), and the loader's
 * batched walks (mo_dyld_info_rebase_batches, mo_chained_fixups_batched) must report exactly
 * what the one-by-one walks report, with the same result: anything else aborts. Built with
 * AddressSanitizer and UBSan. */
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

/* Fixups as (segment, offset, target, kind), to compare the batched walks with the plain ones. */
struct fx { int seg; uint64_t off, target; int kind; };
struct fxlist { struct fx v[4096]; size_t n; bool full; };
static struct fxlist plain_list, batch_list;

static void fx_add(struct fxlist *l, int seg, uint64_t off, uint64_t target, int kind)
{
    if (l->n == sizeof l->v / sizeof l->v[0]) {
        l->full = true;
        return;
    }
    l->v[l->n++] = (struct fx){ seg, off, target, kind };
}

static int fx_cmp(const void *a, const void *b)
{
    const struct fx *x = a, *y = b;
    if (x->seg != y->seg)
        return x->seg < y->seg ? -1 : 1;
    if (x->off != y->off)
        return x->off < y->off ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->target < y->target ? -1 : x->target > y->target;
}

/* The same fixups, in any order (a batch is flushed when it is full or the segment changes). */
static void fx_same(void)
{
    if (plain_list.full || batch_list.full)
        return;
    if (plain_list.n != batch_list.n)
        abort();
    qsort(plain_list.v, plain_list.n, sizeof plain_list.v[0], fx_cmp);
    qsort(batch_list.v, batch_list.n, sizeof batch_list.v[0], fx_cmp);
    for (size_t i = 0; i < plain_list.n; i++)
        if (fx_cmp(&plain_list.v[i], &batch_list.v[i]))
            abort();
}

static int plain_rebase(const struct mo_rebase *r, void *c)
{
    on_rebase(r, c);
    fx_add(&plain_list, r->segment_index, r->segment_offset, r->type, 0);
    return 0;
}

static int batch_rebase(const struct mo_rebase_batch *b, void *c)
{
    (void)c;
    if (b->n == 0 || b->n > MO_REBASE_BATCH)
        abort();
    for (uint32_t i = 0; i < b->n; i++) {
        check_loc(b->segment_index, b->segment_offset[i], cur->segments[b->segment_index].vmaddr + b->segment_offset[i],
                  8, false);
        fx_add(&batch_list, b->segment_index, b->segment_offset[i], b->type, 0);
    }
    return 0;
}

static int plain_chained(const struct mo_chained_fixup *f, void *c)
{
    on_chained(f, c);
    fx_add(&plain_list, f->segment_index, f->segment_offset, f->is_bind ? f->import_index : f->target,
           f->is_bind ? 1 : f->auth ? 2 : 3);
    return 0;
}

static int batch_chained_one(const struct mo_chained_fixup *f, void *c)
{
    on_chained(f, c);
    /* binds, authenticated rebases, and plain rebases of formats the loader takes one by one */
    fx_add(&batch_list, f->segment_index, f->segment_offset, f->is_bind ? f->import_index : f->target,
           f->is_bind ? 1 : f->auth ? 2 : 3);
    return 0;
}

static int batch_chained(const struct mo_chained_rebase_batch *b, void *c)
{
    (void)c;
    if (b->n == 0 || b->n > MO_CHAINED_BATCH)
        abort();
    for (uint32_t i = 0; i < b->n; i++) {
        check_loc(b->segment_index, b->segment_offset[i], cur->segments[b->segment_index].vmaddr + b->segment_offset[i],
                  8, true);
        fx_add(&batch_list, b->segment_index, b->segment_offset[i], b->target[i], 3);
    }
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
    plain_list.n = batch_list.n = 0;
    plain_list.full = batch_list.full = false;
    int r1 = mo_dyld_info_rebases(&img, plain_rebase, NULL, &err);
    int r2 = mo_dyld_info_rebase_batches(&img, batch_rebase, NULL, &err);
    if (r1 != r2)
        abort();
    if (r1 == 0)
        fx_same();
    mo_dyld_info_binds(&img, MO_BIND_REGULAR, on_bind, NULL, &err);
    mo_dyld_info_binds(&img, MO_BIND_WEAK, on_bind, NULL, &err);
    mo_dyld_info_binds(&img, MO_BIND_LAZY, on_bind, NULL, &err);
    for (uint32_t off = 0; off < L && off < 64; off++) {
        struct mo_bind b;
        if (mo_lazy_bind_at(&img, off, &b, &err) == 0)
            on_bind(&b, NULL);
    }
    plain_list.n = batch_list.n = 0;
    plain_list.full = batch_list.full = false;
    r1 = mo_chained_fixups(&img, plain_chained, NULL, &err);
    r2 = mo_chained_fixups_batched(&img, batch_chained, batch_chained_one, NULL, &err);
    if (r1 != r2)
        abort();
    if (r1 == 0)
        fx_same();
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
