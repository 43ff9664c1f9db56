/*
 * cf_string.c — CFString. A string is kept as UTF-8 (u.data); lengths, ranges and indexes
 * are in UTF-16 code units, as in CoreFoundation. Encodings converted in and out: UTF-8,
 * ASCII, ISO Latin-1, MacRoman's ASCII half (other MacRoman bytes are taken as Latin-1:
 * partial), UTF-16 (BOM, LE, BE), UTF-32 (BOM, LE, BE). Bytes that are not valid in the
 * given encoding make CFStringCreate* return NULL, as CF does. CFStringCompare compares by
 * code point (CF compares UTF-16 units: they differ only between U+E000..U+FFFF and
 * supplementary characters), with kCFCompareCaseInsensitive folding ASCII only.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machrun/darwin/cf.h"
#include "machrun/darwin/private.h"
#include "machrun/darwin/unicode.h"

#define ENC_MACROMAN 0u
#define ENC_ASCII 0x0600u
#define ENC_LATIN1 0x0201u
#define ENC_WINLATIN1 0x0500u
#define ENC_NONLOSSYASCII 0x0BFFu
#define ENC_UTF8 0x08000100u
#define ENC_UTF16 0x0100u
#define ENC_UTF16BE 0x10000100u
#define ENC_UTF16LE 0x14000100u
#define ENC_UTF32 0x0c000100u
#define ENC_UTF32BE 0x18000100u
#define ENC_UTF32LE 0x1c000100u

struct buf { uint8_t *p; size_t n, cap; bool oom; };
static void put(struct buf *b, const void *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap * 2 : 64;
        while (c < b->n + n + 1)
            c *= 2;
        uint8_t *q = realloc(b->p, c);
        if (!q) {
            b->oom = true;
            return;
        }
        b->p = q;
        b->cap = c;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}
static void put_utf8(struct buf *b, uint32_t c)
{
    uint8_t t[4];
    size_t n;
    if (c < 0x80) { t[0] = (uint8_t)c; n = 1; }
    else if (c < 0x800) { t[0] = (uint8_t)(0xc0 | c >> 6); t[1] = (uint8_t)(0x80 | (c & 0x3f)); n = 2; }
    else if (c < 0x10000) { t[0] = (uint8_t)(0xe0 | c >> 12); t[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3f)); t[2] = (uint8_t)(0x80 | (c & 0x3f)); n = 3; }
    else { t[0] = (uint8_t)(0xf0 | c >> 18); t[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3f)); t[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3f)); t[3] = (uint8_t)(0x80 | (c & 0x3f)); n = 4; }
    put(b, t, n);
}

/* Decode one UTF-8 character at s (n bytes left); returns its length, 0 if invalid. */
static size_t utf8_dec(const uint8_t *s, size_t n, uint32_t *out)
{
    if (!n)
        return 0;
    uint8_t c = s[0];
    if (c < 0x80) { *out = c; return 1; }
    size_t len = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
    if (!len || len > n || (c >= 0xf5))
        return 0;
    uint32_t v = c & (0x7f >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3f);
    }
    if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10ffff)) || (v >= 0xd800 && v < 0xe000))
        return 0;
    *out = v;
    return len;
}

static bool utf8_valid(const uint8_t *s, size_t n)
{
    uint32_t c;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_dec(s + i, n - i, &c);
        if (!k)
            return false;
        i += k;
    }
    return true;
}

