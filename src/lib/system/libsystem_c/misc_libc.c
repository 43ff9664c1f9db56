/*
 * misc_libc.c — the rest of libc that command-line programs lean on: getopt (BSD: stops at
 * the first non-option, as Darwin's does), getopt_long/getopt_long_only (which do permute,
 * as Darwin's do) with optind/optarg/opterr/optopt/optreset, fnmatch with Darwin's flag
 * values, basename/dirname that never modify their argument (Darwin's), iconv under its
 * libiconv names, statfs/fstatfs with Darwin's struct statfs, and the xattr calls with
 * Darwin's signatures (position and options arguments; ENOATTR for a missing attribute).
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

/* ---- getopt ---- */
DARWIN_EXPORT_DATA("_optind", optind);
DARWIN_EXPORT_DATA("_optarg", optarg);
DARWIN_EXPORT_DATA("_opterr", opterr);
DARWIN_EXPORT_DATA("_optopt", optopt);
static int d_optreset;
DARWIN_EXPORT_DATA("_optreset", d_optreset);

/* BSD getopt: no permutation ('+'), and optreset restarts the scan. */
static char *bsd_optstring(const char *s, char *buf, size_t n)
{
    if (s[0] == '+' || s[0] == '-')
        return (char *)s;
    snprintf(buf, n, "+%s", s);
    return buf;
}

static void check_reset(void)
{
    if (d_optreset) {
        d_optreset = 0;
        optind = 0; /* glibc: full re-initialisation */
    }
}

static int d_getopt(int argc, char *const argv[], const char *opts)
{
    char buf[512];
    check_reset();
    return getopt(argc, argv, bsd_optstring(opts, buf, sizeof buf));
}
DARWIN_EXPORT("_getopt", d_getopt);
DARWIN_EXPORT("_getopt$UNIX2003", d_getopt);

static int d_getopt_long(int argc, char *const argv[], const char *opts, const struct option *lo, int *idx)
{
    check_reset();
    return getopt_long(argc, argv, opts, lo, idx); /* struct option agrees */
}
DARWIN_EXPORT("_getopt_long", d_getopt_long);

static int d_getopt_long_only(int argc, char *const argv[], const char *opts, const struct option *lo, int *idx)
{
    check_reset();
    return getopt_long_only(argc, argv, opts, lo, idx);
}
DARWIN_EXPORT("_getopt_long_only", d_getopt_long_only);

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

/* ---- basename/dirname (Darwin's keep their argument intact) ---- */
static char *d_basename(const char *p)
{
    char *bn_buf = darwin_thread_buffer(DARWIN_TBUF_BASENAME, PATH_MAX);
    if (!bn_buf) {
        errno = 12; /* ENOMEM, as Darwin's, which allocates its buffer too */
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
        errno = 12;
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
        errno = 9;
        return -1;
    }
    return dret(iconv_close(c));
}
DARWIN_EXPORT_LIB(DLIB_libiconv, "_iconv_open", d_iconv_open);
DARWIN_EXPORT_LIB(DLIB_libiconv, "_iconv", d_iconv);
DARWIN_EXPORT_LIB(DLIB_libiconv, "_iconv_close", d_iconv_close);
DARWIN_EXPORT_LIB(DLIB_libiconv, "_libiconv_open", d_iconv_open);
DARWIN_EXPORT_LIB(DLIB_libiconv, "_libiconv", d_iconv);
DARWIN_EXPORT_LIB(DLIB_libiconv, "_libiconv_close", d_iconv_close);

/* ---- statfs ($INODE64 layout) ---- */
struct d_statfs64 {
    uint32_t f_bsize;
    int32_t f_iosize;
    uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    uint32_t f_owner, f_type, f_flags, f_fssubtype;
    char f_fstypename[16];
    char f_mntonname[1024];
    char f_mntfromname[1024];
    uint32_t f_flags_ext;
    uint32_t f_reserved[7];
};
_Static_assert(sizeof(struct d_statfs64) == 2168, "Darwin struct statfs (INODE64)");

/* The mount containing path (or fd's file): type, mount point and source from mountinfo. */
static void mount_of(const char *path, dev_t dev, struct d_statfs64 *d)
{
    FILE *f = fopen("/proc/self/mountinfo", "re");
    if (!f)
        return;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        unsigned maj, min;
        char mnt[1024], type[64], src[1024];
        if (sscanf(line, "%*d %*d %u:%u %*s %1023s", &maj, &min, mnt) != 3)
            continue;
        char *sep = strstr(line, " - ");
        if (!sep || sscanf(sep + 3, "%63s %1023s", type, src) != 2)
            continue;
        if (makedev(maj, min) == dev) {
            snprintf(d->f_fstypename, sizeof d->f_fstypename, "%.15s", type);
            snprintf(d->f_mntonname, sizeof d->f_mntonname, "%s", mnt);
            snprintf(d->f_mntfromname, sizeof d->f_mntfromname, "%s", src);
        }
    }
    fclose(f);
    (void)path;
}

