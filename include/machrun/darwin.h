/*
 * darwin.h — how machrun's built-in libraries (src/lib/<library>, src/lib/system/<library>,
 * src/frameworks/<framework>: one folder per library of darwin_libraries.def) declare the
 * Darwin functions and data they export to Mach-O programs (docs/libsystem.md).
 *
 * Each area file declares its exports next to their implementations, Wine-style; the folder
 * gives the library:
 *
 *     DARWIN_EXPORT("_getenv", d_getenv);                      // a function
 *     DARWIN_EXPORT_DATA("___stdoutp", d_stdoutp);             // a variable
 *     DARWIN_EXPORT_PARTIAL("_chflags", d_chflags);            // works in part: see its comment
 *     DARWIN_REEXPORT("_exp2");                                // implemented by another library
 *
 * The entries land in two tables sorted by name by the linker (src/cli/exports.ld), which
 * src/dyld/builtin.c searches. Guest code calls an implementation directly (same SysV x86_64 ABI),
 * so an implementation takes and returns Darwin types and sets the Darwin errno.
 */
#ifndef MACHRUN_DARWIN_H
#define MACHRUN_DARWIN_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/* The built-in libraries (include/machrun/darwin_libraries.def): DLIB_libSystem,
 * DLIB_libsystem_c, DLIB_CoreFoundation... */
enum darwin_lib {
#define DARWIN_LIBRARY(id, name, current, compat, umbrella) DLIB_##id,
#define DARWIN_LIBRARY_ALIAS(id, name)
#include "machrun/darwin_libraries.def"
#undef DARWIN_LIBRARY
#undef DARWIN_LIBRARY_ALIAS
    DLIB_COUNT,
    DLIB_NONE = DLIB_COUNT  /* no umbrella; a system library machrun stands in for with no exports */
};


enum darwin_export_kind {
    DX_FUNC = 0,     /* a complete implementation */
    DX_DATA = 1,     /* a variable: addr is its address */
    DX_PARTIAL = 2,  /* a function that implements part of the Darwin behaviour (its comment says
                        what it lacks; it fails with a Darwin errno there) */
};

/* An export, as the table holds it: the name inline (no pointer to relocate), then the
 * implementation's address in the parallel table darwin_export_addrs (the only part of an
 * export that needs a relocation at machrun's start, so that the pages relocated are 8 bytes
 * an export, not 24). */
#define DX_NAME_MAX 62
struct darwin_export {
    char name[DX_NAME_MAX]; /* Mach-O symbol name, with the leading underscore and any $ suffix */
    uint8_t lib;            /* enum darwin_lib */
    uint8_t kind;           /* enum darwin_export_kind */
};

/* Each export is two input sections named after its symbol, `darwin_exports.<sym>` and
 * `darwin_export_addrs.<sym>`, which src/cli/exports.ld sorts by name into the two tables:
 * entry i of one is entry i of the other, and dyld looks a name up by binary search with no
 * index to build at a launch. */
#define DX_CAT2(a, b) a##b
#define DX_CAT(a, b) DX_CAT2(a, b)
#define DX_FULL2(lib_, kind_, sym, impl, n)                                                     \
    _Static_assert(sizeof(sym) <= DX_NAME_MAX, "export name too long: " sym);                  \
    static const struct darwin_export DX_CAT(dx_entry_, n)                                      \
        __attribute__((used, section("darwin_exports." sym), aligned(8))) = { sym, lib_, kind_ }; \
    static void *const DX_CAT(dx_addr_, n) __attribute__((used, section("darwin_export_addrs." sym))) = \
        (void *)&(impl)
#define DARWIN_EXPORT_FULL(lib_, kind_, sym, impl) DX_FULL2(lib_, kind_, "" sym "", impl, __COUNTER__)

/* The library of the folder being compiled: the build defines MR_LIBRARY as the folder's
 * name (src/lib/system/libsystem_c: MR_LIBRARY=libsystem_c), which must be a library of
 * darwin_libraries.def. */
#define DX_THIS_LIBRARY DX_CAT(DLIB_, MR_LIBRARY)
#define DARWIN_EXPORT(sym, impl)            DARWIN_EXPORT_FULL(DX_THIS_LIBRARY, DX_FUNC, sym, impl)
#define DARWIN_EXPORT_DATA(sym, var)        DARWIN_EXPORT_FULL(DX_THIS_LIBRARY, DX_DATA, sym, var)
#define DARWIN_EXPORT_PARTIAL(sym, impl)    DARWIN_EXPORT_FULL(DX_THIS_LIBRARY, DX_PARTIAL, sym, impl)
#define DARWIN_EXPORT_LIB(lib, sym, impl)   DARWIN_EXPORT_FULL(lib, DX_FUNC, sym, impl)
#define DARWIN_EXPORT_LIB_DATA(lib, sym, v) DARWIN_EXPORT_FULL(lib, DX_DATA, sym, v)

