/*
 * copyfile.c — copyfile(3), fcopyfile(3) and the copyfile_state_* calls over Linux.
 *
 * What is copied, by flag (values from Darwin's copyfile.h):
 *   COPYFILE_DATA      the contents (copy_file_range, else read/write), a symbolic link's
 *                      target with COPYFILE_NOFOLLOW_SRC; progress goes to the status
 *                      callback as COPYFILE_COPY_DATA / COPYFILE_PROGRESS;
 *   COPYFILE_STAT      owner and group (when permitted, as Darwin: errors ignored), mode,
 *                      access and modification times;
 *   COPYFILE_XATTR     extended attributes: the destination's are removed first, then each
 *                      of the source's user attributes is copied (Darwin's xattr names are
 *                      stored as user.* by misc_libc.c, so they round-trip);
 *   COPYFILE_ACL       the POSIX access ACL (system.posix_acl_access) where the file system
 *                      has one — the nearest Linux has to Darwin's extended ACL;
 * and COPYFILE_EXCL (EEXIST when the destination exists), COPYFILE_NOFOLLOW_SRC/_DST,
 * COPYFILE_UNLINK (remove the destination first), COPYFILE_MOVE (remove the source after),
 * COPYFILE_CHECK (answer which of XATTR/ACL there is to copy), COPYFILE_RECURSIVE (a
 * hierarchy, with Darwin's cases: into dst/basename(src) when dst is a directory, and the
 * RECURSE_FILE/DIR/DIR_CLEANUP callbacks with START/FINISH/ERR), COPYFILE_CLONE (FICLONE,
 * else a copy with the flags Darwin adds: ALL, EXCL, NOFOLLOW_SRC) and COPYFILE_CLONE_FORCE
 * (ENOTSUP when the file system cannot clone).
 *
 * Partial: COPYFILE_PACK/UNPACK (AppleDouble) fail with ENOTSUP; COPYFILE_DATA_SPARSE copies
 * holes as data; the quarantine state cannot be set (ENOTSUP) and reads as none; file flags
 * (chflags) are not copied, Linux has none.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "machrun/darwin/copyfile.h"
#include "machrun/darwin/private.h"

#define CF_ACL (1u << 0)
#define CF_STAT (1u << 1)
#define CF_XATTR (1u << 2)
#define CF_DATA (1u << 3)
#define CF_RECURSIVE (1u << 15)
#define CF_CHECK (1u << 16)
#define CF_EXCL (1u << 17)
#define CF_NOFOLLOW_SRC (1u << 18)
#define CF_NOFOLLOW_DST (1u << 19)
#define CF_MOVE (1u << 20)
#define CF_UNLINK (1u << 21)
#define CF_NOFOLLOW (CF_NOFOLLOW_SRC | CF_NOFOLLOW_DST)
#define CF_PACK (1u << 22)
#define CF_UNPACK (1u << 23)
#define CF_CLONE (1u << 24)
#define CF_CLONE_FORCE (1u << 25)
#define CF_ALL (CF_ACL | CF_STAT | CF_XATTR | CF_DATA)

#define ST_SRC_FD 1
#define ST_SRC_FILENAME 2
#define ST_DST_FD 3
#define ST_DST_FILENAME 4
#define ST_QUARANTINE 5
#define ST_STATUS_CB 6
#define ST_STATUS_CTX 7
#define ST_COPIED 8
#define ST_XATTRNAME 9
#define ST_WAS_CLONED 10
#define ST_SRC_BSIZE 11
#define ST_DST_BSIZE 12
#define ST_BSIZE 13

#define RECURSE_ERROR 0
#define RECURSE_FILE 1
#define RECURSE_DIR 2
#define RECURSE_DIR_CLEANUP 3
#define COPY_DATA 4
#define COPY_XATTR 5
#define CB_START 1
#define CB_FINISH 2
#define CB_ERR 3
#define CB_PROGRESS 4
#define CB_CONTINUE 0
#define CB_SKIP 1
#define CB_QUIT 2

#define D_ENOTSUP 45
#define D_ECANCELED 89

struct cf_state;
typedef int (*cf_callback)(int what, int stage, struct cf_state *s, const char *src, const char *dst, void *ctx);

struct cf_state {
    char *src, *dst;
    int src_fd, dst_fd;            /* -2: not given */
    bool own_src_fd, own_dst_fd;   /* opened by copyfile, closed by copyfile_state_free */
    cf_callback cb;
    void *ctx;
    int64_t copied;
    const char *xattrname;
    bool was_cloned;
    size_t src_bsize, dst_bsize, bsize;
};

