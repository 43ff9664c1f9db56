/*
 * stdlib.c — <stdlib.h>: memory allocation (with Darwin's malloc_size/malloc_good_size),
 * number conversions, sorting and searching, atexit/__cxa_atexit/abort, the stack protector
 * (__stack_chk_guard/__stack_chk_fail) and ___chkstk_darwin's companion data.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

/* ---- allocation ---- */
static void *d_malloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        errno = D_ENOMEM;
    return p;
}
DARWIN_EXPORT("_malloc", d_malloc);

static void *d_calloc(size_t a, size_t b)
{
    void *p = calloc(a, b);
    if (!p)
        errno = D_ENOMEM;
    return p;
}
DARWIN_EXPORT("_calloc", d_calloc);

static void *d_realloc(void *q, size_t n)
{
    void *p = realloc(q, n);
    if (!p && n)
        errno = D_ENOMEM;
    return p;
}
DARWIN_EXPORT("_realloc", d_realloc);

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
DARWIN_EXPORT("_free", free);

static int d_posix_memalign(void **out, size_t align, size_t n)
{
    return dreturn_err(posix_memalign(out, align, n));
}
DARWIN_EXPORT("_posix_memalign", d_posix_memalign);

static void *d_aligned_alloc(size_t align, size_t n)
{
    void *p = aligned_alloc(align, n);
    if (!p)
        errno = darwin_errno_from_linux(errno);
    return p;
}
DARWIN_EXPORT("_aligned_alloc", d_aligned_alloc);

static void *d_valloc(size_t n)
{
    return d_aligned_alloc(4096, (n + 4095) & ~(size_t)4095);
}
DARWIN_EXPORT("_valloc", d_valloc);

static size_t d_malloc_size(const void *p)
{
    return p ? malloc_usable_size((void *)p) : 0;
}
DARWIN_EXPORT("_malloc_size", d_malloc_size);

static size_t d_malloc_good_size(size_t n)
{
    /* Darwin's tiny quantum is 16 bytes. */
    return n <= 16 ? 16 : (n + 15) & ~(size_t)15;
}
DARWIN_EXPORT("_malloc_good_size", d_malloc_good_size);

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

static void d__exit(int status)
{
    _exit(status);
}
DARWIN_EXPORT("__exit", d__exit);
DARWIN_EXPORT("__Exit", d__exit);

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
