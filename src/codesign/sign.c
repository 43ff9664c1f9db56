/*
 * sign.c — ad hoc signing of Mach-O files (src/codesign/).
 *
 * Owns: cs_adhoc_sign (thin 64-bit images and every slice of a universal file) and
 * cs_entitlements_der (the XML entitlements plist in Apple's DER form for slot 7).
 *
 * What a signature written here holds, as `codesign -s -` writes it: a CodeDirectory
 * v0x20400 (SHA-256 by default, CS_ADHOC, page size 4096, code limit = the signature's
 * offset, exec segment = __TEXT, CS_EXECSEG_MAIN_BINARY for executables), an empty
 * requirements set, the entitlements (XML and DER) when given, and an empty CMS wrapper.
 * MO_LC_CODE_SIGNATURE is rewritten in place, or added when the header padding has room for
 * it; __LINKEDIT grows to cover the signature. A linker signature (CS_LINKER_SIGNED) is
 * replaced, and its flag dropped, like any other existing signature: only with force.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <plist/plist.h>

#include "machrun/macho_abi.h"
#include "machrun/codesign.h"
#include "machrun/macho.h"

#define PAGE_LOG2 12
#define PAGE (1u << PAGE_LOG2)

static void put_be32(uint8_t *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }
static void put_be64(uint8_t *p, uint64_t v) { put_be32(p, v >> 32); put_be32(p + 4, (uint32_t)v); }
static void put_le32(uint8_t *p, uint32_t v) { p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24; }
static void put_le64(uint8_t *p, uint64_t v) { put_le32(p, (uint32_t)v); put_le32(p + 4, v >> 32); }
static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

#define FAIL(code, ...) do { snprintf(err, errlen, __VA_ARGS__); rc = (code); goto out; } while (0)

/* ---------------- DER entitlements ---------------- */

struct dbuf { uint8_t *p; size_t len, cap; bool oom; };

static void db_put(struct dbuf *b, const void *d, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n)
            cap *= 2;
        uint8_t *np = realloc(b->p, cap);
        if (!np) { b->oom = true; return; }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, d, n);
    b->len += n;
}

