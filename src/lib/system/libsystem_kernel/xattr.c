/*
 * xattr.c — the extended attribute calls with Darwin's signatures (position and
 * options arguments; ENOATTR for a missing attribute); libsystem_kernel on macOS.
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

/* ---- extended attributes: Darwin passes a position (resource forks only) and options
 * (XATTR_NOFOLLOW 1, XATTR_CREATE 2, XATTR_REPLACE 4). A missing attribute is ENOATTR (93),
 * which the errno table makes of Linux's ENODATA. Names other than user.* are refused by
 * Linux for unprivileged users: they are stored as "user." + the Darwin name. */
static const char *xname(const char *name, char *buf, size_t n)
{
    if (!strncmp(name, "user.", 5) || !strncmp(name, "trusted.", 8) || !strncmp(name, "security.", 9) ||
        !strncmp(name, "system.", 7))
        return name;
    snprintf(buf, n, "user.%s", name);
    return buf;
}

static ssize_t d_getxattr(const char *path, const char *name, void *v, size_t size, uint32_t pos, int opts)
{
    char b[512];
    if (pos) {
        errno = D_EINVAL;
        return -1;
    }
    return dretl(opts & 1 ? lgetxattr(path, xname(name, b, sizeof b), v, size)
                          : getxattr(path, xname(name, b, sizeof b), v, size));
}
static ssize_t d_fgetxattr(int fd, const char *name, void *v, size_t size, uint32_t pos, int opts)
{
    char b[512];
    (void)opts;
    if (pos) {
        errno = D_EINVAL;
        return -1;
    }
    return dretl(fgetxattr(fd, xname(name, b, sizeof b), v, size));
}
static int xflags(int opts) { return (opts & 2 ? XATTR_CREATE : 0) | (opts & 4 ? XATTR_REPLACE : 0); }
static int d_setxattr(const char *path, const char *name, const void *v, size_t size, uint32_t pos, int opts)
{
    char b[512];
    if (pos) {
        errno = D_EINVAL;
        return -1;
    }
    return dret(opts & 1 ? lsetxattr(path, xname(name, b, sizeof b), v, size, xflags(opts))
                         : setxattr(path, xname(name, b, sizeof b), v, size, xflags(opts)));
}
static int d_fsetxattr(int fd, const char *name, const void *v, size_t size, uint32_t pos, int opts)
{
    char b[512];
    if (pos) {
        errno = D_EINVAL;
        return -1;
    }
    return dret(fsetxattr(fd, xname(name, b, sizeof b), v, size, xflags(opts)));
}
static int d_removexattr(const char *path, const char *name, int opts)
{
    char b[512];
    return dret(opts & 1 ? lremovexattr(path, xname(name, b, sizeof b)) : removexattr(path, xname(name, b, sizeof b)));
}
static int d_fremovexattr(int fd, const char *name, int opts)
{
    char b[512];
    (void)opts;
    return dret(fremovexattr(fd, xname(name, b, sizeof b)));
}
/* listxattr: names come back without the "user." added above. */
static ssize_t strip_user(char *list, ssize_t n)
{
    if (n <= 0 || !list)
        return n;
    char *out = list;
    for (char *p = list; p < list + n; p += strlen(p) + 1) {
        const char *name = !strncmp(p, "user.", 5) ? p + 5 : p;
        size_t l = strlen(name) + 1;
        memmove(out, name, l);
        out += l;
    }
    return out - list;
}
static ssize_t d_listxattr(const char *path, char *list, size_t size, int opts)
{
    ssize_t n = opts & 1 ? llistxattr(path, list, size) : listxattr(path, list, size);
    if (n < 0)
        return dretl(-1);
    return list ? strip_user(list, n) : n;
}
static ssize_t d_flistxattr(int fd, char *list, size_t size, int opts)
{
    (void)opts;
    ssize_t n = flistxattr(fd, list, size);
    if (n < 0)
        return dretl(-1);
    return list ? strip_user(list, n) : n;
}
DARWIN_EXPORT("_getxattr", d_getxattr);
DARWIN_EXPORT("_fgetxattr", d_fgetxattr);
DARWIN_EXPORT("_setxattr", d_setxattr);
DARWIN_EXPORT("_fsetxattr", d_fsetxattr);
DARWIN_EXPORT("_removexattr", d_removexattr);
DARWIN_EXPORT("_fremovexattr", d_fremovexattr);
DARWIN_EXPORT("_listxattr", d_listxattr);
DARWIN_EXPORT("_flistxattr", d_flistxattr);
