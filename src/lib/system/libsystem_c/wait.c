/*
 * wait.c — waitpid, wait and wait3 (libsystem_c's on macOS) with Darwin's status encoding
 * and option bits, over Linux's waitpid and libsystem_kernel/process.c's darwin_wait4.
 */
#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/wait.h>

#include "machrun/darwin/private.h"
#include "machrun/darwin/process.h"

static pid_t d_waitpid(pid_t pid, int *status, int options)
{
    int st;
    pid_t r = waitpid(pid, &st, darwin_wait_options(options));
    if (r < 0)
        return dret(-1);
    if (status && r > 0)
        *status = darwin_wait_status(st);
    return r;
}
DARWIN_EXPORT("_waitpid", d_waitpid);
DARWIN_EXPORT("_waitpid$NOCANCEL", d_waitpid);

static pid_t d_wait(int *status)
{
    return d_waitpid(-1, status, 0);
}
DARWIN_EXPORT("_wait", d_wait);

static pid_t d_wait3(int *status, int options, struct rusage *ru)
{
    return darwin_wait4(-1, status, options, ru);
}
DARWIN_EXPORT("_wait3", d_wait3);
