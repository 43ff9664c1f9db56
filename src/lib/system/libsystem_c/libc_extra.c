/*
 * libc_extra.c — BSD and POSIX library calls that programs commonly import and that had no
 * implementation (found by probing `machrun ldd -r` on ordinary C programs):
 *   err.h       err, errx, warn, warnx and the v* forms, err_set_exit, err_set_file: the
 *               program's name, the message, ": " and Darwin's strerror text, on stderr;
 *   search.h    tsearch/tfind/tdelete/twalk, lsearch/lfind, hcreate/hsearch/hdestroy,
 *               insque/remque (same layouts and VISIT/ACTION values as glibc's);
 *   regex.h     regcomp/regexec/regerror/regfree with Darwin's regex_t (32 bytes: re_magic,
 *               re_nsub, re_endp, re_g) and 64-bit regoff_t, its flag and error values (one
 *               table each) and its regerror texts; matching is glibc's POSIX engine;
 *   wordexp.h   wordexp/wordfree with Darwin's flag and error numbers;
 *   semaphore.h named semaphores (sem_open/close/unlink/wait/trywait/post); sem_init,
 *               sem_destroy and sem_getvalue fail with ENOSYS, as on Darwin;
 *   sched.h     sched_get_priority_min/max: Darwin's 15 and 47;
 *   syslog.h    openlog/syslog/vsyslog/closelog/setlogmask (same values);
 *   stdlib.h    getloadavg, heapsort, mergesort (stable), strtonum; string.h strmode;
 *   uuid        the uuid_* calls (random, time-based, parse, unparse in Darwin's upper case);
 *   and small calls sharing glibc's ABI: fls*, imaxabs, a64l/l64a, ecvt/fcvt/gcvt,
 *   wcscasecmp, getsubopt, getusershell, sync, time2posix, getpass,
 *   mkostemps, get/setdomainname, initgroups, tcgetsid, daemon, SysV ftok/shmget/shmat/
 *   shmdt/semget/semop/msgget (shmctl, semctl and msgctl are absent: their structs differ).
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

/* ---- err.h ---- */
static void (*err_exit_fn)(int);
static FILE *err_file; /* a Darwin FILE set by err_set_file, or NULL for stderr */

static const char *d_errtext(int e, char *buf, size_t n)
{
    const char *m = darwin_errno_message(e);
    if (m)
        return m;
    snprintf(buf, n, "Unknown error: %d", e);
    return buf;
}

static void vwarn_common(bool with_errno, int e, const char *fmt, va_list ap)
{
    FILE *out = err_file ? darwin_stdio_host(err_file) : stderr;
    if (!out)
        out = stderr;
    fprintf(out, "%s: ", darwin_proc.progname ? darwin_proc.progname : "");
    if (fmt) {
        va_list cp;
        va_copy(cp, ap);
        char *fixed = darwin_format_fix(fmt, cp);
        va_end(cp);
        vfprintf(out, fixed ? fixed : fmt, ap);
        free(fixed);
        if (with_errno)
            fputs(": ", out);
    }
    if (with_errno) {
        char b[64];
        fputs(d_errtext(e, b, sizeof b), out);
    }
    fputc('\n', out);
    fflush(out);
}

