/*
 * verify.c — reading and checking embedded code signatures (src/codesign/).
 *
 * Owns: SuperBlob and CodeDirectory parsing with every offset and length checked
 * (cs_parse), the hash helpers over libcrypto's SHA functions (cs_digest), page and special-slot
 * hash verification (cs_verify) and the exec stage's one-call check of a thin image
 * (cs_check_image). The CMS blob is only measured: the Apple certificate chain is not
 * verified (there is no Apple trust store here), so a Developer ID signature counts as
 * valid when its CodeDirectories match the file, exactly like an ad hoc one.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The SHA-1/SHA-2 block functions: deprecated in OpenSSL 3 in favour of EVP, but EVP links in
 * the whole provider machinery. These need no initialisation and are linked into machrun
 * statically (codesign, --require-signature; a plain launch hashes nothing). */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include "machrun/codesign.h"
#include "machrun/macho.h"

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static uint64_t be64(const uint8_t *p) { return (uint64_t)be32(p) << 32 | be32(p + 4); }

const char *cs_hash_name(uint8_t t)
{
    switch (t) {
    case CS_HASHTYPE_SHA1: return "sha1";
    case CS_HASHTYPE_SHA256: return "sha256";
    case CS_HASHTYPE_SHA256_TRUNCATED: return "sha256Truncated";
    case CS_HASHTYPE_SHA384: return "sha384";
    default: return "unknown";
    }
}

unsigned cs_hash_size(uint8_t t)
{
    switch (t) {
    case CS_HASHTYPE_SHA1: return 20;
    case CS_HASHTYPE_SHA256: return 32;
    case CS_HASHTYPE_SHA256_TRUNCATED: return 20;
    case CS_HASHTYPE_SHA384: return 48;
    default: return 0;
    }
}

/* Strength order Apple uses to pick among CodeDirectories (higher is preferred). */
static int hash_rank(uint8_t t)
{
    switch (t) {
    case CS_HASHTYPE_SHA1: return 1;
    case CS_HASHTYPE_SHA256_TRUNCATED: return 2;
    case CS_HASHTYPE_SHA256: return 3;
    case CS_HASHTYPE_SHA384: return 4;
    default: return 0;
    }
}

/* libcrypto probes the CPU from a constructor in every program linked with it, and cpuid
 * traps to the hypervisor in a VM (1.5 us each here, ~15 us a start). machrun links with
 * --wrap=OPENSSL_cpuid_setup: the constructor calls the empty wrapper, and the first digest
 * runs the real probe, which the SHA code's choice of instructions depends on. (A program
 * linked without the wrap, such as a unit test, has no __real_ and keeps libcrypto's
 * constructor.) */
void __real_OPENSSL_cpuid_setup(void) __attribute__((weak));
void __wrap_OPENSSL_cpuid_setup(void);
void __wrap_OPENSSL_cpuid_setup(void)
{
}
static pthread_once_t cpuid_once = PTHREAD_ONCE_INIT;
static void cpuid_setup(void)
{
    if (__real_OPENSSL_cpuid_setup)
        __real_OPENSSL_cpuid_setup();
}

unsigned cs_digest(uint8_t t, const void *data, size_t len, uint8_t out[CS_HASH_MAX_SIZE])
{
    pthread_once(&cpuid_once, cpuid_setup);
    switch (t) {
    case CS_HASHTYPE_SHA1: {
        SHA_CTX c;
        if (!SHA1_Init(&c) || !SHA1_Update(&c, data, len) || !SHA1_Final(out, &c))
            return 0;
        return SHA_DIGEST_LENGTH;
    }
    case CS_HASHTYPE_SHA256:
    case CS_HASHTYPE_SHA256_TRUNCATED: {
        SHA256_CTX c;
        if (!SHA256_Init(&c) || !SHA256_Update(&c, data, len) || !SHA256_Final(out, &c))
            return 0;
        return SHA256_DIGEST_LENGTH;
    }
    case CS_HASHTYPE_SHA384: {
        SHA512_CTX c;
        if (!SHA384_Init(&c) || !SHA384_Update(&c, data, len) || !SHA384_Final(out, &c))
            return 0;
        return SHA384_DIGEST_LENGTH;
    }
    default:
        return 0;
    }
}

