/*
 * fs_core.c — files with Darwin's ABI: open/openat flags (one table, both directions;
 * O_SHLOCK/O_EXLOCK as flock after open, O_SYMLINK as O_PATH|O_NOFOLLOW), the *at calls with
 * Darwin's AT_FDCWD (-2) and AT_* flags, fcntl with Darwin's commands and struct flock,
 * struct stat in the $INODE64 layout (also behind stat64 & co.) and the legacy 32-bit-inode
 * layout, with birth times from statx, the path, permission, time, link and file-flag
 * system calls of <unistd.h> and <sys/stat.h>, and I/O at offsets. (creat, the <dirent.h>
 * calls, utime/lutimes, lchflags, realpath, the mkstemp family and remove are libsystem_c's:
 * see libsystem_c/creat.c, dirent.c, utime.c, lchflags.c, realpath.c, mktemp.c, remove.c.)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "machrun/darwin/abi.h"
#include "machrun/darwin/fs.h"
#include "machrun/darwin/unicode.h"
#include "machrun/darwin/kqueue.h"
#include "machrun/darwin/private.h"

/* ---- open(2) flags ---- */
static const struct {
    int darwin, linux_;
} oflags[] = {
    { D_O_NONBLOCK, O_NONBLOCK }, { D_O_APPEND, O_APPEND }, { D_O_ASYNC, O_ASYNC }, { D_O_SYNC, O_SYNC },
    { D_O_NOFOLLOW, O_NOFOLLOW }, { D_O_CREAT, O_CREAT }, { D_O_TRUNC, O_TRUNC }, { D_O_EXCL, O_EXCL },
    { D_O_NOCTTY, O_NOCTTY }, { D_O_DIRECTORY, O_DIRECTORY }, { D_O_DSYNC, O_DSYNC }, { D_O_CLOEXEC, O_CLOEXEC },
    { D_O_NOFOLLOW_ANY, O_NOFOLLOW /* approximated by the last component */ },
};

int linux_open_flags_from_darwin(int d)
{
    int l = d & 3;
    for (size_t i = 0; i < sizeof oflags / sizeof oflags[0]; i++)
        if (d & oflags[i].darwin)
            l |= oflags[i].linux_;
    if (d & D_O_SYMLINK)
        l |= O_PATH | O_NOFOLLOW;
    return l;
}

int darwin_open_flags_from_linux(int l)
{
    int d = l & 3;
    for (size_t i = 0; i < sizeof oflags / sizeof oflags[0]; i++)
        if ((l & oflags[i].linux_) == oflags[i].linux_ && oflags[i].darwin != D_O_NOFOLLOW_ANY)
            d |= oflags[i].darwin;
    return d;
}

static int at_dirfd(int fd)
{
    return fd == D_AT_FDCWD ? AT_FDCWD : fd;
}

static int at_flags(int d)
{
    int l = 0;
    if (d & D_AT_EACCESS) l |= AT_EACCESS;
    if (d & D_AT_SYMLINK_NOFOLLOW) l |= AT_SYMLINK_NOFOLLOW;
    if (d & D_AT_SYMLINK_FOLLOW) l |= AT_SYMLINK_FOLLOW;
    if (d & D_AT_REMOVEDIR) l |= AT_REMOVEDIR;
    return l;
}

/* APFS finds a name whatever its Unicode normalization (a program may open "e\u0301" for a
 * file created as "\u00e9"); Linux file systems compare bytes. When a path with non-ASCII
 * bytes is not found as spelt, its NFC and then its NFD spelling are tried, so only lookups
 * that would fail pay for it. Returns the spelling to use (PATH, or BUF). */
bool darwin_path_non_ascii(const char *p)
{
    for (; *p; p++)
        if ((unsigned char)*p >= 0x80)
            return true;
    return false;
}

const char *darwin_path_spelling(int dirfd, const char *path, int atflags, char *buf, size_t len)
{
    static const int forms[] = { DU_NORM_C, DU_NORM_D };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        if (darwin_utf8_normalize(path, forms[i], buf, len) && faccessat(dirfd, buf, F_OK, atflags) == 0)
            return buf;
    return path;
}

