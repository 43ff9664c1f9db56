/*
 * string.c — <string.h>, <strings.h> and memory functions. Those whose Darwin and glibc
 * behaviour and ABI agree bind straight to glibc (no wrapper, no cost); the BSD extensions
 * glibc lacks (strlcpy before glibc 2.38, memset_pattern*, strnstr) and the fortified
 * __*_chk entry points are implemented here.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "machrun/darwin/private.h"

DARWIN_EXPORT("_memcpy", memcpy);
DARWIN_EXPORT("_memmove", memmove);
DARWIN_EXPORT("_memset", memset);
DARWIN_EXPORT("_memcmp", memcmp);
DARWIN_EXPORT("_memchr", memchr);
DARWIN_EXPORT("_memrchr", memrchr);
DARWIN_EXPORT("_memmem", memmem);
DARWIN_EXPORT("_memccpy", memccpy);
DARWIN_EXPORT("_bcmp", bcmp);
DARWIN_EXPORT("_bcopy", bcopy);
DARWIN_EXPORT("_bzero", bzero);
DARWIN_EXPORT("_strlen", strlen);
DARWIN_EXPORT("_strnlen", strnlen);
DARWIN_EXPORT("_strcmp", strcmp);
DARWIN_EXPORT("_strncmp", strncmp);
DARWIN_EXPORT("_strcasecmp", strcasecmp);
DARWIN_EXPORT("_strncasecmp", strncasecmp);
DARWIN_EXPORT("_strcoll", strcoll);
DARWIN_EXPORT("_strxfrm", strxfrm);
DARWIN_EXPORT("_strcpy", strcpy);
DARWIN_EXPORT("_strncpy", strncpy);
DARWIN_EXPORT("_stpcpy", stpcpy);
DARWIN_EXPORT("_stpncpy", stpncpy);
DARWIN_EXPORT("_strcat", strcat);
DARWIN_EXPORT("_strncat", strncat);
DARWIN_EXPORT("_strchr", strchr);
DARWIN_EXPORT("_strrchr", strrchr);
DARWIN_EXPORT("_index", index);
DARWIN_EXPORT("_rindex", rindex);
DARWIN_EXPORT("_strstr", strstr);
DARWIN_EXPORT("_strcasestr", strcasestr);
DARWIN_EXPORT("_strpbrk", strpbrk);
DARWIN_EXPORT("_strspn", strspn);
DARWIN_EXPORT("_strcspn", strcspn);
DARWIN_EXPORT("_strtok", strtok);
DARWIN_EXPORT("_strtok_r", strtok_r);
DARWIN_EXPORT("_strsep", strsep);
DARWIN_EXPORT("_strdup", strdup);
DARWIN_EXPORT("_strndup", strndup);

static size_t d_strlcpy(char *dst, const char *src, size_t n)
{
    size_t len = strlen(src);
    if (n) {
        size_t c = len < n - 1 ? len : n - 1;
        memcpy(dst, src, c);
        dst[c] = 0;
    }
    return len;
}
DARWIN_EXPORT("_strlcpy", d_strlcpy);

static size_t d_strlcat(char *dst, const char *src, size_t n)
{
    size_t dl = strnlen(dst, n);
    if (dl == n)
        return n + strlen(src);
    return dl + d_strlcpy(dst + dl, src, n - dl);
}
DARWIN_EXPORT("_strlcat", d_strlcat);

static char *d_strnstr(const char *s, const char *find, size_t n)
{
    size_t fl = strlen(find);
    if (!fl)
        return (char *)s;
    for (size_t i = 0; i < n && s[i]; i++) {
        if (fl > n - i)
            return NULL;
        if (!strncmp(s + i, find, fl))
            return (char *)(s + i);
    }
    return NULL;
}
DARWIN_EXPORT("_strnstr", d_strnstr);

static void pattern_fill(void *b, const void *pat, size_t plen, size_t len)
{
    unsigned char *d = b;
    const unsigned char *p = pat;
    for (size_t i = 0; i < len; i++)
        d[i] = p[i % plen];
}
static void d_memset_pattern4(void *b, const void *pat, size_t len) { pattern_fill(b, pat, 4, len); }
static void d_memset_pattern8(void *b, const void *pat, size_t len) { pattern_fill(b, pat, 8, len); }
static void d_memset_pattern16(void *b, const void *pat, size_t len) { pattern_fill(b, pat, 16, len); }
DARWIN_EXPORT("_memset_pattern4", d_memset_pattern4);
DARWIN_EXPORT("_memset_pattern8", d_memset_pattern8);
DARWIN_EXPORT("_memset_pattern16", d_memset_pattern16);

/* ---- fortified variants: abort on overflow as Darwin's __chk_fail does ---- */
_Noreturn static void chk_fail(const char *fn)
{
    fprintf(stderr, "machrun: %s: buffer overflow detected\n", fn);
    abort();
}
#define CHK(cond, name) do { if (cond) chk_fail(name); } while (0)