void cs_flags_string(uint32_t flags, char *buf, size_t n)
{
    static const struct { uint32_t bit; const char *name; } names[] = {
        { CS_FLAG_HOST, "host" }, { CS_FLAG_ADHOC, "adhoc" }, { CS_FLAG_HARD, "hard" },
        { CS_FLAG_KILL, "kill" }, { CS_FLAG_EXPIRES, "expires" }, { CS_FLAG_RESTRICT, "restrict" },
        { CS_FLAG_ENFORCEMENT, "enforcement" }, { CS_FLAG_LIBRARY_VALIDATION, "library-validation" },
        { CS_FLAG_RUNTIME, "runtime" }, { CS_FLAG_LINKER_SIGNED, "linker-signed" },
    };
    size_t used = 0;
    buf[0] = 0;
    uint32_t rest = flags;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!(flags & names[i].bit))
            continue;
        rest &= ~names[i].bit;
        used += snprintf(buf + used, used < n ? n - used : 0, "%s%s", used ? "," : "", names[i].name);
    }
    if (rest)
        used += snprintf(buf + used, used < n ? n - used : 0, "%s0x%x", used ? "," : "", rest);
    if (!flags)
        snprintf(buf, n, "none");
}

#define FAIL(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

/* A NUL-terminated string at off inside [0, len) of blob; NULL if not terminated. */
static const char *blob_string(const uint8_t *blob, uint32_t len, uint32_t off)
{
    if (off >= len || !memchr(blob + off, 0, len - off))
        return NULL;
    return (const char *)blob + off;
}

