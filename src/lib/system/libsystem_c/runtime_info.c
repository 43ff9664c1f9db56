/*
 * runtime_info.c — what language runtimes (V8 in deno, Rust's std) ask about themselves:
 * backtrace/backtrace_symbols(_fd) by the frame-pointer chain, as Darwin's do, with Darwin's
 * line format; srandomdev. (What macOS exports from other libraries lives there:
 * getsectiondata & co. in libmacho/getsect.c, thread_info in libsystem_kernel/mach.c,
 * gethostuuid in libsystem_kernel/sysinfo.c, __math_errhandling in libsystem_m/math.c.)
 */
#define _GNU_SOURCE
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

/* ---- misc ---- */
static void d_srandomdev(void)
{
    unsigned seed;
    if (getrandom(&seed, sizeof seed, 0) != sizeof seed)
        seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    srandom(seed);
}
DARWIN_EXPORT("_srandomdev", d_srandomdev);
