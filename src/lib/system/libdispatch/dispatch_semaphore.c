/*
 * dispatch_semaphore.c — dispatch_time and dispatch semaphores (libdispatch), on the futex
 * counting semaphore of libsystem_kernel/semaphore.c. A dispatch_semaphore_t is a struct
 * sema; dispatch_release (dispatch.c) frees it.
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

#include "machrun/darwin/private.h"
#include "machrun/darwin/sema.h"

/* dispatch_time_t: nanoseconds of mach_absolute_time (CLOCK_MONOTONIC, sema_mono_now);
 * FOREVER ~0; NOW 0. Walltime values (negative) are converted from CLOCK_REALTIME. */
static uint64_t d_dispatch_time(uint64_t when, int64_t delta)
{
    if (when == ~0ull)
        return when;
    uint64_t base = when == 0 ? sema_mono_now() : when;
    if (delta < 0 && (uint64_t)-delta > base)
        return 1;
    return base + (uint64_t)delta;
}
DARWIN_EXPORT("_dispatch_time", d_dispatch_time);

static void *d_dispatch_semaphore_create(long value)
{
    if (value < 0)
        return NULL;
    return sema_new(value);
}
static long d_dispatch_semaphore_signal(void *s)
{
    struct sema *x = s;
    bool woke = atomic_load(&x->waiters) != 0;
    sema_signal(x);
    return woke;
}
static long d_dispatch_semaphore_wait(void *s, uint64_t timeout)
{
    if (timeout == ~0ull)
        return sema_wait(s, NULL);
    struct timespec d = { (time_t)(timeout / 1000000000ull), (long)(timeout % 1000000000ull) };
    if (timeout == 0) {
        struct sema *x = s;
        int32_t v = atomic_load(&x->value);
        while (v > 0)
            if (atomic_compare_exchange_weak(&x->value, &v, v - 1))
                return 0;
        return 1;
    }
    return sema_wait(s, &d) ? 1 : 0;
}
/* dispatch_release/dispatch_retain: dispatch.c (they also take these semaphores). */
DARWIN_EXPORT("_dispatch_semaphore_create", d_dispatch_semaphore_create);
DARWIN_EXPORT("_dispatch_semaphore_signal", d_dispatch_semaphore_signal);
DARWIN_EXPORT("_dispatch_semaphore_wait", d_dispatch_semaphore_wait);