static int fill_statfs(const struct statfs *l, dev_t dev, const char *path, struct d_statfs64 *d)
{
    memset(d, 0, sizeof *d);
    d->f_bsize = (uint32_t)l->f_bsize;
    d->f_iosize = (int32_t)l->f_bsize;
    d->f_blocks = l->f_blocks;
    d->f_bfree = l->f_bfree;
    d->f_bavail = l->f_bavail;
    d->f_files = l->f_files;
    d->f_ffree = l->f_ffree;
    memcpy(d->f_fsid, &l->f_fsid, sizeof d->f_fsid);
    d->f_owner = 0;
    d->f_flags = (l->f_flags & ST_RDONLY ? 0x1 : 0) | (l->f_flags & ST_NOSUID ? 0x8 : 0) |
                 (l->f_flags & ST_NODEV ? 0x10 : 0) | 0x1000 /* MNT_LOCAL */;
    mount_of(path, dev, d);
    return 0;
}

#include <sys/stat.h>
static int d_statfs64(const char *path, struct d_statfs64 *d)
{
    struct statfs l;
    struct stat st;
    if (statfs(path, &l) < 0 || stat(path, &st) < 0)
        return dret(-1);
    return fill_statfs(&l, st.st_dev, path, d);
}
static int d_fstatfs64(int fd, struct d_statfs64 *d)
{
    struct statfs l;
    struct stat st;
    if (fstatfs(fd, &l) < 0 || fstat(fd, &st) < 0)
        return dret(-1);
    return fill_statfs(&l, st.st_dev, NULL, d);
}
DARWIN_EXPORT_PARTIAL("_statfs$INODE64", d_statfs64);
DARWIN_EXPORT_PARTIAL("_fstatfs$INODE64", d_fstatfs64);
DARWIN_EXPORT_PARTIAL("_statfs64", d_statfs64);
DARWIN_EXPORT_PARTIAL("_fstatfs64", d_fstatfs64);

/* getfsstat(buf, bufsize, mode): one $INODE64 struct statfs per mount in /proc/self/mountinfo
 * (mount points unescaped), those whose statfs fails (no permission, a gone network server)
 * left out; with buf NULL, the number of mounts. MNT_WAIT and MNT_NOWAIT read the same. */
static int d_getfsstat64(struct d_statfs64 *buf, int bufsize, int mode)
{
    (void)mode;
    FILE *f = fopen("/proc/self/mountinfo", "re");
    if (!f)
        return dret(-1);
    int max = buf && bufsize > 0 ? bufsize / (int)sizeof *buf : 0, n = 0;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        char raw[1024], mnt[1024];
        if (sscanf(line, "%*d %*d %*u:%*u %*s %1023s", raw) != 1)
            continue;
        size_t o = 0;
        for (const char *p = raw; *p && o + 1 < sizeof mnt; p++) {
            if (p[0] == '\\' && p[1] >= '0' && p[1] <= '7' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7') {
                mnt[o++] = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
                p += 3;
            } else {
                mnt[o++] = *p;
            }
        }
        mnt[o] = 0;
        if (!buf) {
            n++;
            continue;
        }
        if (n >= max)
            break;
        struct statfs l;
        struct stat st;
        if (statfs(mnt, &l) < 0 || stat(mnt, &st) < 0)
            continue;
        fill_statfs(&l, st.st_dev, mnt, &buf[n]);
        snprintf(buf[n].f_mntonname, sizeof buf[n].f_mntonname, "%s", mnt); /* this mount, not a bind twin */
        n++;
    }
    fclose(f);
    return n;
}
DARWIN_EXPORT("_getfsstat$INODE64", d_getfsstat64);
DARWIN_EXPORT("_getfsstat64", d_getfsstat64);

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
                errno = 12;
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
        errno = 22;
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
        errno = 22;
        return -1;
    }
    return dretl(fgetxattr(fd, xname(name, b, sizeof b), v, size));
}
static int xflags(int opts) { return (opts & 2 ? XATTR_CREATE : 0) | (opts & 4 ? XATTR_REPLACE : 0); }
static int d_setxattr(const char *path, const char *name, const void *v, size_t size, uint32_t pos, int opts)
{
    char b[512];
    if (pos) {
        errno = 22;
        return -1;
    }
    return dret(opts & 1 ? lsetxattr(path, xname(name, b, sizeof b), v, size, xflags(opts))
                         : setxattr(path, xname(name, b, sizeof b), v, size, xflags(opts)));
}
static int d_fsetxattr(int fd, const char *name, const void *v, size_t size, uint32_t pos, int opts)
{
    char b[512];
    if (pos) {
        errno = 22;
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
