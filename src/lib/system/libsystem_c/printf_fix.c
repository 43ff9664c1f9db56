/*
 * printf_fix.c — where Darwin's printf and glibc's differ in output, the format is rewritten
 * before glibc formats it: today that is %p of a null pointer ("0x0" on Darwin, "(nil)" in
 * glibc). darwin_format_fix() walks the conversions once (cheap: most formats have no %p)
 * and, only when a %p argument is NULL, returns a copy of the format in which that
 * conversion is replaced by the text "0x0" padded as its flags and width say, followed by one
 * "%.0s" per argument the conversion consumed (its * width, * precision and the pointer):
 * "%.0s" takes one integer-class argument and prints nothing without reading through it, so
 * the argument list itself stays as the caller passed it.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "machrun/darwin/private.h"

static const char null_text[] = "0x0";

static bool append(char **out, size_t *len, const char *s, size_t n)
{
    char *x = realloc(*out, *len + n + 1);
    if (!x)
        return false;
    memcpy(x + *len, s, n);
    *len += n;
    x[*len] = 0;
    *out = x;
    return true;
}

/* Returns NULL when fmt can be used as is; else a malloc'd replacement format to use with
 * the same arguments. */
char *darwin_format_fix(const char *fmt, va_list ap_in)
{
    const char *p = fmt;
    /* Fast reject: no 'p' conversion character after any '%'. */
    const char *pc = strchr(p, '%');
    if (!pc || !strchr(pc, 'p'))
        return NULL;
    va_list ap;
    va_copy(ap, ap_in);
    char *out = NULL;
    size_t outlen = 0;
    const char *copied = fmt; /* everything before this has been copied to out */
    for (p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        const char *start = p++;
        if (*p == '%')
            continue;
        /* positional arguments: leave to glibc */
        const char *d = p;
        while (*d >= '0' && *d <= '9')
            d++;
        if (*d == '$') {
            free(out);
            va_end(ap);
            return NULL;
        }
        bool left = false;
        int stars = 0, width = 0;
        while (*p && strchr("-+ #0'", *p))
            left |= *p++ == '-';
        if (*p == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                left = true;
                width = -width;
            }
            stars++;
            p++;
        } else
            while (*p >= '0' && *p <= '9')
                width = width * 10 + (*p++ - '0');
        if (*p == '.') {
            p++;
            if (*p == '*') {
                (void)va_arg(ap, int);
                stars++;
                p++;
            } else
                while (*p >= '0' && *p <= '9')
                    p++;
        }
        int lng = 0; /* 0 int, 1 long, 2 long long, 3 intmax, 4 size_t, 5 ptrdiff, 6 long double */
        for (;; p++) {
            if (*p == 'h') continue;
            if (*p == 'l') { lng = lng ? 2 : 1; continue; }
            if (*p == 'q') { lng = 2; continue; }
            if (*p == 'j') { lng = 3; continue; }
            if (*p == 'z') { lng = 4; continue; }
            if (*p == 't') { lng = 5; continue; }
            if (*p == 'L') { lng = 6; continue; }
            break;
        }
        switch (*p) {
        case 'd': case 'i': case 'o': case 'u': case 'x': case 'X': case 'c': case 'D': case 'O': case 'U':
            if (lng == 0 && *p != 'D' && *p != 'O' && *p != 'U')
                (void)va_arg(ap, int);
            else
                (void)va_arg(ap, long long);
            break;
        case 'C':
            (void)va_arg(ap, wint_t);
            break;
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
            if (lng == 6)
                (void)va_arg(ap, long double);
            else
                (void)va_arg(ap, double);
            break;
        case 's': case 'S': case 'n':
            (void)va_arg(ap, void *);
            break;
        case 'p': {
            void *v = va_arg(ap, void *);
            if (v)
                break;
            /* Copy up to this conversion, then the padded text and the argument eaters. */
            char text[64];
            int pad = width > 3 && width < 60 ? width - 3 : 0;
            int tl = left ? snprintf(text, sizeof text, "%s%*s", null_text, pad, "")
                          : snprintf(text, sizeof text, "%*s%s", pad, "", null_text);
            bool ok = append(&out, &outlen, copied, (size_t)(start - copied)) &&
                      append(&out, &outlen, text, (size_t)tl);
            for (int k = 0; ok && k <= stars; k++)
                ok = append(&out, &outlen, "%.0s", 4);
            if (!ok) {
                free(out);
                va_end(ap);
                return NULL;
            }
            copied = p + 1;
            break;
        }
        case '\0':
            p--;
            break;
        default:
            break;
        }
    }
    va_end(ap);
    if (!out)
        return NULL;
    if (!append(&out, &outlen, copied, strlen(copied))) {
        free(out);
        return NULL;
    }
    return out;
}