static void d_vwarn(const char *fmt, va_list ap)
{
    int e = errno;
    vwarn_common(true, e, fmt, ap);
    errno = e;
}
static void d_vwarnx(const char *fmt, va_list ap)
{
    int e = errno;
    vwarn_common(false, 0, fmt, ap);
    errno = e;
}
static void d_vwarnc(int code, const char *fmt, va_list ap) { vwarn_common(true, code, fmt, ap); }
static void d_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    d_vwarn(fmt, ap);
    va_end(ap);
}
static void d_warnx(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    d_vwarnx(fmt, ap);
    va_end(ap);
}
static void d_warnc(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    d_vwarnc(code, fmt, ap);
    va_end(ap);
}
static _Noreturn void err_exit(int eval)
{
    if (err_exit_fn)
        err_exit_fn(eval);
    darwin_exit(eval);
}
static _Noreturn void d_verr(int eval, const char *fmt, va_list ap)
{
    vwarn_common(true, errno, fmt, ap);
    err_exit(eval);
}
static _Noreturn void d_verrx(int eval, const char *fmt, va_list ap)
{
    vwarn_common(false, 0, fmt, ap);
    err_exit(eval);
}
static _Noreturn void d_verrc(int eval, int code, const char *fmt, va_list ap)
{
    vwarn_common(true, code, fmt, ap);
    err_exit(eval);
}
static _Noreturn void d_err(int eval, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    d_verr(eval, fmt, ap);
}
static _Noreturn void d_errx(int eval, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    d_verrx(eval, fmt, ap);
}
static _Noreturn void d_errc(int eval, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    d_verrc(eval, code, fmt, ap);
}
static void d_err_set_exit(void (*fn)(int)) { err_exit_fn = fn; }
static void d_err_set_file(void *fp) { err_file = fp; }
DARWIN_EXPORT("_warn", d_warn);
DARWIN_EXPORT("_warnx", d_warnx);
DARWIN_EXPORT("_warnc", d_warnc);
DARWIN_EXPORT("_vwarn", d_vwarn);
DARWIN_EXPORT("_vwarnx", d_vwarnx);
DARWIN_EXPORT("_vwarnc", d_vwarnc);
DARWIN_EXPORT("_err", d_err);
DARWIN_EXPORT("_errx", d_errx);
DARWIN_EXPORT("_errc", d_errc);
DARWIN_EXPORT("_verr", d_verr);
DARWIN_EXPORT("_verrx", d_verrx);
DARWIN_EXPORT("_verrc", d_verrc);
DARWIN_EXPORT("_err_set_exit", d_err_set_exit);
DARWIN_EXPORT("_err_set_file", d_err_set_file);

/* ---- search.h: same ABI; the guest's callbacks are called as they are ---- */
DARWIN_EXPORT("_tsearch", tsearch);
DARWIN_EXPORT("_tfind", tfind);
DARWIN_EXPORT("_tdelete", tdelete);
DARWIN_EXPORT("_twalk", twalk);
DARWIN_EXPORT("_lsearch", lsearch);
DARWIN_EXPORT("_lfind", lfind);
DARWIN_EXPORT("_insque", insque);
DARWIN_EXPORT("_remque", remque);
static int d_hcreate(size_t n) { return hcreate(n) ? 1 : (errno = darwin_errno_from_linux(errno), 0); }
static ENTRY *d_hsearch(ENTRY item, ACTION a)
{
    ENTRY *r = hsearch(item, a);
    if (!r)
        errno = darwin_errno_from_linux(errno);
    return r;
}
DARWIN_EXPORT("_hcreate", d_hcreate);
DARWIN_EXPORT("_hsearch", d_hsearch);
DARWIN_EXPORT("_hdestroy", hdestroy);

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
#define D_REG_INVARG 16
#define D_REG_ITOA 0x100
#define D_REG_ATOI 255