int darwin_openat(int dirfd, const char *path, int dflags, mode_t mode)
{
    int dfd = at_dirfd(dirfd), lflags = linux_open_flags_from_darwin(dflags);
    char other[PATH_MAX];
    /* creating: an existing file under another spelling is the one APFS opens */
    if ((lflags & O_CREAT) && darwin_path_non_ascii(path) && faccessat(dfd, path, F_OK, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT)
        path = darwin_path_spelling(dfd, path, AT_SYMLINK_NOFOLLOW, other, sizeof other);
    int fd = openat(dfd, path, lflags, mode);
    if (fd < 0 && errno == ENOENT && !(lflags & O_CREAT) && darwin_path_non_ascii(path)) {
        const char *alt = darwin_path_spelling(dfd, path, 0, other, sizeof other);
        if (alt != path)
            fd = openat(dfd, alt, lflags, mode);
        else
            errno = ENOENT;
    }
    if (fd < 0)
        return dret(-1);
    if (dflags & (D_O_SHLOCK | D_O_EXLOCK)) {
        int op = (dflags & D_O_EXLOCK ? LOCK_EX : LOCK_SH) | (dflags & D_O_NONBLOCK ? LOCK_NB : 0);
        if (flock(fd, op) < 0) {
            int e = errno;
            close(fd);
            errno = e;
            return dret(-1);
        }
    }
    return fd;
}

static int d_open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & D_O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    return darwin_openat(D_AT_FDCWD, path, flags, mode);
}
DARWIN_EXPORT("_open", d_open);
DARWIN_EXPORT("_open$NOCANCEL", d_open);

static int d_openat(int dirfd, const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & D_O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    return darwin_openat(dirfd, path, flags, mode);
}
DARWIN_EXPORT("_openat", d_openat);
DARWIN_EXPORT("_openat$NOCANCEL", d_openat);

/* ---- fcntl ---- */
struct d_flock {
    int64_t l_start, l_len;
    int32_t l_pid;
    int16_t l_type, l_whence;
};
_Static_assert(sizeof(struct d_flock) == 24, "Darwin struct flock");

/* Darwin's <fcntl.h> commands, lock types and F_PREALLOCATE position mode. */
#define D_F_DUPFD 0
#define D_F_GETFD 1
#define D_F_SETFD 2
#define D_F_GETFL 3
#define D_F_SETFL 4
#define D_F_GETOWN 5
#define D_F_SETOWN 6
#define D_F_GETLK 7
#define D_F_SETLK 8
#define D_F_SETLKW 9
#define D_F_FLUSH_DATA 40
#define D_F_PREALLOCATE 42
#define D_F_RDADVISE 44
#define D_F_RDAHEAD 45
#define D_F_NOCACHE 48
#define D_F_GETPATH 50
#define D_F_FULLFSYNC 51
#define D_F_GLOBAL_NOCACHE 55
#define D_F_DUPFD_CLOEXEC 67
#define D_F_SETNOSIGPIPE 73
#define D_F_GETNOSIGPIPE 74
#define D_F_BARRIERFSYNC 85
#define D_F_RDLCK 1
#define D_F_UNLCK 2
#define D_F_WRLCK 3
#define D_F_PEOFPOSMODE 3

static int lock_type_to_linux(int t) { return t == D_F_RDLCK ? F_RDLCK : t == D_F_WRLCK ? F_WRLCK : F_UNLCK; }
static int lock_type_to_darwin(int t) { return t == F_RDLCK ? D_F_RDLCK : t == F_WRLCK ? D_F_WRLCK : D_F_UNLCK; }

