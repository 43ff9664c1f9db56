/*
 * sysctl.c — sysctl, sysctlbyname, sysctlnametomib: one table of the names programs ask for
 * (kern.*, hw.*, hw.optional.* from CPUID, machdep.cpu.*, sysctl.proc_translated), with
 * their MIB numbers and types, answered from Linux (/proc, sysconf, CPUID). Also the
 * {0,3} name-to-OID query that Go's syscall package uses, and kern.proc.pid.N (kinfo_proc).
 * An unknown name is ENOENT; writes are EPERM (machrun lets no program tune the system).
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

#include "machrun/darwin/private.h"
#include "machrun/darwin/sysinfo.h"

enum ctl_type { T_INT, T_QUAD, T_STRING, T_OPAQUE };

struct ctl_value {
    int64_t num;
    char str[256];
    unsigned char opaque[656];
    size_t opaque_len;
};

typedef int (*ctl_get)(int arg, struct ctl_value *v);

struct ctl_node {
    const char *name;
    int mib[4];
    unsigned miblen;
    enum ctl_type type;
    ctl_get get;
    int arg;
};

/* ---- value sources ---- */
static int get_str(int arg, struct ctl_value *v)
{
    static const char *const strs[] = { "Darwin", darwin_os_release, darwin_kernel_version, darwin_os_version_build,
                                         darwin_os_product_version, "x86_64", "MacPro7,1", "i486" };
    snprintf(v->str, sizeof v->str, "%s", strs[arg]);
    return 0;
}

static int get_const(int arg, struct ctl_value *v)
{
    v->num = arg;
    return 0;
}

static int get_ncpu(int arg, struct ctl_value *v)
{
    (void)arg;
    v->num = sysconf(_SC_NPROCESSORS_ONLN);
    return 0;
}

static int get_memsize(int arg, struct ctl_value *v)
{
    (void)arg;
    v->num = (int64_t)sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE);
    return 0;
}

static int get_pagesize(int arg, struct ctl_value *v)
{
    (void)arg;
    v->num = sysconf(_SC_PAGESIZE);
    return 0;
}

static int get_hostname(int arg, struct ctl_value *v)
{
    (void)arg;
    if (gethostname(v->str, sizeof v->str - 1) < 0)
        return D_ENOENT;
    return 0;
}

static int get_cache(int level, struct ctl_value *v)
{
    static const int names[] = { _SC_LEVEL1_DCACHE_LINESIZE, _SC_LEVEL1_ICACHE_SIZE, _SC_LEVEL1_DCACHE_SIZE,
                                 _SC_LEVEL2_CACHE_SIZE, _SC_LEVEL3_CACHE_SIZE };
    long r = sysconf(names[level]);
    v->num = r > 0 ? r : (level == 0 ? 64 : 0);
    if (v->num == 0)
        return D_ENOENT; /* this machine does not say */
    return 0;
}

static int get_boottime(int arg, struct ctl_value *v)
{
    (void)arg;
    struct sysinfo si;
    struct timespec now;
    if (sysinfo(&si) < 0 || clock_gettime(CLOCK_REALTIME, &now) < 0)
        return D_ENOENT;
    int64_t sec = now.tv_sec - si.uptime;
    memset(v->opaque, 0, 16);
    memcpy(v->opaque, &sec, 8); /* struct timeval {tv_sec; int tv_usec} */
    v->opaque_len = 16;
    return 0;
}

static int get_brand(int arg, struct ctl_value *v)
{
    (void)arg;
    unsigned regs[12];
    if (!__get_cpuid(0x80000002, &regs[0], &regs[1], &regs[2], &regs[3]))
        return D_ENOENT;
    __get_cpuid(0x80000003, &regs[4], &regs[5], &regs[6], &regs[7]);
    __get_cpuid(0x80000004, &regs[8], &regs[9], &regs[10], &regs[11]);
    memcpy(v->str, regs, 48);
    v->str[48] = 0;
    char *s = v->str;
    while (*s == ' ')
        s++;
    memmove(v->str, s, strlen(s) + 1);
    return 0;
}

static int get_vendor(int arg, struct ctl_value *v)
{
    (void)arg;
    unsigned a, b, c, d;
    if (!__get_cpuid(0, &a, &b, &c, &d))
        return D_ENOENT;
    memcpy(v->str, &b, 4);
    memcpy(v->str + 4, &d, 4);
    memcpy(v->str + 8, &c, 4);
    v->str[12] = 0;
    return 0;
}

