/*
 * statfs.c — statfs/fstatfs and getfsstat with Darwin's $INODE64 struct statfs
 * (type, mount point and source from /proc/self/mountinfo); libsystem_kernel on macOS.
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

/* ---- statfs ($INODE64 layout) ---- */

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
int d_getfsstat64(struct d_statfs64 *buf, int bufsize, int mode)
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
