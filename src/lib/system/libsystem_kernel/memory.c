/*
 * memory.c — virtual memory with Darwin's flag values: mmap (MAP_ANON 0x1000, MAP_JIT,
 * MAP_NOCACHE, MAP_NORESERVE...), mprotect, madvise (Darwin's advice numbers, including
 * MADV_FREE_REUSABLE/REUSE as MADV_FREE/no-op), msync (MS_SYNC 0x10), mlock family,
 * mincore, minherit, the JIT write-protect toggle (a no-op on x86_64, as on Intel Macs),
 * shm_open/shm_unlink, and the basic malloc_zone_* calls over the one glibc heap.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "machrun/darwin/abi.h"
#include "machrun/darwin/private.h"

#define D_MAP_SHARED 0x0001
#define D_MAP_PRIVATE 0x0002
#define D_MAP_FIXED 0x0010
#define D_MAP_RENAME 0x0020
#define D_MAP_NORESERVE 0x0040
#define D_MAP_NOEXTEND 0x0100
#define D_MAP_HASSEMAPHORE 0x0200
#define D_MAP_NOCACHE 0x0400
#define D_MAP_JIT 0x0800
#define D_MAP_ANON 0x1000
#define D_MAP_RESILIENT_CODESIGN 0x2000
#define D_MAP_RESILIENT_MEDIA 0x4000
#define D_MAP_32BIT 0x8000
#define D_MAP_TRANSLATED_ALLOW_EXECUTE 0x20000
#define D_MAP_UNIX03 0x40000
#define D_MAP_TPRO 0x80000
#define D_MAP_KNOWN (D_MAP_SHARED | D_MAP_PRIVATE | D_MAP_FIXED | D_MAP_RENAME | D_MAP_NORESERVE | D_MAP_NOEXTEND | \
                     D_MAP_HASSEMAPHORE | D_MAP_NOCACHE | D_MAP_JIT | D_MAP_ANON | D_MAP_RESILIENT_CODESIGN |    \
                     D_MAP_RESILIENT_MEDIA | D_MAP_32BIT | D_MAP_TRANSLATED_ALLOW_EXECUTE | D_MAP_UNIX03 | D_MAP_TPRO)

static void *d_mmap(void *addr, size_t len, int prot, int flags, int fd, int64_t off)
{
    if (flags & ~D_MAP_KNOWN) {
        errno = 22;
        return MAP_FAILED;
    }
    int l = 0;
    if (flags & D_MAP_SHARED) l |= MAP_SHARED;
    if (flags & D_MAP_PRIVATE) l |= MAP_PRIVATE;
    if (flags & D_MAP_FIXED) l |= MAP_FIXED;
    if (flags & D_MAP_NORESERVE) l |= MAP_NORESERVE;
    if (flags & D_MAP_ANON) {
        l |= MAP_ANONYMOUS;
        fd = -1; /* Darwin passes VM_MAKE_TAG(n) in fd for anonymous memory */
    }
    if (flags & D_MAP_32BIT) l |= MAP_32BIT;
    /* MAP_JIT: executable memory the program may write; nothing more is needed on x86_64.
     * MAP_NOCACHE, MAP_RESILIENT_*, MAP_HASSEMAPHORE: hints with no Linux counterpart. */
    if (!(l & (MAP_SHARED | MAP_PRIVATE)))
        l |= MAP_SHARED; /* Darwin's default when neither is given (historic BSD behaviour) */
    void *p = mmap(addr, len, prot & 7, l, fd, off);
    if (p == MAP_FAILED)
        errno = darwin_errno_from_linux(errno);
    return p;
}
DARWIN_EXPORT("_mmap", d_mmap);

static int d_munmap(void *a, size_t n) { return dret(munmap(a, n)); }
DARWIN_EXPORT("_munmap", d_munmap);

static int d_mprotect(void *a, size_t n, int prot) { return dret(mprotect(a, n, prot & 7)); }
DARWIN_EXPORT("_mprotect", d_mprotect);

