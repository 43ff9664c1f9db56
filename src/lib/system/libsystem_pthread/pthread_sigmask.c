/*
 * pthread_sigmask.c — the per-thread signal calls libsystem_pthread exports: pthread_sigmask
 * (sigprocmask's, returning the error instead of setting errno) and sigwait, with Darwin's
 * 32-bit sigset_t and signal numbers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "machrun/darwin/abi.h"
#include "machrun/darwin/private.h"
#include "machrun/darwin/signals.h"

static int d_pthread_sigmask(int how, const uint32_t *set, uint32_t *old)
{
    return darwin_sigprocmask(how, set, old) < 0 ? errno : 0;
}
DARWIN_EXPORT("_pthread_sigmask", d_pthread_sigmask);

static int d_sigwait(const uint32_t *set, int *sig)
{
    sigset_t l;
    linux_sigset_from_darwin(*set, &l);
    int ls;
    int e = sigwait(&l, &ls);
    if (e)
        return darwin_errno_from_linux(e);
    *sig = darwin_sig_from_linux(ls);
    return 0;
}
DARWIN_EXPORT("_sigwait", d_sigwait);
