/*
 * mach_host.c — the Mach host, VM and exception calls that Rust crates make (sysinfo reads
 * CPU load and memory statistics; wasmer/wasmtime allocate, protect and free JIT memory with
 * mach_vm_* and turn off Mach exception ports so that faults arrive as signals).
 *
 * host_processor_info (PROCESSOR_CPU_LOAD_INFO, PROCESSOR_BASIC_INFO) and host_statistics /
 * host_statistics64 (HOST_CPU_LOAD_INFO, HOST_VM_INFO, HOST_VM_INFO64) answer from /proc/stat
 * and /proc/meminfo in Darwin's layouts. vm_allocate / mach_vm_allocate, vm_deallocate /
 * mach_vm_deallocate, vm_protect / mach_vm_protect work on the calling task over mmap,
 * munmap and mprotect. Exception ports and mach_msg: mach_exc.c.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "machrun/darwin/kern_return.h"
#include "machrun/darwin/private.h"

#define TASK_PORT 0x103 /* as mach.c */
#define HOST_PORT 0x203

#define VM_FLAGS_ANYWHERE 0x1

/* ---- CPU ticks from /proc/stat (USER_HZ = 100, Darwin's tick is 1/100 s too) ---- */
struct ticks { uint64_t user, sys, idle, nice; };

/* Fill t[0] with the total line and t[1..] with each CPU; returns the number of CPUs. */
static int read_ticks(struct ticks *t, int max)
{
    FILE *f = fopen("/proc/stat", "re");
    if (!f)
        return -1;
    char line[512];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "cpu", 3))
            break;
        unsigned long long u, ni, s, id, io, irq, sirq;
        const char *p = line + 3;
        while (*p && *p != ' ')
            p++;
        if (sscanf(p, "%llu %llu %llu %llu %llu %llu %llu", &u, &ni, &s, &id, &io, &irq, &sirq) != 7)
            continue;
        int i = line[3] == ' ' ? 0 : ++n;
        if (i > max)
            continue;
        t[i].user = u;
        t[i].nice = ni;
        t[i].sys = s + irq + sirq;
        t[i].idle = id + io;
    }
    fclose(f);
    return n;
}

static void put_ticks(int32_t *out, const struct ticks *t)
{
    out[0] = (int32_t)(uint32_t)t->user; /* CPU_STATE_USER */
    out[1] = (int32_t)(uint32_t)t->sys;  /* CPU_STATE_SYSTEM */
    out[2] = (int32_t)(uint32_t)t->idle; /* CPU_STATE_IDLE */
    out[3] = (int32_t)(uint32_t)t->nice; /* CPU_STATE_NICE */
}

/* ---- VM allocation on the calling task ---- */
static int vm_alloc(uint32_t task, uint64_t *addr, uint64_t size, int flags)
{
    if (task != TASK_PORT)
        return KERN_INVALID_ARGUMENT;
    if (size == 0) {
        if (flags & VM_FLAGS_ANYWHERE)
            *addr = 0;
        return KERN_SUCCESS;
    }
    uint64_t len = (size + 4095) & ~(uint64_t)4095;
    void *hint = (flags & VM_FLAGS_ANYWHERE) ? NULL : (void *)(uintptr_t)*addr;
    int mf = MAP_PRIVATE | MAP_ANONYMOUS;
    if (!(flags & VM_FLAGS_ANYWHERE)) {
        if (*addr & 4095)
            return KERN_INVALID_ARGUMENT;
        mf |= MAP_FIXED_NOREPLACE;
    }
    void *p = mmap(hint, len, PROT_READ | PROT_WRITE, mf, -1, 0);
    if (p == MAP_FAILED)
        return (flags & VM_FLAGS_ANYWHERE) ? KERN_RESOURCE_SHORTAGE : KERN_NO_SPACE;
    *addr = (uint64_t)(uintptr_t)p;
    return KERN_SUCCESS;
}

static int d_mach_vm_allocate(uint32_t task, uint64_t *addr, uint64_t size, int flags)
{
    return vm_alloc(task, addr, size, flags);
}
DARWIN_EXPORT_PARTIAL("_mach_vm_allocate", d_mach_vm_allocate); /* VM_FLAGS_PURGABLE, tags: ignored */

