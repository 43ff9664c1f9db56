/*
 * exec.c — the exec family built on execve (libsystem_c's on macOS): execv, execvp/execvP
 * with Darwin's PATH search (libsystem_kernel/process.c's darwin_exec_search), execvpe, and
 * execl/execlp/execle collecting their variadic arguments on the stack.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "machrun/darwin/private.h"
#include "machrun/darwin/process.h"

extern char **environ;

static int d_execv(const char *path, char *const argv[])
{
    return darwin_execve(path, argv, environ);
}
DARWIN_EXPORT("_execv", d_execv);

static int d_execvp(const char *file, char *const argv[])
{
    return darwin_exec_search(file, getenv("PATH"), argv, environ);
}
DARWIN_EXPORT("_execvp", d_execvp);

static int d_execvP(const char *file, const char *search, char *const argv[])
{
    return darwin_exec_search(file, search, argv, environ);
}
DARWIN_EXPORT("_execvP", d_execvP);

static int d_execvpe(const char *file, char *const argv[], char *const envp[])
{
    return darwin_exec_search(file, getenv("PATH"), argv, envp);
}
DARWIN_EXPORT("_execvpe", d_execvpe);

/* execl family: collect the variadic arguments on the stack. */
/* Count the arguments after arg0 up to the terminating NULL (that NULL included). */
#define COLLECT_ARGS(ap, n)                                                                               \
    do {                                                                                                  \
        va_list c_;                                                                                       \
        va_copy(c_, ap);                                                                                  \
        n = 1;                                                                                            \
        while (va_arg(c_, char *))                                                                        \
            n++;                                                                                          \
        va_end(c_);                                                                                       \
    } while (0)

static int d_execl(const char *path, const char *arg0, ...)
{
    va_list ap;
    va_start(ap, arg0);
    int n;
    COLLECT_ARGS(ap, n);
    char *argv[n + 1];
    argv[0] = (char *)arg0;
    for (int i = 1; i <= n; i++)
        argv[i] = va_arg(ap, char *);
    va_end(ap);
    return darwin_execve(path, argv, environ);
}
DARWIN_EXPORT("_execl", d_execl);

static int d_execlp(const char *file, const char *arg0, ...)
{
    va_list ap;
    va_start(ap, arg0);
    int n;
    COLLECT_ARGS(ap, n);
    char *argv[n + 1];
    argv[0] = (char *)arg0;
    for (int i = 1; i <= n; i++)
        argv[i] = va_arg(ap, char *);
    va_end(ap);
    return d_execvp(file, argv);
}
DARWIN_EXPORT("_execlp", d_execlp);

static int d_execle(const char *path, const char *arg0, ...)
{
    va_list ap;
    va_start(ap, arg0);
    int n;
    COLLECT_ARGS(ap, n);
    char *argv[n + 1];
    argv[0] = (char *)arg0;
    for (int i = 1; i <= n; i++)
        argv[i] = va_arg(ap, char *);
    char **envp = va_arg(ap, char **);
    va_end(ap);
    return darwin_execve(path, argv, envp);
}
DARWIN_EXPORT("_execle", d_execle);
