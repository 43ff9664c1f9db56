/*
 * fs_attr.c — getattrlist(2), fgetattrlist, getattrlistat, getattrlistbulk(2) and the
 * directory-entry calls getdirentries(2) / __getdirentries64, over statx and getdents64.
 *
 * getattrlist packs as xnu's vfs_attrlist.c does: a u_int32_t length, then the attributes in
 * bit order (ATTR_CMN_RETURNED_ATTRS first, then ATTR_CMN_ERROR in bulk entries, common,
 * directory, file), each fixed-size value on a 4-byte boundary, variable data (names, paths)
 * after the fixed part through an attrreference_t whose offset is from the reference itself,
 * each piece NUL-terminated and padded to 4 bytes. Directory attributes are packed for
 * directories only and file attributes for the rest. A buffer too small gets what fits, the
 * length saying so (or the full size with FSOPT_REPORT_FULLSIZE). bitmapcount other than 5,
 * or bits outside a group's valid mask, are EINVAL, as are volume attributes without
 * ATTR_VOL_INFO or on something that is not a mount point.
 *
 * Attributes Linux has: NAME, DEVID, FSID, OBJTYPE, OBJID, OBJPERMANENTID, PAROBJID, CRTIME
 * (statx birth time, where the file system keeps one), MODTIME, CHGTIME, ACCTIME, FNDRINFO
 * (zeros: no Finder information), OWNERID, GRPID, ACCESSMASK, FLAGS (0), USERACCESS,
 * FILEID, PARENTID, FULLPATH; DIR_LINKCOUNT, ENTRYCOUNT, MOUNTSTATUS, ALLOCSIZE,
 * IOBLOCKSIZE, DATALENGTH; FILE_LINKCOUNT, TOTALSIZE, ALLOCSIZE, IOBLOCKSIZE, DEVTYPE,
 * FORKCOUNT (1), DATALENGTH, DATAALLOCSIZE, RSRCLENGTH and RSRCALLOCSIZE (0).
 *
 * setattrlist takes the values packed the same way without the length word, and sets
 * ATTR_CMN_MODTIME and ACCTIME (utimensat; the other kept), OWNERID and GRPID (chown),
 * ACCESSMASK (chmod) and FLAGS (0 only: Linux has no file flags); bits outside Darwin's
 * ATTR_CMN_SETMASK, or any file/dir/fork attribute, are EINVAL as on Darwin.
 *
 * Partial: setattrlist answers ENOTSUP for CRTIME, CHGTIME, BKUPTIME, FNDRINFO, the security
 * attributes and non-zero FLAGS, which Linux cannot set. Of getattrlist, the others (OBJTAG, SCRIPT, BKUPTIME, GEN_COUNT, DOCUMENT_ID, security and UUIDs,
 * ADDEDTIME, protection flags, fork lists, volume attributes) are left out, as xnu leaves out
 * what a file system does not support — ATTR_CMN_RETURNED_ATTRS says which came back, and
 * FSOPT_PACK_INVAL_ATTRS packs them as zeros.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

struct d_attrlist {
    uint16_t bitmapcount, reserved;
    uint32_t commonattr, volattr, dirattr, fileattr, forkattr;
};

#define CMN_NAME 0x00000001u
#define CMN_DEVID 0x00000002u
#define CMN_FSID 0x00000004u
#define CMN_OBJTYPE 0x00000008u
#define CMN_OBJTAG 0x00000010u
#define CMN_OBJID 0x00000020u
#define CMN_OBJPERMANENTID 0x00000040u
#define CMN_PAROBJID 0x00000080u
#define CMN_SCRIPT 0x00000100u
#define CMN_CRTIME 0x00000200u
#define CMN_MODTIME 0x00000400u
#define CMN_CHGTIME 0x00000800u
#define CMN_ACCTIME 0x00001000u
#define CMN_BKUPTIME 0x00002000u
#define CMN_FNDRINFO 0x00004000u
#define CMN_OWNERID 0x00008000u
#define CMN_GRPID 0x00010000u
#define CMN_ACCESSMASK 0x00020000u
#define CMN_FLAGS 0x00040000u
#define CMN_GEN_COUNT 0x00080000u
#define CMN_DOCUMENT_ID 0x00100000u
#define CMN_USERACCESS 0x00200000u
#define CMN_EXTENDED_SECURITY 0x00400000u
#define CMN_UUID 0x00800000u
#define CMN_GRPUUID 0x01000000u
#define CMN_FILEID 0x02000000u
#define CMN_PARENTID 0x04000000u
#define CMN_FULLPATH 0x08000000u
#define CMN_ADDEDTIME 0x10000000u
#define CMN_ERROR 0x20000000u
#define CMN_DATA_PROTECT_FLAGS 0x40000000u
#define CMN_RETURNED_ATTRS 0x80000000u
#define VOL_INFO 0x80000000u
#define VOL_VALIDMASK 0xF0B7FFFFu
#define DIR_VALIDMASK 0x0000003Fu
#define FILE_VALIDMASK 0x000037FFu
#define FORK_VALIDMASK 0x00000003u
#define CMNEXT_VALIDMASK 0x000007fcu

#define FSOPT_NOFOLLOW 0x1u
#define FSOPT_REPORT_FULLSIZE 0x4u
#define FSOPT_PACK_INVAL_ATTRS 0x8u
#define FSOPT_ATTR_CMN_EXTENDED 0x20u

/* One row per common attribute, in packing order: its size in the fixed part (8 for an
 * attrreference) and whether Linux can give it. */
