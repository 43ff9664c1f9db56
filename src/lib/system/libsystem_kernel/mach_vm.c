/*
 * mach_vm.c — memory entries and the mappings made from them (mach/mach_vm.h): the calls V8
 * uses to map the same memory at two addresses (mach_make_memory_entry_64 +
 * mach_vm_map) and to alias pages (mach_vm_remap), on the calling task.
 *
 * A memory entry is a port name for a memfd (MAP_MEM_NAMED_CREATE makes one; an entry for
 * memory already mapped names the memfd or shared file behind it), with an offset, a size
 * and the protection it allows; mach_port_deallocate drops it (the mappings made from it
 * keep the memory, as on macOS). mach_vm_map maps an entry MAP_SHARED (copy = FALSE) or
 * MAP_PRIVATE (copy = TRUE), or fresh zero-fill memory for MACH_PORT_NULL. mach_vm_remap
 * aliases a shared mapping with mremap (old size 0), a private file mapping none of whose
 * pages has been written by mapping the file again, read-only; copy = TRUE copies.
 *
 * Partial, because Linux cannot share what XNU shares: private anonymous memory (malloc,
 * vm_allocate, a written private file page) has no object another mapping can name, so an
 * entry for it or an alias of it fails with KERN_FAILURE instead of silently copying;
 * copy = TRUE of an entry is Linux's MAP_PRIVATE (untouched pages still see later writes
 * through the entry, where XNU snapshots); there is no maximum protection (reported as
 * VM_PROT_ALL); VM_INHERIT_NONE is MADV_DONTFORK, SHARE and COPY are Linux's fork of the
 * mapping.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machrun/darwin/kern_return.h"
#include "machrun/darwin/private.h"

#define TASK_PORT 0x103 /* as mach.c */
#define VM_FLAGS_ANYWHERE 0x1
#define VM_FLAGS_OVERWRITE 0x4000
#define VM_PROT_ALL 7
#define VM_INHERIT_NONE 2
#define MAP_MEM_NAMED_CREATE 0x020000
#define MAP_MEM_VM_COPY 0x200000

#define PAGE 4096ULL
#define PAGE_DOWN(x) ((x) & ~(PAGE - 1))
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))

/* ---- memory entries ---- */
struct mentry {
    uint32_t name;
    int fd;
    uint64_t offset, size;
    int prot;
};
#define MAX_ENTRIES 256
#define ENTRY_NAME(i) (0x40000007u + (uint32_t)(i) * 0x100u) /* apart from mach_exc.c's names */
static struct mentry entries[MAX_ENTRIES];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

/* The entry called name, or NULL (mu held). */
static struct mentry *entry_of(uint32_t name)
{
    uint32_t i = (name - 0x40000007u) / 0x100u;
    if (name < 0x40000007u || (name - 0x40000007u) % 0x100u || i >= MAX_ENTRIES || !entries[i].name)
        return NULL;
    return &entries[i];
}

/* A new entry (mu held): the name, or 0 when the table is full. */
static uint32_t entry_new(int fd, uint64_t offset, uint64_t size, int prot)
{
    for (int i = 0; i < MAX_ENTRIES; i++)
        if (!entries[i].name) {
            entries[i] = (struct mentry){ ENTRY_NAME(i), fd, offset, size, prot };
            return entries[i].name;
        }
    return 0;
}

bool darwin_memory_entry_release(uint32_t name)
{
    pthread_mutex_lock(&mu);
    struct mentry *e = entry_of(name);
    if (e) {
        close(e->fd);
        *e = (struct mentry){ 0 };
    }
    pthread_mutex_unlock(&mu);
    return e != NULL;
}

/* ---- what backs an address: one /proc/self/maps line ---- */
struct vma {
    uint64_t start, end, offset, inode;
    int prot;
    bool shared;
    char path[512];
};

