/*
 * sigset.c — sigemptyset, sigfillset, sigaddset, sigdelset and sigismember (libsystem_c)
 * over Darwin's 32-bit sigset_t: signal n is bit n-1.
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

/* The sigset functions (the SDK also has macros for them). */
static int valid(int s) { return s > 0 && s < NSIG_D; }
static int d_sigemptyset(uint32_t *s) { *s = 0; return 0; }
static int d_sigfillset(uint32_t *s) { *s = 0xffffffffu; return 0; }
static int d_sigaddset(uint32_t *s, int n) { if (!valid(n)) { errno = D_EINVAL; return -1; } *s |= 1u << (n - 1); return 0; }
static int d_sigdelset(uint32_t *s, int n) { if (!valid(n)) { errno = D_EINVAL; return -1; } *s &= ~(1u << (n - 1)); return 0; }
static int d_sigismember(const uint32_t *s, int n) { if (!valid(n)) { errno = D_EINVAL; return -1; } return (*s >> (n - 1)) & 1; }
DARWIN_EXPORT("_sigemptyset", d_sigemptyset);
DARWIN_EXPORT("_sigfillset", d_sigfillset);
DARWIN_EXPORT("_sigaddset", d_sigaddset);
DARWIN_EXPORT("_sigdelset", d_sigdelset);
DARWIN_EXPORT("_sigismember", d_sigismember);
