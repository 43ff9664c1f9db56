/*
 * cf_more.c — the CoreFoundation types Rust crates reach for besides strings: the allocator
 * constants, CFBoolean, CFNumber, CFDictionary, CFURL for file paths (what fsevent-sys does
 * to canonicalise a watched path), CFTimeZone (iana-time-zone, chrono's local zone), CFEqual,
 * and the array and data calls missing from corefoundation.c.
 *
 * CFURL here is a file URL: a POSIX path plus an is-directory bit. File reference URLs are
 * kept as the real path (symbolic links resolved), which is what converting one back with
 * CFURLCreateFilePathURL gives on macOS. URLs of other schemes are refused (NULL): partial.
 * CFTimeZoneCopySystem names the zone from TZ (when it names a zoneinfo file), else from
 * the /etc/localtime link, else "GMT" as macOS does when it cannot tell.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machrun/darwin/cf.h"
#include "machrun/darwin/private.h"

/* ---- allocators: only their identity matters (every allocation is malloc; kCFAllocatorNull's
 * object is corefoundation.c's) ---- */
static const struct cf d_cf_allocator_malloc_obj = CF_STATIC_OBJ(CF_EXT_LAST);
static const struct cf d_cf_allocator_sysdef_obj = CF_STATIC_OBJ(CF_EXT_LAST);
static const void *d_kCFAllocatorNull = &d_cf_allocator_null_obj;
static const void *d_kCFAllocatorMalloc = &d_cf_allocator_malloc_obj;
static const void *d_kCFAllocatorSystemDefault = &d_cf_allocator_sysdef_obj;
static const void *d_kCFAllocatorMallocZone = &d_cf_allocator_malloc_obj;
DARWIN_EXPORT_DATA("_kCFAllocatorNull", d_kCFAllocatorNull);
DARWIN_EXPORT_DATA("_kCFAllocatorMalloc", d_kCFAllocatorMalloc);
DARWIN_EXPORT_DATA("_kCFAllocatorSystemDefault", d_kCFAllocatorSystemDefault);
DARWIN_EXPORT_DATA("_kCFAllocatorMallocZone", d_kCFAllocatorMallocZone);

/* ---- CFBoolean ---- */
static struct cf cf_true = { CF_MAGIC, CF_BOOLEAN, CF_STATIC_REFS, 0, { .boolean = true } };
static struct cf cf_false = { CF_MAGIC, CF_BOOLEAN, CF_STATIC_REFS, 0, { .boolean = false } };
static const void *d_kCFBooleanTrue = &cf_true;
static const void *d_kCFBooleanFalse = &cf_false;
DARWIN_EXPORT_DATA("_kCFBooleanTrue", d_kCFBooleanTrue);
DARWIN_EXPORT_DATA("_kCFBooleanFalse", d_kCFBooleanFalse);
struct cf *cf_boolean(bool v) { return v ? &cf_true : &cf_false; }
static bool d_CFBooleanGetValue(struct cf *b) { return cf_is(b, CF_BOOLEAN) && b->u.boolean; }
static unsigned long d_CFBooleanGetTypeID(void) { return CF_BOOLEAN; }
DARWIN_EXPORT("_CFBooleanGetValue", d_CFBooleanGetValue);
DARWIN_EXPORT("_CFBooleanGetTypeID", d_CFBooleanGetTypeID);

/* ---- type ids ---- */
static unsigned long d_CFArrayGetTypeID(void) { return CF_ARRAY; }
static unsigned long d_CFDataGetTypeID(void) { return CF_DATA; }
static unsigned long d_CFDictionaryGetTypeID(void) { return CF_DICTIONARY; }
static unsigned long d_CFNumberGetTypeID(void) { return CF_NUMBER; }
static unsigned long d_CFURLGetTypeID(void) { return CF_URL; }
static unsigned long d_CFDateGetTypeID(void) { return CF_DATE; }
static unsigned long d_CFErrorGetTypeID(void) { return CF_ERROR; }
static unsigned long d_CFTimeZoneGetTypeID(void) { return CF_TIMEZONE; }
DARWIN_EXPORT("_CFArrayGetTypeID", d_CFArrayGetTypeID);
DARWIN_EXPORT("_CFDataGetTypeID", d_CFDataGetTypeID);
DARWIN_EXPORT("_CFDictionaryGetTypeID", d_CFDictionaryGetTypeID);
DARWIN_EXPORT("_CFNumberGetTypeID", d_CFNumberGetTypeID);
DARWIN_EXPORT("_CFURLGetTypeID", d_CFURLGetTypeID);
DARWIN_EXPORT("_CFDateGetTypeID", d_CFDateGetTypeID);
DARWIN_EXPORT("_CFErrorGetTypeID", d_CFErrorGetTypeID);
DARWIN_EXPORT("_CFTimeZoneGetTypeID", d_CFTimeZoneGetTypeID);