/* A symbol this library exports although another built-in library implements it, as macOS
 * re-exports single symbols (CoreServices' CarbonCore exports libm's exp2): the third
 * table, `darwin_reexports.<sym>`, sorted by name; a name may appear once per library. */
struct darwin_reexport {
    char name[DX_NAME_MAX];
    uint8_t lib;            /* enum darwin_lib: the library that re-exports it */
    uint8_t pad_;           /* 64 bytes, as each entry is placed 8-aligned */
};
_Static_assert(sizeof(struct darwin_reexport) == 64, "re-export entries are 64 bytes");
#define DX_REEXPORT2(lib_, sym, n)                                                                 \
    _Static_assert(sizeof(sym) <= DX_NAME_MAX, "export name too long: " sym);                     \
    static const struct darwin_reexport DX_CAT(dx_reexport_, n)                                    \
        __attribute__((used, section("darwin_reexports." sym), aligned(8))) = { sym, lib_, 0 }
#define DARWIN_REEXPORT(sym) DX_REEXPORT2(DX_THIS_LIBRARY, "" sym "", __COUNTER__)
extern const struct darwin_reexport __start_darwin_reexports[] __attribute__((weak));
extern const struct darwin_reexport __stop_darwin_reexports[] __attribute__((weak));

/* All declared exports, sorted by name (the linker's tables; empty without exports.ld). */
extern const struct darwin_export __start_darwin_exports[] __attribute__((weak));
extern const struct darwin_export __stop_darwin_exports[] __attribute__((weak));
extern void *const __start_darwin_export_addrs[] __attribute__((weak));
extern void *const __stop_darwin_export_addrs[] __attribute__((weak));
static inline size_t darwin_export_count(void)
{
    return __start_darwin_exports ? (size_t)(__stop_darwin_exports - __start_darwin_exports) : 0;
}
/* The implementation of export X (an entry of the table). */
static inline void *darwin_export_addr(const struct darwin_export *x)
{
    return __start_darwin_export_addrs[x - __start_darwin_exports];
}

/* A per-thread buffer for a result Darwin returns in thread-local storage (thread_buf.c):
 * allocated on first use, freed at thread exit; SIZE must be the same at every call for a
 * buffer. NULL when out of memory. */
enum darwin_tbuf { DARWIN_TBUF_BASENAME, DARWIN_TBUF_DIRNAME, DARWIN_TBUF_DLERROR, DARWIN_TBUF_COUNT };
void *darwin_thread_buffer(enum darwin_tbuf which, size_t size);

/* The Darwin errno of the calling guest thread (what __error() returns). */
int *darwin_errno_ptr(void);
/* Set the Darwin errno from a Linux errno value. */
void darwin_set_errno_from_linux(int linux_errno);
/* Translate errno values (the table: include/machrun/darwin/errno.def). */
int darwin_errno_from_linux(int e);
int linux_errno_from_darwin(int e);

/* Run-time facts about the guest process that libSystem answers from
 * (_NSGetExecutablePath, _NSGetArgv, getprogname...). Filled by dyld before main. */
struct darwin_process {
    const char *executable_path;   /* the Mach-O's path as given (apple[0] executable_path=) */
    int argc;
    char **argv;
    char **envp;                    /* initial environment */
    char **apple;
    const char *progname;           /* basename of argv[0] */
    void *mach_header;              /* the main executable's mach_header_64 (slid) */
};
extern struct darwin_process darwin_proc;

/* What libSystem's initializer is given about the process (dyld passes it, as macOS's dyld
 * passes ProgramVars and the kernel's apple[] strings): the code signature's facts and
 * machrun's options that libsystem_secinit needs. */
struct darwin_init_info {
    const char *entitlements;       /* XML plist of the signature's entitlements, or NULL */
    size_t entitlements_len;
    const char *identifier;         /* the signing identifier, or NULL */
    bool no_sandbox;                /* --no-sandbox: no App Sandbox even if the entitlements ask */
    bool sandbox_logging;           /* --enable-sandbox-logging */
};
struct mr_error;
/* libSystem's initializer, called by dyld once before any guest initializer: TSD of the main
 * thread, stdio, signals, then libsystem_secinit (the App Sandbox the entitlements ask for).
 * 0, or a negative MO_E* code with ERR filled (the program must not start). */
int darwin_init(const struct darwin_init_info *info, struct mr_error *err);
/* Flush and run the guest's atexit handlers then _exit (Darwin exit()). */
_Noreturn void darwin_exit(int status);

#endif
