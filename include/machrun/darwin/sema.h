/* sema.h — the futex counting semaphore (libsystem_kernel/semaphore.c) under both Mach
 * semaphores and dispatch semaphores (libdispatch/dispatch_semaphore.c). */
#ifndef MACHRUN_DARWIN_SEMA_H
#define MACHRUN_DARWIN_SEMA_H

#include <stdint.h>
#include <time.h>

struct sema {
    _Atomic int32_t value;
    _Atomic uint32_t waiters;
};

struct sema *sema_new(long v);
void sema_signal(struct sema *s);
/* Returns 0, or ETIMEDOUT (Linux) when the absolute CLOCK_MONOTONIC deadline passes (NULL:
 * none). */
int sema_wait(struct sema *s, const struct timespec *deadline);
/* CLOCK_MONOTONIC in nanoseconds: mach_absolute_time's clock, that dispatch_time and
 * semaphore_timedwait count in. */
uint64_t sema_mono_now(void);

#endif