/* ---- CFNumber ---- */
enum { N_SInt8 = 1, N_SInt16, N_SInt32, N_SInt64, N_Float32, N_Float64, N_Char, N_Short, N_Int, N_Long,
       N_LongLong, N_Float, N_Double, N_CFIndex, N_NSInteger, N_CGFloat };

static bool num_is_float(long t) { return t == N_Float32 || t == N_Float64 || t == N_Float || t == N_Double || t == N_CGFloat; }
static int num_size(long t)
{
    switch (t) {
    case N_SInt8: case N_Char: return 1;
    case N_SInt16: case N_Short: return 2;
    case N_SInt32: case N_Int: case N_Float32: case N_Float: return 4;
    default: return 8;
    }
}

static struct cf *d_CFNumberCreate(const void *alloc, long type, const void *v)
{
    (void)alloc;
    if (type < N_SInt8 || type > N_CGFloat || !v)
        return NULL;
    struct cf *n = cf_new(CF_NUMBER);
    if (!n)
        return NULL;
    if (num_is_float(type)) {
        n->u.number.kind = 1;
        n->u.number.v.d = num_size(type) == 4 ? (double)*(const float *)v : *(const double *)v;
    } else {
        switch (num_size(type)) {
        case 1: n->u.number.v.i = *(const int8_t *)v; break;
        case 2: n->u.number.v.i = *(const int16_t *)v; break;
        case 4: n->u.number.v.i = *(const int32_t *)v; break;
        default: n->u.number.v.i = *(const int64_t *)v;
        }
    }
    return n;
}
DARWIN_EXPORT("_CFNumberCreate", d_CFNumberCreate);

/* Converts to `type`; false when the value does not fit exactly (it is still stored, as CF
 * stores the truncated/rounded value). */
static bool d_CFNumberGetValue(struct cf *n, long type, void *out)
{
    if (!cf_is(n, CF_NUMBER) || !out)
        return false;
    bool exact = true;
    if (num_is_float(type)) {
        double d = n->u.number.kind ? n->u.number.v.d : (double)n->u.number.v.i;
        if (!n->u.number.kind && (int64_t)d != n->u.number.v.i)
            exact = false;
        if (num_size(type) == 4) {
            float f = (float)d;
            exact = exact && (double)f == d;
            *(float *)out = f;
        } else {
            *(double *)out = d;
        }
        return exact;
    }
    int64_t i;
    if (n->u.number.kind) {
        double d = n->u.number.v.d;
        i = isnan(d) ? 0 : d >= 9.2233720368547758e18 ? INT64_MAX : d <= -9.2233720368547758e18 ? INT64_MIN : (int64_t)d;
        exact = (double)i == d;
    } else {
        i = n->u.number.v.i;
    }
    switch (num_size(type)) {
    case 1: *(int8_t *)out = (int8_t)i; exact = exact && i == (int8_t)i; break;
    case 2: *(int16_t *)out = (int16_t)i; exact = exact && i == (int16_t)i; break;
    case 4: *(int32_t *)out = (int32_t)i; exact = exact && i == (int32_t)i; break;
    default: *(int64_t *)out = i;
    }
    return exact;
}
DARWIN_EXPORT("_CFNumberGetValue", d_CFNumberGetValue);

static long d_CFNumberGetType(struct cf *n) { return cf_is(n, CF_NUMBER) && n->u.number.kind ? N_Float64 : N_SInt64; }
static bool d_CFNumberIsFloatType(struct cf *n) { return cf_is(n, CF_NUMBER) && n->u.number.kind; }
static long d_CFNumberGetByteSize(struct cf *n) { (void)n; return 8; }
DARWIN_EXPORT("_CFNumberGetType", d_CFNumberGetType);
DARWIN_EXPORT("_CFNumberIsFloatType", d_CFNumberIsFloatType);
DARWIN_EXPORT("_CFNumberGetByteSize", d_CFNumberGetByteSize);