static struct cf_state *state_new(void)
{
    struct cf_state *s = calloc(1, sizeof *s);
    if (s)
        s->src_fd = s->dst_fd = -2;
    return s;
}

static struct cf_state *d_copyfile_state_alloc(void)
{
    struct cf_state *s = state_new();
    if (!s)
        errno = D_ENOMEM;
    return s;
}
DARWIN_EXPORT("_copyfile_state_alloc", d_copyfile_state_alloc);

static int d_copyfile_state_free(struct cf_state *s)
{
    if (!s)
        return 0;
    if (s->own_src_fd && s->src_fd >= 0)
        close(s->src_fd);
    if (s->own_dst_fd && s->dst_fd >= 0)
        close(s->dst_fd);
    free(s->src);
    free(s->dst);
    free(s);
    return 0;
}
DARWIN_EXPORT("_copyfile_state_free", d_copyfile_state_free);

/* Partial: COPYFILE_STATE_QUARANTINE reads as no quarantine and cannot be set (ENOTSUP). */
static int d_copyfile_state_get(struct cf_state *s, uint32_t flag, void *dst)
{
    if (!s || !dst) {
        errno = D_EINVAL;
        return -1;
    }
    switch (flag) {
    case ST_SRC_FD: *(int *)dst = s->src_fd; return 0;
    case ST_DST_FD: *(int *)dst = s->dst_fd; return 0;
    case ST_SRC_FILENAME: *(const char **)dst = s->src; return 0;
    case ST_DST_FILENAME: *(const char **)dst = s->dst; return 0;
    case ST_QUARANTINE: *(void **)dst = NULL; return 0;
    case ST_STATUS_CB: *(cf_callback *)dst = s->cb; return 0;
    case ST_STATUS_CTX: *(void **)dst = s->ctx; return 0;
    case ST_COPIED: *(int64_t *)dst = s->copied; return 0;
    case ST_XATTRNAME: *(const char **)dst = s->xattrname; return 0;
    case ST_WAS_CLONED: *(bool *)dst = s->was_cloned; return 0;
    case ST_SRC_BSIZE: *(size_t *)dst = s->src_bsize; return 0;
    case ST_DST_BSIZE: *(size_t *)dst = s->dst_bsize; return 0;
    case ST_BSIZE: *(size_t *)dst = s->bsize; return 0;
    default: errno = D_EINVAL; return -1;
    }
}
DARWIN_EXPORT_PARTIAL("_copyfile_state_get", d_copyfile_state_get);

static int set_name(char **slot, const char *v)
{
    char *c = v ? strdup(v) : NULL;
    if (v && !c) {
        errno = D_ENOMEM;
        return -1;
    }
    free(*slot);
    *slot = c;
    return 0;
}

static int d_copyfile_state_set(struct cf_state *s, uint32_t flag, const void *src)
{
    if (!s) {
        errno = D_EINVAL;
        return -1;
    }
    switch (flag) {
    case ST_SRC_FD: s->src_fd = *(const int *)src; s->own_src_fd = false; return 0;
    case ST_DST_FD: s->dst_fd = *(const int *)src; s->own_dst_fd = false; return 0;
    case ST_SRC_FILENAME: return set_name(&s->src, src);
    case ST_DST_FILENAME: return set_name(&s->dst, src);
    case ST_QUARANTINE: errno = D_ENOTSUP; return -1;
    case ST_STATUS_CB: s->cb = (cf_callback)src; return 0; /* the function itself, as Darwin */
    case ST_STATUS_CTX: s->ctx = (void *)src; return 0;
    case ST_SRC_BSIZE: s->src_bsize = *(const size_t *)src; return 0;
    case ST_DST_BSIZE: s->dst_bsize = *(const size_t *)src; return 0;
    case ST_BSIZE: s->bsize = *(const size_t *)src; return 0;
    default: errno = D_EINVAL; return -1;
    }
}
DARWIN_EXPORT_PARTIAL("_copyfile_state_set", d_copyfile_state_set);

