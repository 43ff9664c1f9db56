/*
 * fs_walk.c — walking trees and asking about file systems: ftw(3) and nftw(3) in the
 * $INODE64 form (the callback gets Darwin's struct stat and Darwin's FTW_* type values, which
 * differ from glibc's: FTW_DP is 3 and FTW_NS 4 on Darwin), with Darwin's nftw flag values;
 * statvfs/fstatvfs in Darwin's layout (32-bit block and inode counts: the fragment size is
 * scaled up until the block counts fit, as Darwin's Libc does); lockf. (pathconf/fpathconf
 * and getdtablesize are libsystem_kernel's: libsystem_kernel/pathconf.c, unistd.c.)
 *
 * The walk itself is glibc's (the same order a Darwin walk over fts gives on the same
 * directory: depth first, entries in directory order).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machrun/darwin/abi.h"
#include "machrun/darwin/private.h"

/* ---- ftw / nftw ---- */
struct d_ftw_info {
    int base, level; /* struct FTW agrees */
};

/* Darwin's <ftw.h> type codes. */
enum { D_FTW_F = 0, D_FTW_D = 1, D_FTW_DNR = 2, D_FTW_DP = 3, D_FTW_NS = 4, D_FTW_SL = 5, D_FTW_SLN = 6 };

static int d_type_of(int linux_type)
{
    switch (linux_type) {
    case FTW_F: return D_FTW_F;
    case FTW_D: return D_FTW_D;
    case FTW_DNR: return D_FTW_DNR;
    case FTW_DP: return D_FTW_DP;
    case FTW_NS: return D_FTW_NS;
    case FTW_SL: return D_FTW_SL;
    case FTW_SLN: return D_FTW_SLN;
    default: return D_FTW_NS;
    }
}

/* The walk in progress on this thread (a callback may start another walk). */
struct walk {
    int (*nfn)(const char *, const void *, int, struct d_ftw_info *);
    int (*fn)(const char *, const void *, int);
};
static __thread struct walk *cur_walk;

static int nftw_tramp(const char *path, const struct stat *st, int type, struct FTW *f)
{
    uint8_t dst[144] __attribute__((aligned(8)));
    memset(dst, 0, sizeof dst);
    if (type != FTW_NS)
        darwin_stat64_from_linux(st, dst);
    struct d_ftw_info info = { f->base, f->level };
    struct walk *w = cur_walk;
    int saved = errno;
    errno = darwin_errno_from_linux(saved);
    int r = w->nfn ? w->nfn(path, dst, d_type_of(type), &info) : w->fn(path, dst, d_type_of(type));
    cur_walk = w; /* a nested walk in the callback has restored its own */
    errno = saved;
    return r;
}

static int d_nftw(const char *path, int (*fn)(const char *, const void *, int, struct d_ftw_info *), int nfds,
                  int dflags)
{
    int lflags = (dflags & 0x01 ? FTW_PHYS : 0) | (dflags & 0x02 ? FTW_MOUNT : 0) | (dflags & 0x04 ? FTW_DEPTH : 0) |
                 (dflags & 0x08 ? FTW_CHDIR : 0);
    if ((dflags & ~0x0f) || nfds < 1) { /* Darwin's (FreeBSD's) nftw refuses nfds < 1 */
        errno = D_EINVAL;
        return -1;
    }
    struct walk w = { fn, NULL }, *saved = cur_walk;
    cur_walk = &w;
    errno = 0;
    int r = nftw(path, nftw_tramp, nfds, lflags);
    cur_walk = saved;
    if (r < 0)
        errno = darwin_errno_from_linux(errno);
    return r;
}
DARWIN_EXPORT("_nftw$INODE64", d_nftw);

/* ftw: nftw without FTW_PHYS, so links are followed and a dangling one is FTW_NS, as
 * Darwin's ftw reports it. */
static int ftw_tramp(const char *path, const struct stat *st, int type, struct FTW *f)
{
    if (type == FTW_SLN)
        type = FTW_NS;
    return nftw_tramp(path, st, type, f);
}

