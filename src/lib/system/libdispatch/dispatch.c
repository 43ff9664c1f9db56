/*
 * dispatch.c — libdispatch's queues and groups, as far as command-line programs use them
 * (FSEventStreamSetDispatchQueue, work handed to a queue, waiting on a group). Blocks handed
 * to a queue are copied and released with the Blocks runtime (libsystem_blocks/blocks.c).
 *
 * Queues: a serial queue runs its items one at a time, in order, on a thread of its own; a
 * concurrent queue (DISPATCH_QUEUE_CONCURRENT, the global queues) on up to as many threads as
 * there are CPUs. The main queue's items run on the main thread's CFRunLoop (cf_runloop.c),
 * as on Darwin, so dispatch_main() and CFRunLoopRun() on the main thread serve it.
 * dispatch_sync waits for its item; dispatch_after runs one after a delay; groups count work
 * in flight. Partial: target queues, QoS and suspension are accepted and ignored (a suspended
 * queue keeps running), and dispatch sources, I/O and data objects are not implemented.
 * dispatch_release/dispatch_retain also take the semaphores of dispatch_semaphore.c.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "machrun/darwin/blocks.h"
#include "machrun/darwin/cf.h"
#include "machrun/darwin/dispatch.h"
#include "machrun/darwin/kern_return.h"
#include "machrun/darwin/private.h"
#include "machrun/darwin/qos.h"

/* ---- queues ---- */
#define DQ_MAGIC 0x44515545u /* "DQUE" */
#define DG_MAGIC 0x44475250u /* "DGRP" */

struct item { struct item *next; void (*fn)(void *); void *ctx; struct group *group; };

struct queue {
    uint32_t magic;
    int refs;
    char label[64];
    bool concurrent, global, main;
    int width, threads, idle;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct item *head, *tail;
};

struct group {
    uint32_t magic;
    int refs;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    long count;
    struct item *notify;
    struct queue *notify_q;
};

static void group_leave(struct group *g);
static void enqueue(struct queue *q, void (*fn)(void *), void *ctx, struct group *g);

static void *worker(void *arg)
{
    struct queue *q = arg;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        while (!q->head) {
            q->idle++;
            struct timespec t;
            clock_gettime(CLOCK_REALTIME, &t);
            t.tv_sec += 5; /* an idle worker goes away after a while, as GCD's do */
            int rc = pthread_cond_timedwait(&q->cv, &q->mu, &t);
            q->idle--;
            if (rc && !q->head) {
                q->threads--;
                pthread_mutex_unlock(&q->mu);
                return NULL;
            }
        }
        struct item *it = q->head;
        q->head = it->next;
        if (!q->head)
            q->tail = NULL;
        pthread_mutex_unlock(&q->mu);
        it->fn(it->ctx);
        if (it->group)
            group_leave(it->group);
        free(it);
        pthread_mutex_lock(&q->mu);
    }
}

static void run_main_item(void *arg)
{
    struct item *it = arg;
    it->fn(it->ctx);
    if (it->group)
        group_leave(it->group);
    free(it);
}

static void enqueue(struct queue *q, void (*fn)(void *), void *ctx, struct group *g)
{
    struct item *it = malloc(sizeof *it);
    if (!it)
        abort(); /* libdispatch crashes on allocation failure too */
    *it = (struct item){ NULL, fn, ctx, g };
    if (q->main) {
        cf_runloop_post(cf_main_runloop(), run_main_item, it);
        return;
    }
    pthread_mutex_lock(&q->mu);
    if (q->tail)
        q->tail->next = it;
    else
        q->head = it;
    q->tail = it;
    bool spawn = q->idle == 0 && q->threads < q->width;
    if (spawn)
        q->threads++;
    pthread_cond_signal(&q->cv);
    pthread_mutex_unlock(&q->mu);
    if (spawn) {
        pthread_t t;
        pthread_attr_t a;
        pthread_attr_init(&a);
        pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&t, &a, worker, q) != 0) {
            pthread_mutex_lock(&q->mu);
            q->threads--;
            pthread_mutex_unlock(&q->mu);
        }
        pthread_attr_destroy(&a);
    }
}

