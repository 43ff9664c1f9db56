/*
 * dyldinfo.c — the LC_DYLD_INFO opcode streams: rebase, bind, weak bind and lazy bind,
 * decoded into mo_rebase / mo_bind records. Every location is checked to lie inside its
 * segment, and a stream that runs off its end or holds an unknown opcode is an error.
 */
#include "macho_private.h"

struct loc {
    int seg;
    uint64_t off;
};

static int check_loc(const struct mo_image *img, const struct loc *l, const char *what, struct mo_error *err)
{
    if (l->seg < 0 || (uint32_t)l->seg >= img->nsegments)
        return mo_fail(err, MO_EOPCODE, -1, "%s: segment index %d out of range", what, l->seg);
    const struct mo_segment *s = &img->segments[l->seg];
    /* __PAGEZERO (or any segment that can never be accessed) is not there to be written. */
    if (l->seg == img->pagezero_index || (s->maxprot == 0 && s->initprot == 0))
        return mo_fail(err, MO_EOPCODE, -1, "%s: location in segment %s, which has no access", what, s->segname);
    if (l->off > s->vmsize || s->vmsize - l->off < 8)
        return mo_fail(err, MO_EOPCODE, -1, "%s: offset 0x%llx outside segment %s", what, (unsigned long long)l->off,
                       s->segname);
    return 0;
}

/* Whether every location of a run of COUNT pointers, SKIP bytes apart after each, passes
 * check_loc (then the run needs no check per location; otherwise the caller checks each one,
 * to report the first that fails). */
static bool run_fits(const struct mo_image *img, const struct loc *l, uint64_t count, uint64_t skip)
{
    if (l->seg < 0 || (uint32_t)l->seg >= img->nsegments || l->seg == img->pagezero_index)
        return false;
    const struct mo_segment *s = &img->segments[l->seg];
    if ((s->maxprot == 0 && s->initprot == 0) || s->vmsize < 8 || l->off > s->vmsize - 8)
        return false;
    uint64_t room = s->vmsize - 8 - l->off; /* bytes the run may advance past its first location */
    if (count == 1)
        return true;
    if (skip > room || skip + 8 > room)
        return false;
    return count - 1 <= room / (skip + 8);
}

/* A DO_*_TIMES count larger than the pointers the segment can hold repeats locations (with
 * a skip that cancels the advance, forever): a loop, not a fixup table. */
static inline int check_count(const struct mo_image *img, const struct loc *l, uint64_t count, const char *what,
                       struct mo_error *err)
{
    if (count <= 1)
        return 0;
    if (l->seg < 0 || (uint32_t)l->seg >= img->nsegments || count > img->segments[l->seg].vmsize / 8)
        return mo_fail(err, MO_EOPCODE, -1, "%s: repeat count %llu exceeds its segment (a loop?)", what,
                       (unsigned long long)count);
    return 0;
}

/* All the locations one stream may name: twice the pointer slots of the image's segments.
 * Bounds the work of a stream that sets the same locations over and over. */
static uint64_t location_budget(const struct mo_image *img)
{
    uint64_t n = 64;
    for (uint32_t i = 0; i < img->nsegments; i++)
        if ((int)i != img->pagezero_index)
            n += img->segments[i].vmsize / 4;
    return n;
}

/* The segment locations of a rebase stream may name: offsets below the returned bound (0 when
 * the segment index is bad or the segment can never be accessed), the test of check_loc. */
static inline uint64_t seg_bound(const struct mo_image *img, int seg)
{
    if (seg < 0 || (uint32_t)seg >= img->nsegments || seg == img->pagezero_index)
        return 0;
    const struct mo_segment *s = &img->segments[seg];
    if ((s->maxprot == 0 && s->initprot == 0) || s->vmsize < 8)
        return 0;
    return s->vmsize - 7;
}