/* hw.optional.*: arg = leaf<<16 | reg<<8 | bit (reg 0=ebx 1=ecx 2=edx); 0xffffffff = always 1 */
static int get_cpu_feature(int arg, struct ctl_value *v)
{
    if (arg == -1) {
        v->num = 1;
        return 0;
    }
    unsigned leaf = (unsigned)arg >> 16, reg = ((unsigned)arg >> 8) & 0xff, bit = (unsigned)arg & 0xff;
    unsigned r[4] = { 0 };
    if (leaf == 7)
        __cpuid_count(7, 0, r[3], r[0], r[1], r[2]);
    else if (!__get_cpuid(leaf, &r[3], &r[0], &r[1], &r[2]))
        return D_ENOENT;
    v->num = (r[reg] >> bit) & 1;
    return 0;
}
#define FEAT(leaf, reg, bit) (((leaf) << 16) | ((reg) << 8) | (bit))
enum { EBX = 0, ECX = 1, EDX = 2 };

static int get_proc_pid(int pid, struct ctl_value *v);

#define OID_AUTO_BASE 1000
static const struct ctl_node nodes[] = {
    { "kern.ostype", { 1, 1 }, 2, T_STRING, get_str, 0 },
    { "kern.osrelease", { 1, 2 }, 2, T_STRING, get_str, 1 },
    { "kern.osrevision", { 1, 3 }, 2, T_INT, get_const, 199506 },
    { "kern.version", { 1, 4 }, 2, T_STRING, get_str, 2 },
    { "kern.maxvnodes", { 1, 5 }, 2, T_INT, get_const, 263168 },
    { "kern.maxproc", { 1, 6 }, 2, T_INT, get_const, 4176 },
    { "kern.maxfiles", { 1, 7 }, 2, T_INT, get_const, 245760 },
    { "kern.argmax", { 1, 8 }, 2, T_INT, get_const, 1048576 },
    { "kern.securelevel", { 1, 9 }, 2, T_INT, get_const, 0 },
    { "kern.hostname", { 1, 10 }, 2, T_STRING, get_hostname, 0 },
    { "kern.boottime", { 1, 21 }, 2, T_OPAQUE, get_boottime, 0 },
    { "kern.maxfilesperproc", { 1, 29 }, 2, T_INT, get_const, 122880 },
    { "kern.osversion", { 1, 65 }, 2, T_STRING, get_str, 3 },
    { "kern.osproductversion", { 1, OID_AUTO_BASE + 1 }, 2, T_STRING, get_str, 4 },
    { "kern.hv_support", { 1, OID_AUTO_BASE + 2 }, 2, T_INT, get_const, 0 },
    { "hw.machine", { 6, 1 }, 2, T_STRING, get_str, 5 },
    { "hw.model", { 6, 2 }, 2, T_STRING, get_str, 6 },
    { "hw.ncpu", { 6, 3 }, 2, T_INT, get_ncpu, 0 },
    { "hw.byteorder", { 6, 4 }, 2, T_INT, get_const, 1234 },
    { "hw.pagesize", { 6, 7 }, 2, T_QUAD, get_pagesize, 0 },
    { "hw.machine_arch", { 6, 12 }, 2, T_STRING, get_str, 7 },
    { "hw.cachelinesize", { 6, 16 }, 2, T_QUAD, get_cache, 0 },
    { "hw.l1icachesize", { 6, 17 }, 2, T_QUAD, get_cache, 1 },
    { "hw.l1dcachesize", { 6, 18 }, 2, T_QUAD, get_cache, 2 },
    { "hw.l2cachesize", { 6, 20 }, 2, T_QUAD, get_cache, 3 },
    { "hw.l3cachesize", { 6, 22 }, 2, T_QUAD, get_cache, 4 },
    { "hw.memsize", { 6, 24 }, 2, T_QUAD, get_memsize, 0 },
    { "hw.availcpu", { 6, 25 }, 2, T_INT, get_ncpu, 0 },
    { "hw.activecpu", { 6, OID_AUTO_BASE + 1 }, 2, T_INT, get_ncpu, 0 },
    { "hw.physicalcpu", { 6, OID_AUTO_BASE + 2 }, 2, T_INT, get_ncpu, 0 },
    { "hw.physicalcpu_max", { 6, OID_AUTO_BASE + 3 }, 2, T_INT, get_ncpu, 0 },
    { "hw.logicalcpu", { 6, OID_AUTO_BASE + 4 }, 2, T_INT, get_ncpu, 0 },
    { "hw.logicalcpu_max", { 6, OID_AUTO_BASE + 5 }, 2, T_INT, get_ncpu, 0 },
    { "hw.pagesize32", { 6, OID_AUTO_BASE + 6 }, 2, T_INT, get_pagesize, 0 },
    { "hw.optional.x86_64", { 6, OID_AUTO_BASE + 20 }, 2, T_INT, get_cpu_feature, -1 },
    { "hw.optional.mmx", { 6, OID_AUTO_BASE + 21 }, 2, T_INT, get_cpu_feature, FEAT(1, EDX, 23) },
    { "hw.optional.sse", { 6, OID_AUTO_BASE + 22 }, 2, T_INT, get_cpu_feature, FEAT(1, EDX, 25) },
    { "hw.optional.sse2", { 6, OID_AUTO_BASE + 23 }, 2, T_INT, get_cpu_feature, FEAT(1, EDX, 26) },
    { "hw.optional.sse3", { 6, OID_AUTO_BASE + 24 }, 2, T_INT, get_cpu_feature, FEAT(1, ECX, 0) },
    { "hw.optional.supplementalsse3", { 6, OID_AUTO_BASE + 25 }, 2, T_INT, get_cpu_feature, FEAT(1, ECX, 9) },
    { "hw.optional.sse4_1", { 6, OID_AUTO_BASE + 26 }, 2, T_INT, get_cpu_feature, FEAT(1, ECX, 19) },
    { "hw.optional.sse4_2", { 6, OID_AUTO_BASE + 27 }, 2, T_INT, get_cpu_feature, FEAT(1, ECX, 20) },
    { "hw.optional.aes", { 6, OID_AUTO_BASE + 28 }, 2, T_INT, get_cpu_feature, FEAT(1, ECX, 25) },
    { "hw.optional.avx1_0", { 6, OID_AUTO_BASE + 29 }, 2, T_INT, get_cpu_feature, FEAT(1, ECX, 28) },
    { "hw.optional.rdrand", { 6, OID_AUTO_BASE + 30 }, 2, T_INT, get_cpu_feature, FEAT(1, ECX, 30) },
    { "hw.optional.f16c", { 6, OID_AUTO_BASE + 31 }, 2, T_INT, get_cpu_feature, FEAT(1, ECX, 29) },
    { "hw.optional.fma", { 6, OID_AUTO_BASE + 32 }, 2, T_INT, get_cpu_feature, FEAT(1, ECX, 12) },
    { "hw.optional.avx2_0", { 6, OID_AUTO_BASE + 33 }, 2, T_INT, get_cpu_feature, FEAT(7, EBX, 5) },
    { "hw.optional.bmi1", { 6, OID_AUTO_BASE + 34 }, 2, T_INT, get_cpu_feature, FEAT(7, EBX, 3) },
    { "hw.optional.bmi2", { 6, OID_AUTO_BASE + 35 }, 2, T_INT, get_cpu_feature, FEAT(7, EBX, 8) },
    { "hw.optional.rtm", { 6, OID_AUTO_BASE + 36 }, 2, T_INT, get_cpu_feature, FEAT(7, EBX, 11) },
    { "hw.optional.hle", { 6, OID_AUTO_BASE + 37 }, 2, T_INT, get_cpu_feature, FEAT(7, EBX, 4) },
    { "hw.optional.adx", { 6, OID_AUTO_BASE + 38 }, 2, T_INT, get_cpu_feature, FEAT(7, EBX, 19) },
    { "hw.optional.avx512f", { 6, OID_AUTO_BASE + 39 }, 2, T_INT, get_cpu_feature, FEAT(7, EBX, 16) },
    { "hw.optional.avx512cd", { 6, OID_AUTO_BASE + 40 }, 2, T_INT, get_cpu_feature, FEAT(7, EBX, 28) },
    { "hw.optional.avx512dq", { 6, OID_AUTO_BASE + 41 }, 2, T_INT, get_cpu_feature, FEAT(7, EBX, 17) },
    { "hw.optional.avx512bw", { 6, OID_AUTO_BASE + 42 }, 2, T_INT, get_cpu_feature, FEAT(7, EBX, 30) },
    { "hw.optional.avx512vl", { 6, OID_AUTO_BASE + 43 }, 2, T_INT, get_cpu_feature, FEAT(7, EBX, 31) },
    { "hw.optional.avx512ifma", { 6, OID_AUTO_BASE + 44 }, 2, T_INT, get_cpu_feature, FEAT(7, EBX, 21) },
    { "hw.optional.avx512vbmi", { 6, OID_AUTO_BASE + 45 }, 2, T_INT, get_cpu_feature, FEAT(7, ECX, 1) },
    { "machdep.cpu.brand_string", { 7, OID_AUTO_BASE + 1 }, 2, T_STRING, get_brand, 0 },
    { "machdep.cpu.vendor", { 7, OID_AUTO_BASE + 2 }, 2, T_STRING, get_vendor, 0 },
    { "machdep.cpu.core_count", { 7, OID_AUTO_BASE + 3 }, 2, T_INT, get_ncpu, 0 },
    { "machdep.cpu.thread_count", { 7, OID_AUTO_BASE + 4 }, 2, T_INT, get_ncpu, 0 },
    { "sysctl.proc_translated", { 0, OID_AUTO_BASE + 1 }, 2, T_INT, get_const, 0 },
    { "sysctl.proc_native", { 0, OID_AUTO_BASE + 2 }, 2, T_INT, get_const, 1 },
};
#define NNODES (sizeof nodes / sizeof nodes[0])

