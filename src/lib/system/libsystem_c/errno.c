/*
 * errno.c — the Darwin errno values: translation both ways from the table of
 * include/machrun/darwin/errno.def, and Darwin's strerror/perror texts. __error() itself is
 * libsystem_kernel's (libsystem_kernel/error.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "machrun/darwin/private.h"

#define MAX_ERRNO 256
static int to_darwin[MAX_ERRNO], to_linux[MAX_ERRNO];
static const char *messages[MAX_ERRNO];
static int built;

static void build(void)
{
    for (size_t i = darwin_errno_table_len; i-- > 0;) {
        const struct errno_entry *e = &darwin_errno_table[i];
        /* Walk backwards so that the first row for a value wins. */
        if (e->linux_ > 0 && e->linux_ < MAX_ERRNO)
            to_darwin[e->linux_] = e->darwin;
        if (e->message) {
            if (e->linux_ > 0)
                to_linux[e->darwin] = e->linux_;
            messages[e->darwin] = e->message;
        }
    }
    __atomic_store_n(&built, 1, __ATOMIC_RELEASE);
}

int darwin_errno_from_linux(int e)
{
    if (!__atomic_load_n(&built, __ATOMIC_ACQUIRE))
        build();
    if (e > 0 && e < MAX_ERRNO && to_darwin[e])
        return to_darwin[e];
    return e;
}

int linux_errno_from_darwin(int e)
{
    if (!__atomic_load_n(&built, __ATOMIC_ACQUIRE))
        build();
    if (e > 0 && e < MAX_ERRNO && to_linux[e])
        return to_linux[e];
    return e;
}

const char *darwin_errno_message(int e)
{
    if (!__atomic_load_n(&built, __ATOMIC_ACQUIRE))
        build();
    return (e > 0 && e < MAX_ERRNO) ? messages[e] : NULL;
}

void darwin_set_errno_from_linux(int linux_errno)
{
    errno = darwin_errno_from_linux(linux_errno);
}

int *darwin_errno_ptr(void)
{
    return &errno;
}

/* strerror: Darwin's texts, "Unknown error: N" otherwise ("Undefined error: 0" for 0). */
static __thread char strerror_buf[64];

static int fmt_error(int e, char *buf, size_t n)
{
    const char *m = darwin_errno_message(e);
    if (m) {
        snprintf(buf, n, "%s", m);
        return strlen(m) >= n ? D_ERANGE : 0;
    }
    snprintf(buf, n, e == 0 ? "Undefined error: %d" : "Unknown error: %d", e);
    return e == 0 ? 0 : D_EINVAL;
}

static char *d_strerror(int e)
{
    const char *m = darwin_errno_message(e);
    if (m)
        return (char *)m;
    fmt_error(e, strerror_buf, sizeof strerror_buf);
    return strerror_buf;
}
DARWIN_EXPORT("_strerror", d_strerror);

static int d_strerror_r(int e, char *buf, size_t n)
{
    return fmt_error(e, buf, n);
}
DARWIN_EXPORT("_strerror_r", d_strerror_r);

static void d_perror(const char *s)
{
    int e = errno;
    if (s && *s)
        fprintf(stderr, "%s: %s\n", s, d_strerror(e));
    else
        fprintf(stderr, "%s\n", d_strerror(e));
    errno = e;
}
DARWIN_EXPORT("_perror", d_perror);