static const struct {
    uint32_t bit;
    uint8_t size;
    bool have;
} cmn_attrs[] = {
    { CMN_NAME, 8, true }, { CMN_DEVID, 4, true }, { CMN_FSID, 8, true }, { CMN_OBJTYPE, 4, true },
    { CMN_OBJTAG, 4, false }, { CMN_OBJID, 8, true }, { CMN_OBJPERMANENTID, 8, true },
    { CMN_PAROBJID, 8, true }, { CMN_SCRIPT, 4, false }, { CMN_CRTIME, 16, true },
    { CMN_MODTIME, 16, true }, { CMN_CHGTIME, 16, true }, { CMN_ACCTIME, 16, true },
    { CMN_BKUPTIME, 16, false }, { CMN_FNDRINFO, 32, true }, { CMN_OWNERID, 4, true },
    { CMN_GRPID, 4, true }, { CMN_ACCESSMASK, 4, true }, { CMN_FLAGS, 4, true },
    { CMN_GEN_COUNT, 4, false }, { CMN_DOCUMENT_ID, 4, false }, { CMN_USERACCESS, 4, true },
    { CMN_EXTENDED_SECURITY, 8, false }, { CMN_UUID, 16, false }, { CMN_GRPUUID, 16, false },
    { CMN_FILEID, 8, true }, { CMN_PARENTID, 8, true }, { CMN_FULLPATH, 8, true },
    { CMN_ADDEDTIME, 16, false }, { CMN_DATA_PROTECT_FLAGS, 4, false },
};
static const struct {
    uint32_t bit;
    uint8_t size;
} dir_attrs[] = { { 0x01, 4 }, { 0x02, 4 }, { 0x04, 4 }, { 0x08, 8 }, { 0x10, 4 }, { 0x20, 8 } };
static const struct {
    uint32_t bit;
    uint8_t size;
    bool have;
} file_attrs[] = {
    { 0x0001, 4, true },  /* LINKCOUNT */
    { 0x0002, 8, true },  /* TOTALSIZE */
    { 0x0004, 8, true },  /* ALLOCSIZE */
    { 0x0008, 4, true },  /* IOBLOCKSIZE */
    { 0x0010, 4, false }, /* CLUMPSIZE (obsolete) */
    { 0x0020, 4, true },  /* DEVTYPE */
    { 0x0040, 4, false }, /* FILETYPE (obsolete) */
    { 0x0080, 4, true },  /* FORKCOUNT */
    { 0x0100, 8, false }, /* FORKLIST */
    { 0x0200, 8, true },  /* DATALENGTH */
    { 0x0400, 8, true },  /* DATAALLOCSIZE */
    { 0x0800, 0, false }, /* DATAEXTENTS (obsolete, HFS) */
    { 0x1000, 8, true },  /* RSRCLENGTH */
    { 0x2000, 8, true },  /* RSRCALLOCSIZE */
};

/* What is known of one object. */
struct obj {
    struct statx sx;
    const char *name;      /* last component */
    char path[PATH_MAX];   /* full path, or "" */
    uint64_t parent_ino;
    bool has_parent, is_mount;
    uint32_t useraccess;
    int error;             /* bulk: a Darwin errno for ATTR_CMN_ERROR, or 0 */
};

struct pack {
    uint8_t *buf;
    size_t fixed, var, cap; /* fixed cursor; variable cursor (from the start) */
};

