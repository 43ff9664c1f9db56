/*
 * regex.c — regex.h: regcomp/regexec/regerror/regfree with Darwin's regex_t (32 bytes:
 * re_magic, re_nsub, re_endp, re_g) and 64-bit regoff_t, its flag and error values (one table
 * each) and its regerror texts; matching is glibc's POSIX engine.
 * Partial: REG_PEND, REG_NOSPEC and REG_DUMP (regcomp) and REG_STARTEND (regexec) are not
 * supported (EINVAL-like REG_INVARG); the TRE extensions (regncomp, regwcomp...) are absent.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <termios.h>
#include <time.h>
#include <wchar.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <sched.h>
#include <search.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>
#include <wordexp.h>

#include "machrun/darwin/abi.h"
#include "machrun/darwin/private.h"

/* ---- regex.h ---- */
struct d_regex {
    int re_magic;
    size_t re_nsub;
    const char *re_endp;
    regex_t *re_g; /* glibc's */
};
_Static_assert(sizeof(struct d_regex) == 32, "Darwin regex_t");
struct d_regmatch {
    int64_t rm_so, rm_eo;
};
#define D_RE_MAGIC 0xf265

static const struct {
    int darwin, linux_;
} re_cflags[] = {
    { 0x001, REG_EXTENDED }, { 0x002, REG_ICASE }, { 0x004, REG_NOSUB }, { 0x008, REG_NEWLINE },
};
/* Darwin error numbers with Darwin's texts; glibc's code for each, 0 when glibc has none. */
static const struct {
    int darwin, linux_;
    const char *name, *text;
} re_errors[] = {
    { 1, REG_NOMATCH, "REG_NOMATCH", "regexec() failed to match" },
    { 2, REG_BADPAT, "REG_BADPAT", "invalid regular expression" },
    { 3, REG_ECOLLATE, "REG_ECOLLATE", "invalid collating element" },
    { 4, REG_ECTYPE, "REG_ECTYPE", "invalid character class" },
    { 5, REG_EESCAPE, "REG_EESCAPE", "trailing backslash (\\)" },
    { 6, REG_ESUBREG, "REG_ESUBREG", "invalid backreference number" },
    { 7, REG_EBRACK, "REG_EBRACK", "brackets ([ ]) not balanced" },
    { 8, REG_EPAREN, "REG_EPAREN", "parentheses not balanced" },
    { 9, REG_EBRACE, "REG_EBRACE", "braces not balanced" },
    { 10, REG_BADBR, "REG_BADBR", "invalid repetition count(s)" },
    { 11, REG_ERANGE, "REG_ERANGE", "invalid character range" },
    { 12, REG_ESPACE, "REG_ESPACE", "out of memory" },
    { 13, REG_BADRPT, "REG_BADRPT", "repetition-operator operand invalid" },
    { 14, REG_EEND, "REG_EMPTY", "empty (sub)expression" },
    { 15, 0, "REG_ASSERT", "cannot happen - you found a bug" },
    { 16, 0, "REG_INVARG", "invalid argument to regex routine" },
    { 17, 0, "REG_ILLSEQ", "illegal byte sequence" },
};
#define D_REG_BADPAT 2
#define D_REG_EPAREN 8
#define D_REG_ESPACE 12
#define D_REG_INVARG 16
#define D_REG_ITOA 0x100
#define D_REG_ATOI 255

static int re_err_darwin(int l)
{
    if (l == REG_ERPAREN)
        return D_REG_EPAREN;
    if (l == REG_ESIZE)
        return D_REG_ESPACE;
    for (size_t i = 0; i < sizeof re_errors / sizeof re_errors[0]; i++)
        if (re_errors[i].linux_ == l && l)
            return re_errors[i].darwin;
    return D_REG_BADPAT;
}

static int d_regcomp(struct d_regex *re, const char *pattern, int cflags)
{
    if (cflags & ~0x0f) /* REG_NOSPEC, REG_PEND, REG_DUMP: see the top */
        return D_REG_INVARG;
    int l = 0;
    for (size_t i = 0; i < sizeof re_cflags / sizeof re_cflags[0]; i++)
        if (cflags & re_cflags[i].darwin)
            l |= re_cflags[i].linux_;
    regex_t *g = malloc(sizeof *g);
    if (!g)
        return D_REG_ESPACE;
    int r = regcomp(g, pattern, l);
    if (r) {
        free(g);
        return re_err_darwin(r);
    }
    re->re_magic = D_RE_MAGIC;
    re->re_nsub = g->re_nsub;
    re->re_endp = pattern + strlen(pattern);
    re->re_g = g;
    return 0;
}
DARWIN_EXPORT_PARTIAL("_regcomp", d_regcomp);

static int d_regexec(const struct d_regex *re, const char *s, size_t nmatch, struct d_regmatch *pm, int eflags)
{
    if (!re || re->re_magic != D_RE_MAGIC || !re->re_g)
        return D_REG_BADPAT;
    if (eflags & ~3) /* REG_STARTEND and others: see the top */
        return D_REG_INVARG;
    regmatch_t small[16], *lm = nmatch <= 16 ? small : calloc(nmatch, sizeof *lm);
    if (!lm)
        return D_REG_ESPACE;
    int r = regexec(re->re_g, s, pm ? nmatch : 0, lm, eflags & 3); /* NOTBOL 1, NOTEOL 2 agree */
    if (r == 0 && pm)
        for (size_t i = 0; i < nmatch; i++) {
            pm[i].rm_so = lm[i].rm_so;
            pm[i].rm_eo = lm[i].rm_eo;
        }
    if (lm != small)
        free(lm);
    return r == 0 ? 0 : r == REG_NOMATCH ? 1 : re_err_darwin(r);
}
DARWIN_EXPORT_PARTIAL("_regexec", d_regexec);

static size_t d_regerror(int code, const struct d_regex *re, char *buf, size_t size)
{
    char tmp[64];
    const char *s = NULL;
    int c = code & ~D_REG_ITOA;
    if (code == D_REG_ATOI) { /* the number of the error named in re->re_endp */
        int n = 0;
        for (size_t i = 0; re && re->re_endp && i < sizeof re_errors / sizeof re_errors[0]; i++)
            if (strcmp(re_errors[i].name, re->re_endp) == 0)
                n = re_errors[i].darwin;
        snprintf(tmp, sizeof tmp, "%d", n);
        s = tmp;
    } else {
        for (size_t i = 0; i < sizeof re_errors / sizeof re_errors[0]; i++)
            if (re_errors[i].darwin == c)
                s = (code & D_REG_ITOA) ? re_errors[i].name : re_errors[i].text;
        if (!s) {
            snprintf(tmp, sizeof tmp, (code & D_REG_ITOA) ? "REG_0x%x" : "*** unknown regexp error code ***", c);
            s = tmp;
        }
    }
    size_t len = strlen(s) + 1;
    if (size > 0) {
        size_t n = len < size ? len : size;
        memcpy(buf, s, n - 1);
        buf[n - 1] = 0;
    }
    return len;
}
DARWIN_EXPORT("_regerror", d_regerror);

static void d_regfree(struct d_regex *re)
{
    if (!re || re->re_magic != D_RE_MAGIC)
        return;
    regfree(re->re_g);
    free(re->re_g);
    re->re_g = NULL;
    re->re_magic = 0;
}
DARWIN_EXPORT("_regfree", d_regfree);