static int d_ftw(const char *path, int (*fn)(const char *, const void *, int), int nfds)
{
    if (nfds < 1) {
        errno = D_EINVAL;
        return -1;
    }
    struct walk w = { NULL, fn }, *saved = cur_walk;
    cur_walk = &w;
    errno = 0;
    int r = nftw(path, ftw_tramp, nfds, 0);
    cur_walk = saved;
    if (r < 0)
        errno = darwin_errno_from_linux(errno);
    return r;
}
DARWIN_EXPORT("_ftw$INODE64", d_ftw);

/* ---- statvfs ---- */
#include <sys/statvfs.h>
struct d_statvfs {
    unsigned long f_bsize, f_frsize;
    uint32_t f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_favail;
    unsigned long f_fsid, f_flag, f_namemax;
};
_Static_assert(sizeof(struct d_statvfs) == 64, "Darwin struct statvfs");

static void to_d_statvfs(const struct statvfs *l, struct d_statvfs *d)
{
    unsigned shift = 0;
    while (shift < 32 && (l->f_blocks >> shift) > UINT32_MAX)
        shift++;
    memset(d, 0, sizeof *d);
    d->f_bsize = l->f_bsize;
    d->f_frsize = l->f_frsize << shift;
    d->f_blocks = (uint32_t)(l->f_blocks >> shift);
    d->f_bfree = (uint32_t)(l->f_bfree >> shift);
    d->f_bavail = (uint32_t)(l->f_bavail >> shift);
    d->f_files = l->f_files > UINT32_MAX ? UINT32_MAX : (uint32_t)l->f_files;
    d->f_ffree = l->f_ffree > UINT32_MAX ? UINT32_MAX : (uint32_t)l->f_ffree;
    d->f_favail = l->f_favail > UINT32_MAX ? UINT32_MAX : (uint32_t)l->f_favail;
    d->f_fsid = l->f_fsid;
    d->f_flag = (l->f_flag & ST_RDONLY ? 1 : 0) | (l->f_flag & ST_NOSUID ? 2 : 0);
    d->f_namemax = l->f_namemax;
}
static int d_statvfs(const char *path, struct d_statvfs *d)
{
    struct statvfs l;
    if (statvfs(path, &l) < 0)
        return dret(-1);
    to_d_statvfs(&l, d);
    return 0;
}
static int d_fstatvfs(int fd, struct d_statvfs *d)
{
    struct statvfs l;
    if (fstatvfs(fd, &l) < 0)
        return dret(-1);
    to_d_statvfs(&l, d);
    return 0;
}
DARWIN_EXPORT("_statvfs", d_statvfs);
DARWIN_EXPORT("_fstatvfs", d_fstatvfs);

/* lockf: F_ULOCK 0, F_LOCK 1, F_TLOCK 2, F_TEST 3 agree. */
static int d_lockf(int fd, int cmd, int64_t len) { return dret(lockf(fd, cmd, (off_t)len)); }
DARWIN_EXPORT("_lockf", d_lockf);
DARWIN_EXPORT("_lockf$NOCANCEL", d_lockf);

/* ---- fts(3) with Darwin's FTS and FTSENT ($INODE64: 64-bit fts_ino, a Darwin struct stat
 * behind fts_statp) ----
 * Darwin's semantics (FreeBSD's fts): roots in the given order or sorted by the comparison
 * function, which also sorts each directory's entries (else directory order); a directory is
 * returned FTS_D before its entries and FTS_DP after (an unreadable one FTS_D then FTS_DNR);
 * FTS_SL / FTS_SLNONE for links on a physical walk, followed on a logical one and for roots
 * with FTS_COMFOLLOW; FTS_DC for a directory that is its own ancestor; FTS_DOT with
 * FTS_SEEDOT; FTS_XDEV stays on the root's device; FTS_NOSTAT gives FTS_NSOK to what the
 * directory says is not a directory; fts_set with FTS_AGAIN, FTS_FOLLOW and FTS_SKIP;
 * fts_children with FTS_NAMEONLY. Partial: the walk never changes directory, as with
 * FTS_NOCHDIR, so fts_accpath is always fts_path (valid from the caller's directory). */