static void put(struct pack *p, const void *v, size_t n)
{
    memcpy(p->buf + p->fixed, v, n);
    p->fixed += n;
}
static void put32(struct pack *p, uint32_t v) { put(p, &v, 4); }
static void put64(struct pack *p, uint64_t v) { put(p, &v, 8); }
static void put_ts(struct pack *p, int64_t sec, uint32_t nsec)
{
    int64_t t[2] = { sec, nsec };
    put(p, t, 16);
}
static void put_ref(struct pack *p, const char *s)
{
    size_t len = strlen(s) + 1;
    int32_t off = (int32_t)(p->var - p->fixed);
    uint32_t l = (uint32_t)len;
    memcpy(p->buf + p->var, s, len);
    p->var += (len + 3) & ~(size_t)3;
    put(p, &off, 4);
    put(p, &l, 4);
}

/* Darwin's enum vtype (<sys/vnode.h>), ATTR_CMN_OBJTYPE. */
enum { D_VNON, D_VREG, D_VDIR, D_VBLK, D_VCHR, D_VLNK, D_VSOCK, D_VFIFO };

static uint32_t objtype(uint32_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return D_VREG;
    case S_IFDIR: return D_VDIR;
    case S_IFBLK: return D_VBLK;
    case S_IFCHR: return D_VCHR;
    case S_IFLNK: return D_VLNK;
    case S_IFSOCK: return D_VSOCK;
    case S_IFIFO: return D_VFIFO;
    default: return D_VNON;
    }
}
static uint32_t ddev(uint32_t maj, uint32_t min) { return (maj << 24) | (min & 0xffffff); }

static bool cmn_have(const struct obj *o, uint32_t bit)
{
    if (o->error)
        return bit == CMN_NAME;
    if (bit == CMN_CRTIME)
        return (o->sx.stx_mask & STATX_BTIME) != 0;
    if (bit == CMN_PARENTID || bit == CMN_PAROBJID)
        return o->has_parent;
    if (bit == CMN_FULLPATH)
        return o->path[0] != 0;
    for (size_t i = 0; i < sizeof cmn_attrs / sizeof cmn_attrs[0]; i++)
        if (cmn_attrs[i].bit == bit)
            return cmn_attrs[i].have;
    return false;
}

static uint32_t dir_entrycount(const struct obj *o)
{
    if (!o->path[0])
        return 0;
    DIR *d = opendir(o->path);
    uint32_t n = 0;
    if (d) {
        for (struct dirent *e; (e = readdir(d));)
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                n++;
        closedir(d);
    }
    return n;
}

/* The size of the packing of o for al (fixed part and variable part). */
static void sizes(const struct obj *o, const struct d_attrlist *al, bool inval, size_t *fixed, size_t *var)
{
    size_t f = 4, v = 0;
    if (al->commonattr & CMN_RETURNED_ATTRS)
        f += 20;
    if (al->commonattr & CMN_ERROR)
        f += o->error || inval ? 4 : 0;
    for (size_t i = 0; i < sizeof cmn_attrs / sizeof cmn_attrs[0]; i++) {
        uint32_t b = cmn_attrs[i].bit;
        if (!(al->commonattr & b) || (!inval && !cmn_have(o, b)))
            continue;
        f += cmn_attrs[i].size;
        if (b == CMN_NAME)
            v += (strlen(o->name) + 1 + 3) & ~(size_t)3;
        else if (b == CMN_FULLPATH)
            v += (strlen(o->path) + 1 + 3) & ~(size_t)3;
        else if (b == CMN_EXTENDED_SECURITY)
            v += 4;
    }
    bool isdir = S_ISDIR(o->sx.stx_mode) && !o->error;
    if (isdir || (inval && o->error))
        for (size_t i = 0; i < sizeof dir_attrs / sizeof dir_attrs[0]; i++)
            if (al->dirattr & dir_attrs[i].bit)
                f += dir_attrs[i].size;
    if ((!isdir && !o->error) || (inval && o->error))
        for (size_t i = 0; i < sizeof file_attrs / sizeof file_attrs[0]; i++)
            if ((al->fileattr & file_attrs[i].bit) && (file_attrs[i].have || inval))
                f += file_attrs[i].size;
    *fixed = f;
    *var = v;
}

