/*
 * builtin.c — machrun's built-in Darwin libraries: which install names they answer to, and
 * the index of the exports that src/darwin declares (DARWIN_EXPORT, the `darwin_exports`
 * linker section), hashed once on first use.
 *
 * Every system library path (/usr/lib/..., /System/Library/...) is served by machrun: the
 * known ones with their declared exports, the others with none, so that a program which
 * links a framework but never calls it still runs, and a call that does reach it traps with
 * the symbol's name (see trap.c).
 */
#include <stdlib.h>
#include <string.h>

#include "machrun/dyld.h"

static const struct {
    const char *name;   /* install name, or a prefix when it ends with '/' */
    int lib;
} builtin_names[] = {
    { "/usr/lib/libSystem.B.dylib", DLIB_SYSTEM },
    { "/usr/lib/libSystem.dylib", DLIB_SYSTEM },
    { "/usr/lib/system/", DLIB_SYSTEM },
    { "/usr/lib/libc.dylib", DLIB_SYSTEM },
    { "/usr/lib/libm.dylib", DLIB_SYSTEM },
    { "/usr/lib/libdl.dylib", DLIB_SYSTEM },
    { "/usr/lib/libpthread.dylib", DLIB_SYSTEM },
    { "/usr/lib/libinfo.dylib", DLIB_SYSTEM },
    { "/usr/lib/libc++.1.dylib", DLIB_CXX },
    { "/usr/lib/libc++.dylib", DLIB_CXX },
    { "/usr/lib/libc++abi.dylib", DLIB_CXXABI },
    { "/usr/lib/libobjc.A.dylib", DLIB_OBJC },
    { "/usr/lib/libiconv.2.dylib", DLIB_ICONV },
    { "/usr/lib/libiconv.dylib", DLIB_ICONV },
    { "/usr/lib/libresolv.9.dylib", DLIB_RESOLV },
    { "/usr/lib/libresolv.dylib", DLIB_RESOLV },
    { "/usr/lib/libz.1.dylib", DLIB_Z },
    { "/usr/lib/libz.dylib", DLIB_Z },
    { "/System/Library/Frameworks/CoreFoundation.framework/", DLIB_COREFOUNDATION },
    { "/System/Library/Frameworks/Security.framework/", DLIB_SECURITY },
    { "/System/Library/Frameworks/CoreServices.framework/", DLIB_CORESERVICES },
    { "/System/Library/Frameworks/IOKit.framework/", DLIB_IOKIT },
    { "/System/Library/Frameworks/Foundation.framework/", DLIB_FOUNDATION },
    { "/System/Library/Frameworks/SystemConfiguration.framework/", DLIB_SYSTEMCONFIGURATION },
};

bool dyld_builtin_library(const char *install_name, int *lib, bool any_system)
{
    for (size_t i = 0; i < sizeof builtin_names / sizeof builtin_names[0]; i++) {
        const char *n = builtin_names[i].name;
        size_t len = strlen(n);
        if (n[len - 1] == '/' ? !strncmp(install_name, n, len) : !strcmp(install_name, n)) {
            *lib = builtin_names[i].lib;
            return true;
        }
    }
    /* Any other system library named by a load command: served by machrun with no exports. */
    if (any_system && (!strncmp(install_name, "/usr/lib/", 9) || !strncmp(install_name, "/System/Library/", 16))) {
        *lib = DLIB_COUNT;
        return true;
    }
    return false;
}

static const struct darwin_export **table;
static size_t table_mask;
static size_t n_exports;

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void build_table(void)
{
    const struct darwin_export *b = __start_darwin_exports, *e = __stop_darwin_exports;
    n_exports = (b && e) ? (size_t)(e - b) : 0;
    size_t cap = 64;
    while (cap < n_exports * 2)
        cap <<= 1;
    table = calloc(cap, sizeof *table);
    if (!table)
        abort();
    table_mask = cap - 1;
    for (size_t i = 0; i < n_exports; i++) {
        size_t h = hash_name(b[i].name) & table_mask;
        while (table[h]) {
            if (!strcmp(table[h]->name, b[i].name))
                break; /* first declaration wins; duplicates are caught by the exports test */
            h = (h + 1) & table_mask;
        }
        if (!table[h])
            table[h] = &b[i];
    }
}

const struct darwin_export *dyld_builtin_lookup(const char *name)
{
    if (!table)
        build_table();
    size_t h = hash_name(name) & table_mask;
    while (table[h]) {
        if (!strcmp(table[h]->name, name))
            return table[h];
        h = (h + 1) & table_mask;
    }
    return NULL;
}

size_t dyld_builtin_count(int lib)
{
    const struct darwin_export *b = __start_darwin_exports, *e = __stop_darwin_exports;
    if (!b || !e)
        return 0;
    size_t n = 0;
    for (const struct darwin_export *x = b; x < e; x++)
        if (lib < 0 || x->lib == lib)
            n++;
    return n;
}