struct d_ftsent {
    struct d_ftsent *fts_cycle, *fts_parent, *fts_link;
    long fts_number;
    void *fts_pointer;
    char *fts_accpath, *fts_path;
    int fts_errno, fts_symfd;
    uint16_t fts_pathlen, fts_namelen;
    uint64_t fts_ino;
    int32_t fts_dev;
    uint16_t fts_nlink;
    int16_t fts_level;
    uint16_t fts_info, fts_flags, fts_instr;
    void *fts_statp;
    char fts_name[8]; /* the name is allocated with the entry */
};
_Static_assert(offsetof(struct d_ftsent, fts_ino) == 72 && offsetof(struct d_ftsent, fts_statp) == 96 &&
               offsetof(struct d_ftsent, fts_name) == 104, "Darwin FTSENT");

typedef int (*fts_compar_fn)(const struct d_ftsent **, const struct d_ftsent **);
struct d_fts {
    struct d_ftsent *fts_cur, *fts_child, **fts_array;
    int32_t fts_dev;
    char *fts_path;
    int fts_rfd, fts_pathlen, fts_nitems;
    fts_compar_fn fts_compar;
    int fts_options;
    /* machrun's own, after Darwin's fields */
    struct d_ftsent *root_parent;
    bool stop, child_nameonly;
};
_Static_assert(offsetof(struct d_fts, fts_options) == 64, "Darwin FTS");

#define F_COMFOLLOW 0x001
#define F_LOGICAL 0x002
#define F_NOCHDIR 0x004
#define F_NOSTAT 0x008
#define F_PHYSICAL 0x010
#define F_SEEDOT 0x020
#define F_XDEV 0x040
#define F_NAMEONLY 0x100
#define F_OPTIONMASK 0xcff

#define I_D 1
#define I_DC 2
#define I_DEFAULT 3
#define I_DNR 4
#define I_DOT 5
#define I_DP 6
#define I_ERR 7
#define I_F 8
#define I_INIT 9
#define I_NS 10
#define I_NSOK 11
#define I_SL 12
#define I_SLNONE 13

#define S_AGAIN 1
#define S_FOLLOW 2
#define S_NOINSTR 3
#define S_SKIP 4
#define FL_SYMFOLLOW 0x02

#define D_STAT_SIZE 144

static struct d_ftsent *ent_new(const char *name, size_t namelen)
{
    struct d_ftsent *p = calloc(1, sizeof *p + namelen + 1 + D_STAT_SIZE + 8);
    if (!p)
        return NULL;
    memcpy(p->fts_name, name, namelen);
    p->fts_name[namelen] = 0;
    p->fts_namelen = (uint16_t)namelen;
    uintptr_t st = ((uintptr_t)(p->fts_name + namelen + 1) + 7) & ~(uintptr_t)7;
    p->fts_statp = (void *)st;
    p->fts_instr = S_NOINSTR;
    p->fts_symfd = -1;
    return p;
}

static void ent_free(struct d_ftsent *p)
{
    if (!p)
        return;
    free(p->fts_path);
    free(p);
}

static void list_free(struct d_ftsent *p)
{
    while (p) {
        struct d_ftsent *n = p->fts_link;
        ent_free(p);
        p = n;
    }
}

/* Set the entry's path from its parent's (Darwin's NAPPEND: no doubled '/'). */
static int set_path(struct d_ftsent *p, const struct d_ftsent *parent)
{
    size_t pl = parent->fts_pathlen;
    if (pl && parent->fts_path[pl - 1] == '/')
        pl--;
    char *s = malloc(pl + 1 + p->fts_namelen + 1);
    if (!s)
        return -1;
    memcpy(s, parent->fts_path, pl);
    s[pl] = '/';
    memcpy(s + pl + 1, p->fts_name, p->fts_namelen + 1);
    free(p->fts_path);
    p->fts_path = p->fts_accpath = s;
    p->fts_pathlen = (uint16_t)(pl + 1 + p->fts_namelen);
    return 0;
}

