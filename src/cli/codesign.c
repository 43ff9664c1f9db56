/*
 * codesign.c — `machrun codesign`: check (-v), show (-d) and ad hoc sign (-s -) Mach-O
 * code signatures with Apple's codesign options, messages and display format.
 *
 *   machrun codesign -v [-v...] PATH...          verify; exit 1 with Apple's message if not valid
 *   machrun codesign -d [-v...] [-a ARCH] PATH   display (stderr, as Apple does)
 *   machrun codesign -d --entitlements - PATH    entitlements ("-": [Dict] form, ":-" or --xml: XML, --der)
 *   machrun codesign -s - [-f] [-i ID] [--entitlements FILE] PATH...
 *
 * Limits, said plainly: the CMS signature of a Developer ID binary is measured, and its
 * certificates' names are shown as Authority= lines, but the chain is NOT verified against
 * Apple's roots; no Timestamp= / CMSDigest= lines; bundles are not handled (only files);
 * only ad hoc signing.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/cms.h>
#include <openssl/x509.h>
#include <plist/plist.h>

#include "machrun/exec_image.h"
#include "machrun/input.h"
#include "machrun/cli.h"
#include "machrun/codesign.h"
#include "machrun/macho.h"

struct opts {
    bool verify, display, sign, force, xml, der;
    int verbose;
    const char *identity, *identifier, *entitlements, *arch;
    uint8_t hash_types[2];     /* --digest-algorithm=A[,B]: slot 0, then slot 0x1000 */
};

static uint8_t hash_from_name(const char *s, size_t n)
{
    static const struct { const char *name; uint8_t type; } t[] = {
        { "sha1", CS_HASHTYPE_SHA1 }, { "sha256", CS_HASHTYPE_SHA256 },
        { "sha256Truncated", CS_HASHTYPE_SHA256_TRUNCATED }, { "sha384", CS_HASHTYPE_SHA384 },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strlen(t[i].name) == n && !strncmp(s, t[i].name, n))
            return t[i].type;
    return 0;
}

/* Read PATH whole. MACHO: the file must be Mach-O (thin or universal), which is checked on
 * its first bytes before anything else is read (errno ENOEXEC), so a huge file of anything
 * else costs nothing. */
static int read_file(const char *path, uint8_t **buf, size_t *len, bool macho)
{
    int fd = mr_open_input(path, NULL);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st)) {
        fclose(f);
        return -1;
    }
    if (macho) {
        unsigned char hdr[8];
        size_t got = fread(hdr, 1, sizeof hdr, f);
        enum exec_image_kind k = exec_image_classify(hdr, got);
        if (!exec_image_is_macho(k) && k != EXEC_IMAGE_FAT) {
            fclose(f);
            errno = ENOEXEC;
            return -1;
        }
        rewind(f);
    }
    *len = (size_t)st.st_size;
    *buf = malloc(*len ? *len : 1);
    if (!*buf || fread(*buf, 1, *len, f) != *len) {
        free(*buf);
        fclose(f);
        errno = EIO;
        return -1;
    }
    fclose(f);
    return 0;
}

static void hex(const uint8_t *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", p[i]);
    out[2 * n] = 0;
}

/* The thin slice to look at: the whole buffer, or a fat file's slice for arch (default
 * x86_64, the host's, else the first). */
struct slice { const uint8_t *buf; size_t size; int32_t cputype, cpusubtype; };