static int d_vm_allocate(uint32_t task, uintptr_t *addr, uintptr_t size, int flags)
{
    uint64_t a = *addr;
    int kr = vm_alloc(task, &a, size, flags);
    if (kr == KERN_SUCCESS)
        *addr = (uintptr_t)a;
    return kr;
}
DARWIN_EXPORT_PARTIAL("_vm_allocate", d_vm_allocate);

static int vm_dealloc(uint32_t task, uint64_t addr, uint64_t size)
{
    if (task != TASK_PORT)
        return KERN_INVALID_ARGUMENT;
    if (size == 0)
        return KERN_SUCCESS;
    uint64_t start = addr & ~(uint64_t)4095, end = (addr + size + 4095) & ~(uint64_t)4095;
    if (end < start)
        return KERN_INVALID_ARGUMENT;
    return munmap((void *)(uintptr_t)start, end - start) == 0 ? KERN_SUCCESS : KERN_INVALID_ADDRESS;
}
static int d_mach_vm_deallocate(uint32_t task, uint64_t addr, uint64_t size) { return vm_dealloc(task, addr, size); }
static int d_vm_deallocate(uint32_t task, uintptr_t addr, uintptr_t size) { return vm_dealloc(task, addr, size); }
DARWIN_EXPORT("_mach_vm_deallocate", d_mach_vm_deallocate);
DARWIN_EXPORT("_vm_deallocate", d_vm_deallocate);

/* vm_prot_t: READ 1, WRITE 2, EXECUTE 4 — the same bits as PROT_*. set_maximum is not
 * modelled (Linux has no maximum protection): it succeeds only when it does not change the
 * current protection. */
static int vm_prot(uint32_t task, uint64_t addr, uint64_t size, int set_max, int prot)
{
    if (task != TASK_PORT)
        return KERN_INVALID_ARGUMENT;
    if (set_max)
        return KERN_SUCCESS;
    uint64_t start = addr & ~(uint64_t)4095, end = (addr + size + 4095) & ~(uint64_t)4095;
    if (size == 0)
        return KERN_SUCCESS;
    if (mprotect((void *)(uintptr_t)start, end - start, prot & 7) == 0)
        return KERN_SUCCESS;
    return errno == ENOMEM ? KERN_INVALID_ADDRESS : KERN_PROTECTION_FAILURE;
}
static int d_mach_vm_protect(uint32_t task, uint64_t a, uint64_t n, int set_max, int prot) { return vm_prot(task, a, n, set_max, prot); }
static int d_vm_protect(uint32_t task, uintptr_t a, uintptr_t n, int set_max, int prot) { return vm_prot(task, a, n, set_max, prot); }
DARWIN_EXPORT_PARTIAL("_mach_vm_protect", d_mach_vm_protect);
DARWIN_EXPORT_PARTIAL("_vm_protect", d_vm_protect);

/* ---- host_processor_info ---- */
#define PROCESSOR_BASIC_INFO 1
#define PROCESSOR_CPU_LOAD_INFO 2

static int d_host_processor_info(uint32_t host, int flavor, uint32_t *count, int32_t **info, uint32_t *info_count)
{
    if (host != HOST_PORT)
        return KERN_INVALID_ARGUMENT;
    int ncpu = (int)sysconf(_SC_NPROCESSORS_CONF);
    if (ncpu < 1)
        ncpu = 1;
    int per;
    if (flavor == PROCESSOR_CPU_LOAD_INFO)
        per = 4;
    else if (flavor == PROCESSOR_BASIC_INFO)
        per = 5;
    else
        return KERN_INVALID_ARGUMENT;
    uint64_t a = 0;
    int kr = vm_alloc(TASK_PORT, &a, (uint64_t)ncpu * (uint64_t)per * 4, VM_FLAGS_ANYWHERE);
    if (kr)
        return kr;
    int32_t *out = (int32_t *)(uintptr_t)a;
    if (flavor == PROCESSOR_CPU_LOAD_INFO) {
        struct ticks *t = calloc((size_t)ncpu + 1, sizeof *t);
        if (!t) {
            vm_dealloc(TASK_PORT, a, (uint64_t)ncpu * (uint64_t)per * 4);
            return KERN_RESOURCE_SHORTAGE;
        }
        read_ticks(t, ncpu);
        for (int i = 0; i < ncpu; i++)
            put_ticks(out + 4 * i, &t[i + 1]);
        free(t);
    } else {
        for (int i = 0; i < ncpu; i++) {
            int32_t *b = out + 5 * i;
            b[0] = 0x01000007; /* CPU_TYPE_X86_64 */
            b[1] = 8;          /* CPU_SUBTYPE_X86_64_H */
            b[2] = 1;          /* running */
            b[3] = i;          /* slot_num */
            b[4] = i == 0;     /* is_master */
        }
    }
    *count = (uint32_t)ncpu;
    *info = out;
    *info_count = (uint32_t)(ncpu * per);
    return KERN_SUCCESS;
}
DARWIN_EXPORT("_host_processor_info", d_host_processor_info);

