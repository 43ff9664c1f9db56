/*
 * ulock.c — __ulock_wait, __ulock_wait2 and __ulock_wake (libsystem_kernel), the private
 * address-wait system calls of Darwin, on Linux futexes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "machrun/darwin/futex.h"
#include "machrun/darwin/private.h"

/* __ulock_wait(operation, addr, value, timeout_us): operations UL_COMPARE_AND_WAIT 1,
 * UL_UNFAIR_LOCK 2, UL_COMPARE_AND_WAIT64 5 (low byte), flags ULF_WAKE_ALL 0x100,
 * ULF_WAKE_THREAD 0x200, ULF_NO_ERRNO 0x1000000. Returns >= 0, or -1 with errno (or -errno
 * with ULF_NO_ERRNO). Waits on the low 32 bits of the value (futexes are 32-bit). */
static int ulock_ret(uint32_t op, int e)
{
    if (op & 0x1000000)
        return -e;
    errno = e;
    return -1;
}
static int d___ulock_wait2(uint32_t op, void *addr, uint64_t value, uint64_t timeout_ns, uint64_t value2)
{
    (void)value2;
    if (!addr)
        return ulock_ret(op, D_EINVAL);
    struct timespec ts = { (time_t)(timeout_ns / 1000000000ull), (long)(timeout_ns % 1000000000ull) };
    int r = futex(addr, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, (uint32_t)value, timeout_ns ? &ts : NULL, 0);
    if (r < 0) {
        if (errno == EAGAIN)
            return 0; /* the value had changed: not an error for ulock */
        if (errno == ETIMEDOUT)
            return ulock_ret(op, D_ETIMEDOUT);
        if (errno == EINTR)
            return ulock_ret(op, D_EINTR);
        return ulock_ret(op, darwin_errno_from_linux(errno));
    }
    return 0;
}
static int d___ulock_wait(uint32_t op, void *addr, uint64_t value, uint32_t timeout_us)
{
    return d___ulock_wait2(op, addr, value, (uint64_t)timeout_us * 1000ull, 0);
}
static int d___ulock_wake(uint32_t op, void *addr, uint64_t wake_value)
{
    (void)wake_value;
    if (!addr)
        return ulock_ret(op, D_EINVAL);
    int n = (op & 0x100) ? INT_MAX : 1;
    int r = futex(addr, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, (uint32_t)n, NULL, 0);
    if (r < 0)
        return ulock_ret(op, darwin_errno_from_linux(errno));
    if (r == 0)
        return ulock_ret(op, 2); /* ENOENT: nobody was waiting, as Darwin reports */
    return 0;
}
DARWIN_EXPORT("___ulock_wait", d___ulock_wait);
DARWIN_EXPORT("___ulock_wait2", d___ulock_wait2);
DARWIN_EXPORT("___ulock_wake", d___ulock_wake);
