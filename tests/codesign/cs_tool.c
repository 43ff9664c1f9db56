/*
 * cs_tool.c — test helper for src/codesign/ (tests/codesign.cmake).
 *
 *   cs_tool pages FILE              the slot-0 CodeDirectory's page hashes, one per line
 *   cs_tool corrupt FILE OUT KIND   write a copy of a signed thin FILE with a malformed signature
 *   cs_tool unit                    in-memory checks: CodeDirectory versions, hash types,
 *                                   DER entitlements, malformed blobs, random mutations
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/codesign.h"
#include "machrun/macho.h"

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(n ? n : 1);
    if (!b || fread(b, 1, n, f) != (size_t)n) { perror(path); exit(2); }
    fclose(f);
    *len = n;
    return b;
}

static void put_be32(uint8_t *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }
static void put_be64(uint8_t *p, uint64_t v) { put_be32(p, v >> 32); put_be32(p + 4, (uint32_t)v); }
static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

static int failures;
#define CHECK(cond, ...) do { if (!(cond)) { failures++; fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
    fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

static void sig_of(const uint8_t *buf, size_t len, uint64_t *off, uint64_t *size, uint64_t *lc_off)
{
    struct mo_image img;
    struct mo_error e;
    if (mo_image_parse(buf, len, &img, &e) < 0 || !img.code_signature.present) {
        fprintf(stderr, "not a signed thin Mach-O\n");
        exit(2);
    }
    *off = img.code_signature.dataoff;
    *size = img.code_signature.datasize;
    *lc_off = 0;
    for (uint32_t p = 32, i = 0; i < img.ncmds; i++) {
        uint32_t cmd = buf[p] | buf[p + 1] << 8, cs = buf[p + 4] | buf[p + 5] << 8 | buf[p + 6] << 16;
        if (cmd == 0x1d)
            *lc_off = p;
        p += cs;
    }
    mo_image_free(&img);
}

static int cmd_pages(const char *path)
{
    size_t len;
    uint8_t *b = slurp(path, &len);
    uint64_t off, size, lc;
    sig_of(b, len, &off, &size, &lc);
    struct cs_signature sig;
    char err[200];
    if (cs_parse(b + off, size, &sig, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", path, err);
        return 1;
    }
    const struct cs_code_directory *cd = &sig.cds[0];
    for (uint32_t i = 0; i < cd->n_code_slots; i++) {
        for (unsigned j = 0; j < cd->hash_size; j++)
            printf("%02x", cd->blob[cd->hash_offset + i * cd->hash_size + j]);
        printf("\n");
    }
    free(b);
    return 0;
}

static int cmd_corrupt(const char *path, const char *outp, const char *kind)
{
    size_t len;
    uint8_t *b = slurp(path, &len);
    uint64_t off, size, lc;
    sig_of(b, len, &off, &size, &lc);
    uint8_t *sb = b + off;
    uint32_t cd = be32(sb + 16);   /* first index entry's offset: the CodeDirectory */
    if (!strcmp(kind, "truncated")) {          /* LC_CODE_SIGNATURE shorter than the SuperBlob */
        b[lc + 12] = 40; b[lc + 13] = b[lc + 14] = b[lc + 15] = 0;
    } else if (!strcmp(kind, "badmagic")) {
        put_be32(sb, 0xfade0cc1);
    } else if (!strcmp(kind, "count")) {        /* index count overflowing the blob */
        put_be32(sb + 8, 0x20000000);
    } else if (!strcmp(kind, "indexoff")) {     /* a blob offset outside the SuperBlob */
        put_be32(sb + 16, 0xfffffff0);
    } else if (!strcmp(kind, "cdlength")) {     /* CodeDirectory longer than the SuperBlob */
        put_be32(sb + cd + 4, 0x7fffffff);
    } else if (!strcmp(kind, "hashoffset")) {
        put_be32(sb + cd + 16, 0xffffff00);
    } else if (!strcmp(kind, "nslots")) {
        put_be32(sb + cd + 28, 0x10000000);
    } else if (!strcmp(kind, "ident")) {        /* identifier not NUL-terminated */
        uint32_t cdlen = be32(sb + cd + 4);
        put_be32(sb + cd + 20, cdlen - 1);
    } else if (!strcmp(kind, "hashtype")) {
        sb[cd + 37] = 9;
    } else if (!strcmp(kind, "lcoutside")) {    /* signature data past the end of the file */
        put_be32(b + lc + 8, 0); b[lc + 8] = 0xf0; b[lc + 9] = 0xff; b[lc + 10] = 0xff; b[lc + 11] = 0x0f;
    } else if (!strcmp(kind, "cdhash")) {       /* a valid-looking blob whose page hash is wrong */
        sb[cd + be32(sb + cd + 16)] ^= 1;
    } else {
        fprintf(stderr, "unknown kind %s\n", kind);
        return 2;
    }
    FILE *f = fopen(outp, "wb");
    if (!f || fwrite(b, 1, len, f) != len || fclose(f)) { perror(outp); return 2; }
    free(b);
    return 0;
}

