/*
 * mach_time.c — Mach absolute time as libsystem_kernel exports it: mach_absolute_time and
 * mach_approximate_time (nanoseconds of CLOCK_MONOTONIC, not counting sleep),
 * mach_continuous_time and mach_continuous_approximate_time (CLOCK_BOOTTIME, counting it),
 * and mach_timebase_info, whose timebase is 1/1. (clock_gettime and the <time.h> calls are
 * libsystem_c's: libsystem_c/time.c.)
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <time.h>

#include "machrun/darwin/kern_return.h"
#include "machrun/darwin/private.h"

static uint64_t d_mach_absolute_time(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
DARWIN_EXPORT("_mach_absolute_time", d_mach_absolute_time);
DARWIN_EXPORT("_mach_approximate_time", d_mach_absolute_time);

static uint64_t d_mach_continuous_time(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
DARWIN_EXPORT("_mach_continuous_time", d_mach_continuous_time);
DARWIN_EXPORT("_mach_continuous_approximate_time", d_mach_continuous_time);

struct d_mach_timebase_info {
    uint32_t numer, denom;
};
static int d_mach_timebase_info(struct d_mach_timebase_info *info)
{
    info->numer = 1;
    info->denom = 1;
    return KERN_SUCCESS;
}
DARWIN_EXPORT("_mach_timebase_info", d_mach_timebase_info);