/* ---- the pieces, on descriptors; -1 with a Linux errno on failure ---- */

/* Call the guest's status callback with errno as Darwin's; returns its answer. */
static int status(struct cf_state *s, int what, int stage, const char *src, const char *dst, int linux_err)
{
    if (!s->cb)
        return CB_CONTINUE;
    int saved = errno;
    errno = linux_err ? darwin_errno_from_linux(linux_err) : 0;
    int r = s->cb(what, stage, s, src, dst, s->ctx);
    errno = saved;
    return r;
}

static int copy_data(struct cf_state *s, int in, int out)
{
    loff_t ioff = 0, ooff = 0;
    size_t bs = s->bsize ? s->bsize : 1u << 20;
    if (ftruncate(out, 0) < 0 && errno != EINVAL)
        return -1;
    s->copied = 0;
    bool use_cfr = true;
    char *buf = NULL;
    for (;;) {
        ssize_t n = -1;
        if (use_cfr) {
            n = copy_file_range(in, &ioff, out, &ooff, bs, 0);
            if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)) {
                use_cfr = false;
                continue;
            }
        } else {
            if (!buf && !(buf = malloc(bs)))
                return -1;
            n = pread(in, buf, bs, ioff);
            if (n > 0) {
                for (ssize_t done = 0; done < n;) {
                    ssize_t w = pwrite(out, buf + done, (size_t)(n - done), ooff);
                    if (w < 0) {
                        free(buf);
                        return -1;
                    }
                    done += w;
                    ooff += w;
                }
                ioff += n;
            }
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            free(buf);
            return -1;
        }
        if (n == 0)
            break;
        s->copied += n;
        if (status(s, COPY_DATA, CB_PROGRESS, s->src, s->dst, 0) == CB_QUIT) {
            free(buf);
            errno = ECANCELED;
            return -1;
        }
    }
    free(buf);
    return 0;
}

static bool copied_xattr(const char *name, bool acl)
{
    if (acl)
        return strcmp(name, "system.posix_acl_access") == 0;
    return strncmp(name, "user.", 5) == 0;
}

/* The names of fd's extended attributes (malloc'd, NUL-separated), or NULL when there are none
 * or the file system has none. */
static char *xattr_names(int fd, ssize_t *len)
{
    ssize_t n = flistxattr(fd, NULL, 0);
    if (n <= 0) {
        *len = 0;
        return NULL;
    }
    char *l = malloc((size_t)n);
    if (!l || (n = flistxattr(fd, l, (size_t)n)) < 0) {
        free(l);
        *len = 0;
        return NULL;
    }
    *len = n;
    return l;
}

static int copy_xattrs(struct cf_state *s, int in, int out, bool acl)
{
    ssize_t n;
    if (!acl) { /* Darwin first removes the destination's attributes */
        char *old = xattr_names(out, &n);
        for (ssize_t i = 0; i < n; i += (ssize_t)strlen(old + i) + 1)
            if (copied_xattr(old + i, false))
                fremovexattr(out, old + i);
        free(old);
    }
    char *names = xattr_names(in, &n);
    int rc = 0;
    for (ssize_t i = 0; i < n && rc == 0; i += (ssize_t)strlen(names + i) + 1) {
        const char *name = names + i;
        if (!copied_xattr(name, acl))
            continue;
        ssize_t vl = fgetxattr(in, name, NULL, 0);
        if (vl < 0)
            continue;
        char *v = malloc(vl ? (size_t)vl : 1);
        if (!v) {
            rc = -1;
            break;
        }
        vl = fgetxattr(in, name, v, (size_t)vl);
        s->xattrname = acl ? NULL : name + 5;
        if (!acl && status(s, COPY_XATTR, CB_START, s->src, s->dst, 0) == CB_QUIT) {
            free(v);
            errno = ECANCELED;
            rc = -1;
            break;
        }
        if (vl >= 0 && fsetxattr(out, name, v, (size_t)vl, 0) < 0 && errno != ENOTSUP && errno != EOPNOTSUPP) {
            free(v);
            rc = -1;
            break;
        }
        free(v);
        if (!acl && status(s, COPY_XATTR, CB_FINISH, s->src, s->dst, 0) == CB_QUIT) {
            errno = ECANCELED;
            rc = -1;
        }
    }
    s->xattrname = NULL;
    free(names);
    return rc;
}