/* ---- CFEqual / CFHash ---- */
bool d_CFEqual(const void *x, const void *y)
{
    if (x == y)
        return true;
    if (!is_cf(x) || !is_cf(y))
        return false;
    const struct cf *a = x, *b = y;
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case CF_STRING: case CF_DATA: case CF_URL: case SEC_CERT: case CF_TIMEZONE:
        if (a->type == CF_TIMEZONE)
            return d_CFEqual(a->u.ext.p, b->u.ext.p);
        return a->u.data.len == b->u.data.len && !memcmp(a->u.data.bytes, b->u.data.bytes, (size_t)a->u.data.len);
    case CF_BOOLEAN:
        return a->u.boolean == b->u.boolean;
    case CF_NUMBER:
        if (a->u.number.kind || b->u.number.kind) {
            double p = a->u.number.kind ? a->u.number.v.d : (double)a->u.number.v.i;
            double q = b->u.number.kind ? b->u.number.v.d : (double)b->u.number.v.i;
            return p == q;
        }
        return a->u.number.v.i == b->u.number.v.i;
    case CF_DATE:
        return a->u.date == b->u.date;
    case CF_ARRAY:
        if (a->u.array.n != b->u.array.n)
            return false;
        for (long i = 0; i < a->u.array.n; i++)
            if (!d_CFEqual(a->u.array.v[i], b->u.array.v[i]))
                return false;
        return true;
    default:
        return false;
    }
}
DARWIN_EXPORT("_CFEqual", d_CFEqual);

static unsigned long d_CFHash(const void *x)
{
    if (!is_cf(x))
        return (unsigned long)(uintptr_t)x;
    const struct cf *a = x;
    uint64_t h = 1469598103934665603ull;
    switch (a->type) {
    case CF_STRING: case CF_DATA: case CF_URL:
        for (long i = 0; i < a->u.data.len; i++)
            h = (h ^ a->u.data.bytes[i]) * 1099511628211ull;
        return (unsigned long)h;
    case CF_NUMBER:
        return (unsigned long)(a->u.number.kind ? (int64_t)a->u.number.v.d : a->u.number.v.i);
    case CF_BOOLEAN:
        return a->u.boolean;
    default:
        return (unsigned long)(uintptr_t)x;
    }
}
DARWIN_EXPORT("_CFHash", d_CFHash);

/* ---- CFArray (mutation) and CFData ---- */
static void d_CFArrayInsertValueAtIndex(struct cf *a, long idx, const void *v)
{
    if (!cf_is(a, CF_ARRAY) || idx < 0 || idx > a->u.array.n)
        return;
    d_CFArrayAppendValue(a, v); /* grows and retains */
    if (a->u.array.v[a->u.array.n - 1] != v)
        return; /* out of memory */
    memmove(a->u.array.v + idx + 1, a->u.array.v + idx, (size_t)(a->u.array.n - 1 - idx) * sizeof *a->u.array.v);
    a->u.array.v[idx] = (struct cf *)v;
}
DARWIN_EXPORT("_CFArrayInsertValueAtIndex", d_CFArrayInsertValueAtIndex);

static void d_CFArrayRemoveValueAtIndex(struct cf *a, long idx)
{
    if (!cf_is(a, CF_ARRAY) || idx < 0 || idx >= a->u.array.n)
        return;
    struct cf *v = a->u.array.v[idx];
    memmove(a->u.array.v + idx, a->u.array.v + idx + 1, (size_t)(a->u.array.n - idx - 1) * sizeof *a->u.array.v);
    a->u.array.n--;
    if (a->u.array.retains)
        d_CFRelease(v);
}
DARWIN_EXPORT("_CFArrayRemoveValueAtIndex", d_CFArrayRemoveValueAtIndex);

static void d_CFArrayRemoveAllValues(struct cf *a)
{
    while (cf_is(a, CF_ARRAY) && a->u.array.n)
        d_CFArrayRemoveValueAtIndex(a, a->u.array.n - 1);
}
DARWIN_EXPORT("_CFArrayRemoveAllValues", d_CFArrayRemoveAllValues);