static int parse_cd(const uint8_t *b, uint32_t len, uint32_t slot, struct cs_code_directory *cd, unsigned flags,
                    char *err, size_t errlen)
{
    memset(cd, 0, sizeof *cd);
    cd->slot = slot;
    cd->blob = b;
    cd->length = len;
    if (len < 44)
        FAIL("CodeDirectory at slot 0x%x: %u bytes, shorter than its 44-byte header", slot, len);
    cd->version = be32(b + 8);
    cd->flags = be32(b + 12);
    cd->hash_offset = be32(b + 16);
    cd->ident_offset = be32(b + 20);
    cd->n_special_slots = be32(b + 24);
    cd->n_code_slots = be32(b + 28);
    cd->code_limit = be32(b + 32);
    cd->hash_size = b[36];
    cd->hash_type = b[37];
    cd->platform = b[38];
    cd->page_size_log2 = b[39];
    if (cd->version < 0x20001 || (cd->version >> 16) != 2)
        FAIL("CodeDirectory at slot 0x%x: unsupported version 0x%x", slot, cd->version);
    uint32_t need = 44;
    if (cd->version >= CS_SUPPORTSSCATTER) need = 48;
    if (cd->version >= CS_SUPPORTSTEAMID) need = 52;
    if (cd->version >= CS_SUPPORTSCODELIMIT64) need = 64;
    if (cd->version >= CS_SUPPORTSEXECSEG) need = 88;
    if (cd->version >= CS_SUPPORTSRUNTIME) need = 96;
    if (cd->version >= CS_SUPPORTSLINKAGE) need = 108;
    if (len < need)
        FAIL("CodeDirectory at slot 0x%x: version 0x%x needs a %u-byte header, blob has %u",
             slot, cd->version, need, len);
    if (cd->version >= CS_SUPPORTSSCATTER)
        cd->scatter_offset = be32(b + 44);
    uint32_t team_off = cd->version >= CS_SUPPORTSTEAMID ? be32(b + 48) : 0;
    if (cd->version >= CS_SUPPORTSCODELIMIT64) {
        uint64_t cl64 = be64(b + 56);
        if (cl64) {
            if (cd->code_limit)
                FAIL("CodeDirectory at slot 0x%x: both codeLimit and codeLimit64 set", slot);
            cd->code_limit = cl64;
        }
    }
    if (cd->version >= CS_SUPPORTSEXECSEG) {
        cd->exec_seg_base = be64(b + 64);
        cd->exec_seg_limit = be64(b + 72);
        cd->exec_seg_flags = be64(b + 80);
    }
    if (cd->version >= CS_SUPPORTSRUNTIME) {
        cd->runtime = be32(b + 88);
        cd->pre_encrypt_offset = be32(b + 92);
    }
    if (cd->version >= CS_SUPPORTSLINKAGE) {
        cd->linkage_hash_type = b[96];
        cd->linkage_app_type = b[97];
        cd->linkage_app_subtype = (uint16_t)(b[98] << 8 | b[99]);
        cd->linkage_offset = be32(b + 100);
        cd->linkage_size = be32(b + 104);
        if (cd->linkage_size && ((uint64_t)cd->linkage_offset + cd->linkage_size > len || cd->linkage_offset < need))
            FAIL("CodeDirectory at slot 0x%x: linkage data outside the blob", slot);
    }
    unsigned hs = cs_hash_size(cd->hash_type);
    if (!hs)
        FAIL("CodeDirectory at slot 0x%x: unknown hash type %u", slot, cd->hash_type);
    if (cd->hash_size != hs)
        FAIL("CodeDirectory at slot 0x%x: hash size %u does not match %s (%u)", slot, cd->hash_size,
             cs_hash_name(cd->hash_type), hs);
    if (cd->page_size_log2 && (cd->page_size_log2 < 9 || cd->page_size_log2 > 24))
        FAIL("CodeDirectory at slot 0x%x: page size 2^%u out of range", slot, cd->page_size_log2);
    /* Hashes: special slots before hashOffset, code slots after it. */
    uint64_t special_bytes = (uint64_t)cd->n_special_slots * hs;
    uint64_t code_bytes = (uint64_t)cd->n_code_slots * hs;
    if (cd->hash_offset < need || cd->hash_offset > len)
        FAIL("CodeDirectory at slot 0x%x: hashOffset %u outside the blob", slot, cd->hash_offset);
    if (special_bytes > cd->hash_offset - need)
        FAIL("CodeDirectory at slot 0x%x: %u special slots run before the header end", slot, cd->n_special_slots);
    if (code_bytes > len - cd->hash_offset)
        FAIL("CodeDirectory at slot 0x%x: %u code slots run past the blob (%u bytes)", slot, cd->n_code_slots, len);
    cd->identifier = blob_string(b, len, cd->ident_offset);
    if (cd->ident_offset < need || !cd->identifier)
        FAIL("CodeDirectory at slot 0x%x: identifier offset %u outside the blob or unterminated", slot, cd->ident_offset);
    if (team_off) {
        cd->team_id = blob_string(b, len, team_off);
        if (team_off < need || !cd->team_id)
            FAIL("CodeDirectory at slot 0x%x: team identifier offset %u outside the blob or unterminated", slot, team_off);
    }
    /* The number of code slots must cover exactly the code limit. */
    uint64_t expect = 0;
    if (cd->code_limit) {
        if (cd->page_size_log2 == 0)
            expect = 1;
        else
            expect = (cd->code_limit + (1ull << cd->page_size_log2) - 1) >> cd->page_size_log2;
    }
    if (cd->scatter_offset == 0 && expect != cd->n_code_slots)
        FAIL("CodeDirectory at slot 0x%x: %u code slots for a code limit of %llu", slot, cd->n_code_slots,
             (unsigned long long)cd->code_limit);
    if (flags & CS_PARSE_NO_CDHASH)
        return 0;
    uint8_t full[CS_HASH_MAX_SIZE];
    unsigned n = cs_digest(cd->hash_type, b, len, full);
    if (!n)
        FAIL("CodeDirectory at slot 0x%x: cannot hash (libcrypto)", slot);
    memcpy(cd->cdhash_full, full, n);
    cd->cdhash_full_len = n;
    memcpy(cd->cdhash, full, CS_CDHASH_LEN);
    return 0;
}

