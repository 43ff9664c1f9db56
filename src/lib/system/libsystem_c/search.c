/*
 * search.c — search.h: tsearch/tfind/tdelete/twalk, lsearch/lfind, hcreate/hsearch/
 * hdestroy, insque/remque (same layouts and VISIT/ACTION values as glibc's).
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

/* ---- search.h: same ABI; the guest's callbacks are called as they are ---- */
DARWIN_EXPORT("_tsearch", tsearch);
DARWIN_EXPORT("_tfind", tfind);
DARWIN_EXPORT("_tdelete", tdelete);
DARWIN_EXPORT("_twalk", twalk);
DARWIN_EXPORT("_lsearch", lsearch);
DARWIN_EXPORT("_lfind", lfind);
DARWIN_EXPORT("_insque", insque);
DARWIN_EXPORT("_remque", remque);
static int d_hcreate(size_t n) { return hcreate(n) ? 1 : (errno = darwin_errno_from_linux(errno), 0); }
static ENTRY *d_hsearch(ENTRY item, ACTION a)
{
    ENTRY *r = hsearch(item, a);
    if (!r)
        errno = darwin_errno_from_linux(errno);
    return r;
}
DARWIN_EXPORT("_hcreate", d_hcreate);
DARWIN_EXPORT("_hsearch", d_hsearch);
DARWIN_EXPORT("_hdestroy", hdestroy);