static void queue_init(struct queue *q, const char *label, bool concurrent)
{
    memset(q, 0, sizeof *q);
    q->magic = DQ_MAGIC;
    q->refs = CF_STATIC_REFS;
    snprintf(q->label, sizeof q->label, "%s", label ? label : "");
    q->concurrent = concurrent;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    q->width = concurrent ? (n > 0 ? (int)n : 2) : 1;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cv, NULL);
}

/* The main queue is a variable, _dispatch_main_q (dispatch_get_main_queue() is its address). */
struct queue d__dispatch_main_q;
DARWIN_EXPORT_DATA("__dispatch_main_q", d__dispatch_main_q);
static uint8_t d__dispatch_queue_attr_concurrent[64];
DARWIN_EXPORT_DATA("__dispatch_queue_attr_concurrent", d__dispatch_queue_attr_concurrent);

static struct queue global_qs[6];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static void init_queues(void)
{
    static const char *const names[6] = { "com.apple.root.background-qos", "com.apple.root.utility-qos",
                                          "com.apple.root.default-qos", "com.apple.root.user-initiated-qos",
                                          "com.apple.root.user-interactive-qos", "com.apple.root.default-qos.overcommit" };
    for (int i = 0; i < 6; i++) {
        queue_init(&global_qs[i], names[i], true);
        global_qs[i].global = true;
    }
    if (d__dispatch_main_q.magic != DQ_MAGIC) {
        queue_init(&d__dispatch_main_q, "com.apple.main-thread", false);
        d__dispatch_main_q.main = true;
    }
}

static struct queue *q_of(void *p)
{
    pthread_once(&once, init_queues);
    struct queue *q = p;
    return q && q->magic == DQ_MAGIC ? q : NULL;
}

/* <dispatch/queue.h> dispatch_queue_priority_t, the identifiers before QoS classes. */
#define DISPATCH_QUEUE_PRIORITY_HIGH 2
#define DISPATCH_QUEUE_PRIORITY_LOW (-2)
#define DISPATCH_QUEUE_PRIORITY_BACKGROUND INT16_MIN

static struct queue *d_dispatch_get_global_queue(long identifier, unsigned long flags)
{
    (void)flags;
    pthread_once(&once, init_queues);
    switch (identifier) {
    case DISPATCH_QUEUE_PRIORITY_BACKGROUND:
    case D_QOS_CLASS_BACKGROUND: return &global_qs[0];
    case DISPATCH_QUEUE_PRIORITY_LOW:
    case D_QOS_CLASS_UTILITY: return &global_qs[1];
    case DISPATCH_QUEUE_PRIORITY_HIGH:
    case D_QOS_CLASS_USER_INITIATED: return &global_qs[3];
    case D_QOS_CLASS_USER_INTERACTIVE: return &global_qs[4];
    default: return &global_qs[2];
    }
}
DARWIN_EXPORT("_dispatch_get_global_queue", d_dispatch_get_global_queue);

static struct queue *d_dispatch_queue_create(const char *label, const void *attr)
{
    pthread_once(&once, init_queues);
    struct queue *q = malloc(sizeof *q);
    if (!q)
        return NULL;
    /* attr: NULL (serial), &_dispatch_queue_attr_concurrent, or one made from them by
     * dispatch_queue_attr_make_with_* (which return the attribute they are given). */
    queue_init(q, label, attr == d__dispatch_queue_attr_concurrent);
    q->refs = 1;
    return q;
}
DARWIN_EXPORT("_dispatch_queue_create", d_dispatch_queue_create);
DARWIN_EXPORT("_dispatch_queue_create_with_target$V2", d_dispatch_queue_create);

static const void *d_dispatch_queue_attr_make_with_qos_class(const void *attr, unsigned qos, int rel)
{
    (void)qos;
    (void)rel;
    return attr;
}
static const void *d_dispatch_queue_attr_make_with_autorelease_frequency(const void *attr, unsigned long f)
{
    (void)f;
    return attr;
}
DARWIN_EXPORT_PARTIAL("_dispatch_queue_attr_make_with_qos_class", d_dispatch_queue_attr_make_with_qos_class);
DARWIN_EXPORT_PARTIAL("_dispatch_queue_attr_make_with_autorelease_frequency", d_dispatch_queue_attr_make_with_autorelease_frequency);