/* ---- unit checks ---- */

/* Build a CodeDirectory of version v over `code` (one page of 4096 or less), identifier "t". */
static size_t make_cd(uint8_t *cd, uint32_t v, uint8_t ht, const uint8_t *code, size_t clen, bool limit64)
{
    uint32_t hdr = v >= 0x20600 ? 108 : v >= 0x20500 ? 96 : v >= 0x20400 ? 88 : v >= 0x20300 ? 64 :
                   v >= 0x20200 ? 52 : v >= 0x20100 ? 48 : 44;
    unsigned hs = cs_hash_size(ht);
    size_t len = hdr + 2 + (v >= 0x20200 ? 5 : 0) + hs;
    memset(cd, 0, len);
    put_be32(cd, CS_MAGIC_CODEDIRECTORY);
    put_be32(cd + 4, (uint32_t)len);
    put_be32(cd + 8, v);
    put_be32(cd + 12, CS_FLAG_ADHOC);
    uint32_t ident = hdr, team = hdr + 2, hoff = hdr + 2 + (v >= 0x20200 ? 5 : 0);
    put_be32(cd + 16, hoff);
    put_be32(cd + 20, ident);
    put_be32(cd + 28, 1);
    if (limit64)
        put_be64(cd + 56, clen);
    else
        put_be32(cd + 32, (uint32_t)clen);
    cd[36] = (uint8_t)hs;
    cd[37] = ht;
    cd[39] = 12;
    if (v >= 0x20200)
        put_be32(cd + 48, team);
    if (v >= 0x20400) {
        put_be64(cd + 72, 4096);
        put_be64(cd + 80, 1);
    }
    if (v >= 0x20500)
        put_be32(cd + 88, 0x0b0000);
    memcpy(cd + ident, "t", 2);
    if (v >= 0x20200)
        memcpy(cd + team, "TEAM", 5);
    uint8_t d[CS_HASH_MAX_SIZE];
    cs_digest(ht, code, clen, d);
    memcpy(cd + hoff, d, hs);
    return len;
}

static size_t make_sb(uint8_t *sb, const uint8_t *const *blobs, const size_t *lens, const uint32_t *slots, unsigned n)
{
    uint32_t pos = 12 + 8 * n;
    put_be32(sb, CS_MAGIC_EMBEDDED_SIGNATURE);
    put_be32(sb + 8, n);
    for (unsigned i = 0; i < n; i++) {
        put_be32(sb + 12 + 8 * i, slots[i]);
        put_be32(sb + 16 + 8 * i, pos);
        memcpy(sb + pos, blobs[i], lens[i]);
        pos += (uint32_t)lens[i];
    }
    put_be32(sb + 4, pos);
    return pos;
}