static int pick_slices(const uint8_t *buf, size_t size, struct slice **out, unsigned *n, bool *fat_out,
                       char *err, size_t errlen)
{
    *fat_out = mo_is_fat(buf, size);
    if (!*fat_out) {
        *out = calloc(1, sizeof **out);
        if (!*out)
            return -1;
        (*out)[0].buf = buf;
        (*out)[0].size = size;
        if (size >= 12) {
            (*out)[0].cputype = (int32_t)(buf[4] | buf[5] << 8 | buf[6] << 16 | (uint32_t)buf[7] << 24);
            (*out)[0].cpusubtype = (int32_t)(buf[8] | buf[9] << 8 | buf[10] << 16 | (uint32_t)buf[11] << 24);
        }
        *n = 1;
        return 0;
    }
    struct mo_fat fat;
    struct mo_error e;
    if (mo_fat_parse(buf, size, &fat, &e) < 0) {
        snprintf(err, errlen, "%s", e.msg);
        return -1;
    }
    *out = calloc(fat.nfat_arch ? fat.nfat_arch : 1, sizeof **out);
    if (!*out) {
        mo_fat_free(&fat);
        return -1;
    }
    for (uint32_t i = 0; i < fat.nfat_arch; i++) {
        (*out)[i].buf = buf + fat.archs[i].offset;
        (*out)[i].size = fat.archs[i].size;
        (*out)[i].cputype = fat.archs[i].cputype;
        (*out)[i].cpusubtype = fat.archs[i].cpusubtype;
    }
    *n = fat.nfat_arch;
    mo_fat_free(&fat);
    return 0;
}

/* ---------------- verify ---------------- */

static int do_verify(const char *path, const struct opts *o)
{
    uint8_t *buf;
    size_t size;
    if (read_file(path, &buf, &size, true)) {
        if (errno == ENOEXEC) /* not code at all: nothing signed */
            fprintf(stderr, "%s: code object is not signed at all\n", path);
        else
            fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return 1;
    }
    struct slice *sl = NULL;
    unsigned n = 0;
    bool fat;
    char err[200];
    int rc = 0;
    if (pick_slices(buf, size, &sl, &n, &fat, err, sizeof err)) {
        fprintf(stderr, "%s: main executable failed strict validation: %s\n", path, err);
        free(buf);
        return 1;
    }
    bool macho = fat || (size >= 4 && (buf[0] == 0xcf || buf[0] == 0xce) && buf[1] == 0xfa && buf[2] == 0xed && buf[3] == 0xfe);
    if (!macho) {
        fprintf(stderr, "%s: code object is not signed at all\n", path);
        rc = 1;
    }
    bool all_adhoc = true;
    for (unsigned i = 0; macho && i < n && !rc; i++) {
        struct cs_check c;
        enum cs_status st = cs_check_image(sl[i].buf, sl[i].size, &c);
        all_adhoc &= c.adhoc;
        switch (st) {
        case CS_VALID:
            break;
        case CS_UNSIGNED:
            fprintf(stderr, "%s: code object is not signed at all\n", path);
            if (fat && o->verbose >= 1)
                fprintf(stderr, "In architecture: %s\n", mo_arch_name(sl[i].cputype, sl[i].cpusubtype));
            rc = 1;
            break;
        case CS_INVALID:
            fprintf(stderr, "%s: invalid signature (code or signature have been modified)\n", path);
            if (fat && o->verbose >= 1)
                fprintf(stderr, "In architecture: %s\n", mo_arch_name(sl[i].cputype, sl[i].cpusubtype));
            if (o->verbose >= 1)
                fprintf(stderr, "%s: %s\n", path, strchr(c.reason, ':') ? strchr(c.reason, ':') + 2 : c.reason);
            rc = 1;
            break;
        case CS_MALFORMED:
            fprintf(stderr, "%s: %s\n", path, c.reason);
            rc = 1;
            break;
        }
        cs_check_free(&c);
    }
    if (!rc && o->verbose >= 1) {
        fprintf(stderr, "%s: valid on disk\n", path);
        /* An ad hoc signature's designated requirement is its cdhash, which just matched;
           a Developer ID requirement would need the certificate chain: not claimed. */
        if (all_adhoc)
            fprintf(stderr, "%s: satisfies its Designated Requirement\n", path);
    }
    free(sl);
    free(buf);
    return rc;
}

/* ---------------- display ---------------- */