static void d_CFArraySetValueAtIndex(struct cf *a, long idx, const void *v)
{
    if (!cf_is(a, CF_ARRAY) || idx < 0 || idx > a->u.array.n)
        return;
    if (idx == a->u.array.n) {
        d_CFArrayAppendValue(a, v);
        return;
    }
    struct cf *old = a->u.array.v[idx];
    if (a->u.array.retains)
        d_CFRetain(v);
    a->u.array.v[idx] = (struct cf *)v;
    if (a->u.array.retains)
        d_CFRelease(old);
}
DARWIN_EXPORT("_CFArraySetValueAtIndex", d_CFArraySetValueAtIndex);

struct cf_range { long loc, len; };
static void d_CFArrayGetValues(struct cf *a, struct cf_range r, const void **out)
{
    for (long i = 0; cf_is(a, CF_ARRAY) && i < r.len && r.loc + i < a->u.array.n; i++)
        out[i] = a->u.array.v[r.loc + i];
}
DARWIN_EXPORT("_CFArrayGetValues", d_CFArrayGetValues);

static struct cf *d_CFArrayCreateCopy(const void *alloc, struct cf *a)
{
    if (!cf_is(a, CF_ARRAY))
        return NULL;
    struct cf *c = d_CFArrayCreateMutable(alloc, a->u.array.n, a->u.array.retains ? d_kCFTypeArrayCallBacks : NULL);
    for (long i = 0; c && i < a->u.array.n; i++)
        d_CFArrayAppendValue(c, a->u.array.v[i]);
    return c;
}
DARWIN_EXPORT("_CFArrayCreateCopy", d_CFArrayCreateCopy);
DARWIN_EXPORT("_CFArrayCreateMutableCopy", d_CFArrayCreateCopy);

static void d_CFDataGetBytes(struct cf *d, struct cf_range r, uint8_t *out)
{
    if (!is_cf(d) || r.loc < 0 || r.len < 0 || r.loc + r.len > d->u.data.len)
        return;
    memcpy(out, d->u.data.bytes + r.loc, (size_t)r.len);
}
DARWIN_EXPORT("_CFDataGetBytes", d_CFDataGetBytes);

/* ---- CFDictionary ---- */
static const long d_kCFTypeDictionaryKeyCallBacks[6] = { 0 };
static const long d_kCFTypeDictionaryValueCallBacks[5] = { 0 };
static const long d_kCFCopyStringDictionaryKeyCallBacks[6] = { 0 };
DARWIN_EXPORT_DATA("_kCFTypeDictionaryKeyCallBacks", d_kCFTypeDictionaryKeyCallBacks);
DARWIN_EXPORT_DATA("_kCFTypeDictionaryValueCallBacks", d_kCFTypeDictionaryValueCallBacks);
DARWIN_EXPORT_DATA("_kCFCopyStringDictionaryKeyCallBacks", d_kCFCopyStringDictionaryKeyCallBacks);

/* Keys are compared with CFEqual (and retained, with values) when the key callbacks are
 * kCFType's or kCFCopyString's; with other callbacks, by pointer and not retained. */
struct cf *d_CFDictionaryCreateMutable(const void *alloc, long cap, const void *kcb, const void *vcb)
{
    (void)alloc;
    (void)cap;
    (void)vcb;
    struct cf *d = cf_new(CF_DICTIONARY);
    if (d)
        d->u.dict.retains = kcb == d_kCFTypeDictionaryKeyCallBacks || kcb == d_kCFCopyStringDictionaryKeyCallBacks;
    return d;
}
DARWIN_EXPORT("_CFDictionaryCreateMutable", d_CFDictionaryCreateMutable);

static long dict_find(struct cf *d, const void *k)
{
    for (long i = 0; i < d->u.dict.n; i++)
        if (d->u.dict.k[i] == k || (d->u.dict.retains && d_CFEqual(d->u.dict.k[i], k)))
            return i;
    return -1;
}

