/*
 * malloc_zone.c — the basic malloc_zone_* calls of libsystem_malloc over the one glibc heap:
 * a single default zone (also the purgeable one) whose function table forwards to
 * malloc/calloc/realloc/free; created zones are that same zone.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>

#include "machrun/darwin/private.h"

/* ---- malloc zones: one zone, the glibc heap ---- */
struct d_malloc_zone {
    void *reserved1, *reserved2;
    size_t (*size)(struct d_malloc_zone *, const void *);
    void *(*malloc)(struct d_malloc_zone *, size_t);
    void *(*calloc)(struct d_malloc_zone *, size_t, size_t);
    void *(*valloc)(struct d_malloc_zone *, size_t);
    void (*free)(struct d_malloc_zone *, void *);
    void *(*realloc)(struct d_malloc_zone *, void *, size_t);
    void (*destroy)(struct d_malloc_zone *);
    const char *zone_name;
    void *batch_malloc, *batch_free, *introspect;
    unsigned version;
    void *(*memalign)(struct d_malloc_zone *, size_t, size_t);
    void (*free_definite_size)(struct d_malloc_zone *, void *, size_t);
    size_t (*pressure_relief)(struct d_malloc_zone *, size_t);
    void *claimed_address, *try_free_default, *malloc_with_options;
};

static size_t z_size(struct d_malloc_zone *z, const void *p) { (void)z; return malloc_usable_size((void *)p); }
static void *z_malloc(struct d_malloc_zone *z, size_t n) { (void)z; return malloc(n); }
static void *z_calloc(struct d_malloc_zone *z, size_t a, size_t b) { (void)z; return calloc(a, b); }
static void *z_valloc(struct d_malloc_zone *z, size_t n) { (void)z; return aligned_alloc(4096, (n + 4095) & ~(size_t)4095); }
static void z_free(struct d_malloc_zone *z, void *p) { (void)z; free(p); }
static void *z_realloc(struct d_malloc_zone *z, void *p, size_t n) { (void)z; return realloc(p, n); }
static void z_destroy(struct d_malloc_zone *z) { (void)z; }
static void *z_memalign(struct d_malloc_zone *z, size_t a, size_t n)
{
    (void)z;
    void *p = NULL;
    return posix_memalign(&p, a < sizeof(void *) ? sizeof(void *) : a, n) ? NULL : p;
}
static void z_free_definite(struct d_malloc_zone *z, void *p, size_t n) { (void)z; (void)n; free(p); }
static size_t z_pressure(struct d_malloc_zone *z, size_t goal) { (void)z; (void)goal; return malloc_trim(0) ? 1 : 0; }

static struct d_malloc_zone default_zone = {
    .size = z_size, .malloc = z_malloc, .calloc = z_calloc, .valloc = z_valloc, .free = z_free,
    .realloc = z_realloc, .destroy = z_destroy, .zone_name = "DefaultMallocZone", .version = 9,
    .memalign = z_memalign, .free_definite_size = z_free_definite, .pressure_relief = z_pressure,
};

static struct d_malloc_zone *d_malloc_default_zone(void) { return &default_zone; }
DARWIN_EXPORT("_malloc_default_zone", d_malloc_default_zone);
DARWIN_EXPORT("_malloc_default_purgeable_zone", d_malloc_default_zone);
static struct d_malloc_zone *d_malloc_zone_from_ptr(const void *p) { (void)p; return &default_zone; }
DARWIN_EXPORT("_malloc_zone_from_ptr", d_malloc_zone_from_ptr);
static struct d_malloc_zone *d_malloc_create_zone(size_t start, unsigned flags)
{
    (void)start;
    (void)flags;
    return &default_zone; /* one heap: zones share it (partial: malloc_destroy_zone frees nothing) */
}
DARWIN_EXPORT_PARTIAL("_malloc_create_zone", d_malloc_create_zone);
static void d_malloc_destroy_zone(struct d_malloc_zone *z) { (void)z; }
DARWIN_EXPORT_PARTIAL("_malloc_destroy_zone", d_malloc_destroy_zone);
static void d_malloc_set_zone_name(struct d_malloc_zone *z, const char *n) { (void)z; (void)n; }
DARWIN_EXPORT("_malloc_set_zone_name", d_malloc_set_zone_name);
static const char *d_malloc_get_zone_name(struct d_malloc_zone *z) { return z->zone_name; }
DARWIN_EXPORT("_malloc_get_zone_name", d_malloc_get_zone_name);
static void *d_malloc_zone_malloc(struct d_malloc_zone *z, size_t n) { (void)z; return malloc(n); }
DARWIN_EXPORT("_malloc_zone_malloc", d_malloc_zone_malloc);
static void *d_malloc_zone_calloc(struct d_malloc_zone *z, size_t a, size_t b) { (void)z; return calloc(a, b); }
DARWIN_EXPORT("_malloc_zone_calloc", d_malloc_zone_calloc);
static void *d_malloc_zone_realloc(struct d_malloc_zone *z, void *p, size_t n) { (void)z; return realloc(p, n); }
DARWIN_EXPORT("_malloc_zone_realloc", d_malloc_zone_realloc);
static void d_malloc_zone_free(struct d_malloc_zone *z, void *p) { (void)z; free(p); }
DARWIN_EXPORT("_malloc_zone_free", d_malloc_zone_free);
DARWIN_EXPORT("_malloc_zone_memalign", z_memalign);
DARWIN_EXPORT("_malloc_zone_valloc", z_valloc);
static size_t d_malloc_zone_pressure_relief(struct d_malloc_zone *z, size_t goal) { return z_pressure(z, goal); }
DARWIN_EXPORT("_malloc_zone_pressure_relief", d_malloc_zone_pressure_relief);
