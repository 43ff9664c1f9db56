/*
 * stdlib.c — <stdlib.h>: reallocf (malloc and the rest of the allocation calls are
 * libsystem_malloc's: libsystem_malloc/malloc.c), number conversions, sorting and searching,
 * atexit/__cxa_atexit/abort, the stack protector (__stack_chk_guard/__stack_chk_fail) and
 * ___chkstk_darwin's companion data.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

/* ---- allocation: malloc and its family are libsystem_malloc's (libsystem_malloc/malloc.c) ---- */
static void *d_reallocf(void *q, size_t n)
{
    void *p = realloc(q, n);
    if (!p && n) {
        free(q);
        errno = D_ENOMEM;
    }
    return p;
}
DARWIN_EXPORT("_reallocf", d_reallocf);

/* ---- conversions (identical behaviour; errno values ERANGE/EINVAL agree) ---- */
DARWIN_EXPORT("_atoi", atoi);
DARWIN_EXPORT("_atol", atol);
DARWIN_EXPORT("_atoll", atoll);
DARWIN_EXPORT("_atof", atof);
DARWIN_EXPORT("_strtol", strtol);
DARWIN_EXPORT("_strtoul", strtoul);
DARWIN_EXPORT("_strtoll", strtoll);
DARWIN_EXPORT("_strtoull", strtoull);
DARWIN_EXPORT("_strtoq", strtoq);
DARWIN_EXPORT("_strtouq", strtouq);
DARWIN_EXPORT("_strtoimax", strtoimax);
DARWIN_EXPORT("_strtoumax", strtoumax);
DARWIN_EXPORT("_strtod", strtod);
DARWIN_EXPORT("_strtof", strtof);
DARWIN_EXPORT("_strtold", strtold);
DARWIN_EXPORT("_abs", abs);
DARWIN_EXPORT("_labs", labs);
DARWIN_EXPORT("_llabs", llabs);
DARWIN_EXPORT("_div", div);
DARWIN_EXPORT("_ldiv", ldiv);
DARWIN_EXPORT("_lldiv", lldiv);

/* ---- sorting and searching ---- */
DARWIN_EXPORT("_qsort", qsort);
DARWIN_EXPORT("_bsearch", bsearch);

/* Darwin's qsort_r takes (base, n, size, thunk, cmp(thunk, a, b)) — the BSD order. */
struct qsort_r_ctx {
    void *thunk;
    int (*cmp)(void *, const void *, const void *);
};
static int qsort_r_tramp(const void *a, const void *b, void *c)
{
    struct qsort_r_ctx *x = c;
    return x->cmp(x->thunk, a, b);
}
static void d_qsort_r(void *base, size_t n, size_t size, void *thunk, int (*cmp)(void *, const void *, const void *))
{
    struct qsort_r_ctx c = { thunk, cmp };
    qsort_r(base, n, size, qsort_r_tramp, &c);
}
DARWIN_EXPORT("_qsort_r", d_qsort_r);

/* ---- random ---- */
DARWIN_EXPORT("_rand", rand);
DARWIN_EXPORT("_srand", srand);
DARWIN_EXPORT("_rand_r", rand_r);

/* ---- the end of the process ---- */
DARWIN_EXPORT("_atexit", atexit);

extern int __cxa_atexit(void (*fn)(void *), void *arg, void *dso);
DARWIN_EXPORT("___cxa_atexit", __cxa_atexit);

static void d___cxa_finalize(void *dso)
{
    (void)dso; /* handlers run at exit; dlclose of a guest image runs none early (documented) */
}
DARWIN_EXPORT_PARTIAL("___cxa_finalize", d___cxa_finalize);

/* _Exit(3); _exit(2) is libsystem_kernel's (libsystem_kernel/process.c). */
DARWIN_EXPORT("__Exit", _Exit);

static void d_abort(void)
{
    /* Darwin's abort: unblock SIGABRT, raise it, then make sure we die. */
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGABRT);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    raise(SIGABRT);
    signal(SIGABRT, SIG_DFL);
    raise(SIGABRT);
    _exit(134);
}
DARWIN_EXPORT("_abort", d_abort);

/* ---- stack protector ---- */
static uintptr_t d_stack_chk_guard;
DARWIN_EXPORT_DATA("___stack_chk_guard", d_stack_chk_guard);

__attribute__((constructor)) static void init_guard(void)
{
    if (getrandom(&d_stack_chk_guard, sizeof d_stack_chk_guard, 0) != sizeof d_stack_chk_guard)
        d_stack_chk_guard = 0xff0a0000deadbeefull;
    d_stack_chk_guard &= ~(uintptr_t)0xff; /* a NUL byte stops string overflows, as Darwin does */
}

static void d___stack_chk_fail(void)
{
    static const char m[] = "machrun: stack buffer overflow detected (__stack_chk_fail)\n";
    (void)!write(2, m, sizeof m - 1);
    d_abort();
}
DARWIN_EXPORT("___stack_chk_fail", d___stack_chk_fail);

/* assert(3): Darwin's message, then abort. */
static void d___assert_rtn(const char *func, const char *file, int line, const char *expr)
{
    if (func)
        fprintf(stderr, "Assertion failed: (%s), function %s, file %s, line %d.\n", expr, func, file, line);
    else
        fprintf(stderr, "Assertion failed: (%s), file %s, line %d.\n", expr, file, line);
    d_abort();
}
DARWIN_EXPORT("___assert_rtn", d___assert_rtn);