/* Pack o into p (big enough: see sizes). */
static void pack_obj(struct pack *p, const struct obj *o, const struct d_attrlist *al, bool inval, size_t fixed_size)
{
    const struct statx *x = &o->sx;
    p->fixed = 4;
    p->var = fixed_size;
    uint32_t ret[5] = { 0 };
    size_t ret_at = 0;
    if (al->commonattr & CMN_RETURNED_ATTRS) {
        ret_at = p->fixed;
        p->fixed += 20;
        ret[0] |= CMN_RETURNED_ATTRS;
    }
    if ((al->commonattr & CMN_ERROR) && (o->error || inval)) {
        put32(p, (uint32_t)o->error);
        ret[0] |= CMN_ERROR;
    }
    for (size_t i = 0; i < sizeof cmn_attrs / sizeof cmn_attrs[0]; i++) {
        uint32_t b = cmn_attrs[i].bit;
        if (!(al->commonattr & b))
            continue;
        bool have = cmn_have(o, b);
        if (!have && !inval)
            continue;
        if (have)
            ret[0] |= b;
        size_t at = p->fixed;
        switch (have ? b : 0) {
        case CMN_NAME: put_ref(p, o->name); break;
        case CMN_DEVID: put32(p, ddev(x->stx_dev_major, x->stx_dev_minor)); break;
        case CMN_FSID: put32(p, ddev(x->stx_dev_major, x->stx_dev_minor)); put32(p, 0); break;
        case CMN_OBJTYPE: put32(p, objtype(x->stx_mode)); break;
        case CMN_OBJID:
        case CMN_OBJPERMANENTID: put32(p, (uint32_t)x->stx_ino); put32(p, 0); break;
        case CMN_PAROBJID: put32(p, (uint32_t)o->parent_ino); put32(p, 0); break;
        case CMN_CRTIME: put_ts(p, x->stx_btime.tv_sec, x->stx_btime.tv_nsec); break;
        case CMN_MODTIME: put_ts(p, x->stx_mtime.tv_sec, x->stx_mtime.tv_nsec); break;
        case CMN_CHGTIME: put_ts(p, x->stx_ctime.tv_sec, x->stx_ctime.tv_nsec); break;
        case CMN_ACCTIME: put_ts(p, x->stx_atime.tv_sec, x->stx_atime.tv_nsec); break;
        case CMN_FNDRINFO: memset(p->buf + p->fixed, 0, 32); p->fixed += 32; break;
        case CMN_OWNERID: put32(p, x->stx_uid); break;
        case CMN_GRPID: put32(p, x->stx_gid); break;
        case CMN_ACCESSMASK: put32(p, x->stx_mode & 07777); break;
        case CMN_FLAGS: put32(p, 0); break;
        case CMN_USERACCESS: put32(p, o->useraccess); break;
        case CMN_FILEID: put64(p, x->stx_ino); break;
        case CMN_PARENTID: put64(p, o->parent_ino); break;
        case CMN_FULLPATH: put_ref(p, o->path); break;
        default: /* not available: zeros (FSOPT_PACK_INVAL_ATTRS) */
            if (cmn_attrs[i].size == 8 && (b == CMN_EXTENDED_SECURITY)) {
                put_ref(p, "");
            } else {
                memset(p->buf + p->fixed, 0, cmn_attrs[i].size);
                p->fixed += cmn_attrs[i].size;
            }
            break;
        }
        (void)at;
    }
    bool isdir = S_ISDIR(x->stx_mode) && !o->error;
    uint64_t alloc = x->stx_blocks * 512;
    if (isdir || (inval && o->error)) {
        for (size_t i = 0; i < sizeof dir_attrs / sizeof dir_attrs[0]; i++) {
            uint32_t b = dir_attrs[i].bit;
            if (!(al->dirattr & b))
                continue;
            if (!o->error)
                ret[2] |= b;
            switch (o->error ? 0 : b) {
            case 0x01: put32(p, x->stx_nlink); break;
            case 0x02: put32(p, dir_entrycount(o)); break;
            case 0x04: put32(p, o->is_mount ? 1 /* DIR_MNTSTATUS_MNTPOINT */ : 0); break;
            case 0x08: put64(p, alloc); break;
            case 0x10: put32(p, x->stx_blksize); break;
            case 0x20: put64(p, x->stx_size); break;
            default: memset(p->buf + p->fixed, 0, dir_attrs[i].size); p->fixed += dir_attrs[i].size; break;
            }
        }
    }
    if ((!isdir && !o->error) || (inval && o->error)) {
        for (size_t i = 0; i < sizeof file_attrs / sizeof file_attrs[0]; i++) {
            uint32_t b = file_attrs[i].bit;
            if (!(al->fileattr & b) || (!file_attrs[i].have && !inval))
                continue;
            bool have = file_attrs[i].have && !o->error;
            if (have)
                ret[3] |= b;
            switch (have ? b : 0) {
            case 0x0001: put32(p, x->stx_nlink); break;
            case 0x0002: put64(p, x->stx_size); break;
            case 0x0004: put64(p, alloc); break;
            case 0x0008: put32(p, x->stx_blksize); break;
            case 0x0020:
                put32(p, S_ISBLK(x->stx_mode) || S_ISCHR(x->stx_mode) ? ddev(x->stx_rdev_major, x->stx_rdev_minor) : 0);
                break;
            case 0x0080: put32(p, 1); break;
            case 0x0200: put64(p, x->stx_size); break;
            case 0x0400: put64(p, alloc); break;
            case 0x1000: put64(p, 0); break;
            case 0x2000: put64(p, 0); break;
            default: memset(p->buf + p->fixed, 0, file_attrs[i].size); p->fixed += file_attrs[i].size; break;
            }
        }
    }
    if (al->commonattr & CMN_RETURNED_ATTRS)
        memcpy(p->buf + ret_at, ret, 20);
    uint32_t len = (uint32_t)p->var;
    memcpy(p->buf, &len, 4);
}

