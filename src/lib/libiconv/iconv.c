/*
 * iconv.c — iconv_open/iconv/iconv_close under their libiconv names too
 * (libiconv_open...); iconv_t is a pointer on both sides.
 */
#define _GNU_SOURCE
#include <fnmatch.h>
#include <getopt.h>
#include <iconv.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

/* ---- iconv (libiconv's names too; iconv_t is a pointer on both) ---- */
static iconv_t d_iconv_open(const char *to, const char *from)
{
    iconv_t c = iconv_open(to, from);
    if (c == (iconv_t)-1)
        errno = darwin_errno_from_linux(errno);
    return c;
}
static size_t d_iconv(iconv_t c, char **in, size_t *inl, char **out, size_t *outl)
{
    size_t r = iconv(c, in, inl, out, outl);
    if (r == (size_t)-1)
        errno = darwin_errno_from_linux(errno);
    return r;
}
static int d_iconv_close(iconv_t c)
{
    /* libiconv answers EBADF for a descriptor that was never opened (libgit2 closes a NULL
     * one); glibc would dereference it. */
    if (!c || c == (iconv_t)-1) {
        errno = D_EBADF;
        return -1;
    }
    return dret(iconv_close(c));
}
DARWIN_EXPORT("_iconv_open", d_iconv_open);
DARWIN_EXPORT("_iconv", d_iconv);
DARWIN_EXPORT("_iconv_close", d_iconv_close);
DARWIN_EXPORT("_libiconv_open", d_iconv_open);
DARWIN_EXPORT("_libiconv", d_iconv);
DARWIN_EXPORT("_libiconv_close", d_iconv_close);
