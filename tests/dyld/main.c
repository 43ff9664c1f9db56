#define _GNU_SOURCE
/* main.c — the dyld test program: links libshape through @rpath (or $ORIGIN), overrides a
 * weak definition, runs atexit handlers in order, dlopens a plugin next to itself, looks up
 * a present and a missing symbol, and uses dladdr. */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __APPLE__
#include <mach-o/dyld.h>
#endif

extern int shape_counter;
int shape_area(int, int);
const char *shape_hook_result(void);

const char *weak_hook(void) { return "weak_hook from the program"; }

static void main_atexit(void) { printf("main: atexit handler\n"); }

__attribute__((constructor)) static void main_ctor(void) { printf("main: constructor\n"); }

static void exe_dir(char *buf, size_t n)
{
#ifdef __APPLE__
    uint32_t size = (uint32_t)n;
    _NSGetExecutablePath(buf, &size);
#else
    ssize_t r = readlink("/proc/self/exe", buf, n - 1);
    buf[r > 0 ? r : 0] = 0;
#endif
    char *s = strrchr(buf, '/');
    if (s)
        *s = 0;
}

int main(void)
{
    atexit(main_atexit);
    int area = shape_area(6, 7);
    printf("area=%d counter=%d\n", area, shape_counter);
    printf("hook: %s\n", shape_hook_result());

    char path[PATH_MAX];
    exe_dir(path, sizeof path);
    strcat(path, "/lib/plugin");
    void *h = dlopen(path, RTLD_NOW);
    if (!h) {
        printf("dlopen failed\n");
        return 1;
    }
    int (*entry)(int) = (int (*)(int))dlsym(h, "plugin_entry");
    int r = entry ? entry(5) : -1;
    printf("plugin_entry(5)=%d counter=%d\n", r, shape_counter);
    void *missing = dlsym(h, "no_such_symbol");
    printf("missing symbol: %s, dlerror set: %d\n", missing ? "found?" : "NULL", dlerror() != NULL);
    printf("dlerror after read: %s\n", dlerror() ? "still set" : "NULL");
    void *none = dlopen("/no/such/library", RTLD_NOW);
    printf("dlopen of a missing file: %s, error set: %d\n", none ? "handle?" : "NULL", dlerror() != NULL);
    Dl_info info;
    if (dladdr((void *)entry, &info))
        printf("dladdr: sname=%s fname ends with plugin: %d\n", info.dli_sname ? info.dli_sname : "(none)",
               info.dli_fname && strlen(info.dli_fname) >= 6 &&
                   !strcmp(info.dli_fname + strlen(info.dli_fname) - 6, "plugin"));
    void *self = dlsym(RTLD_DEFAULT, "shape_area");
    printf("RTLD_DEFAULT finds shape_area: %d\n", self == (void *)shape_area);
    dlclose(h);
    return 3;
}
