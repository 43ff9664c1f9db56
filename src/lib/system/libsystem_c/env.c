/*
 * env.c — the environment and the process's own identity as libSystem answers it:
 * environ/getenv/setenv/unsetenv/putenv (glibc's environment is the guest's), and crt's
 * _NSGetArgc/_NSGetArgv/_NSGetEnviron/_NSGetProgname/_NSGetExecutablePath/
 * _NSGetMachExecuteHeader, getprogname/setprogname.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "machrun/darwin/private.h"

extern char **environ;
DARWIN_EXPORT_DATA("_environ", environ);

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

static const char *d_getprogname(void) { return darwin_proc.progname; }
DARWIN_EXPORT("_getprogname", d_getprogname);

static void d_setprogname(const char *name)
{
    const char *s = strrchr(name, '/');
    darwin_proc.progname = s ? s + 1 : name;
}
DARWIN_EXPORT("_setprogname", d_setprogname);
