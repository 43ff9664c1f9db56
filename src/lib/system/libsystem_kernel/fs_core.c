/*
 * fs_core.c — files with Darwin's ABI: open/openat flags (one table, both directions;
 * O_SHLOCK/O_EXLOCK as flock after open, O_SYMLINK as O_PATH|O_NOFOLLOW), the *at calls with
 * Darwin's AT_FDCWD (-2) and AT_* flags, fcntl with Darwin's commands and struct flock,
 * struct stat in the $INODE64 layout (also behind stat64 & co.) and the legacy 32-bit-inode
 * layout, with birth times from statx, and the directory, permission, time, link and
 * temporary-file calls of <unistd.h>, <sys/stat.h>, <dirent.h> and <stdlib.h>.
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
#include "machrun/darwin/private.h"

/* ---- open(2) flags ---- */
static const struct {
    int darwin, linux_;
} oflags[] = {
    { 0x0004, O_NONBLOCK }, { 0x0008, O_APPEND }, { 0x0040, O_ASYNC }, { 0x0080, O_SYNC },
    { 0x0100, O_NOFOLLOW }, { 0x0200, O_CREAT }, { 0x0400, O_TRUNC }, { 0x0800, O_EXCL },
    { 0x20000, O_NOCTTY }, { 0x100000, O_DIRECTORY }, { 0x400000, O_DSYNC }, { 0x1000000, O_CLOEXEC },
    { 0x20000000, O_NOFOLLOW /* O_NOFOLLOW_ANY, approximated by the last component */ },
};
#define D_O_SHLOCK 0x10
#define D_O_EXLOCK 0x20
#define D_O_EVTONLY 0x8000
#define D_O_SYMLINK 0x200000

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
        if ((l & oflags[i].linux_) == oflags[i].linux_ && oflags[i].darwin != 0x20000000)
            d |= oflags[i].darwin;
    return d;
}

static int at_dirfd(int fd)
{
    return fd == -2 ? AT_FDCWD : fd; /* Darwin's AT_FDCWD is -2 */
}

/* Darwin AT_EACCESS 0x10, AT_SYMLINK_NOFOLLOW 0x20, AT_SYMLINK_FOLLOW 0x40, AT_REMOVEDIR 0x80 */
static int at_flags(int d)
{
    int l = 0;
    if (d & 0x10) l |= AT_EACCESS;
    if (d & 0x20) l |= AT_SYMLINK_NOFOLLOW;
    if (d & 0x40) l |= AT_SYMLINK_FOLLOW;
    if (d & 0x80) l |= AT_REMOVEDIR;
    return l;
}

static int do_openat(int dirfd, const char *path, int dflags, mode_t mode)
{
    int fd = openat(at_dirfd(dirfd), path, linux_open_flags_from_darwin(dflags), mode);
    if (fd < 0)
        return dret(-1);
    if (dflags & (D_O_SHLOCK | D_O_EXLOCK)) {
        int op = (dflags & D_O_EXLOCK ? LOCK_EX : LOCK_SH) | (dflags & 0x4 ? LOCK_NB : 0);
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
    if (flags & 0x200) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    return do_openat(-2, path, flags, mode);
}
DARWIN_EXPORT("_open", d_open);
DARWIN_EXPORT("_open$NOCANCEL", d_open);

static int d_openat(int dirfd, const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & 0x200) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    return do_openat(dirfd, path, flags, mode);
}
DARWIN_EXPORT("_openat", d_openat);
DARWIN_EXPORT("_openat$NOCANCEL", d_openat);

static int d_creat(const char *path, mode_t mode)
{
    return do_openat(-2, path, 0x1 | 0x200 | 0x400, mode);
}
DARWIN_EXPORT("_creat", d_creat);

/* ---- fcntl ---- */
struct d_flock {
    int64_t l_start, l_len;
    int32_t l_pid;
    int16_t l_type, l_whence;
};
_Static_assert(sizeof(struct d_flock) == 24, "Darwin struct flock");

static int lock_type_to_linux(int t) { return t == 1 ? F_RDLCK : t == 3 ? F_WRLCK : F_UNLCK; }
static int lock_type_to_darwin(int t) { return t == F_RDLCK ? 1 : t == F_WRLCK ? 3 : 2; }