static int d_fcntl(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    long arg = va_arg(ap, long);
    va_end(ap);
    switch (cmd) {
    case D_F_DUPFD:
    case D_F_DUPFD_CLOEXEC: {
        int r = fcntl(fd, cmd == D_F_DUPFD_CLOEXEC ? F_DUPFD_CLOEXEC : F_DUPFD, (int)arg);
        if (r >= 0)
            darwin_kqueue_dup(fd, r); /* a copy of a kqueue names the same kqueue */
        return dret(r);
    }
    case D_F_GETFD:
        return dret(fcntl(fd, F_GETFD));
    case D_F_SETFD: /* FD_CLOEXEC is 1 on both */
        return dret(fcntl(fd, F_SETFD, (int)arg));
    case D_F_GETFL: {
        int r = fcntl(fd, F_GETFL);
        return r < 0 ? dret(-1) : darwin_open_flags_from_linux(r);
    }
    case D_F_SETFL:
        return dret(fcntl(fd, F_SETFL, linux_open_flags_from_darwin((int)arg)));
    case D_F_GETOWN:
        return dret(fcntl(fd, F_GETOWN));
    case D_F_SETOWN:
        return dret(fcntl(fd, F_SETOWN, (int)arg));
    case D_F_GETLK: case D_F_SETLK: case D_F_SETLKW: {
        struct d_flock *d = (struct d_flock *)arg;
        struct flock l = { .l_type = (short)lock_type_to_linux(d->l_type), .l_whence = d->l_whence,
                           .l_start = d->l_start, .l_len = d->l_len, .l_pid = d->l_pid };
        int lc = cmd == D_F_GETLK ? F_GETLK : cmd == D_F_SETLK ? F_SETLK : F_SETLKW;
        if (fcntl(fd, lc, &l) < 0)
            return dret(-1);
        if (cmd == D_F_GETLK) {
            d->l_type = (int16_t)lock_type_to_darwin(l.l_type);
            d->l_whence = l.l_whence;
            d->l_start = l.l_start;
            d->l_len = l.l_len;
            d->l_pid = l.l_pid;
        }
        return 0;
    }
    case D_F_GETPATH: { /* buf of MAXPATHLEN (1024) */
        char link[64];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, (char *)arg, 1023);
        if (n < 0)
            return dret(-1);
        ((char *)arg)[n] = 0;
        return 0;
    }
    case D_F_FULLFSYNC:
    case D_F_BARRIERFSYNC:
        return dret(fsync(fd));
    case D_F_FLUSH_DATA:
        return dret(fdatasync(fd));
    case D_F_NOCACHE: /* a hint; drop what is cached when turned on */
    case D_F_GLOBAL_NOCACHE:
        if (arg)
            posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        return fcntl(fd, F_GETFD) < 0 ? dret(-1) : 0;
    case D_F_RDAHEAD:
        return dret(posix_fadvise(fd, 0, 0, arg ? POSIX_FADV_NORMAL : POSIX_FADV_RANDOM) ? -1 : 0);
    case D_F_RDADVISE: { /* struct radvisory { off_t ra_offset; int ra_count; } */
        struct { int64_t off; int32_t count; } *ra = (void *)arg;
        posix_fadvise(fd, ra->off, ra->count, POSIX_FADV_WILLNEED);
        return 0;
    }
    case D_F_PREALLOCATE: { /* fstore_t { flags; posmode; offset; length; bytesalloc } */
        struct { uint32_t flags; int32_t posmode; int64_t offset, length, bytesalloc; } *fs = (void *)arg;
        struct stat st;
        if (fstat(fd, &st) < 0)
            return dret(-1);
        int64_t start = fs->posmode == D_F_PEOFPOSMODE ? st.st_size : fs->offset;
        int r = posix_fallocate(fd, start, fs->length);
        if (r) {
            errno = darwin_errno_from_linux(r);
            return -1;
        }
        fs->bytesalloc = fs->length;
        return 0;
    }
    case D_F_SETNOSIGPIPE: /* kept with the socket options (socket.c) */
    case D_F_GETNOSIGPIPE:
    default:
        errno = D_EINVAL; /* a command machrun does not know */
        return -1;
    }
}
DARWIN_EXPORT_PARTIAL("_fcntl", d_fcntl);
DARWIN_EXPORT_PARTIAL("_fcntl$NOCANCEL", d_fcntl);

static int d_flock(int fd, int op) { return dret(flock(fd, op)); } /* LOCK_SH 1, EX 2, NB 4, UN 8 agree */
DARWIN_EXPORT("_flock", d_flock);

