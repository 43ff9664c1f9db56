/*
 * codesign.h — the interface of src/codesign/: embedded Mach-O code signatures.
 *
 * Reading: the SuperBlob that LC_CODE_SIGNATURE points at (CSMAGIC_EMBEDDED_SIGNATURE,
 * big-endian), its CodeDirectories (versions 0x20001..0x20600, alternates at slots
 * 0x1000+), hash types SHA-1, SHA-256, SHA-256 truncated and SHA-384, the special slots
 * (Info.plist, requirements, resource directory, application, entitlements XML and DER)
 * and the CMS blob (presence and size only: the Apple certificate chain is NOT verified,
 * so a Developer ID signature is checked exactly as far as an ad hoc one: every page and
 * every bound blob against the CodeDirectory hashes).
 * Writing: ad hoc signatures for thin and universal files, as `codesign -s -` makes them.
 *
 * Everything works on byte buffers owned by the caller; no I/O. Every offset, length and
 * count read from a signature is checked: a malformed signature is an error, never a crash.
 */
#ifndef MACHRUN_CODESIGN_H
#define MACHRUN_CODESIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- constants (values from xnu's osfmk/kern/cs_blobs.h) ---- */
#define CS_MAGIC_REQUIREMENT            0xfade0c00u
#define CS_MAGIC_REQUIREMENTS           0xfade0c01u
#define CS_MAGIC_CODEDIRECTORY          0xfade0c02u
#define CS_MAGIC_EMBEDDED_SIGNATURE     0xfade0cc0u
#define CS_MAGIC_DETACHED_SIGNATURE     0xfade0cc1u
#define CS_MAGIC_BLOBWRAPPER            0xfade0b01u
#define CS_MAGIC_EMBEDDED_ENTITLEMENTS  0xfade7171u
#define CS_MAGIC_EMBEDDED_DER_ENTITLEMENTS 0xfade7172u

#define CS_SLOT_CODEDIRECTORY   0
#define CS_SLOT_INFO            1
#define CS_SLOT_REQUIREMENTS    2
#define CS_SLOT_RESOURCEDIR     3
#define CS_SLOT_APPLICATION     4
#define CS_SLOT_ENTITLEMENTS    5
#define CS_SLOT_DER_ENTITLEMENTS 7
#define CS_SLOT_ALTERNATE_CD    0x1000u   /* 0x1000..0x1004 */
#define CS_SLOT_ALTERNATE_CD_MAX 5
#define CS_SLOT_SIGNATURE       0x10000u  /* CMS */

#define CS_HASHTYPE_SHA1              1
#define CS_HASHTYPE_SHA256            2
#define CS_HASHTYPE_SHA256_TRUNCATED  3
#define CS_HASHTYPE_SHA384            4
#define CS_CDHASH_LEN                 20
#define CS_HASH_MAX_SIZE              48

#define CS_SUPPORTSSCATTER      0x20100u
#define CS_SUPPORTSTEAMID       0x20200u
#define CS_SUPPORTSCODELIMIT64  0x20300u
#define CS_SUPPORTSEXECSEG      0x20400u
#define CS_SUPPORTSRUNTIME      0x20500u
#define CS_SUPPORTSLINKAGE      0x20600u

/* CodeDirectory flags */
#define CS_FLAG_HOST            0x1u
#define CS_FLAG_ADHOC           0x2u
#define CS_FLAG_HARD            0x100u
#define CS_FLAG_KILL            0x200u
#define CS_FLAG_EXPIRES         0x400u
#define CS_FLAG_RESTRICT        0x800u
#define CS_FLAG_ENFORCEMENT     0x1000u
#define CS_FLAG_LIBRARY_VALIDATION 0x2000u
#define CS_FLAG_RUNTIME         0x10000u
#define CS_FLAG_LINKER_SIGNED   0x20000u

#define CS_EXECSEG_MAIN_BINARY  0x1u

/* ---- a parsed CodeDirectory (pointers into the signature buffer) ---- */
struct cs_code_directory {
    uint32_t slot;             /* 0, or 0x1000+i for an alternate */
    const uint8_t *blob;       /* the whole CodeDirectory blob */
    uint32_t length;
    uint32_t version, flags, hash_offset, ident_offset, n_special_slots, n_code_slots;
    uint64_t code_limit;       /* codeLimit64 when set (v >= 0x20300), else codeLimit */
    uint8_t hash_size, hash_type, platform, page_size_log2;   /* page_size_log2 0: one page */
    uint32_t scatter_offset;   /* v >= 0x20100; scatter vectors are reported, not supported */
    const char *identifier;    /* NUL-terminated inside the blob (checked) */
    const char *team_id;       /* NULL if not set */
    uint64_t exec_seg_base, exec_seg_limit, exec_seg_flags;   /* v >= 0x20400 */
    uint32_t runtime, pre_encrypt_offset;                      /* v >= 0x20500 */
    uint8_t linkage_hash_type, linkage_app_type;               /* v >= 0x20600 */
    uint16_t linkage_app_subtype;
    uint32_t linkage_offset, linkage_size;
    uint8_t cdhash[CS_CDHASH_LEN];       /* hash of the blob, truncated to 20 bytes */
    uint8_t cdhash_full[CS_HASH_MAX_SIZE];
    unsigned cdhash_full_len;
};

/* A special-slot blob present in the SuperBlob. */
struct cs_blob_ref { bool present; const uint8_t *blob; uint32_t length; };

