/*
 * sched_priority.c — sched.h: sched_get_priority_min/max,
 * Darwin's 15 and 47 (libsystem_pthread exports them on macOS).
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

/* ---- sched.h ---- */
static int d_sched_get_priority_min(int policy) { (void)policy; return 15; }
static int d_sched_get_priority_max(int policy) { (void)policy; return 47; }
DARWIN_EXPORT("_sched_get_priority_min", d_sched_get_priority_min);
DARWIN_EXPORT("_sched_get_priority_max", d_sched_get_priority_max);