/* ---- host_statistics ---- */
#define HOST_VM_INFO 2
#define HOST_CPU_LOAD_INFO 3
#define HOST_VM_INFO64 4

static uint64_t meminfo(const char *key)
{
    FILE *f = fopen("/proc/meminfo", "re");
    if (!f)
        return 0;
    char line[256];
    size_t kl = strlen(key);
    uint64_t v = 0;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, key, kl) && line[kl] == ':') {
            v = strtoull(line + kl + 1, NULL, 10) * 1024;
            break;
        }
    fclose(f);
    return v;
}

/* Pages counted as macOS does: free, active, inactive (reclaimable file cache), wired
 * (kernel memory that cannot be paged), speculative 0, compressor 0. */
struct vmpages { uint32_t free_, active, inactive, wire, purgeable, external, internal; };
static void vm_pages(struct vmpages *v)
{
    uint64_t pg = 4096;
    v->free_ = (uint32_t)(meminfo("MemFree") / pg);
    v->active = (uint32_t)(meminfo("Active") / pg);
    v->inactive = (uint32_t)(meminfo("Inactive") / pg);
    v->wire = (uint32_t)((meminfo("Unevictable") + meminfo("Mlocked") + meminfo("KernelStack") +
                          meminfo("PageTables") + meminfo("SUnreclaim")) / pg);
    v->purgeable = 0;
    v->external = (uint32_t)((meminfo("Active(file)") + meminfo("Inactive(file)")) / pg);
    v->internal = (uint32_t)((meminfo("Active(anon)") + meminfo("Inactive(anon)")) / pg);
}

static int host_stats(uint32_t host, int flavor, int32_t *out, uint32_t *count, int wide)
{
    if (host != HOST_PORT)
        return KERN_INVALID_ARGUMENT;
    if (flavor == HOST_CPU_LOAD_INFO) {
        if (*count < 4)
            return KERN_INVALID_ARGUMENT; /* MIG_ARRAY_TOO_LARGE in the kernel; callers pass the count */
        struct ticks t[1] = { { 0, 0, 0, 0 } };
        read_ticks(t, 0);
        put_ticks(out, &t[0]);
        *count = 4;
        return KERN_SUCCESS;
    }
    struct vmpages v;
    if (flavor == HOST_VM_INFO64 && wide) {
        if (*count < 38)
            return KERN_INVALID_ARGUMENT;
        vm_pages(&v);
        memset(out, 0, 152);
        uint32_t *u = (uint32_t *)out;
        u[0] = v.free_;
        u[1] = v.active;
        u[2] = v.inactive;
        u[3] = v.wire;
        u[88 / 4] = v.purgeable;
        u[136 / 4] = v.external;
        u[140 / 4] = v.internal;
        *count = 38;
        return KERN_SUCCESS;
    }
    if (flavor == HOST_VM_INFO && !wide) {
        if (*count < 15)
            return KERN_INVALID_ARGUMENT;
        vm_pages(&v); /* struct vm_statistics: 15 natural_t */
        memset(out, 0, 60);
        uint32_t *u = (uint32_t *)out;
        u[0] = v.free_;
        u[1] = v.active;
        u[2] = v.inactive;
        u[3] = v.wire;
        *count = 15;
        return KERN_SUCCESS;
    }
    return KERN_INVALID_ARGUMENT;
}
static int d_host_statistics(uint32_t h, int f, int32_t *o, uint32_t *c) { return host_stats(h, f, o, c, 0); }
static int d_host_statistics64(uint32_t h, int f, int32_t *o, uint32_t *c) { return host_stats(h, f, o, c, 1); }
DARWIN_EXPORT_PARTIAL("_host_statistics", d_host_statistics);     /* CPU load and VM info only */
DARWIN_EXPORT_PARTIAL("_host_statistics64", d_host_statistics64); /* CPU load and VM info 64 only */
