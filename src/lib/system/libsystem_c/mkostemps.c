/*
 * mkostemps.c — mkostemps with Darwin's open flags.
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

static int d_mkostemps(char *tmpl, int suffixlen, int dflags)
{
    return dret(mkostemps(tmpl, suffixlen, linux_open_flags_from_darwin(dflags) & (O_APPEND | O_CLOEXEC | O_SYNC)));
}
DARWIN_EXPORT("_mkostemps", d_mkostemps);
