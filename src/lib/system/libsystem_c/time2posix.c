/*
 * time2posix.c — time2posix/posix2time: identities (no leap seconds in the zoneinfo in use).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <termios.h>
#include <time.h>
#include <wchar.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <sched.h>
#include <search.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>
#include <wordexp.h>

#include "machrun/darwin/abi.h"
#include "machrun/darwin/private.h"

static time_t d_time2posix(time_t t) { return t; } /* no leap seconds in the zoneinfo in use */
static time_t d_posix2time(time_t t) { return t; }
DARWIN_EXPORT("_time2posix", d_time2posix);
DARWIN_EXPORT("_posix2time", d_posix2time);
