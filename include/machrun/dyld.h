/*
 * dyld.h — the interface of src/dyld/: the dynamic linker. Loads an executable's dependent
 * images (built-in Darwin libraries or Mach-O dylibs from disk, which it opens and maps with
 * src/macho's loader), applies fixups, runs initializers and enters the program. It starts
 * from what exec hands it (struct exec_load_result) and never calls back into exec.
 */
#ifndef MACHRUN_DYLD_H
#define MACHRUN_DYLD_H

#include <stdbool.h>
#include <stdint.h>
#include "machrun/exec.h"
#include "machrun/darwin.h"

struct dyld_image {
    char *path;                  /* the path it was loaded from, or the install name (built-in) */
    char *install_name;          /* LC_ID_DYLIB, or the path for the executable */
    bool builtin;                /* a library machrun implements itself */
    int builtin_lib;             /* enum darwin_lib, when builtin */
    struct mo_file file;         /* Mach-O images only */
    struct mo_mapped map;
    struct dyld_image **deps;    /* by library ordinal - 1; NULL for a missing weak dylib */
    uint32_t ndeps;
    struct dyld_image *parent;   /* the image that first loaded this one (for @rpath chains) */
    bool initialized;
    bool fixed;                  /* fixups applied and segments protected */
    bool is_main;
    int refcount;                /* dlopen/dlclose */
    struct dyld_image *next;     /* global load order */
};

/* The loaded images, in load order (the main executable first). */
extern struct dyld_image *dyld_images;
extern struct dyld_image *dyld_main_image;

/* Built-in libraries (builtin.c), one row per library of darwin_libraries.def. */
struct dyld_builtin_lib {
    const char *id;             /* "libsystem_c", "CoreFoundation" (its folder's name) */
    const char *install_name;
    uint32_t current_version, compatibility_version;   /* packed as in LC_ID_DYLIB */
    int umbrella;               /* the library that re-exports this one, or DLIB_NONE */
};
extern const struct dyld_builtin_lib dyld_builtin_libs[DLIB_COUNT];
/* Is this install name one of machrun's? Sets *lib. With any_system, every other /usr/lib or
 * /System/Library name counts too, as DLIB_NONE (a library machrun stands in for with no
 * exports, so that a dependency a run never calls does not stop the program). */
bool dyld_builtin_library(const char *install_name, int *lib, bool any_system);
/* A library by ID, leaf ("libsystem_c.dylib") or install name; -1 if none. */
int dyld_builtin_by_name(const char *name);
/* The last component of a library's install name. */
const char *dyld_builtin_leaf(int lib);
/* Does UMBRELLA export what LIB exports (LIB itself, or re-exported through it)? */
bool dyld_builtin_reexports(int umbrella, int lib);
/* A built-in export by Mach-O symbol name, or NULL: in any library, or two-level, in LIB and
 * what LIB re-exports. */
const struct darwin_export *dyld_builtin_lookup(const char *name);
const struct darwin_export *dyld_builtin_lookup_in(int lib, const char *name);
/* Number of declared exports: of LIB (with what it re-exports, if asked), or all if LIB < 0. */
size_t dyld_builtin_count(int lib, bool with_reexports);

/* From the main image exec loaded and mapped (LR): load its dependencies, fix up everything,
 * run libSystem's initializer (which applies the App Sandbox the entitlements ask for) and the
 * images' initializers, and enter main (or the LC_UNIXTHREAD entry). Never returns; on a load
 * error prints one line and exits with 126. */
_Noreturn void dyld_start(const struct exec_load_result *lr);

/* For `machrun ldd`: map EXE and load without running; print each image and, with unresolved,
 * the imports that have no implementation. Returns an exit status. */
int dyld_list(struct mo_file *exe, bool unresolved, bool quiet);

/* dyld's image API for libSystem (dlfcn.c): images that are Mach-O files, in load order. */
uint32_t dyld_macho_image_count(void);
struct dyld_image *dyld_macho_image(uint32_t index);
/* The image (Mach-O or NULL) whose mapped range contains addr. */
struct dyld_image *dyld_image_containing(uintptr_t addr);
/* For darwin_exit: run the main thread's _tlv_atexit destructors (tlv.c; pthread key
 * destructors do not run for the main thread). */
void dyld_tlv_run_main_thread_dtors(void);

/* A trap for an import with no implementation: calling it reports and aborts. */
void *dyld_make_trap(const char *symbol, const char *library);

/* Environment as dyld reads it (DYLD_PRINT_*). */
struct dyld_env {
    bool print_libraries, print_segments, print_bindings, print_initializers;
    bool print_statistics;   /* DYLD_PRINT_STATISTICS: where the pre-main time went */
    char *library_path, *framework_path, *fallback_library_path, *fallback_framework_path;
    char *insert_libraries;
};
extern struct dyld_env dyld_env;
/* CLOCK_MONOTONIC when machrun's main() began (the start of DYLD_PRINT_STATISTICS' total). */
extern uint64_t dyld_launch_start_ns;
uint64_t dyld_now_ns(void);

/* Run the main thread's thread-local variable destructors (tlv.c; exit(3) calls it first). */
void dyld_tlv_run_main_thread_dtors(void);

#endif