int mo_dyld_info_rebase_batches(const struct mo_image *img, mo_rebase_batch_cb cb, void *ctx, struct mo_error *err)
{
    if (!img->has_dyld_info || !img->rebase_size)
        return MO_OK;
    /* This loop runs once per rebase at every launch (49,000 times for esbuild, 188,000 for
     * biome), so its state stays in locals, a location inside the current segment is
     * recognised with one comparison (bound, from seg_bound), and locations go out in batches
     * of one segment and type rather than one call each. */
    const uint8_t *p = img->buf + img->rebase_off, *end = p + img->rebase_size;
    int seg = -1;
    uint64_t off = 0, bound = 0;
    uint8_t type = 0;
    uint64_t budget = location_budget(img);
    struct mo_uleb u;
    struct mo_rebase_batch bt;
    bt.n = 0;
    bt.segment_index = -1;
    bt.type = 0;
    int rc = 0;
#define FLUSH()                                                                                   \
    do {                                                                                          \
        if (bt.n && (rc = cb(&bt, ctx)) != 0)                                                     \
            return rc;                                                                            \
        bt.n = 0;                                                                                 \
    } while (0)
#define EMIT(o)                                                                                   \
    do {                                                                                          \
        if (bt.n == MO_REBASE_BATCH)                                                              \
            FLUSH();                                                                              \
        bt.segment_offset[bt.n++] = (o);                                                          \
    } while (0)
    while (p < end) {
        uint8_t b = *p++, op = b & MO_REBASE_OPCODE_MASK, imm = b & MO_REBASE_IMMEDIATE_MASK;
        uint64_t count = 0, skip = 0;
        switch (op) {
        case MO_REBASE_OPCODE_DONE:
            goto done;
        case MO_REBASE_OPCODE_SET_TYPE_IMM:
            if (imm != type) {
                FLUSH();
                type = bt.type = imm;
            }
            continue;
        case MO_REBASE_OPCODE_SET_SEGMENT_AND_OFFSET_ULEB:
            if (imm != seg) {
                FLUSH();
                seg = bt.segment_index = imm;
                bound = seg_bound(img, seg);
            }
            if (!(u = mo_uleb_next(p, end)).p)
                goto trunc;
            p = u.p, off = u.v;
            /* Go's linker writes every pointer as this opcode and DO_REBASE_IMM_TIMES(1): take
             * such pairs in a loop of their own while they stay in this segment. */
            while (p < end && *p == (MO_REBASE_OPCODE_DO_REBASE_IMM_TIMES | 1) && off < bound && budget) {
                budget--;
                EMIT(off);
                off += 8;
                if (++p >= end || *p != b)
                    break;
                if (!(u = mo_uleb_next(p + 1, end)).p)
                    goto trunc;
                p = u.p, off = u.v;
            }
            continue;
        case MO_REBASE_OPCODE_ADD_ADDR_ULEB:
            if (!(u = mo_uleb_next(p, end)).p)
                goto trunc;
            p = u.p, off += u.v;
            continue;
        case MO_REBASE_OPCODE_ADD_ADDR_IMM_SCALED:
            off += (uint64_t)imm * 8;
            continue;
        case MO_REBASE_OPCODE_DO_REBASE_IMM_TIMES:
            count = imm;
            break;
        case MO_REBASE_OPCODE_DO_REBASE_ULEB_TIMES:
            if (!(u = mo_uleb_next(p, end)).p)
                goto trunc;
            p = u.p, count = u.v;
            break;
        case MO_REBASE_OPCODE_DO_REBASE_ADD_ADDR_ULEB:
            count = 1;
            if (!(u = mo_uleb_next(p, end)).p)
                goto trunc;
            p = u.p, skip = u.v;
            break;
        case MO_REBASE_OPCODE_DO_REBASE_ULEB_TIMES_SKIPPING_ULEB:
            if (!(u = mo_uleb_next(p, end)).p)
                goto trunc;
            p = u.p, count = u.v;
            if (!(u = mo_uleb_next(p, end)).p)
                goto trunc;
            p = u.p, skip = u.v;
            break;
        default:
            rc = mo_fail(err, MO_EOPCODE, -1, "rebase opcode 0x%02x unknown", b);
            goto fail;
        }
        if (count == 1 && off < bound && budget) { /* the common case: one pointer, in bounds */
            budget--;
            EMIT(off);
            off += skip + 8;
            continue;
        }
        struct loc l = { seg, off };
        if ((rc = check_count(img, &l, count, "rebase", err)) != 0)
            goto fail;
        if (count > budget) {
            rc = mo_fail(err, MO_EOPCODE, -1, "rebase opcodes name more locations than the image has (a loop?)");
            goto fail;
        }
        budget -= count;
        if (count && run_fits(img, &l, count, skip)) {
            for (uint64_t i = 0; i < count; i++, off += skip + 8)
                EMIT(off);
            continue;
        }
        for (uint64_t i = 0; i < count; i++) {
            if ((rc = check_loc(img, &l, "rebase", err)) != 0)
                goto fail;
            EMIT(l.off);
            l.off += skip + 8;
        }
        off = l.off;
    }
done: /* a stream may also end without DONE */
    FLUSH();
    return MO_OK;
trunc:
    rc = mo_fail(err, MO_EOPCODE, -1, "rebase opcodes run past the end of their data");
fail:
    if (bt.n) {
        int r2 = cb(&bt, ctx);
        if (r2)
            return r2;
    }
    return rc;
#undef EMIT
#undef FLUSH
}

