/*
 * os_unfair_lock.c — os_unfair_lock (libsystem_platform): a 32-bit word holding the owner's
 * thread ID (0 when unlocked), waited on with a futex.
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

static void d_os_unfair_lock_lock(_Atomic uint32_t *l)
{
    uint32_t me = (uint32_t)gettid(), z = 0;
    while (!atomic_compare_exchange_weak_explicit(l, &z, me, memory_order_acquire, memory_order_relaxed)) {
        uint32_t cur = z;
        if (cur)
            futex(l, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, cur, NULL, 0);
        z = 0;
    }
}
static bool d_os_unfair_lock_trylock(_Atomic uint32_t *l)
{
    uint32_t z = 0;
    return atomic_compare_exchange_strong_explicit(l, &z, (uint32_t)gettid(), memory_order_acquire,
                                                   memory_order_relaxed);
}
static void d_os_unfair_lock_unlock(_Atomic uint32_t *l)
{
    atomic_store_explicit(l, 0, memory_order_release);
    futex(l, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, 0);
}
static void d_os_unfair_lock_assert_owner(_Atomic uint32_t *l)
{
    if (atomic_load(l) != (uint32_t)gettid()) {
        fputs("machrun: os_unfair_lock_assert_owner: lock not owned by the current thread\n", stderr);
        abort();
    }
}
static void d_os_unfair_lock_assert_not_owner(_Atomic uint32_t *l)
{
    if (atomic_load(l) == (uint32_t)gettid()) {
        fputs("machrun: os_unfair_lock_assert_not_owner: lock owned by the current thread\n", stderr);
        abort();
    }
}
DARWIN_EXPORT("_os_unfair_lock_lock", d_os_unfair_lock_lock);
DARWIN_EXPORT("_os_unfair_lock_lock_with_options", d_os_unfair_lock_lock);
DARWIN_EXPORT("_os_unfair_lock_trylock", d_os_unfair_lock_trylock);
DARWIN_EXPORT("_os_unfair_lock_unlock", d_os_unfair_lock_unlock);
DARWIN_EXPORT("_os_unfair_lock_assert_owner", d_os_unfair_lock_assert_owner);
DARWIN_EXPORT("_os_unfair_lock_assert_not_owner", d_os_unfair_lock_assert_not_owner);