int cs_parse(const uint8_t *sig, size_t len, struct cs_signature *out, char *err, size_t errlen)
{
    return cs_parse_ex(sig, len, 0, out, err, errlen);
}

int cs_parse_ex(const uint8_t *sig, size_t len, unsigned flags, struct cs_signature *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (len < 12)
        FAIL("signature of %zu bytes is shorter than a SuperBlob header", len);
    uint32_t magic = be32(sig);
    if (magic != CS_MAGIC_EMBEDDED_SIGNATURE)
        FAIL("bad SuperBlob magic 0x%08x (expected 0xfade0cc0)", magic);
    uint32_t length = be32(sig + 4), count = be32(sig + 8);
    if (length < 12 || length > len)
        FAIL("SuperBlob length %u outside the %zu bytes of LC_CODE_SIGNATURE", length, len);
    if (count > (length - 12) / 8)
        FAIL("SuperBlob count %u overflows its %u bytes", count, length);
    out->data = sig;
    out->length = length;
    out->count = count;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t type = be32(sig + 12 + 8 * i), off = be32(sig + 16 + 8 * i);
        uint32_t index_end = 12 + 8 * count;
        if (off < index_end || off > length - 8)
            FAIL("SuperBlob index %u (slot 0x%x): offset %u outside the blob", i, type, off);
        const uint8_t *b = sig + off;
        uint32_t bmagic = be32(b), blen = be32(b + 4);
        if (blen < 8 || blen > length - off)
            FAIL("SuperBlob index %u (slot 0x%x): blob length %u runs past the SuperBlob", i, type, blen);
        for (uint32_t j = 0; j < i; j++)
            if (be32(sig + 12 + 8 * j) == type)
                FAIL("SuperBlob index %u: slot 0x%x appears twice", i, type);
        struct cs_blob_ref ref = { true, b, blen };
        if (type == CS_SLOT_CODEDIRECTORY || (type >= CS_SLOT_ALTERNATE_CD && type < CS_SLOT_ALTERNATE_CD + CS_SLOT_ALTERNATE_CD_MAX)) {
            if (bmagic != CS_MAGIC_CODEDIRECTORY)
                FAIL("slot 0x%x: bad CodeDirectory magic 0x%08x", type, bmagic);
            if (out->ncds >= sizeof out->cds / sizeof out->cds[0])
                FAIL("too many CodeDirectories");
            if (parse_cd(b, blen, type, &out->cds[out->ncds], flags, err, errlen))
                return -1;
            out->ncds++;
        } else if (type == CS_SLOT_REQUIREMENTS) {
            if (bmagic != CS_MAGIC_REQUIREMENTS || blen < 12)
                FAIL("slot 0x2: bad requirements blob (magic 0x%08x, %u bytes)", bmagic, blen);
            uint32_t rc = be32(b + 8);
            if (rc > (blen - 12) / 8)
                FAIL("slot 0x2: requirements count %u overflows its %u bytes", rc, blen);
            out->requirements = ref;
            out->requirements_count = rc;
        } else if (type == CS_SLOT_ENTITLEMENTS) {
            if (bmagic != CS_MAGIC_EMBEDDED_ENTITLEMENTS)
                FAIL("slot 0x5: bad entitlements magic 0x%08x", bmagic);
            out->entitlements = ref;
        } else if (type == CS_SLOT_DER_ENTITLEMENTS) {
            if (bmagic != CS_MAGIC_EMBEDDED_DER_ENTITLEMENTS)
                FAIL("slot 0x7: bad DER entitlements magic 0x%08x", bmagic);
            out->der_entitlements = ref;
        } else if (type == CS_SLOT_APPLICATION) {
            out->application = ref;
        } else if (type == CS_SLOT_SIGNATURE) {
            if (bmagic != CS_MAGIC_BLOBWRAPPER)
                FAIL("slot 0x10000: bad CMS wrapper magic 0x%08x", bmagic);
            out->cms = ref;
            out->cms_size = blen - 8;
        }
        /* other slots (info plist and resource directory live outside a thin file) are
           bound by their hashes only; unknown slots are ignored as Apple does */
    }
    if (!out->ncds)
        FAIL("no CodeDirectory in the signature");
    if (out->cds[0].slot != CS_SLOT_CODEDIRECTORY) {
        /* Apple requires the primary CodeDirectory at slot 0 */
        FAIL("no CodeDirectory at slot 0 (only alternates)");
    }
    out->best = 0;
    for (unsigned i = 1; i < out->ncds; i++)
        if (hash_rank(out->cds[i].hash_type) > hash_rank(out->cds[out->best].hash_type))
            out->best = i;
    return 0;
}

