/*
 * mach.c — the Mach calls ordinary programs make, over Linux. machrun has no Mach kernel:
 * ports are plain names. mach_task_self_ / mach_host_self / mach_thread_self hand out fixed
 * names; mach_port_deallocate accepts them (and drops a memory entry, mach_vm.c); task_info answers TASK_BASIC_INFO and
 * MACH_TASK_BASIC_INFO from /proc, thread_info THREAD_BASIC_INFO and THREAD_IDENTIFIER_INFO;
 * host_info answers HOST_BASIC_INFO; vm_page_size and friends are the page size. Anything else fails with KERN_FAILURE (5) — honestly, not
 * silently — and the symbol list shows what exists.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "machrun/darwin/kern_return.h"
#include "machrun/darwin/private.h"

#define TASK_PORT 0x103
#define HOST_PORT 0x203
#define THREAD_PORT_BASE 0x1003

static uint32_t mach_task_self_value = TASK_PORT;
DARWIN_EXPORT_DATA("_mach_task_self_", mach_task_self_value);

static uintptr_t vm_page_size_v = 4096, vm_page_mask_v = 4095;
static int vm_page_shift_v = 12;
DARWIN_EXPORT_DATA("_vm_page_size", vm_page_size_v);
DARWIN_EXPORT_DATA("_vm_page_mask", vm_page_mask_v);
DARWIN_EXPORT_DATA("_vm_page_shift", vm_page_shift_v);
DARWIN_EXPORT_DATA("_vm_kernel_page_size", vm_page_size_v);
DARWIN_EXPORT_DATA("_vm_kernel_page_mask", vm_page_mask_v);
DARWIN_EXPORT_DATA("_vm_kernel_page_shift", vm_page_shift_v);

static uint32_t d_mach_host_self(void) { return HOST_PORT; }
DARWIN_EXPORT("_mach_host_self", d_mach_host_self);

static uint32_t d_mach_thread_self(void) { return THREAD_PORT_BASE + (uint32_t)gettid(); }
DARWIN_EXPORT("_mach_thread_self", d_mach_thread_self);

static int d_mach_port_deallocate(uint32_t task, uint32_t name)
{
    if (task != TASK_PORT)
        return KERN_INVALID_ARGUMENT;
    darwin_memory_entry_release(name); /* a memory entry's name: drop it (mach_vm.c) */
    return KERN_SUCCESS;
}
DARWIN_EXPORT("_mach_port_deallocate", d_mach_port_deallocate);

static const char *d_mach_error_string(int kr)
{
    switch (kr) {
    case 0: return "(os/kern) successful";
    case 1: return "(os/kern) invalid address";
    case 2: return "(os/kern) protection failure";
    case 3: return "(os/kern) no space available";
    case 4: return "(os/kern) invalid argument";
    case 5: return "(os/kern) failure";
    default: return "unknown error code";
    }
}
DARWIN_EXPORT("_mach_error_string", d_mach_error_string);

static void statm(uint64_t *virt, uint64_t *res)
{
    unsigned long v = 0, r = 0;
    FILE *f = fopen("/proc/self/statm", "re");
    if (f) {
        if (fscanf(f, "%lu %lu", &v, &r) != 2)
            v = r = 0;
        fclose(f);
    }
    *virt = (uint64_t)v * 4096;
    *res = (uint64_t)r * 4096;
}

/* task_info and host_info flavors (<mach/task_info.h>, <mach/host_info.h>). */
#define MACH_TASK_BASIC_INFO 20
#define TASK_BASIC_INFO_64 5
#define HOST_BASIC_INFO 1

static int d_task_info(uint32_t task, uint32_t flavor, int32_t *out, uint32_t *count)
{
    if (task != TASK_PORT)
        return KERN_INVALID_ARGUMENT;
    uint64_t virt, res;
    statm(&virt, &res);
    if (flavor == MACH_TASK_BASIC_INFO && *count >= 12) { /* mach_task_basic_info: 48 bytes = 12 ints */
        memset(out, 0, 48);
        memcpy(out, &virt, 8);
        memcpy(out + 2, &res, 8);
        memcpy(out + 4, &res, 8); /* resident_size_max: the current size, Linux has no cheap peak */
        *count = 12;
        return KERN_SUCCESS;
    }
    if (flavor == TASK_BASIC_INFO_64 && *count >= 10) {
        memset(out, 0, 40);
        memcpy(out + 2, &res, 8);
        memcpy(out + 4, &virt, 8);
        *count = 10;
        return KERN_SUCCESS;
    }
    return KERN_INVALID_ARGUMENT;
}
DARWIN_EXPORT_PARTIAL("_task_info", d_task_info);