static int re_err_darwin(int l)
{
    if (l == REG_ERPAREN)
        return 8;
    if (l == REG_ESIZE)
        return 12;
    for (size_t i = 0; i < sizeof re_errors / sizeof re_errors[0]; i++)
        if (re_errors[i].linux_ == l && l)
            return re_errors[i].darwin;
    return 2; /* REG_BADPAT */
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
        return 12; /* REG_ESPACE */
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
        return 2; /* REG_BADPAT */
    if (eflags & ~3) /* REG_STARTEND and others: see the top */
        return D_REG_INVARG;
    regmatch_t small[16], *lm = nmatch <= 16 ? small : calloc(nmatch, sizeof *lm);
    if (!lm)
        return 12;
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

/* ---- wordexp.h (wordexp_t agrees: we_wordc, we_wordv, we_offs) ---- */
static int d_wordexp(const char *words, wordexp_t *we, int dflags)
{
    int l = (dflags & 0x01 ? WRDE_APPEND : 0) | (dflags & 0x02 ? WRDE_DOOFFS : 0) | (dflags & 0x04 ? WRDE_NOCMD : 0) |
            (dflags & 0x08 ? WRDE_REUSE : 0) | (dflags & 0x10 ? WRDE_SHOWERR : 0) | (dflags & 0x20 ? WRDE_UNDEF : 0);
    int r = wordexp(words, we, l);
    switch (r) {
    case 0: return 0;
    case WRDE_BADCHAR: return 1;
    case WRDE_BADVAL: return 2;
    case WRDE_CMDSUB: return 3;
    case WRDE_NOSPACE: return 4;
    case WRDE_SYNTAX: return 6;
    default: return 5; /* WRDE_NOSYS */
    }
}
DARWIN_EXPORT("_wordexp", d_wordexp);
DARWIN_EXPORT("_wordfree", wordfree);

/* ---- semaphore.h ---- */
static sem_t *d_sem_open(const char *name, int dflags, ...)
{
    unsigned mode = 0, value = 0;
    if (dflags & 0x200) { /* O_CREAT */
        va_list ap;
        va_start(ap, dflags);
        mode = va_arg(ap, unsigned);
        value = va_arg(ap, unsigned);
        va_end(ap);
    }
    int l = linux_open_flags_from_darwin(dflags) & (O_CREAT | O_EXCL);
    sem_t *s = sem_open(name, l, (mode_t)mode, value);
    if (s == SEM_FAILED) {
        errno = darwin_errno_from_linux(errno);
        return (sem_t *)-1; /* Darwin's SEM_FAILED */
    }
    return s;
}
static int d_sem_close(sem_t *s) { return dret(sem_close(s)); }
static int d_sem_unlink(const char *n) { return dret(sem_unlink(n)); }
static int d_sem_wait(sem_t *s) { return dret(sem_wait(s)); }
static int d_sem_trywait(sem_t *s) { return dret(sem_trywait(s)); }
static int d_sem_post(sem_t *s) { return dret(sem_post(s)); }
static int d_sem_unnamed(void) { errno = 78; return -1; } /* ENOSYS: Darwin has no unnamed semaphores */
DARWIN_EXPORT("_sem_open", d_sem_open);
DARWIN_EXPORT("_sem_close", d_sem_close);
DARWIN_EXPORT("_sem_unlink", d_sem_unlink);
DARWIN_EXPORT("_sem_wait", d_sem_wait);
DARWIN_EXPORT("_sem_wait$NOCANCEL", d_sem_wait);
DARWIN_EXPORT("_sem_trywait", d_sem_trywait);
DARWIN_EXPORT("_sem_post", d_sem_post);
DARWIN_EXPORT("_sem_init", d_sem_unnamed);
DARWIN_EXPORT("_sem_destroy", d_sem_unnamed);
DARWIN_EXPORT("_sem_getvalue", d_sem_unnamed);

/* ---- sched.h ---- */
static int d_sched_get_priority_min(int policy) { (void)policy; return 15; }
static int d_sched_get_priority_max(int policy) { (void)policy; return 47; }
DARWIN_EXPORT("_sched_get_priority_min", d_sched_get_priority_min);
DARWIN_EXPORT("_sched_get_priority_max", d_sched_get_priority_max);

/* ---- syslog.h (option, facility and priority values agree) ---- */
static void d_vsyslog(int pri, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    char *fixed = darwin_format_fix(fmt, cp);
    va_end(cp);
    vsyslog(pri, fixed ? fixed : fmt, ap);
    free(fixed);
}
static void d_syslog(int pri, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    d_vsyslog(pri, fmt, ap);
    va_end(ap);
}
DARWIN_EXPORT("_openlog", openlog);
DARWIN_EXPORT("_closelog", closelog);
DARWIN_EXPORT("_setlogmask", setlogmask);
DARWIN_EXPORT("_syslog", d_syslog);
DARWIN_EXPORT("_syslog$DARWIN_EXTSN", d_syslog);
DARWIN_EXPORT("_vsyslog", d_vsyslog);

/* ---- stdlib.h / string.h ---- */
static int d_getloadavg(double *v, int n) { return getloadavg(v, n); }
DARWIN_EXPORT("_getloadavg", d_getloadavg);

static int d_heapsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (size == 0) {
        errno = 22;
        return -1;
    }
    qsort(base, n, size, cmp);
    return 0;
}
DARWIN_EXPORT("_heapsort", d_heapsort);