static void d_CFDictionarySetValue(struct cf *d, const void *k, const void *v)
{
    if (!cf_is(d, CF_DICTIONARY))
        return;
    long i = dict_find(d, k);
    if (d->u.dict.retains) {
        d_CFRetain(v);
    }
    if (i >= 0) {
        if (d->u.dict.retains)
            d_CFRelease(d->u.dict.v[i]);
        d->u.dict.v[i] = (struct cf *)v;
        return;
    }
    if (d->u.dict.n == d->u.dict.cap) {
        long c = d->u.dict.cap ? d->u.dict.cap * 2 : 8;
        struct cf **nk = realloc(d->u.dict.k, (size_t)c * sizeof *nk);
        if (!nk)
            return;
        d->u.dict.k = nk;
        struct cf **nv = realloc(d->u.dict.v, (size_t)c * sizeof *nv);
        if (!nv)
            return;
        d->u.dict.v = nv;
        d->u.dict.cap = c;
    }
    if (d->u.dict.retains)
        d_CFRetain(k);
    d->u.dict.k[d->u.dict.n] = (struct cf *)k;
    d->u.dict.v[d->u.dict.n++] = (struct cf *)v;
}
DARWIN_EXPORT("_CFDictionarySetValue", d_CFDictionarySetValue);

static void d_CFDictionaryAddValue(struct cf *d, const void *k, const void *v)
{
    if (cf_is(d, CF_DICTIONARY) && dict_find(d, k) < 0)
        d_CFDictionarySetValue(d, k, v);
}
DARWIN_EXPORT("_CFDictionaryAddValue", d_CFDictionaryAddValue);

static struct cf *d_CFDictionaryCreate(const void *alloc, const void **keys, const void **values, long n,
                                       const void *kcb, const void *vcb)
{
    struct cf *d = d_CFDictionaryCreateMutable(alloc, n, kcb, vcb);
    for (long i = 0; d && i < n; i++)
        d_CFDictionarySetValue(d, keys[i], values[i]);
    return d;
}
DARWIN_EXPORT("_CFDictionaryCreate", d_CFDictionaryCreate);

static bool d_CFDictionaryGetValueIfPresent(struct cf *d, const void *k, const void **v)
{
    if (!cf_is(d, CF_DICTIONARY))
        return false;
    long i = dict_find(d, k);
    if (i < 0)
        return false;
    if (v)
        *v = d->u.dict.v[i];
    return true;
}
DARWIN_EXPORT("_CFDictionaryGetValueIfPresent", d_CFDictionaryGetValueIfPresent);

static const void *d_CFDictionaryGetValue(struct cf *d, const void *k)
{
    const void *v = NULL;
    return d_CFDictionaryGetValueIfPresent(d, k, &v) ? v : NULL;
}
DARWIN_EXPORT("_CFDictionaryGetValue", d_CFDictionaryGetValue);

static bool d_CFDictionaryContainsKey(struct cf *d, const void *k) { return cf_is(d, CF_DICTIONARY) && dict_find(d, k) >= 0; }
static long d_CFDictionaryGetCount(struct cf *d) { return cf_is(d, CF_DICTIONARY) ? d->u.dict.n : 0; }
DARWIN_EXPORT("_CFDictionaryContainsKey", d_CFDictionaryContainsKey);
DARWIN_EXPORT("_CFDictionaryGetCount", d_CFDictionaryGetCount);

static void d_CFDictionaryGetKeysAndValues(struct cf *d, const void **keys, const void **values)
{
    for (long i = 0; cf_is(d, CF_DICTIONARY) && i < d->u.dict.n; i++) {
        if (keys)
            keys[i] = d->u.dict.k[i];
        if (values)
            values[i] = d->u.dict.v[i];
    }
}
DARWIN_EXPORT("_CFDictionaryGetKeysAndValues", d_CFDictionaryGetKeysAndValues);

static void d_CFDictionaryRemoveValue(struct cf *d, const void *k)
{
    if (!cf_is(d, CF_DICTIONARY))
        return;
    long i = dict_find(d, k);
    if (i < 0)
        return;
    if (d->u.dict.retains) {
        d_CFRelease(d->u.dict.k[i]);
        d_CFRelease(d->u.dict.v[i]);
    }
    d->u.dict.n--;
    memmove(d->u.dict.k + i, d->u.dict.k + i + 1, (size_t)(d->u.dict.n - i) * sizeof *d->u.dict.k);
    memmove(d->u.dict.v + i, d->u.dict.v + i + 1, (size_t)(d->u.dict.n - i) * sizeof *d->u.dict.v);
}
DARWIN_EXPORT("_CFDictionaryRemoveValue", d_CFDictionaryRemoveValue);