/* The per-pointer form, over the batches. */
struct each_ctx {
    const struct mo_image *img;
    mo_rebase_cb cb;
    void *ctx;
};

static int each_rebase(const struct mo_rebase_batch *b, void *vctx)
{
    const struct each_ctx *e = vctx;
    uint64_t base = e->img->segments[b->segment_index].vmaddr;
    for (uint32_t i = 0; i < b->n; i++) {
        struct mo_rebase r = { base + b->segment_offset[i], b->segment_index, b->segment_offset[i], b->type };
        int rc = e->cb(&r, e->ctx);
        if (rc)
            return rc;
    }
    return 0;
}

int mo_dyld_info_rebases(const struct mo_image *img, mo_rebase_cb cb, void *ctx, struct mo_error *err)
{
    struct each_ctx e = { img, cb, ctx };
    return mo_dyld_info_rebase_batches(img, each_rebase, &e, err);
}

/* Decode a bind stream from p to end. With `lazy_single`, stop after the first bind. */
static int run_binds(const struct mo_image *img, enum mo_bind_kind kind, const uint8_t *start, const uint8_t *p,
                     const uint8_t *end, mo_bind_cb cb, void *ctx, struct mo_error *err, bool lazy_single,
                     struct mo_bind *single_out)
{
    struct loc l = { -1, 0 };
    struct mo_bind b = { .kind = kind, .type = 1 };
    const char *what = kind == MO_BIND_LAZY ? "lazy bind" : kind == MO_BIND_WEAK ? "weak bind" : "bind";
    uint32_t record = (uint32_t)(p - start);
    uint64_t budget = location_budget(img);
    while (p < end) {
        uint8_t byte = *p++, op = byte & MO_BIND_OPCODE_MASK, imm = byte & MO_BIND_IMMEDIATE_MASK;
        uint64_t count = 0, skip = 0, u;
        switch (op) {
        case MO_BIND_OPCODE_DONE: /* ends the stream, or one lazy record */
            if (kind != MO_BIND_LAZY)
                return MO_OK;
            if (lazy_single)
                return mo_fail(err, MO_EOPCODE, -1, "lazy bind record at 0x%x has no bind", record);
            record = (uint32_t)(p - start);
            continue;
        case MO_BIND_OPCODE_SET_DYLIB_ORDINAL_IMM:
            b.ordinal = imm;
            continue;
        case MO_BIND_OPCODE_SET_DYLIB_ORDINAL_ULEB:
            if (!mo_read_uleb(&p, end, &u))
                goto trunc;
            if (u > 0xffff)
                return mo_fail(err, MO_EOPCODE, -1, "%s: library ordinal %llu too large", what, (unsigned long long)u);
            b.ordinal = (int)u;
            continue;
        case MO_BIND_OPCODE_SET_DYLIB_SPECIAL_IMM:
            b.ordinal = imm == 0 ? 0 : (int)(int8_t)(MO_BIND_OPCODE_MASK | imm) /* BIND_SPECIAL_DYLIB_*: the immediate sign-extended */;
            continue;
        case MO_BIND_OPCODE_SET_SYMBOL_TRAILING_FLAGS_IMM: {
            const uint8_t *nul = memchr(p, 0, (size_t)(end - p));
            if (!nul)
                return mo_fail(err, MO_EOPCODE, -1, "%s: symbol name not terminated", what);
            b.name = (const char *)p;
            b.weak_import = (imm & MO_BIND_SYMBOL_FLAGS_WEAK_IMPORT) != 0;
            b.non_weak_definition = (imm & MO_BIND_SYMBOL_FLAGS_NON_WEAK_DEFINITION) != 0;
            p = nul + 1;
            if (kind == MO_BIND_WEAK && b.non_weak_definition) {
                /* A strong definition announced by this image: report it with no location. */
                struct mo_bind s = b;
                s.address = 0;
                s.segment_index = -1;
                int rc = cb ? cb(&s, ctx) : 0;
                if (rc)
                    return rc;
            }
            continue;
        }
        case MO_BIND_OPCODE_SET_TYPE_IMM:
            b.type = imm;
            continue;
        case MO_BIND_OPCODE_SET_ADDEND_SLEB:
            if (!mo_read_sleb(&p, end, &b.addend))
                goto trunc;
            continue;
        case MO_BIND_OPCODE_SET_SEGMENT_AND_OFFSET_ULEB:
            l.seg = imm;
            if (!mo_read_uleb(&p, end, &l.off))
                goto trunc;
            continue;
        case MO_BIND_OPCODE_ADD_ADDR_ULEB:
            if (!mo_read_uleb(&p, end, &u))
                goto trunc;
            l.off += u;
            continue;
        case MO_BIND_OPCODE_DO_BIND:
            count = 1;
            skip = 0;
            break;
        case MO_BIND_OPCODE_DO_BIND_ADD_ADDR_ULEB:
            count = 1;
            if (!mo_read_uleb(&p, end, &skip))
                goto trunc;
            break;
        case MO_BIND_OPCODE_DO_BIND_ADD_ADDR_IMM_SCALED:
            count = 1;
            skip = (uint64_t)imm * 8;
            break;
        case MO_BIND_OPCODE_DO_BIND_ULEB_TIMES_SKIPPING_ULEB:
            if (!mo_read_uleb(&p, end, &count) || !mo_read_uleb(&p, end, &skip))
                goto trunc;
            break;
        default:
            return mo_fail(err, MO_EOPCODE, -1, "%s opcode 0x%02x unknown", what, byte);
        }
        if (!b.name)
            return mo_fail(err, MO_EOPCODE, -1, "%s without a symbol name", what);
        int rc = check_count(img, &l, count, what, err);
        if (rc)
            return rc;
        if (count > budget)
            return mo_fail(err, MO_EOPCODE, -1, "%s opcodes name more locations than the image has (a loop?)", what);
        budget -= count;
        for (uint64_t i = 0; i < count; i++) {
            rc = check_loc(img, &l, what, err);
            if (rc)
                return rc;
            b.segment_index = l.seg;
            b.segment_offset = l.off;
            b.address = img->segments[l.seg].vmaddr + l.off;
            b.lazy_offset = record;
            if (lazy_single) {
                *single_out = b;
                return MO_OK;
            }
            if ((rc = cb(&b, ctx)) != 0)
                return rc;
            l.off += skip + 8;
        }
    }
    if (lazy_single)
        return mo_fail(err, MO_EOPCODE, -1, "lazy bind record at 0x%x runs past the end of the stream", record);
    return MO_OK;
trunc:
    return mo_fail(err, MO_EOPCODE, -1, "%s opcodes run past the end of their data", what);
}

