/*
 * alarm.c — alarm(3) and ualarm(3) (libsystem_c): Linux's, whose SIGALRM is delivered as
 * Darwin's.
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

static unsigned d_alarm(unsigned s) { return alarm(s); }
DARWIN_EXPORT("_alarm", d_alarm);
static unsigned d_ualarm(unsigned us, unsigned interval) { return (unsigned)ualarm(us, interval); }
DARWIN_EXPORT("_ualarm", d_ualarm);