static unsigned fts_stat_ent(struct d_fts *sp, struct d_ftsent *p, bool follow)
{
    struct stat st;
    memset(p->fts_statp, 0, D_STAT_SIZE);
    p->fts_errno = 0;
    if ((sp->fts_options & F_LOGICAL) || follow) {
        if (stat(p->fts_accpath, &st) < 0) {
            int e = errno;
            if (e == ENOENT && lstat(p->fts_accpath, &st) == 0) {
                darwin_stat64_from_linux(&st, p->fts_statp);
                return I_SLNONE;
            }
            p->fts_errno = darwin_errno_from_linux(e);
            return I_NS;
        }
    } else if (lstat(p->fts_accpath, &st) < 0) {
        p->fts_errno = darwin_errno_from_linux(errno);
        return I_NS;
    }
    darwin_stat64_from_linux(&st, p->fts_statp);
    p->fts_ino = st.st_ino;
    memcpy(&p->fts_dev, (uint8_t *)p->fts_statp, 4); /* Darwin st_dev, as translated */
    p->fts_nlink = (uint16_t)st.st_nlink;
    if (S_ISDIR(st.st_mode)) {
        if (strcmp(p->fts_name, ".") == 0 || strcmp(p->fts_name, "..") == 0)
            return p->fts_level == 0 ? I_D : I_DOT;
        for (struct d_ftsent *t = p->fts_parent; t && t->fts_level >= 0; t = t->fts_parent)
            if (t->fts_ino == p->fts_ino && t->fts_dev == p->fts_dev) {
                p->fts_cycle = t;
                return I_DC;
            }
        return I_D;
    }
    if (S_ISLNK(st.st_mode))
        return I_SL;
    if (S_ISREG(st.st_mode))
        return I_F;
    return I_DEFAULT;
}

static struct d_ftsent *sort_list(struct d_fts *sp, struct d_ftsent *head, int n)
{
    if (!sp->fts_compar || n < 2)
        return head;
    if (n > sp->fts_nitems) {
        struct d_ftsent **a = realloc(sp->fts_array, (size_t)(n + 40) * sizeof *a);
        if (!a)
            return head;
        sp->fts_array = a;
        sp->fts_nitems = n + 40;
    }
    int i = 0;
    for (struct d_ftsent *p = head; p; p = p->fts_link)
        sp->fts_array[i++] = p;
    qsort(sp->fts_array, (size_t)n, sizeof *sp->fts_array, (int (*)(const void *, const void *))sp->fts_compar);
    for (i = 0; i < n - 1; i++)
        sp->fts_array[i]->fts_link = sp->fts_array[i + 1];
    sp->fts_array[n - 1]->fts_link = NULL;
    return sp->fts_array[0];
}

/* The entries of directory cur (read: for fts_read, which marks an unreadable or empty
 * directory; else for fts_children). NULL when there are none. */
static struct d_ftsent *fts_build(struct d_fts *sp, struct d_ftsent *cur, bool read, bool nameonly)
{
    DIR *d = opendir(cur->fts_accpath);
    if (!d) {
        if (read) {
            cur->fts_info = I_DNR;
            cur->fts_errno = darwin_errno_from_linux(errno);
        }
        return NULL;
    }
    struct d_ftsent *head = NULL, *tail = NULL;
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!(sp->fts_options & F_SEEDOT) && (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0))
            continue;
        struct d_ftsent *p = ent_new(e->d_name, strlen(e->d_name));
        if (!p || set_path(p, cur) < 0) {
            ent_free(p);
            list_free(head);
            closedir(d);
            sp->stop = true;
            errno = D_ENOMEM;
            return NULL;
        }
        p->fts_parent = cur;
        p->fts_level = (int16_t)(cur->fts_level + 1);
        if (nameonly)
            p->fts_info = I_NSOK;
        else if ((sp->fts_options & F_NOSTAT) && e->d_type != DT_DIR && e->d_type != DT_UNKNOWN)
            p->fts_info = I_NSOK;
        else
            p->fts_info = (uint16_t)fts_stat_ent(sp, p, false);
        if (tail)
            tail->fts_link = p;
        else
            head = p;
        tail = p;
        n++;
    }
    closedir(d);
    if (!n) {
        if (read)
            cur->fts_info = I_DP;
        return NULL;
    }
    return sort_list(sp, head, n);
}