static int check_list(const struct d_attrlist *al, uint64_t opts, bool bulk)
{
    if (!al || al->bitmapcount != 5)
        return D_EINVAL;
    uint32_t forkmask = (opts & FSOPT_ATTR_CMN_EXTENDED) ? CMNEXT_VALIDMASK : FORK_VALIDMASK;
    if ((al->volattr & ~VOL_VALIDMASK) || (al->dirattr & ~DIR_VALIDMASK) || (al->fileattr & ~FILE_VALIDMASK) ||
        (al->forkattr & ~forkmask))
        return D_EINVAL;
    if (al->volattr && !(al->volattr & VOL_INFO))
        return D_EINVAL;
    if (bulk && (!(al->commonattr & CMN_RETURNED_ATTRS) || al->volattr))
        return D_EINVAL;
    return 0;
}

/* Fill o from a path (relative to dirfd) or, with path NULL, from dirfd itself. Returns 0 or
 * a Linux errno. */
static int describe(struct obj *o, int dirfd, const char *path, bool nofollow)
{
    memset(o, 0, sizeof *o);
    int fl = AT_STATX_SYNC_AS_STAT | (nofollow ? AT_SYMLINK_NOFOLLOW : 0) | (path ? 0 : AT_EMPTY_PATH);
    if (statx(dirfd, path ? path : "", fl, STATX_BASIC_STATS | STATX_BTIME | STATX_MNT_ID, &o->sx) < 0)
        return errno;
    char link[64];
    if (path && path[0] == '/') {
        snprintf(o->path, sizeof o->path, "%s", path);
    } else if (path && dirfd == AT_FDCWD) {
        if (getcwd(o->path, sizeof o->path)) {
            size_t l = strlen(o->path);
            snprintf(o->path + l, sizeof o->path - l, "%s%s", l > 1 ? "/" : "", path);
        }
    } else {
        snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
        ssize_t n = readlink(link, o->path, sizeof o->path - 1);
        o->path[n > 0 ? n : 0] = 0;
        if (path && n > 0) {
            size_t l = (size_t)n;
            snprintf(o->path + l, sizeof o->path - l, "%s%s", l > 1 ? "/" : "", path);
        }
    }
    /* Darwin's FULLPATH has no "." or ".." components and follows no links but the last one
     * when asked; a canonical directory part is what it gives. */
    char *slash = strrchr(o->path, '/');
    if (slash && slash[1] && strcmp(slash + 1, ".") && strcmp(slash + 1, "..")) {
        char dir[PATH_MAX], real[PATH_MAX];
        size_t dl = (size_t)(slash - o->path);
        memcpy(dir, o->path, dl);
        dir[dl] = 0;
        if (realpath(dl ? dir : "/", real)) {
            char tmp[2 * PATH_MAX + 2];
            snprintf(tmp, sizeof tmp, "%s/%s", strcmp(real, "/") ? real : "", slash + 1);
            if (strlen(tmp) < sizeof o->path)
                memcpy(o->path, tmp, strlen(tmp) + 1);
        }
    } else {
        char real[PATH_MAX];
        if (realpath(o->path, real))
            snprintf(o->path, sizeof o->path, "%s", real);
    }
    const char *b = strrchr(o->path, '/');
    o->name = b && b[1] ? b + 1 : (strcmp(o->path, "/") == 0 ? "/" : o->path);
    if (strcmp(o->path, "/") == 0)
        o->name = "";
    char parent[PATH_MAX];
    snprintf(parent, sizeof parent, "%s", o->path);
    char *ps = strrchr(parent, '/');
    if (ps) {
        if (ps == parent)
            ps[1] = 0;
        else
            *ps = 0;
        struct stat pst, mst;
        if (stat(parent, &pst) == 0) {
            o->has_parent = true;
            o->parent_ino = pst.st_ino;
            if (strcmp(o->path, "/") == 0)
                o->parent_ino = o->sx.stx_ino; /* the root is its own parent */
            o->is_mount = S_ISDIR(o->sx.stx_mode) &&
                          (strcmp(o->path, "/") == 0 ||
                           (stat(parent, &mst) == 0 && makedev(o->sx.stx_dev_major, o->sx.stx_dev_minor) != mst.st_dev));
        }
    }
    if (o->path[0]) {
        o->useraccess = (access(o->path, R_OK) == 0 ? 4 : 0) | (access(o->path, W_OK) == 0 ? 2 : 0) |
                        (access(o->path, X_OK) == 0 ? 1 : 0);
    }
    return 0;
}