void darwin_kqueue_dup(int oldfd, int newfd);
static int d_fcntl(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    long arg = va_arg(ap, long);
    va_end(ap);
    switch (cmd) {
    case 0:  /* F_DUPFD */
    case 67: { /* F_DUPFD_CLOEXEC */
        int r = fcntl(fd, cmd ? F_DUPFD_CLOEXEC : F_DUPFD, (int)arg);
        if (r >= 0)
            darwin_kqueue_dup(fd, r); /* a copy of a kqueue names the same kqueue */
        return dret(r);
    }
    case 1: /* F_GETFD */
        return dret(fcntl(fd, F_GETFD));
    case 2: /* F_SETFD: FD_CLOEXEC is 1 on both */
        return dret(fcntl(fd, F_SETFD, (int)arg));
    case 3: { /* F_GETFL */
        int r = fcntl(fd, F_GETFL);
        return r < 0 ? dret(-1) : darwin_open_flags_from_linux(r);
    }
    case 4: /* F_SETFL */
        return dret(fcntl(fd, F_SETFL, linux_open_flags_from_darwin((int)arg)));
    case 5: /* F_GETOWN */
        return dret(fcntl(fd, F_GETOWN));
    case 6: /* F_SETOWN */
        return dret(fcntl(fd, F_SETOWN, (int)arg));
    case 7: case 8: case 9: { /* F_GETLK, F_SETLK, F_SETLKW */
        struct d_flock *d = (struct d_flock *)arg;
        struct flock l = { .l_type = (short)lock_type_to_linux(d->l_type), .l_whence = d->l_whence,
                           .l_start = d->l_start, .l_len = d->l_len, .l_pid = d->l_pid };
        int lc = cmd == 7 ? F_GETLK : cmd == 8 ? F_SETLK : F_SETLKW;
        if (fcntl(fd, lc, &l) < 0)
            return dret(-1);
        if (cmd == 7) {
            d->l_type = (int16_t)lock_type_to_darwin(l.l_type);
            d->l_whence = l.l_whence;
            d->l_start = l.l_start;
            d->l_len = l.l_len;
            d->l_pid = l.l_pid;
        }
        return 0;
    }
    case 50: { /* F_GETPATH: buf of MAXPATHLEN (1024) */
        char link[64];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, (char *)arg, 1023);
        if (n < 0)
            return dret(-1);
        ((char *)arg)[n] = 0;
        return 0;
    }
    case 51: /* F_FULLFSYNC */
    case 85: /* F_BARRIERFSYNC */
        return dret(fsync(fd));
    case 40: /* F_FLUSH_DATA */
        return dret(fdatasync(fd));
    case 48: /* F_NOCACHE: a hint; drop what is cached when turned on */
    case 55: /* F_GLOBAL_NOCACHE */
        if (arg)
            posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        return fcntl(fd, F_GETFD) < 0 ? dret(-1) : 0;
    case 45: /* F_RDAHEAD */
        return dret(posix_fadvise(fd, 0, 0, arg ? POSIX_FADV_NORMAL : POSIX_FADV_RANDOM) ? -1 : 0);
    case 44: { /* F_RDADVISE: struct radvisory { off_t ra_offset; int ra_count; } */
        struct { int64_t off; int32_t count; } *ra = (void *)arg;
        posix_fadvise(fd, ra->off, ra->count, POSIX_FADV_WILLNEED);
        return 0;
    }
    case 42: { /* F_PREALLOCATE: fstore_t { flags; posmode; offset; length; bytesalloc } */
        struct { uint32_t flags; int32_t posmode; int64_t offset, length, bytesalloc; } *fs = (void *)arg;
        struct stat st;
        if (fstat(fd, &st) < 0)
            return dret(-1);
        int64_t start = fs->posmode == 3 /* F_PEOFPOSMODE */ ? st.st_size : fs->offset;
        int r = posix_fallocate(fd, start, fs->length);
        if (r) {
            errno = darwin_errno_from_linux(r);
            return -1;
        }
        fs->bytesalloc = fs->length;
        return 0;
    }
    case 73: /* F_SETNOSIGPIPE: kept with the socket options (socket.c) */
    case 74: /* F_GETNOSIGPIPE */
    default:
        errno = 22; /* EINVAL: a command machrun does not know */
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
    if (statx(dirfd, path, lflags | AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS | STATX_BTIME, &x) < 0)
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

/* ---- directories ($INODE64 dirent) ---- */
struct d_dirent64 {
    uint64_t d_ino, d_seekoff;
    uint16_t d_reclen, d_namlen;
    uint8_t d_type;
    char d_name[1024];
};
struct d_dirent32 {
    uint32_t d_ino;
    uint16_t d_reclen;
    uint8_t d_type, d_namlen;
    char d_name[256];
};

typedef struct d_dir {
    DIR *g;
    struct d_dirent64 ent;
    struct d_dirent32 ent32;
} d_DIR;

static d_DIR *wrap_dir(DIR *g)
{
    if (!g) {
        errno = darwin_errno_from_linux(errno);
        return NULL;
    }
    d_DIR *d = calloc(1, sizeof *d);
    if (!d) {
        closedir(g);
        errno = 12;
        return NULL;
    }
    d->g = g;
    return d;
}

static d_DIR *d_opendir(const char *p) { return wrap_dir(opendir(p)); }
static d_DIR *d_fdopendir(int fd) { return wrap_dir(fdopendir(fd)); }
DARWIN_EXPORT("_opendir$INODE64", d_opendir);
DARWIN_EXPORT("_opendir", d_opendir);
DARWIN_EXPORT("_fdopendir$INODE64", d_fdopendir);
DARWIN_EXPORT("_fdopendir", d_fdopendir);
DARWIN_EXPORT("___opendir2$INODE64", d_opendir);

static int d_closedir(d_DIR *d)
{
    int r = closedir(d->g);
    free(d);
    return dret(r);
}
DARWIN_EXPORT("_closedir", d_closedir);

static void fill64(const struct dirent *e, struct d_dirent64 *o)
{
    size_t n = strnlen(e->d_name, sizeof e->d_name - 1);
    o->d_ino = e->d_ino;
    o->d_seekoff = (uint64_t)e->d_off;
    o->d_namlen = (uint16_t)n;
    o->d_type = e->d_type; /* DT_* agree */
    memcpy(o->d_name, e->d_name, n);
    o->d_name[n] = 0;
    o->d_reclen = (uint16_t)((offsetof(struct d_dirent64, d_name) + n + 1 + 3) & ~3u);
}

static struct d_dirent64 *d_readdir64(d_DIR *d)
{
    errno = 0;
    struct dirent *e = readdir(d->g);
    if (!e) {
        if (errno)
            errno = darwin_errno_from_linux(errno);
        return NULL;
    }
    fill64(e, &d->ent);
    return &d->ent;
}
DARWIN_EXPORT("_readdir$INODE64", d_readdir64);

static struct d_dirent32 *d_readdir32(d_DIR *d)
{
    struct d_dirent64 *e = d_readdir64(d);
    if (!e)
        return NULL;
    size_t n = e->d_namlen > 255 ? 255 : e->d_namlen;
    d->ent32.d_ino = (uint32_t)e->d_ino;
    d->ent32.d_type = e->d_type;
    d->ent32.d_namlen = (uint8_t)n;
    memcpy(d->ent32.d_name, e->d_name, n);
    d->ent32.d_name[n] = 0;
    d->ent32.d_reclen = (uint16_t)((offsetof(struct d_dirent32, d_name) + n + 1 + 3) & ~3u);
    return &d->ent32;
}
DARWIN_EXPORT("_readdir", d_readdir32);

static int d_readdir_r64(d_DIR *d, struct d_dirent64 *entry, struct d_dirent64 **result)
{
    errno = 0;
    struct d_dirent64 *e = d_readdir64(d);
    if (!e) {
        *result = NULL;
        return errno;
    }
    memcpy(entry, e, offsetof(struct d_dirent64, d_name) + e->d_namlen + 1);
    *result = entry;
    return 0;
}
DARWIN_EXPORT("_readdir_r$INODE64", d_readdir_r64);

static void d_rewinddir(d_DIR *d) { rewinddir(d->g); }
static long d_telldir(d_DIR *d) { return telldir(d->g); }
static void d_seekdir(d_DIR *d, long loc) { seekdir(d->g, loc); }
static int d_dirfd(d_DIR *d) { return dirfd(d->g); }
DARWIN_EXPORT("_rewinddir$INODE64", d_rewinddir);
DARWIN_EXPORT("_rewinddir", d_rewinddir);
DARWIN_EXPORT("_telldir$INODE64", d_telldir);
DARWIN_EXPORT("_telldir", d_telldir);
DARWIN_EXPORT("_seekdir$INODE64", d_seekdir);
DARWIN_EXPORT("_seekdir", d_seekdir);
DARWIN_EXPORT("_dirfd", d_dirfd);

/* scandir with Darwin dirents: entries are malloc'd copies the caller frees. */
static int d_scandir64(const char *dir, struct d_dirent64 ***list, int (*sel)(const struct d_dirent64 *),
                       int (*cmp)(const struct d_dirent64 **, const struct d_dirent64 **))
{
    d_DIR *d = d_opendir(dir);
    if (!d)
        return -1;
    struct d_dirent64 **v = NULL, *e;
    size_t n = 0, cap = 0;
    while ((e = d_readdir64(d)) != NULL) {
        if (sel && !sel(e))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            struct d_dirent64 **nv = realloc(v, cap * sizeof *nv);
            if (!nv)
                goto oom;
            v = nv;
        }
        size_t sz = offsetof(struct d_dirent64, d_name) + e->d_namlen + 1;
        v[n] = malloc(sizeof **v);
        if (!v[n])
            goto oom;
        memcpy(v[n], e, sz);
        n++;
    }
    d_closedir(d);
    if (cmp && n > 1)
        qsort(v, n, sizeof *v, (int (*)(const void *, const void *))cmp);
    *list = v;
    return (int)n;
oom:
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    d_closedir(d);
    errno = 12;
    return -1;
}
DARWIN_EXPORT("_scandir$INODE64", d_scandir64);