/* Certificate common names from the CMS blob, signer first, then up its chain. */
static void print_authorities(const uint8_t *cms_der, size_t len)
{
    const unsigned char *p = cms_der;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
    if (!cms) {
        fprintf(stderr, "Authority=(unavailable)\n");
        return;
    }
    STACK_OF(X509) *certs = CMS_get1_certs(cms);
    int n = certs ? sk_X509_num(certs) : 0;
    X509 *cur = NULL;
    /* the leaf: a certificate that issued no other in the set */
    for (int i = 0; i < n && !cur; i++) {
        X509 *c = sk_X509_value(certs, i);
        bool issuer = false;
        for (int j = 0; j < n; j++)
            if (j != i && !X509_NAME_cmp(X509_get_subject_name(c), X509_get_issuer_name(sk_X509_value(certs, j))))
                issuer = true;
        if (!issuer)
            cur = c;
    }
    for (int hops = 0; cur && hops < n; hops++) {
        char cn[256] = "(unavailable)";
        X509_NAME_get_text_by_NID(X509_get_subject_name(cur), NID_commonName, cn, sizeof cn);
        fprintf(stderr, "Authority=%s\n", cn);
        if (!X509_NAME_cmp(X509_get_subject_name(cur), X509_get_issuer_name(cur)))
            break;
        X509 *next = NULL;
        for (int j = 0; j < n; j++)
            if (!X509_NAME_cmp(X509_get_subject_name(sk_X509_value(certs, j)), X509_get_issuer_name(cur)))
                next = sk_X509_value(certs, j);
        cur = next;
    }
    if (certs)
        sk_X509_pop_free(certs, X509_free);
    CMS_ContentInfo_free(cms);
}

static void print_dict_node(plist_t node, int depth)
{
    char ind[64];
    int d = depth < 60 ? depth : 60;
    memset(ind, '\t', d);
    ind[d] = 0;
    switch (plist_get_node_type(node)) {
    case PLIST_DICT: {
        printf("%s[Dict]\n", ind);
        plist_dict_iter it = NULL;
        plist_dict_new_iter(node, &it);
        for (uint32_t i = 0, n = plist_dict_get_size(node); i < n; i++) {
            char *k = NULL;
            plist_t v = NULL;
            plist_dict_next_item(node, it, &k, &v);
            printf("%s\t[Key] %s\n%s\t[Value]\n", ind, k ? k : "", ind);
            if (v)
                print_dict_node(v, depth + 2);
            free(k);
        }
        free(it);
        break;
    }
    case PLIST_ARRAY:
        printf("%s[Array]\n", ind);
        for (uint32_t i = 0, n = plist_array_get_size(node); i < n; i++)
            print_dict_node(plist_array_get_item(node, i), depth + 1);
        break;
    case PLIST_BOOLEAN: {
        uint8_t b = 0;
        plist_get_bool_val(node, &b);
        printf("%s[Bool] %s\n", ind, b ? "true" : "false");
        break;
    }
    case PLIST_UINT: {
        uint64_t u = 0;
        plist_get_uint_val(node, &u);
        printf("%s[Number] %lld\n", ind, (long long)u);
        break;
    }
    case PLIST_STRING: {
        char *s = NULL;
        plist_get_string_val(node, &s);
        printf("%s[String] %s\n", ind, s ? s : "");
        free(s);
        break;
    }
    default:
        printf("%s[Unsupported]\n", ind);
    }
}