static int pack_into(const struct obj *o, const struct d_attrlist *al, void *buf, size_t size, uint64_t opts)
{
    bool inval = (opts & FSOPT_PACK_INVAL_ATTRS) != 0;
    size_t fixed, var;
    sizes(o, al, inval, &fixed, &var);
    size_t full = fixed + var;
    uint8_t *tmp = calloc(1, full);
    if (!tmp) {
        errno = D_ENOMEM;
        return -1;
    }
    struct pack p = { tmp, 0, 0, full };
    pack_obj(&p, o, al, inval, fixed);
    size_t n = full < size ? full : size;
    uint32_t len = (uint32_t)((opts & FSOPT_REPORT_FULLSIZE) ? full : n);
    memcpy(tmp, &len, 4);
    memcpy(buf, tmp, n);
    free(tmp);
    return 0;
}

static int do_getattrlist(int dirfd, const char *path, const struct d_attrlist *al, void *buf, size_t size,
                          uint64_t opts)
{
    int e = check_list(al, opts, false);
    if (e) {
        errno = e;
        return -1;
    }
    if (size < 4) {
        errno = D_ERANGE;
        return -1;
    }
    struct obj o;
    if ((e = describe(&o, dirfd, path, (opts & FSOPT_NOFOLLOW) != 0))) {
        errno = darwin_errno_from_linux(e);
        return -1;
    }
    if (al->volattr && !o.is_mount) {
        errno = D_EINVAL; /* volume attributes are for a volume's root */
        return -1;
    }
    return pack_into(&o, al, buf, size, opts);
}

static int d_getattrlist(const char *path, const struct d_attrlist *al, void *buf, size_t size, unsigned opts)
{
    return do_getattrlist(AT_FDCWD, path, al, buf, size, opts);
}
static int d_fgetattrlist(int fd, const struct d_attrlist *al, void *buf, size_t size, unsigned opts)
{
    return do_getattrlist(fd, NULL, al, buf, size, opts);
}
static int d_getattrlistat(int fd, const char *path, const struct d_attrlist *al, void *buf, size_t size,
                           unsigned long opts)
{
    return do_getattrlist(fd == -2 ? AT_FDCWD : fd, path, al, buf, size, opts);
}
DARWIN_EXPORT_PARTIAL("_getattrlist", d_getattrlist);
DARWIN_EXPORT_PARTIAL("_fgetattrlist", d_fgetattrlist);
DARWIN_EXPORT_PARTIAL("_getattrlistat", d_getattrlistat);

/* getattrlistbulk: entries of dirfd from its current position ("." and ".." left out), each a
 * u_int32_t length and the attributes, 8-byte aligned; the position moves past the entries
 * returned, so the next call goes on. */
