/*
 * hostlib.c — opening a host shared library on first use and finding its functions (see
 * include/machrun/hostlib.h). machrun is a static PIE; glibc's static dlopen gives each
 * library its own namespace (with its own copy of libc, as it does for NSS modules), which is
 * why the forwarders in this folder copy anything the library allocates.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machrun/exec_probe.h"
#include "machrun/hostlib.h"

#define MAX_LIBS 8

static struct { const char *soname; void *handle; } libs[MAX_LIBS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void fail(const char *soname, const char *what, const char *detail)
{
    fprintf(stderr, "machrun: cannot load %s (needed for %s): %s\n", soname, what, detail ? detail : "unknown error");
    exit(126);
}

/* The host libraries behind guest-facing built-in libraries (see hostlib_preload), and
 * those granted to a sandboxed program but left to open on first use: libcrypto costs ~3 ms
 * to open (its relocations), more than a sandboxed launch itself, for the few programs that
 * evaluate certificates. */
static const struct { const char *soname; bool preload; } guest_libs[] = {
    { "libz.so.1", true },       /* src/lib/libz/zlib.c: /usr/lib/libz.1.dylib */
    { "libbz2.so.1.0", true },   /* src/lib/libbz2/bzip2.c: /usr/lib/libbz2.1.0.dylib */
    { "liblzma.so.5", true },    /* src/lib/liblzma/lzma.c: /usr/lib/liblzma.5.dylib */
    { "libcrypto.so.3", false }, /* src/hostlib/crypto_x509.c: Security.framework's trust evaluation */
};

/* The libraries opened here run on a second copy of glibc (static dlopen), which keeps its
 * own table of pthread keys but stores their values in the same per-thread blocks as
 * machrun's glibc: both would hand out key 0 first and overwrite each other's values (the
 * host libcrypto read dyld's thread-local data as its own and crashed). So the first 32 keys,
 * whose values live inline in each thread (the others in blocks each glibc frees with its own
 * allocator), are split before the first library is opened: the second glibc gets 16..31
 * (its 0..15 are taken), machrun's keeps 0..15 (its 16..31 are taken). Keys past 31 stay
 * machrun's. The second glibc's key destructors never run (threads exit through machrun's),
 * so a host library's per-thread state is not freed when a thread ends. */
static void split_thread_keys(void)
{
    void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_LOCAL);
    int (*inner_create)(pthread_key_t *, void (*)(void *)) =
        libc ? (int (*)(pthread_key_t *, void (*)(void *)))dlsym(libc, "pthread_key_create") : NULL;
    int (*inner_delete)(pthread_key_t) = libc ? (int (*)(pthread_key_t))dlsym(libc, "pthread_key_delete") : NULL;
    pthread_key_t k;
    if (inner_create && inner_delete)
        for (int n = 0; n < 32 && inner_create(&k, NULL) == 0; n++)
            if (k >= 16) {
                inner_delete(k);
                break;
            }
    pthread_key_t low[32];
    int nlow = 0;
    for (int n = 0; n < 32 && pthread_key_create(&k, NULL) == 0; n++) {
        if (k < 16)
            low[nlow++] = k;
        else if (k >= 31)
            break;
    }
    while (nlow > 0)
        pthread_key_delete(low[--nlow]);
}

static void *open_lib(const char *soname, const char **why)
{
    static bool keys_split;
    void *h = NULL;
    pthread_mutex_lock(&lock);
    int i;
    for (i = 0; i < MAX_LIBS && libs[i].soname; i++)
        if (!strcmp(libs[i].soname, soname))
            break;
    if (i < MAX_LIBS && libs[i].soname) {
        h = libs[i].handle;
    } else {
        if (!keys_split) {
            keys_split = true;
            split_thread_keys();
        }
        h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
        if (!h)
            *why = dlerror();
        else if (i < MAX_LIBS) {
            libs[i].soname = soname;
            libs[i].handle = h;
        }
    }
    pthread_mutex_unlock(&lock);
    return h;
}

void hostlib_preload(void)
{
    for (size_t i = 0; i < sizeof guest_libs / sizeof guest_libs[0]; i++) {
        const char *why = NULL;
        if (guest_libs[i].preload)
            (void)open_lib(guest_libs[i].soname, &why); /* a missing one fails with its message on first use */
    }
}

void hostlib_each_file(void (*fn)(const char *path, void *ctx), void *ctx)
{
    /* what glibc's static dlopen of one of guest_libs maps: the library, and its own libc
     * (which needs the dynamic loader and libm for libplist-like dependencies) */
    static const char *const deps[] = { "libc.so.6", "libm.so.6", "ld-linux-x86-64.so.2" };
    static const char *const dirs[] = { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64",
                                        "/usr/lib64", "/lib", "/usr/lib" };
    /* and the exec shim beside machrun, which the host programs a guest starts preload */
    char self[PATH_MAX], shim[PATH_MAX + sizeof EXEC_SHIM_NAME + 1], real_shim[PATH_MAX];
    ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
    char *slash = sl > 0 ? (self[sl] = 0, strrchr(self, '/')) : NULL;
    if (slash) {
        snprintf(shim, sizeof shim, "%.*s/%s", (int)(slash - self), self, EXEC_SHIM_NAME);
        if (realpath(shim, real_shim))
            fn(real_shim, ctx);
    }
    size_t n = sizeof guest_libs / sizeof guest_libs[0], nd = sizeof deps / sizeof deps[0];
    for (size_t i = 0; i < n + nd; i++) {
        const char *so = i < n ? guest_libs[i].soname : deps[i - n];
        for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
            char path[PATH_MAX], real[PATH_MAX];
            snprintf(path, sizeof path, "%s/%s", dirs[d], so);
            if (realpath(path, real)) {
                fn(real, ctx);
                break;
            }
        }
    }
}

void *hostlib_sym(const char *soname, const char *what, const char *name)
{
    const char *why = NULL;
    void *h = open_lib(soname, &why);
    if (!h)
        fail(soname, what, why);
    dlerror();
    void *p = dlsym(h, name);
    if (!p) {
        char detail[160];
        snprintf(detail, sizeof detail, "it has no %s", name);
        fail(soname, what, detail);
    }
    return p;
}
