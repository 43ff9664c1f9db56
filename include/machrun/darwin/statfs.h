/*
 * statfs.h — Darwin's $INODE64 struct statfs, shared by statfs/getfsstat
 * (libsystem_kernel/statfs.c) and getmntinfo (libsystem_c/getmntinfo.c).
 */
#ifndef MACHRUN_DARWIN_STATFS_H
#define MACHRUN_DARWIN_STATFS_H

#include <stdint.h>

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

/* getfsstat(buf, bufsize, mode): one struct per mount; libsystem_kernel/statfs.c. */
int d_getfsstat64(struct d_statfs64 *buf, int bufsize, int mode);

#endif