static int copy_stat_fd(int out, const struct stat *st)
{
    (void)!fchown(out, st->st_uid, st->st_gid); /* as Darwin: owner copied when allowed */
    if (fchmod(out, st->st_mode & 07777) < 0)
        return -1;
    struct timespec ts[2] = { st->st_atim, st->st_mtim };
    return futimens(out, ts);
}

static int copy_stat_link(const char *dst, const struct stat *st)
{
    (void)!lchown(dst, st->st_uid, st->st_gid);
    struct timespec ts[2] = { st->st_atim, st->st_mtim };
    return utimensat(AT_FDCWD, dst, ts, AT_SYMLINK_NOFOLLOW);
}

/* Everything but data between two descriptors. */
static int copy_meta(struct cf_state *s, int in, int out, uint32_t flags, const struct stat *st)
{
    if ((flags & CF_XATTR) && copy_xattrs(s, in, out, false) < 0)
        return -1;
    if ((flags & CF_ACL) && copy_xattrs(s, in, out, true) < 0)
        return -1;
    if ((flags & CF_STAT) && copy_stat_fd(out, st) < 0)
        return -1;
    return 0;
}

/* COPYFILE_CHECK: which of XATTR and ACL the source has to copy. */
static int check(int in, uint32_t flags)
{
    ssize_t n;
    char *names = xattr_names(in, &n);
    int r = 0;
    for (ssize_t i = 0; i < n; i += (ssize_t)strlen(names + i) + 1) {
        if ((flags & CF_XATTR) && copied_xattr(names + i, false))
            r |= CF_XATTR;
        if ((flags & CF_ACL) && copied_xattr(names + i, true))
            r |= CF_ACL;
    }
    free(names);
    return r;
}

/* ---- copyfile on paths ---- */

static int copy_link(struct cf_state *s, uint32_t flags, const struct stat *st)
{
    char target[PATH_MAX];
    ssize_t n = readlink(s->src, target, sizeof target - 1);
    if (n < 0)
        return -1;
    target[n] = 0;
    if (!(flags & CF_DATA))
        return 0;
    if (symlink(target, s->dst) < 0) {
        if (errno != EEXIST || (flags & CF_EXCL))
            return -1;
        if (unlink(s->dst) < 0 || symlink(target, s->dst) < 0)
            return -1;
    }
    if (flags & CF_STAT)
        copy_stat_link(s->dst, st);
    return 0;
}

static int clone_one(struct cf_state *s, uint32_t flags)
{
    struct stat st;
    if (lstat(s->src, &st) < 0) {
        errno = EINVAL;
        return -1;
    }
    if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
        errno = EINVAL;
        return -1;
    }
    if ((flags & CF_UNLINK) && remove(s->dst) < 0 && errno != ENOENT)
        return -1;
    if (S_ISLNK(st.st_mode)) {
        if (copy_link(s, CF_DATA | CF_STAT | CF_EXCL, &st) < 0)
            return -1;
    } else {
        int in = open(s->src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (in < 0)
            return -1;
        int out = open(s->dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (st.st_mode & 07777) | S_IWUSR);
        if (out < 0) {
            close(in);
            return -1;
        }
        if (ioctl(out, FICLONE, in) < 0) {
            int e = errno;
            close(in);
            close(out);
            unlink(s->dst);
            errno = (e == EOPNOTSUPP || e == EXDEV || e == EINVAL || e == ENOTTY) ? EOPNOTSUPP : e;
            return -1;
        }
        int r = copy_meta(s, in, out, CF_XATTR | CF_ACL | CF_STAT, &st);
        close(in);
        close(out);
        if (r < 0)
            return -1;
    }
    s->was_cloned = true;
    if (flags & CF_MOVE)
        (void)remove(s->src);
    return 0;
}