static void unit_versions(void)
{
    static uint8_t code[3000];
    for (size_t i = 0; i < sizeof code; i++)
        code[i] = (uint8_t)(i * 7);
    static const uint32_t versions[] = { 0x20001, 0x20100, 0x20200, 0x20300, 0x20400, 0x20500, 0x20600 };
    static const uint8_t types[] = { CS_HASHTYPE_SHA1, CS_HASHTYPE_SHA256, CS_HASHTYPE_SHA256_TRUNCATED, CS_HASHTYPE_SHA384 };
    for (size_t vi = 0; vi < sizeof versions / sizeof versions[0]; vi++)
        for (size_t ti = 0; ti < sizeof types / sizeof types[0]; ti++) {
            uint8_t cd[512], sb[1024];
            bool l64 = versions[vi] >= 0x20300 && ti == 1;
            size_t cl = make_cd(cd, versions[vi], types[ti], code, sizeof code, l64);
            const uint8_t *blobs[] = { cd };
            size_t lens[] = { cl };
            uint32_t slots[] = { 0 };
            size_t n = make_sb(sb, blobs, lens, slots, 1);
            struct cs_signature s;
            char err[200], why[200];
            int r = cs_parse(sb, n, &s, err, sizeof err);
            CHECK(r == 0, "v%x %s: parse failed: %s", versions[vi], cs_hash_name(types[ti]), err);
            if (r)
                continue;
            const struct cs_code_directory *c = &s.cds[0];
            CHECK(c->version == versions[vi] && c->code_limit == sizeof code && !strcmp(c->identifier, "t"),
                  "v%x: fields", versions[vi]);
            CHECK((versions[vi] >= 0x20200) == (c->team_id != NULL), "v%x: team id", versions[vi]);
            CHECK(versions[vi] < 0x20400 || (c->exec_seg_limit == 4096 && c->exec_seg_flags == 1), "v%x: exec seg", versions[vi]);
            CHECK(versions[vi] < 0x20500 || c->runtime == 0x0b0000, "v%x: runtime", versions[vi]);
            /* verify against the code it was made from, then against a modified copy */
            CHECK(cs_verify(code, sizeof code, sizeof code, &s, why, sizeof why) == CS_VALID, "v%x %s: verify: %s",
                  versions[vi], cs_hash_name(types[ti]), why);
            uint8_t bad[sizeof code];
            memcpy(bad, code, sizeof code);
            bad[1234] ^= 0x40;
            CHECK(cs_verify(bad, sizeof bad, sizeof bad, &s, why, sizeof why) == CS_INVALID, "v%x: tamper not seen", versions[vi]);
            /* cdhash = hash of the blob truncated to 20 bytes */
            uint8_t d[CS_HASH_MAX_SIZE];
            cs_digest(types[ti], cd, cl, d);
            CHECK(!memcmp(d, c->cdhash, 20), "v%x: cdhash", versions[vi]);
            /* a header one byte too short for its version */
            put_be32(cd + 4, (uint32_t)(versions[vi] >= 0x20600 ? 107 : versions[vi] >= 0x20500 ? 95 : versions[vi] >= 0x20400 ? 87 :
                                        versions[vi] >= 0x20300 ? 63 : versions[vi] >= 0x20200 ? 51 : versions[vi] >= 0x20100 ? 47 : 43));
            n = make_sb(sb, blobs, lens, slots, 1);
            CHECK(cs_parse(sb, n, &s, err, sizeof err) == -1, "v%x: short header accepted", versions[vi]);
        }
    /* two CodeDirectories: SHA-1 at slot 0, SHA-384 alternate is the one shown */
    uint8_t cd1[512], cd2[512], sb[2048];
    size_t l1 = make_cd(cd1, 0x20400, CS_HASHTYPE_SHA1, code, sizeof code, false);
    size_t l2 = make_cd(cd2, 0x20400, CS_HASHTYPE_SHA384, code, sizeof code, false);
    const uint8_t *blobs[] = { cd1, cd2 };
    size_t lens[] = { l1, l2 };
    uint32_t slots[] = { 0, 0x1000 };
    size_t n = make_sb(sb, blobs, lens, slots, 2);
    struct cs_signature s;
    char err[200], why[200];
    CHECK(cs_parse(sb, n, &s, err, sizeof err) == 0 && s.ncds == 2 && s.best == 1, "alternate CD: %s", err);
    CHECK(cs_verify(code, sizeof code, sizeof code, &s, why, sizeof why) == CS_VALID, "alternate CD verify: %s", why);
    cd2[l2 - 1] ^= 1;   /* the alternate's page hash is wrong: the whole signature is */
    n = make_sb(sb, blobs, lens, slots, 2);
    CHECK(cs_parse(sb, n, &s, err, sizeof err) == 0 && cs_verify(code, sizeof code, sizeof code, &s, why, sizeof why) == CS_INVALID,
          "bad alternate accepted");
    /* duplicate slot */
    uint32_t dup[] = { 0, 0 };
    n = make_sb(sb, blobs, lens, dup, 2);
    CHECK(cs_parse(sb, n, &s, err, sizeof err) == -1, "duplicate slot accepted");
    /* a hash size that does not match its type */
    l1 = make_cd(cd1, 0x20400, CS_HASHTYPE_SHA256, code, sizeof code, false);
    cd1[36] = 20;
    n = make_sb(sb, blobs, lens, slots, 1);
    CHECK(cs_parse(sb, n, &s, err, sizeof err) == -1, "hash size mismatch accepted");
}