/* host_info HOST_BASIC_INFO (1): max_cpus, avail_cpus, memory_size, cpu_type, cpu_subtype,
 * cpu_threadtype, physical_cpu, physical_cpu_max, logical_cpu, logical_cpu_max, max_mem. */
static int d_host_info(uint32_t host, int flavor, int32_t *out, uint32_t *count)
{
    if (host != HOST_PORT)
        return KERN_INVALID_ARGUMENT;
    if (flavor != HOST_BASIC_INFO || *count < 12)
        return KERN_INVALID_ARGUMENT;
    int n = (int)sysconf(_SC_NPROCESSORS_ONLN);
    uint64_t mem = (uint64_t)sysconf(_SC_PHYS_PAGES) * 4096;
    memset(out, 0, 48);
    out[0] = n;
    out[1] = n;
    out[2] = (int32_t)(mem > 0x7fffffff ? 0x80000000u : mem);
    out[3] = 0x01000007;
    out[4] = 3;
    out[5] = 1;
    out[6] = n;
    out[7] = n;
    out[8] = n;
    out[9] = n;
    memcpy(out + 10, &mem, 8);
    *count = 12;
    return KERN_SUCCESS;
}
DARWIN_EXPORT_PARTIAL("_host_info", d_host_info);

static int d_host_page_size(uint32_t host, uintptr_t *size)
{
    (void)host;
    *size = 4096;
    return KERN_SUCCESS;
}
DARWIN_EXPORT("_host_page_size", d_host_page_size);

/* ---- thread_info (THREAD_BASIC_INFO, THREAD_IDENTIFIER_INFO) from /proc ---- */
#define THREAD_BASIC_INFO 3
#define THREAD_IDENTIFIER_INFO 4

static int d_thread_info(uint32_t thread, int flavor, int32_t *out, uint32_t *count)
{
    if (thread < THREAD_PORT_BASE)
        return KERN_INVALID_ARGUMENT;
    int tid = (int)(thread - THREAD_PORT_BASE);
    if (flavor == THREAD_IDENTIFIER_INFO && *count >= 6) {
        uint64_t id = (uint64_t)tid, handle = 0, dq = 0;
        memcpy(out, &id, 8);
        memcpy(out + 2, &handle, 8);
        memcpy(out + 4, &dq, 8);
        *count = 6;
        return 0;
    }
    if (flavor != THREAD_BASIC_INFO || *count < 10)
        return KERN_INVALID_ARGUMENT;
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return KERN_INVALID_ARGUMENT; /* no such thread: KERN_INVALID_ARGUMENT (MACH_SEND_INVALID_DEST on Darwin) */
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return KERN_FAILURE;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    char state = 'R';
    unsigned long long ut = 0, st = 0;
    if (p)
        sscanf(p + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &state, &ut, &st);
    long hz = sysconf(_SC_CLK_TCK);
    if (hz <= 0)
        hz = 100;
    memset(out, 0, 40);
    out[0] = (int32_t)(ut / (unsigned long long)hz);                       /* user_time.seconds */
    out[1] = (int32_t)((ut % (unsigned long long)hz) * 1000000 / (unsigned long long)hz);
    out[2] = (int32_t)(st / (unsigned long long)hz);                       /* system_time */
    out[3] = (int32_t)((st % (unsigned long long)hz) * 1000000 / (unsigned long long)hz);
    out[4] = 0;                                                            /* cpu_usage */
    out[5] = 1;                                                            /* POLICY_TIMESHARE */
    out[6] = state == 'R' ? 1 : state == 'T' || state == 't' ? 2 : 3;      /* TH_STATE_RUNNING/STOPPED/WAITING */
    out[7] = 0;                                                            /* flags */
    out[8] = 0;                                                            /* suspend_count */
    out[9] = 0;                                                            /* sleep_time */
    *count = 10;
    return 0;
}
DARWIN_EXPORT_PARTIAL("_thread_info", d_thread_info);
