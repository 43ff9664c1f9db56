/*
 * pathconf.c — pathconf(2) and fpathconf(2) with Darwin's _PC_ numbers (one table, the
 * Darwin-only names answered as Linux file systems are: case sensitive and preserving);
 * libsystem_kernel exports them on macOS. Partial: _PC_EXTENDED_SECURITY_NP,
 * _PC_AUTH_OPAQUE_NP, _PC_XATTR_SIZE_BITS and _PC_MIN_HOLE_SIZE answer -1 with EINVAL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

static const struct {
    int darwin, linux_; /* linux_ -1: answered here (value), -2: not available */
    long value;
} pc_table[] = {
    { 1, _PC_LINK_MAX, 0 },          { 2, _PC_MAX_CANON, 0 },       { 3, _PC_MAX_INPUT, 0 },
    { 4, _PC_NAME_MAX, 0 },          { 5, _PC_PATH_MAX, 0 },        { 6, _PC_PIPE_BUF, 0 },
    { 7, _PC_CHOWN_RESTRICTED, 0 },  { 8, _PC_NO_TRUNC, 0 },        { 9, _PC_VDISABLE, 0 },
    { 10, -1, 255 },                 /* _PC_NAME_CHARS_MAX */
    { 11, -1, 1 },                   /* _PC_CASE_SENSITIVE */
    { 12, -1, 1 },                   /* _PC_CASE_PRESERVING */
    { 13, -2, 0 },                   /* _PC_EXTENDED_SECURITY_NP */
    { 14, -2, 0 },                   /* _PC_AUTH_OPAQUE_NP */
    { 15, _PC_2_SYMLINKS, 0 },       { 16, _PC_ALLOC_SIZE_MIN, 0 }, { 17, _PC_ASYNC_IO, 0 },
    { 18, _PC_FILESIZEBITS, 0 },     { 19, _PC_PRIO_IO, 0 },        { 20, _PC_REC_INCR_XFER_SIZE, 0 },
    { 21, _PC_REC_MAX_XFER_SIZE, 0 }, { 22, _PC_REC_MIN_XFER_SIZE, 0 }, { 23, _PC_REC_XFER_ALIGN, 0 },
    { 24, _PC_SYMLINK_MAX, 0 },      { 25, _PC_SYNC_IO, 0 },
    { 26, -2, 0 },                   /* _PC_XATTR_SIZE_BITS */
    { 27, -2, 0 },                   /* _PC_MIN_HOLE_SIZE */
};

static long do_pathconf(const char *path, int fd, int name)
{
    for (size_t i = 0; i < sizeof pc_table / sizeof pc_table[0]; i++) {
        if (pc_table[i].darwin != name)
            continue;
        if (pc_table[i].linux_ == -2)
            break;
        struct stat st;
        if (pc_table[i].linux_ == -1) {
            if (path ? stat(path, &st) < 0 : fstat(fd, &st) < 0)
                return dretl(-1);
            return pc_table[i].value;
        }
        errno = 0;
        long v = path ? pathconf(path, pc_table[i].linux_) : fpathconf(fd, pc_table[i].linux_);
        if (v < 0 && errno)
            errno = darwin_errno_from_linux(errno);
        return v;
    }
    errno = D_EINVAL;
    return -1;
}

static long d_pathconf(const char *path, int name) { return do_pathconf(path, -1, name); }
static long d_fpathconf(int fd, int name) { return do_pathconf(NULL, fd, name); }
DARWIN_EXPORT_PARTIAL("_pathconf", d_pathconf);
DARWIN_EXPORT_PARTIAL("_fpathconf", d_fpathconf);
