/*
 * time.c — clocks and calendar time with Darwin's interfaces:
 * clock_gettime/clock_getres/clock_gettime_nsec_np with Darwin's clock ids, gettimeofday
 * into Darwin's struct timeval (32-bit tv_usec), nanosleep, and the <time.h> calendar
 * functions, whose struct tm layout Darwin and glibc share. (mach_absolute_time and the
 * other Mach time calls are libsystem_kernel's: libsystem_kernel/mach_time.c.)
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>
#include <sys/times.h>
#include <string.h>
#include <time.h>

#include "machrun/darwin/private.h"

/* Darwin clock ids -> Linux. */
static const struct {
    int darwin;
    clockid_t linux_;
} clock_table[] = {
    { 0, CLOCK_REALTIME },
    { 4, CLOCK_MONOTONIC_RAW },          /* CLOCK_MONOTONIC_RAW */
    { 5, CLOCK_MONOTONIC_RAW },          /* CLOCK_MONOTONIC_RAW_APPROX */
    { 6, CLOCK_BOOTTIME },               /* CLOCK_MONOTONIC: Darwin's counts sleep */
    { 8, CLOCK_MONOTONIC },              /* CLOCK_UPTIME_RAW: does not count sleep */
    { 9, CLOCK_MONOTONIC_COARSE },       /* CLOCK_UPTIME_RAW_APPROX */
    { 12, CLOCK_PROCESS_CPUTIME_ID },
    { 16, CLOCK_THREAD_CPUTIME_ID },
};

static int clock_linux(int id, clockid_t *out)
{
    for (size_t i = 0; i < sizeof clock_table / sizeof clock_table[0]; i++)
        if (clock_table[i].darwin == id) {
            *out = clock_table[i].linux_;
            return 0;
        }
    errno = D_EINVAL;
    return -1;
}

static int d_clock_gettime(int id, struct timespec *ts)
{
    clockid_t c;
    if (clock_linux(id, &c) < 0)
        return -1;
    return dret(clock_gettime(c, ts));
}
DARWIN_EXPORT("_clock_gettime", d_clock_gettime);

static int d_clock_getres(int id, struct timespec *ts)
{
    clockid_t c;
    if (clock_linux(id, &c) < 0)
        return -1;
    return dret(clock_getres(c, ts));
}
DARWIN_EXPORT("_clock_getres", d_clock_getres);

static int d_clock_settime(int id, const struct timespec *ts)
{
    clockid_t c;
    if (clock_linux(id, &c) < 0)
        return -1;
    return dret(clock_settime(c, ts));
}
DARWIN_EXPORT("_clock_settime", d_clock_settime);

static uint64_t d_clock_gettime_nsec_np(int id)
{
    struct timespec ts;
    if (d_clock_gettime(id, &ts) < 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
DARWIN_EXPORT("_clock_gettime_nsec_np", d_clock_gettime_nsec_np);

/* Darwin's struct timeval: long tv_sec; int tv_usec (+4 bytes of padding). */
struct d_timeval {
    int64_t tv_sec;
    int32_t tv_usec;
    int32_t pad_;
};

static int d_gettimeofday(struct d_timeval *tv, void *tz)
{
    struct timeval l;
    struct timezone z;
    if (gettimeofday(&l, tz ? &z : NULL) < 0)
        return dret(-1);
    if (tv) {
        tv->tv_sec = l.tv_sec;
        tv->tv_usec = (int32_t)l.tv_usec;
    }
    if (tz)
        memcpy(tz, &z, sizeof z); /* struct timezone {int; int} agrees */
    return 0;
}
DARWIN_EXPORT("_gettimeofday", d_gettimeofday);

static int d_settimeofday(const struct d_timeval *tv, const void *tz)
{
    (void)tz;
    struct timeval l = { tv->tv_sec, tv->tv_usec };
    return dret(settimeofday(&l, NULL));
}
DARWIN_EXPORT("_settimeofday", d_settimeofday);

static int d_nanosleep(const struct timespec *req, struct timespec *rem)
{
    return dret(nanosleep(req, rem));
}
DARWIN_EXPORT("_nanosleep", d_nanosleep);
DARWIN_EXPORT("_nanosleep$NOCANCEL", d_nanosleep);

static time_t d_time(time_t *t) { return time(t); }
DARWIN_EXPORT("_time", d_time);

static clock_t d_clock(void) { return clock(); } /* CLOCKS_PER_SEC is 10^6 on both */
DARWIN_EXPORT("_clock", d_clock);

static clock_t d_times(struct tms *t) { return dretl(times(t)); }
DARWIN_EXPORT("_times", d_times);

/* struct tm {9 ints; long tm_gmtoff; char *tm_zone} is the same on both. */
DARWIN_EXPORT("_localtime", localtime);
DARWIN_EXPORT("_localtime_r", localtime_r);
DARWIN_EXPORT("_gmtime", gmtime);
DARWIN_EXPORT("_gmtime_r", gmtime_r);
DARWIN_EXPORT("_mktime", mktime);
DARWIN_EXPORT("_timegm", timegm);
DARWIN_EXPORT("_timelocal", timelocal);
DARWIN_EXPORT("_asctime", asctime);
DARWIN_EXPORT("_asctime_r", asctime_r);
DARWIN_EXPORT("_ctime", ctime);
DARWIN_EXPORT("_ctime_r", ctime_r);
DARWIN_EXPORT("_difftime", difftime);
DARWIN_EXPORT("_strftime", strftime);
DARWIN_EXPORT("_tzset", tzset);
DARWIN_EXPORT_DATA("_tzname", tzname);
/* long timezone (seconds west of UTC) and int daylight, as tzset leaves them: the same types
 * on Darwin. */
DARWIN_EXPORT_DATA("_timezone", timezone);
DARWIN_EXPORT_DATA("_daylight", daylight);

static char *d_strptime(const char *s, const char *fmt, struct tm *tm)
{
    return strptime(s, fmt, tm);
}
DARWIN_EXPORT("_strptime", d_strptime);
DARWIN_EXPORT("_strptime$UNIX2003", d_strptime);
DARWIN_EXPORT("_mktime$UNIX2003", mktime);
DARWIN_EXPORT("_strftime$UNIX2003", strftime);
