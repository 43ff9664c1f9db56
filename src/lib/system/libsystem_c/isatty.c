/*
 * isatty.c — isatty (libsystem_c's on macOS), with Darwin's errno when it says no.
 */
#define _GNU_SOURCE
#include <unistd.h>

#include "machrun/darwin/private.h"

static int d_isatty(int fd)
{
    int r = isatty(fd);
    if (!r)
        errno = darwin_errno_from_linux(errno);
    return r;
}
DARWIN_EXPORT("_isatty", d_isatty);