static int display_entitlements(const char *path, const struct cs_signature *sig, const struct opts *o)
{
    const char *dest = o->entitlements;
    bool raw = o->xml || dest[0] == ':';
    if (dest[0] == ':') {
        fprintf(stderr, "Warning: Specifying ':' in the path is deprecated and will not work in a future release\n");
        dest++;
    }
    FILE *f = stdout;
    if (strcmp(dest, "-")) {
        f = fopen(dest, "wb");
        if (!f) {
            fprintf(stderr, "%s: %s\n", dest, strerror(errno));
            return 1;
        }
    }
    int rc = 0;
    if (o->der) {
        if (sig->der_entitlements.present)
            fwrite(sig->der_entitlements.blob + 8, 1, sig->der_entitlements.length - 8, f);
    } else if (sig->entitlements.present) {
        const char *xml = (const char *)sig->entitlements.blob + 8;
        size_t xl = sig->entitlements.length - 8;
        if (raw || f != stdout) {
            fwrite(xml, 1, xl, f);
        } else {
            plist_t root = NULL;
            if (xl <= UINT32_MAX)
                plist_from_xml(xml, (uint32_t)xl, &root);
            if (!root) {
                fprintf(stderr, "%s: the embedded entitlements are not a valid property list\n", path);
                rc = 1;
            } else {
                print_dict_node(root, 0);
                plist_free(root);
            }
        }
    }
    if (f != stdout)
        fclose(f);
    return rc;
}