#undef FAIL
#define BAD(status, ...) do { snprintf(reason, n, __VA_ARGS__); return status; } while (0)

/* Check one special slot of cd against a blob of the SuperBlob. */
static enum cs_status check_special(const struct cs_code_directory *cd, unsigned slot,
                                    const struct cs_blob_ref *ref, char *reason, size_t n)
{
    static const uint8_t zero[CS_HASH_MAX_SIZE];
    const uint8_t *h = slot <= cd->n_special_slots ? cd->blob + cd->hash_offset - (size_t)slot * cd->hash_size : NULL;
    bool bound = h && memcmp(h, zero, cd->hash_size) != 0;
    if (!ref->present) {
        if (bound)
            BAD(CS_INVALID, "special slot %u is bound in the CodeDirectory but its blob is missing", slot);
        return CS_VALID;
    }
    if (!bound)
        BAD(CS_INVALID, "special slot %u blob is present but not bound by the CodeDirectory (slot 0x%x)", slot, cd->slot);
    uint8_t d[CS_HASH_MAX_SIZE];
    if (!cs_digest(cd->hash_type, ref->blob, ref->length, d))
        BAD(CS_MALFORMED, "cannot hash special slot %u", slot);
    if (memcmp(d, h, cd->hash_size))
        BAD(CS_INVALID, "special slot %u hash mismatch (CodeDirectory slot 0x%x)", slot, cd->slot);
    return CS_VALID;
}

enum cs_status cs_verify(const uint8_t *buf, size_t size, uint64_t sig_offset,
                         const struct cs_signature *sig, char *reason, size_t n)
{
    for (unsigned c = 0; c < sig->ncds; c++) {
        const struct cs_code_directory *cd = &sig->cds[c];
        if (cd->scatter_offset)
            BAD(CS_MALFORMED, "CodeDirectory slot 0x%x uses scatter vectors, which machrun does not support", cd->slot);
        if (cd->code_limit > size || cd->code_limit > sig_offset)
            BAD(CS_INVALID, "CodeDirectory slot 0x%x: code limit %llu beyond the signature offset %llu",
                cd->slot, (unsigned long long)cd->code_limit, (unsigned long long)sig_offset);
        uint64_t page = cd->page_size_log2 ? 1ull << cd->page_size_log2 : cd->code_limit;
        for (uint32_t i = 0; i < cd->n_code_slots; i++) {
            uint64_t start = (uint64_t)i * page;
            uint64_t end = start + page < cd->code_limit ? start + page : cd->code_limit;
            uint8_t d[CS_HASH_MAX_SIZE];
            if (!cs_digest(cd->hash_type, buf + start, end - start, d))
                BAD(CS_MALFORMED, "cannot hash page %u", i);
            if (memcmp(d, cd->blob + cd->hash_offset + (size_t)i * cd->hash_size, cd->hash_size))
                BAD(CS_INVALID, "page %u (offset 0x%llx) hash mismatch in CodeDirectory slot 0x%x (%s)", i,
                    (unsigned long long)start, cd->slot, cs_hash_name(cd->hash_type));
        }
        enum cs_status st;
        if ((st = check_special(cd, CS_SLOT_REQUIREMENTS, &sig->requirements, reason, n)) != CS_VALID) return st;
        if ((st = check_special(cd, CS_SLOT_ENTITLEMENTS, &sig->entitlements, reason, n)) != CS_VALID) return st;
        if ((st = check_special(cd, CS_SLOT_DER_ENTITLEMENTS, &sig->der_entitlements, reason, n)) != CS_VALID) return st;
        if ((st = check_special(cd, CS_SLOT_APPLICATION, &sig->application, reason, n)) != CS_VALID) return st;
    }
    /* Every CodeDirectory must describe the same code. */
    for (unsigned c = 1; c < sig->ncds; c++)
        if (sig->cds[c].code_limit != sig->cds[0].code_limit || strcmp(sig->cds[c].identifier, sig->cds[0].identifier))
            BAD(CS_INVALID, "alternate CodeDirectory slot 0x%x disagrees with the primary one", sig->cds[c].slot);
    if (!sig->cms_size && !(sig->cds[0].flags & CS_FLAG_ADHOC))
        BAD(CS_INVALID, "no CMS signature and the CodeDirectory is not ad hoc");
    return CS_VALID;
}

