/*
 * sleep.c — sleep, usleep and pause (libsystem_c's on macOS, built on the system calls),
 * with Darwin's errno.
 */
#define _GNU_SOURCE
#include <unistd.h>

#include "machrun/darwin/private.h"

static unsigned d_sleep(unsigned s) { return sleep(s); }
static int d_usleep(unsigned us) { return dret(usleep(us)); }
static int d_pause(void) { return dret(pause()); }

DARWIN_EXPORT("_sleep", d_sleep);
DARWIN_EXPORT("_usleep", d_usleep);
DARWIN_EXPORT("_pause", d_pause);
DARWIN_EXPORT("_pause$NOCANCEL", d_pause);