static const char *d_dispatch_queue_get_label(void *p)
{
    struct queue *q = q_of(p);
    return q ? q->label : "";
}
DARWIN_EXPORT("_dispatch_queue_get_label", d_dispatch_queue_get_label);

static void d_dispatch_set_target_queue(void *o, void *t) { (void)o; (void)t; }
static void d_dispatch_suspend(void *o) { (void)o; }
static void d_dispatch_resume(void *o) { (void)o; }
static void d_dispatch_activate(void *o) { (void)o; }
DARWIN_EXPORT_PARTIAL("_dispatch_set_target_queue", d_dispatch_set_target_queue);
DARWIN_EXPORT_PARTIAL("_dispatch_suspend", d_dispatch_suspend);
DARWIN_EXPORT_PARTIAL("_dispatch_resume", d_dispatch_resume);
DARWIN_EXPORT("_dispatch_activate", d_dispatch_activate);

/* For other areas (coreservices.c): hand fn(ctx) to a dispatch queue; false if p is none. */
bool darwin_dispatch_async(void *p, void (*fn)(void *), void *ctx)
{
    struct queue *q = q_of(p);
    if (!q)
        return false;
    enqueue(q, fn, ctx, NULL);
    return true;
}

static void d_dispatch_async_f(void *p, void *ctx, void (*fn)(void *))
{
    struct queue *q = q_of(p);
    if (q && fn)
        enqueue(q, fn, ctx, NULL);
}
DARWIN_EXPORT("_dispatch_async_f", d_dispatch_async_f);

static void call_block(void *b)
{
    ((void (*)(void *))((struct block *)b)->invoke)(b);
    d__Block_release(b);
}

static void d_dispatch_async(void *p, void *block)
{
    struct queue *q = q_of(p);
    void *b = d__Block_copy(block);
    if (q && b)
        enqueue(q, call_block, b, NULL);
}
DARWIN_EXPORT("_dispatch_async", d_dispatch_async);

struct sync_wait { void (*fn)(void *); void *ctx; pthread_mutex_t mu; pthread_cond_t cv; bool done; };
static void sync_run(void *arg)
{
    struct sync_wait *w = arg;
    w->fn(w->ctx);
    pthread_mutex_lock(&w->mu);
    w->done = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

static void d_dispatch_sync_f(void *p, void *ctx, void (*fn)(void *))
{
    struct queue *q = q_of(p);
    if (!q || !fn)
        return;
    if (q->concurrent || (q->main && gettid() == getpid())) {
        fn(ctx); /* a concurrent queue runs it here, as libdispatch does; the main queue from main */
        return;
    }
    struct sync_wait w = { fn, ctx, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false };
    enqueue(q, sync_run, &w, NULL);
    pthread_mutex_lock(&w.mu);
    while (!w.done)
        pthread_cond_wait(&w.cv, &w.mu);
    pthread_mutex_unlock(&w.mu);
}
DARWIN_EXPORT("_dispatch_sync_f", d_dispatch_sync_f);
DARWIN_EXPORT("_dispatch_barrier_sync_f", d_dispatch_sync_f); /* serial queues only: partial for concurrent */

static void invoke_block(void *b) { ((void (*)(void *))((struct block *)b)->invoke)(b); }
static void d_dispatch_sync(void *p, void *block) { d_dispatch_sync_f(p, block, invoke_block); }
DARWIN_EXPORT("_dispatch_sync", d_dispatch_sync);
DARWIN_EXPORT("_dispatch_barrier_sync", d_dispatch_sync);

static void d_dispatch_barrier_async_f(void *p, void *ctx, void (*fn)(void *)) { d_dispatch_async_f(p, ctx, fn); }
static void d_dispatch_barrier_async(void *p, void *block) { d_dispatch_async(p, block); }
DARWIN_EXPORT_PARTIAL("_dispatch_barrier_async_f", d_dispatch_barrier_async_f);
DARWIN_EXPORT_PARTIAL("_dispatch_barrier_async", d_dispatch_barrier_async);

/* dispatch_after: a thread sleeps until the time and hands the item to the queue. */
struct after { uint64_t when; struct queue *q; void (*fn)(void *); void *ctx; };
static uint64_t now_ns(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}
static void *after_thread(void *arg)
{
    struct after *a = arg;
    /* dispatch_time_t (pthread_core.c): monotonic nanoseconds, or negative for wall time. */
    int64_t w = (int64_t)a->when;
    uint64_t target = w < 0 ? (uint64_t)(-w) : a->when;
    clockid_t c = w < 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC;
    uint64_t n = now_ns(c);
    if (target > n) {
        struct timespec d = { (time_t)((target - n) / 1000000000ull), (long)((target - n) % 1000000000ull) };
        while (nanosleep(&d, &d) != 0)
            ;
    }
    enqueue(a->q, a->fn, a->ctx, NULL);
    free(a);
    return NULL;
}
static void d_dispatch_after_f(uint64_t when, void *p, void *ctx, void (*fn)(void *))
{
    struct queue *q = q_of(p);
    if (!q || !fn || when == ~0ull)
        return;
    struct after *a = malloc(sizeof *a);
    if (!a)
        return;
    *a = (struct after){ when, q, fn, ctx };
    pthread_t t;
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &at, after_thread, a) != 0)
        free(a);
    pthread_attr_destroy(&at);
}
DARWIN_EXPORT("_dispatch_after_f", d_dispatch_after_f);
static void d_dispatch_after(uint64_t when, void *p, void *block)
{
    void *b = d__Block_copy(block);
    if (b)
        d_dispatch_after_f(when, p, b, call_block);
}
DARWIN_EXPORT("_dispatch_after", d_dispatch_after);