/* Copy a value out as sysctl(3) does: size query with oldp NULL, ENOMEM when too small
 * (after copying what fits); a quad read into 4 bytes gives the low 32 bits, as XNU allows. */
static int copy_out(enum ctl_type type, struct ctl_value *v, void *oldp, size_t *oldlenp)
{
    const void *src;
    size_t len;
    int32_t i32;
    switch (type) {
    case T_INT:
        i32 = (int32_t)v->num;
        src = &i32;
        len = 4;
        break;
    case T_QUAD:
        if (oldp && oldlenp && *oldlenp == 4) {
            i32 = (int32_t)v->num;
            src = &i32;
            len = 4;
        } else {
            src = &v->num;
            len = 8;
        }
        break;
    case T_STRING:
        src = v->str;
        len = strlen(v->str) + 1;
        break;
    default:
        src = v->opaque;
        len = v->opaque_len;
        break;
    }
    if (!oldlenp)
        return 0;
    if (!oldp) {
        *oldlenp = len;
        return 0;
    }
    if (*oldlenp < len) {
        memcpy(oldp, src, *oldlenp);
        errno = D_ENOMEM;
        return -1;
    }
    memcpy(oldp, src, len);
    *oldlenp = len;
    return 0;
}

static int answer(const struct ctl_node *n, void *oldp, size_t *oldlenp, const void *newp, size_t newlen)
{
    if (newp && newlen) {
        errno = D_EPERM;
        return -1;
    }
    struct ctl_value v;
    memset(&v, 0, sizeof v);
    int e = n->get(n->arg, &v);
    if (e) {
        errno = e;
        return -1;
    }
    return copy_out(n->type, &v, oldp, oldlenp);
}

