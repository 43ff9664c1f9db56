/*
 * bit_scan.c — ffs/ffsl/ffsll (glibc's, same ABI) and fls/flsl/flsll: the first and last
 * set bit (strings.h); libsystem_platform exports them on macOS.
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
static int d_fls(int v) { return v ? 32 - __builtin_clz((unsigned)v) : 0; }
static int d_flsl(long v) { return v ? 64 - __builtin_clzl((unsigned long)v) : 0; }
static int d_flsll(long long v) { return v ? 64 - __builtin_clzll((unsigned long long)v) : 0; }
DARWIN_EXPORT("_fls", d_fls);
DARWIN_EXPORT("_flsl", d_flsl);
DARWIN_EXPORT("_flsll", d_flsll);
DARWIN_EXPORT("_ffs", ffs);
DARWIN_EXPORT("_ffsl", ffsl);
DARWIN_EXPORT("_ffsll", ffsll);