/* dispatch_main: the main thread serves the main queue for ever. */
static void d_dispatch_main(void)
{
    pthread_once(&once, init_queues);
    cf_runloop_serve_forever(cf_main_runloop());
    exit(0);
}
DARWIN_EXPORT("_dispatch_main", d_dispatch_main);

/* ---- groups ---- */
static struct group *g_of(void *p) { struct group *g = p; return g && g->magic == DG_MAGIC ? g : NULL; }

static struct group *d_dispatch_group_create(void)
{
    struct group *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->magic = DG_MAGIC;
    g->refs = 1;
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->cv, NULL);
    return g;
}
DARWIN_EXPORT("_dispatch_group_create", d_dispatch_group_create);

static void d_dispatch_group_enter(void *p)
{
    struct group *g = g_of(p);
    if (!g)
        return;
    pthread_mutex_lock(&g->mu);
    g->count++;
    pthread_mutex_unlock(&g->mu);
}
DARWIN_EXPORT("_dispatch_group_enter", d_dispatch_group_enter);

static void group_leave(struct group *g)
{
    pthread_mutex_lock(&g->mu);
    struct item *notify = NULL;
    struct queue *nq = NULL;
    if (--g->count <= 0) {
        g->count = 0;
        pthread_cond_broadcast(&g->cv);
        notify = g->notify;
        nq = g->notify_q;
        g->notify = NULL;
    }
    pthread_mutex_unlock(&g->mu);
    for (struct item *it = notify, *n; it; it = n) {
        n = it->next;
        enqueue(nq, it->fn, it->ctx, NULL);
        free(it);
    }
}
static void d_dispatch_group_leave(void *p)
{
    struct group *g = g_of(p);
    if (g)
        group_leave(g);
}
DARWIN_EXPORT("_dispatch_group_leave", d_dispatch_group_leave);

static void d_dispatch_group_async_f(void *gp, void *p, void *ctx, void (*fn)(void *))
{
    struct group *g = g_of(gp);
    struct queue *q = q_of(p);
    if (!q || !fn)
        return;
    if (g)
        d_dispatch_group_enter(g);
    enqueue(q, fn, ctx, g);
}
DARWIN_EXPORT("_dispatch_group_async_f", d_dispatch_group_async_f);
static void d_dispatch_group_async(void *gp, void *p, void *block)
{
    void *b = d__Block_copy(block);
    if (b)
        d_dispatch_group_async_f(gp, p, b, call_block);
}
DARWIN_EXPORT("_dispatch_group_async", d_dispatch_group_async);

