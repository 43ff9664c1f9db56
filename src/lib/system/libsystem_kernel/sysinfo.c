/*
 * sysinfo.c — the identity machrun reports for the system (macOS 13.5, Darwin 22.6.0 on
 * x86_64: the strings of sysinfo.h, read by uname and sysctl) and the kernel's resource
 * calls: getrlimit/setrlimit with Darwin's resource numbers and RLIM_INFINITY, getrusage
 * (ru_maxrss in bytes, as Darwin), getpriority/setpriority; gethostuuid from the machine id.
 * (uname, sysconf/confstr/getpagesize, gethostid and nice are libsystem_c's: see
 * libsystem_c/uname.c, sysconf.c, gethostid.c, nice.c.)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "machrun/darwin/private.h"
#include "machrun/darwin/sysinfo.h"

const char darwin_os_release[] = "22.6.0";
const char darwin_os_version_build[] = "22G120";
const char darwin_os_product_version[] = "13.5";
const char darwin_kernel_version[] =
    "Darwin Kernel Version 22.6.0: Wed Jul  5 22:21:56 PDT 2023; root:xnu-8796.141.3~6/RELEASE_X86_64";

/* ---- resource limits ---- */
#define D_RLIM_INFINITY ((uint64_t)0x7fffffffffffffffull)
static const struct {
    int darwin, linux_;
} rlimit_table[] = {
    { 0, RLIMIT_CPU }, { 1, RLIMIT_FSIZE }, { 2, RLIMIT_DATA }, { 3, RLIMIT_STACK }, { 4, RLIMIT_CORE },
    { 5, RLIMIT_AS }, /* Darwin's RLIMIT_AS and RLIMIT_RSS share 5 */
    { 6, RLIMIT_MEMLOCK }, { 7, RLIMIT_NPROC }, { 8, RLIMIT_NOFILE },
};

static int rlimit_linux(int d)
{
    d &= ~0x1000; /* _RLIMIT_POSIX_FLAG */
    for (size_t i = 0; i < sizeof rlimit_table / sizeof rlimit_table[0]; i++)
        if (rlimit_table[i].darwin == d)
            return rlimit_table[i].linux_;
    return -1;
}

struct darwin_rlimit {
    uint64_t cur, max;
};

static uint64_t to_d(rlim_t v) { return v == RLIM_INFINITY ? D_RLIM_INFINITY : (uint64_t)v; }
static rlim_t to_l(uint64_t v) { return v >= D_RLIM_INFINITY ? RLIM_INFINITY : (rlim_t)v; }

static int d_getrlimit(int resource, struct darwin_rlimit *out)
{
    int r = rlimit_linux(resource);
    if (r < 0) {
        errno = D_EINVAL;
        return -1;
    }
    struct rlimit l;
    if (getrlimit((__rlimit_resource_t)r, &l) < 0)
        return dret(-1);
    out->cur = to_d(l.rlim_cur);
    out->max = to_d(l.rlim_max);
    return 0;
}
DARWIN_EXPORT("_getrlimit", d_getrlimit);

static int d_setrlimit(int resource, const struct darwin_rlimit *in)
{
    int r = rlimit_linux(resource);
    if (r < 0) {
        errno = D_EINVAL;
        return -1;
    }
    struct rlimit l = { to_l(in->cur), to_l(in->max) };
    return dret(setrlimit((__rlimit_resource_t)r, &l));
}
DARWIN_EXPORT("_setrlimit", d_setrlimit);

/* Darwin's struct rusage matches glibc's byte for byte on x86_64 (timeval's 32-bit tv_usec
 * sits in the low half of glibc's long, values < 10^6), except ru_maxrss: bytes, not KiB. */
static int d_getrusage(int who, struct rusage *ru)
{
    /* RUSAGE_SELF 0 and RUSAGE_CHILDREN -1 are the same numbers. */
    if (getrusage(who, ru) < 0)
        return dret(-1);
    ru->ru_maxrss *= 1024;
    return 0;
}
DARWIN_EXPORT("_getrusage", d_getrusage);

/* getpriority/setpriority: PRIO_PROCESS 0, PRIO_PGRP 1, PRIO_USER 2 agree. */
static int d_getpriority(int which, unsigned who)
{
    errno = 0;
    int r = getpriority((__priority_which_t)which, who);
    if (r == -1 && errno)
        errno = darwin_errno_from_linux(errno);
    return r;
}
DARWIN_EXPORT("_getpriority", d_getpriority);

static int d_setpriority(int which, unsigned who, int prio)
{
    return dret(setpriority((__priority_which_t)which, who, prio));
}
DARWIN_EXPORT("_setpriority", d_setpriority);

/* ---- gethostuuid: the machine id ---- */
static int d_gethostuuid(uint8_t *uuid, const struct timespec *wait)
{
    (void)wait;
    char hex[64] = { 0 };
    int fd = open("/etc/machine-id", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fd = open("/var/lib/dbus/machine-id", O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, hex, sizeof hex - 1) : -1;
    if (fd >= 0)
        close(fd);
    if (n < 32) {
        errno = D_EIO;
        return -1;
    }
    for (int i = 0; i < 16; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
            errno = D_EIO;
            return -1;
        }
        uuid[i] = (uint8_t)v;
    }
    return 0;
}
DARWIN_EXPORT("_gethostuuid", d_gethostuuid);