/* The mapping that holds addr, or false when addr is not mapped. */
static bool vma_at(uint64_t addr, struct vma *v)
{
    FILE *f = fopen("/proc/self/maps", "re");
    if (!f)
        return false;
    char line[1024];
    bool found = false;
    while (fgets(line, sizeof line, f)) {
        char perms[8] = "";
        unsigned maj, min;
        int n = 0;
        if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %x:%x %" SCNu64 " %n", &v->start, &v->end, perms,
                   &v->offset, &maj, &min, &v->inode, &n) < 7)
            continue;
        if (addr < v->start || addr >= v->end)
            continue;
        v->prot = (perms[0] == 'r' ? 1 : 0) | (perms[1] == 'w' ? 2 : 0) | (perms[2] == 'x' ? 4 : 0);
        v->shared = perms[3] == 's';
        snprintf(v->path, sizeof v->path, "%s", line + n);
        v->path[strcspn(v->path, "\n")] = 0;
        found = true;
        break;
    }
    fclose(f);
    return found;
}

/* A descriptor for the file behind v (the memfd or file), opened read-write when it can be,
 * checked to be the same inode; -1 if none. */
static int vma_open(const struct vma *v)
{
    char p[64];
    snprintf(p, sizeof p, "/proc/self/map_files/%" PRIx64 "-%" PRIx64, v->start, v->end);
    const char *paths[2] = { p, v->path[0] == '/' ? v->path : NULL };
    for (int i = 0; i < 2; i++) {
        if (!paths[i])
            continue;
        int fd = open(paths[i], O_RDWR | O_CLOEXEC);
        if (fd < 0)
            fd = open(paths[i], O_RDONLY | O_CLOEXEC);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && (uint64_t)st.st_ino == v->inode)
            return fd;
        if (fd >= 0)
            close(fd);
    }
    return -1;
}

/* Whether a page of [start, end) of a private file mapping has been written (is now a
 * private anonymous copy): /proc/self/pagemap's bit 61 (file page) is clear on a present
 * page. */
static bool private_pages_written(uint64_t start, uint64_t end)
{
    int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return true; /* cannot tell: assume so */
    bool written = false;
    for (uint64_t a = start; a < end && !written; a += PAGE) {
        uint64_t e;
        if (pread(fd, &e, sizeof e, (off_t)(a / PAGE * 8)) != sizeof e) {
            written = true;
            break;
        }
        if ((e >> 63) & 1 && !((e >> 61) & 1))
            written = true;
    }
    close(fd);
    return written;
}

