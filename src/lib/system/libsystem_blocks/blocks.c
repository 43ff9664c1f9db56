/*
 * blocks.c — the Blocks runtime (libsystem_blocks): the _NSConcrete*Block isa tables,
 * _Block_copy, _Block_release and _Block_object_assign/_dispose.
 *
 * _Block_copy moves a stack block (and the __block variables it refers to) to the heap,
 * calling its copy helpers; _Block_release drops a reference and disposes of it at the last;
 * _Block_object_assign/_dispose are what those helpers call. Objective-C objects captured by
 * a block are copied as plain pointers (machrun has no Objective-C runtime).
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/darwin/blocks.h"
#include "machrun/darwin/private.h"

enum {
    BLOCK_REFCOUNT_MASK = 0xfffe,
    BLOCK_NEEDS_FREE = 1 << 24,
    BLOCK_HAS_COPY_DISPOSE = 1 << 25,
    BLOCK_IS_GLOBAL = 1 << 28,
};
enum { FIELD_IS_OBJECT = 3, FIELD_IS_BLOCK = 7, FIELD_IS_BYREF = 8, FIELD_IS_WEAK = 16, BYREF_CALLER = 128 };

struct byref {
    void *isa;
    struct byref *forwarding;
    volatile int32_t flags;
    uint32_t size;
    void (*keep)(struct byref *dst, struct byref *src);
    void (*destroy)(struct byref *);
};

void *d__NSConcreteStackBlock[32], *d__NSConcreteMallocBlock[32], *d__NSConcreteGlobalBlock[32];
void *d__NSConcreteAutoBlock[32], *d__NSConcreteFinalizingBlock[32], *d__NSConcreteWeakBlockVariable[32];
DARWIN_EXPORT_DATA("__NSConcreteStackBlock", d__NSConcreteStackBlock);
DARWIN_EXPORT_DATA("__NSConcreteMallocBlock", d__NSConcreteMallocBlock);
DARWIN_EXPORT_DATA("__NSConcreteGlobalBlock", d__NSConcreteGlobalBlock);
DARWIN_EXPORT_DATA("__NSConcreteAutoBlock", d__NSConcreteAutoBlock);
DARWIN_EXPORT_DATA("__NSConcreteFinalizingBlock", d__NSConcreteFinalizingBlock);
DARWIN_EXPORT_DATA("__NSConcreteWeakBlockVariable", d__NSConcreteWeakBlockVariable);

static void ref_up(volatile int32_t *flags) { __atomic_add_fetch(flags, 2, __ATOMIC_ACQ_REL); }
static bool ref_down(volatile int32_t *flags) /* true when it was the last reference */
{
    return (__atomic_sub_fetch(flags, 2, __ATOMIC_ACQ_REL) & BLOCK_REFCOUNT_MASK) == 0;
}

void *d__Block_copy(const void *arg)
{
    struct block *b = (struct block *)arg;
    if (!b)
        return NULL;
    if (b->flags & BLOCK_NEEDS_FREE) {
        ref_up(&b->flags);
        return b;
    }
    if (b->flags & BLOCK_IS_GLOBAL)
        return b;
    struct block *c = malloc(b->desc->size);
    if (!c)
        return NULL;
    memcpy(c, b, b->desc->size);
    c->flags = (int32_t)((b->flags & ~(BLOCK_REFCOUNT_MASK)) | BLOCK_NEEDS_FREE | 2);
    c->isa = d__NSConcreteMallocBlock;
    if (b->flags & BLOCK_HAS_COPY_DISPOSE)
        b->desc->copy(c, b);
    return c;
}
DARWIN_EXPORT("__Block_copy", d__Block_copy);

void d__Block_release(const void *arg)
{
    struct block *b = (struct block *)arg;
    if (!b || !(b->flags & BLOCK_NEEDS_FREE))
        return; /* global and stack blocks are not counted */
    if (!ref_down(&b->flags))
        return;
    if (b->flags & BLOCK_HAS_COPY_DISPOSE)
        b->desc->dispose(b);
    free(b);
}
DARWIN_EXPORT("__Block_release", d__Block_release);

static struct byref *byref_copy(struct byref *src)
{
    struct byref *f = src->forwarding;
    if (f->flags & BLOCK_NEEDS_FREE) {
        ref_up(&f->flags);
        return f;
    }
    if ((f->flags & BLOCK_REFCOUNT_MASK) != 0) /* on the heap already (not ours to count) */
        return f;
    struct byref *c = malloc(src->size);
    if (!c)
        return src;
    c->isa = NULL;
    c->flags = (int32_t)(src->flags | BLOCK_NEEDS_FREE | 4); /* one for the caller, one for the stack */
    c->forwarding = c;
    src->forwarding = c;
    c->size = src->size;
    if (src->flags & BLOCK_HAS_COPY_DISPOSE) {
        c->keep = src->keep;
        c->destroy = src->destroy;
        src->keep(c, src);
    } else {
        memmove(&c->keep, &src->keep, src->size - offsetof(struct byref, keep));
    }
    return c;
}

static void byref_release(struct byref *b)
{
    b = b->forwarding;
    if (!(b->flags & BLOCK_NEEDS_FREE))
        return;
    if (!ref_down(&b->flags))
        return;
    if (b->flags & BLOCK_HAS_COPY_DISPOSE)
        b->destroy(b);
    free(b);
}

static void d__Block_object_assign(void *dst, const void *obj, int flags)
{
    void **d = dst;
    switch (flags & (FIELD_IS_BYREF | FIELD_IS_BLOCK | FIELD_IS_OBJECT | FIELD_IS_WEAK | BYREF_CALLER)) {
    case FIELD_IS_BLOCK:
        *d = d__Block_copy(obj);
        break;
    case FIELD_IS_BYREF:
    case FIELD_IS_BYREF | FIELD_IS_WEAK:
        *d = byref_copy((struct byref *)obj);
        break;
    default: /* objects (retained by objc_retain on Darwin) and the __block caller cases */
        *d = (void *)obj;
    }
}
DARWIN_EXPORT_PARTIAL("__Block_object_assign", d__Block_object_assign);

static void d__Block_object_dispose(const void *obj, int flags)
{
    switch (flags & (FIELD_IS_BYREF | FIELD_IS_BLOCK | FIELD_IS_OBJECT | FIELD_IS_WEAK | BYREF_CALLER)) {
    case FIELD_IS_BYREF:
    case FIELD_IS_BYREF | FIELD_IS_WEAK:
        byref_release((struct byref *)obj);
        break;
    case FIELD_IS_BLOCK:
        d__Block_release(obj);
        break;
    default:
        break;
    }
}
DARWIN_EXPORT_PARTIAL("__Block_object_dispose", d__Block_object_dispose);