/* ---- stat ---- */
struct d_stat64 {
    int32_t st_dev;
    uint16_t st_mode, st_nlink;
    uint64_t st_ino;
    uint32_t st_uid, st_gid;
    int32_t st_rdev;
    int32_t pad_;
    struct timespec st_atimespec, st_mtimespec, st_ctimespec, st_birthtimespec;
    int64_t st_size, st_blocks;
    int32_t st_blksize;
    uint32_t st_flags, st_gen;
    int32_t st_lspare;
    int64_t st_qspare[2];
};
_Static_assert(sizeof(struct d_stat64) == 144, "Darwin struct stat (INODE64)");
_Static_assert(offsetof(struct d_stat64, st_size) == 96, "st_size");

struct d_stat32 {
    int32_t st_dev;
    uint32_t st_ino;
    uint16_t st_mode, st_nlink;
    uint32_t st_uid, st_gid;
    int32_t st_rdev;
    struct timespec st_atimespec, st_mtimespec, st_ctimespec;
    int64_t st_size, st_blocks;
    int32_t st_blksize;
    uint32_t st_flags, st_gen;
    int32_t st_lspare;
    int64_t st_qspare[2];
};

static int32_t darwin_dev(unsigned maj, unsigned min) { return (int32_t)((maj << 24) | (min & 0xffffff)); }

static void from_statx(const struct statx *x, struct d_stat64 *d)
{
    memset(d, 0, sizeof *d);
    d->st_dev = darwin_dev(x->stx_dev_major, x->stx_dev_minor);
    d->st_mode = (uint16_t)x->stx_mode; /* S_IF* and permission bits agree */
    d->st_nlink = x->stx_nlink > 0xffff ? 0xffff : (uint16_t)x->stx_nlink;
    d->st_ino = x->stx_ino;
    d->st_uid = x->stx_uid;
    d->st_gid = x->stx_gid;
    d->st_rdev = darwin_dev(x->stx_rdev_major, x->stx_rdev_minor);
    d->st_atimespec = (struct timespec){ x->stx_atime.tv_sec, x->stx_atime.tv_nsec };
    d->st_mtimespec = (struct timespec){ x->stx_mtime.tv_sec, x->stx_mtime.tv_nsec };
    d->st_ctimespec = (struct timespec){ x->stx_ctime.tv_sec, x->stx_ctime.tv_nsec };
    if (x->stx_mask & STATX_BTIME)
        d->st_birthtimespec = (struct timespec){ x->stx_btime.tv_sec, x->stx_btime.tv_nsec };
    else
        d->st_birthtimespec = d->st_ctimespec; /* the filesystem keeps none: the oldest we know */
    d->st_size = (int64_t)x->stx_size;
    d->st_blocks = (int64_t)x->stx_blocks;
    d->st_blksize = (int32_t)x->stx_blksize;
}

void darwin_stat64_from_linux(const struct stat *st, void *out)
{
    struct d_stat64 *d = out;
    memset(d, 0, sizeof *d);
    d->st_dev = darwin_dev(major(st->st_dev), minor(st->st_dev));
    d->st_mode = (uint16_t)st->st_mode;
    d->st_nlink = st->st_nlink > 0xffff ? 0xffff : (uint16_t)st->st_nlink;
    d->st_ino = st->st_ino;
    d->st_uid = st->st_uid;
    d->st_gid = st->st_gid;
    d->st_rdev = darwin_dev(major(st->st_rdev), minor(st->st_rdev));
    d->st_atimespec = st->st_atim;
    d->st_mtimespec = st->st_mtim;
    d->st_ctimespec = st->st_ctim;
    d->st_birthtimespec = st->st_ctim;
    d->st_size = st->st_size;
    d->st_blocks = st->st_blocks;
    d->st_blksize = (int32_t)st->st_blksize;
}

static int stat_at(int dirfd, const char *path, int lflags, struct d_stat64 *out)
{
    struct statx x;
    int rc = statx(dirfd, path, lflags | AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS | STATX_BTIME, &x);
    if (rc < 0 && errno == ENOENT && darwin_path_non_ascii(path)) { /* another spelling (see darwin_openat) */
        char other[PATH_MAX];
        const char *alt = darwin_path_spelling(dirfd, path, lflags & AT_SYMLINK_NOFOLLOW, other, sizeof other);
        if (alt != path)
            rc = statx(dirfd, alt, lflags | AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS | STATX_BTIME, &x);
        else
            errno = ENOENT;
    }
    if (rc < 0)
        return dret(-1);
    from_statx(&x, out);
    return 0;
}