void cs_check_free(struct cs_check *c)
{
    free(c->identifier);
    free(c->team_id);
    free(c->entitlements_xml);
    c->identifier = c->team_id = c->entitlements_xml = NULL;
}

enum cs_status cs_check_image(const uint8_t *buf, size_t size, struct cs_check *out)
{
    memset(out, 0, sizeof *out);
    struct mo_image img;
    struct mo_error e;
    if (mo_image_parse(buf, size, &img, &e) < 0) {
        snprintf(out->reason, sizeof out->reason, "main executable failed strict validation: %s", e.msg);
        return out->status = CS_MALFORMED;
    }
    if (!img.code_signature.present) {
        mo_image_free(&img);
        snprintf(out->reason, sizeof out->reason, "code object is not signed at all");
        return out->status = CS_UNSIGNED;
    }
    uint64_t off = img.code_signature.dataoff, len = img.code_signature.datasize;
    mo_image_free(&img);
    if (off > size || len > size - off) {
        snprintf(out->reason, sizeof out->reason, "LC_CODE_SIGNATURE data outside the file");
        return out->status = CS_MALFORMED;
    }
    struct cs_signature sig;
    char err[160];
    if (cs_parse(buf + off, len, &sig, err, sizeof err)) {
        snprintf(out->reason, sizeof out->reason, "invalid or unsupported format for signature: %s", err);
        return out->status = CS_MALFORMED;
    }
    const struct cs_code_directory *cd = &sig.cds[sig.best];
    out->identifier = strdup(cd->identifier);
    out->team_id = cd->team_id ? strdup(cd->team_id) : NULL;
    out->flags = cd->flags;
    out->adhoc = !sig.cms_size || (cd->flags & CS_FLAG_ADHOC);
    memcpy(out->cdhash, cd->cdhash, CS_CDHASH_LEN);
    if (sig.entitlements.present) {
        size_t xl = sig.entitlements.length - 8;
        out->entitlements_xml = malloc(xl + 1);
        if (out->entitlements_xml) {
            memcpy(out->entitlements_xml, sig.entitlements.blob + 8, xl);
            out->entitlements_xml[xl] = 0;
        }
    }
    char why[160];
    out->status = cs_verify(buf, size, off, &sig, why, sizeof why);
    if (out->status != CS_VALID)
        snprintf(out->reason, sizeof out->reason, "%s: %s",
                 out->status == CS_INVALID ? "invalid signature (code or signature have been modified)"
                                           : "invalid or unsupported format for signature", why);
    return out->status;
}