int mo_dyld_info_binds(const struct mo_image *img, enum mo_bind_kind kind, mo_bind_cb cb, void *ctx,
                       struct mo_error *err)
{
    if (!img->has_dyld_info)
        return MO_OK;
    uint32_t off, size;
    switch (kind) {
    case MO_BIND_REGULAR: off = img->bind_off; size = img->bind_size; break;
    case MO_BIND_WEAK: off = img->weak_bind_off; size = img->weak_bind_size; break;
    default: off = img->lazy_bind_off; size = img->lazy_bind_size; break;
    }
    if (!size)
        return MO_OK;
    const uint8_t *s = img->buf + off;
    return run_binds(img, kind, s, s, s + size, cb, ctx, err, false, NULL);
}

int mo_lazy_bind_at(const struct mo_image *img, uint32_t offset, struct mo_bind *out, struct mo_error *err)
{
    if (!img->has_dyld_info || offset >= img->lazy_bind_size)
        return mo_fail(err, MO_ERANGE, -1, "lazy bind offset 0x%x outside the lazy bind stream", offset);
    const uint8_t *s = img->buf + img->lazy_bind_off;
    return run_binds(img, MO_BIND_LAZY, s, s + offset, s + img->lazy_bind_size, NULL, NULL, err, true, out);
}
