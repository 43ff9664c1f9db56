/*
 * getlogin.c — getlogin and getlogin_r (libsystem_c): glibc's, with errors in Darwin's
 * errno numbering.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

static char *d_getlogin(void)
{
    char *r = getlogin();
    if (!r)
        errno = darwin_errno_from_linux(errno);
    return r;
}
DARWIN_EXPORT("_getlogin", d_getlogin);

static int d_getlogin_r(char *buf, size_t n) { return dreturn_err(getlogin_r(buf, n)); }
DARWIN_EXPORT("_getlogin_r", d_getlogin_r);
