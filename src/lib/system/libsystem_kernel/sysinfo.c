/*
 * sysinfo.c — what the system says about itself, as Darwin says it: uname (Darwin's 256-byte
 * fields; machrun reports macOS 13.5, Darwin 22.6.0 on x86_64), sysconf with Darwin's _SC_
 * numbers (table generated from the SDK), getrlimit/setrlimit with Darwin's resource numbers
 * and RLIM_INFINITY, getrusage (ru_maxrss in bytes, as Darwin), getpagesize, gethostid.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "machrun/darwin/private.h"
#include "machrun/darwin/sysinfo.h"

const char darwin_os_release[] = "22.6.0";
const char darwin_os_version_build[] = "22G120";
const char darwin_os_product_version[] = "13.5";
const char darwin_kernel_version[] =
    "Darwin Kernel Version 22.6.0: Wed Jul  5 22:21:56 PDT 2023; root:xnu-8796.141.3~6/RELEASE_X86_64";

/* ---- uname ---- */
#define D_SYS_NAMELEN 256
struct darwin_utsname {
    char sysname[D_SYS_NAMELEN];
    char nodename[D_SYS_NAMELEN];
    char release[D_SYS_NAMELEN];
    char version[D_SYS_NAMELEN];
    char machine[D_SYS_NAMELEN];
};

static int d_uname(struct darwin_utsname *u)
{
    struct utsname l;
    if (uname(&l) < 0)
        return dret(-1);
    memset(u, 0, sizeof *u);
    snprintf(u->sysname, D_SYS_NAMELEN, "Darwin");
    snprintf(u->nodename, D_SYS_NAMELEN, "%s", l.nodename);
    snprintf(u->release, D_SYS_NAMELEN, "%s", darwin_os_release);
    snprintf(u->version, D_SYS_NAMELEN, "%s", darwin_kernel_version);
    snprintf(u->machine, D_SYS_NAMELEN, "x86_64");
    return 0;
}
DARWIN_EXPORT("_uname", d_uname);

/* ---- sysconf ---- */
static const struct {
    const char *name;
    int darwin, linux_;
} sc_table[] = {
#include "sysconf_table.inc"
};

static long d_sysconf(int name)
{
    for (size_t i = 0; i < sizeof sc_table / sizeof sc_table[0]; i++) {
        if (sc_table[i].darwin != name)
            continue;
        if (sc_table[i].linux_ < 0) {
            errno = 22; /* EINVAL: no Linux counterpart */
            return -1;
        }
        errno = 0;
        long v = sysconf(sc_table[i].linux_);
        if (v < 0 && errno)
            errno = darwin_errno_from_linux(errno);
        return v;
    }
    errno = 22;
    return -1;
}
DARWIN_EXPORT("_sysconf", d_sysconf);

/* confstr: _CS_PATH as Darwin's, and the per-user folders Darwin keeps under /var/folders,
 * which on Linux are: _CS_DARWIN_USER_TEMP_DIR "/tmp/" (what Rust's env::temp_dir and
 * Foundation fall back to), _CS_DARWIN_USER_CACHE_DIR $XDG_CACHE_HOME or ~/.cache (made if
 * missing, as Darwin makes its own), _CS_DARWIN_USER_DIR $XDG_RUNTIME_DIR or /tmp; each ends
 * with '/' as Darwin's do. Partial: the _CS_POSIX_V6_* / _CS_XBS5_* compiler-flag strings are
 * answered with EINVAL, as for an unknown name. */
static size_t d_confstr(int name, char *buf, size_t len)
{
    char tmp[4096];
    const char *v = NULL;
    switch (name) {
    case 1: /* _CS_PATH */
        v = "/usr/bin:/bin:/usr/sbin:/sbin";
        break;
    case 65536: { /* _CS_DARWIN_USER_DIR */
        const char *r = getenv("XDG_RUNTIME_DIR");
        snprintf(tmp, sizeof tmp, "%s/", r && *r ? r : "/tmp");
        v = tmp;
        break;
    }
    case 65537: /* _CS_DARWIN_USER_TEMP_DIR */
        v = "/tmp/";
        break;
    case 65538: { /* _CS_DARWIN_USER_CACHE_DIR */
        const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
        if (x && *x == '/')
            snprintf(tmp, sizeof tmp, "%s/", x);
        else if (h && *h)
            snprintf(tmp, sizeof tmp, "%s/.cache/", h);
        else
            snprintf(tmp, sizeof tmp, "/tmp/");
        mkdir(tmp, 0700);
        v = tmp;
        break;
    }
    default:
        errno = 22;
        return 0;
    }
    size_t need = strlen(v) + 1;
    if (buf && len) {
        size_t n = need < len ? need - 1 : len - 1;
        memcpy(buf, v, n);
        buf[n] = 0;
    }
    return need;
}
DARWIN_EXPORT_PARTIAL("_confstr", d_confstr);

static int d_getpagesize(void) { return (int)sysconf(_SC_PAGESIZE); }
DARWIN_EXPORT("_getpagesize", d_getpagesize);

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
        errno = 22;
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
        errno = 22;
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

static long d_gethostid(void) { return gethostid(); }
DARWIN_EXPORT("_gethostid", d_gethostid);

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

static int d_nice(int inc)
{
    errno = 0;
    int r = nice(inc);
    if (r == -1 && errno)
        errno = darwin_errno_from_linux(errno);
    return r;
}
DARWIN_EXPORT("_nice", d_nice);
