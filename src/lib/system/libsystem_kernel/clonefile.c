/*
 * clonefile.c — clonefile(2), clonefileat(2) and fclonefileat(2) (libsystem_kernel) over
 * Linux's FICLONE reflinks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

#include "machrun/darwin/copyfile.h"
#include "machrun/darwin/private.h"

/* A regular file is cloned with FICLONE into a new destination (EEXIST if it exists), which
 * then gets the source's mode, times, owner (unless CLONE_NOOWNERCOPY) and extended
 * attributes, as a clone has them on APFS. A symbolic link (with CLONE_NOFOLLOW, or as the
 * last component of a followed path that Linux would follow anyway) is cloned as a new link
 * to the same target. Partial: a file system without reflinks, and a directory (which APFS
 * clones whole), answer ENOTSUP, as clonefile does off APFS; callers (Rust's fs::copy) then
 * copy. */
#define CLONE_NOFOLLOW 0x1u
#define CLONE_NOOWNERCOPY 0x2u
#define CLONE_ACL 0x4u

static int clone_fd_to(int in, const struct stat *st, int dstdir, const char *dst, uint32_t flags)
{
    if (S_ISDIR(st->st_mode)) {
        errno = EOPNOTSUPP;
        return -1;
    }
    if (!S_ISREG(st->st_mode)) {
        errno = EINVAL;
        return -1;
    }
    int out = openat(dstdir, dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (st->st_mode & 07777) | S_IWUSR);
    if (out < 0)
        return -1;
    if (ioctl(out, FICLONE, in) < 0) {
        int e = errno;
        close(out);
        unlinkat(dstdir, dst, 0);
        errno = (e == EOPNOTSUPP || e == EXDEV || e == EINVAL || e == ENOTTY) ? EOPNOTSUPP : e;
        return -1;
    }
    if (!(flags & CLONE_NOOWNERCOPY))
        (void)!fchown(out, st->st_uid, st->st_gid);
    copyfile_clone_xattrs(in, out);
    fchmod(out, st->st_mode & 07777);
    struct timespec ts[2] = { st->st_atim, st->st_mtim };
    futimens(out, ts);
    close(out);
    return 0;
}

static int do_clonefileat(int srcdir, const char *src, int dstdir, const char *dst, uint32_t flags)
{
    if (flags & ~(CLONE_NOFOLLOW | CLONE_NOOWNERCOPY | CLONE_ACL)) {
        errno = D_EINVAL;
        return -1;
    }
    struct stat st;
    if (fstatat(srcdir, src, &st, (flags & CLONE_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0) < 0)
        return dret(-1);
    if (S_ISLNK(st.st_mode)) {
        char target[PATH_MAX];
        ssize_t n = readlinkat(srcdir, src, target, sizeof target - 1);
        if (n < 0)
            return dret(-1);
        target[n] = 0;
        if (symlinkat(target, dstdir, dst) < 0)
            return dret(-1);
        struct timespec ts[2] = { st.st_atim, st.st_mtim };
        utimensat(dstdir, dst, ts, AT_SYMLINK_NOFOLLOW);
        return 0;
    }
    int in = openat(srcdir, src, O_RDONLY | O_CLOEXEC | ((flags & CLONE_NOFOLLOW) ? O_NOFOLLOW : 0));
    if (in < 0)
        return dret(-1);
    int r = clone_fd_to(in, &st, dstdir, dst, flags);
    int e = errno;
    close(in);
    errno = e;
    return dret(r);
}

static int dirfd_of(int d) { return d == -2 ? AT_FDCWD : d; } /* Darwin's AT_FDCWD is -2 */

static int d_clonefile(const char *src, const char *dst, uint32_t flags)
{
    return do_clonefileat(AT_FDCWD, src, AT_FDCWD, dst, flags);
}
static int d_clonefileat(int srcdir, const char *src, int dstdir, const char *dst, uint32_t flags)
{
    return do_clonefileat(dirfd_of(srcdir), src, dirfd_of(dstdir), dst, flags);
}
static int d_fclonefileat(int srcfd, int dstdir, const char *dst, uint32_t flags)
{
    if (flags & ~(CLONE_NOFOLLOW | CLONE_NOOWNERCOPY | CLONE_ACL)) {
        errno = D_EINVAL;
        return -1;
    }
    struct stat st;
    if (fstat(srcfd, &st) < 0)
        return dret(-1);
    return dret(clone_fd_to(srcfd, &st, dirfd_of(dstdir), dst, flags));
}
DARWIN_EXPORT_PARTIAL("_clonefile", d_clonefile);
DARWIN_EXPORT_PARTIAL("_clonefileat", d_clonefileat);
DARWIN_EXPORT_PARTIAL("_fclonefileat", d_fclonefileat);
