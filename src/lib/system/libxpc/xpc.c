/*
 * xpc.c — the XPC calls ordinary command-line programs make without an XPC service: date
 * objects (the Go runtime creates one at start), retain and release. machrun has no
 * launchd/XPC bus; connections are not offered (an import of them traps, never pretends).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "machrun/darwin/private.h"

struct xpc_object {
    uint32_t kind; /* 1 = date */
    int32_t refs;
    int64_t value;
};

static void *d_xpc_date_create_from_current(void)
{
    struct xpc_object *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    o->kind = 1;
    o->refs = 1;
    o->value = (int64_t)t.tv_sec * 1000000000ll + t.tv_nsec;
    return o;
}
DARWIN_EXPORT("_xpc_date_create_from_current", d_xpc_date_create_from_current);

static void *d_xpc_date_create(int64_t ns)
{
    struct xpc_object *o = calloc(1, sizeof *o);
    if (o) {
        o->kind = 1;
        o->refs = 1;
        o->value = ns;
    }
    return o;
}
DARWIN_EXPORT("_xpc_date_create", d_xpc_date_create);

static int64_t d_xpc_date_get_value(struct xpc_object *o) { return o && o->kind == 1 ? o->value : 0; }
DARWIN_EXPORT("_xpc_date_get_value", d_xpc_date_get_value);

static void *d_xpc_retain(struct xpc_object *o)
{
    if (o)
        __atomic_add_fetch(&o->refs, 1, __ATOMIC_RELAXED);
    return o;
}
DARWIN_EXPORT("_xpc_retain", d_xpc_retain);

static void d_xpc_release(struct xpc_object *o)
{
    if (o && __atomic_sub_fetch(&o->refs, 1, __ATOMIC_ACQ_REL) == 0)
        free(o);
}
DARWIN_EXPORT("_xpc_release", d_xpc_release);