static struct d_fts *d_fts_open(char *const *argv, int options, fts_compar_fn compar)
{
    if ((options & ~F_OPTIONMASK) || !argv) {
        errno = D_EINVAL;
        return NULL;
    }
    struct d_fts *sp = calloc(1, sizeof *sp);
    if (!sp) {
        errno = D_ENOMEM;
        return NULL;
    }
    if (options & F_LOGICAL)
        options |= F_NOCHDIR;
    sp->fts_options = options | F_NOCHDIR;
    sp->fts_compar = compar;
    sp->fts_rfd = -1;
    sp->root_parent = ent_new("", 0);
    if (!sp->root_parent) {
        free(sp);
        errno = D_ENOMEM;
        return NULL;
    }
    sp->root_parent->fts_level = -1;
    struct d_ftsent *head = NULL, *tail = NULL;
    int n = 0;
    for (; *argv; argv++) {
        size_t len = strlen(*argv);
        struct d_ftsent *p = ent_new(*argv, len);
        char *path = strdup(*argv);
        if (!p || !path) {
            free(path);
            ent_free(p);
            list_free(head);
            ent_free(sp->root_parent);
            free(sp);
            errno = D_ENOMEM;
            return NULL;
        }
        p->fts_path = p->fts_accpath = path;
        p->fts_pathlen = (uint16_t)len;
        p->fts_level = 0;
        p->fts_parent = sp->root_parent;
        if (!len) {
            p->fts_info = I_NS;
            p->fts_errno = D_ENOENT;
        } else {
            p->fts_info = (uint16_t)fts_stat_ent(sp, p, (options & F_COMFOLLOW) != 0);
        }
        if (tail)
            tail->fts_link = p;
        else
            head = p;
        tail = p;
        n++;
    }
    head = sort_list(sp, head, n);
    /* fts_cur starts on a dummy whose link is the first root, as Darwin's does. */
    struct d_ftsent *start = ent_new("", 0);
    if (!start) {
        list_free(head);
        ent_free(sp->root_parent);
        free(sp);
        errno = D_ENOMEM;
        return NULL;
    }
    start->fts_link = head;
    start->fts_level = -1;
    start->fts_info = I_INIT;
    sp->fts_cur = start;
    if (head)
        sp->fts_dev = head->fts_dev;
    return sp;
}
DARWIN_EXPORT_PARTIAL("_fts_open$INODE64", d_fts_open);

