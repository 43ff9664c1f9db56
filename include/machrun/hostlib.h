/*
 * hostlib.h — the Linux shared libraries machrun loads only when a command needs them.
 *
 * machrun is linked statically (static PIE) so that a launch pays for no dynamic loader, no
 * symbol lookup and no relocation of code that the run does not use. libcrypto (code-signature
 * hashes and CMS) and libplist (entitlements, launchd jobs, codesign) are the exceptions: they
 * are opened with dlopen the first time one of their functions is called, from src/hostlib/,
 * which defines each function machrun uses under its library name and forwards it. Callers
 * include the libraries' own headers and call them as usual; memory the library hands back
 * (strings, iterators) is copied into machrun's own heap, so callers free() it as they would.
 *
 * When a library cannot be loaded, the command stops with one line naming the library and
 * why it was needed, and exit status 126.
 */
#ifndef MACHRUN_HOSTLIB_H
#define MACHRUN_HOSTLIB_H

/* The address of NAME in the library SONAME (opened on first use; WHAT says what it is for,
 * for the error message). Never returns NULL: a missing library or symbol ends the process. */
void *hostlib_sym(const char *soname, const char *what, const char *name);

/* In a forwarder: declare fn_, the real NAME (of function type pointer TYPE) from SONAME,
 * found on the first call and kept. */
#define HOSTLIB_RESOLVE(soname, what, name, type)                                                \
    static __typeof__(type) real_;                                                               \
    __typeof__(type) fn_ = __atomic_load_n(&real_, __ATOMIC_ACQUIRE);                            \
    if (!fn_) {                                                                                  \
        fn_ = (__typeof__(type))hostlib_sym(soname, what, #name);                                \
        __atomic_store_n(&real_, fn_, __ATOMIC_RELEASE);                                         \
    }

/* Open now every host library that guest code can reach through machrun's built-in
 * libraries (libz.so.1 for libz.1.dylib...), without failing when one is missing. The sandbox
 * calls this before it locks the process down: on macOS those libraries were mapped by dyld
 * at launch, so a sandbox that does not grant /usr/lib still lets the program use them. */
void hostlib_preload(void);

/* Call FN with the real path of each file that opening those libraries reads (the libraries
 * and the host libc that a library opened from a static program brings along), found in the
 * system's library folders, and of the exec shim beside machrun (which host programs a guest
 * starts preload), so that a sandbox can grant them as macOS grants dyld's shared cache. */
void hostlib_each_file(void (*fn)(const char *path, void *ctx), void *ctx);

#endif
