/*
 * env.c — the environment and the process's own identity as libsystem_c answers it:
 * getenv/setenv/unsetenv/putenv (glibc's environment is the guest's), and crt's
 * _NSGetArgc/_NSGetArgv/_NSGetEnviron/_NSGetProgname/_NSGetMachExecuteHeader,
 * getprogname/setprogname. (environ and _NSGetExecutablePath are libdyld's:
 * src/dyld/program_vars.c.)
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "machrun/darwin/private.h"

extern char **environ;

static char *d_getenv(const char *name)
{
    return getenv(name);
}
DARWIN_EXPORT("_getenv", d_getenv);

static int d_setenv(const char *name, const char *value, int overwrite)
{
    return dret(setenv(name, value, overwrite));
}
DARWIN_EXPORT("_setenv", d_setenv);

static int d_unsetenv(const char *name)
{
    return dret(unsetenv(name));
}
DARWIN_EXPORT("_unsetenv", d_unsetenv);

static int d_putenv(char *s)
{
    /* Darwin rejects a string without '=' with EINVAL; glibc would unset. */
    if (!strchr(s, '=')) {
        errno = D_EINVAL;
        return -1;
    }
    return dret(putenv(s));
}
DARWIN_EXPORT("_putenv", d_putenv);

static int *d__NSGetArgc(void) { return &darwin_proc.argc; }
static char ***d__NSGetArgv(void) { return &darwin_proc.argv; }
static char ***d__NSGetEnviron(void) { return &environ; }
static const char **d__NSGetProgname(void) { return &darwin_proc.progname; }
static void *d__NSGetMachExecuteHeader(void) { return darwin_proc.mach_header; }
DARWIN_EXPORT("__NSGetArgc", d__NSGetArgc);
DARWIN_EXPORT("__NSGetArgv", d__NSGetArgv);
DARWIN_EXPORT("__NSGetEnviron", d__NSGetEnviron);
DARWIN_EXPORT("__NSGetProgname", d__NSGetProgname);
DARWIN_EXPORT("__NSGetMachExecuteHeader", d__NSGetMachExecuteHeader);

static const char *d_getprogname(void) { return darwin_proc.progname; }
DARWIN_EXPORT("_getprogname", d_getprogname);

static void d_setprogname(const char *name)
{
    const char *s = strrchr(name, '/');
    darwin_proc.progname = s ? s + 1 : name;
}
DARWIN_EXPORT("_setprogname", d_setprogname);
