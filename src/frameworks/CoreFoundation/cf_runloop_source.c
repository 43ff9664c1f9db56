/*
 * cf_runloop_source.c — CFRunLoopSource, version 0 (the custom sources programs build from a
 * CFRunLoopSourceContext): created with a context, added to run loops (schedule callback),
 * signalled from any thread, performed on the thread that runs the loop it was added to,
 * removed (cancel callback) and invalidated. A scheduled source counts as a source of its
 * loop, so CFRunLoopRun keeps running while one is added, as CF's does. libuv's fs.watch on
 * macOS (node) signals one from its FSEvents thread to wake its loop.
 *
 * Partial: version 1 (Mach port) sources are refused (NULL) — machrun has no Mach ports to
 * wait on; modes are not told apart (cf_runloop.c), so a source added in any mode fires in
 * all; a source scheduled on several loops at once is performed on the first.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "machrun/darwin/cf.h"
#include "machrun/darwin/private.h"

/* CFRunLoopSourceContext, version 0 (CFRunLoop.h). */
struct d_source_context {
    long version;
    void *info;
    const void *(*retain)(const void *info);
    void (*release)(const void *info);
    const void *(*copy_description)(const void *info);
    bool (*equal)(const void *info1, const void *info2);
    unsigned long (*hash)(const void *info);
    void (*schedule)(void *info, void *rl, const void *mode);
    void (*cancel)(void *info, void *rl, const void *mode);
    void (*perform)(void *info);
};

struct source {
    pthread_mutex_t mu;
    struct d_source_context ctx;
    long order;
    struct cf *rl;     /* the loop it is scheduled on, or NULL */
    const void *mode;
    int adds;          /* CFRunLoopAddSource calls not yet removed (one per mode) */
    bool signalled, posted, valid;
};

static struct source *src_of(const void *o) { return cf_is(o, CF_RUNLOOPSOURCE) ? ((struct cf *)o)->u.ext.p : NULL; }

