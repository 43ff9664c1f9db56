/*
 * runtime_info.c — what language runtimes (V8 in deno, Rust's std) ask about themselves:
 * backtrace/backtrace_symbols(_fd) by the frame-pointer chain, as Darwin's do, with Darwin's
 * line format; getsectiondata/getsegmentdata/getsegbyname/getsectbyname on a mapped Mach-O
 * header; thread_info(THREAD_BASIC_INFO, THREAD_IDENTIFIER_INFO) from /proc; gethostuuid
 * from the machine id; srandomdev; __math_errhandling (MATH_ERREXCEPT).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

/* ---- backtrace ---- */
static int in_stack(uintptr_t fp, uintptr_t lo, uintptr_t hi) { return fp >= lo && fp + 16 <= hi && !(fp & 7); }

static int d_backtrace(void **out, int max)
{
    uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
    /* The stack the frames live on: the current page up to 8 MiB above, bounded by what is
     * mapped; frames must go up in memory, as on Darwin. */
    uintptr_t lo = fp, hi = fp + (8u << 20);
    int n = 0;
    while (n < max && in_stack(fp, lo, hi)) {
        uintptr_t next = ((uintptr_t *)fp)[0], ret = ((uintptr_t *)fp)[1];
        if (!ret)
            break;
        out[n++] = (void *)ret; /* the first is in backtrace's caller, as on Darwin */
        if (next <= fp || next - fp > (1u << 20))
            break;
        lo = fp;
        fp = next;
    }
    return n;
}
DARWIN_EXPORT("_backtrace", d_backtrace);

typedef struct { const char *fname; void *fbase; const char *sname; void *saddr; } dl_info;
static int (*find_dladdr(void))(const void *, dl_info *)
{
    static int (*fn)(const void *, dl_info *);
    if (!fn) {
        const struct darwin_export *b = __start_darwin_exports, *e = b + darwin_export_count();
        for (const struct darwin_export *x = b; x < e; x++)
            if (!strcmp(x->name, "_dladdr"))
                fn = (int (*)(const void *, dl_info *))darwin_export_addr(x);
    }
    return fn;
}

/* Darwin's format: "%-4d%-35s 0x%016lx %s + %lu". */
static void line(char *buf, size_t n, int i, void *addr)
{
    dl_info d = { 0 };
    int (*dl)(const void *, dl_info *) = find_dladdr();
    const char *image = "???";
    if (dl && dl(addr, &d) && d.fname) {
        const char *s = strrchr(d.fname, '/');
        image = s ? s + 1 : d.fname;
    }
    if (d.sname)
        snprintf(buf, n, "%-4d%-35s 0x%016lx %s + %lu", i, image, (unsigned long)(uintptr_t)addr, d.sname,
                 (unsigned long)((uintptr_t)addr - (uintptr_t)d.saddr));
    else
        snprintf(buf, n, "%-4d%-35s 0x%016lx 0x%lx + %lu", i, image, (unsigned long)(uintptr_t)addr,
                 (unsigned long)(uintptr_t)d.fbase, (unsigned long)((uintptr_t)addr - (uintptr_t)d.fbase));
}

static char **d_backtrace_symbols(void *const *addrs, int n)
{
    if (n <= 0)
        return NULL;
    char (*lines)[512] = malloc((size_t)n * sizeof *lines);
    if (!lines)
        return NULL;
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        line(lines[i], sizeof lines[i], i, addrs[i]);
        total += strlen(lines[i]) + 1;
    }
    /* One allocation: the pointers, then the strings (the caller frees the array only). */
    char **out = malloc((size_t)n * sizeof *out + total);
    if (out) {
        char *p = (char *)(out + n);
        for (int i = 0; i < n; i++) {
            size_t l = strlen(lines[i]) + 1;
            memcpy(p, lines[i], l);
            out[i] = p;
            p += l;
        }
    }
    free(lines);
    return out;
}
DARWIN_EXPORT("_backtrace_symbols", d_backtrace_symbols);

static void d_backtrace_symbols_fd(void *const *addrs, int n, int fd)
{
    for (int i = 0; i < n; i++) {
        char b[520];
        line(b, sizeof b - 1, i, addrs[i]);
        size_t l = strlen(b);
        b[l++] = '\n';
        (void)!write(fd, b, l);
    }
}
DARWIN_EXPORT("_backtrace_symbols_fd", d_backtrace_symbols_fd);

/* ---- Mach-O sections of a loaded image ---- */
struct seg64 { uint32_t cmd, cmdsize; char segname[16]; uint64_t vmaddr, vmsize, fileoff, filesize;
               uint32_t maxprot, initprot, nsects, flags; };