static void unit_der(void)
{
    static const char empty[] = "<?xml version=\"1.0\"?><plist version=\"1.0\"><dict/></plist>";
    static const uint8_t empty_der[] = { 0x70, 0x05, 0x02, 0x01, 0x01, 0xb0, 0x00 };
    uint8_t *d;
    size_t n;
    char err[200];
    CHECK(cs_entitlements_der(empty, strlen(empty), &d, &n, err, sizeof err) == 0 && n == sizeof empty_der &&
          !memcmp(d, empty_der, n), "DER of an empty dict");
    free(d);
    /* keys sorted; bool false; integer 300 (two bytes) */
    static const char x[] = "<plist version=\"1.0\"><dict><key>zz</key><integer>300</integer>"
                            "<key>key</key><false/></dict></plist>";
    static const uint8_t x_der[] = { 0x70, 0x19, 0x02, 0x01, 0x01, 0xb0, 0x14,
                                     0x30, 0x08, 0x0c, 0x03, 'k', 'e', 'y', 0x01, 0x01, 0x00,
                                     0x30, 0x08, 0x0c, 0x02, 'z', 'z', 0x02, 0x02, 0x01, 0x2c };
    CHECK(cs_entitlements_der(x, strlen(x), &d, &n, err, sizeof err) == 0 && n == sizeof x_der && !memcmp(d, x_der, n),
          "DER of a two-key dict (%zu bytes)", n);
    free(d);
    static const char arr[] = "<plist version=\"1.0\"><array/></plist>";
    CHECK(cs_entitlements_der(arr, strlen(arr), &d, &n, err, sizeof err) == -1, "array top accepted");
    CHECK(cs_entitlements_der("garbage!", 8, &d, &n, err, sizeof err) == -1, "garbage accepted");
}

static void unit_mutations(void)
{
    /* a real signature made by cs_adhoc_sign is not at hand without a file; mutate a
       synthetic SuperBlob with requirements and entitlements instead */
    static uint8_t code[5000];
    uint8_t cd[512], req[12], ent[64], sb[2048], m[2048];
    size_t cl = make_cd(cd, 0x20400, CS_HASHTYPE_SHA256, code, 4096, false);
    put_be32(req, CS_MAGIC_REQUIREMENTS); put_be32(req + 4, 12); put_be32(req + 8, 0);
    put_be32(ent, CS_MAGIC_EMBEDDED_ENTITLEMENTS); put_be32(ent + 4, 64);
    memset(ent + 8, 'x', 56);
    const uint8_t *blobs[] = { cd, req, ent };
    size_t lens[] = { cl, 12, 64 };
    uint32_t slots[] = { 0, 2, 5 };
    size_t n = make_sb(sb, blobs, lens, slots, 3);
    srand(12345);
    for (int it = 0; it < 20000; it++) {
        memcpy(m, sb, n);
        int flips = 1 + rand() % 4;
        for (int k = 0; k < flips; k++)
            m[rand() % n] = (uint8_t)rand();
        size_t len = rand() % 8 ? n : (size_t)(rand() % n);
        struct cs_signature s;
        char err[200], why[200];
        if (cs_parse(m, len, &s, err, sizeof err) == 0)
            (void)cs_verify(code, sizeof code, sizeof code, &s, why, sizeof why);
    }
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "pages"))
        return cmd_pages(argv[2]);
    if (argc == 5 && !strcmp(argv[1], "corrupt"))
        return cmd_corrupt(argv[2], argv[3], argv[4]);
    if (argc == 2 && !strcmp(argv[1], "unit")) {
        unit_versions();
        unit_der();
        unit_mutations();
        if (failures)
            fprintf(stderr, "%d failure(s)\n", failures);
        else
            printf("codesign unit checks passed\n");
        return failures ? 1 : 0;
    }
    fprintf(stderr, "usage: cs_tool pages FILE | corrupt FILE OUT KIND | unit\n");
    return 2;
}
