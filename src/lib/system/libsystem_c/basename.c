/*
 * basename.c — basename/dirname that never modify their argument (Darwin's).
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

/* ---- basename/dirname (Darwin's keep their argument intact) ---- */
static char *d_basename(const char *p)
{
    char *bn_buf = darwin_thread_buffer(DARWIN_TBUF_BASENAME, PATH_MAX);
    if (!bn_buf) {
        errno = D_ENOMEM; /* as Darwin's, which allocates its buffer too */
        return NULL;
    }
    if (!p || !*p)
        return strcpy(bn_buf, ".");
    size_t end = strlen(p);
    while (end > 1 && p[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && p[start - 1] != '/')
        start--;
    if (end == 1 && p[0] == '/')
        return strcpy(bn_buf, "/");
    size_t n = end - start < PATH_MAX - 1 ? end - start : PATH_MAX - 1;
    memcpy(bn_buf, p + start, n);
    bn_buf[n] = 0;
    return bn_buf;
}
DARWIN_EXPORT("_basename", d_basename);

static char *d_dirname(const char *p)
{
    char *dn_buf = darwin_thread_buffer(DARWIN_TBUF_DIRNAME, PATH_MAX);
    if (!dn_buf) {
        errno = D_ENOMEM;
        return NULL;
    }
    if (!p || !*p)
        return strcpy(dn_buf, ".");
    size_t end = strlen(p);
    while (end > 1 && p[end - 1] == '/')
        end--;
    while (end > 0 && p[end - 1] != '/')
        end--;
    if (end == 0)
        return strcpy(dn_buf, ".");
    while (end > 1 && p[end - 1] == '/')
        end--;
    size_t n = end < PATH_MAX - 1 ? end : PATH_MAX - 1;
    memcpy(dn_buf, p, n);
    dn_buf[n] = 0;
    return dn_buf;
}
DARWIN_EXPORT("_dirname", d_dirname);
