/*
 * fnmatch.c — fnmatch with Darwin's flag values.
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

/* ---- fnmatch: Darwin FNM_NOESCAPE 1, PATHNAME 2, PERIOD 4, LEADING_DIR 8, CASEFOLD 16 ---- */
static int d_fnmatch(const char *pattern, const char *s, int dflags)
{
    int l = 0;
    if (dflags & 0x01) l |= FNM_NOESCAPE;
    if (dflags & 0x02) l |= FNM_PATHNAME;
    if (dflags & 0x04) l |= FNM_PERIOD;
    if (dflags & 0x08) l |= FNM_LEADING_DIR;
    if (dflags & 0x10) l |= FNM_CASEFOLD;
    return fnmatch(pattern, s, l) == 0 ? 0 : 1; /* FNM_NOMATCH is 1 on Darwin */
}
DARWIN_EXPORT("_fnmatch", d_fnmatch);
