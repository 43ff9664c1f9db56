/*
 * libproc.c — libproc and Mach VM queries over /proc: proc_pidpath (a guest's Mach-O path,
 * not machrun's, for this process and for other machrun guests), proc_name,
 * proc_regionfilename, and mach_vm_region / vm_region_64 with VM_REGION_BASIC_INFO_64.
 * Other proc_pidinfo flavors fail with ENOTSUP (partial).
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "darwin_private.h"

#define PROC_PIDPATHINFO_MAXSIZE 4096

/* For another machrun guest, the program is the first non-option word after machrun's own
 * options in its command line. */
static int guest_path_of(int pid, char *buf, size_t n)
{
    char p[64];
    struct stat a, b;
    snprintf(p, sizeof p, "/proc/%d/exe", pid);
    if (stat(p, &a) < 0 || stat("/proc/self/exe", &b) < 0)
        return -1;
    if (a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
        ssize_t r = readlink(p, buf, n - 1);
        if (r < 0)
            return -1;
        buf[r] = 0;
        return (int)r;
    }
    snprintf(p, sizeof p, "/proc/%d/cmdline", pid);
    FILE *f = fopen(p, "re");
    if (!f)
        return -1;
    char cmd[8192];
    size_t len = fread(cmd, 1, sizeof cmd - 1, f);
    fclose(f);
    cmd[len] = 0;
    size_t i = strlen(cmd) + 1; /* skip machrun itself */
    while (i < len) {
        const char *w = cmd + i;
        if (!strcmp(w, "--")) {
            i += 3;
            break;
        }
        if (w[0] != '-')
            break;
        if (!strcmp(w, "--argv0"))
            i += strlen(w) + 1;
        i += strlen(cmd + i) + 1;
    }
    if (i >= len)
        return -1;
    if (!realpath(cmd + i, buf))
        snprintf(buf, n, "%s", cmd + i);
    return (int)strlen(buf);
}

static int d_proc_pidpath(int pid, char *buf, uint32_t size)
{
    char path[PATH_MAX];
    int r;
    if (pid == getpid() && darwin_proc.executable_path) {
        if (!realpath(darwin_proc.executable_path, path))
            snprintf(path, sizeof path, "%s", darwin_proc.executable_path);
        r = (int)strlen(path);
    } else {
        r = guest_path_of(pid, path, sizeof path);
    }
    if (r < 0) {
        errno = 3; /* ESRCH */
        return 0;
    }
    if ((uint32_t)r >= size) {
        errno = 12;
        return 0;
    }
    memcpy(buf, path, (size_t)r + 1);
    return r;
}
DARWIN_EXPORT("_proc_pidpath", d_proc_pidpath);

static int d_proc_name(int pid, char *buf, uint32_t size)
{
    char p[64], comm[64] = { 0 };
    snprintf(p, sizeof p, "/proc/%d/comm", pid);
    FILE *f = fopen(p, "re");
    if (!f) {
        errno = 3;
        return 0;
    }
    if (!fgets(comm, sizeof comm, f))
        comm[0] = 0;
    fclose(f);
    comm[strcspn(comm, "\n")] = 0;
    size_t n = strlen(comm);
    if (!size)
        return 0;
    if (n >= size)
        n = size - 1;
    memcpy(buf, comm, n);
    buf[n] = 0;
    return (int)n;
}
DARWIN_EXPORT("_proc_name", d_proc_name);

struct map_region {
    uint64_t start, end, offset;
    int prot;
    bool shared;
    char path[PATH_MAX];
};

/* The first mapping that contains addr or lies above it. */
static bool find_region(uint64_t addr, struct map_region *r)
{
    FILE *f = fopen("/proc/self/maps", "re");
    if (!f)
        return false;
    char line[PATH_MAX + 128];
    bool found = false;
    while (fgets(line, sizeof line, f)) {
        unsigned long long a, b, off;
        char perms[8] = { 0 };
        int n = 0;
        if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %n", &a, &b, perms, &off, &n) < 4)
            continue;
        if (b <= addr)
            continue;
        r->start = a;
        r->end = b;
        r->offset = off;
        r->prot = (perms[0] == 'r' ? 1 : 0) | (perms[1] == 'w' ? 2 : 0) | (perms[2] == 'x' ? 4 : 0);
        r->shared = perms[3] == 's';
        snprintf(r->path, sizeof r->path, "%s", n ? line + n : "");
        r->path[strcspn(r->path, "\n")] = 0;
        found = true;
        break;
    }
    fclose(f);
    return found;
}

static int d_proc_regionfilename(int pid, uint64_t address, char *buf, uint32_t size)
{
    if (pid != getpid()) {
        errno = 45; /* ENOTSUP: only the calling process (partial) */
        return 0;
    }
    struct map_region r;
    if (!find_region(address, &r) || address < r.start || r.path[0] != '/') {
        errno = 22;
        return 0;
    }
    size_t n = strlen(r.path);
    if (n >= size)
        n = size - 1;
    memcpy(buf, r.path, n);
    buf[n] = 0;
    return (int)n;
}
DARWIN_EXPORT_PARTIAL("_proc_regionfilename", d_proc_regionfilename);

static int d_proc_pidinfo(int pid, int flavor, uint64_t arg, void *buf, int size)
{
    (void)pid; (void)flavor; (void)arg; (void)buf; (void)size;
    errno = 45; /* ENOTSUP: no proc_pidinfo flavor is implemented yet */
    return 0;
}
DARWIN_EXPORT_PARTIAL("_proc_pidinfo", d_proc_pidinfo);

/* mach_vm_region(task, &address, &size, VM_REGION_BASIC_INFO_64 (9), info, &count, &object). */
#pragma pack(push, 4)
struct vm_region_basic_info_64 {
    int protection, max_protection;
    unsigned inheritance;
    unsigned shared, reserved;
    uint64_t offset;
    int behavior;
    unsigned short user_wired_count;
};
#pragma pack(pop)

static int d_mach_vm_region(uint32_t task, uint64_t *address, uint64_t *size, int flavor, void *info,
                            uint32_t *count, uint32_t *object)
{
    (void)task;
    if (flavor != 9 && flavor != 10 /* VM_REGION_BASIC_INFO */)
        return 4; /* KERN_INVALID_ARGUMENT */
    if (*count < sizeof(struct vm_region_basic_info_64) / 4)
        return 4;
    struct map_region r;
    if (!find_region(*address, &r))
        return 1; /* KERN_INVALID_ADDRESS */
    struct vm_region_basic_info_64 *b = info;
    memset(b, 0, sizeof *b);
    b->protection = r.prot;
    b->max_protection = 7;
    b->inheritance = 1; /* VM_INHERIT_COPY */
    b->shared = r.shared;
    b->offset = r.offset;
    *address = r.start;
    *size = r.end - r.start;
    *count = sizeof *b / 4;
    if (object)
        *object = 0;
    return 0;
}
DARWIN_EXPORT("_mach_vm_region", d_mach_vm_region);
DARWIN_EXPORT("_vm_region_64", d_mach_vm_region);
