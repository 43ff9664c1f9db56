/*
 * chained.c — LC_DYLD_CHAINED_FIXUPS: the header, the per-segment chain starts, the imports
 * table (DYLD_CHAINED_IMPORT, _ADDEND, _ADDEND64) and the walk along each page's chain of
 * pointers in the file data, for the pointer formats of x86_64 (PTR_64, PTR_64_OFFSET,
 * PTR_32) and arm64e (ARM64E, ARM64E_USERLAND, ARM64E_USERLAND24 with authentication).
 * Compressed symbol names (symbols_format 1, zlib) are refused with a clear error.
 */
#include <stdlib.h>

#include "macho_private.h"

enum {
    PTR_ARM64E = 1, PTR_64 = 2, PTR_32 = 3, PTR_32_CACHE = 4, PTR_32_FIRMWARE = 5, PTR_64_OFFSET = 6,
    PTR_ARM64E_KERNEL = 7, PTR_64_KERNEL_CACHE = 8, PTR_ARM64E_USERLAND = 9, PTR_ARM64E_FIRMWARE = 10,
    PTR_X86_64_KERNEL_CACHE = 11, PTR_ARM64E_USERLAND24 = 12,
};

struct fixups {
    const uint8_t *data;
    uint32_t size;
    uint32_t starts_offset, imports_offset, symbols_offset, imports_count, imports_format, symbols_format;
};

static int read_header(const struct mo_image *img, struct fixups *f, struct mo_error *err)
{
    f->data = img->buf + img->chained_fixups.dataoff;
    f->size = img->chained_fixups.datasize;
    if (f->size < 28)
        return mo_fail(err, MO_ETRUNC, -1, "chained fixups header truncated");
    uint32_t version = rd32le(f->data);
    f->starts_offset = rd32le(f->data + 4);
    f->imports_offset = rd32le(f->data + 8);
    f->symbols_offset = rd32le(f->data + 12);
    f->imports_count = rd32le(f->data + 16);
    f->imports_format = rd32le(f->data + 20);
    f->symbols_format = rd32le(f->data + 24);
    if (version != 0)
        return mo_fail(err, MO_EOPCODE, -1, "chained fixups version %u unknown", version);
    if (f->imports_format < 1 || f->imports_format > 3)
        return mo_fail(err, MO_EOPCODE, -1, "chained imports format %u unknown", f->imports_format);
    uint32_t isz = f->imports_format == 1 ? 4 : f->imports_format == 2 ? 8 : 16;
    if (!in_range(f->imports_offset, (uint64_t)f->imports_count * isz, f->size))
        return mo_fail(err, MO_ERANGE, -1, "chained imports table extends past the fixups data");
    if (f->symbols_offset > f->size || f->starts_offset > f->size)
        return mo_fail(err, MO_ERANGE, -1, "chained fixups offsets outside the fixups data");
    if (f->symbols_format != 0)
        return mo_fail(err, MO_EOPCODE, -1, "chained fixups with compressed symbol names (format %u) are not supported",
                       f->symbols_format);
    return 0;
}

static int read_import(const struct fixups *f, uint32_t i, struct mo_chained_import *out, struct mo_error *err)
{
    uint32_t name_off;
    const uint8_t *p;
    switch (f->imports_format) {
    case 1:
    case 2: {
        p = f->data + f->imports_offset + (size_t)i * (f->imports_format == 1 ? 4 : 8);
        uint32_t v = rd32le(p);
        uint8_t ord = v & 0xff;
        out->ordinal = ord > 0xf0 ? (int)(int8_t)ord : ord;
        out->weak_import = (v >> 8) & 1;
        name_off = v >> 9;
        out->addend = f->imports_format == 2 ? (int32_t)rd32le(p + 4) : 0;
        break;
    }
    default: {
        p = f->data + f->imports_offset + (size_t)i * 16;
        uint64_t v = rd64le(p);
        uint16_t ord = v & 0xffff;
        out->ordinal = ord > 0xfff0 ? (int)(int16_t)ord : ord;
        out->weak_import = (v >> 16) & 1;
        name_off = (uint32_t)(v >> 32);
        out->addend = (int64_t)rd64le(p + 8);
        break;
    }
    }
    uint64_t at = (uint64_t)f->symbols_offset + name_off;
    if (at >= f->size || !memchr(f->data + at, 0, f->size - at))
        return mo_fail(err, MO_ERANGE, -1, "chained import %u: name outside the symbol strings", i);
    out->name = (const char *)f->data + at;
    return 0;
}

