/*
 * builtin.c — machrun's built-in Darwin libraries as dyld sees them: the table of
 * include/machrun/darwin_libraries.def (install names, versions, umbrellas), which install
 * names they answer to, and the two-level lookup of the exports that the library folders
 * declare (DARWIN_EXPORT: two tables the linker sorts by name).
 *
 * Every other system library path (/usr/lib/..., /System/Library/...) is served by machrun
 * with no exports, so that a program which links a framework but never calls it still runs,
 * and a call that does reach it traps with the symbol's name (see trap.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/dyld.h"

#define DLV(x, y, z) ((uint32_t)(x) << 16 | (uint32_t)(y) << 8 | (uint32_t)(z))
const struct dyld_builtin_lib dyld_builtin_libs[DLIB_COUNT] = {
#define DARWIN_LIBRARY(id, name, current, compat, umbrella) \
    [DLIB_##id] = { #id, name, current, compat, DLIB_##umbrella },
#define DARWIN_LIBRARY_ALIAS(id, name)
#include "machrun/darwin_libraries.def"
#undef DARWIN_LIBRARY
#undef DARWIN_LIBRARY_ALIAS
};

/* A version's minor and patch parts are a byte each in LC_ID_DYLIB (Apple writes 1953.255
 * for CoreFoundation 1953.300). */
#define DLV_CHECK(x, y, z) _Static_assert((y) < 256 && (z) < 256 && (x) < 65536, "version part too large");
#define DARWIN_LIBRARY(id, name, current, compat, umbrella) DLV_CHECK_##current DLV_CHECK_##compat
#define DLV_CHECK_DLV(x, y, z) DLV_CHECK(x, y, z)
#define DARWIN_LIBRARY_ALIAS(id, name)
#include "machrun/darwin_libraries.def"
#undef DARWIN_LIBRARY
#undef DARWIN_LIBRARY_ALIAS

static const struct {
    int lib;
    const char *name;
} aliases[] = {
#define DARWIN_LIBRARY(id, name, current, compat, umbrella)
#define DARWIN_LIBRARY_ALIAS(id, name) { DLIB_##id, name },
#include "machrun/darwin_libraries.def"
#undef DARWIN_LIBRARY
#undef DARWIN_LIBRARY_ALIAS
};

/* Compare a framework path with the "Versions/X/" components left out, so that both
 * Name.framework/Name and Name.framework/Versions/A/Name name the framework. */
static bool same_framework_path(const char *a, const char *b)
{
    for (;;) {
        if (!strncmp(a, "Versions/", 9) && a[-1] == '/' && strchr(a + 9, '/'))
            a = strchr(a + 9, '/') + 1;
        if (!strncmp(b, "Versions/", 9) && b[-1] == '/' && strchr(b + 9, '/'))
            b = strchr(b + 9, '/') + 1;
        if (*a != *b)
            return false;
        if (!*a)
            return true;
        a++, b++;
    }
}

bool dyld_builtin_library(const char *install_name, int *lib, bool any_system)
{
    bool framework = !strncmp(install_name, "/System/Library/Frameworks/", 27);
    for (int i = 0; i < DLIB_COUNT; i++) {
        const char *n = dyld_builtin_libs[i].install_name;
        if (framework ? same_framework_path(install_name, n) : !strcmp(install_name, n)) {
            *lib = i;
            return true;
        }
    }
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (!strcmp(install_name, aliases[i].name)) {
            *lib = aliases[i].lib;
            return true;
        }
    /* Any other system library named by a load command: served by machrun with no exports. */
    if (any_system && (!strncmp(install_name, "/usr/lib/", 9) || !strncmp(install_name, "/System/Library/", 16))) {
        *lib = DLIB_NONE;
        return true;
    }
    return false;
}

bool dyld_builtin_reexports(int umbrella, int lib)
{
    for (int depth = 0; lib >= 0 && lib < DLIB_COUNT && depth < 8; depth++) {
        if (lib == umbrella)
            return true;
        lib = dyld_builtin_libs[lib].umbrella;
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

/* A single-symbol re-export of NAME by LIB or a library LIB re-exports. */
static bool reexported_by(int lib, const char *name)
{
    const struct darwin_reexport *b = __start_darwin_reexports;
    size_t lo = 0, hi = b ? (size_t)(__stop_darwin_reexports - b) : 0;
    while (lo < hi) { /* the first entry >= name */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(b[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; b && lo < (size_t)(__stop_darwin_reexports - b) && !strcmp(b[lo].name, name); lo++)
        if (dyld_builtin_reexports(lib, b[lo].lib))
            return true;
    return false;
}

/* Two-level: the export must belong to LIB or to a library LIB re-exports, or be re-exported
 * by one of them as a single symbol. A name is implemented by one library only (`machrun ldd
 * --exports` checks it). */
const struct darwin_export *dyld_builtin_lookup_in(int lib, const char *name)
{
    if (lib < 0 || lib >= DLIB_COUNT)
        return NULL;
    const struct darwin_export *x = dyld_builtin_lookup(name);
    return x && (dyld_builtin_reexports(lib, x->lib) || reexported_by(lib, name)) ? x : NULL;
}

size_t dyld_builtin_count(int lib, bool with_reexports)
{
    const struct darwin_export *b = __start_darwin_exports, *e = b + darwin_export_count();
    size_t n = 0;
    for (const struct darwin_export *x = b; x < e; x++)
        if (lib < 0 || x->lib == lib || (with_reexports && dyld_builtin_reexports(lib, x->lib)))
            n++;
    return n;
}

const char *dyld_builtin_leaf(int lib)
{
    if (lib < 0 || lib >= DLIB_COUNT)
        return "?";
    const char *s = strrchr(dyld_builtin_libs[lib].install_name, '/');
    return s ? s + 1 : dyld_builtin_libs[lib].install_name;
}

int dyld_builtin_by_name(const char *name)
{
    int lib;
    for (int i = 0; i < DLIB_COUNT; i++)
        if (!strcmp(name, dyld_builtin_libs[i].id) || !strcmp(name, dyld_builtin_leaf(i)))
            return i;
    return dyld_builtin_library(name, &lib, false) ? lib : -1;
}
