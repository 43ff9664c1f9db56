/*
 * realpath.c — realpath (libsystem_c's on macOS, also as $DARWIN_EXTSN), with Darwin's errno.
 */
#define _GNU_SOURCE
#include <stdlib.h>

#include "machrun/darwin/private.h"

static char *d_realpath(const char *p, char *out)
{
    char *r = realpath(p, out);
    if (!r)
        errno = darwin_errno_from_linux(errno);
    return r;
}
DARWIN_EXPORT("_realpath$DARWIN_EXTSN", d_realpath);
DARWIN_EXPORT("_realpath", d_realpath);
