/* cf_private.h — the CoreFoundation object model shared by corefoundation.c and the files
 * that add CF types (cf_more.c: CFURL, CFNumber, CFBoolean, CFDictionary, CFTimeZone;
 * cf_runloop.c: CFRunLoop; coreservices.c: FSEventStream; iokit.c). */
#ifndef MACHRUN_CF_PRIVATE_H
#define MACHRUN_CF_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

/* Type ids: CoreFoundation's own numbers where callers compare them with X_GetTypeID(). */
enum cf_type {
    CF_STRING = 7, CF_DICTIONARY = 18, CF_ARRAY = 19, CF_DATA = 20, CF_BOOLEAN = 21, CF_NUMBER = 22,
    CF_URL = 29, CF_DATE = 42, CF_ERROR = 60,
    CF_EXT_FIRST = 100,  /* types whose storage another file owns (u.ext, freed by u.ext.fin) */
    CF_TIMEZONE = 100, CF_RUNLOOP = 101, CF_FSEVENTSTREAM = 102, CF_IOOBJECT = 103,
    CF_DISPATCH = 104, CF_RUNLOOPSOURCE = 105,
    CF_EXT_LAST = 199,
    SEC_CERT = 200, SEC_POLICY = 201, SEC_TRUST = 202
};

#define CF_MAGIC 0x43464f42u /* "CFOB" */
#define CF_STATIC_REFS (1 << 30) /* objects with at least this many references are never freed */

struct cf {
    uint32_t magic;
    uint32_t type;
    int refs;
    int pad_;
    union {
        struct { uint8_t *bytes; long len; } data;  /* CFString (UTF-8), CFData, CFURL (path), SecCertificate (DER) */
        struct { uint8_t *bytes; long len; struct cf *string; } url; /* CFURL: data, and its CFURLGetString */
        struct { struct cf **v; long n, cap; bool retains; } array;
        struct { struct cf **k, **v; long n, cap; bool retains; } dict;
        double date;
        struct { long code; struct cf *domain, *desc; } error;
        /* SecTrust (Security/trust.c): the certificates and policies it was made with, its
         * anchors (NULL: the system's), the verify date (absolute time, when has_date), and
         * the last evaluation: chain built (leaf first), result (kSecTrustResultType, 0 when
         * not evaluated), error code and description (a CFString) when not trusted */
        struct {
            struct cf *certs, *policies, *anchors, *chain, *err_desc;
            double date;
            int err_code;
            uint8_t result;
            bool has_date, anchors_only;
        } trust;
        struct { struct cf *host; bool ssl, server; } policy; /* SecPolicy: SSL (host a CFString or NULL) or basic X.509 */
        struct { int kind; union { int64_t i; double d; } v; } number; /* kind: 0 integer, 1 float */
        bool boolean;
        struct { void *p; void (*fin)(struct cf *); } ext;
    } u;
};

/* Constant CFStrings compiled into a program (__DATA,__cfstring, 32 bytes each: isa =
 * &__CFConstantStringClassReference, the info word, the characters, the length) become
 * static CFStrings in place the first time CF meets them (cf_constant_string.c): their
 * character pointer and length already sit where u.data.bytes and u.data.len do. */
extern const uintptr_t cf_constant_string_class[];
bool cf_adopt_constant_string(const void *p); /* false if p is not one */

static inline bool is_cf(const void *p)
{
    if (!p)
        return false;
    if (((const struct cf *)p)->magic == CF_MAGIC)
        return true;
    return *(const void *const *)p == (const void *)cf_constant_string_class && cf_adopt_constant_string(p);
}
static inline bool cf_is(const void *p, uint32_t type) { return is_cf(p) && ((const struct cf *)p)->type == type; }

struct cf *cf_new(uint32_t type);
struct cf *cf_bytes_obj(uint32_t type, const uint8_t *b, long n); /* copies n bytes, NUL-terminates */
const void *d_CFRetain(const void *p);
void d_CFRelease(const void *p);
struct cf *cf_string(const char *utf8);                              /* a new CFString */
extern const long d_kCFTypeArrayCallBacks[5];
struct cf *d_CFArrayCreateMutable(const void *alloc, long cap, const void *callbacks);
void d_CFArrayAppendValue(struct cf *a, const void *v);
long d_CFArrayGetCount(struct cf *a);
const void *d_CFArrayGetValueAtIndex(struct cf *a, long i);
bool d_CFEqual(const void *a, const void *b);
struct cf *d_CFDictionaryCreateMutable(const void *alloc, long cap, const void *kcb, const void *vcb);
void cf_dict_free(struct cf *d); /* cf_free's part for CF_DICTIONARY (corefoundation.c) */
struct cf *cf_dict_new(void);     /* a mutable dictionary with kCFType callbacks */
void cf_dict_set(struct cf *d, const void *k, const void *v);
const void *cf_dict_get(struct cf *d, const void *k); /* NULL when absent */
struct cf *cf_number_i64(int64_t v);
struct cf *cf_boolean(bool v);      /* kCFBooleanTrue or kCFBooleanFalse */
/* Run loops (cf_runloop.c): count a source scheduled on (+1) or removed from (-1) a run
 * loop; post work for the loop's thread to run (false if rl is not a run loop); the main
 * thread's run loop; run what is posted to rl for ever, sources or not (dispatch_main). */
void cf_runloop_sources(struct cf *rl, int delta);
bool cf_runloop_post(struct cf *rl, void (*fn)(void *), void *ctx);
struct cf *cf_main_runloop(void);
void cf_runloop_serve_forever(struct cf *rl);
/* A static (never freed) CF object for exported constants. */
#define CF_STATIC_OBJ(type_) { CF_MAGIC, type_, CF_STATIC_REFS, 0, { .data = { 0, 0 } } }
/* kCFAllocatorNull's object (corefoundation.c): a deallocator that frees nothing. */
extern const struct cf d_cf_allocator_null_obj;

#endif
