/*
 * fs.h — the file-call helpers libsystem_kernel/fs_core.c shares with libsystem_c's wrappers
 * built on them (creat, utime/lutimes, lchflags).
 */
#ifndef MACHRUN_DARWIN_FS_H
#define MACHRUN_DARWIN_FS_H

#include <stdint.h>
#include <sys/time.h>
#include <sys/types.h>

/* Darwin's open(2) flags (<sys/fcntl.h>) and *at() flags, where they differ from Linux's. */
#define D_O_NONBLOCK    0x00000004
#define D_O_APPEND      0x00000008
#define D_O_SHLOCK      0x00000010
#define D_O_EXLOCK      0x00000020
#define D_O_ASYNC       0x00000040
#define D_O_SYNC        0x00000080
#define D_O_NOFOLLOW    0x00000100
#define D_O_CREAT       0x00000200
#define D_O_TRUNC       0x00000400
#define D_O_EXCL        0x00000800
#define D_O_EVTONLY     0x00008000
#define D_O_NOCTTY      0x00020000
#define D_O_DIRECTORY   0x00100000
#define D_O_SYMLINK     0x00200000
#define D_O_DSYNC       0x00400000
#define D_O_CLOEXEC     0x01000000
#define D_O_NOFOLLOW_ANY 0x20000000
#define D_AT_FDCWD      (-2)
#define D_AT_EACCESS    0x0010
#define D_AT_SYMLINK_NOFOLLOW 0x0020
#define D_AT_SYMLINK_FOLLOW   0x0040
#define D_AT_REMOVEDIR  0x0080
#define D_RENAME_EXCL   0x00000004 /* renamex_np / renameatx_np */

/* Normalization-insensitive lookups, as APFS's (fs_core.c): whether PATH has non-ASCII
 * bytes, and the spelling of PATH (its NFC, else its NFD form, in BUF) that exists relative
 * to DIRFD (a Linux fd or AT_FDCWD), or PATH itself when neither does. Used only after a
 * lookup failed with ENOENT: open, the stat family and access. */
#include <stdbool.h>
#include <stddef.h>
bool darwin_path_non_ascii(const char *path);
const char *darwin_path_spelling(int dirfd, const char *path, int atflags, char *buf, size_t len);

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
