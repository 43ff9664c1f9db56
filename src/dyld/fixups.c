/*
 * fixups.c — applying an image's fixups: rebases and binds from dyld-info opcode streams or
 * from chained fixups, weak-definition coalescing across images, and lazy binding on first
 * call through dyld_stub_binder (stub_binder.S calls dyld_lazy_bind here).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dyld_private.h"

/* A callback that fails fills err and returns MO_ECALLBACK, which the walk returns as is. */
struct fix_ctx {
    struct dyld_image *img;
    struct mr_error *err;
};

static const char *short_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Segments without write access are mapped read-only from the start (mo_map_image); the rare
 * fixup that lands in one (a text relocation) makes it writable until the image is protected. */
static int writable(struct dyld_image *img, int seg, struct mr_error *err)
{
    if (seg < 0 || seg >= 64 || !(img->map.read_only >> seg & 1))
        return 0;
    if (mo_unprotect_segment(&img->file, &img->map, seg) == 0)
        return 0;
    mr_errorf(err, MO_EIO, "%s: cannot make segment %s writable for its fixups: %s", img->path,
              img->file.mo.segments[seg].segname, strerror(errno));
    return MO_ECALLBACK;
}
#define WRITABLE(c, seg)                                                    \
    do {                                                                   \
        int rc_ = writable((c)->img, (seg), (c)->err);                     \
        if (rc_)                                                           \
            return rc_;                                                    \
    } while (0)

static void print_bind(struct dyld_image *img, uint64_t addr, int ordinal, const char *name, uintptr_t value)
{
    const char *lib = "";
    if (ordinal > 0 && (uint32_t)ordinal <= img->ndeps && img->deps[ordinal - 1])
        lib = short_name(img->deps[ordinal - 1]->install_name);
    else if (ordinal == MO_ORDINAL_SELF)
        lib = short_name(img->path);
    else
        lib = "<flat>";
    fprintf(stderr, "dyld: bind: %s:0x%llX = %s:%s, *0x%llX = 0x%llX\n", short_name(img->path),
            (unsigned long long)(addr + img->map.slide), lib, name, (unsigned long long)(addr + img->map.slide),
            (unsigned long long)value);
}

static int on_rebase(const struct mo_rebase *r, void *vctx)
{
    struct fix_ctx *c = vctx;
    WRITABLE(c, r->segment_index);
    uintptr_t loc = (uintptr_t)r->address + c->img->map.slide;
    if (r->type == 2) { /* REBASE_TYPE_TEXT_ABSOLUTE32 */
        *(uint32_t *)loc += (uint32_t)c->img->map.slide;
    } else {
        *(uint64_t *)loc += c->img->map.slide;
    }
    return 0;
}

static int on_rebase_batch(const struct mo_rebase_batch *b, void *vctx)
{
    struct fix_ctx *c = vctx;
    WRITABLE(c, b->segment_index);
    uintptr_t slide = c->img->map.slide;
    uintptr_t base = (uintptr_t)c->img->file.mo.segments[b->segment_index].vmaddr + slide;
    if (b->type == 2) { /* REBASE_TYPE_TEXT_ABSOLUTE32 */
        for (uint32_t i = 0; i < b->n; i++)
            *(uint32_t *)(base + b->segment_offset[i]) += (uint32_t)slide;
    } else {
        for (uint32_t i = 0; i < b->n; i++)
            *(uint64_t *)(base + b->segment_offset[i]) += slide;
    }
    return 0;
}

static int on_bind(const struct mo_bind *b, void *vctx)
{
    struct fix_ctx *c = vctx;
    uintptr_t target;
    if (!dyld_resolve(c->img, b->ordinal, b->name, b->weak_import, &target, c->err))
        return MO_ECALLBACK;
    uintptr_t value = target ? target + (uintptr_t)b->addend : 0;
    if (b->type != 1) {
        mr_errorf(c->err, MO_EOPCODE, "%s: bind of %s has unsupported type %u", c->img->path, b->name, b->type);
        return MO_ECALLBACK;
    }
    WRITABLE(c, b->segment_index);
    *(uint64_t *)((uintptr_t)b->address + c->img->map.slide) = value;
    if (dyld_env.print_bindings)
        print_bind(c->img, b->address, b->ordinal, b->name, value);
    return 0;
}

static int on_chained(const struct mo_chained_fixup *f, void *vctx)
{
    struct fix_ctx *c = vctx;
    WRITABLE(c, f->segment_index);
    uintptr_t loc = (uintptr_t)f->address + c->img->map.slide;
    if (!f->is_bind) {
        *(uint64_t *)loc = f->target + c->img->map.slide;
        return 0;
    }
    uintptr_t target;
    if (!dyld_resolve(c->img, f->ordinal, f->name, f->weak_import, &target, c->err))
        return MO_ECALLBACK;
    uintptr_t value = target ? target + (uintptr_t)f->addend : 0;
    *(uint64_t *)loc = value;
    if (dyld_env.print_bindings)
        print_bind(c->img, f->address, f->ordinal, f->name, value);
    return 0;
}