static int copy_one(struct cf_state *s, uint32_t flags);

/* Darwin's copytree: the six cases of its comment, walked depth first. */
static int copy_tree_walk(struct cf_state *top, const char *src, const char *dst, uint32_t flags, int depth)
{
    struct stat st;
    if (((flags & CF_NOFOLLOW_SRC) || depth > 0 ? lstat(src, &st) : stat(src, &st)) < 0) {
        int e = errno;
        int r = status(top, RECURSE_ERROR, CB_ERR, src, dst, e);
        errno = e;
        return r == CB_SKIP || r == CB_CONTINUE ? 0 : -1;
    }
    struct cf_state *t = state_new();
    if (!t)
        return -1;
    t->cb = top->cb;
    t->ctx = top->ctx;
    set_name(&t->src, src);
    set_name(&t->dst, dst);
    int cmd = S_ISDIR(st.st_mode) ? RECURSE_DIR : RECURSE_FILE;
    int rc = 0, r = status(t, cmd, CB_START, src, dst, 0);
    if (r == CB_QUIT) {
        errno = 0;
        rc = -1;
        goto out;
    }
    if (r == CB_SKIP)
        goto out;
    if (copy_one(t, cmd == RECURSE_DIR ? (flags & ~CF_STAT) : flags) < 0) {
        int e = errno;
        if (!t->cb) {
            rc = -1;
            goto out;
        }
        r = status(t, cmd, CB_ERR, src, dst, e);
        errno = e;
        rc = r == CB_QUIT ? -1 : 0;
        goto out;
    }
    if (status(t, cmd, CB_FINISH, src, dst, 0) == CB_QUIT) {
        errno = 0;
        rc = -1;
        goto out;
    }
    if (cmd != RECURSE_DIR)
        goto out;
    DIR *d = opendir(src);
    if (!d) {
        rc = -1;
        goto out;
    }
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *cs = NULL, *cd = NULL;
        if (asprintf(&cs, "%s/%s", src, e->d_name) < 0 || asprintf(&cd, "%s/%s", dst, e->d_name) < 0) {
            free(cs);
            rc = -1;
            break;
        }
        rc = copy_tree_walk(top, cs, cd, flags, depth + 1);
        free(cs);
        free(cd);
    }
    closedir(d);
    if (rc < 0)
        goto out;
    r = status(t, RECURSE_DIR_CLEANUP, CB_START, src, dst, 0);
    if (r == CB_QUIT) {
        errno = 0;
        rc = -1;
    } else if (r != CB_SKIP) {
        if (copy_one(t, (flags & CF_NOFOLLOW) | CF_STAT) < 0) {
            int er = errno;
            r = t->cb ? status(t, RECURSE_DIR_CLEANUP, CB_ERR, src, dst, er) : CB_QUIT;
            errno = er;
            rc = r == CB_QUIT ? -1 : 0;
        } else if (status(t, RECURSE_DIR_CLEANUP, CB_FINISH, src, dst, 0) == CB_QUIT) {
            errno = 0;
            rc = -1;
        }
    }
out:
    d_copyfile_state_free(t);
    return rc;
}

