/*
 * syslog.c — syslog.h: openlog/syslog/vsyslog/closelog/
 * setlogmask (option, facility and priority values agree with glibc's); libsystem_asl
 * exports them on macOS.
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

/* ---- syslog.h (option, facility and priority values agree) ---- */
static void d_vsyslog(int pri, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    char *fixed = darwin_format_fix(fmt, cp);
    va_end(cp);
    vsyslog(pri, fixed ? fixed : fmt, ap);
    free(fixed);
}
static void d_syslog(int pri, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    d_vsyslog(pri, fmt, ap);
    va_end(ap);
}
DARWIN_EXPORT("_openlog", openlog);
DARWIN_EXPORT("_closelog", closelog);
DARWIN_EXPORT("_setlogmask", setlogmask);
DARWIN_EXPORT("_syslog", d_syslog);
DARWIN_EXPORT("_syslog$DARWIN_EXTSN", d_syslog);
DARWIN_EXPORT("_vsyslog", d_vsyslog);