static int do_display(const char *path, const struct opts *o)
{
    uint8_t *buf;
    size_t size;
    if (read_file(path, &buf, &size, true)) {
        if (errno == ENOEXEC) /* not code at all: nothing signed */
            fprintf(stderr, "%s: code object is not signed at all\n", path);
        else
            fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return 1;
    }
    struct slice *sl = NULL;
    unsigned n = 0;
    bool fat;
    char err[200];
    int rc = 1;
    struct mo_image img;
    bool have_img = false;
    if (pick_slices(buf, size, &sl, &n, &fat, err, sizeof err)) {
        fprintf(stderr, "%s: main executable failed strict validation: %s\n", path, err);
        goto out;
    }
    unsigned pick = 0;
    int32_t want = MO_CPU_TYPE_X86_64, want_sub = 0;
    bool by_name = false;
    if (o->arch) {
        if (!mo_arch_from_name(o->arch, &want, &want_sub)) {
            fprintf(stderr, "%s: unknown architecture name\n", o->arch);
            goto out;
        }
        by_name = true;
    }
    bool found = false;
    for (unsigned i = 0; i < n && !found; i++)
        if (sl[i].cputype == want) {
            pick = i;
            found = true;
        }
    if (!found && (by_name || !fat)) {
        if (by_name) {
            fprintf(stderr, "%s: No such file or directory (architecture %s)\n", path, o->arch);
            goto out;
        }
    }
    struct mo_error e;
    if (mo_image_parse(sl[pick].buf, sl[pick].size, &img, &e) < 0) {
        bool macho = size >= 4 && (buf[0] == 0xcf || buf[0] == 0xce) && buf[1] == 0xfa;
        if (!macho && !fat)
            fprintf(stderr, "%s: code object is not signed at all\n", path);
        else
            fprintf(stderr, "%s: main executable failed strict validation: %s\n", path, e.msg);
        goto out;
    }
    have_img = true;
    if (!img.code_signature.present) {
        fprintf(stderr, "%s: code object is not signed at all\n", path);
        goto out;
    }
    uint64_t soff = img.code_signature.dataoff, slen = img.code_signature.datasize;
    struct cs_signature sig;
    if (soff > sl[pick].size || slen > sl[pick].size - soff ||
        cs_parse(sl[pick].buf + soff, slen, &sig, err, sizeof err)) {
        if (soff > sl[pick].size || slen > sl[pick].size - soff)
            snprintf(err, sizeof err, "LC_CODE_SIGNATURE data outside the file");
        fprintf(stderr, "%s: invalid or unsupported format for signature: %s\n", path, err);
        goto out;
    }
    char real[PATH_MAX];
    fprintf(stderr, "Executable=%s\n", realpath(path, real) ? real : path);
    if (o->entitlements) {
        rc = display_entitlements(path, &sig, o);
        goto out;
    }
    const struct cs_code_directory *cd = &sig.cds[sig.best];
    char flags[200], h[2 * CS_HASH_MAX_SIZE + 1];
    fprintf(stderr, "Identifier=%s\n", cd->identifier);
    if (fat) {
        fprintf(stderr, "Format=Mach-O universal (");
        for (unsigned i = 0; i < n; i++)
            fprintf(stderr, "%s%s", i ? " " : "", mo_arch_name(sl[i].cputype, sl[i].cpusubtype));
        fprintf(stderr, ")\n");
    } else
        fprintf(stderr, "Format=Mach-O thin (%s)\n", mo_arch_name(img.cputype, img.cpusubtype));
    cs_flags_string(cd->flags, flags, sizeof flags);
    fprintf(stderr, "CodeDirectory v=%x size=%u flags=0x%x(%s) hashes=%u+%u location=embedded\n", cd->version,
            cd->length, cd->flags, flags, cd->n_code_slots, cd->n_special_slots);
    if (cd->platform)
        fprintf(stderr, "Platform identifier=%u\n", cd->platform);
    if (o->verbose >= 3) {
        fprintf(stderr, "Hash type=%s size=%u\n", cs_hash_name(cd->hash_type), cd->hash_size);
        for (unsigned i = 0; i < sig.ncds; i++) {
            hex(sig.cds[i].cdhash, CS_CDHASH_LEN, h);
            fprintf(stderr, "CandidateCDHash %s=%s\n", cs_hash_name(sig.cds[i].hash_type), h);
            hex(sig.cds[i].cdhash_full, sig.cds[i].cdhash_full_len, h);
            fprintf(stderr, "CandidateCDHashFull %s=%s\n", cs_hash_name(sig.cds[i].hash_type), h);
        }
        fprintf(stderr, "Hash choices=");
        for (unsigned i = 0; i < sig.ncds; i++)
            fprintf(stderr, "%s%s", i ? "," : "", cs_hash_name(sig.cds[i].hash_type));
        fprintf(stderr, "\n");
        if (o->verbose >= 4) {
            if (cd->version >= CS_SUPPORTSEXECSEG) {
                fprintf(stderr, "Executable Segment base=%llu\n", (unsigned long long)cd->exec_seg_base);
                fprintf(stderr, "Executable Segment limit=%llu\n", (unsigned long long)cd->exec_seg_limit);
                fprintf(stderr, "Executable Segment flags=0x%llx\n", (unsigned long long)cd->exec_seg_flags);
            }
            fprintf(stderr, "Page size=%llu\n", cd->page_size_log2 ? 1ull << cd->page_size_log2 : 0ull);
        }
        hex(cd->cdhash, CS_CDHASH_LEN, h);
        fprintf(stderr, "CDHash=%s\n", h);
    }
    if (sig.cms_size) {
        fprintf(stderr, "Signature size=%u\n", sig.cms_size);
        if (o->verbose >= 2)
            print_authorities(sig.cms.blob + 8, sig.cms_size);
    } else
        fprintf(stderr, "Signature=adhoc\n");
    static const uint8_t zero[CS_HASH_MAX_SIZE];
    bool info_bound = cd->n_special_slots >= CS_SLOT_INFO &&
                      memcmp(cd->blob + cd->hash_offset - CS_SLOT_INFO * cd->hash_size, zero, cd->hash_size);
    bool res_bound = cd->n_special_slots >= CS_SLOT_RESOURCEDIR &&
                     memcmp(cd->blob + cd->hash_offset - CS_SLOT_RESOURCEDIR * cd->hash_size, zero, cd->hash_size);
    /* an Info.plist or sealed resources bound by hash live in a bundle, which this command
       does not read: said as such rather than counted */
    fprintf(stderr, "Info.plist=%s\n", info_bound ? "bound (bundle not read)" : "not bound");
    fprintf(stderr, "TeamIdentifier=%s\n", cd->team_id ? cd->team_id : "not set");
    if ((cd->flags & CS_FLAG_RUNTIME) && cd->version >= CS_SUPPORTSRUNTIME && cd->runtime) {
        char v[32];
        mo_version_string(cd->runtime, v, sizeof v);
        fprintf(stderr, "Runtime Version=%s\n", v);
    }
    fprintf(stderr, "Sealed Resources=%s\n", res_bound ? "bound (bundle not read)" : "none");
    if (sig.requirements.present)
        fprintf(stderr, "Internal requirements count=%u size=%u\n", sig.requirements_count, sig.requirements.length);
    else
        fprintf(stderr, "Internal requirements=none\n");
    rc = 0;
out:
    if (have_img)
        mo_image_free(&img);
    free(sl);
    free(buf);
    return rc;
}