/* mergesort: stable; Darwin's needs size >= sizeof(void *) / 2 and says EINVAL otherwise. */
static int d_mergesort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (size < sizeof(void *) / 2) {
        errno = 22;
        return -1;
    }
    if (n < 2)
        return 0;
    char *a = base, *tmp = malloc(n * size);
    if (!tmp) {
        errno = 12;
        return -1;
    }
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (cmp(a + j * size, a + i * size) < 0)
                    memcpy(tmp + k++ * size, a + j++ * size, size);
                else
                    memcpy(tmp + k++ * size, a + i++ * size, size);
            }
            while (i < mid)
                memcpy(tmp + k++ * size, a + i++ * size, size);
            while (j < hi)
                memcpy(tmp + k++ * size, a + j++ * size, size);
        }
        memcpy(a, tmp, n * size);
    }
    free(tmp);
    return 0;
}
DARWIN_EXPORT("_mergesort", d_mergesort);

/* strtonum (OpenBSD's, in Darwin's libc): errstr "invalid", "too small", "too large". */
static long long d_strtonum(const char *s, long long min, long long max, const char **errstr)
{
    const char *e = NULL;
    long long v = 0;
    if (min > max) {
        e = "invalid";
        errno = 22;
    } else {
        char *end;
        errno = 0;
        v = strtoll(s, &end, 10);
        if (s == end || *end) {
            e = "invalid";
            errno = 22;
        } else if ((v == LLONG_MIN && errno == ERANGE) || v < min) {
            e = "too small";
            errno = 34;
        } else if ((v == LLONG_MAX && errno == ERANGE) || v > max) {
            e = "too large";
            errno = 34;
        }
    }
    if (errstr)
        *errstr = e;
    return e ? 0 : v;
}
DARWIN_EXPORT("_strtonum", d_strtonum);

/* strmode: "drwxr-xr-x " — type, nine permission letters (s/S, t/T for the set-id and
 * sticky bits), and a space (Darwin writes ' ' where an ACL would show '+'). */
static void d_strmode(int mode, char *p)
{
    switch (mode & S_IFMT) {
    case S_IFDIR: *p++ = 'd'; break;
    case S_IFCHR: *p++ = 'c'; break;
    case S_IFBLK: *p++ = 'b'; break;
    case S_IFREG: *p++ = '-'; break;
    case S_IFLNK: *p++ = 'l'; break;
    case S_IFSOCK: *p++ = 's'; break;
    case S_IFIFO: *p++ = 'p'; break;
    case 0160000: *p++ = 'w'; break; /* S_IFWHT */
    default: *p++ = '?'; break;
    }
    *p++ = mode & S_IRUSR ? 'r' : '-';
    *p++ = mode & S_IWUSR ? 'w' : '-';
    switch (mode & (S_IXUSR | S_ISUID)) {
    case 0: *p++ = '-'; break;
    case S_IXUSR: *p++ = 'x'; break;
    case S_ISUID: *p++ = 'S'; break;
    default: *p++ = 's'; break;
    }
    *p++ = mode & S_IRGRP ? 'r' : '-';
    *p++ = mode & S_IWGRP ? 'w' : '-';
    switch (mode & (S_IXGRP | S_ISGID)) {
    case 0: *p++ = '-'; break;
    case S_IXGRP: *p++ = 'x'; break;
    case S_ISGID: *p++ = 'S'; break;
    default: *p++ = 's'; break;
    }
    *p++ = mode & S_IROTH ? 'r' : '-';
    *p++ = mode & S_IWOTH ? 'w' : '-';
    switch (mode & (S_IXOTH | S_ISVTX)) {
    case 0: *p++ = '-'; break;
    case S_IXOTH: *p++ = 'x'; break;
    case S_ISVTX: *p++ = 'T'; break;
    default: *p++ = 't'; break;
    }
    *p++ = ' ';
    *p = 0;
}
DARWIN_EXPORT("_strmode", d_strmode);

/* ---- uuid (libSystem's libuuid): uuid_t is 16 bytes; random (version 4) UUIDs from
 * getrandom, uuid_generate_time a version 1 UUID from the clock and a random node ---- */
#include <sys/random.h>
#include <sys/time.h>
typedef unsigned char d_uuid_t[16];