static void *d___memcpy_chk(void *d, const void *s, size_t n, size_t ds)
{
    CHK(n > ds, "__memcpy_chk");
    return memcpy(d, s, n);
}
DARWIN_EXPORT("___memcpy_chk", d___memcpy_chk);

static void *d___memmove_chk(void *d, const void *s, size_t n, size_t ds)
{
    CHK(n > ds, "__memmove_chk");
    return memmove(d, s, n);
}
DARWIN_EXPORT("___memmove_chk", d___memmove_chk);

static void *d___memset_chk(void *d, int c, size_t n, size_t ds)
{
    CHK(n > ds, "__memset_chk");
    return memset(d, c, n);
}
DARWIN_EXPORT("___memset_chk", d___memset_chk);

static char *d___strcpy_chk(char *d, const char *s, size_t ds)
{
    CHK(strlen(s) >= ds, "__strcpy_chk");
    return strcpy(d, s);
}
DARWIN_EXPORT("___strcpy_chk", d___strcpy_chk);

static char *d___stpcpy_chk(char *d, const char *s, size_t ds)
{
    CHK(strlen(s) >= ds, "__stpcpy_chk");
    return stpcpy(d, s);
}
DARWIN_EXPORT("___stpcpy_chk", d___stpcpy_chk);

static char *d___strncpy_chk(char *d, const char *s, size_t n, size_t ds)
{
    CHK(n > ds, "__strncpy_chk");
    return strncpy(d, s, n);
}
DARWIN_EXPORT("___strncpy_chk", d___strncpy_chk);

static char *d___stpncpy_chk(char *d, const char *s, size_t n, size_t ds)
{
    CHK(n > ds, "__stpncpy_chk");
    return stpncpy(d, s, n);
}
DARWIN_EXPORT("___stpncpy_chk", d___stpncpy_chk);

static char *d___strcat_chk(char *d, const char *s, size_t ds)
{
    CHK(strlen(d) + strlen(s) >= ds, "__strcat_chk");
    return strcat(d, s);
}
DARWIN_EXPORT("___strcat_chk", d___strcat_chk);

static char *d___strncat_chk(char *d, const char *s, size_t n, size_t ds)
{
    size_t sl = strnlen(s, n);
    CHK(strlen(d) + sl >= ds, "__strncat_chk");
    return strncat(d, s, n);
}
DARWIN_EXPORT("___strncat_chk", d___strncat_chk);

static size_t d___strlcpy_chk(char *d, const char *s, size_t n, size_t ds)
{
    CHK(n > ds, "__strlcpy_chk");
    return d_strlcpy(d, s, n);
}
DARWIN_EXPORT("___strlcpy_chk", d___strlcpy_chk);

static size_t d___strlcat_chk(char *d, const char *s, size_t n, size_t ds)
{
    CHK(n > ds, "__strlcat_chk");
    return d_strlcat(d, s, n);
}
DARWIN_EXPORT("___strlcat_chk", d___strlcat_chk);