/* tag, DER length, then content */
static void db_tlv(struct dbuf *b, uint8_t tag, const void *content, size_t n)
{
    uint8_t h[6];
    size_t hl = 0;
    h[hl++] = tag;
    if (n < 0x80)
        h[hl++] = (uint8_t)n;
    else {
        int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
        h[hl++] = 0x80 | bytes;
        for (int i = bytes - 1; i >= 0; i--)
            h[hl++] = (uint8_t)(n >> (8 * i));
    }
    db_put(b, h, hl);
    db_put(b, content, n);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int der_value(struct dbuf *b, plist_t node, int depth, char *err, size_t errlen)
{
    if (depth > 32) {
        snprintf(err, errlen, "entitlements nest deeper than 32 levels");
        return -1;
    }
    switch (plist_get_node_type(node)) {
    case PLIST_BOOLEAN: {
        uint8_t v = 0;
        plist_get_bool_val(node, &v);
        uint8_t c = v ? 0xff : 0x00;
        db_tlv(b, 0x01, &c, 1);
        return 0;
    }
    case PLIST_UINT: {
        uint64_t u = 0;
        plist_get_uint_val(node, &u);
        int64_t v = (int64_t)u;   /* libplist 2.2 keeps negative integers as two's complement */
        uint8_t c[9];
        int n = 8;
        for (int i = 0; i < 8; i++)
            c[i] = (uint8_t)((uint64_t)v >> (56 - 8 * i));
        int s = 0;   /* minimal two's complement */
        while (s < 7 && ((c[s] == 0x00 && !(c[s + 1] & 0x80)) || (c[s] == 0xff && (c[s + 1] & 0x80))))
            s++;
        db_tlv(b, 0x02, c + s, n - s);
        return 0;
    }
    case PLIST_STRING: {
        char *s = NULL;
        plist_get_string_val(node, &s);
        db_tlv(b, 0x0c, s ? s : "", s ? strlen(s) : 0);
        free(s);
        return 0;
    }
    case PLIST_ARRAY: {
        struct dbuf inner = { 0 };
        uint32_t n = plist_array_get_size(node);
        for (uint32_t i = 0; i < n; i++)
            if (der_value(&inner, plist_array_get_item(node, i), depth + 1, err, errlen)) {
                free(inner.p);
                return -1;
            }
        db_tlv(b, 0x30, inner.p, inner.len);
        b->oom |= inner.oom;
        free(inner.p);
        return 0;
    }
    case PLIST_DICT: {
        uint32_t n = plist_dict_get_size(node);
        char **keys = calloc(n ? n : 1, sizeof *keys);
        plist_t *vals = calloc(n ? n : 1, sizeof *vals);
        struct dbuf inner = { 0 };
        int rc = 0;
        if (!keys || !vals) {
            b->oom = true;
            goto dict_out;
        }
        plist_dict_iter it = NULL;
        plist_dict_new_iter(node, &it);
        for (uint32_t i = 0; i < n; i++)
            plist_dict_next_item(node, it, &keys[i], &vals[i]);
        free(it);
        qsort(keys, n, sizeof *keys, cmp_str);   /* DER SET OF: ordered by key */
        for (uint32_t i = 0; i < n && !rc; i++) {
            if (!keys[i]) { rc = -1; snprintf(err, errlen, "entitlements: unreadable dictionary"); break; }
            struct dbuf pair = { 0 };
            db_tlv(&pair, 0x0c, keys[i], strlen(keys[i]));
            rc = der_value(&pair, plist_dict_get_item(node, keys[i]), depth + 1, err, errlen);
            if (!rc)
                db_tlv(&inner, 0x30, pair.p, pair.len);
            inner.oom |= pair.oom;
            free(pair.p);
        }
        if (!rc)
            db_tlv(b, 0xb0, inner.p, inner.len);   /* [CONTEXT 16] constructed */
        b->oom |= inner.oom;
    dict_out:
        for (uint32_t i = 0; keys && i < n; i++)
            free(keys[i]);
        free(keys);
        free(vals);
        free(inner.p);
        return rc;
    }
    default:
        snprintf(err, errlen, "entitlements: a value type (data, date or real) that the DER form does not carry");
        return -1;
    }
}

int cs_entitlements_der(const char *xml, size_t len, uint8_t **der, size_t *der_len, char *err, size_t errlen)
{
    *der = NULL;
    *der_len = 0;
    if (len > UINT32_MAX || len < 8 || !memmem(xml, len, "<plist", 6)) {
        snprintf(err, errlen, "entitlements are not an XML property list");
        return -1;
    }
    plist_t root = NULL;
    plist_from_xml(xml, (uint32_t)len, &root);
    if (!root || plist_get_node_type(root) != PLIST_DICT) {
        if (root)
            plist_free(root);
        snprintf(err, errlen, "entitlements are not an XML property list with a dictionary at its top");
        return -1;
    }
    struct dbuf body = { 0 }, top = { 0 };
    static const uint8_t version[] = { 0x02, 0x01, 0x01 };
    db_put(&body, version, sizeof version);
    int rc = der_value(&body, root, 0, err, errlen);
    plist_free(root);
    if (!rc)
        db_tlv(&top, 0x70, body.p, body.len);   /* [APPLICATION 16] constructed */
    free(body.p);
    if (rc || body.oom || top.oom) {
        if (!rc)
            snprintf(err, errlen, "out of memory");
        free(top.p);
        return -1;
    }
    *der = top.p;
    *der_len = top.len;
    return 0;
}

/* ---------------- thin images ---------------- */

struct lc_find { uint64_t sig_off, linkedit_off; uint32_t linkedit_index; };

static int find_cmds(const struct mo_load_command *lc, void *ctx)
{
    struct lc_find *f = ctx;
    if (lc->cmd == MO_LC_CODE_SIGNATURE)
        f->sig_off = lc->offset;
    if (lc->index == f->linkedit_index)
        f->linkedit_off = lc->offset;
    return 0;
}

static int sign_thin(const uint8_t *in, size_t size, const struct cs_sign_options *opt,
                     const uint8_t *ent_der, size_t ent_der_len,
                     uint8_t **outp, size_t *out_size, char *err, size_t errlen)
{
    struct mo_image img;
    struct mo_error e;
    uint8_t *out = NULL;
    int rc = CS_SIGN_OK;
    if (mo_image_parse(in, size, &img, &e) < 0) {
        snprintf(err, errlen, "%s", e.msg);
        return CS_SIGN_EFORMAT;
    }
    const struct mo_segment *le = mo_find_segment(&img, "__LINKEDIT");
    const struct mo_segment *text = mo_find_segment(&img, "__TEXT");
    if (!le)
        FAIL(CS_SIGN_EFORMAT, "no __LINKEDIT segment to hold a signature");
    struct lc_find f = { 0, 0, le->cmd_index };
    mo_for_each_load_command(&img, find_cmds, &f);
    if (!f.linkedit_off)
        FAIL(CS_SIGN_EFORMAT, "cannot find the __LINKEDIT load command");
    uint64_t le_end = le->fileoff + le->filesize;
    uint64_t sig_off;
    bool add_lc = !img.code_signature.present;
    if (!add_lc) {
        if (!opt->force)
            FAIL(CS_SIGN_EALREADY, "is already signed");
        sig_off = img.code_signature.dataoff;
        if (sig_off < le->fileoff || sig_off > size || le_end > (uint64_t)sig_off + img.code_signature.datasize)
            FAIL(CS_SIGN_EFORMAT, "the existing signature is not at the end of __LINKEDIT");
    } else {
        if (le_end != size)
            FAIL(CS_SIGN_EFORMAT, "%llu bytes follow __LINKEDIT: cannot place a signature",
                 (unsigned long long)(size - le_end));
        sig_off = align_up(le_end, 16);
        /* room for a 16-byte load command before the first section's (or segment's) data */
        uint64_t first = size;
        for (uint32_t i = 0; i < img.nsections; i++)
            if (img.sections[i].offset && img.sections[i].size && img.sections[i].offset < first)
                first = img.sections[i].offset;
        for (uint32_t i = 0; i < img.nsegments; i++)
            if (img.segments[i].fileoff && img.segments[i].filesize && img.segments[i].fileoff < first)
                first = img.segments[i].fileoff;
        if (32 + (uint64_t)img.sizeofcmds + 16 > first)
            FAIL(CS_SIGN_ENOROOM, "no room in the header padding for LC_CODE_SIGNATURE (%u bytes of load commands, first data at %llu)",
                 img.sizeofcmds, (unsigned long long)first);
    }

    /* the blobs */
    const char *ident = opt->identifier;
    size_t ident_len = strlen(ident) + 1;
    uint8_t types[2] = { opt->hash_type ? opt->hash_type : CS_HASHTYPE_SHA256, opt->alt_hash_type };
    unsigned ncd = opt->alt_hash_type ? 2 : 1;
    for (unsigned c = 0; c < ncd; c++)
        if (!cs_hash_size(types[c]))
            FAIL(CS_SIGN_EFORMAT, "unknown hash type %u", types[c]);
    uint64_t code_limit = sig_off;
    uint64_t n_code = (code_limit + PAGE - 1) / PAGE;
    uint32_t n_special = ent_der ? CS_SLOT_DER_ENTITLEMENTS : opt->entitlements ? CS_SLOT_ENTITLEMENTS : CS_SLOT_REQUIREMENTS;
    const uint32_t cd_hdr = 88;
    uint64_t cd_len[2] = { 0, 0 };
    for (unsigned c = 0; c < ncd; c++)
        cd_len[c] = cd_hdr + ident_len + (uint64_t)(n_special + n_code) * cs_hash_size(types[c]);
    uint32_t req_len = 12, cms_len = 8;
    uint64_t ent_len = opt->entitlements ? 8 + opt->entitlements_len : 0;
    uint64_t der_len = ent_der ? 8 + ent_der_len : 0;
    uint32_t count = 2 + ncd + (ent_len ? 1 : 0) + (der_len ? 1 : 0);
    uint64_t sb_len = 12 + 8ull * count + cd_len[0] + cd_len[1] + req_len + ent_len + der_len + cms_len;
    uint64_t datasize = align_up(sb_len, 16);
    if (sig_off + datasize > UINT32_MAX)
        FAIL(CS_SIGN_EFORMAT, "image too large for a 32-bit LC_CODE_SIGNATURE");
    size_t new_size = sig_off + datasize;
    out = calloc(1, new_size);
    if (!out)
        FAIL(CS_SIGN_ENOMEM, "out of memory");
    memcpy(out, in, sig_off < size ? sig_off : size);

    /* header: MO_LC_CODE_SIGNATURE and __LINKEDIT */
    if (add_lc) {
        uint8_t *lc = out + 32 + img.sizeofcmds;
        put_le32(lc, MO_LC_CODE_SIGNATURE);
        put_le32(lc + 4, 16);
        put_le32(lc + 8, (uint32_t)sig_off);
        put_le32(lc + 12, (uint32_t)datasize);
        put_le32(out + 16, img.ncmds + 1);
        put_le32(out + 20, img.sizeofcmds + 16);
    } else {
        put_le32(out + f.sig_off + 8, (uint32_t)sig_off);
        put_le32(out + f.sig_off + 12, (uint32_t)datasize);
    }
    uint64_t le_filesize = new_size - le->fileoff;
    uint64_t le_vmsize = align_up(le_filesize, PAGE);
    if (le_vmsize < le->vmsize)
        le_vmsize = le->vmsize;
    for (uint32_t i = 0; i < img.nsegments; i++) {
        const struct mo_segment *s = &img.segments[i];
        if (s != le && s->vmsize && s->vmaddr > le->vmaddr && s->vmaddr < le->vmaddr + le_vmsize)
            FAIL(CS_SIGN_EFORMAT, "segment %s lies right after __LINKEDIT: no room for the signature", s->segname);
    }
    put_le64(out + f.linkedit_off + 32, le_vmsize);
    put_le64(out + f.linkedit_off + 48, le_filesize);

    /* the SuperBlob: index and blobs in slot order 0, 2, 5, 7, 0x1000, 0x10000 */
    uint8_t *sb = out + sig_off;
    put_be32(sb, CS_MAGIC_EMBEDDED_SIGNATURE);
    put_be32(sb + 4, (uint32_t)sb_len);
    put_be32(sb + 8, count);
    uint32_t pos = 12 + 8 * count, idx = 0;
    uint32_t off_cd[2];
    off_cd[0] = pos; pos += (uint32_t)cd_len[0];
    uint32_t off_req = pos; pos += req_len;
    uint32_t off_ent = pos; pos += (uint32_t)ent_len;
    uint32_t off_der = pos; pos += (uint32_t)der_len;
    off_cd[1] = pos; pos += (uint32_t)cd_len[1];
    uint32_t off_cms = pos;
#define INDEX(type, off) do { put_be32(sb + 12 + 8 * idx, type); put_be32(sb + 16 + 8 * idx, off); idx++; } while (0)
    INDEX(CS_SLOT_CODEDIRECTORY, off_cd[0]);
    INDEX(CS_SLOT_REQUIREMENTS, off_req);
    if (ent_len) INDEX(CS_SLOT_ENTITLEMENTS, off_ent);
    if (der_len) INDEX(CS_SLOT_DER_ENTITLEMENTS, off_der);
    if (ncd > 1) INDEX(CS_SLOT_ALTERNATE_CD, off_cd[1]);
    INDEX(CS_SLOT_SIGNATURE, off_cms);
#undef INDEX
    put_be32(sb + off_req, CS_MAGIC_REQUIREMENTS);
    put_be32(sb + off_req + 4, req_len);
    put_be32(sb + off_req + 8, 0);
    if (ent_len) {
        put_be32(sb + off_ent, CS_MAGIC_EMBEDDED_ENTITLEMENTS);
        put_be32(sb + off_ent + 4, (uint32_t)ent_len);
        memcpy(sb + off_ent + 8, opt->entitlements, opt->entitlements_len);
    }
    if (der_len) {
        put_be32(sb + off_der, CS_MAGIC_EMBEDDED_DER_ENTITLEMENTS);
        put_be32(sb + off_der + 4, (uint32_t)der_len);
        memcpy(sb + off_der + 8, ent_der, ent_der_len);
    }
    put_be32(sb + off_cms, CS_MAGIC_BLOBWRAPPER);
    put_be32(sb + off_cms + 4, cms_len);

    /* the CodeDirectories */
    for (unsigned c = 0; c < ncd; c++) {
        uint8_t hash_type = types[c];
        unsigned hs = cs_hash_size(hash_type);
        uint8_t *cd = sb + off_cd[c];
        uint32_t hash_offset = cd_hdr + (uint32_t)ident_len + n_special * hs;
        put_be32(cd, CS_MAGIC_CODEDIRECTORY);
        put_be32(cd + 4, (uint32_t)cd_len[c]);
        put_be32(cd + 8, CS_SUPPORTSEXECSEG);
        put_be32(cd + 12, CS_FLAG_ADHOC);
        put_be32(cd + 16, hash_offset);
        put_be32(cd + 20, cd_hdr);
        put_be32(cd + 24, n_special);
        put_be32(cd + 28, (uint32_t)n_code);
        if (code_limit <= UINT32_MAX)
            put_be32(cd + 32, (uint32_t)code_limit);
        else
            put_be64(cd + 56, code_limit);
        cd[36] = (uint8_t)hs;
        cd[37] = hash_type;
        cd[38] = 0;
        cd[39] = PAGE_LOG2;
        if (text) {
            put_be64(cd + 64, text->fileoff);
            put_be64(cd + 72, text->filesize);
        }
        put_be64(cd + 80, img.filetype == MO_MH_EXECUTE ? CS_EXECSEG_MAIN_BINARY : 0);
        memcpy(cd + cd_hdr, ident, ident_len);
        uint8_t d[CS_HASH_MAX_SIZE];
        for (uint64_t i = 0; i < n_code; i++) {
            uint64_t start = i * PAGE, end = start + PAGE < code_limit ? start + PAGE : code_limit;
            if (!cs_digest(hash_type, out + start, end - start, d))
                FAIL(CS_SIGN_ENOMEM, "hashing failed (libcrypto)");
            memcpy(cd + hash_offset + i * hs, d, hs);
        }
#define SPECIAL(slot, blob, len) do { \
            if (!cs_digest(hash_type, blob, len, d)) FAIL(CS_SIGN_ENOMEM, "hashing failed (libcrypto)"); \
            memcpy(cd + hash_offset - (slot) * hs, d, hs); } while (0)
        SPECIAL(CS_SLOT_REQUIREMENTS, sb + off_req, req_len);
        if (ent_len) SPECIAL(CS_SLOT_ENTITLEMENTS, sb + off_ent, ent_len);
        if (der_len) SPECIAL(CS_SLOT_DER_ENTITLEMENTS, sb + off_der, der_len);
#undef SPECIAL
    }
    *outp = out;
    *out_size = new_size;
    out = NULL;
out:
    free(out);
    mo_image_free(&img);
    return rc;
}

