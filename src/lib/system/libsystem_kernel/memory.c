/*
 * memory.c — virtual memory with Darwin's flag values: mmap (MAP_ANON 0x1000, MAP_JIT,
 * MAP_NOCACHE, MAP_NORESERVE...), mprotect, madvise (Darwin's advice numbers, including
 * MADV_FREE_REUSABLE/REUSE as MADV_FREE/no-op), msync (MS_SYNC 0x10), mlock family,
 * mincore, minherit, and shm_open/shm_unlink. (The malloc_zone_* calls are
 * libsystem_malloc's, the JIT write-protect toggle libsystem_pthread's, the cache-control
 * calls libsystem_platform's.)
 */
#define _GNU_SOURCE
#include <fcntl.h>
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
        errno = D_EINVAL;
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
        errno = D_EINVAL;
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
        errno = D_EINVAL;
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
    default: errno = D_ENOTSUP; return -1;
    }
}
DARWIN_EXPORT_PARTIAL("_minherit", d_minherit);

/* POSIX shared memory: names under /dev/shm; open flags are Darwin's. */
static int d_shm_open(const char *name, int oflag, ...)
{
    va_list ap;
    va_start(ap, oflag);
    mode_t mode = (mode_t)va_arg(ap, int);
    va_end(ap);
    return dret(shm_open(name, linux_open_flags_from_darwin(oflag), mode));
}
DARWIN_EXPORT("_shm_open", d_shm_open);

static int d_shm_unlink(const char *name) { return dret(shm_unlink(name)); }
DARWIN_EXPORT("_shm_unlink", d_shm_unlink);
