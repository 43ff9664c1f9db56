/*
 * libproc.c — libproc and Mach VM queries over /proc: proc_pidpath (a guest's Mach-O path,
 * not machrun's, for this process and for other machrun guests), proc_name,
 * proc_regionfilename, proc_listpids / proc_listallpids / proc_listchildpids,
 * proc_pid_rusage, and mach_vm_region / vm_region_64 with VM_REGION_BASIC_INFO_64.
 * Other proc_pidinfo flavors fail with ENOTSUP (partial).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machrun/darwin/kern_return.h"
#include "machrun/darwin/private.h"

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
        errno = D_ESRCH;
        return 0;
    }
    if ((uint32_t)r >= size) {
        errno = D_ENOMEM;
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
        errno = D_ESRCH;
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
        errno = D_ENOTSUP; /* only the calling process (partial) */
        return 0;
    }
    struct map_region r;
    if (!find_region(address, &r) || address < r.start || r.path[0] != '/') {
        errno = D_EINVAL;
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
    errno = D_ENOTSUP; /* no proc_pidinfo flavor is implemented yet */
    return 0;
}
DARWIN_EXPORT_PARTIAL("_proc_pidinfo", d_proc_pidinfo);

/* ---- process lists ---- */

/* Fields of /proc/PID/stat after the command name: state is [0], ppid [1], pgrp [2], ... */
static int stat_fields(int pid, long long *f, int nf)
{
    char p[64], buf[1024];
    snprintf(p, sizeof p, "/proc/%d/stat", pid);
    FILE *fp = fopen(p, "re");
    if (!fp)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = 0;
    char *q = strrchr(buf, ')');
    if (!q)
        return -1;
    q += 2;
    int i = 0;
    for (char *t = strtok(q, " "); t && i < nf; t = strtok(NULL, " "), i++)
        f[i] = i == 0 ? (long long)t[0] : strtoll(t, NULL, 10);
    return i;
}

static int status_uid(int pid, bool real, uid_t *out)
{
    char p[64], line[256];
    snprintf(p, sizeof p, "/proc/%d/status", pid);
    FILE *fp = fopen(p, "re");
    if (!fp)
        return -1;
    int r = -1;
    while (fgets(line, sizeof line, fp))
        if (strncmp(line, "Uid:", 4) == 0) {
            unsigned ruid, euid;
            if (sscanf(line + 4, "%u %u", &ruid, &euid) == 2) {
                *out = real ? ruid : euid;
                r = 0;
            }
            break;
        }
    fclose(fp);
    return r;
}

/* proc_listpids's types (<sys/proc_info.h>). */
#define PROC_ALL_PIDS 1
#define PROC_PGRP_ONLY 2
#define PROC_TTY_ONLY 3
#define PROC_UID_ONLY 4
#define PROC_RUID_ONLY 5
#define PROC_PPID_ONLY 6

/* proc_listpids(type, typeinfo, buffer, size): PROC_UID_ONLY is the effective uid. Returns
 * the bytes of pids stored, or with no buffer the bytes needed. Partial: PROC_TTY_ONLY fails
 * with ENOTSUP. */
static int d_proc_listpids(uint32_t type, uint32_t typeinfo, void *buffer, int size)
{
    if (type < PROC_ALL_PIDS || type > PROC_PPID_ONLY) {
        errno = D_EINVAL;
        return -1;
    }
    if (type == PROC_TTY_ONLY) {
        errno = D_ENOTSUP;
        return -1;
    }
    DIR *d = opendir("/proc");
    if (!d)
        return dret(-1);
    int count = 0, cap = buffer && size > 0 ? size / (int)sizeof(int) : 0;
    for (struct dirent *e; (e = readdir(d));) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 0)
            continue;
        bool keep = type == PROC_ALL_PIDS;
        if (type == PROC_PGRP_ONLY || type == PROC_PPID_ONLY) {
            long long f[3];
            keep = stat_fields((int)pid, f, 3) == 3 && (uint32_t)f[type == PROC_PGRP_ONLY ? 2 : 1] == typeinfo;
        } else if (type == PROC_UID_ONLY || type == PROC_RUID_ONLY) {
            uid_t u;
            keep = status_uid((int)pid, type == PROC_RUID_ONLY, &u) == 0 && u == typeinfo;
        }
        if (!keep)
            continue;
        if (buffer) {
            if (count >= cap)
                break;
            ((int *)buffer)[count] = (int)pid;
        }
        count++;
    }
    closedir(d);
    return count * (int)sizeof(int);
}
DARWIN_EXPORT_PARTIAL("_proc_listpids", d_proc_listpids);

static int d_proc_listallpids(void *buffer, int size)
{
    int r = d_proc_listpids(1, 0, buffer, size);
    return r < 0 ? -1 : r / (int)sizeof(int);
}
DARWIN_EXPORT("_proc_listallpids", d_proc_listallpids);

