/*
 * fork.c — fork (pthread_atfork handlers in Darwin's order, which is glibc's) and vfork
 * (vfork.S), libsystem_c's on macOS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <unistd.h>

#include "machrun/darwin/private.h"
#include "machrun/darwin/process.h"
#include "machrun/exec.h"

static pid_t d_fork(void)
{
    /* A fork is mostly followed by an exec: find machrun and its exec shim once, here, rather
     * than in every child (a readlink, an access and copy-on-write faults each time). */
    exec_remember_self();
    return dret(fork());
}
DARWIN_EXPORT("_fork", d_fork);

void mr_vfork_set_errno(int e)
{
    errno = e;
}
DARWIN_EXPORT("_vfork", mr_vfork);
