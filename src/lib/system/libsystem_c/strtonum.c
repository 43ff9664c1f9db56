/*
 * strtonum.c — strtonum (OpenBSD's, in Darwin's libc) and strmode (string.h):
 * number and mode-string conversions of BSD libc.
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

/* strtonum (OpenBSD's, in Darwin's libc): errstr "invalid", "too small", "too large". */
static long long d_strtonum(const char *s, long long min, long long max, const char **errstr)
{
    const char *e = NULL;
    long long v = 0;
    if (min > max) {
        e = "invalid";
        errno = D_EINVAL;
    } else {
        char *end;
        errno = 0;
        v = strtoll(s, &end, 10);
        if (s == end || *end) {
            e = "invalid";
            errno = D_EINVAL;
        } else if ((v == LLONG_MIN && errno == ERANGE) || v < min) {
            e = "too small";
            errno = D_ERANGE;
        } else if ((v == LLONG_MAX && errno == ERANGE) || v > max) {
            e = "too large";
            errno = D_ERANGE;
        }
    }
    if (errstr)
        *errstr = e;
    return e ? 0 : v;
}
DARWIN_EXPORT("_strtonum", d_strtonum);

/* strmode: "drwxr-xr-x " — type, nine permission letters (s/S, t/T for the set-id and
 * sticky bits), and a space (Darwin writes ' ' where an ACL would show '+'). */
static void d_strmode(int mode, char *p)
{
    switch (mode & S_IFMT) {
    case S_IFDIR: *p++ = 'd'; break;
    case S_IFCHR: *p++ = 'c'; break;
    case S_IFBLK: *p++ = 'b'; break;
    case S_IFREG: *p++ = '-'; break;
    case S_IFLNK: *p++ = 'l'; break;
    case S_IFSOCK: *p++ = 's'; break;
    case S_IFIFO: *p++ = 'p'; break;
    case 0160000: *p++ = 'w'; break; /* S_IFWHT */
    default: *p++ = '?'; break;
    }
    *p++ = mode & S_IRUSR ? 'r' : '-';
    *p++ = mode & S_IWUSR ? 'w' : '-';
    switch (mode & (S_IXUSR | S_ISUID)) {
    case 0: *p++ = '-'; break;
    case S_IXUSR: *p++ = 'x'; break;
    case S_ISUID: *p++ = 'S'; break;
    default: *p++ = 's'; break;
    }
    *p++ = mode & S_IRGRP ? 'r' : '-';
    *p++ = mode & S_IWGRP ? 'w' : '-';
    switch (mode & (S_IXGRP | S_ISGID)) {
    case 0: *p++ = '-'; break;
    case S_IXGRP: *p++ = 'x'; break;
    case S_ISGID: *p++ = 'S'; break;
    default: *p++ = 's'; break;
    }
    *p++ = mode & S_IROTH ? 'r' : '-';
    *p++ = mode & S_IWOTH ? 'w' : '-';
    switch (mode & (S_IXOTH | S_ISVTX)) {
    case 0: *p++ = '-'; break;
    case S_IXOTH: *p++ = 'x'; break;
    case S_ISVTX: *p++ = 'T'; break;
    default: *p++ = 't'; break;
    }
    *p++ = ' ';
    *p = 0;
}
DARWIN_EXPORT("_strmode", d_strmode);