static void to_legacy(const struct d_stat64 *s, struct d_stat32 *d)
{
    memset(d, 0, sizeof *d);
    d->st_dev = s->st_dev;
    d->st_ino = (uint32_t)s->st_ino;
    d->st_mode = s->st_mode;
    d->st_nlink = s->st_nlink;
    d->st_uid = s->st_uid;
    d->st_gid = s->st_gid;
    d->st_rdev = s->st_rdev;
    d->st_atimespec = s->st_atimespec;
    d->st_mtimespec = s->st_mtimespec;
    d->st_ctimespec = s->st_ctimespec;
    d->st_size = s->st_size;
    d->st_blocks = s->st_blocks;
    d->st_blksize = s->st_blksize;
}

static int d_stat64(const char *p, struct d_stat64 *s) { return stat_at(AT_FDCWD, p, 0, s); }
static int d_lstat64(const char *p, struct d_stat64 *s) { return stat_at(AT_FDCWD, p, AT_SYMLINK_NOFOLLOW, s); }
static int d_fstat64(int fd, struct d_stat64 *s) { return stat_at(fd, "", AT_EMPTY_PATH, s); }
static int d_fstatat64(int dirfd, const char *p, struct d_stat64 *s, int flags)
{
    return stat_at(at_dirfd(dirfd), p, at_flags(flags), s);
}
DARWIN_EXPORT("_stat$INODE64", d_stat64);
DARWIN_EXPORT("_lstat$INODE64", d_lstat64);
DARWIN_EXPORT("_fstat$INODE64", d_fstat64);
DARWIN_EXPORT("_fstatat$INODE64", d_fstatat64);
DARWIN_EXPORT("_stat64", d_stat64);
DARWIN_EXPORT("_lstat64", d_lstat64);
DARWIN_EXPORT("_fstat64", d_fstat64);
DARWIN_EXPORT("_fstatat64", d_fstatat64);

static int d_stat32(const char *p, struct d_stat32 *s)
{
    struct d_stat64 t;
    if (d_stat64(p, &t) < 0)
        return -1;
    to_legacy(&t, s);
    return 0;
}
static int d_lstat32(const char *p, struct d_stat32 *s)
{
    struct d_stat64 t;
    if (d_lstat64(p, &t) < 0)
        return -1;
    to_legacy(&t, s);
    return 0;
}
static int d_fstat32(int fd, struct d_stat32 *s)
{
    struct d_stat64 t;
    if (d_fstat64(fd, &t) < 0)
        return -1;
    to_legacy(&t, s);
    return 0;
}
static int d_fstatat32(int dirfd, const char *p, struct d_stat32 *s, int flags)
{
    struct d_stat64 t;
    if (d_fstatat64(dirfd, p, &t, flags) < 0)
        return -1;
    to_legacy(&t, s);
    return 0;
}
DARWIN_EXPORT("_stat", d_stat32);
DARWIN_EXPORT("_lstat", d_lstat32);
DARWIN_EXPORT("_fstat", d_fstat32);
DARWIN_EXPORT("_fstatat", d_fstatat32);

