/*
 * getmntinfo.c — getmntinfo: getfsstat into a buffer of libc's own, reused by the next
 * call (as Darwin's).
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
#include "machrun/darwin/statfs.h"

/* getmntinfo: getfsstat into a buffer of libc's own, reused by the next call (as Darwin's). */
static int d_getmntinfo64(struct d_statfs64 **out, int mode)
{
    static struct d_statfs64 *buf;
    static int cap;
    for (;;) {
        int n = d_getfsstat64(NULL, 0, mode);
        if (n < 0)
            return -1;
        if (n + 1 > cap) {
            struct d_statfs64 *b = realloc(buf, (size_t)(n + 8) * sizeof *b);
            if (!b) {
                errno = D_ENOMEM;
                return 0;
            }
            buf = b;
            cap = n + 8;
        }
        int got = d_getfsstat64(buf, cap * (int)sizeof *buf, mode);
        if (got < 0)
            return 0;
        if (got < cap) {
            *out = buf;
            return got;
        }
    }
}
DARWIN_EXPORT("_getmntinfo$INODE64", d_getmntinfo64);
DARWIN_EXPORT("_getmntinfo64", d_getmntinfo64);
