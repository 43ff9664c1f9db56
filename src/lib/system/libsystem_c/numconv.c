/*
 * numconv.c — small numeric conversions with glibc's ABI: imaxabs, a64l/l64a,
 * ecvt/fcvt/gcvt.
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

/* ---- small BSD/POSIX calls with glibc's ABI and values ---- */
static intmax_t d_imaxabs(intmax_t v) { return v < 0 ? -v : v; }
DARWIN_EXPORT("_imaxabs", d_imaxabs);
DARWIN_EXPORT("_a64l", a64l);
DARWIN_EXPORT("_l64a", l64a);
DARWIN_EXPORT("_ecvt", ecvt);
DARWIN_EXPORT("_fcvt", fcvt);
DARWIN_EXPORT("_gcvt", gcvt);
