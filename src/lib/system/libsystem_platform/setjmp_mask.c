/*
 * setjmp_mask.c — the C half of setjmp.S (libsystem_platform): the exports of the setjmp
 * family (setjmp, _setjmp, sigsetjmp, longjmp, _longjmp, siglongjmp, longjmperror) and the
 * helpers that save and restore the signal mask in the jmp_buf.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "machrun/darwin/abi.h"
#include "machrun/darwin/private.h"
#include "machrun/darwin/signals.h"

/* setjmp.S's helpers: the signal mask of setjmp/sigsetjmp, kept in the jmp_buf at +76. */
void mr_setjmp_save_mask(uint32_t *env)
{
    sigset_t cur;
    pthread_sigmask(SIG_BLOCK, NULL, &cur);
    env[19] = darwin_sigset_from_linux(&cur);
}

void mr_longjmp_restore_mask(const uint32_t *env)
{
    sigset_t m;
    linux_sigset_from_darwin(env[19], &m);
    pthread_sigmask(SIG_SETMASK, &m, NULL);
}

DARWIN_EXPORT("_setjmp", mr_setjmp);
DARWIN_EXPORT("__setjmp", mr__setjmp);
DARWIN_EXPORT("_sigsetjmp", mr_sigsetjmp);
DARWIN_EXPORT("_longjmp", mr_longjmp);
DARWIN_EXPORT("__longjmp", mr__longjmp);
DARWIN_EXPORT("_siglongjmp", mr_longjmp);
DARWIN_EXPORT("_longjmperror", abort);