struct cf *cf_dict_new(void) { return d_CFDictionaryCreateMutable(NULL, 0, d_kCFTypeDictionaryKeyCallBacks, NULL); }
void cf_dict_set(struct cf *d, const void *k, const void *v) { d_CFDictionarySetValue(d, k, v); }
const void *cf_dict_get(struct cf *d, const void *k) { return d_CFDictionaryGetValue(d, k); }
struct cf *cf_number_i64(int64_t v) { return d_CFNumberCreate(NULL, N_SInt64, &v); }

/* ---- CFURL (file URLs) ---- */
#define URL_DIR 1u    /* u.data.bytes holds the path; pad_ holds flags */
#define URL_STRING 2u /* not a file URL: u.data.bytes holds the whole URL string */

static struct cf *url_new(const char *path, size_t n, bool dir)
{
    /* Keep the path without a trailing slash (except "/"), as CFURLCopyFileSystemPath gives it. */
    while (n > 1 && path[n - 1] == '/')
        n--;
    struct cf *u = cf_bytes_obj(CF_URL, (const uint8_t *)path, (long)n);
    if (u)
        u->pad_ = dir ? URL_DIR : 0;
    return u;
}

static struct cf *d_CFURLCreateFromFileSystemRepresentation(const void *alloc, const char *buf, long len, bool dir)
{
    (void)alloc;
    if (!buf || len < 0)
        return NULL;
    if (len == 0)
        return NULL;
    if (buf[0] == '/')
        return url_new(buf, (size_t)len, dir);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return NULL;
    char *abs = NULL;
    if (asprintf(&abs, "%s/%.*s", strcmp(cwd, "/") ? cwd : "", (int)len, buf) < 0)
        return NULL;
    struct cf *u = url_new(abs, strlen(abs), dir);
    free(abs);
    return u;
}
DARWIN_EXPORT("_CFURLCreateFromFileSystemRepresentation", d_CFURLCreateFromFileSystemRepresentation);

static struct cf *d_CFURLCreateWithFileSystemPath(const void *alloc, struct cf *path, long style, bool dir)
{
    if (!cf_is(path, CF_STRING) || style != 0) /* kCFURLPOSIXPathStyle only */
        return NULL;
    return d_CFURLCreateFromFileSystemRepresentation(alloc, (const char *)path->u.data.bytes, path->u.data.len, dir);
}
DARWIN_EXPORT_PARTIAL("_CFURLCreateWithFileSystemPath", d_CFURLCreateWithFileSystemPath);

static struct cf *d_CFURLCopyAbsoluteURL(struct cf *u)
{
    if (!cf_is(u, CF_URL))
        return NULL;
    d_CFRetain(u);
    return u;
}
DARWIN_EXPORT("_CFURLCopyAbsoluteURL", d_CFURLCopyAbsoluteURL);

static bool d_CFURLResourceIsReachable(struct cf *u, struct cf **err)
{
    struct stat st;
    if (cf_is(u, CF_URL) && stat((const char *)u->u.data.bytes, &st) == 0)
        return true;
    if (err)
        *err = NULL; /* CF fills an NSCocoaErrorDomain error; callers here only test the result */
    return false;
}
DARWIN_EXPORT_PARTIAL("_CFURLResourceIsReachable", d_CFURLResourceIsReachable);

static struct cf *d_CFURLCopyLastPathComponent(struct cf *u)
{
    if (!cf_is(u, CF_URL))
        return NULL;
    const char *p = (const char *)u->u.data.bytes;
    if (!strcmp(p, "/"))
        return cf_string("/");
    const char *s = strrchr(p, '/');
    return cf_string(s ? s + 1 : p);
}
DARWIN_EXPORT("_CFURLCopyLastPathComponent", d_CFURLCopyLastPathComponent);

static struct cf *d_CFURLCreateCopyDeletingLastPathComponent(const void *alloc, struct cf *u)
{
    (void)alloc;
    if (!cf_is(u, CF_URL))
        return NULL;
    const char *p = (const char *)u->u.data.bytes;
    const char *s = strrchr(p, '/');
    if (!strcmp(p, "/"))
        return url_new("/..", 3, true);
    if (!s || s == p)
        return url_new("/", 1, true);
    return url_new(p, (size_t)(s - p), true);
}
DARWIN_EXPORT("_CFURLCreateCopyDeletingLastPathComponent", d_CFURLCreateCopyDeletingLastPathComponent);

