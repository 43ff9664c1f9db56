/*
 * semaphore.c — Mach semaphores (semaphore_create/destroy/signal/signal_all/wait/timedwait,
 * libsystem_kernel), and the futex counting semaphore under them that dispatch semaphores
 * share (sema.h).
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
#include "machrun/darwin/kern_return.h"
#include "machrun/darwin/private.h"
#include "machrun/darwin/sema.h"

/* ---- the futex counter ---- */
struct sema *sema_new(long v)
{
    struct sema *s = calloc(1, sizeof *s);
    if (s)
        atomic_store(&s->value, (int32_t)v);
    return s;
}
void sema_signal(struct sema *s)
{
    atomic_fetch_add(&s->value, 1);
    if (atomic_load(&s->waiters))
        futex((_Atomic uint32_t *)&s->value, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, 0);
}
/* Returns 0, or ETIMEDOUT (Linux) when the absolute monotonic deadline passes. */
int sema_wait(struct sema *s, const struct timespec *deadline)
{
    for (;;) {
        int32_t v = atomic_load(&s->value);
        while (v > 0)
            if (atomic_compare_exchange_weak(&s->value, &v, v - 1))
                return 0;
        atomic_fetch_add(&s->waiters, 1);
        int r = futex((_Atomic uint32_t *)&s->value, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, (uint32_t)v, deadline,
                      FUTEX_BITSET_MATCH_ANY);
        int e = r < 0 ? errno : 0;
        atomic_fetch_sub(&s->waiters, 1);
        if (e == ETIMEDOUT)
            return ETIMEDOUT;
    }
}

uint64_t sema_mono_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

/* Mach semaphores: semaphore_t is a name; machrun hands out the object's address (32 bits
 * would not hold it: names are indices into a table). */
#define MAX_SEMAS 4096
static struct sema *semas[MAX_SEMAS];
static pthread_mutex_t semas_lock = PTHREAD_MUTEX_INITIALIZER;

static int d_semaphore_create(uint32_t task, uint32_t *out, int policy, int value)
{
    (void)task;
    (void)policy;
    pthread_mutex_lock(&semas_lock);
    for (uint32_t i = 1; i < MAX_SEMAS; i++)
        if (!semas[i]) {
            semas[i] = sema_new(value);
            pthread_mutex_unlock(&semas_lock);
            if (!semas[i])
                return KERN_RESOURCE_SHORTAGE;
            *out = i;
            return 0;
        }
    pthread_mutex_unlock(&semas_lock);
    return KERN_RESOURCE_SHORTAGE;
}
static struct sema *sema_of(uint32_t n) { return n > 0 && n < MAX_SEMAS ? semas[n] : NULL; }
static int d_semaphore_destroy(uint32_t task, uint32_t n)
{
    (void)task;
    pthread_mutex_lock(&semas_lock);
    struct sema *s = sema_of(n);
    if (s)
        semas[n] = NULL;
    pthread_mutex_unlock(&semas_lock);
    free(s);
    return s ? KERN_SUCCESS : KERN_INVALID_NAME;
}
static int d_semaphore_signal(uint32_t n)
{
    struct sema *s = sema_of(n);
    if (!s)
        return KERN_INVALID_NAME;
    sema_signal(s);
    return 0;
}
static int d_semaphore_signal_all(uint32_t n)
{
    struct sema *s = sema_of(n);
    if (!s)
        return KERN_INVALID_NAME;
    uint32_t w = atomic_load(&s->waiters);
    for (uint32_t i = 0; i < w; i++)
        sema_signal(s);
    return 0;
}
static int d_semaphore_wait(uint32_t n)
{
    struct sema *s = sema_of(n);
    return s ? (sema_wait(s, NULL), KERN_SUCCESS) : KERN_INVALID_NAME;
}
struct d_mach_timespec {
    uint32_t sec;
    int32_t nsec;
};
static int d_semaphore_timedwait(uint32_t n, struct d_mach_timespec t)
{
    struct sema *s = sema_of(n);
    if (!s)
        return KERN_INVALID_NAME;
    uint64_t dl = sema_mono_now() + (uint64_t)t.sec * 1000000000ull + (uint64_t)t.nsec;
    struct timespec d = { (time_t)(dl / 1000000000ull), (long)(dl % 1000000000ull) };
    return sema_wait(s, &d) ? KERN_OPERATION_TIMED_OUT : KERN_SUCCESS;
}
DARWIN_EXPORT("_semaphore_create", d_semaphore_create);
DARWIN_EXPORT("_semaphore_destroy", d_semaphore_destroy);
DARWIN_EXPORT("_semaphore_signal", d_semaphore_signal);
DARWIN_EXPORT("_semaphore_signal_all", d_semaphore_signal_all);
DARWIN_EXPORT("_semaphore_wait", d_semaphore_wait);
DARWIN_EXPORT("_semaphore_timedwait", d_semaphore_timedwait);