static int d_getattrlistbulk(int dirfd, const struct d_attrlist *al, void *buf, size_t size, uint64_t opts)
{
    int e = check_list(al, opts, true);
    if (e) {
        errno = e;
        return -1;
    }
    struct stat dst;
    if (fstat(dirfd, &dst) < 0)
        return dret(-1);
    if (!S_ISDIR(dst.st_mode)) {
        errno = D_ENOTDIR;
        return -1;
    }
    char ents[8192] __attribute__((aligned(8)));
    size_t used = 0;
    int count = 0;
    for (;;) {
        off_t start = lseek(dirfd, 0, SEEK_CUR);
        long n = syscall(SYS_getdents64, dirfd, ents, sizeof ents);
        if (n < 0)
            return count ? count : dretl(-1);
        if (n == 0)
            return count;
        for (long off = 0; off < n;) {
            struct linux_dirent64 {
                uint64_t d_ino;
                int64_t d_off;
                uint16_t d_reclen;
                uint8_t d_type;
                char d_name[];
            } *d = (void *)(ents + off);
            off += d->d_reclen;
            if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0) {
                start = d->d_off;
                continue;
            }
            struct obj o;
            int err = describe(&o, dirfd, d->d_name, true);
            if (err) {
                memset(&o, 0, sizeof o);
                o.error = darwin_errno_from_linux(err);
            }
            char namebuf[256];
            snprintf(namebuf, sizeof namebuf, "%s", d->d_name);
            o.name = namebuf;
            bool inval = (opts & FSOPT_PACK_INVAL_ATTRS) != 0;
            size_t fixed, var;
            sizes(&o, al, inval, &fixed, &var);
            size_t need = (fixed + var + 7) & ~(size_t)7;
            if (used + need > size) {
                lseek(dirfd, start, SEEK_SET); /* this one comes first next time */
                if (!count) {
                    errno = D_EINVAL;
                    return -1;
                }
                return count;
            }
            uint8_t *tmp = calloc(1, need);
            if (!tmp) {
                lseek(dirfd, start, SEEK_SET);
                errno = D_ENOMEM;
                return count ? count : -1;
            }
            struct pack p = { tmp, 0, 0, need };
            pack_obj(&p, &o, al, inval, fixed);
            uint32_t len = (uint32_t)need;
            memcpy(tmp, &len, 4);
            memcpy((uint8_t *)buf + used, tmp, need);
            free(tmp);
            used += need;
            count++;
            start = d->d_off;
        }
        lseek(dirfd, start, SEEK_SET);
    }
}
DARWIN_EXPORT_PARTIAL("_getattrlistbulk", d_getattrlistbulk);

/* ---- getdirentries ---- */

/* Entries in Darwin's struct dirent layout; 64: the $INODE64 one (reclen a multiple of 8),
 * else the legacy one (32-bit d_ino, 8-bit d_namlen, reclen a multiple of 4). *basep gets the
 * position before the read. */
static long dirents(int fd, char *buf, size_t nbytes, int64_t *basep, bool is64)
{
    off_t base = lseek(fd, 0, SEEK_CUR);
    char ents[4096] __attribute__((aligned(8)));
    size_t cap = nbytes < sizeof ents ? nbytes : sizeof ents;
    long n = syscall(SYS_getdents64, fd, ents, cap);
    if (n < 0)
        return dretl(-1);
    size_t used = 0;
    off_t next = base;
    for (long off = 0; off < n;) {
        struct {
            uint64_t d_ino;
            int64_t d_off;
            uint16_t d_reclen;
            uint8_t d_type;
            char d_name[];
        } *d = (void *)(ents + off);
        size_t nl = strlen(d->d_name);
        if (!is64 && nl > 255)
            nl = 255;
        size_t rec = is64 ? (21 + nl + 1 + 7) & ~(size_t)7 : (8 + nl + 1 + 3) & ~(size_t)3;
        if (used + rec > nbytes)
            break;
        char *o = buf + used;
        memset(o, 0, rec);
        if (is64) {
            uint64_t seek = (uint64_t)d->d_off;
            uint16_t rl = (uint16_t)rec, nl16 = (uint16_t)nl;
            memcpy(o, &d->d_ino, 8);
            memcpy(o + 8, &seek, 8);
            memcpy(o + 16, &rl, 2);
            memcpy(o + 18, &nl16, 2);
            o[20] = (char)d->d_type;
            memcpy(o + 21, d->d_name, nl);
        } else {
            uint32_t ino = (uint32_t)d->d_ino;
            uint16_t rl = (uint16_t)rec;
            memcpy(o, &ino, 4);
            memcpy(o + 4, &rl, 2);
            o[6] = (char)d->d_type;
            o[7] = (char)nl;
            memcpy(o + 8, d->d_name, nl);
        }
        used += rec;
        next = d->d_off;
        off += d->d_reclen;
    }
    if (n > 0 && used == 0) {
        errno = D_EINVAL; /* the buffer holds no entry */
        lseek(fd, base, SEEK_SET);
        return -1;
    }
    lseek(fd, next, SEEK_SET);
    if (basep)
        *basep = base;
    return (long)used;
}

static long d___getdirentries64(int fd, char *buf, size_t nbytes, int64_t *basep)
{
    return dirents(fd, buf, nbytes, basep, true);
}
DARWIN_EXPORT("___getdirentries64", d___getdirentries64);

static int d_getdirentries(int fd, char *buf, int nbytes, long *basep)
{
    if (nbytes < 0) {
        errno = D_EINVAL;
        return -1;
    }
    int64_t b = 0;
    long r = dirents(fd, buf, (size_t)nbytes, &b, false);
    if (r >= 0 && basep)
        *basep = (long)b;
    return (int)r;
}
DARWIN_EXPORT("_getdirentries", d_getdirentries);

