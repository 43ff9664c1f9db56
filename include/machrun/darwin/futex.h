/* futex.h — the futex(2) system call (glibc has no wrapper), for the futex-based locks and
 * waits of pthread_core.c, os_unfair_lock, __ulock_wait/__ulock_wake and the semaphores. */
#ifndef MACHRUN_DARWIN_FUTEX_H
#define MACHRUN_DARWIN_FUTEX_H

#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static inline int futex(_Atomic uint32_t *addr, int op, uint32_t val, const struct timespec *ts, uint32_t bits)
{
    return (int)syscall(SYS_futex, addr, op, val, ts, NULL, bits);
}

#endif
