/* symtab.c — the symbol table (nlist_64), its string table and the indirect symbol table. */
#include "machrun/macho_abi.h"
#include "macho_private.h"

int mo_symbol_at(const struct mo_image *img, uint32_t index, struct mo_symbol *out, struct mo_error *err)
{
    if (!img->has_symtab || index >= img->nsyms)
        return mo_fail(err, MO_ERANGE, -1, "symbol index %u outside the symbol table", index);
    const uint8_t *p = img->buf + img->symoff + (size_t)index * 16;
    uint32_t strx = rd32le(p);
    out->type = p[4];
    out->sect = p[5];
    out->desc = rd16le(p + 6);
    out->value = rd64le(p + 8);
    if (strx == 0) {
        out->name = "";
        return MO_OK;
    }
    if (strx >= img->strsize)
        return mo_fail(err, MO_ERANGE, -1, "symbol %u: name offset %u outside the string table", index, strx);
    const uint8_t *s = img->buf + img->stroff + strx;
    if (!memchr(s, 0, img->strsize - strx))
        return mo_fail(err, MO_ERANGE, -1, "symbol %u: name not terminated inside the string table", index);
    out->name = (const char *)s;
    return MO_OK;
}

int mo_indirect_symbol(const struct mo_image *img, uint32_t i, uint32_t *out, struct mo_error *err)
{
    if (!img->has_dysymtab || i >= img->nindirectsyms)
        return mo_fail(err, MO_ERANGE, -1, "indirect symbol %u outside the table", i);
    *out = rd32le(img->buf + img->indirectsymoff + (size_t)i * 4);
    return MO_OK;
}


int mo_classic_binds(const struct mo_image *img, mo_bind_cb cb, mo_rebase_cb rcb, void *ctx, struct mo_error *err)
{
    if (img->has_dyld_info || img->chained_fixups.present || !img->has_dysymtab)
        return MO_OK;
    for (uint32_t s = 0; s < img->nsections; s++) {
        const struct mo_section *sec = &img->sections[s];
        uint32_t type = sec->flags & 0xff;
        if (type != MO_S_NON_LAZY_SYMBOL_POINTERS && type != MO_S_LAZY_SYMBOL_POINTERS)
            continue;
        uint64_t n = sec->size / 8;
        if ((uint64_t)sec->reserved1 + n > img->nindirectsyms)
            return mo_fail(err, MO_ERANGE, -1, "section %s: indirect symbols %u+%llu beyond the table (%u)",
                           sec->sectname, sec->reserved1, (unsigned long long)n, img->nindirectsyms);
        const struct mo_segment *seg = &img->segments[sec->segment_index];
        for (uint64_t i = 0; i < n; i++) {
            uint32_t idx;
            int rc = mo_indirect_symbol(img, sec->reserved1 + (uint32_t)i, &idx, err);
            if (rc)
                return rc;
            uint64_t addr = sec->addr + 8 * i;
            if (idx & MO_INDIRECT_SYMBOL_LOCAL) {
                if (!(idx & MO_INDIRECT_SYMBOL_ABS) && rcb) {
                    struct mo_rebase r = { addr, (int)sec->segment_index, addr - seg->vmaddr, 1 };
                    if ((rc = rcb(&r, ctx)) != 0)
                        return rc;
                }
                continue;
            }
            if (idx & MO_INDIRECT_SYMBOL_ABS)
                continue;
            struct mo_symbol sym;
            if ((rc = mo_symbol_at(img, idx, &sym, err)) != 0)
                return rc;
            if ((sym.type & MO_N_TYPE) != MO_N_UNDF)
                continue; /* defined here: the linker already wrote the address */
            uint8_t ord = (uint8_t)(sym.desc >> 8);
            struct mo_bind b = {
                .kind = MO_BIND_REGULAR,
                .address = addr,
                .segment_index = (int)sec->segment_index,
                .segment_offset = addr - seg->vmaddr,
                /* A flat-namespace image (no MH_TWOLEVEL, as Go writes them) looks every symbol up
                 * in all images; two-level ordinals apply otherwise. */
                .ordinal = !(img->flags & MO_MH_TWOLEVEL) ? MO_ORDINAL_FLAT_LOOKUP
                           : ord == 0xfe ? MO_ORDINAL_FLAT_LOOKUP : ord == 0xff ? MO_ORDINAL_MAIN_EXECUTABLE : ord,
                .name = sym.name,
                .type = 1,
                .weak_import = (sym.desc & MO_N_WEAK_REF) != 0,
            };
            if ((rc = cb(&b, ctx)) != 0)
                return rc;
        }
    }
    return MO_OK;
}
