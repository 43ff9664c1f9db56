/*
 * domain_groups.c — getdomainname and initgroups, which
 * libsystem_info exports on macOS.
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

static int d_getdomainname(char *n, int len) { return dret(getdomainname(n, (size_t)len)); }
DARWIN_EXPORT("_getdomainname", d_getdomainname);
static int d_initgroups(const char *user, int gid)
{
    return dret(initgroups(user, (gid_t)gid));
}
DARWIN_EXPORT("_initgroups", d_initgroups);