static void src_fin(struct cf *o)
{
    struct source *s = o->u.ext.p;
    if (s->ctx.release && s->ctx.info)
        s->ctx.release(s->ctx.info);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

static struct cf *d_CFRunLoopSourceCreate(const void *alloc, long order, const struct d_source_context *ctx)
{
    (void)alloc;
    if (!ctx || ctx->version != 0)
        return NULL;
    struct cf *o = cf_new(CF_RUNLOOPSOURCE);
    struct source *s = calloc(1, sizeof *s);
    if (!o || !s) {
        free(o);
        free(s);
        return NULL;
    }
    pthread_mutex_init(&s->mu, NULL);
    s->ctx = *ctx;
    if (s->ctx.retain && s->ctx.info)
        s->ctx.info = (void *)s->ctx.retain(s->ctx.info);
    s->order = order;
    s->valid = true;
    o->u.ext.p = s;
    o->u.ext.fin = src_fin;
    return o;
}
DARWIN_EXPORT_PARTIAL("_CFRunLoopSourceCreate", d_CFRunLoopSourceCreate);

/* Runs on the loop's thread: perform the source if it is still signalled and scheduled. */
static void perform(void *vo)
{
    struct cf *o = vo;
    struct source *s = o->u.ext.p;
    pthread_mutex_lock(&s->mu);
    bool run = s->signalled && s->valid && s->rl;
    s->signalled = false;
    s->posted = false;
    pthread_mutex_unlock(&s->mu);
    if (run && s->ctx.perform)
        s->ctx.perform(s->ctx.info);
    d_CFRelease(o);
}

/* With s->mu held: hand a signalled, scheduled source to its loop once. */
static void post_locked(struct cf *o, struct source *s)
{
    if (!s->signalled || s->posted || !s->rl || !s->valid)
        return;
    d_CFRetain(o);
    if (cf_runloop_post(s->rl, perform, o))
        s->posted = true;
    else
        d_CFRelease(o);
}

static void d_CFRunLoopAddSource(struct cf *rl, struct cf *o, const void *mode)
{
    struct source *s = src_of(o);
    if (!s || !cf_is(rl, CF_RUNLOOP))
        return;
    pthread_mutex_lock(&s->mu);
    bool first = s->valid && !s->rl;
    if (first) {
        s->rl = rl;
        s->mode = mode;
        s->adds = 1;
        d_CFRetain(o);
        cf_runloop_sources(rl, +1);
    } else if (s->rl == rl) {
        s->adds++;
    }
    pthread_mutex_unlock(&s->mu);
    if (first && s->ctx.schedule)
        s->ctx.schedule(s->ctx.info, rl, mode);
    pthread_mutex_lock(&s->mu);
    post_locked(o, s);
    pthread_mutex_unlock(&s->mu);
}
DARWIN_EXPORT_PARTIAL("_CFRunLoopAddSource", d_CFRunLoopAddSource);

/* Take the source off its loop (the cancel callback runs): on its last removal, or on
 * invalidation whatever the count. */
static void unschedule(struct cf *o, struct source *s, bool all)
{
    pthread_mutex_lock(&s->mu);
    struct cf *rl = s->rl;
    const void *mode = s->mode;
    bool last = rl && (all || --s->adds <= 0);
    if (last) {
        s->rl = NULL;
        s->adds = 0;
    }
    pthread_mutex_unlock(&s->mu);
    if (!last)
        return;
    if (s->ctx.cancel)
        s->ctx.cancel(s->ctx.info, rl, mode);
    cf_runloop_sources(rl, -1);
    d_CFRelease(o);
}

static void d_CFRunLoopRemoveSource(struct cf *rl, struct cf *o, const void *mode)
{
    (void)mode;
    struct source *s = src_of(o);
    if (!s || !cf_is(rl, CF_RUNLOOP) || s->rl != rl)
        return;
    unschedule(o, s, false);
}
DARWIN_EXPORT_PARTIAL("_CFRunLoopRemoveSource", d_CFRunLoopRemoveSource);

static bool d_CFRunLoopContainsSource(struct cf *rl, struct cf *o, const void *mode)
{
    (void)mode;
    struct source *s = src_of(o);
    if (!s)
        return false;
    pthread_mutex_lock(&s->mu);
    bool in = s->rl == rl;
    pthread_mutex_unlock(&s->mu);
    return in;
}
DARWIN_EXPORT_PARTIAL("_CFRunLoopContainsSource", d_CFRunLoopContainsSource);

static void d_CFRunLoopSourceSignal(struct cf *o)
{
    struct source *s = src_of(o);
    if (!s)
        return;
    pthread_mutex_lock(&s->mu);
    s->signalled = true;
    post_locked(o, s);
    pthread_mutex_unlock(&s->mu);
}
DARWIN_EXPORT("_CFRunLoopSourceSignal", d_CFRunLoopSourceSignal);

static void d_CFRunLoopSourceInvalidate(struct cf *o)
{
    struct source *s = src_of(o);
    if (!s)
        return;
    pthread_mutex_lock(&s->mu);
    bool was = s->valid;
    s->valid = false;
    pthread_mutex_unlock(&s->mu);
    if (was)
        unschedule(o, s, true);
}
DARWIN_EXPORT("_CFRunLoopSourceInvalidate", d_CFRunLoopSourceInvalidate);

static bool d_CFRunLoopSourceIsValid(struct cf *o)
{
    struct source *s = src_of(o);
    return s && s->valid;
}
DARWIN_EXPORT("_CFRunLoopSourceIsValid", d_CFRunLoopSourceIsValid);

static long d_CFRunLoopSourceGetOrder(struct cf *o)
{
    struct source *s = src_of(o);
    return s ? s->order : 0;
}
DARWIN_EXPORT("_CFRunLoopSourceGetOrder", d_CFRunLoopSourceGetOrder);

static void d_CFRunLoopSourceGetContext(struct cf *o, struct d_source_context *out)
{
    struct source *s = src_of(o);
    if (s && out)
        *out = s->ctx;
}
DARWIN_EXPORT("_CFRunLoopSourceGetContext", d_CFRunLoopSourceGetContext);

static unsigned long d_CFRunLoopSourceGetTypeID(void) { return CF_RUNLOOPSOURCE; }
DARWIN_EXPORT("_CFRunLoopSourceGetTypeID", d_CFRunLoopSourceGetTypeID);