int mo_chained_imports(const struct mo_image *img, struct mo_chained_import **out, uint32_t *count,
                       uint32_t *imports_format, struct mo_error *err)
{
    *out = NULL;
    *count = 0;
    if (!img->chained_fixups.present)
        return MO_OK;
    struct fixups f;
    int rc = read_header(img, &f, err);
    if (rc)
        return rc;
    struct mo_chained_import *v = calloc(f.imports_count ? f.imports_count : 1, sizeof *v);
    if (!v)
        return mo_fail(err, MO_ENOMEM, -1, "out of memory");
    for (uint32_t i = 0; i < f.imports_count; i++)
        if ((rc = read_import(&f, i, &v[i], err)) != 0) {
            free(v);
            return rc;
        }
    *out = v;
    *count = f.imports_count;
    if (imports_format)
        *imports_format = f.imports_format;
    return MO_OK;
}

static int stride_of(uint16_t fmt)
{
    switch (fmt) {
    case PTR_ARM64E: case PTR_ARM64E_USERLAND: case PTR_ARM64E_USERLAND24: case PTR_ARM64E_FIRMWARE:
        return 8;
    case PTR_ARM64E_KERNEL: case PTR_64: case PTR_64_OFFSET: case PTR_32: case PTR_32_CACHE:
    case PTR_64_KERNEL_CACHE: case PTR_X86_64_KERNEL_CACHE:
        return 4;
    case PTR_32_FIRMWARE:
        return 4;
    default:
        return 0;
    }
}

/* Add one rebase to the batch, handing the batch to rcb first when it is full or holds
 * another segment's. */
static inline int batch_push(struct mo_chained_rebase_batch *bt, int seg, uint64_t seg_off, uint64_t target,
                             mo_chained_rebase_batch_cb rcb, void *ctx)
{
    if (bt->n == MO_CHAINED_BATCH || (bt->n && bt->segment_index != seg)) {
        int rc = rcb(bt, ctx);
        if (rc)
            return rc;
        bt->n = 0;
    }
    bt->segment_index = seg;
    bt->segment_offset[bt->n] = seg_off;
    bt->target[bt->n++] = target;
    return 0;
}

/* The chains of every page. With rcb, plain rebases are batched (see the header); this runs
 * once per fixup at launch, so the page's bounds are checked once per page where the whole
 * page lies in the segment's file data, and a batched rebase builds no mo_chained_fixup. */
