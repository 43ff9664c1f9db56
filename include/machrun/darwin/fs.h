/*
 * fs.h — the file-call helpers libsystem_kernel/fs_core.c shares with libsystem_c's wrappers
 * built on them (creat, utime/lutimes, lchflags).
 */
#ifndef MACHRUN_DARWIN_FS_H
#define MACHRUN_DARWIN_FS_H

#include <stdint.h>
#include <sys/time.h>
#include <sys/types.h>

/* openat with Darwin's open flags and AT_FDCWD (-2); -1 with the Darwin errno. */
int darwin_openat(int dirfd, const char *path, int dflags, mode_t mode);

/* struct timeval with Darwin's 32-bit tv_usec */
struct d_timeval {
    int64_t sec;
    int32_t usec, pad_;
};
/* Darwin's timeval pair to Linux's; 0 (use the current time) for NULL. */
int darwin_times_from(const struct d_timeval *tv, struct timeval out[2]);

/* chflags: clearing all BSD file flags succeeds, setting any is ENOTSUP. */
int darwin_chflags(const char *p, uint32_t flags);

#endif
