/*
 * corefoundation.c — the CoreFoundation object model and its basic types, as command-line
 * tools use them (Go's crypto/x509 builds CFStrings at start-up): reference counting and
 * reference-counted CFData, CFArray, CFDate and CFError objects here; CFString in
 * cf_string.c, the other CF types in cf_more.c, CFRunLoop in cf_runloop.c (the object model:
 * include/machrun/darwin/cf.h). Security's objects are CF objects too (Security/trust.c).
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/darwin/cf.h"
#include "machrun/darwin/private.h"

/* kCFAllocatorNull's object (exported by cf_more.c; CFString's NoCopy calls compare with it). */
const struct cf d_cf_allocator_null_obj = CF_STATIC_OBJ(CF_EXT_LAST);

struct cf *cf_new(uint32_t type)
{
    struct cf *o = calloc(1, sizeof *o);
    if (o) {
        o->magic = CF_MAGIC;
        o->type = type;
        o->refs = 1;
    }
    return o;
}

const void *d_CFRetain(const void *p)
{
    /* static objects (exported constants, a program's constant strings) are never counted:
     * some live in read-only memory */
    if (is_cf(p) && ((const struct cf *)p)->refs < CF_STATIC_REFS)
        __atomic_add_fetch(&((struct cf *)p)->refs, 1, __ATOMIC_RELAXED);
    return p;
}
DARWIN_EXPORT("_CFRetain", d_CFRetain);

void cf_dict_free(struct cf *d)
{
    for (long i = 0; i < d->u.dict.n; i++)
        if (d->u.dict.retains) {
            d_CFRelease(d->u.dict.k[i]);
            d_CFRelease(d->u.dict.v[i]);
        }
    free(d->u.dict.k);
    free(d->u.dict.v);
}

static void cf_free(struct cf *o)
{
    switch (o->type) {
    case CF_ARRAY:
        if (o->u.array.retains)
            for (long i = 0; i < o->u.array.n; i++)
                d_CFRelease(o->u.array.v[i]);
        free(o->u.array.v);
        break;
    case CF_ERROR:
        d_CFRelease(o->u.error.domain);
        d_CFRelease(o->u.error.desc);
        break;
    case SEC_TRUST:
        d_CFRelease(o->u.trust.certs);
        d_CFRelease(o->u.trust.policies);
        d_CFRelease(o->u.trust.anchors);
        d_CFRelease(o->u.trust.chain);
        d_CFRelease(o->u.trust.err_desc);
        break;
    case SEC_POLICY:
        d_CFRelease(o->u.policy.host);
        break;
    case CF_DICTIONARY:
        cf_dict_free(o);
        break;
    case CF_URL:
        d_CFRelease(o->u.url.string);
        free(o->u.data.bytes);
        break;
    case CF_DATE:
    case CF_NUMBER:
    case CF_BOOLEAN:
        break;
    default:
        if (o->type >= CF_EXT_FIRST && o->type <= CF_EXT_LAST) {
            if (o->u.ext.fin)
                o->u.ext.fin(o);
            break;
        }
        free(o->u.data.bytes);
    }
    o->magic = 0;
    free(o);
}

void d_CFRelease(const void *p)
{
    if (!is_cf(p))
        return;
    struct cf *o = (struct cf *)p;
    if (o->refs >= CF_STATIC_REFS)
        return;
    if (__atomic_sub_fetch(&o->refs, 1, __ATOMIC_ACQ_REL) == 0)
        cf_free(o);
}
DARWIN_EXPORT("_CFRelease", d_CFRelease);

static unsigned long d_CFGetTypeID(const void *p) { return is_cf(p) ? ((const struct cf *)p)->type : 0; }
DARWIN_EXPORT("_CFGetTypeID", d_CFGetTypeID);
static long d_CFGetRetainCount(const void *p) { return is_cf(p) ? ((const struct cf *)p)->refs : 0; }
DARWIN_EXPORT("_CFGetRetainCount", d_CFGetRetainCount);

struct cf *cf_bytes_obj(uint32_t type, const uint8_t *b, long n)
{
    struct cf *o = cf_new(type);
    if (!o || n < 0)
        return o;
    o->u.data.bytes = malloc((size_t)n + 1);
    if (o->u.data.bytes) {
        if (n)
            memcpy(o->u.data.bytes, b, (size_t)n);
        o->u.data.bytes[n] = 0;
        o->u.data.len = n;
    }
    return o;
}