/* ---- paths, permissions, links, times ---- */
static int d_mkdir(const char *p, mode_t m) { return dret(mkdir(p, m)); }
static int d_mkdirat(int fd, const char *p, mode_t m) { return dret(mkdirat(at_dirfd(fd), p, m)); }
static int d_rename(const char *a, const char *b) { return dret(rename(a, b)); }
static int d_renameat(int fa, const char *a, int fb, const char *b)
{
    return dret(renameat(at_dirfd(fa), a, at_dirfd(fb), b));
}
static int d_unlinkat(int fd, const char *p, int flags) { return dret(unlinkat(at_dirfd(fd), p, at_flags(flags))); }
static int d_chmod(const char *p, mode_t m) { return dret(chmod(p, m)); }
static int d_fchmod(int fd, mode_t m) { return dret(fchmod(fd, m)); }
static int d_fchmodat(int fd, const char *p, mode_t m, int flags)
{
    return dret(fchmodat(at_dirfd(fd), p, m, at_flags(flags)));
}
static int d_chown(const char *p, uid_t u, gid_t g) { return dret(chown(p, u, g)); }
static int d_fchown(int fd, uid_t u, gid_t g) { return dret(fchown(fd, u, g)); }
static int d_lchown(const char *p, uid_t u, gid_t g) { return dret(lchown(p, u, g)); }
static int d_fchownat(int fd, const char *p, uid_t u, gid_t g, int flags)
{
    return dret(fchownat(at_dirfd(fd), p, u, g, at_flags(flags)));
}
static mode_t d_umask(mode_t m) { return umask(m); }
static int d_faccessat(int fd, const char *p, int mode, int flags)
{
    int rc = faccessat(at_dirfd(fd), p, mode, at_flags(flags));
    if (rc < 0 && errno == ENOENT && darwin_path_non_ascii(p)) { /* another spelling */
        char other[PATH_MAX];
        const char *alt = darwin_path_spelling(at_dirfd(fd), p, at_flags(flags) & AT_SYMLINK_NOFOLLOW, other, sizeof other);
        rc = alt != p ? faccessat(at_dirfd(fd), alt, mode, at_flags(flags)) : (errno = ENOENT, -1);
    }
    return dret(rc);
}
static ssize_t d_readlinkat(int fd, const char *p, char *buf, size_t n)
{
    return dretl(readlinkat(at_dirfd(fd), p, buf, n));
}
static int d_symlinkat(const char *t, int fd, const char *p) { return dret(symlinkat(t, at_dirfd(fd), p)); }
static int d_linkat(int fa, const char *a, int fb, const char *b, int flags)
{
    return dret(linkat(at_dirfd(fa), a, at_dirfd(fb), b, at_flags(flags)));
}
static int d_mkfifo(const char *p, mode_t m) { return dret(mkfifo(p, m)); }
static int d_mknod(const char *p, mode_t m, int32_t dev)
{
    return dret(mknod(p, m, makedev((unsigned)dev >> 24, (unsigned)dev & 0xffffff)));
}
DARWIN_EXPORT("_mkdir", d_mkdir);
DARWIN_EXPORT("_mkdirat", d_mkdirat);
DARWIN_EXPORT("_rename", d_rename);
DARWIN_EXPORT("_renameat", d_renameat);
DARWIN_EXPORT("_unlinkat", d_unlinkat);
DARWIN_EXPORT("_chmod", d_chmod);
DARWIN_EXPORT("_fchmod", d_fchmod);
DARWIN_EXPORT("_fchmodat", d_fchmodat);
DARWIN_EXPORT("_chown", d_chown);
DARWIN_EXPORT("_fchown", d_fchown);
DARWIN_EXPORT("_lchown", d_lchown);
DARWIN_EXPORT("_fchownat", d_fchownat);
DARWIN_EXPORT("_umask", d_umask);
DARWIN_EXPORT("_faccessat", d_faccessat);
DARWIN_EXPORT("_readlinkat", d_readlinkat);
DARWIN_EXPORT("_symlinkat", d_symlinkat);
DARWIN_EXPORT("_linkat", d_linkat);
DARWIN_EXPORT("_mkfifo", d_mkfifo);
DARWIN_EXPORT("_mknod", d_mknod);

/* renamex_np / renameatx_np: RENAME_SWAP 0x2, RENAME_EXCL 0x4 */
static int d_renameatx_np(int fa, const char *a, int fb, const char *b, unsigned flags)
{
    unsigned l = 0;
    if (flags & 0x2) l |= RENAME_EXCHANGE;
    if (flags & D_RENAME_EXCL) l |= RENAME_NOREPLACE;
    if (flags & ~0x6u) {
        errno = D_EINVAL;
        return -1;
    }
    return dret(renameat2(at_dirfd(fa), a, at_dirfd(fb), b, l));
}
static int d_renamex_np(const char *a, const char *b, unsigned flags) { return d_renameatx_np(-2, a, -2, b, flags); }
DARWIN_EXPORT("_renameatx_np", d_renameatx_np);
DARWIN_EXPORT("_renamex_np", d_renamex_np);

