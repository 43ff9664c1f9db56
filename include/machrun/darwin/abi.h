/*
 * abi.h — translations between Darwin and Linux values that more than one area of the built-in libraries
 * needs. Each function is implemented by the area that owns the table (named below); the
 * tables themselves are declarative (one row per value) and both directions come from them.
 */
#ifndef MACHRUN_DARWIN_ABI_H
#define MACHRUN_DARWIN_ABI_H

#include <stdint.h>

/* Signals (signal.c): numbers and 32-bit Darwin sigset_t. 0 when there is no equivalent. */
int darwin_sig_from_linux(int linux_sig);
int linux_sig_from_darwin(int darwin_sig);
uint32_t darwin_sigset_from_linux(const void *linux_sigset);       /* const sigset_t * */
void linux_sigset_from_darwin(uint32_t darwin_set, void *linux_sigset); /* sigset_t * */
/* A wait status (waitpid) with the Linux signal number in it, re-encoded with Darwin's. */
int darwin_wait_status_from_linux(int status);

/* Files (file.c): open(2) flags and the struct stat conversion. */
int linux_open_flags_from_darwin(int darwin_flags);
int darwin_open_flags_from_linux(int linux_flags);
struct stat;
void darwin_stat64_from_linux(const struct stat *st, void *darwin_stat64); /* struct stat (INODE64) */

/* Threads (pthread.c): the Darwin pthread_t of the calling thread, and set-up of a thread that
 * machrun itself creates for guest code (TSD and %gs). */
void *darwin_pthread_self(void);

#endif