/* ---------------- sign ---------------- */

static int do_sign(const char *path, const struct opts *o)
{
    if (strcmp(o->identity, "-")) {
        /* Only ad hoc signing: there is no keychain of identities here. */
        fprintf(stderr, "%s: no identity found (machrun signs ad hoc only: -s -)\n", o->identity);
        return 1;
    }
    uint8_t *buf, *ent = NULL, *out = NULL;
    size_t size, ent_len = 0, out_len = 0;
    if (read_file(path, &buf, &size, true)) {
        if (errno == ENOEXEC)
            fprintf(stderr, "%s: not a Mach-O file (machrun signs Mach-O code only)\n", path);
        else
            fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return 1;
    }
    if (o->entitlements && read_file(o->entitlements, &ent, &ent_len, false)) {
        fprintf(stderr, "%s: %s\n", o->entitlements, strerror(errno));
        free(buf);
        return 1;
    }
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    struct cs_sign_options so = {
        .identifier = o->identifier ? o->identifier : base,
        .entitlements = (const char *)ent, .entitlements_len = ent_len, .force = o->force,
        .hash_type = o->hash_types[0], .alt_hash_type = o->hash_types[1],
    };
    char err[300];
    int rc = 1;
    bool was_signed = false;
    {
        struct cs_check c;
        if (!mo_is_fat(buf, size)) {
            was_signed = cs_check_image(buf, size, &c) != CS_UNSIGNED;
            cs_check_free(&c);
        }
    }
    int r = cs_adhoc_sign(buf, size, &so, &out, &out_len, err, sizeof err);
    if (r == CS_SIGN_EALREADY || (r && strstr(err, "is already signed"))) {
        fprintf(stderr, "%s: is already signed\n", path);
        goto done;
    }
    if (r == CS_SIGN_EENT) {
        fprintf(stderr, "%s: %s\n", o->entitlements, err);
        goto done;
    }
    if (r) {
        fprintf(stderr, "%s: %s\n", path, err);
        goto done;
    }
    if (was_signed || (mo_is_fat(buf, size) && o->force))
        fprintf(stderr, "%s: replacing existing signature\n", path);
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.cstemp.XXXXXX", path) >= (int)sizeof tmp) {
        fprintf(stderr, "%s: path too long\n", path);
        goto done;
    }
    int fd = mkstemp(tmp);
    struct stat st;
    if (fd < 0 || stat(path, &st)) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        if (fd >= 0) { close(fd); unlink(tmp); }
        goto done;
    }
    size_t done_bytes = 0;
    while (done_bytes < out_len) {
        ssize_t w = write(fd, out + done_bytes, out_len - done_bytes);
        if (w <= 0)
            break;
        done_bytes += (size_t)w;
    }
    if (done_bytes != out_len || fchmod(fd, st.st_mode & 07777) || close(fd) || rename(tmp, path)) {
        fprintf(stderr, "%s: cannot write the signed file: %s\n", path, strerror(errno));
        unlink(tmp);
        goto done;
    }
    if (o->verbose >= 1)
        fprintf(stderr, "%s: signed Mach-O %s [%s]\n", path, mo_is_fat(buf, size) ? "universal" : "thin", so.identifier);
    rc = 0;
done:
    free(out);
    free(ent);
    free(buf);
    return rc;
}