static int copy_tree(struct cf_state *s, uint32_t flags)
{
    if (flags & (CF_MOVE | CF_UNLINK | CF_CHECK | CF_PACK | CF_UNPACK | CF_CLONE_FORCE)) {
        errno = EINVAL;
        return -1;
    }
    uint32_t f = flags & (CF_ALL | CF_NOFOLLOW | CF_EXCL | CF_CLONE | (1u << 27));
    struct stat sst, dst_st;
    if (((f & CF_NOFOLLOW_SRC) ? lstat(s->src, &sst) : stat(s->src, &sst)) < 0)
        return -1;
    bool dst_dir = false;
    if (((f & CF_NOFOLLOW_DST) ? lstat(s->dst, &dst_st) : stat(s->dst, &dst_st)) == 0)
        dst_dir = S_ISDIR(dst_st.st_mode);
    else if (errno != ENOENT)
        return -1;
    char *target = NULL;
    if (dst_dir && !S_ISDIR(sst.st_mode)) { /* a file into a directory: dst/basename(src) */
        const char *b = strrchr(s->src, '/');
        if (asprintf(&target, "%s/%s", s->dst, b ? b + 1 : s->src) < 0)
            return -1;
    }
    /* A directory onto a directory copies its contents; a directory onto a file fails in
     * copy_one (mkdir: EEXIST, not a directory). */
    int r = copy_tree_walk(s, s->src, target ? target : s->dst, f, 0);
    free(target);
    return r;
}

