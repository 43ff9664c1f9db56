/*
 * utime.c — utime and lutimes (libsystem_c's on macOS), with Darwin's struct utimbuf and
 * timeval.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/time.h>

#include "machrun/darwin/fs.h"
#include "machrun/darwin/private.h"

static int d_lutimes(const char *p, const struct d_timeval tv[2])
{
    struct timeval l[2];
    return dret(lutimes(p, darwin_times_from(tv, l) ? l : NULL));
}
DARWIN_EXPORT("_lutimes", d_lutimes);

struct d_utimbuf {
    int64_t a, m;
};
static int d_utime(const char *p, const struct d_utimbuf *t)
{
    struct timeval l[2] = { { t ? t->a : 0, 0 }, { t ? t->m : 0, 0 } };
    return dret(utimes(p, t ? l : NULL));
}
DARWIN_EXPORT("_utime", d_utime);