static struct d_ftsent *d_fts_read(struct d_fts *sp)
{
    struct d_ftsent *p = sp->fts_cur;
    if (!p || sp->stop)
        return NULL;
    errno = 0;
    uint16_t instr = p->fts_instr;
    p->fts_instr = S_NOINSTR;
    if (p->fts_info != I_INIT) {
        if (instr == S_AGAIN) {
            p->fts_info = (uint16_t)fts_stat_ent(sp, p, false);
            return p;
        }
        if (instr == S_FOLLOW && (p->fts_info == I_SL || p->fts_info == I_SLNONE)) {
            p->fts_info = (uint16_t)fts_stat_ent(sp, p, true);
            if (p->fts_info == I_D)
                p->fts_flags |= FL_SYMFOLLOW;
            return p;
        }
        if (p->fts_info == I_D) {
            if (instr == S_SKIP || ((sp->fts_options & F_XDEV) && p->fts_dev != sp->fts_dev)) {
                list_free(sp->fts_child);
                sp->fts_child = NULL;
                p->fts_info = I_DP;
                return p;
            }
            struct d_ftsent *kids = sp->fts_child;
            sp->fts_child = NULL;
            if (kids && sp->child_nameonly) {
                /* built by fts_children(FTS_NAMEONLY): build again with stat information */
                list_free(kids);
                kids = NULL;
            }
            if (!kids)
                kids = fts_build(sp, p, true, false);
            if (!kids) {
                if (sp->stop)
                    return NULL;
                if (p->fts_info == I_D)
                    p->fts_info = I_DP;
                return p; /* empty (FTS_DP) or unreadable (FTS_DNR) */
            }
            p = kids;
            goto name;
        }
    }
    /* the next sibling, or up to the parent */
    for (;;) {
        struct d_ftsent *next = p->fts_link;
        if (next) {
            ent_free(p);
            p = next;
            if (p->fts_instr == S_SKIP) {
                p->fts_instr = S_NOINSTR;
                continue;
            }
            if (p->fts_instr == S_FOLLOW) {
                p->fts_instr = S_NOINSTR;
                p->fts_info = (uint16_t)fts_stat_ent(sp, p, true);
                if (p->fts_info == I_D)
                    p->fts_flags |= FL_SYMFOLLOW;
            }
            if (p->fts_level == 0)
                sp->fts_dev = p->fts_dev;
            goto name;
        }
        struct d_ftsent *parent = p->fts_parent;
        ent_free(p);
        if (!parent || parent->fts_level < 0) {
            sp->fts_cur = NULL;
            errno = 0;
            return NULL;
        }
        p = parent;
        if (p->fts_instr == S_SKIP)
            p->fts_instr = S_NOINSTR;
        if (p->fts_info != I_DNR && p->fts_info != I_ERR)
            p->fts_info = p->fts_errno ? I_ERR : I_DP;
        sp->fts_cur = p;
        return p;
    }
name:
    sp->fts_cur = p;
    return p;
}
DARWIN_EXPORT_PARTIAL("_fts_read$INODE64", d_fts_read);

static struct d_ftsent *d_fts_children(struct d_fts *sp, int instr)
{
    if (instr && instr != F_NAMEONLY) {
        errno = D_EINVAL;
        return NULL;
    }
    struct d_ftsent *p = sp->fts_cur;
    errno = 0;
    if (!p || sp->stop)
        return NULL;
    if (p->fts_info == I_INIT)
        return p->fts_link; /* before the first read: the roots */
    if (p->fts_info != I_D)
        return NULL;
    list_free(sp->fts_child);
    sp->fts_child = fts_build(sp, p, false, instr == F_NAMEONLY);
    sp->child_nameonly = instr == F_NAMEONLY;
    return sp->fts_child;
}
DARWIN_EXPORT_PARTIAL("_fts_children$INODE64", d_fts_children);

static int d_fts_set(struct d_fts *sp, struct d_ftsent *p, int instr)
{
    (void)sp;
    if (instr != 0 && instr != S_AGAIN && instr != S_FOLLOW && instr != S_NOINSTR && instr != S_SKIP) {
        errno = D_EINVAL;
        return 1;
    }
    p->fts_instr = (uint16_t)instr;
    return 0;
}
DARWIN_EXPORT("_fts_set$INODE64", d_fts_set);

static int d_fts_close(struct d_fts *sp)
{
    if (!sp)
        return 0;
    struct d_ftsent *p = sp->fts_cur;
    list_free(sp->fts_child);
    /* the current entry, its pending siblings and every ancestor with theirs */
    while (p && p != sp->root_parent) {
        struct d_ftsent *parent = p->fts_parent;
        list_free(p);
        p = parent && parent->fts_level >= 0 ? parent : NULL;
    }
    ent_free(sp->root_parent);
    free(sp->fts_array);
    free(sp);
    return 0;
}
DARWIN_EXPORT_PARTIAL("_fts_close$INODE64", d_fts_close);