static int on_chained_rebases(const struct mo_chained_rebase_batch *b, void *vctx)
{
    struct fix_ctx *c = vctx;
    WRITABLE(c, b->segment_index);
    uintptr_t slide = c->img->map.slide;
    uintptr_t base = (uintptr_t)c->img->file.mo.segments[b->segment_index].vmaddr + slide;
    for (uint32_t i = 0; i < b->n; i++)
        *(uint64_t *)(base + b->segment_offset[i]) = b->target[i] + slide;
    return 0;
}

/* A walk failed: a callback's error is already in c->err, the walk's own is in perr. */
static int report(struct fix_ctx *c, int rc, const struct mo_error *perr)
{
    if (rc == MO_ECALLBACK)
        return c->err->code;
    return mr_errorf(c->err, rc, "%s: malformed fixups: %s", c->img->path, perr->msg);
}

int dyld_apply_fixups(struct dyld_image *img, struct mr_error *out)
{
    if (img->builtin)
        return 0;
    struct fix_ctx c = { img, out };
    struct mo_error err = { 0 };
    const struct mo_image *mo = &img->file.mo;
    int rc;
    if (mo->chained_fixups.present) {
        if ((rc = mo_chained_fixups_batched(mo, on_chained_rebases, on_chained, &c, &err)) < 0)
            return report(&c, rc, &err);
    }
    if (!mo->has_dyld_info && !mo->chained_fixups.present) {
        /* Classic binding through the indirect symbol table (Go's internal linker). */
        if ((rc = mo_classic_binds(mo, on_bind, img->map.slide ? on_rebase : NULL, &c, &err)) < 0)
            return report(&c, rc, &err);
    }
    if (mo->has_dyld_info) {
        if (img->map.slide && (rc = mo_dyld_info_rebase_batches(mo, on_rebase_batch, &c, &err)) < 0)
            return report(&c, rc, &err);
        if ((rc = mo_dyld_info_binds(mo, MO_BIND_REGULAR, on_bind, &c, &err)) < 0)
            return report(&c, rc, &err);
    }
    return 0;
}

/* Weak-definition coalescing: for each symbol named in an image's weak-bind stream, the first
 * definition in load order (a non-weak one if any) wins, and every weak-bind location of every
 * image points to it. */
struct weak_ctx {
    struct dyld_image *img;
    struct mr_error *err;
};

static int on_weak(const struct mo_bind *b, void *vctx)
{
    struct weak_ctx *c = vctx;
    if (b->non_weak_definition || !b->name)
        return 0; /* "this image has a strong definition": nothing to write */
    struct dyld_symbol s, best = { 0 };
    for (struct dyld_image *i = dyld_images; i; i = i->next) {
        if (!dyld_lookup_in_image(i, b->name, &s, 0))
            continue;
        if (!best.found || (best.weak_def && !s.weak_def))
            best = s;
        if (!best.weak_def)
            break;
    }
    if (!best.found)
        return 0; /* keep the image's own */
    WRITABLE(c, b->segment_index);
    *(uint64_t *)((uintptr_t)b->address + c->img->map.slide) = best.addr + (uintptr_t)b->addend;
    return 0;
}

int dyld_coalesce_weak(struct mr_error *err)
{
    for (struct dyld_image *i = dyld_images; i; i = i->next) {
        if (i->builtin || i->fixed || !i->file.mo.has_dyld_info || !i->file.mo.weak_bind_size)
            continue;
        struct weak_ctx c = { i, err };
        struct mo_error perr = { 0 };
        int rc = mo_dyld_info_binds(&i->file.mo, MO_BIND_WEAK, on_weak, &c, &perr);
        if (rc == MO_ECALLBACK)
            return err->code;
        if (rc < 0)
            return mr_errorf(err, rc, "%s: malformed weak bindings: %s", i->path, perr.msg);
    }
    return 0;
}

/* Called by dyld_stub_binder with the address the stub helper pushed (the image's
 * __dyld_private) and the offset of the lazy-bind record. Returns the target. */
uintptr_t dyld_lazy_bind(uintptr_t private_addr, uintptr_t offset)
{
    struct dyld_image *img = NULL;
    for (struct dyld_image *i = dyld_images; i; i = i->next)
        if (!i->builtin && private_addr >= i->map.start && private_addr < i->map.end) {
            img = i;
            break;
        }
    if (!img) {
        fprintf(stderr, "machrun: dyld_stub_binder called from an unknown image (0x%lx)\n",
                (unsigned long)private_addr);
        abort();
    }
    struct mo_bind b;
    struct mo_error err = { 0 };
    if (mo_lazy_bind_at(&img->file.mo, (uint32_t)offset, &b, &err) < 0) {
        fprintf(stderr, "machrun: %s: bad lazy binding at offset 0x%lx: %s\n", img->path, (unsigned long)offset,
                err.msg);
        abort();
    }
    uintptr_t target;
    struct mr_error rerr;
    if (!dyld_resolve(img, b.ordinal, b.name, b.weak_import, &target, &rerr)) {
        fprintf(stderr, "machrun: dyld: lazy symbol binding failed: %s\n", rerr.msg);
        abort();
    }
    uintptr_t value = target ? target + (uintptr_t)b.addend : 0;
    *(uint64_t *)((uintptr_t)b.address + img->map.slide) = value;
    if (dyld_env.print_bindings)
        print_bind(img, b.address, b.ordinal, b.name, value);
    return value;
}
