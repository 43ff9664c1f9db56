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

#endif