/* Bytes in `enc` → a new CFString, or NULL if they are not valid in that encoding. */
static struct cf *string_from(const uint8_t *b, long n, uint32_t enc, bool external)
{
    if (n < 0 || (n && !b))
        return NULL;
    if (enc == ENC_UTF8 || enc == ENC_NONLOSSYASCII) {
        if (external && n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
            b += 3, n -= 3;
        return utf8_valid(b, (size_t)n) ? cf_bytes_obj(CF_STRING, b, n) : NULL;
    }
    struct buf o = { 0 };
    put(&o, "", 0);
    if (enc == ENC_ASCII || enc == ENC_LATIN1 || enc == ENC_WINLATIN1 || enc == ENC_MACROMAN) {
        for (long i = 0; i < n; i++) {
            if (b[i] >= 0x80 && enc == ENC_ASCII)
                goto bad;
            put_utf8(&o, b[i]);
        }
    } else if (enc == ENC_UTF16 || enc == ENC_UTF16LE || enc == ENC_UTF16BE) {
        bool le = enc != ENC_UTF16BE;
        long i = 0;
        if (enc == ENC_UTF16 && n >= 2) {
            if (b[0] == 0xff && b[1] == 0xfe) { le = true; i = 2; }
            else if (b[0] == 0xfe && b[1] == 0xff) { le = false; i = 2; }
        }
        if ((n - i) & 1)
            goto bad;
        for (; i < n; i += 2) {
            uint32_t u = le ? (uint32_t)(b[i] | b[i + 1] << 8) : (uint32_t)(b[i] << 8 | b[i + 1]);
            if (u >= 0xd800 && u < 0xdc00 && i + 3 < n) {
                uint32_t l = le ? (uint32_t)(b[i + 2] | b[i + 3] << 8) : (uint32_t)(b[i + 2] << 8 | b[i + 3]);
                if (l >= 0xdc00 && l < 0xe000) {
                    u = 0x10000 + ((u - 0xd800) << 10) + (l - 0xdc00);
                    i += 2;
                }
            }
            put_utf8(&o, u); /* a lone surrogate is kept, as CF keeps it (CESU-like bytes) */
        }
    } else if (enc == ENC_UTF32 || enc == ENC_UTF32LE || enc == ENC_UTF32BE) {
        bool le = enc != ENC_UTF32BE;
        long i = 0;
        if (enc == ENC_UTF32 && n >= 4) {
            if (!memcmp(b, "\xff\xfe\0\0", 4)) { le = true; i = 4; }
            else if (!memcmp(b, "\0\0\xfe\xff", 4)) { le = false; i = 4; }
        }
        if ((n - i) & 3)
            goto bad;
        for (; i < n; i += 4) {
            uint32_t u = le ? (uint32_t)b[i] | (uint32_t)b[i + 1] << 8 | (uint32_t)b[i + 2] << 16 | (uint32_t)b[i + 3] << 24
                            : (uint32_t)b[i] << 24 | (uint32_t)b[i + 1] << 16 | (uint32_t)b[i + 2] << 8 | (uint32_t)b[i + 3];
            if (u > 0x10ffff)
                goto bad;
            put_utf8(&o, u);
        }
    } else {
        goto bad; /* an encoding CF would support but machrun does not convert */
    }
    if (o.oom)
        goto bad;
    struct cf *s = cf_bytes_obj(CF_STRING, o.p, (long)o.n);
    free(o.p);
    return s;
bad:
    free(o.p);
    return NULL;
}

struct cf *cf_string(const char *utf8) { return cf_bytes_obj(CF_STRING, (const uint8_t *)utf8, (long)strlen(utf8)); }

static struct cf *d_CFStringCreateWithBytes(const void *alloc, const uint8_t *b, long n, uint32_t enc, bool ext)
{
    (void)alloc;
    return string_from(b, n, enc, ext);
}
DARWIN_EXPORT("_CFStringCreateWithBytes", d_CFStringCreateWithBytes);

/* The bytes are copied; a deallocator other than kCFAllocatorNull is told to free them at
 * once (kCFAllocatorDefault/kCFAllocatorMalloc/kCFAllocatorSystemDefault: free()). */
static struct cf *d_CFStringCreateWithBytesNoCopy(const void *alloc, uint8_t *b, long n, uint32_t enc, bool ext, const void *dealloc)
{
    (void)alloc;
    struct cf *s = string_from(b, n, enc, ext);
    if (dealloc != &d_cf_allocator_null_obj)
        free(b);
    return s;
}
DARWIN_EXPORT_PARTIAL("_CFStringCreateWithBytesNoCopy", d_CFStringCreateWithBytesNoCopy);

static struct cf *d_CFStringCreateWithCString(const void *alloc, const char *s, uint32_t enc)
{
    (void)alloc;
    return s ? string_from((const uint8_t *)s, (long)strlen(s), enc, false) : NULL;
}
DARWIN_EXPORT("_CFStringCreateWithCString", d_CFStringCreateWithCString);

/* A path as the file system spells it: machrun's file system names are UTF-8 bytes, as
 * macOS's are (CF would also normalise to NFD on HFS+; APFS keeps the bytes). */
static struct cf *d_CFStringCreateWithFileSystemRepresentation(const void *alloc, const char *path)
{
    (void)alloc;
    return path ? cf_string(path) : NULL;
}
DARWIN_EXPORT("_CFStringCreateWithFileSystemRepresentation", d_CFStringCreateWithFileSystemRepresentation);

static struct cf *d_CFStringCreateWithCStringNoCopy(const void *alloc, char *s, uint32_t enc, const void *dealloc)
{
    return d_CFStringCreateWithBytesNoCopy(alloc, (uint8_t *)s, s ? (long)strlen(s) : 0, enc, false, dealloc);
}
DARWIN_EXPORT_PARTIAL("_CFStringCreateWithCStringNoCopy", d_CFStringCreateWithCStringNoCopy);

static struct cf *d_CFStringCreateWithCharacters(const void *alloc, const uint16_t *u, long n)
{
    (void)alloc;
    return string_from((const uint8_t *)u, n * 2, ENC_UTF16LE, false);
}
DARWIN_EXPORT("_CFStringCreateWithCharacters", d_CFStringCreateWithCharacters);

static struct cf *d_CFStringCreateCopy(const void *alloc, struct cf *s)
{
    (void)alloc;
    return cf_is(s, CF_STRING) ? cf_bytes_obj(CF_STRING, s->u.data.bytes, s->u.data.len) : NULL;
}
DARWIN_EXPORT("_CFStringCreateCopy", d_CFStringCreateCopy);

static unsigned long d_CFStringGetTypeID(void) { return CF_STRING; }
DARWIN_EXPORT("_CFStringGetTypeID", d_CFStringGetTypeID);

/* Walk the string by UTF-16 index. */
static long utf16_len(const struct cf *s)
{
    long n = 0;
    uint32_t c;
    for (size_t i = 0; i < (size_t)s->u.data.len;) {
        size_t k = utf8_dec(s->u.data.bytes + i, (size_t)s->u.data.len - i, &c);
        if (!k) { k = 1; c = 0xfffd; } /* only lone surrogates from UTF-16 input get here */
        n += c >= 0x10000 ? 2 : 1;
        i += k;
    }
    return n;
}

static long d_CFStringGetLength(struct cf *s) { return cf_is(s, CF_STRING) ? utf16_len(s) : 0; }
DARWIN_EXPORT("_CFStringGetLength", d_CFStringGetLength);

/* Encode one code point; returns bytes written into t (0: not representable). */
static size_t enc_char(uint32_t c, uint32_t enc, uint8_t *t)
{
    switch (enc) {
    case ENC_UTF8:
    case ENC_NONLOSSYASCII: {
        struct buf b = { 0 };
        put_utf8(&b, c);
        size_t n = b.oom ? 0 : b.n;
        if (n)
            memcpy(t, b.p, n);
        free(b.p);
        return n;
    }
    case ENC_ASCII:
        if (c >= 0x80)
            return 0;
        t[0] = (uint8_t)c;
        return 1;
    case ENC_LATIN1:
    case ENC_WINLATIN1:
    case ENC_MACROMAN:
        if (c >= 0x100 || (enc == ENC_MACROMAN && c >= 0x80))
            return 0;
        t[0] = (uint8_t)c;
        return 1;
    case ENC_UTF16:
    case ENC_UTF16LE:
    case ENC_UTF16BE: {
        bool be = enc == ENC_UTF16BE;
        uint16_t u[2];
        size_t k = 1;
        if (c >= 0x10000) {
            u[0] = (uint16_t)(0xd800 + ((c - 0x10000) >> 10));
            u[1] = (uint16_t)(0xdc00 + ((c - 0x10000) & 0x3ff));
            k = 2;
        } else {
            u[0] = (uint16_t)c;
        }
        for (size_t i = 0; i < k; i++) {
            t[2 * i] = (uint8_t)(be ? u[i] >> 8 : u[i]);
            t[2 * i + 1] = (uint8_t)(be ? u[i] : u[i] >> 8);
        }
        return 2 * k;
    }
    case ENC_UTF32:
    case ENC_UTF32LE:
    case ENC_UTF32BE:
        for (int i = 0; i < 4; i++)
            t[i] = (uint8_t)(enc == ENC_UTF32BE ? c >> (24 - 8 * i) : c >> (8 * i));
        return 4;
    }
    return 0;
}

struct cf_range { long loc, len; };

/* CFStringGetBytes: converts the characters of `range` (UTF-16 units) until the buffer is
 * full or a character cannot be represented (and lossByte is 0); returns the number of
 * UTF-16 units converted, *used the bytes written (or needed, when buffer is NULL). */
static long d_CFStringGetBytes(struct cf *s, struct cf_range r, uint32_t enc, uint8_t loss, bool external,
                               uint8_t *buffer, long max, long *used)
{
    long done = 0, out = 0, idx = 0;
    if (!cf_is(s, CF_STRING)) {
        if (used)
            *used = 0;
        return 0;
    }
    uint8_t t[8];
    if (external && (enc == ENC_UTF16 || enc == ENC_UTF32)) {
        size_t k = enc_char(0xfeff, enc, t);
        if (buffer && out + (long)k > max)
            goto end;
        if (buffer)
            memcpy(buffer + out, t, k);
        out += (long)k;
    }
    for (size_t i = 0; i < (size_t)s->u.data.len && idx < r.loc + r.len;) {
        uint32_t c;
        size_t k = utf8_dec(s->u.data.bytes + i, (size_t)s->u.data.len - i, &c);
        if (!k) { k = 1; c = 0xfffd; }
        long units = c >= 0x10000 ? 2 : 1;
        if (idx >= r.loc) {
            size_t m = enc_char(c, enc, t);
            if (!m) {
                if (!loss)
                    break;
                t[0] = loss;
                m = 1;
            }
            if (buffer && out + (long)m > max)
                break;
            if (buffer)
                memcpy(buffer + out, t, m);
            out += (long)m;
            done += units;
        }
        idx += units;
        i += k;
    }
end:
    if (used)
        *used = out;
    return done;
}
DARWIN_EXPORT("_CFStringGetBytes", d_CFStringGetBytes);

static bool d_CFStringGetCString(struct cf *s, char *buf, long size, uint32_t enc)
{
    if (!cf_is(s, CF_STRING) || !buf || size <= 0)
        return false;
    long used = 0, n = utf16_len(s);
    long done = d_CFStringGetBytes(s, (struct cf_range){ 0, n }, enc, 0, false, (uint8_t *)buf, size - 1, &used);
    if (done != n)
        return false;
    buf[used] = 0;
    return true;
}
DARWIN_EXPORT("_CFStringGetCString", d_CFStringGetCString);

/* The internal bytes when they are already in the asked encoding (UTF-8 always; ASCII and
 * the Latin encodings when the string is all ASCII), else NULL — which CF may answer too. */
static const char *d_CFStringGetCStringPtr(struct cf *s, uint32_t enc)
{
    if (!cf_is(s, CF_STRING))
        return NULL;
    if (enc == ENC_UTF8)
        return (const char *)s->u.data.bytes;
    if (enc == ENC_ASCII || enc == ENC_LATIN1 || enc == ENC_MACROMAN || enc == ENC_WINLATIN1) {
        for (long i = 0; i < s->u.data.len; i++)
            if (s->u.data.bytes[i] >= 0x80)
                return NULL;
        return (const char *)s->u.data.bytes;
    }
    return NULL;
}
DARWIN_EXPORT("_CFStringGetCStringPtr", d_CFStringGetCStringPtr);

static long d_CFStringGetMaximumSizeForEncoding(long len, uint32_t enc)
{
    switch (enc) {
    case ENC_UTF8: return len * 3;
    case ENC_UTF16: case ENC_UTF16LE: case ENC_UTF16BE: return len * 2;
    case ENC_UTF32: case ENC_UTF32LE: case ENC_UTF32BE: return len * 4;
    default: return len;
    }
}
DARWIN_EXPORT("_CFStringGetMaximumSizeForEncoding", d_CFStringGetMaximumSizeForEncoding);

static struct cf *d_CFStringCreateExternalRepresentation(const void *alloc, struct cf *s, uint32_t enc, uint8_t loss)
{
    (void)alloc;
    if (!cf_is(s, CF_STRING))
        return NULL;
    long n = utf16_len(s), used = 0;
    if (d_CFStringGetBytes(s, (struct cf_range){ 0, n }, enc, loss, true, NULL, 0, &used) != n)
        return NULL;
    uint8_t *b = malloc((size_t)used + 1);
    if (!b)
        return NULL;
    d_CFStringGetBytes(s, (struct cf_range){ 0, n }, enc, loss, true, b, used, &used);
    struct cf *d = cf_bytes_obj(CF_DATA, b, used);
    free(b);
    return d;
}
DARWIN_EXPORT("_CFStringCreateExternalRepresentation", d_CFStringCreateExternalRepresentation);

static struct cf *d_CFStringCreateFromExternalRepresentation(const void *alloc, struct cf *d, uint32_t enc)
{
    (void)alloc;
    return cf_is(d, CF_DATA) ? string_from(d->u.data.bytes, d->u.data.len, enc, true) : NULL;
}
DARWIN_EXPORT("_CFStringCreateFromExternalRepresentation", d_CFStringCreateFromExternalRepresentation);

#define CMP_CASE_INSENSITIVE 1
#define CMP_NUMERICALLY 64

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* CFComparisonResult: -1 less, 0 equal, 1 greater. Options: case-insensitive (ASCII),
 * numerically (runs of digits compare by value); others (backwards, anchored, localized,
 * nonliteral, width-insensitive) are ignored: partial. */
static long d_CFStringCompare(struct cf *a, struct cf *b, unsigned long opt)
{
    if (!cf_is(a, CF_STRING) || !cf_is(b, CF_STRING))
        return 0;
    const uint8_t *p = a->u.data.bytes, *q = b->u.data.bytes;
    long i = 0, j = 0, n = a->u.data.len, m = b->u.data.len;
    while (i < n && j < m) {
        if ((opt & CMP_NUMERICALLY) && p[i] >= '0' && p[i] <= '9' && q[j] >= '0' && q[j] <= '9') {
            while (i < n && p[i] == '0') i++;
            while (j < m && q[j] == '0') j++;
            long si = i, sj = j;
            while (i < n && p[i] >= '0' && p[i] <= '9') i++;
            while (j < m && q[j] >= '0' && q[j] <= '9') j++;
            if (i - si != j - sj)
                return i - si < j - sj ? -1 : 1;
            int c = memcmp(p + si, q + sj, (size_t)(i - si));
            if (c)
                return c < 0 ? -1 : 1;
            continue;
        }
        int x = p[i], y = q[j];
        if (opt & CMP_CASE_INSENSITIVE)
            x = lower(x), y = lower(y);
        if (x != y)
            return x < y ? -1 : 1;
        i++, j++;
    }
    if (i < n)
        return 1;
    if (j < m)
        return -1;
    return 0;
}
DARWIN_EXPORT_PARTIAL("_CFStringCompare", d_CFStringCompare);

static bool d_CFStringHasPrefix(struct cf *s, struct cf *p)
{
    return cf_is(s, CF_STRING) && cf_is(p, CF_STRING) && p->u.data.len <= s->u.data.len &&
           !memcmp(s->u.data.bytes, p->u.data.bytes, (size_t)p->u.data.len);
}
static bool d_CFStringHasSuffix(struct cf *s, struct cf *p)
{
    return cf_is(s, CF_STRING) && cf_is(p, CF_STRING) && p->u.data.len <= s->u.data.len &&
           !memcmp(s->u.data.bytes + s->u.data.len - p->u.data.len, p->u.data.bytes, (size_t)p->u.data.len);
}
DARWIN_EXPORT("_CFStringHasPrefix", d_CFStringHasPrefix);
DARWIN_EXPORT("_CFStringHasSuffix", d_CFStringHasSuffix);

/* ---- UTF-16 access and mutable strings ---- */

/* The string as UTF-16 units (malloc'd; *n set), or NULL when out of memory. */
static uint16_t *to_utf16(const struct cf *s, long *n)
{
    long len = utf16_len(s), k = 0;
    uint16_t *u = malloc(sizeof *u * (size_t)(len + 1));
    if (!u)
        return NULL;
    uint32_t c;
    for (size_t i = 0; i < (size_t)s->u.data.len;) {
        size_t step = utf8_dec(s->u.data.bytes + i, (size_t)s->u.data.len - i, &c);
        if (!step) { step = 1; c = 0xfffd; }
        if (c >= 0x10000) {
            u[k++] = (uint16_t)(0xd800 + ((c - 0x10000) >> 10));
            u[k++] = (uint16_t)(0xdc00 + ((c - 0x10000) & 0x3ff));
        } else {
            u[k++] = (uint16_t)c;
        }
        i += step;
    }
    *n = k;
    return u;
}

static uint16_t d_CFStringGetCharacterAtIndex(struct cf *s, long idx)
{
    long n = 0;
    uint16_t *u = cf_is(s, CF_STRING) ? to_utf16(s, &n) : NULL;
    uint16_t c = u && idx >= 0 && idx < n ? u[idx] : 0; /* CF asserts on a bad index */
    free(u);
    return c;
}
DARWIN_EXPORT("_CFStringGetCharacterAtIndex", d_CFStringGetCharacterAtIndex);

static void d_CFStringGetCharacters(struct cf *s, struct cf_range r, uint16_t *buf)
{
    long n = 0;
    uint16_t *u = cf_is(s, CF_STRING) ? to_utf16(s, &n) : NULL;
    if (u && r.loc >= 0 && r.len >= 0 && r.loc + r.len <= n)
        memcpy(buf, u + r.loc, sizeof *u * (size_t)r.len);
    free(u);
}
DARWIN_EXPORT("_CFStringGetCharacters", d_CFStringGetCharacters);

/* A mutable string is a CFString whose bytes may be replaced; maxLength (0: unbounded) is
 * not enforced, as CF only documents it as a hint. */
static struct cf *d_CFStringCreateMutable(const void *alloc, long max)
{
    (void)alloc;
    (void)max;
    return cf_bytes_obj(CF_STRING, (const uint8_t *)"", 0);
}
DARWIN_EXPORT("_CFStringCreateMutable", d_CFStringCreateMutable);

static struct cf *d_CFStringCreateMutableCopy(const void *alloc, long max, struct cf *s)
{
    (void)alloc;
    (void)max;
    return cf_is(s, CF_STRING) ? cf_bytes_obj(CF_STRING, s->u.data.bytes, s->u.data.len) : NULL;
}
DARWIN_EXPORT("_CFStringCreateMutableCopy", d_CFStringCreateMutableCopy);

static void append_utf8(struct cf *m, const uint8_t *b, long n)
{
    uint8_t *nb = realloc(m->u.data.bytes, (size_t)(m->u.data.len + n + 1));
    if (!nb)
        return;
    memcpy(nb + m->u.data.len, b, (size_t)n);
    m->u.data.bytes = nb;
    m->u.data.len += n;
    nb[m->u.data.len] = 0;
}

static void d_CFStringAppend(struct cf *m, struct cf *s)
{
    if (cf_is(m, CF_STRING) && cf_is(s, CF_STRING) && m != s)
        append_utf8(m, s->u.data.bytes, s->u.data.len);
    else if (cf_is(m, CF_STRING) && m == s) {
        long n = m->u.data.len;
        uint8_t *copy = malloc((size_t)n + 1);
        if (copy) {
            memcpy(copy, m->u.data.bytes, (size_t)n);
            append_utf8(m, copy, n);
            free(copy);
        }
    }
}
DARWIN_EXPORT("_CFStringAppend", d_CFStringAppend);

static void d_CFStringAppendCString(struct cf *m, const char *c, uint32_t enc)
{
    if (!cf_is(m, CF_STRING) || !c)
        return;
    struct cf *t = string_from((const uint8_t *)c, (long)strlen(c), enc, false);
    if (t) {
        append_utf8(m, t->u.data.bytes, t->u.data.len);
        d_CFRelease(t);
    }
}
DARWIN_EXPORT("_CFStringAppendCString", d_CFStringAppendCString);

static void d_CFStringAppendCharacters(struct cf *m, const uint16_t *u, long n)
{
    if (!cf_is(m, CF_STRING) || n <= 0)
        return;
    struct cf *t = string_from((const uint8_t *)u, n * 2, ENC_UTF16LE, false);
    if (t) {
        append_utf8(m, t->u.data.bytes, t->u.data.len);
        d_CFRelease(t);
    }
}
DARWIN_EXPORT("_CFStringAppendCharacters", d_CFStringAppendCharacters);

/* CFStringNormalize (kCFStringNormalizationFormD, KD, C, KC): libsystem_kernel's normalizer. */
static void d_CFStringNormalize(struct cf *m, long form)
{
    if (!cf_is(m, CF_STRING) || form < 0 || form > 3)
        return;
    bool ascii = true;
    for (long i = 0; i < m->u.data.len && ascii; i++)
        ascii = m->u.data.bytes[i] < 0x80;
    if (ascii) /* every form of an ASCII string is itself */
        return;
    uint32_t *cps = malloc(sizeof *cps * (size_t)(m->u.data.len + 1)), *out = NULL, c;
    long n = 0;
    if (!cps)
        return;
    for (size_t i = 0; i < (size_t)m->u.data.len;) {
        size_t k = utf8_dec(m->u.data.bytes + i, (size_t)m->u.data.len - i, &c);
        if (!k) { k = 1; c = 0xfffd; }
        cps[n++] = c;
        i += k;
    }
    long len = darwin_unicode_normalize(cps, n, (int)form, &out);
    free(cps);
    if (len < 0)
        return;
    uint8_t *u = malloc((size_t)len * 4 + 1);
    if (u) {
        size_t w = 0;
        for (long i = 0; i < len; i++) {
            uint32_t v = out[i];
            if (v < 0x80) u[w++] = (uint8_t)v;
            else if (v < 0x800) { u[w++] = (uint8_t)(0xc0 | v >> 6); u[w++] = (uint8_t)(0x80 | (v & 0x3f)); }
            else if (v < 0x10000) { u[w++] = (uint8_t)(0xe0 | v >> 12); u[w++] = (uint8_t)(0x80 | ((v >> 6) & 0x3f)); u[w++] = (uint8_t)(0x80 | (v & 0x3f)); }
            else { u[w++] = (uint8_t)(0xf0 | v >> 18); u[w++] = (uint8_t)(0x80 | ((v >> 12) & 0x3f)); u[w++] = (uint8_t)(0x80 | ((v >> 6) & 0x3f)); u[w++] = (uint8_t)(0x80 | (v & 0x3f)); }
        }
        u[w] = 0;
        free(m->u.data.bytes);
        m->u.data.bytes = u;
        m->u.data.len = (long)w;
    }
    free(out);
}
DARWIN_EXPORT("_CFStringNormalize", d_CFStringNormalize);