/* ---- mach_make_memory_entry_64 ---- */
static int d_mach_make_memory_entry_64(uint32_t task, uint64_t *size, uint64_t offset, int permission,
                                       uint32_t *handle, uint32_t parent)
{
    if (task != TASK_PORT || !size || !handle)
        return KERN_INVALID_ARGUMENT;
    int prot = permission & VM_PROT_ALL;
    pthread_mutex_lock(&mu);
    int kr = KERN_SUCCESS, fd = -1;
    uint64_t eoff = 0, esize = 0;
    if (permission & MAP_MEM_NAMED_CREATE) {
        /* new memory: a memfd of the size rounded to pages, zero-filled */
        esize = PAGE_UP(*size);
        if (!esize) {
            kr = KERN_INVALID_ARGUMENT;
            goto out;
        }
        fd = memfd_create("machrun-memory-entry", MFD_CLOEXEC);
        if (fd < 0 || ftruncate(fd, (off_t)esize) < 0) {
            kr = KERN_RESOURCE_SHORTAGE;
            goto out;
        }
    } else if (parent) {
        /* a part of a parent entry, offset within it */
        struct mentry *p = entry_of(parent);
        if (!p) {
            kr = KERN_INVALID_ARGUMENT;
            goto out;
        }
        if (offset & (PAGE - 1) || offset >= p->size || (prot & ~p->prot)) {
            kr = offset >= p->size ? KERN_INVALID_ARGUMENT : (prot & ~p->prot) ? KERN_PROTECTION_FAILURE
                                                                               : KERN_INVALID_ARGUMENT;
            goto out;
        }
        esize = PAGE_UP(*size);
        if (!esize || esize > p->size - offset)
            esize = p->size - offset;
        eoff = p->offset + offset;
        fd = dup(p->fd);
        if (fd < 0) {
            kr = KERN_RESOURCE_SHORTAGE;
            goto out;
        }
    } else {
        /* memory already mapped at offset (an address) */
        uint64_t start = PAGE_DOWN(offset);
        esize = PAGE_UP(offset + *size) - start;
        struct vma v;
        if (!esize || !vma_at(start, &v)) {
            kr = esize ? KERN_INVALID_ADDRESS : KERN_INVALID_ARGUMENT;
            goto out;
        }
        if (permission & MAP_MEM_VM_COPY) {
            /* a copy of the range, made now */
            if (!(v.prot & 1) || start + esize > v.end) {
                kr = KERN_PROTECTION_FAILURE;
                goto out;
            }
            fd = memfd_create("machrun-memory-entry", MFD_CLOEXEC);
            if (fd < 0 || ftruncate(fd, (off_t)esize) < 0 ||
                pwrite(fd, (void *)(uintptr_t)start, esize, 0) != (ssize_t)esize) {
                kr = KERN_RESOURCE_SHORTAGE;
                goto out;
            }
        } else {
            /* the object itself: only a shared mapping has one another mapping can name */
            if (!v.shared || start + esize > v.end) {
                kr = KERN_FAILURE;
                goto out;
            }
            if ((prot & 2) && !(v.prot & 2)) {
                kr = KERN_PROTECTION_FAILURE;
                goto out;
            }
            fd = vma_open(&v);
            if (fd < 0) {
                kr = KERN_FAILURE;
                goto out;
            }
            eoff = v.offset + (start - v.start);
        }
    }
    uint32_t name = entry_new(fd, eoff, esize, prot);
    if (!name) {
        kr = KERN_RESOURCE_SHORTAGE;
        goto out;
    }
    fd = -1;
    *size = esize;
    *handle = name;
out:
    if (fd >= 0)
        close(fd);
    pthread_mutex_unlock(&mu);
    return kr;
}
DARWIN_EXPORT_PARTIAL("_mach_make_memory_entry_64", d_mach_make_memory_entry_64);

static int d_mach_make_memory_entry(uint32_t task, uintptr_t *size, uintptr_t offset, int permission, uint32_t *handle,
                                    uint32_t parent)
{
    uint64_t s = size ? *size : 0;
    int kr = d_mach_make_memory_entry_64(task, &s, offset, permission, handle, parent);
    if (kr == KERN_SUCCESS)
        *size = (uintptr_t)s;
    return kr;
}
DARWIN_EXPORT_PARTIAL("_mach_make_memory_entry", d_mach_make_memory_entry);

/* ---- the destination of a mapping ---- */
/* Where size bytes go: *addr for VM_FLAGS_FIXED (free unless VM_FLAGS_OVERWRITE), else
 * anywhere aligned to mask + 1. The range is reserved (PROT_NONE) unless it overwrites. */
static int place(uint64_t *addr, uint64_t size, uint64_t mask, int flags)
{
    if (!(flags & VM_FLAGS_ANYWHERE)) {
        uint64_t a = PAGE_DOWN(*addr);
        if (flags & VM_FLAGS_OVERWRITE) {
            *addr = a;
            return KERN_SUCCESS;
        }
        void *p = mmap((void *)(uintptr_t)a, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
                       MAP_FIXED_NOREPLACE, -1, 0);
        if (p == MAP_FAILED)
            return KERN_NO_SPACE;
        if ((uint64_t)(uintptr_t)p != a) { /* an old kernel took it as a hint */
            munmap(p, size);
            return KERN_NO_SPACE;
        }
        *addr = a;
        return KERN_SUCCESS;
    }
    uint64_t align = (mask | (PAGE - 1)) + 1;
    uint64_t span = size + (align > PAGE ? align : 0);
    void *p = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return KERN_NO_SPACE;
    uint64_t s = (uint64_t)(uintptr_t)p, a = (s + align - 1) & ~(align - 1);
    if (a > s)
        munmap(p, a - s);
    if (s + span > a + size)
        munmap((void *)(uintptr_t)(a + size), s + span - (a + size));
    *addr = a;
    return KERN_SUCCESS;
}

