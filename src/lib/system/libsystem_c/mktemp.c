/*
 * mktemp.c — the temporary-file calls of <stdlib.h>/<unistd.h> (libsystem_c's on macOS):
 * mkstemp, mkstemps, mkostemp (Darwin's open flags), mkdtemp, mktemp.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <unistd.h>

#include "machrun/darwin/abi.h"
#include "machrun/darwin/private.h"

static int d_mkstemp(char *t) { return dret(mkstemp(t)); }
static int d_mkstemps(char *t, int suffix) { return dret(mkstemps(t, suffix)); }
static int d_mkostemp(char *t, int flags) { return dret(mkostemp(t, linux_open_flags_from_darwin(flags))); }
static char *d_mkdtemp(char *t)
{
    char *r = mkdtemp(t);
    if (!r)
        errno = darwin_errno_from_linux(errno);
    return r;
}
static char *d_mktemp(char *t)
{
    int fd = mkstemp(t);
    if (fd < 0) {
        t[0] = 0;
        return t;
    }
    close(fd);
    unlink(t); /* mktemp only names a file */
    return t;
}
DARWIN_EXPORT("_mkstemp", d_mkstemp);
DARWIN_EXPORT("_mkstemps", d_mkstemps);
DARWIN_EXPORT("_mkostemp", d_mkostemp);
DARWIN_EXPORT("_mkdtemp", d_mkdtemp);
DARWIN_EXPORT("_mktemp", d_mktemp);