static struct cf *d_CFURLCreateCopyAppendingPathComponent(const void *alloc, struct cf *u, struct cf *comp, bool dir)
{
    (void)alloc;
    if (!cf_is(u, CF_URL) || !cf_is(comp, CF_STRING))
        return NULL;
    char *p = NULL;
    const char *base = (const char *)u->u.data.bytes;
    if (asprintf(&p, "%s/%s", strcmp(base, "/") ? base : "", (const char *)comp->u.data.bytes) < 0)
        return NULL;
    struct cf *r = url_new(p, strlen(p), dir);
    free(p);
    return r;
}
DARWIN_EXPORT("_CFURLCreateCopyAppendingPathComponent", d_CFURLCreateCopyAppendingPathComponent);

/* A file reference URL names the file itself: kept here as its real path. Fails (NULL) when
 * the file does not exist, as on macOS. */
static struct cf *d_CFURLCreateFileReferenceURL(const void *alloc, struct cf *u, struct cf **err)
{
    (void)alloc;
    if (err)
        *err = NULL;
    if (!cf_is(u, CF_URL))
        return NULL;
    char real[PATH_MAX];
    if (!realpath((const char *)u->u.data.bytes, real))
        return NULL;
    struct stat st;
    bool dir = stat(real, &st) == 0 && S_ISDIR(st.st_mode);
    return url_new(real, strlen(real), dir);
}
DARWIN_EXPORT("_CFURLCreateFileReferenceURL", d_CFURLCreateFileReferenceURL);

static struct cf *d_CFURLCreateFilePathURL(const void *alloc, struct cf *u, struct cf **err)
{
    (void)alloc;
    if (err)
        *err = NULL;
    if (!cf_is(u, CF_URL))
        return NULL;
    return url_new((const char *)u->u.data.bytes, (size_t)u->u.data.len, u->pad_ & URL_DIR);
}
DARWIN_EXPORT("_CFURLCreateFilePathURL", d_CFURLCreateFilePathURL);

static struct cf *d_CFURLCopyFileSystemPath(struct cf *u, long style)
{
    if (!cf_is(u, CF_URL) || style != 0)
        return NULL;
    return cf_bytes_obj(CF_STRING, u->u.data.bytes, u->u.data.len);
}
DARWIN_EXPORT_PARTIAL("_CFURLCopyFileSystemPath", d_CFURLCopyFileSystemPath); /* POSIX style only */

static bool d_CFURLGetFileSystemRepresentation(struct cf *u, bool resolve, uint8_t *buf, long max)
{
    (void)resolve;
    if (!cf_is(u, CF_URL) || !buf || u->u.data.len + 1 > max)
        return false;
    memcpy(buf, u->u.data.bytes, (size_t)u->u.data.len + 1);
    return true;
}
DARWIN_EXPORT("_CFURLGetFileSystemRepresentation", d_CFURLGetFileSystemRepresentation);

static bool d_CFURLHasDirectoryPath(struct cf *u) { return cf_is(u, CF_URL) && (u->pad_ & URL_DIR); }
DARWIN_EXPORT("_CFURLHasDirectoryPath", d_CFURLHasDirectoryPath);

/* URLs as strings: file URLs percent-encoded ("file:///a%20b/"), others as they were given.
 * Other schemes are kept whole; their parts (scheme, host, path) are not parsed: partial. */
static int hexval(int c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; }

static struct cf *url_from_string(const uint8_t *b, long n)
{
    if (n >= 7 && !strncasecmp((const char *)b, "file://", 7)) {
        const uint8_t *p = b + 7, *e = b + n;
        if (e - p >= 9 && !strncasecmp((const char *)p, "localhost", 9))
            p += 9;
        char *path = malloc((size_t)(e - p) + 2);
        if (!path)
            return NULL;
        size_t k = 0;
        for (; p < e; p++) {
            if (*p == '%' && e - p >= 3 && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
                path[k++] = (char)(hexval(p[1]) << 4 | hexval(p[2]));
                p += 2;
            } else {
                path[k++] = (char)*p;
            }
        }
        path[k] = 0;
        if (!k || path[0] != '/') {
            free(path);
            return NULL;
        }
        struct cf *u = url_new(path, k, path[k - 1] == '/');
        free(path);
        return u;
    }
    struct cf *u = cf_bytes_obj(CF_URL, b, n);
    if (u)
        u->pad_ = URL_STRING;
    return u;
}

