/*
 * darwin.h — how src/darwin/ declares the Darwin functions and data that machrun's
 * built-in libraries (libSystem and friends) export to Mach-O programs.
 *
 * Each area file declares its exports next to their implementations, Wine-style:
 *
 *     DARWIN_EXPORT("_getenv", d_getenv);                      // a function
 *     DARWIN_EXPORT_DATA("___stdoutp", d_stdoutp);             // a variable
 *     DARWIN_EXPORT_PARTIAL("_chflags", d_chflags);            // works in part: see its comment
 *     DARWIN_EXPORT_LIB(DLIB_CXXABI, "___cxa_throw", d_cxa_throw);
 *
 * The entries land in the linker section `darwin_exports`; src/dyld/builtin.c indexes
 * them at start. Guest code calls an implementation directly (same SysV x86_64 ABI),
 * so an implementation takes and returns Darwin types and sets the Darwin errno.
 */
#ifndef MACHRUN_DARWIN_H
#define MACHRUN_DARWIN_H

#include <stdint.h>
#include <stddef.h>

enum darwin_lib {
    DLIB_SYSTEM = 0,       /* /usr/lib/libSystem.B.dylib and /usr/lib/system/ */
    DLIB_CXX,              /* /usr/lib/libc++.1.dylib */
    DLIB_CXXABI,           /* /usr/lib/libc++abi.dylib */
    DLIB_OBJC,             /* /usr/lib/libobjc.A.dylib */
    DLIB_ICONV,            /* /usr/lib/libiconv.2.dylib */
    DLIB_RESOLV,           /* /usr/lib/libresolv.9.dylib */
    DLIB_Z,                /* /usr/lib/libz.1.dylib */
    DLIB_COREFOUNDATION,   /* CoreFoundation.framework */
    DLIB_SECURITY,         /* Security.framework */
    DLIB_CORESERVICES,     /* CoreServices.framework */
    DLIB_IOKIT,            /* IOKit.framework */
    DLIB_FOUNDATION,       /* Foundation.framework */
    DLIB_SYSTEMCONFIGURATION, /* SystemConfiguration.framework */
    DLIB_BZ2,              /* /usr/lib/libbz2.1.0.dylib */
    DLIB_LZMA,             /* /usr/lib/liblzma.5.dylib */
    DLIB_COUNT
};

enum darwin_export_kind {
    DX_FUNC = 0,     /* a complete implementation */
    DX_DATA = 1,     /* a variable: addr is its address */
    DX_PARTIAL = 2,  /* a function that implements part of the Darwin behaviour (its comment says
                        what it lacks; it fails with a Darwin errno there) */
};

struct darwin_export {
    const char *name;   /* Mach-O symbol name, with the leading underscore and any $ suffix */
    void *addr;
    uint8_t lib;        /* enum darwin_lib */
    uint8_t kind;       /* enum darwin_export_kind */
    uint32_t hash;      /* darwin_export_hash(name), computed by the compiler (DX_HASH) */
};

/* The hash that src/dyld/builtin.c indexes the exports by: FNV-1a over the first 32 bytes of
 * the name, seeded with its length. DX_HASH computes it at compile time from the string
 * literal, so that a launch does not hash every export's name to build the index. */
#define DX_HASH_BYTES 32
#define DX_FNV_PRIME 16777619u
#define DX_FNV_BASIS 2166136261u
static inline uint32_t darwin_export_hash(const char *name, size_t len)
{
    uint32_t h = DX_FNV_BASIS ^ (uint32_t)len;
    for (size_t i = 0; i < len && i < DX_HASH_BYTES; i++)
        h = (h ^ (uint8_t)name[i]) * DX_FNV_PRIME;
    return h;
}
#define DX_LEN(s) (sizeof(s) - 1)
/* Byte I of literal S, or 0 past its end, and the multiplier of step I (1 past the end). */
#define DX_BYTE(s, i) ((i) < DX_LEN(s) ? (uint32_t)(uint8_t)(s)[(i) < DX_LEN(s) ? (i) : 0] : 0u)
#define DX_MUL(s, i) ((i) < DX_LEN(s) ? DX_FNV_PRIME : 1u)
#define DX_STEP(h, s, i) ((uint32_t)(((h) ^ DX_BYTE(s, i)) * DX_MUL(s, i)))
#define DX_H4(h, s, i) DX_STEP(DX_STEP(DX_STEP(DX_STEP(h, s, i), s, i + 1), s, i + 2), s, i + 3)
#define DX_H16(h, s, i) DX_H4(DX_H4(DX_H4(DX_H4(h, s, i), s, i + 4), s, i + 8), s, i + 12)
#define DX_HASH(s) DX_H16(DX_H16(DX_FNV_BASIS ^ (uint32_t)DX_LEN(s), s, 0), s, 16)

#define DX_CAT2(a, b) a##b
#define DX_CAT(a, b) DX_CAT2(a, b)
#define DARWIN_EXPORT_FULL(lib_, kind_, sym, impl)                                            \
    static const struct darwin_export DX_CAT(dx_entry_, __COUNTER__)                           \
        __attribute__((used, section("darwin_exports"), aligned(sizeof(void *)))) =           \
        { "" sym "", (void *)&(impl), lib_, kind_, DX_HASH("" sym "") }

#define DARWIN_EXPORT(sym, impl)            DARWIN_EXPORT_FULL(DLIB_SYSTEM, DX_FUNC, sym, impl)
#define DARWIN_EXPORT_DATA(sym, var)        DARWIN_EXPORT_FULL(DLIB_SYSTEM, DX_DATA, sym, var)
#define DARWIN_EXPORT_PARTIAL(sym, impl)    DARWIN_EXPORT_FULL(DLIB_SYSTEM, DX_PARTIAL, sym, impl)
#define DARWIN_EXPORT_LIB(lib, sym, impl)   DARWIN_EXPORT_FULL(lib, DX_FUNC, sym, impl)
#define DARWIN_EXPORT_LIB_DATA(lib, sym, v) DARWIN_EXPORT_FULL(lib, DX_DATA, sym, v)

/* All declared exports (the linker section). */
extern const struct darwin_export __start_darwin_exports[] __attribute__((weak));
extern const struct darwin_export __stop_darwin_exports[] __attribute__((weak));

/* The Darwin errno of the calling guest thread (what __error() returns). */
int *darwin_errno_ptr(void);
/* Set the Darwin errno from a Linux errno value. */
void darwin_set_errno_from_linux(int linux_errno);
/* Translate errno values (the table lives in src/darwin/errno_table.c). */
int darwin_errno_from_linux(int e);
int linux_errno_from_darwin(int e);

/* Run-time facts about the guest process that libSystem answers from
 * (_NSGetExecutablePath, _NSGetArgv, getprogname...). Filled by src/exec before main. */
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

/* Called once before any guest code runs: stdio, TSD of the main thread, environ. */
void darwin_init(void);
/* Flush and run the guest's atexit handlers then _exit (Darwin exit()). */
_Noreturn void darwin_exit(int status);

#endif
