/*
 * sigaction.c — the signal-disposition calls libsystem_c exports over the __sigaction system
 * call (libsystem_kernel/signal_core.c, darwin_do_sigaction): sigaction, signal and
 * bsd_signal (BSD semantics: SA_RESTART), siginterrupt; and sigaltstack with Darwin's stack_t
 * (SS_DISABLE is 4, SS_ONSTACK 1).
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

static int d_sigaction(int sig, const struct d_sigaction *act, struct d_sigaction *old)
{
    return darwin_do_sigaction(sig, act, old);
}
DARWIN_EXPORT("_sigaction", d_sigaction);

static void *d_signal(int sig, void *handler)
{
    struct d_sigaction a = { handler, 0, D_SA_RESTART }, old;
    if (darwin_do_sigaction(sig, &a, &old) < 0)
        return SIG_ERR;
    return old.handler;
}
DARWIN_EXPORT("_signal", d_signal);
DARWIN_EXPORT("_bsd_signal", d_signal);

static int d_siginterrupt(int sig, int flag)
{
    struct d_sigaction a;
    if (darwin_do_sigaction(sig, NULL, &a) < 0)
        return -1;
    if (flag)
        a.flags &= ~D_SA_RESTART;
    else
        a.flags |= D_SA_RESTART;
    return darwin_do_sigaction(sig, &a, NULL);
}
DARWIN_EXPORT("_siginterrupt", d_siginterrupt);

/* Alternate stacks. */
static int d_sigaltstack(const struct d_stack *ss, struct d_stack *old)
{
    stack_t l, lo;
    if (ss) {
        l.ss_sp = ss->ss_sp;
        l.ss_size = ss->ss_size;
        l.ss_flags = (ss->ss_flags & 4) ? SS_DISABLE : 0;
    }
    if (sigaltstack(ss ? &l : NULL, &lo) < 0)
        return dret(-1);
    if (old) {
        old->ss_sp = lo.ss_sp;
        old->ss_size = lo.ss_size;
        old->ss_flags = (lo.ss_flags & SS_ONSTACK ? 1 : 0) | (lo.ss_flags & SS_DISABLE ? 4 : 0);
    }
    return 0;
}
DARWIN_EXPORT("_sigaltstack", d_sigaltstack);
