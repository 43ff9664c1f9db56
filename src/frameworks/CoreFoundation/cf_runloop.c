/*
 * cf_runloop.c — CFRunLoop: one run loop per thread (CFRunLoopGetCurrent; the main thread's
 * is also CFRunLoopGetMain), which runs the work other threads post to it. Its only sources
 * today are FSEvent streams (coreservices.c), which post their callbacks through
 * cf_runloop_post(); CFRunLoopRun returns when the loop is stopped or when no source is
 * scheduled on it any more (kCFRunLoopRunFinished), as CF's does. Modes are accepted but not
 * told apart (every mode is the default mode): partial. CFRunLoopStop before the loop runs
 * is forgotten when it starts, as in CF (callers wait for CFRunLoopIsWaiting first).
 * The main thread's loop also runs the main dispatch queue's work (dispatch.c); custom
 * (version 0) CFRunLoopSources post their perform the same way (cf_runloop_source.c).
 * Timers and observers are not implemented (their imports trap).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "machrun/darwin/cf.h"
#include "machrun/darwin/private.h"

struct rl_item {
    struct rl_item *next;
    void (*fn)(void *);
    void *ctx;
};

struct runloop {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct rl_item *head, *tail;
    int sources;
    int depth;      /* nested CFRunLoopRun calls */
    bool stopped, waiting;
};

static struct cf cf_default_mode = { CF_MAGIC, CF_STRING, CF_STATIC_REFS, 0,
                                     { .data = { (uint8_t *)"kCFRunLoopDefaultMode", 21 } } };
static struct cf cf_common_modes = { CF_MAGIC, CF_STRING, CF_STATIC_REFS, 0,
                                     { .data = { (uint8_t *)"kCFRunLoopCommonModes", 21 } } };
static const void *d_kCFRunLoopDefaultMode = &cf_default_mode;
static const void *d_kCFRunLoopCommonModes = &cf_common_modes;
DARWIN_EXPORT_DATA("_kCFRunLoopDefaultMode", d_kCFRunLoopDefaultMode);
DARWIN_EXPORT_DATA("_kCFRunLoopCommonModes", d_kCFRunLoopCommonModes);

static struct cf *rl_new(void)
{
    struct cf *o = cf_new(CF_RUNLOOP);
    struct runloop *r = calloc(1, sizeof *r);
    if (!o || !r) {
        free(o);
        free(r);
        return NULL;
    }
    pthread_mutex_init(&r->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&r->cv, &ca);
    pthread_condattr_destroy(&ca);
    o->refs = CF_STATIC_REFS; /* a thread's run loop lives as long as the process */
    o->u.ext.p = r;
    return o;
}

static pthread_mutex_t main_mu = PTHREAD_MUTEX_INITIALIZER;
static struct cf *main_rl;
static __thread struct cf *thread_rl;

static struct cf *d_CFRunLoopGetMain(void)
{
    pthread_mutex_lock(&main_mu);
    if (!main_rl)
        main_rl = rl_new();
    pthread_mutex_unlock(&main_mu);
    return main_rl;
}
DARWIN_EXPORT("_CFRunLoopGetMain", d_CFRunLoopGetMain);

struct cf *cf_main_runloop(void) { return d_CFRunLoopGetMain(); }

static struct cf *d_CFRunLoopGetCurrent(void)
{
    if (!thread_rl)
        thread_rl = gettid() == getpid() ? d_CFRunLoopGetMain() : rl_new();
    return thread_rl;
}
DARWIN_EXPORT("_CFRunLoopGetCurrent", d_CFRunLoopGetCurrent);

static struct runloop *rl_of(struct cf *o) { return cf_is(o, CF_RUNLOOP) ? o->u.ext.p : NULL; }