static void inherit(uint64_t addr, uint64_t size, int inheritance)
{
    if (inheritance == VM_INHERIT_NONE)
        madvise((void *)(uintptr_t)addr, size, MADV_DONTFORK);
}

/* ---- mach_vm_map ---- */
static int d_mach_vm_map(uint32_t task, uint64_t *address, uint64_t size, uint64_t mask, int flags, uint32_t object,
                         uint64_t offset, int copy, int cur_protection, int max_protection, int inheritance)
{
    if (task != TASK_PORT || !address || !size)
        return KERN_INVALID_ARGUMENT;
    size = PAGE_UP(size);
    cur_protection &= VM_PROT_ALL;
    if (cur_protection & ~max_protection)
        return KERN_INVALID_ARGUMENT;
    pthread_mutex_lock(&mu);
    int fd = -1;
    uint64_t foff = 0;
    if (object) {
        struct mentry *e = entry_of(object);
        if (!e) {
            pthread_mutex_unlock(&mu);
            return KERN_INVALID_ARGUMENT;
        }
        if ((offset & (PAGE - 1)) || offset > e->size || size > e->size - offset) {
            pthread_mutex_unlock(&mu);
            return KERN_INVALID_ARGUMENT;
        }
        if ((cur_protection & ~e->prot) && !copy) {
            pthread_mutex_unlock(&mu);
            return KERN_PROTECTION_FAILURE;
        }
        fd = dup(e->fd);
        foff = e->offset + offset;
    }
    pthread_mutex_unlock(&mu);
    if (object && fd < 0)
        return KERN_RESOURCE_SHORTAGE;
    uint64_t a = *address;
    int kr = place(&a, size, mask, flags);
    if (kr) {
        if (fd >= 0)
            close(fd);
        return kr;
    }
    int mf = MAP_FIXED | (fd < 0 ? MAP_PRIVATE | MAP_ANONYMOUS : copy ? MAP_PRIVATE : MAP_SHARED);
    void *p = mmap((void *)(uintptr_t)a, size, cur_protection, mf, fd, (off_t)foff);
    if (fd >= 0)
        close(fd);
    if (p == MAP_FAILED) {
        if (!(flags & VM_FLAGS_OVERWRITE) || (flags & VM_FLAGS_ANYWHERE))
            munmap((void *)(uintptr_t)a, size);
        return KERN_RESOURCE_SHORTAGE;
    }
    inherit(a, size, inheritance);
    *address = a;
    return KERN_SUCCESS;
}
DARWIN_EXPORT_PARTIAL("_mach_vm_map", d_mach_vm_map);

static int d_vm_map(uint32_t task, uintptr_t *address, uintptr_t size, uintptr_t mask, int flags, uint32_t object,
                    uintptr_t offset, int copy, int cur, int max, int inheritance)
{
    uint64_t a = address ? *address : 0;
    int kr = d_mach_vm_map(task, &a, size, mask, flags, object, offset, copy, cur, max, inheritance);
    if (kr == KERN_SUCCESS)
        *address = (uintptr_t)a;
    return kr;
}
DARWIN_EXPORT_PARTIAL("_vm_map", d_vm_map);

/* ---- mach_vm_remap ---- */
enum how { ALIAS_SHARED, ALIAS_FILE, COPY };
struct piece {
    uint64_t src, len;
    enum how how;
    int prot, fd;
    uint64_t foff;
};
#define MAX_PIECES 64