static int d_proc_listchildpids(int ppid, void *buffer, int size)
{
    int r = d_proc_listpids(6, (uint32_t)ppid, buffer, size);
    return r < 0 ? -1 : r / (int)sizeof(int);
}
DARWIN_EXPORT("_proc_listchildpids", d_proc_listchildpids);

/* proc_pid_rusage(pid, flavor, buffer): struct rusage_info_v0 ... v6 (96, 144, 160, 232, 296,
 * 304, 464 bytes). Times are in mach_absolute_time units (nanoseconds here): user/system and
 * the children's from /proc/PID/stat, the start time on the same clock; resident size and
 * footprint from statm, the lifetime peak from VmHWM, page-ins from major faults, disk bytes
 * from /proc/PID/io when readable. Partial: the energy, QoS, wakeup and instruction counters
 * Linux does not keep are 0. */
static int d_proc_pid_rusage(int pid, int flavor, void *buffer)
{
    static const unsigned sizes[] = { 96, 144, 160, 232, 296, 304, 464 };
    if (flavor < 0 || flavor > 6 || !buffer) {
        errno = D_EINVAL;
        return -1;
    }
    long long f[22];
    if (stat_fields(pid, f, 22) < 22) {
        errno = D_ESRCH;
        return -1;
    }
    uint64_t r[58];
    memset(r, 0, sizeof r);
    double tick = 1e9 / (double)sysconf(_SC_CLK_TCK);
    long page = sysconf(_SC_PAGESIZE);
    /* r[0..1] is ri_uuid; then the uint64_t fields in order. */
    uint64_t *v = r + 2;
    v[0] = (uint64_t)(f[11] * tick);  /* ri_user_time (utime) */
    v[1] = (uint64_t)(f[12] * tick);  /* ri_system_time (stime) */
    v[4] = (uint64_t)f[9];            /* ri_pageins: major faults */
    char p[64];
    snprintf(p, sizeof p, "/proc/%d/statm", pid);
    FILE *fp = fopen(p, "re");
    unsigned long long vsz = 0, rss = 0;
    if (fp) {
        if (fscanf(fp, "%llu %llu", &vsz, &rss) != 2)
            rss = 0;
        fclose(fp);
    }
    v[6] = rss * (uint64_t)page;       /* ri_resident_size */
    v[7] = rss * (uint64_t)page;       /* ri_phys_footprint */
    v[8] = (uint64_t)(f[19] * tick);  /* ri_proc_start_abstime (starttime) */
    v[10] = (uint64_t)(f[13] * tick); /* ri_child_user_time (cutime) */
    v[11] = (uint64_t)(f[14] * tick); /* ri_child_system_time (cstime) */
    v[14] = (uint64_t)f[10];          /* ri_child_pageins (cmajflt) */
    snprintf(p, sizeof p, "/proc/%d/io", pid);
    if ((fp = fopen(p, "re"))) {
        char line[128];
        unsigned long long x;
        while (fgets(line, sizeof line, fp)) {
            if (sscanf(line, "read_bytes: %llu", &x) == 1)
                v[16] = x; /* ri_diskio_bytesread */
            else if (sscanf(line, "write_bytes: %llu", &x) == 1)
                v[17] = x; /* ri_diskio_byteswritten */
        }
        fclose(fp);
    }
    snprintf(p, sizeof p, "/proc/%d/status", pid);
    if ((fp = fopen(p, "re"))) {
        char line[128];
        unsigned long long kb;
        while (fgets(line, sizeof line, fp))
            if (sscanf(line, "VmHWM: %llu kB", &kb) == 1)
                v[28] = kb * 1024; /* ri_lifetime_max_phys_footprint (v4 and later) */
        fclose(fp);
    }
    memcpy(buffer, r, sizes[flavor]);
    return 0;
}
DARWIN_EXPORT_PARTIAL("_proc_pid_rusage", d_proc_pid_rusage);

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

/* mach_vm_region flavors (<mach/vm_region.h>). */
#define VM_REGION_BASIC_INFO_64 9
#define VM_REGION_BASIC_INFO 10

static int d_mach_vm_region(uint32_t task, uint64_t *address, uint64_t *size, int flavor, void *info,
                            uint32_t *count, uint32_t *object)
{
    (void)task;
    if (flavor != VM_REGION_BASIC_INFO_64 && flavor != VM_REGION_BASIC_INFO)
        return KERN_INVALID_ARGUMENT;
    if (*count < sizeof(struct vm_region_basic_info_64) / 4)
        return KERN_INVALID_ARGUMENT;
    struct map_region r;
    if (!find_region(*address, &r))
        return KERN_INVALID_ADDRESS;
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