struct cs_signature {
    const uint8_t *data;       /* the SuperBlob */
    uint32_t length, count;
    struct cs_code_directory cds[1 + CS_SLOT_ALTERNATE_CD_MAX];
    unsigned ncds;
    unsigned best;             /* index in cds of the strongest hash type (what Apple shows) */
    struct cs_blob_ref requirements;   /* slot 2: whole blob */
    uint32_t requirements_count;
    struct cs_blob_ref entitlements;   /* slot 5: whole blob; XML after the 8-byte header */
    struct cs_blob_ref der_entitlements; /* slot 7 */
    struct cs_blob_ref application;    /* slot 4 */
    struct cs_blob_ref cms;            /* slot 0x10000: whole wrapper blob */
    uint32_t cms_size;                 /* CMS payload size; 0 = none (ad hoc) */
};

/* Parse a SuperBlob of `len` bytes. 0 on success; -1 on a malformed signature with one
 * line in err ("CodeDirectory at slot 0x0: hashOffset past the blob"). No hashing of the
 * code is done here (the cdhashes are computed). */
int cs_parse(const uint8_t *sig, size_t len, struct cs_signature *out, char *err, size_t errlen);
/* The same, with flags: CS_PARSE_NO_CDHASH leaves the cdhashes out (cdhash_full_len 0), for a
 * launch that only wants the entitlements and identifier and need not hash at all. */
#define CS_PARSE_NO_CDHASH 1u
int cs_parse_ex(const uint8_t *sig, size_t len, unsigned flags, struct cs_signature *out, char *err, size_t errlen);

/* Name of a hash type: "sha1", "sha256", "sha256Truncated", "sha384", or "unknown". */
const char *cs_hash_name(uint8_t hash_type);
/* Digest size for a hash type (20, 32, 20, 48), or 0 if unknown. */
unsigned cs_hash_size(uint8_t hash_type);
/* Hash with the CodeDirectory hash type (full size of the algorithm, before truncation);
 * returns the digest length or 0 on failure. */
unsigned cs_digest(uint8_t hash_type, const void *data, size_t len, uint8_t out[CS_HASH_MAX_SIZE]);
/* "adhoc,linker-signed" style names of CodeDirectory flags into buf ("none" for 0). */
void cs_flags_string(uint32_t flags, char *buf, size_t n);

/* ---- checking a thin image ---- */
enum cs_status {
    CS_UNSIGNED = 0,   /* no LC_CODE_SIGNATURE */
    CS_VALID = 1,      /* every hash matches (CMS chain not verified, see above) */
    CS_INVALID = 2,    /* a hash does not match: code or signature modified */
    CS_MALFORMED = 3,  /* the signature or the Mach-O cannot be read */
};

struct cs_check {
    enum cs_status status;
    char reason[400];          /* one line when not CS_VALID */
    char *identifier;          /* malloc'd, or NULL */
    char *team_id;             /* malloc'd, or NULL */
    char *entitlements_xml;    /* malloc'd NUL-terminated XML of slot 5, or NULL */
    uint32_t flags;            /* CodeDirectory flags (CS_FLAG_*) */
    bool adhoc;                /* no CMS signature (or CS_FLAG_ADHOC) */
    uint8_t cdhash[CS_CDHASH_LEN];
};

/* For the exec stage (--require-signature): check a thin image as mo_image_parse takes
 * it (buf, size). Verifies every CodeDirectory's page hashes over the file's bytes and the
 * hashes of the bound special blobs. Returns out->status. Free with cs_check_free. */
enum cs_status cs_check_image(const uint8_t *buf, size_t size, struct cs_check *out);
void cs_check_free(struct cs_check *c);

/* The same with a parsed signature at hand: verifies sig against the image bytes
 * [0, code_limit). Returns CS_VALID or CS_INVALID/CS_MALFORMED with a reason. */
enum cs_status cs_verify(const uint8_t *buf, size_t size, uint64_t sig_offset,
                         const struct cs_signature *sig, char *reason, size_t n);

/* ---- ad hoc signing ---- */
struct cs_sign_options {
    const char *identifier;      /* required (the CLI defaults it to the file's base name) */
    const char *entitlements;    /* XML plist text, or NULL */
    size_t entitlements_len;
    bool force;                  /* replace an existing signature */
    uint8_t hash_type;           /* slot 0 CodeDirectory: 0 = CS_HASHTYPE_SHA256 */
    uint8_t alt_hash_type;       /* 0, or an alternate CodeDirectory at slot 0x1000 */
};

enum {
    CS_SIGN_OK = 0,
    CS_SIGN_EFORMAT = -1,        /* not a Mach-O we can sign / malformed */
    CS_SIGN_EALREADY = -2,       /* already signed and !force */
    CS_SIGN_ENOROOM = -3,        /* no room in the header padding for LC_CODE_SIGNATURE */
    CS_SIGN_ENOMEM = -4,
    CS_SIGN_EENT = -5,           /* entitlements are not a valid plist */
};

/* Ad hoc sign a thin 64-bit image or every slice of a universal file. On success *out
 * (malloc'd) holds the whole new file. On failure returns CS_SIGN_E* with one line in err. */
int cs_adhoc_sign(const uint8_t *in, size_t in_size, const struct cs_sign_options *opt,
                  uint8_t **out, size_t *out_size, char *err, size_t errlen);

/* Encode an entitlements XML plist in Apple's DER form (slot 7). *der is malloc'd.
 * 0 on success, -1 if the XML is not a dictionary plist (err filled). */
int cs_entitlements_der(const char *xml, size_t len, uint8_t **der, size_t *der_len,
                        char *err, size_t errlen);

#endif
