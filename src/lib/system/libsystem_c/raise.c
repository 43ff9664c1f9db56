/*
 * raise.c — the signal-sending calls libsystem_c exports (kill(2) itself is
 * libsystem_kernel/signal_core.c): killpg and raise, with Darwin's signal numbers.
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

static int d_killpg(pid_t pg, int sig)
{
    int l;
    if (darwin_lsig_or_fail(sig, &l) < 0)
        return -1;
    return dret(killpg(pg, l));
}
DARWIN_EXPORT("_killpg", d_killpg);

static int d_raise(int sig)
{
    int l;
    if (darwin_lsig_or_fail(sig, &l) < 0)
        return -1;
    return raise(l) ? (errno = D_EINVAL, -1) : 0;
}
DARWIN_EXPORT("_raise", d_raise);