static int d_alphasort64(const struct d_dirent64 **a, const struct d_dirent64 **b)
{
    return strcoll((*a)->d_name, (*b)->d_name);
}
DARWIN_EXPORT("_alphasort$INODE64", d_alphasort64);

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
    return dret(faccessat(at_dirfd(fd), p, mode, at_flags(flags)));
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
    if (flags & 0x4) l |= RENAME_NOREPLACE;
    if (flags & ~0x6u) {
        errno = 22;
        return -1;
    }
    return dret(renameat2(at_dirfd(fa), a, at_dirfd(fb), b, l));
}
static int d_renamex_np(const char *a, const char *b, unsigned flags) { return d_renameatx_np(-2, a, -2, b, flags); }
DARWIN_EXPORT("_renameatx_np", d_renameatx_np);
DARWIN_EXPORT("_renamex_np", d_renamex_np);

/* struct timeval with Darwin's 32-bit tv_usec */
struct d_timeval {
    int64_t sec;
    int32_t usec, pad_;
};
static int times_from(const struct d_timeval *tv, struct timeval out[2])
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
    return dret(utimes(p, times_from(tv, l) ? l : NULL));
}
static int d_lutimes(const char *p, const struct d_timeval tv[2])
{
    struct timeval l[2];
    return dret(lutimes(p, times_from(tv, l) ? l : NULL));
}
static int d_futimes(int fd, const struct d_timeval tv[2])
{
    struct timeval l[2];
    return dret(futimes(fd, times_from(tv, l) ? l : NULL));
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
DARWIN_EXPORT("_lutimes", d_lutimes);
DARWIN_EXPORT("_futimes", d_futimes);
DARWIN_EXPORT("_utimensat", d_utimensat);
DARWIN_EXPORT("_futimens", d_futimens);

struct d_utimbuf {
    int64_t a, m;
};
static int d_utime(const char *p, const struct d_utimbuf *t)
{
    struct timeval l[2] = { { t ? t->a : 0, 0 }, { t ? t->m : 0, 0 } };
    return dret(utimes(p, t ? l : NULL));
}
DARWIN_EXPORT("_utime", d_utime);

/* BSD file flags: Linux has none of them. Clearing them all succeeds; setting any is ENOTSUP. */
static int d_chflags(const char *p, uint32_t flags)
{
    if (flags) {
        errno = 45;
        return -1;
    }
    return dret(access(p, F_OK));
}
static int d_fchflags(int fd, uint32_t flags)
{
    if (flags) {
        errno = 45;
        return -1;
    }
    return fcntl(fd, F_GETFD) < 0 ? dret(-1) : 0;
}
DARWIN_EXPORT_PARTIAL("_chflags", d_chflags);
DARWIN_EXPORT_PARTIAL("_lchflags", d_chflags);
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

/* ---- realpath, temporary files ---- */
static char *d_realpath(const char *p, char *out)
{
    char *r = realpath(p, out);
    if (!r)
        errno = darwin_errno_from_linux(errno);
    return r;
}
DARWIN_EXPORT("_realpath$DARWIN_EXTSN", d_realpath);
DARWIN_EXPORT("_realpath", d_realpath);

static int d_mkstemp(char *t) { return dret(mkstemp(t)); }
static int d_mkstemps(char *t, int suffix) { return dret(mkstemps(t, suffix)); }
static int d_mkostemp(char *t, int flags) { return dret(mkostemp(t, linux_open_flags_from_darwin(flags))); }
static char *d_mkdtemp(char *t)
{
    char *r = mkdtemp(t);
    if (!r)
        errno = darwin_errno_from_linux(errno);
    return r;
}
static char *d_mktemp(char *t)
{
    int fd = mkstemp(t);
    if (fd < 0) {
        t[0] = 0;
        return t;
    }
    close(fd);
    unlink(t); /* mktemp only names a file */
    return t;
}
DARWIN_EXPORT("_mkstemp", d_mkstemp);
DARWIN_EXPORT("_mkstemps", d_mkstemps);
DARWIN_EXPORT("_mkostemp", d_mkostemp);
DARWIN_EXPORT("_mkdtemp", d_mkdtemp);
DARWIN_EXPORT("_mktemp", d_mktemp);

static int d_remove(const char *p) { return dret(remove(p)); }
DARWIN_EXPORT("_remove", d_remove);