static int copy_one(struct cf_state *s, uint32_t flags)
{
    if (flags & (CF_PACK | CF_UNPACK)) {
        errno = EOPNOTSUPP; /* AppleDouble: see the comment at the top */
        return -1;
    }
    if (flags & (CF_CLONE | CF_CLONE_FORCE)) {
        if (clone_one(s, flags) == 0)
            return 0;
        if (flags & CF_CLONE_FORCE)
            return -1;
        flags |= CF_ACL | CF_EXCL | CF_NOFOLLOW_SRC | CF_STAT | CF_XATTR | CF_DATA;
        flags &= ~CF_CLONE;
    }
    struct stat st;
    if (((flags & CF_NOFOLLOW_SRC) ? lstat(s->src, &st) : stat(s->src, &st)) < 0)
        return -1;
    int in = -1;
    if (flags & CF_CHECK) {
        if (S_ISLNK(st.st_mode))
            return 0; /* a link's own attributes are not looked at */
        in = open(s->src, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (in < 0)
            return -1;
        int r = check(in, flags);
        close(in);
        return r;
    }
    if ((flags & CF_UNLINK) && remove(s->dst) < 0 && errno != ENOENT && errno != ENOTEMPTY)
        return -1;
    if (S_ISLNK(st.st_mode)) {
        if (copy_link(s, flags, &st) < 0)
            return -1;
    } else if (S_ISDIR(st.st_mode)) {
        if (mkdir(s->dst, (st.st_mode & 07777) | S_IRWXU) < 0) {
            struct stat ds;
            if (errno != EEXIST || (flags & CF_EXCL))
                return -1;
            if (stat(s->dst, &ds) < 0 || !S_ISDIR(ds.st_mode)) {
                errno = EEXIST;
                return -1;
            }
        }
        int din = open(s->src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        int dout = open(s->dst, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        int r = din >= 0 && dout >= 0 ? copy_meta(s, din, dout, flags & ~CF_DATA, &st) : -1;
        int e = errno;
        if (din >= 0)
            close(din);
        if (dout >= 0)
            close(dout);
        errno = e;
        if (r < 0)
            return -1;
    } else if (S_ISREG(st.st_mode)) {
        in = open(s->src, O_RDONLY | O_CLOEXEC);
        if (in < 0)
            return -1;
        int oflags = O_WRONLY | O_CREAT | O_CLOEXEC | ((flags & CF_EXCL) ? O_EXCL : 0) |
                     ((flags & CF_NOFOLLOW_DST) ? O_NOFOLLOW : 0);
        struct stat before;
        bool existed = stat(s->dst, &before) == 0;
        int out = open(s->dst, oflags, (st.st_mode & 0777) | S_IRUSR | S_IWUSR);
        if (out < 0 && errno == EACCES && existed && !(flags & CF_EXCL)) {
            /* Darwin makes an existing destination writable for the copy */
            chmod(s->dst, (before.st_mode & 07777) | S_IWUSR);
            out = open(s->dst, oflags, 0600);
        }
        if (out < 0) {
            int e = errno;
            close(in);
            errno = e;
            return -1;
        }
        struct stat ost;
        fstat(out, &ost);
        int r = 0;
        if (flags & CF_DATA)
            r = copy_data(s, in, out);
        if (r == 0)
            r = copy_meta(s, in, out, flags, &st);
        if (r == 0 && !(flags & CF_STAT) && existed)
            fchmod(out, before.st_mode & 07777); /* the destination's own mode, kept */
        int e = errno;
        close(in);
        close(out);
        errno = e;
        if (r < 0)
            return -1;
    } else {
        errno = EOPNOTSUPP;
        return -1;
    }
    if (flags & CF_MOVE)
        return remove(s->src);
    return 0;
}

static int d_copyfile(const char *from, const char *to, struct cf_state *state, uint32_t flags)
{
    if (!from && !to) {
        errno = D_EINVAL;
        return -1;
    }
    struct cf_state *s = state ? state : state_new();
    if (!s) {
        errno = D_ENOMEM;
        return -1;
    }
    int r = -1;
    if ((from && set_name(&s->src, from) < 0) || (to && set_name(&s->dst, to) < 0)) {
        errno = ENOMEM;
    } else if (!s->src || (!s->dst && !(flags & CF_CHECK))) {
        errno = EINVAL;
    } else {
        errno = 0;
        r = (flags & CF_RECURSIVE) ? copy_tree(s, flags) : copy_one(s, flags);
    }
    int e = r < 0 ? errno : 0;
    if (!state)
        d_copyfile_state_free(s);
    errno = r < 0 ? darwin_errno_from_linux(e) : 0;
    return r < 0 ? -1 : r;
}
DARWIN_EXPORT_PARTIAL("_copyfile", d_copyfile);

static int d_fcopyfile(int from_fd, int to_fd, struct cf_state *state, uint32_t flags)
{
    if (from_fd < 0 || to_fd < 0) {
        errno = D_EINVAL;
        return -1;
    }
    struct stat st, dst_st;
    if (fstat(from_fd, &st) < 0)
        return dret(-1);
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) && !S_ISLNK(st.st_mode)) {
        errno = D_ENOTSUP;
        return -1;
    }
    if (flags & (CF_PACK | CF_UNPACK)) {
        errno = D_ENOTSUP;
        return -1;
    }
    struct cf_state *s = state ? state : state_new();
    if (!s) {
        errno = D_ENOMEM;
        return -1;
    }
    if (s->src_fd == -2)
        s->src_fd = from_fd;
    if (s->dst_fd == -2)
        s->dst_fd = to_fd;
    int r;
    if (flags & CF_CHECK) {
        r = check(from_fd, flags);
    } else {
        fstat(to_fd, &dst_st);
        fchmod(to_fd, (dst_st.st_mode & 07777) | S_IRUSR | S_IWUSR);
        r = 0;
        if ((flags & CF_DATA) && S_ISREG(st.st_mode))
            r = copy_data(s, from_fd, to_fd);
        if (r == 0)
            r = copy_meta(s, from_fd, to_fd, flags, &st);
        if (r == 0 && !(flags & CF_STAT))
            fchmod(to_fd, dst_st.st_mode & 07777);
    }
    int e = r < 0 ? errno : 0;
    if (!state)
        d_copyfile_state_free(s);
    errno = r < 0 ? darwin_errno_from_linux(e) : 0;
    return r < 0 ? -1 : r;
}
DARWIN_EXPORT_PARTIAL("_fcopyfile", d_fcopyfile);

/* For clonefile(2) (libsystem_kernel/clonefile.c): copy in's extended attributes and access
 * ACL to out, errors ignored, as a clone has them on APFS. */
void copyfile_clone_xattrs(int in, int out)
{
    struct cf_state s = { .src_fd = -2, .dst_fd = -2 };
    copy_xattrs(&s, in, out, false);
    copy_xattrs(&s, in, out, true);
}
