/*
 * builtin.c — machrun's built-in Darwin libraries: which install names they answer to, and
 * the index of the exports that src/darwin declares (DARWIN_EXPORT, the `darwin_exports`
 * linker section), hashed on first use.
 *
 * Every system library path (/usr/lib/..., /System/Library/...) is served by machrun: the
 * known ones with their declared exports, the others with none, so that a program which
 * links a framework but never calls it still runs, and a call that does reach it traps with
 * the symbol's name (see trap.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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

/* The index: open addressing over slots that hold an export's position + 1 in the low 16 bits
 * and 16 more bits of its hash above them, so that most probes of other names end without a
 * strcmp. It is built on the first lookup of every launch, so it is made cheap: each entry
 * carries its hash, computed by the compiler (DX_HASH in machrun/darwin.h), and the slots are
 * one anonymous mapping populated in a single call (in .bss, or from calloc, each of its pages
 * would fault twice: read as the zero page, then copied when first written). */
static uint32_t *slots;
static size_t slot_mask;

static void build_table(void)
{
    const struct darwin_export *b = __start_darwin_exports, *e = __stop_darwin_exports;
    size_t n = (b && e) ? (size_t)(e - b) : 0;
    if (n >= 0xffff) {
        fprintf(stderr, "machrun: %zu built-in exports: the index holds at most 65534\n", n);
        abort();
    }
    size_t cap = 64;
    while (cap < n * 2)
        cap <<= 1;
    void *m = mmap(NULL, cap * sizeof *slots, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (m == MAP_FAILED)
        abort();
    slots = m;
    slot_mask = cap - 1;
    for (size_t i = 0; i < n; i++) {
        uint32_t h = b[i].hash;
        size_t at = h & slot_mask;
        uint32_t tag = h & 0xffff0000u;
        while (slots[at]) {
            if ((slots[at] & 0xffff0000u) == tag && !strcmp(b[(slots[at] & 0xffff) - 1].name, b[i].name))
                break; /* first declaration wins; duplicates are caught by the exports test */
            at = (at + 1) & slot_mask;
        }
        if (!slots[at])
            slots[at] = tag | (uint32_t)(i + 1);
    }
}

const struct darwin_export *dyld_builtin_lookup(const char *name)
{
    if (!slots)
        build_table();
    const struct darwin_export *b = __start_darwin_exports;
    uint32_t h = darwin_export_hash(name, strlen(name));
    uint32_t tag = h & 0xffff0000u;
    for (size_t at = h & slot_mask; slots[at]; at = (at + 1) & slot_mask) {
        const struct darwin_export *x = &b[(slots[at] & 0xffff) - 1];
        if ((slots[at] & 0xffff0000u) == tag && !strcmp(x->name, name))
            return x;
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