struct sect64 { char sectname[16], segname[16]; uint64_t addr, size; uint32_t offset, align, reloff, nreloc, flags,
                reserved1, reserved2, reserved3; };
struct mh64 { uint32_t magic, cputype, cpusubtype, filetype, ncmds, sizeofcmds, flags, reserved; };

static const struct seg64 *segment(const struct mh64 *mh, const char *name, intptr_t *slide)
{
    if (!mh || mh->magic != 0xfeedfacf)
        return NULL;
    const uint8_t *p = (const uint8_t *)(mh + 1);
    const struct seg64 *found = NULL;
    *slide = 0;
    for (uint32_t i = 0; i < mh->ncmds; i++) {
        const struct seg64 *s = (const struct seg64 *)p;
        if (s->cmd == 0x19 /* LC_SEGMENT_64 */) {
            if (!strncmp(s->segname, "__TEXT", 16))
                *slide = (intptr_t)mh - (intptr_t)s->vmaddr;
            if (!strncmp(s->segname, name, 16))
                found = s;
        }
        p += s->cmdsize;
    }
    return found;
}

static const struct mh64 *darwin_main_header(void);
static const struct seg64 *d_getsegbyname(const char *name)
{
    intptr_t slide;
    return segment(darwin_main_header(), name, &slide);
}

static uint8_t *d_getsegmentdata(const struct mh64 *mh, const char *seg, unsigned long *size)
{
    intptr_t slide;
    const struct seg64 *s = segment(mh, seg, &slide);
    if (!s)
        return NULL;
    if (size)
        *size = s->vmsize;
    return (uint8_t *)(uintptr_t)(s->vmaddr + (uint64_t)slide);
}
DARWIN_EXPORT("_getsegmentdata", d_getsegmentdata);

static const struct sect64 *section(const struct seg64 *s, const char *sect)
{
    const struct sect64 *x = (const struct sect64 *)(s + 1);
    for (uint32_t i = 0; i < s->nsects; i++)
        if (!strncmp(x[i].sectname, sect, 16))
            return &x[i];
    return NULL;
}

static uint8_t *d_getsectiondata(const struct mh64 *mh, const char *seg, const char *sect, unsigned long *size)
{
    intptr_t slide;
    const struct seg64 *s = segment(mh, seg, &slide);
    const struct sect64 *x = s ? section(s, sect) : NULL;
    if (!x)
        return NULL;
    if (size)
        *size = x->size;
    return (uint8_t *)(uintptr_t)(x->addr + (uint64_t)slide);
}
DARWIN_EXPORT("_getsectiondata", d_getsectiondata);

/* ---- the main image's header: the first image dyld reports ---- */
static const struct mh64 *darwin_main_header(void)
{
    static const struct mh64 *(*get)(uint32_t);
    if (!get) {
        const struct darwin_export *b = __start_darwin_exports, *e = b + darwin_export_count();
        for (const struct darwin_export *x = b; x < e; x++)
            if (!strcmp(x->name, "__dyld_get_image_header"))
                get = (const struct mh64 *(*)(uint32_t))darwin_export_addr(x);
    }
    return get ? get(0) : NULL;
}

static const struct seg64 *d_getsegbyname_export(const char *name) { return d_getsegbyname(name); }
DARWIN_EXPORT("_getsegbyname", d_getsegbyname_export);

static const struct sect64 *d_getsectbyname(const char *seg, const char *sect)
{
    const struct seg64 *s = d_getsegbyname(seg);
    return s ? section(s, sect) : NULL; /* unslid addresses, as Darwin's */
}
DARWIN_EXPORT("_getsectbyname", d_getsectbyname);

/* ---- thread_info ---- */
#define THREAD_BASIC_INFO 3
#define THREAD_IDENTIFIER_INFO 4
#define THREAD_PORT_BASE 0x1003u

static int d_thread_info(uint32_t thread, int flavor, int32_t *out, uint32_t *count)
{
    if (thread < THREAD_PORT_BASE)
        return 4; /* KERN_INVALID_ARGUMENT */
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
        return 4;
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 4; /* no such thread: KERN_INVALID_ARGUMENT (MACH_SEND_INVALID_DEST on Darwin) */
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 5;
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

/* ---- misc ---- */
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

static void d_srandomdev(void)
{
    unsigned seed;
    if (getrandom(&seed, sizeof seed, 0) != sizeof seed)
        seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    srandom(seed);
}
DARWIN_EXPORT("_srandomdev", d_srandomdev);

static int d___math_errhandling(void) { return 2; } /* MATH_ERREXCEPT: libm reports by exceptions */
DARWIN_EXPORT("___math_errhandling", d___math_errhandling);