static void d_uuid_generate_random(d_uuid_t u)
{
    if (getrandom(u, 16, 0) != 16)
        for (int i = 0; i < 16; i++)
            u[i] = (unsigned char)random();
    u[6] = (u[6] & 0x0f) | 0x40;
    u[8] = (u[8] & 0x3f) | 0x80;
}
static void d_uuid_generate_time(d_uuid_t u)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    static unsigned char node[6];
    static uint16_t seq;
    if (!node[0] && !node[1]) {
        (void)!getrandom(node, sizeof node, 0);
        node[0] |= 0x01; /* multicast bit: not a real MAC, as RFC 4122 says */
        (void)!getrandom(&seq, sizeof seq, 0);
    }
    uint64_t t = ((uint64_t)tv.tv_sec * 10000000ull + (uint64_t)tv.tv_usec * 10ull) + 0x01B21DD213814000ull;
    seq++;
    u[0] = (unsigned char)(t >> 24); u[1] = (unsigned char)(t >> 16); u[2] = (unsigned char)(t >> 8); u[3] = (unsigned char)t;
    u[4] = (unsigned char)(t >> 40); u[5] = (unsigned char)(t >> 32);
    u[6] = (unsigned char)(((t >> 56) & 0x0f) | 0x10); u[7] = (unsigned char)(t >> 48);
    u[8] = (unsigned char)(((seq >> 8) & 0x3f) | 0x80); u[9] = (unsigned char)seq;
    memcpy(u + 10, node, 6);
}
static void d_uuid_clear(d_uuid_t u) { memset(u, 0, 16); }
static void d_uuid_copy(d_uuid_t dst, const d_uuid_t src) { memcpy(dst, src, 16); }
static int d_uuid_compare(const d_uuid_t a, const d_uuid_t b) { return memcmp(a, b, 16); }
static int d_uuid_is_null(const d_uuid_t u)
{
    for (int i = 0; i < 16; i++)
        if (u[i])
            return 0;
    return 1;
}
static int d_uuid_parse(const char *in, d_uuid_t u)
{
    if (strlen(in) != 36)
        return -1;
    for (int i = 0, j = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (in[i] != '-')
                return -1;
            continue;
        }
        int hi = in[i], lo = in[i + 1];
        if (!isxdigit(hi) || !isxdigit(lo))
            return -1;
        hi = isdigit(hi) ? hi - '0' : (tolower(hi) - 'a' + 10);
        lo = isdigit(lo) ? lo - '0' : (tolower(lo) - 'a' + 10);
        u[j++] = (unsigned char)(hi << 4 | lo);
        i++;
    }
    return 0;
}
static void unparse(const d_uuid_t u, char *out, const char *hex)
{
    for (int i = 0, o = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[u[i] >> 4];
        out[o++] = hex[u[i] & 15];
        out[o] = 0;
    }
}
/* Darwin's uuid_unparse writes upper case (its libuuid's default). */
static void d_uuid_unparse_upper(const d_uuid_t u, char *out) { unparse(u, out, "0123456789ABCDEF"); }
static void d_uuid_unparse_lower(const d_uuid_t u, char *out) { unparse(u, out, "0123456789abcdef"); }
DARWIN_EXPORT("_uuid_generate", d_uuid_generate_random);
DARWIN_EXPORT("_uuid_generate_random", d_uuid_generate_random);
DARWIN_EXPORT("_uuid_generate_time", d_uuid_generate_time);
DARWIN_EXPORT("_uuid_clear", d_uuid_clear);
DARWIN_EXPORT("_uuid_copy", d_uuid_copy);
DARWIN_EXPORT("_uuid_compare", d_uuid_compare);
DARWIN_EXPORT("_uuid_is_null", d_uuid_is_null);
DARWIN_EXPORT("_uuid_parse", d_uuid_parse);
DARWIN_EXPORT("_uuid_unparse", d_uuid_unparse_upper);
DARWIN_EXPORT("_uuid_unparse_upper", d_uuid_unparse_upper);
DARWIN_EXPORT("_uuid_unparse_lower", d_uuid_unparse_lower);