/* ---- setattrlist ---- */
#define CMN_SETMASK 0x51C7FF00u
static int do_setattrlist(int dirfd, const char *path, const struct d_attrlist *al, const void *buf, size_t size,
                          uint64_t opts)
{
    if (!al || al->bitmapcount != 5 || (al->commonattr & ~CMN_SETMASK) || al->dirattr || al->forkattr ||
        (al->fileattr & ~0x20u /* ATTR_FILE_SETMASK: DEVTYPE */) || al->volattr) {
        errno = D_EINVAL;
        return -1;
    }
    const uint32_t can = CMN_MODTIME | CMN_ACCTIME | CMN_OWNERID | CMN_GRPID | CMN_ACCESSMASK | CMN_FLAGS;
    if ((al->commonattr & ~can) || al->fileattr) {
        errno = D_ENOTSUP; /* see the comment at the top */
        return -1;
    }
    /* The values, in bit order: MODTIME (16), ACCTIME (16), OWNERID, GRPID, ACCESSMASK, FLAGS (4). */
    const uint8_t *p = buf, *end = p + size;
    struct timespec ts[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    int64_t t[2];
    uint32_t uid = (uint32_t)-1, gid = (uint32_t)-1, mode = 0, flags = 0;
    bool set_mode = false;
#define TAKE(dst, n)                        \
    do {                                    \
        if (p + (n) > end) {                \
            errno = D_EINVAL;                     \
            return -1;                      \
        }                                   \
        memcpy((dst), p, (n));              \
        p += (n);                           \
    } while (0)
    if (al->commonattr & CMN_MODTIME) {
        TAKE(t, 16);
        ts[1].tv_sec = t[0];
        ts[1].tv_nsec = t[1];
    }
    if (al->commonattr & CMN_ACCTIME) {
        TAKE(t, 16);
        ts[0].tv_sec = t[0];
        ts[0].tv_nsec = t[1];
    }
    if (al->commonattr & CMN_OWNERID)
        TAKE(&uid, 4);
    if (al->commonattr & CMN_GRPID)
        TAKE(&gid, 4);
    if (al->commonattr & CMN_ACCESSMASK) {
        TAKE(&mode, 4);
        set_mode = true;
    }
    if (al->commonattr & CMN_FLAGS)
        TAKE(&flags, 4);
#undef TAKE
    if (flags) {
        errno = D_ENOTSUP;
        return -1;
    }
    bool nofollow = (opts & FSOPT_NOFOLLOW) != 0;
    const char *pp = path ? path : "";
    int atfl = (path ? 0 : AT_EMPTY_PATH) | (nofollow ? AT_SYMLINK_NOFOLLOW : 0);
    if ((uid != (uint32_t)-1 || gid != (uint32_t)-1) && fchownat(dirfd, pp, uid, gid, atfl) < 0)
        return dret(-1);
    if (set_mode) {
        int r = path ? fchmodat(dirfd, path, mode & 07777, nofollow ? AT_SYMLINK_NOFOLLOW : 0) : fchmod(dirfd, mode & 07777);
        if (r < 0)
            return dret(-1);
    }
    if (al->commonattr & (CMN_MODTIME | CMN_ACCTIME)) {
        int r = path ? utimensat(dirfd, path, ts, nofollow ? AT_SYMLINK_NOFOLLOW : 0) : futimens(dirfd, ts);
        if (r < 0)
            return dret(-1);
    }
    return 0;
}

static int d_setattrlist(const char *path, const struct d_attrlist *al, const void *buf, size_t size, unsigned opts)
{
    return do_setattrlist(AT_FDCWD, path, al, buf, size, opts);
}
static int d_fsetattrlist(int fd, const struct d_attrlist *al, const void *buf, size_t size, unsigned opts)
{
    return do_setattrlist(fd, NULL, al, buf, size, opts);
}
static int d_setattrlistat(int fd, const char *path, const struct d_attrlist *al, const void *buf, size_t size,
                           uint32_t opts)
{
    return do_setattrlist(fd == -2 ? AT_FDCWD : fd, path, al, buf, size, opts);
}
DARWIN_EXPORT_PARTIAL("_setattrlist", d_setattrlist);
DARWIN_EXPORT_PARTIAL("_fsetattrlist", d_fsetattrlist);
DARWIN_EXPORT_PARTIAL("_setattrlistat", d_setattrlistat);