static int usage(void)
{
    fprintf(stderr,
            "usage: machrun codesign -v [-v...] PATH...\n"
            "       machrun codesign -d [-v...] [-a ARCH] [--entitlements -|:-|FILE [--xml|--der]] PATH...\n"
            "       machrun codesign -s - [-f] [-i IDENTIFIER] [--entitlements FILE]\n"
            "                            [--digest-algorithm=sha1,sha256] [-v] PATH...\n");
    return MR_EXIT_USAGE;
}

int cli_codesign(int argc, char **argv)
{
    struct opts o = { 0 };
    int vcount = 0, i = 1;
    for (; i < argc; i++) {
        char *a = argv[i];
        if (!strcmp(a, "--"))  { i++; break; }
        if (a[0] != '-' || !a[1])
            break;
        if (a[1] == '-') {
            char *val = strchr(a, '=');
            size_t nl = val ? (size_t)(val - a) : strlen(a);
#define LONG(name) (nl == strlen(name) && !strncmp(a, name, nl))
#define NEEDVAL() do { if (!val) { if (i + 1 >= argc) return usage(); val = argv[++i]; } else val++; } while (0)
            if (LONG("--verify")) o.verify = true;
            else if (LONG("--display")) o.display = true;
            else if (LONG("--force")) o.force = true;
            else if (LONG("--xml")) o.xml = true;
            else if (LONG("--der")) o.der = true;
            else if (LONG("--digest-algorithm")) {
                NEEDVAL();
                const char *comma = strchr(val, ',');
                o.hash_types[0] = hash_from_name(val, comma ? (size_t)(comma - val) : strlen(val));
                if (comma)
                    o.hash_types[1] = hash_from_name(comma + 1, strlen(comma + 1));
                if (!o.hash_types[0] || (comma && !o.hash_types[1])) {
                    fprintf(stderr, "machrun codesign: %s: unknown digest algorithm (sha1, sha256, sha256Truncated, sha384)\n", val);
                    return usage();
                }
            }
            else if (LONG("--verbose")) {
                if (val) vcount += atoi(val + 1);
                else vcount++;
            } else if (LONG("--sign")) { NEEDVAL(); o.sign = true; o.identity = val; }
            else if (LONG("--identifier")) { NEEDVAL(); o.identifier = val; }
            else if (LONG("--entitlements")) { NEEDVAL(); o.entitlements = val; }
            else if (LONG("--architecture") || LONG("--arch")) { NEEDVAL(); o.arch = val; }
            else {
                fprintf(stderr, "machrun codesign: unknown option %s\n", a);
                return usage();
            }
#undef LONG
#undef NEEDVAL
            continue;
        }
        for (char *c = a + 1; *c; c++) {
            const char **target = NULL;
            switch (*c) {
            case 'v': vcount++; break;
            case 'd': o.display = true; break;
            case 'f': o.force = true; break;
            case 's': target = &o.identity; o.sign = true; break;
            case 'i': target = &o.identifier; break;
            case 'a': target = &o.arch; break;
            default:
                fprintf(stderr, "machrun codesign: unknown option -%c\n", *c);
                return usage();
            }
            if (target) {
                if (c[1])
                    *target = c + 1;
                else if (i + 1 < argc)
                    *target = argv[++i];
                else
                    return usage();
                break;
            }
        }
    }
    if (i >= argc)
        return usage();
    /* -v is both the verify operation and, with another operation, verbosity. */
    if (!o.sign && !o.display && !o.verify && vcount) {
        o.verify = true;
        vcount--;
    }
    o.verbose = vcount;
    if ((int)o.sign + (int)o.display + (int)o.verify != 1) {
        fprintf(stderr, "machrun codesign: exactly one of -s, -v, -d is needed\n");
        return usage();
    }
    int rc = 0;
    for (; i < argc; i++) {
        int r = o.sign ? do_sign(argv[i], &o) : o.display ? do_display(argv[i], &o) : do_verify(argv[i], &o);
        if (r)
            rc = r;
    }
    return rc;
}