/* ---- small BSD/POSIX calls with glibc's ABI and values ---- */
static int d_fls(int v) { return v ? 32 - __builtin_clz((unsigned)v) : 0; }
static int d_flsl(long v) { return v ? 64 - __builtin_clzl((unsigned long)v) : 0; }
static int d_flsll(long long v) { return v ? 64 - __builtin_clzll((unsigned long long)v) : 0; }
DARWIN_EXPORT("_fls", d_fls);
DARWIN_EXPORT("_flsl", d_flsl);
DARWIN_EXPORT("_flsll", d_flsll);
static intmax_t d_imaxabs(intmax_t v) { return v < 0 ? -v : v; }
DARWIN_EXPORT("_imaxabs", d_imaxabs);
DARWIN_EXPORT("_a64l", a64l);
DARWIN_EXPORT("_l64a", l64a);
DARWIN_EXPORT("_ecvt", ecvt);
DARWIN_EXPORT("_fcvt", fcvt);
DARWIN_EXPORT("_gcvt", gcvt);
DARWIN_EXPORT("_wcscasecmp", wcscasecmp);
DARWIN_EXPORT("_wcsncasecmp", wcsncasecmp);
DARWIN_EXPORT("_getsubopt", getsubopt);
DARWIN_EXPORT("_getusershell", getusershell);
DARWIN_EXPORT("_setusershell", setusershell);
DARWIN_EXPORT("_endusershell", endusershell);
static void d_sync(void) { sync(); }
DARWIN_EXPORT("_sync", d_sync);
static time_t d_time2posix(time_t t) { return t; } /* no leap seconds in the zoneinfo in use */
static time_t d_posix2time(time_t t) { return t; }
DARWIN_EXPORT("_time2posix", d_time2posix);
DARWIN_EXPORT("_posix2time", d_posix2time);
static char *d_getpass(const char *prompt)
{
    char *r = getpass(prompt);
    if (!r)
        errno = darwin_errno_from_linux(errno);
    return r;
}
DARWIN_EXPORT("_getpass", d_getpass);
static int d_mkostemps(char *tmpl, int suffixlen, int dflags)
{
    return dret(mkostemps(tmpl, suffixlen, linux_open_flags_from_darwin(dflags) & (O_APPEND | O_CLOEXEC | O_SYNC)));
}
DARWIN_EXPORT("_mkostemps", d_mkostemps);
static int d_getdomainname(char *n, int len) { return dret(getdomainname(n, (size_t)len)); }
static int d_sethostname(const char *n, int len) { return dret(sethostname(n, (size_t)len)); }
DARWIN_EXPORT("_getdomainname", d_getdomainname);
DARWIN_EXPORT("_sethostname", d_sethostname);
static int d_initgroups(const char *user, int gid)
{
    return dret(initgroups(user, (gid_t)gid));
}
DARWIN_EXPORT("_initgroups", d_initgroups);
static pid_t d_tcgetsid(int fd) { return dret(tcgetsid(fd)); }
DARWIN_EXPORT("_tcgetsid", d_tcgetsid);
/* daemon(3): fork, setsid, "/" unless nochdir, stdio to /dev/null unless noclose. */
static int d_daemon(int nochdir, int noclose) { return dret(daemon(nochdir, noclose)); }
DARWIN_EXPORT("_daemon", d_daemon);
DARWIN_EXPORT("_daemon$1050", d_daemon);

/* SysV IPC: the calls whose arguments agree (key_t, IPC_CREAT 0x200... are translated). */
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/msg.h>
static int ipc_flags(int d) /* Darwin IPC_CREAT 001000, IPC_EXCL 002000, IPC_NOWAIT 004000 agree with Linux */
{
    return d;
}
static key_t d_ftok(const char *path, int id) { return (key_t)dret(ftok(path, id)); }
static int d_shmget(key_t k, size_t size, int fl) { return dret(shmget(k, size, ipc_flags(fl))); }
static void *d_shmat(int id, const void *addr, int fl)
{
    void *r = shmat(id, addr, fl); /* SHM_RDONLY 010000, SHM_RND 020000 agree */
    if (r == (void *)-1)
        errno = darwin_errno_from_linux(errno);
    return r;
}
static int d_shmdt(const void *addr) { return dret(shmdt(addr)); }
static int d_semget(key_t k, int n, int fl) { return dret(semget(k, n, ipc_flags(fl))); }
static int d_semop(int id, struct sembuf *ops, size_t n) { return dret(semop(id, ops, n)); } /* sembuf agrees */
static int d_msgget(key_t k, int fl) { return dret(msgget(k, ipc_flags(fl))); }
DARWIN_EXPORT("_ftok", d_ftok);
DARWIN_EXPORT("_shmget", d_shmget);
DARWIN_EXPORT("_shmat", d_shmat);
DARWIN_EXPORT("_shmdt", d_shmdt);
DARWIN_EXPORT("_semget", d_semget);
DARWIN_EXPORT("_semop", d_semop);
DARWIN_EXPORT("_msgget", d_msgget);
