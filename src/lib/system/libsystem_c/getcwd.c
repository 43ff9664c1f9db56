/*
 * getcwd.c — getcwd (libsystem_c's on macOS), with Darwin's errno.
 */
#define _GNU_SOURCE
#include <unistd.h>

#include "machrun/darwin/private.h"

static char *d_getcwd(char *buf, size_t n)
{
    char *r = getcwd(buf, n);
    if (!r)
        errno = darwin_errno_from_linux(errno);
    return r;
}
DARWIN_EXPORT("_getcwd", d_getcwd);
