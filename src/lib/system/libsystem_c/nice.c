/*
 * nice.c — nice (libsystem_c's on macOS, built on setpriority), with Darwin's errno.
 */
#define _GNU_SOURCE
#include <unistd.h>

#include "machrun/darwin/private.h"

static int d_nice(int inc)
{
    errno = 0;
    int r = nice(inc);
    if (r == -1 && errno)
        errno = darwin_errno_from_linux(errno);
    return r;
}
DARWIN_EXPORT("_nice", d_nice);