static int d_mach_vm_remap(uint32_t task, uint64_t *target, uint64_t size, uint64_t mask, int flags, uint32_t src_task,
                           uint64_t src, int copy, int *cur_protection, int *max_protection, int inheritance)
{
    if (task != TASK_PORT || src_task != TASK_PORT || !target || !size)
        return KERN_INVALID_ARGUMENT;
    uint64_t start = PAGE_DOWN(src), end = PAGE_UP(src + size);
    if (end <= start)
        return KERN_INVALID_ARGUMENT;
    /* first see that every piece of the source can be remapped, touching nothing */
    struct piece pc[MAX_PIECES];
    int n = 0, kr = KERN_SUCCESS, cur = VM_PROT_ALL;
    for (uint64_t a = start; a < end; n++) {
        struct vma v;
        if (n == MAX_PIECES) {
            kr = KERN_RESOURCE_SHORTAGE;
            break;
        }
        if (!vma_at(a, &v)) {
            kr = KERN_INVALID_ADDRESS;
            break;
        }
        uint64_t e = v.end < end ? v.end : end;
        pc[n] = (struct piece){ a, e - a, COPY, v.prot, -1, v.offset + (a - v.start) };
        cur &= v.prot;
        if (copy) {
            if (!(v.prot & 1)) {
                kr = KERN_PROTECTION_FAILURE;
                break;
            }
        } else if (v.shared) {
            pc[n].how = ALIAS_SHARED;
        } else if (v.inode && !(v.prot & 2) && !private_pages_written(a, e) && (pc[n].fd = vma_open(&v)) >= 0) {
            /* an unwritten, read-only private file mapping: the file's pages, mapped again */
            pc[n].how = ALIAS_FILE;
        } else {
            kr = KERN_FAILURE; /* private anonymous memory: Linux cannot alias it */
            break;
        }
        a = e;
    }
    uint64_t dst = *target;
    if (kr == KERN_SUCCESS)
        kr = place(&dst, end - start, mask, flags);
    if (kr != KERN_SUCCESS) {
        for (int i = 0; i < n; i++)
            if (pc[i].fd >= 0)
                close(pc[i].fd);
        return kr;
    }
    uint64_t d = dst;
    for (int i = 0; i < n; i++) {
        void *to = (void *)(uintptr_t)d, *from = (void *)(uintptr_t)pc[i].src;
        void *p = MAP_FAILED;
        if (pc[i].how == ALIAS_SHARED)
            p = mremap(from, 0, pc[i].len, MREMAP_MAYMOVE | MREMAP_FIXED, to);
        else if (pc[i].how == ALIAS_FILE)
            p = mmap(to, pc[i].len, pc[i].prot, MAP_PRIVATE | MAP_FIXED, pc[i].fd, (off_t)pc[i].foff);
        else {
            p = mmap(to, pc[i].len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            if (p != MAP_FAILED) {
                memcpy(p, from, pc[i].len);
                mprotect(p, pc[i].len, pc[i].prot);
            }
        }
        if (pc[i].fd >= 0)
            close(pc[i].fd);
        if (p == MAP_FAILED) {
            for (int j = i + 1; j < n; j++)
                if (pc[j].fd >= 0)
                    close(pc[j].fd);
            munmap((void *)(uintptr_t)dst, end - start);
            return KERN_RESOURCE_SHORTAGE;
        }
        d += pc[i].len;
    }
    inherit(dst, end - start, inheritance);
    *target = dst; /* page-aligned, as without VM_FLAGS_RETURN_DATA_ADDR */
    if (cur_protection)
        *cur_protection = cur;
    if (max_protection)
        *max_protection = VM_PROT_ALL; /* no maximum protection on Linux */
    return KERN_SUCCESS;
}
DARWIN_EXPORT_PARTIAL("_mach_vm_remap", d_mach_vm_remap);

static int d_vm_remap(uint32_t task, uintptr_t *target, uintptr_t size, uintptr_t mask, int flags, uint32_t src_task,
                      uintptr_t src, int copy, int *cur, int *max, int inheritance)
{
    uint64_t a = target ? *target : 0;
    int kr = d_mach_vm_remap(task, &a, size, mask, flags, src_task, src, copy, cur, max, inheritance);
    if (kr == KERN_SUCCESS)
        *target = (uintptr_t)a;
    return kr;
}
DARWIN_EXPORT_PARTIAL("_vm_remap", d_vm_remap);