static int d_madvise(void *a, size_t n, int advice)
{
    int l;
    switch (advice) {
    case 0: l = MADV_NORMAL; break;
    case 1: l = MADV_RANDOM; break;
    case 2: l = MADV_SEQUENTIAL; break;
    case 3: l = MADV_WILLNEED; break;
    case 4: l = MADV_DONTNEED; break;
    case 5: /* MADV_FREE */
    case 7: /* MADV_FREE_REUSABLE: contents may go, address range stays */
        l = MADV_FREE;
        break;
    case 6:  /* MADV_ZERO_WIRED_PAGES */
    case 8:  /* MADV_FREE_REUSE: the range is in use again */
    case 9:  /* MADV_CAN_REUSE */
    case 10: /* MADV_PAGEOUT */
        return 0;
    default:
        errno = 22;
        return -1;
    }
    return dret(madvise(a, n, l));
}
DARWIN_EXPORT("_madvise", d_madvise);
DARWIN_EXPORT("_posix_madvise", d_madvise);

static int d_msync(void *a, size_t n, int flags)
{
    int l = 0;
    if (flags & 0x1) l |= MS_ASYNC;
    if (flags & 0x2) l |= MS_INVALIDATE;
    if (flags & 0x10) l |= MS_SYNC;
    if ((flags & ~0x13) || ((flags & 0x1) && (flags & 0x10))) {
        errno = 22;
        return -1;
    }
    return dret(msync(a, n, l));
}
DARWIN_EXPORT("_msync", d_msync);
DARWIN_EXPORT("_msync$NOCANCEL", d_msync);

static int d_mlock(const void *a, size_t n) { return dret(mlock(a, n)); }
static int d_munlock(const void *a, size_t n) { return dret(munlock(a, n)); }
static int d_mlockall(int f) { return dret(mlockall(f)); } /* MCL_CURRENT 1, MCL_FUTURE 2 agree */
static int d_munlockall(void) { return dret(munlockall()); }
static int d_mincore(void *a, size_t n, char *vec) { return dret(mincore(a, n, (unsigned char *)vec)); }
DARWIN_EXPORT("_mlock", d_mlock);
DARWIN_EXPORT("_munlock", d_munlock);
DARWIN_EXPORT("_mlockall", d_mlockall);
DARWIN_EXPORT("_munlockall", d_munlockall);
DARWIN_EXPORT("_mincore", d_mincore);

/* minherit: VM_INHERIT_SHARE 0, COPY 1, NONE 2 -> MADV_DOFORK/DONTFORK; SHARE cannot be had
 * on a private mapping in Linux: ENOTSUP. */
static int d_minherit(void *a, size_t n, int inherit)
{
    switch (inherit) {
    case 1: return dret(madvise(a, n, MADV_DOFORK));
    case 2: return dret(madvise(a, n, MADV_DONTFORK));
    default: errno = 45; return -1;
    }
}
DARWIN_EXPORT_PARTIAL("_minherit", d_minherit);

static void d_pthread_jit_write_protect_np(int enabled) { (void)enabled; }
DARWIN_EXPORT("_pthread_jit_write_protect_np", d_pthread_jit_write_protect_np);
static int d_pthread_jit_write_protect_supported_np(void) { return 0; }
DARWIN_EXPORT("_pthread_jit_write_protect_supported_np", d_pthread_jit_write_protect_supported_np);
static void d_sys_icache_invalidate(void *a, size_t n) { (void)a; (void)n; } /* coherent on x86 */
DARWIN_EXPORT("_sys_icache_invalidate", d_sys_icache_invalidate);
DARWIN_EXPORT("_sys_dcache_flush", d_sys_icache_invalidate);

/* POSIX shared memory: names under /dev/shm; open flags are Darwin's. */
#pragma weak linux_open_flags_from_darwin
static int d_shm_open(const char *name, int oflag, ...)
{
    va_list ap;
    va_start(ap, oflag);
    mode_t mode = (mode_t)va_arg(ap, int);
    va_end(ap);
    int l = linux_open_flags_from_darwin ? linux_open_flags_from_darwin(oflag) : oflag;
    return dret(shm_open(name, l, mode));
}
DARWIN_EXPORT("_shm_open", d_shm_open);

static int d_shm_unlink(const char *name) { return dret(shm_unlink(name)); }
DARWIN_EXPORT("_shm_unlink", d_shm_unlink);

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
