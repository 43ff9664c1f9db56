/*
 * builtin.c — machrun's built-in Darwin libraries: which install names they answer to, and
 * the lookup of the exports that src/darwin declares (DARWIN_EXPORT: two tables the linker
 * sorts by name).
 *
 * Every system library path (/usr/lib/..., /System/Library/...) is served by machrun: the
 * known ones with their declared exports, the others with none, so that a program which
 * links a framework but never calls it still runs, and a call that does reach it traps with
 * the symbol's name (see trap.c).
 */
#include <stdio.h>
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
    { "/usr/lib/libbz2.1.0.dylib", DLIB_BZ2 },
    { "/usr/lib/libbz2.dylib", DLIB_BZ2 },
    { "/usr/lib/liblzma.5.dylib", DLIB_LZMA },
    { "/usr/lib/liblzma.dylib", DLIB_LZMA },
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

/* The exports are sorted by name at link time (src/cli/exports.ld), so a lookup is a binary
 * search: nothing is built or hashed at a launch, and the table is read-only data that is
 * paged in, never written. A name longer than any export is no export. */
const struct darwin_export *dyld_builtin_lookup(const char *name)
{
    const struct darwin_export *b = __start_darwin_exports;
    size_t len = strlen(name);
    if (len >= DX_NAME_MAX)
        return NULL;
    size_t lo = 0, hi = darwin_export_count();
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(b[mid].name, name);
        if (c == 0)
            return &b[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

size_t dyld_builtin_count(int lib)
{
    const struct darwin_export *b = __start_darwin_exports, *e = b + darwin_export_count();
    size_t n = 0;
    for (const struct darwin_export *x = b; x < e; x++)
        if (lib < 0 || x->lib == lib)
            n++;
    return n;
}