/* ---- kern.proc.pid.N: a kinfo_proc with what Linux can tell ---- */
static int get_proc_pid(int pid, struct ctl_value *v)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return D_ESRCH;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *lp = strchr(buf, '('), *rp = strrchr(buf, ')');
    if (!lp || !rp)
        return D_ESRCH;
    char state = 0;
    int ppid = 0, pgid = 0, tty = 0, tpgid = 0;
    sscanf(rp + 2, "%c %d %d %*d %d %d", &state, &ppid, &pgid, &tty, &tpgid);
    unsigned char *k = v->opaque;
    memset(k, 0, 648);
    v->opaque_len = 648;
    int32_t flag = 0x4; /* P_LP64 */
    unsigned long tracer = 0;
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    if ((f = fopen(path, "re")) != NULL) {
        while (fgets(buf, sizeof buf, f))
            if (!strncmp(buf, "TracerPid:", 10))
                tracer = strtoul(buf + 10, NULL, 10);
        fclose(f);
    }
    if (tracer)
        flag |= 0x800; /* P_TRACED */
    int8_t stat = state == 'T' || state == 't' ? 4 /* SSTOP */ : state == 'Z' ? 5 /* SZOMB */ : 2 /* SRUN */;
    memcpy(k + 32, &flag, 4);
    memcpy(k + 36, &stat, 1);
    memcpy(k + 40, &pid, 4);
    size_t clen = (size_t)(rp - lp - 1);
    if (clen > 16)
        clen = 16;
    memcpy(k + 243, lp + 1, clen);
    memcpy(k + 560, &ppid, 4);
    memcpy(k + 564, &pgid, 4);
    memcpy(k + 572, &tty, 4);
    memcpy(k + 576, &tpgid, 4);
    uid_t uid = getuid();
    gid_t gid = getgid();
    memcpy(k + 420, &uid, 4);
    memcpy(k + 392, &uid, 4);
    memcpy(k + 400, &gid, 4);
    return 0;
}

