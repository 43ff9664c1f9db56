/*
 * program_vars.c — the program variables libdyld exports on macOS: environ (glibc's
 * environment, which is the guest's) and _NSGetExecutablePath (the guest's Mach-O path).
 * (_NSGetArgc, _NSGetArgv, _NSGetEnviron, _NSGetProgname and _NSGetMachExecuteHeader are
 * libsystem_c's: libsystem_c/env.c.)
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

DARWIN_EXPORT_DATA("_environ", environ);

/* Returns 0, or -1 with *bufsize set to the size needed. */
static int d__NSGetExecutablePath(char *buf, uint32_t *bufsize)
{
    const char *p = darwin_proc.executable_path ? darwin_proc.executable_path : "";
    size_t n = strlen(p) + 1;
    if (n > *bufsize) {
        *bufsize = (uint32_t)n;
        return -1;
    }
    memcpy(buf, p, n);
    return 0;
}
DARWIN_EXPORT("__NSGetExecutablePath", d__NSGetExecutablePath);
