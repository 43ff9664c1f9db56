/*
 * malloc.c — the allocation calls libsystem_malloc exports, over the glibc heap: malloc,
 * calloc, realloc, free, posix_memalign, aligned_alloc, valloc, with Darwin's errno (ENOMEM),
 * and Darwin's malloc_size / malloc_good_size (16-byte tiny quantum). The zones are in
 * malloc_zone.c; reallocf is libsystem_c's (libsystem_c/stdlib.c).
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdlib.h>

#include "machrun/darwin/private.h"

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