static int d_sysctl(int *name, unsigned namelen, void *oldp, size_t *oldlenp, void *newp, size_t newlen)
{
    if (namelen < 2 || namelen > 24) {
        errno = D_EINVAL;
        return -1;
    }
    /* {0, 3}: the name of newp to its OID (what sysctlnametomib does under the hood). */
    if (name[0] == 0 && name[1] == 3) {
        for (size_t i = 0; i < NNODES; i++) {
            if (!newp || strlen(nodes[i].name) != newlen - (((char *)newp)[newlen - 1] == 0) ||
                strncmp(nodes[i].name, newp, strlen(nodes[i].name)))
                continue;
            size_t need = nodes[i].miblen * sizeof(int);
            if (!oldlenp || *oldlenp < need) {
                errno = D_ENOMEM;
                return -1;
            }
            memcpy(oldp, nodes[i].mib, need);
            *oldlenp = need;
            return 0;
        }
        errno = D_ENOENT;
        return -1;
    }
    if (name[0] == 1 && name[1] == 14 && namelen == 4 && name[2] == 1) {
        struct ctl_value v;
        int e = get_proc_pid(name[3], &v);
        if (e) {
            /* Darwin answers an absent pid with a zero-length result, not an error. */
            if (oldlenp)
                *oldlenp = 0;
            return 0;
        }
        return copy_out(T_OPAQUE, &v, oldp, oldlenp);
    }
    for (size_t i = 0; i < NNODES; i++)
        if (nodes[i].miblen == namelen && !memcmp(nodes[i].mib, name, namelen * sizeof(int)))
            return answer(&nodes[i], oldp, oldlenp, newp, newlen);
    errno = D_ENOENT;
    return -1;
}
DARWIN_EXPORT("_sysctl", d_sysctl);

static int d_sysctlbyname(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen)
{
    for (size_t i = 0; i < NNODES; i++)
        if (!strcmp(nodes[i].name, name))
            return answer(&nodes[i], oldp, oldlenp, newp, newlen);
    if (!strncmp(name, "kern.proc.pid.", 14)) {
        int mib[4] = { 1, 14, 1, atoi(name + 14) };
        return d_sysctl(mib, 4, oldp, oldlenp, newp, newlen);
    }
    errno = D_ENOENT;
    return -1;
}
DARWIN_EXPORT("_sysctlbyname", d_sysctlbyname);

static int d_sysctlnametomib(const char *name, int *mibp, size_t *sizep)
{
    for (size_t i = 0; i < NNODES; i++)
        if (!strcmp(nodes[i].name, name)) {
            if (*sizep < nodes[i].miblen) {
                errno = D_ENOMEM;
                return -1;
            }
            memcpy(mibp, nodes[i].mib, nodes[i].miblen * sizeof(int));
            *sizep = nodes[i].miblen;
            return 0;
        }
    if (!strcmp(name, "kern.proc.pid") && *sizep >= 3) {
        mibp[0] = 1;
        mibp[1] = 14;
        mibp[2] = 1;
        *sizep = 3;
        return 0;
    }
    errno = D_ENOENT;
    return -1;
}
DARWIN_EXPORT("_sysctlnametomib", d_sysctlnametomib);