/* CFString: cf_string.c. */

static struct cf *d_CFDataCreate(const void *alloc, const uint8_t *b, long n)
{
    (void)alloc;
    return cf_bytes_obj(CF_DATA, b, n);
}
DARWIN_EXPORT("_CFDataCreate", d_CFDataCreate);

static const uint8_t *d_CFDataGetBytePtr(struct cf *d) { return is_cf(d) ? d->u.data.bytes : NULL; }
static long d_CFDataGetLength(struct cf *d) { return is_cf(d) ? d->u.data.len : 0; }
DARWIN_EXPORT("_CFDataGetBytePtr", d_CFDataGetBytePtr);
DARWIN_EXPORT("_CFDataGetLength", d_CFDataGetLength);

/* kCFTypeArrayCallBacks: its address tells CFArrayCreate* to retain the values. */
const long d_kCFTypeArrayCallBacks[5] = { 0 };
DARWIN_EXPORT_DATA("_kCFTypeArrayCallBacks", d_kCFTypeArrayCallBacks);
static const void *d_kCFAllocatorDefault = NULL;
DARWIN_EXPORT_DATA("_kCFAllocatorDefault", d_kCFAllocatorDefault);

struct cf *d_CFArrayCreateMutable(const void *alloc, long cap, const void *callbacks)
{
    (void)alloc;
    (void)cap;
    struct cf *a = cf_new(CF_ARRAY);
    if (a)
        a->u.array.retains = callbacks == d_kCFTypeArrayCallBacks;
    return a;
}
DARWIN_EXPORT("_CFArrayCreateMutable", d_CFArrayCreateMutable);

void d_CFArrayAppendValue(struct cf *a, const void *v)
{
    if (!is_cf(a) || a->type != CF_ARRAY)
        return;
    if (a->u.array.n == a->u.array.cap) {
        long c = a->u.array.cap ? a->u.array.cap * 2 : 8;
        struct cf **n = realloc(a->u.array.v, (size_t)c * sizeof *n);
        if (!n)
            return;
        a->u.array.v = n;
        a->u.array.cap = c;
    }
    a->u.array.v[a->u.array.n++] = (struct cf *)v;
    if (a->u.array.retains)
        d_CFRetain(v);
}
DARWIN_EXPORT("_CFArrayAppendValue", d_CFArrayAppendValue);

static struct cf *d_CFArrayCreate(const void *alloc, const void **values, long n, const void *callbacks)
{
    struct cf *a = d_CFArrayCreateMutable(alloc, n, callbacks);
    for (long i = 0; a && i < n; i++)
        d_CFArrayAppendValue(a, values[i]);
    return a;
}
DARWIN_EXPORT("_CFArrayCreate", d_CFArrayCreate);

long d_CFArrayGetCount(struct cf *a) { return is_cf(a) && a->type == CF_ARRAY ? a->u.array.n : 0; }
const void *d_CFArrayGetValueAtIndex(struct cf *a, long i)
{
    return is_cf(a) && a->type == CF_ARRAY && i >= 0 && i < a->u.array.n ? a->u.array.v[i] : NULL;
}
DARWIN_EXPORT("_CFArrayGetCount", d_CFArrayGetCount);
DARWIN_EXPORT("_CFArrayGetValueAtIndex", d_CFArrayGetValueAtIndex);

static struct cf *d_CFDateCreate(const void *alloc, double at)
{
    (void)alloc;
    struct cf *d = cf_new(CF_DATE);
    if (d)
        d->u.date = at;
    return d;
}
DARWIN_EXPORT("_CFDateCreate", d_CFDateCreate);

static long d_CFErrorGetCode(struct cf *e) { return is_cf(e) && e->type == CF_ERROR ? e->u.error.code : 0; }
static struct cf *d_CFErrorCopyDescription(struct cf *e)
{
    if (!is_cf(e) || e->type != CF_ERROR)
        return NULL;
    d_CFRetain(e->u.error.desc);
    return e->u.error.desc;
}
static struct cf *d_CFErrorGetDomain(struct cf *e) { return is_cf(e) && e->type == CF_ERROR ? e->u.error.domain : NULL; }
DARWIN_EXPORT("_CFErrorGetCode", d_CFErrorGetCode);
DARWIN_EXPORT("_CFErrorGetDomain", d_CFErrorGetDomain);
DARWIN_EXPORT("_CFErrorCopyDescription", d_CFErrorCopyDescription);
