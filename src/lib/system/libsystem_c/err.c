/*
 * err.c — err.h: err, errx, errc, warn, warnx, warnc and the v* forms, err_set_exit,
 * err_set_file: the program's name, the message, ": " and Darwin's strerror text, on stderr
 * (or the FILE set by err_set_file).
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
