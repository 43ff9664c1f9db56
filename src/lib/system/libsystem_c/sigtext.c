/*
 * sigtext.c — Darwin's signal texts (libsystem_c): the sys_siglist and sys_signame tables,
 * strsignal and psignal, from signals.h's DARWIN_SIGNALS table.
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

/* Constant tables (Darwin declares them `const char *const`): nothing to fill at start. */
#define SIG_TEXT(d, l, name, text) text,
#define SIG_NAME(d, l, name, text) name,
static const char *const d_sys_siglist[NSIG_D] = { "Signal 0", DARWIN_SIGNALS(SIG_TEXT) };
static const char *const d_sys_signame[NSIG_D] = { "Signal 0", DARWIN_SIGNALS(SIG_NAME) };
DARWIN_EXPORT_DATA("_sys_siglist", d_sys_siglist);
DARWIN_EXPORT_DATA("_sys_signame", d_sys_signame);

static __thread char strsignal_buf[64];
static char *d_strsignal(int sig)
{
    if (sig > 0 && sig < NSIG_D)
        return (char *)d_sys_siglist[sig]; /* DARWIN_SIGNALS is in number order from 1 */
    snprintf(strsignal_buf, sizeof strsignal_buf, "Unknown signal: %d", sig);
    return strsignal_buf;
}
DARWIN_EXPORT("_strsignal", d_strsignal);

static void d_psignal(unsigned sig, const char *s)
{
    const char *t = d_strsignal((int)sig);
    if (s && *s)
        fprintf(stderr, "%s: %s\n", s, t);
    else
        fprintf(stderr, "%s\n", t);
}
DARWIN_EXPORT("_psignal", d_psignal);
