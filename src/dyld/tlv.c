/*
 * tlv.c — thread-local variables of Mach-O images: MO_S_THREAD_LOCAL_VARIABLES descriptors
 * {thunk, key, offset} get the thunk (tlv_get_addr in tlv_thunk.S) and a per-image key; each
 * thread's instance is allocated on first access from the image's template
 * (MO_S_THREAD_LOCAL_REGULAR data, then MO_S_THREAD_LOCAL_ZEROFILL zeros); _tlv_atexit destructors
 * run when the thread exits.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/macho_abi.h"
#include "dyld_private.h"


struct tlv_descriptor {
    void *(*thunk)(struct tlv_descriptor *);
    unsigned long key;
    unsigned long offset;
};

struct tlv_image {
    pthread_key_t key;
    uintptr_t tmpl_start;     /* slid address of the first thread-local data section */
    size_t tmpl_size;         /* bytes to copy */
    size_t total_size;        /* bytes per thread */
};

static struct tlv_image *tlv_images[1024];
static unsigned ntlv;

static void tlv_free(void *p)
{
    free(p);
}

/* Slow path of the thunk: allocate this thread's block for the image. */
void *dyld_tlv_allocate(unsigned long key)
{
    struct tlv_image *ti = NULL;
    for (unsigned i = 0; i < ntlv; i++)
        if (tlv_images[i]->key == (pthread_key_t)key) {
            ti = tlv_images[i];
            break;
        }
    if (!ti) {
        fprintf(stderr, "machrun: thread-local variable with unknown key %lu\n", key);
        abort();
    }
    void *block = calloc(1, ti->total_size ? ti->total_size : 1);
    if (!block)
        abort();
    memcpy(block, (void *)ti->tmpl_start, ti->tmpl_size);
    pthread_setspecific(ti->key, block);
    return block;
}

/* _tlv_atexit: destructors for thread-local objects, run at thread exit (LIFO). */
struct tlv_dtor {
    void (*fn)(void *);
    void *arg;
    struct tlv_dtor *next;
};
static __thread struct tlv_dtor *dtors;
static pthread_key_t dtor_key;
static pthread_once_t dtor_once = PTHREAD_ONCE_INIT;

static void run_dtors(void *unused)
{
    (void)unused;
    while (dtors) {
        struct tlv_dtor *d = dtors;
        dtors = d->next;
        d->fn(d->arg);
        free(d);
    }
}

static void make_dtor_key(void)
{
    pthread_key_create(&dtor_key, run_dtors);
}

void dyld_setup_tlv(struct dyld_image *img)
{
    const struct mo_image *mo = &img->file.mo;
    uint64_t lo = UINT64_MAX, hi = 0, data_hi = 0;
    bool any_vars = false;
    for (uint32_t s = 0; s < mo->nsections; s++) {
        const struct mo_section *sec = &mo->sections[s];
        uint32_t t = sec->flags & MO_SECTION_TYPE;
        if (t == MO_S_THREAD_LOCAL_REGULAR || t == MO_S_THREAD_LOCAL_ZEROFILL) {
            if (sec->addr < lo)
                lo = sec->addr;
            if (sec->addr + sec->size > hi)
                hi = sec->addr + sec->size;
            if (t == MO_S_THREAD_LOCAL_REGULAR && sec->addr + sec->size > data_hi)
                data_hi = sec->addr + sec->size;
        } else if (t == MO_S_THREAD_LOCAL_VARIABLES) {
            any_vars = true;
        }
    }
    if (!any_vars || ntlv >= sizeof tlv_images / sizeof tlv_images[0])
        return;
    /* The destructors' key is made before any image's: glibc runs key destructors in key
     * order, so a thread's thread_local objects are destroyed before the blocks holding them
     * are freed (as on Darwin, where dyld makes its terminators key first). */
    pthread_once(&dtor_once, make_dtor_key);
    struct tlv_image *ti = calloc(1, sizeof *ti);
    if (pthread_key_create(&ti->key, tlv_free) != 0) {
        fprintf(stderr, "machrun: %s: out of thread-local keys\n", img->path);
        exit(126);
    }
    if (lo == UINT64_MAX)
        lo = hi = data_hi = 0;
    ti->tmpl_start = (uintptr_t)lo + img->map.slide;
    ti->tmpl_size = data_hi > lo ? (size_t)(data_hi - lo) : 0;
    ti->total_size = (size_t)(hi - lo);
    tlv_images[ntlv++] = ti;
    for (uint32_t s = 0; s < mo->nsections; s++) {
        const struct mo_section *sec = &mo->sections[s];
        if ((sec->flags & MO_SECTION_TYPE) != MO_S_THREAD_LOCAL_VARIABLES)
            continue;
        struct tlv_descriptor *d = (struct tlv_descriptor *)(uintptr_t)(sec->addr + img->map.slide);
        for (uint64_t k = 0; k < sec->size / sizeof *d; k++) {
            /* offset in the file is relative to the start of the thread-local template. */
            d[k].thunk = mr_tlv_get_addr;
            d[k].key = (unsigned long)ti->key;
        }
    }
}

static void dyld_tlv_atexit(void (*fn)(void *), void *arg)
{
    pthread_once(&dtor_once, make_dtor_key);
    struct tlv_dtor *d = malloc(sizeof *d);
    d->fn = fn;
    d->arg = arg;
    d->next = dtors;
    dtors = d;
    pthread_setspecific(dtor_key, (void *)1);
}

/* Called by darwin_exit for the main thread (pthread key destructors do not run there). */
void dyld_tlv_run_main_thread_dtors(void)
{
    run_dtors(NULL);
}

static void tlv_bootstrap_unexpected(void)
{
    fprintf(stderr, "machrun: _tlv_bootstrap called directly: a thread-local descriptor was not set up\n");
    abort();
}

DARWIN_EXPORT("__tlv_bootstrap", tlv_bootstrap_unexpected);
DARWIN_EXPORT("__tlv_atexit", dyld_tlv_atexit);