int cs_adhoc_sign(const uint8_t *in, size_t in_size, const struct cs_sign_options *opt,
                  uint8_t **outp, size_t *out_size, char *err, size_t errlen)
{
    int rc = CS_SIGN_OK;
    uint8_t *der = NULL, *out = NULL;
    size_t der_len = 0;
    struct mo_fat fat = { 0 };
    uint8_t **slices = NULL;
    size_t *slice_sizes = NULL;
    *outp = NULL;
    *out_size = 0;
    if (!opt->identifier || !*opt->identifier)
        FAIL(CS_SIGN_EFORMAT, "no identifier");
    if (opt->entitlements && cs_entitlements_der(opt->entitlements, opt->entitlements_len, &der, &der_len, err, errlen))
        return CS_SIGN_EENT;
    if (!mo_is_fat(in, in_size)) {
        rc = sign_thin(in, in_size, opt, der, der_len, outp, out_size, err, errlen);
        goto out;
    }
    struct mo_error e;
    if (mo_fat_parse(in, in_size, &fat, &e) < 0)
        FAIL(CS_SIGN_EFORMAT, "%s", e.msg);
    slices = calloc(fat.nfat_arch ? fat.nfat_arch : 1, sizeof *slices);
    slice_sizes = calloc(fat.nfat_arch ? fat.nfat_arch : 1, sizeof *slice_sizes);
    if (!slices || !slice_sizes)
        FAIL(CS_SIGN_ENOMEM, "out of memory");
    size_t entsz = fat.is64 ? 32 : 20;
    uint64_t pos = 8 + entsz * fat.nfat_arch;
    uint64_t *offs = calloc(fat.nfat_arch ? fat.nfat_arch : 1, sizeof *offs);
    if (!offs)
        FAIL(CS_SIGN_ENOMEM, "out of memory");
    for (uint32_t i = 0; i < fat.nfat_arch; i++) {
        const struct mo_fat_arch *a = &fat.archs[i];
        char e2[200];
        int r = sign_thin(in + a->offset, a->size, opt, der, der_len, &slices[i], &slice_sizes[i], e2, sizeof e2);
        if (r) {
            snprintf(err, errlen, "slice %u (%s): %s", i, mo_arch_name(a->cputype, a->cpusubtype), e2);
            rc = r;
            free(offs);
            goto out;
        }
        if (a->align > 15) {
            snprintf(err, errlen, "slice %u: alignment 2^%u too large", i, a->align);
            rc = CS_SIGN_EFORMAT;
            free(offs);
            goto out;
        }
        offs[i] = align_up(pos, 1ull << a->align);
        pos = offs[i] + slice_sizes[i];
    }
    if (!fat.is64 && pos > UINT32_MAX) {
        free(offs);
        FAIL(CS_SIGN_EFORMAT, "universal file too large for a 32-bit fat header");
    }
    out = calloc(1, pos);
    if (!out) {
        free(offs);
        FAIL(CS_SIGN_ENOMEM, "out of memory");
    }
    put_be32(out, fat.is64 ? MO_FAT_MAGIC_64 : MO_FAT_MAGIC);
    put_be32(out + 4, fat.nfat_arch);
    for (uint32_t i = 0; i < fat.nfat_arch; i++) {
        const struct mo_fat_arch *a = &fat.archs[i];
        uint8_t *h = out + 8 + entsz * i;
        put_be32(h, (uint32_t)a->cputype);
        put_be32(h + 4, (uint32_t)a->cpusubtype);
        if (fat.is64) {
            put_be64(h + 8, offs[i]);
            put_be64(h + 16, slice_sizes[i]);
            put_be32(h + 24, a->align);
            put_be32(h + 28, a->reserved);
        } else {
            put_be32(h + 8, (uint32_t)offs[i]);
            put_be32(h + 12, (uint32_t)slice_sizes[i]);
            put_be32(h + 16, a->align);
        }
        memcpy(out + offs[i], slices[i], slice_sizes[i]);
    }
    free(offs);
    *outp = out;
    *out_size = pos;
    out = NULL;
out:
    if (slices)
        for (uint32_t i = 0; i < fat.nfat_arch; i++)
            free(slices[i]);
    free(slices);
    free(slice_sizes);
    if (fat.archs)
        mo_fat_free(&fat);
    free(out);
    free(der);
    return rc;
}