static struct cf *d_CFURLCreateWithBytes(const void *alloc, const uint8_t *b, long n, uint32_t enc, struct cf *base)
{
    (void)alloc;
    (void)enc; /* the bytes are taken as UTF-8/ASCII, which URLs are */
    if (!b || n <= 0 || base)
        return NULL; /* relative to a base URL: not implemented */
    return url_from_string(b, n);
}
DARWIN_EXPORT_PARTIAL("_CFURLCreateWithBytes", d_CFURLCreateWithBytes);

static struct cf *d_CFURLCreateWithString(const void *alloc, struct cf *s, struct cf *base)
{
    return cf_is(s, CF_STRING) ? d_CFURLCreateWithBytes(alloc, s->u.data.bytes, s->u.data.len, 0x08000100u, base) : NULL;
}
DARWIN_EXPORT_PARTIAL("_CFURLCreateWithString", d_CFURLCreateWithString);

static struct cf *d_CFURLGetString(struct cf *u)
{
    if (!cf_is(u, CF_URL))
        return NULL;
    if (u->u.url.string)
        return u->u.url.string;
    if (u->pad_ & URL_STRING) {
        u->u.url.string = cf_bytes_obj(CF_STRING, u->u.data.bytes, u->u.data.len);
        return u->u.url.string;
    }
    const uint8_t *p = u->u.data.bytes;
    char *s = malloc((size_t)u->u.data.len * 3 + 10);
    if (!s)
        return NULL;
    size_t k = (size_t)sprintf(s, "file://");
    static const char hex[] = "0123456789ABCDEF";
    for (long i = 0; i < u->u.data.len; i++) {
        uint8_t c = p[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("/-._~!$&'()*+,;=:@", c))
            s[k++] = (char)c;
        else {
            s[k++] = '%';
            s[k++] = hex[c >> 4];
            s[k++] = hex[c & 15];
        }
    }
    if ((u->pad_ & URL_DIR) && (k == 7 || s[k - 1] != '/'))
        s[k++] = '/';
    s[k] = 0;
    u->u.url.string = cf_string(s);
    free(s);
    return u->u.url.string;
}
DARWIN_EXPORT("_CFURLGetString", d_CFURLGetString);

/* ---- CFTimeZone: u.ext.p is its name, a CFString ---- */
static void tz_fin(struct cf *t) { d_CFRelease(t->u.ext.p); }

static char *system_zone_name(void)
{
    const char *tz = getenv("TZ");
    char path[PATH_MAX];
    if (tz && *tz) {
        if (*tz == ':')
            tz++;
        if (*tz == '/') {
            const char *z = strstr(tz, "/zoneinfo/");
            if (z && access(tz, R_OK) == 0)
                return strdup(z + 10);
        } else {
            snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
            struct stat st;
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
                return strdup(tz);
        }
    }
    ssize_t n = readlink("/etc/localtime", path, sizeof path - 1);
    if (n > 0) {
        path[n] = 0;
        const char *z = strstr(path, "zoneinfo/");
        if (z)
            return strdup(z + 9);
    }
    return strdup("GMT");
}

static struct cf *tz_new(char *name)
{
    struct cf *t = name ? cf_new(CF_TIMEZONE) : NULL;
    if (t) {
        t->u.ext.p = cf_string(name);
        t->u.ext.fin = tz_fin;
    }
    free(name);
    return t;
}

static struct cf *d_CFTimeZoneCopySystem(void) { return tz_new(system_zone_name()); }
static struct cf *d_CFTimeZoneCopyDefault(void) { return tz_new(system_zone_name()); }
static void d_CFTimeZoneResetSystem(void) {} /* nothing is cached: each copy reads TZ and /etc/localtime */
DARWIN_EXPORT("_CFTimeZoneCopySystem", d_CFTimeZoneCopySystem);
DARWIN_EXPORT("_CFTimeZoneCopyDefault", d_CFTimeZoneCopyDefault);
DARWIN_EXPORT("_CFTimeZoneResetSystem", d_CFTimeZoneResetSystem);

static struct cf *d_CFTimeZoneGetName(struct cf *t) { return cf_is(t, CF_TIMEZONE) ? t->u.ext.p : NULL; }
DARWIN_EXPORT("_CFTimeZoneGetName", d_CFTimeZoneGetName);
