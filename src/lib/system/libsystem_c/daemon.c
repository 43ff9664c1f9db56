/*
 * daemon.c — daemon(3): fork, setsid, "/" unless nochdir, stdio to /dev/null unless noclose.
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

/* daemon(3): fork, setsid, "/" unless nochdir, stdio to /dev/null unless noclose. */
static int d_daemon(int nochdir, int noclose) { return dret(daemon(nochdir, noclose)); }
DARWIN_EXPORT("_daemon", d_daemon);
DARWIN_EXPORT("_daemon$1050", d_daemon);
