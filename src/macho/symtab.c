/* symtab.c — the symbol table (nlist_64), its string table and the indirect symbol table. */
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