static int walk(const struct mo_image *img, mo_chained_rebase_batch_cb rcb, mo_chained_cb cb, void *ctx,
                struct mo_chained_rebase_batch *bt, struct mo_error *err)
{
    if (!img->chained_fixups.present)
        return MO_OK;
    struct fixups f;
    int rc = read_header(img, &f, err);
    if (rc)
        return rc;
    if (!in_range(f.starts_offset, 4, f.size))
        return mo_fail(err, MO_ERANGE, -1, "chained starts outside the fixups data");
    const uint8_t *starts = f.data + f.starts_offset;
    uint32_t seg_count = rd32le(starts);
    if (!in_range(f.starts_offset + 4, (uint64_t)seg_count * 4, f.size))
        return mo_fail(err, MO_ERANGE, -1, "chained starts table extends past the fixups data");
    if (seg_count > img->nsegments)
        return mo_fail(err, MO_EOPCODE, -1, "chained starts name %u segments but the image has %u", seg_count,
                       img->nsegments);
    for (uint32_t si = 0; si < seg_count; si++) {
        uint32_t info = rd32le(starts + 4 + 4 * si);
        if (!info)
            continue;
        uint64_t at = (uint64_t)f.starts_offset + info;
        if (!in_range(at, 22, f.size))
            return mo_fail(err, MO_ERANGE, -1, "chained starts of segment %u outside the fixups data", si);
        const uint8_t *s = f.data + at;
        uint32_t ssize = rd32le(s);
        uint16_t page_size = rd16le(s + 4), fmt = rd16le(s + 6);
        uint64_t seg_offset = rd64le(s + 8);
        uint16_t page_count = rd16le(s + 20);
        if (!in_range(at + 22, (uint64_t)page_count * 2, f.size) || ssize < 22u + 2u * page_count)
            return mo_fail(err, MO_ERANGE, -1, "chained starts of segment %u: page table truncated", si);
        int stride = stride_of(fmt);
        if (!stride)
            return mo_fail(err, MO_EOPCODE, -1, "chained pointer format %u unknown", fmt);
        if (page_size == 0)
            return mo_fail(err, MO_EOPCODE, -1, "chained starts of segment %u: page size 0", si);
        const struct mo_segment *seg = &img->segments[si];
        for (uint32_t pi = 0; pi < page_count; pi++) {
            uint16_t start = rd16le(s + 22 + 2 * pi);
            if (start == 0xffff)
                continue;
            if (start & 0x8000)
                return mo_fail(err, MO_EOPCODE, -1, "chained starts: multi-start pages (32-bit arm) not supported");
            uint64_t page_off = (uint64_t)pi * page_size; /* within the segment */
            uint64_t off = start;
            /* Is the whole page inside the segment's file data and the file? Then a fixup needs
             * only the test that it lies inside its page. */
            uint64_t page_vm = img->base_vmaddr + seg_offset + page_off;
            bool page_ok = page_vm >= seg->vmaddr && page_vm >= img->base_vmaddr &&
                           page_vm - seg->vmaddr <= seg->filesize && page_size <= seg->filesize - (page_vm - seg->vmaddr) &&
                           in_range(seg->fileoff + (page_vm - seg->vmaddr), page_size, img->size);
            for (;;) {
                if (off + (stride == 4 && fmt == PTR_32 ? 4 : 8) > page_size)
                    return mo_fail(err, MO_EOPCODE, -1, "chained fixup runs past its page in segment %s", seg->segname);
                uint64_t vmaddr = page_vm + off;
                if (!page_ok) {
                    if (vmaddr < seg->vmaddr || vmaddr - seg->vmaddr + 8 > seg->filesize)
                        return mo_fail(err, MO_ERANGE, -1, "chained fixup at 0x%llx outside the file data of %s",
                                       (unsigned long long)vmaddr, seg->segname);
                    if (!in_range(seg->fileoff + (vmaddr - seg->vmaddr), 8, img->size))
                        return mo_fail(err, MO_ERANGE, -1, "chained fixup outside the file");
                }
                uint64_t foff = seg->fileoff + (vmaddr - seg->vmaddr);
                uint64_t v = rd64le(img->buf + foff);
                /* a plain rebase (no auth, no bind) goes to the batch: the arm64e formats but
                 * PTR_ARM64E (whose targets are vm addresses), and the 64-bit ones */
                bool plain = false;
                uint64_t target = 0, nx = 0;
                if (rcb && stride == 8 && !(v >> 62) && fmt != PTR_ARM64E) {
                    target = (img->base_vmaddr + (v & 0x7ffffffffffull)) | (((v >> 43) & 0xff) << 56);
                    nx = (v >> 51) & 0x7ff;
                    plain = true;
                } else if (rcb && stride == 4 && !(v >> 63) && fmt != PTR_32 && fmt != PTR_32_CACHE &&
                           fmt != PTR_32_FIRMWARE) {
                    uint64_t t = v & 0xfffffffffull;
                    if (fmt == PTR_64_OFFSET || fmt == PTR_64_KERNEL_CACHE || fmt == PTR_X86_64_KERNEL_CACHE ||
                        fmt == PTR_ARM64E_KERNEL)
                        t += img->base_vmaddr;
                    target = t | (((v >> 36) & 0xff) << 56);
                    nx = (v >> 51) & 0xfff;
                    plain = true;
                }
                if (plain) {
                    if ((rc = batch_push(bt, (int)si, vmaddr - seg->vmaddr, target, rcb, ctx)) != 0)
                        return rc;
                    if (nx == 0)
                        break;
                    off += nx * (uint64_t)stride;
                    continue;
                }
                struct mo_chained_fixup x = { .address = vmaddr, .segment_index = (int)si,
                                              .segment_offset = vmaddr - seg->vmaddr, .pointer_format = fmt };
                uint64_t next;
                bool bind;
                if (stride == 8) {
                    bool auth = v >> 63;
                    bind = (v >> 62) & 1;
                    next = (v >> 51) & 0x7ff;
                    x.auth = auth;
                    if (auth) {
                        x.diversity = (v >> 32) & 0xffff;
                        x.addr_div = (v >> 48) & 1;
                        x.key = (v >> 49) & 3;
                    }
                    if (bind) {
                        x.import_index = fmt == PTR_ARM64E_USERLAND24 ? (uint32_t)(v & 0xffffff) : (uint32_t)(v & 0xffff);
                        if (!auth) {
                            int64_t add = (int64_t)((v >> 32) & 0x7ffff);
                            if (add & 0x40000)
                                add |= ~(int64_t)0x7ffff;
                            x.addend = add;
                        }
                    } else if (auth) {
                        x.target = img->base_vmaddr + (v & 0xffffffff);
                    } else {
                        uint64_t t = v & 0x7ffffffffffull, high8 = (v >> 43) & 0xff;
                        x.target = (fmt == PTR_ARM64E ? t : img->base_vmaddr + t) | (high8 << 56);
                    }
                } else if (fmt == PTR_32 || fmt == PTR_32_CACHE || fmt == PTR_32_FIRMWARE) {
                    return mo_fail(err, MO_EOPCODE, -1, "32-bit chained pointer format %u in a 64-bit image", fmt);
                } else {
                    bind = v >> 63;
                    next = (v >> 51) & 0xfff;
                    if (bind) {
                        /* dyld_chained_ptr_64_bind: ordinal:24, addend:8, reserved:19, next:12, bind:1 */
                        x.import_index = (uint32_t)(v & 0xffffff);
                        x.addend = (int64_t)((v >> 24) & 0xff);
                    } else {
                        uint64_t t = v & 0xfffffffffull, high8 = (v >> 36) & 0xff;
                        if (fmt == PTR_64_OFFSET || fmt == PTR_64_KERNEL_CACHE || fmt == PTR_X86_64_KERNEL_CACHE ||
                            fmt == PTR_ARM64E_KERNEL)
                            t += img->base_vmaddr;
                        x.target = t | (high8 << 56);
                    }
                }
                x.is_bind = bind;
                if (bind) {
                    if (x.import_index >= f.imports_count)
                        return mo_fail(err, MO_EOPCODE, -1, "chained bind uses import %u of %u", x.import_index,
                                       f.imports_count);
                    struct mo_chained_import imp = { 0, NULL, 0, false };
                    if ((rc = read_import(&f, x.import_index, &imp, err)) != 0)
                        return rc;
                    x.ordinal = imp.ordinal;
                    x.name = imp.name;
                    x.addend += imp.addend;
                    x.weak_import = imp.weak_import;
                }
                if ((rc = cb(&x, ctx)) != 0)
                    return rc;
                if (next == 0)
                    break;
                off += next * (uint64_t)stride;
            }
        }
    }
    return MO_OK;
}

static int flush_tail(mo_chained_rebase_batch_cb rcb, void *ctx, struct mo_chained_rebase_batch *bt, int rc)
{
    if (rcb && bt->n) {
        int r2 = rcb(bt, ctx);
        bt->n = 0;
        if (r2)
            return r2;
    }
    return rc;
}

int mo_chained_fixups(const struct mo_image *img, mo_chained_cb cb, void *ctx, struct mo_error *err)
{
    return walk(img, NULL, cb, ctx, NULL, err);
}

int mo_chained_fixups_batched(const struct mo_image *img, mo_chained_rebase_batch_cb rcb, mo_chained_cb cb,
                              void *ctx, struct mo_error *err)
{
    struct mo_chained_rebase_batch *bt = malloc(sizeof *bt);
    if (!bt)
        return mo_fail(err, MO_ENOMEM, -1, "out of memory for chained fixups");
    bt->n = 0;
    bt->segment_index = -1;
    int rc = flush_tail(rcb, ctx, bt, walk(img, rcb, cb, ctx, bt, err));
    free(bt);
    return rc;
}