int darwin_times_from(const struct d_timeval *tv, struct timeval out[2])
{
    if (!tv)
        return 0;
    for (int i = 0; i < 2; i++) {
        out[i].tv_sec = tv[i].sec;
        out[i].tv_usec = tv[i].usec;
    }
    return 1;
}
static int d_utimes(const char *p, const struct d_timeval tv[2])
{
    struct timeval l[2];
    return dret(utimes(p, darwin_times_from(tv, l) ? l : NULL));
}
static int d_futimes(int fd, const struct d_timeval tv[2])
{
    struct timeval l[2];
    return dret(futimes(fd, darwin_times_from(tv, l) ? l : NULL));
}
/* UTIME_NOW -1 and UTIME_OMIT -2 on Darwin; Linux: ((1l << 30) - 1l) and ((1l << 30) - 2l) */
static void fix_ts(const struct timespec *in, struct timespec out[2])
{
    for (int i = 0; i < 2; i++) {
        out[i] = in[i];
        if (in[i].tv_nsec == -1)
            out[i].tv_nsec = UTIME_NOW;
        else if (in[i].tv_nsec == -2)
            out[i].tv_nsec = UTIME_OMIT;
    }
}
static int d_utimensat(int fd, const char *p, const struct timespec ts[2], int flags)
{
    struct timespec l[2];
    if (ts)
        fix_ts(ts, l);
    return dret(utimensat(at_dirfd(fd), p, ts ? l : NULL, at_flags(flags)));
}
static int d_futimens(int fd, const struct timespec ts[2])
{
    struct timespec l[2];
    if (ts)
        fix_ts(ts, l);
    return dret(futimens(fd, ts ? l : NULL));
}
DARWIN_EXPORT("_utimes", d_utimes);
DARWIN_EXPORT("_futimes", d_futimes);
DARWIN_EXPORT("_utimensat", d_utimensat);
DARWIN_EXPORT("_futimens", d_futimens);

/* BSD file flags: Linux has none of them. Clearing them all succeeds; setting any is ENOTSUP. */
int darwin_chflags(const char *p, uint32_t flags)
{
    if (flags) {
        errno = D_ENOTSUP;
        return -1;
    }
    return dret(access(p, F_OK));
}
static int d_fchflags(int fd, uint32_t flags)
{
    if (flags) {
        errno = D_ENOTSUP;
        return -1;
    }
    return fcntl(fd, F_GETFD) < 0 ? dret(-1) : 0;
}
DARWIN_EXPORT_PARTIAL("_chflags", darwin_chflags);
DARWIN_EXPORT_PARTIAL("_fchflags", d_fchflags);

/* ---- I/O at offsets and scatter/gather (iovec agrees) ---- */
static ssize_t d_pread(int fd, void *b, size_t n, int64_t off) { return dretl(pread(fd, b, n, off)); }
static ssize_t d_pwrite(int fd, const void *b, size_t n, int64_t off) { return dretl(pwrite(fd, b, n, off)); }
static ssize_t d_readv(int fd, const struct iovec *v, int n) { return dretl(readv(fd, v, n)); }
static ssize_t d_writev(int fd, const struct iovec *v, int n) { return dretl(writev(fd, v, n)); }
static int d_fdatasync(int fd) { return dret(fdatasync(fd)); }
DARWIN_EXPORT("_pread", d_pread);
DARWIN_EXPORT("_pread$NOCANCEL", d_pread);
DARWIN_EXPORT("_pwrite", d_pwrite);
DARWIN_EXPORT("_pwrite$NOCANCEL", d_pwrite);
DARWIN_EXPORT("_readv", d_readv);
DARWIN_EXPORT("_readv$NOCANCEL", d_readv);
DARWIN_EXPORT("_writev", d_writev);
DARWIN_EXPORT("_writev$NOCANCEL", d_writev);
DARWIN_EXPORT("_fdatasync", d_fdatasync);