void cf_runloop_sources(struct cf *o, int delta)
{
    struct runloop *r = rl_of(o);
    if (!r)
        return;
    pthread_mutex_lock(&r->mu);
    r->sources += delta;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

bool cf_runloop_post(struct cf *o, void (*fn)(void *), void *ctx)
{
    struct runloop *r = rl_of(o);
    struct rl_item *it = r ? malloc(sizeof *it) : NULL;
    if (!it)
        return false;
    it->next = NULL;
    it->fn = fn;
    it->ctx = ctx;
    pthread_mutex_lock(&r->mu);
    if (r->tail)
        r->tail->next = it;
    else
        r->head = it;
    r->tail = it;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
    return true;
}

enum { RUN_FINISHED = 1, RUN_STOPPED = 2, RUN_TIMED_OUT = 3, RUN_HANDLED_SOURCE = 4 };

/* Run the first item posted to the loop, if any, with the loop unlocked around it (r->mu is
 * held on entry and on return). */
static bool run_one(struct runloop *r)
{
    struct rl_item *it = r->head;
    if (!it)
        return false;
    r->head = it->next;
    if (!r->head)
        r->tail = NULL;
    pthread_mutex_unlock(&r->mu);
    it->fn(it->ctx);
    free(it);
    pthread_mutex_lock(&r->mu);
    return true;
}

static int32_t run(struct runloop *r, double seconds, bool once)
{
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    bool forever = !(seconds < 1e10);
    if (!forever) {
        if (seconds < 0)
            seconds = 0;
        double whole = floor(seconds);
        end.tv_sec += (time_t)whole;
        end.tv_nsec += (long)((seconds - whole) * 1e9);
        if (end.tv_nsec >= 1000000000L) {
            end.tv_sec++;
            end.tv_nsec -= 1000000000L;
        }
    }
    int32_t result;
    pthread_mutex_lock(&r->mu);
    r->stopped = false;
    r->depth++;
    for (;;) {
        if (r->stopped) {
            r->stopped = false;
            result = RUN_STOPPED;
            break;
        }
        if (run_one(r)) {
            if (once) {
                result = RUN_HANDLED_SOURCE;
                break;
            }
            continue;
        }
        if (r->sources <= 0) {
            result = RUN_FINISHED;
            break;
        }
        r->waiting = true;
        int rc = forever ? pthread_cond_wait(&r->cv, &r->mu) : pthread_cond_timedwait(&r->cv, &r->mu, &end);
        r->waiting = false;
        if (rc == ETIMEDOUT && !r->head && !r->stopped) {
            result = RUN_TIMED_OUT;
            break;
        }
    }
    r->depth--;
    pthread_mutex_unlock(&r->mu);
    return result;
}

/* dispatch_main (dispatch.c): run what is posted to the loop, for ever, sources or not. */
void cf_runloop_serve_forever(struct cf *o)
{
    struct runloop *r = rl_of(o);
    if (!r)
        return;
    pthread_mutex_lock(&r->mu);
    r->depth++;
    for (;;) {
        while (run_one(r))
            ;
        r->waiting = true;
        pthread_cond_wait(&r->cv, &r->mu);
        r->waiting = false;
    }
}

static void d_CFRunLoopRun(void)
{
    struct runloop *r = rl_of(d_CFRunLoopGetCurrent());
    if (!r)
        return;
    /* CFRunLoopRun runs until stopped or finished, returning to its loop after timeouts. */
    while (run(r, 1e10 * 10, false) == RUN_TIMED_OUT)
        ;
}
DARWIN_EXPORT("_CFRunLoopRun", d_CFRunLoopRun);

static int32_t d_CFRunLoopRunInMode(const void *mode, double seconds, bool once)
{
    (void)mode;
    struct runloop *r = rl_of(d_CFRunLoopGetCurrent());
    return r ? run(r, seconds, once) : RUN_FINISHED;
}
DARWIN_EXPORT_PARTIAL("_CFRunLoopRunInMode", d_CFRunLoopRunInMode);

static void d_CFRunLoopStop(struct cf *o)
{
    struct runloop *r = rl_of(o);
    if (!r)
        return;
    pthread_mutex_lock(&r->mu);
    if (r->depth > 0)
        r->stopped = true;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
}
DARWIN_EXPORT("_CFRunLoopStop", d_CFRunLoopStop);

static void d_CFRunLoopWakeUp(struct cf *o)
{
    struct runloop *r = rl_of(o);
    if (!r)
        return;
    pthread_mutex_lock(&r->mu);
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
}
DARWIN_EXPORT("_CFRunLoopWakeUp", d_CFRunLoopWakeUp);

static bool d_CFRunLoopIsWaiting(struct cf *o)
{
    struct runloop *r = rl_of(o);
    if (!r)
        return false;
    pthread_mutex_lock(&r->mu);
    bool w = r->waiting;
    pthread_mutex_unlock(&r->mu);
    return w;
}
DARWIN_EXPORT("_CFRunLoopIsWaiting", d_CFRunLoopIsWaiting);

static struct cf *d_CFRunLoopCopyCurrentMode(struct cf *o)
{
    struct runloop *r = rl_of(o);
    bool running = false;
    if (r) {
        pthread_mutex_lock(&r->mu);
        running = r->depth > 0;
        pthread_mutex_unlock(&r->mu);
    }
    return running ? &cf_default_mode : NULL;
}
DARWIN_EXPORT("_CFRunLoopCopyCurrentMode", d_CFRunLoopCopyCurrentMode);

static unsigned long d_CFRunLoopGetTypeID(void) { return CF_RUNLOOP; }
DARWIN_EXPORT("_CFRunLoopGetTypeID", d_CFRunLoopGetTypeID);