/* Returns 0, or non-zero when the timeout (a dispatch_time_t) passed first. */
static long d_dispatch_group_wait(void *p, uint64_t timeout)
{
    struct group *g = g_of(p);
    if (!g)
        return 0;
    pthread_mutex_lock(&g->mu);
    long r = 0;
    while (g->count > 0) {
        if (timeout == ~0ull) {
            pthread_cond_wait(&g->cv, &g->mu);
            continue;
        }
        int64_t w = (int64_t)timeout;
        uint64_t left_target = w < 0 ? (uint64_t)(-w) : timeout;
        uint64_t n = now_ns(w < 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC);
        if (timeout == 0 || left_target <= n) {
            r = KERN_OPERATION_TIMED_OUT; /* what libdispatch returns */
            break;
        }
        uint64_t abs_rt = now_ns(CLOCK_REALTIME) + (left_target - n);
        struct timespec t = { (time_t)(abs_rt / 1000000000ull), (long)(abs_rt % 1000000000ull) };
        pthread_cond_timedwait(&g->cv, &g->mu, &t);
    }
    pthread_mutex_unlock(&g->mu);
    return r;
}
DARWIN_EXPORT("_dispatch_group_wait", d_dispatch_group_wait);

static void d_dispatch_group_notify_f(void *gp, void *p, void *ctx, void (*fn)(void *))
{
    struct group *g = g_of(gp);
    struct queue *q = q_of(p);
    if (!g || !q || !fn)
        return;
    pthread_mutex_lock(&g->mu);
    if (g->count == 0) {
        pthread_mutex_unlock(&g->mu);
        enqueue(q, fn, ctx, NULL);
        return;
    }
    struct item *it = malloc(sizeof *it);
    if (it) {
        *it = (struct item){ g->notify, fn, ctx, NULL };
        g->notify = it;
        g->notify_q = q;
    }
    pthread_mutex_unlock(&g->mu);
}
DARWIN_EXPORT("_dispatch_group_notify_f", d_dispatch_group_notify_f);
static void d_dispatch_group_notify(void *gp, void *p, void *block)
{
    void *b = d__Block_copy(block);
    if (b)
        d_dispatch_group_notify_f(gp, p, b, call_block);
}
DARWIN_EXPORT("_dispatch_group_notify", d_dispatch_group_notify);

/* ---- dispatch_once, retain/release ---- */
static void d_dispatch_once_f(long *pred, void *ctx, void (*fn)(void *))
{
    /* 0: not run; 1: running; ~0: done (DISPATCH_ONCE's inline check tests for ~0). */
    long v = __atomic_load_n(pred, __ATOMIC_ACQUIRE);
    if (v == ~0L)
        return;
    long zero = 0;
    if (__atomic_compare_exchange_n(pred, &zero, 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        fn(ctx);
        __atomic_store_n(pred, ~0L, __ATOMIC_RELEASE);
        return;
    }
    while (__atomic_load_n(pred, __ATOMIC_ACQUIRE) != ~0L)
        sched_yield();
}
DARWIN_EXPORT("_dispatch_once_f", d_dispatch_once_f);
static void d_dispatch_once(long *pred, void *block) { d_dispatch_once_f(pred, block, invoke_block); }
DARWIN_EXPORT("_dispatch_once", d_dispatch_once);

static void d_dispatch_retain(void *o)
{
    struct queue *q = q_of(o);
    struct group *g = g_of(o);
    if (q && q->refs < CF_STATIC_REFS)
        __atomic_add_fetch(&q->refs, 1, __ATOMIC_RELAXED);
    else if (g)
        __atomic_add_fetch(&g->refs, 1, __ATOMIC_RELAXED);
    /* semaphores (dispatch_semaphore.c) are not counted: released once */
}
DARWIN_EXPORT_PARTIAL("_dispatch_retain", d_dispatch_retain);

/* A queue released for the last time is kept (its workers may still be running its last
 * items; they exit when idle): a few hundred bytes per queue, not reclaimed. */
static void d_dispatch_release(void *o)
{
    if (!o)
        return;
    struct queue *q = q_of(o);
    if (q) {
        if (q->refs < CF_STATIC_REFS)
            __atomic_sub_fetch(&q->refs, 1, __ATOMIC_RELAXED);
        return;
    }
    struct group *g = g_of(o);
    if (g) {
        if (__atomic_sub_fetch(&g->refs, 1, __ATOMIC_ACQ_REL) == 0) {
            g->magic = 0;
            free(g);
        }
        return;
    }
    free(o); /* a dispatch_semaphore_t */
}
DARWIN_EXPORT_PARTIAL("_dispatch_release", d_dispatch_release);
