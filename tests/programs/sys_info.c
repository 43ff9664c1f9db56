#define _GNU_SOURCE
/* sys_info.c — what the system says about itself. Each build checks its own platform's
 * answers (Darwin's under machrun, Linux's natively) and prints the same verdicts. */
#include <errno.h>
#include <stdint.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#ifndef __APPLE__
#include <sys/auxv.h>
#endif
#ifdef __APPLE__
#include <mach/mach_time.h>
#include <sys/random.h>
#include <sys/sysctl.h>
#endif

int main(void)
{
    struct utsname u;
    printf("uname: %d\n", uname(&u));
#ifdef __APPLE__
    printf("sysname ok: %d\n", !strcmp(u.sysname, "Darwin"));
#else
    printf("sysname ok: %d\n", !strcmp(u.sysname, "Linux"));
#endif
    printf("machine: %s\n", u.machine);
    char host[256];
    gethostname(host, sizeof host);
    printf("nodename is hostname: %d\n", !strcmp(host, u.nodename));

    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    printf("ncpu > 0: %d, pagesize: %ld, clk_tck: %ld\n", ncpu > 0, sysconf(_SC_PAGESIZE), sysconf(_SC_CLK_TCK));
    printf("open_max > 0: %d, arg_max > 4096: %d\n", sysconf(_SC_OPEN_MAX) > 0, sysconf(_SC_ARG_MAX) > 4096);
    printf("bad sysconf: %ld\n", sysconf(-5));
#ifdef __APPLE__
    int n = 0;
    size_t len = sizeof n;
    int rc = sysctlbyname("hw.ncpu", &n, &len, NULL, 0);
    printf("sysctl ncpu agrees: %d\n", rc == 0 && n == ncpu);
    int mib[2] = { CTL_HW, HW_NCPU };
    n = 0;
    len = sizeof n;
    rc = sysctl(mib, 2, &n, &len, NULL, 0);
    printf("sysctl mib agrees: %d\n", rc == 0 && n == ncpu);
    errno = 0;
    rc = sysctlbyname("no.such.name", &n, &len, NULL, 0);
    printf("unknown name: %d enoent: %d\n", rc, errno == ENOENT);
    mach_timebase_info_data_t tb;
    mach_timebase_info(&tb);
    uint64_t t0 = mach_absolute_time();
    usleep(2000);
    uint64_t t1 = mach_absolute_time();
    printf("monotonic advances >= 2ms: %d\n", (t1 - t0) * tb.numer / tb.denom >= 2000000);
#else
    printf("sysctl ncpu agrees: 1\nsysctl mib agrees: 1\nunknown name: -1 enoent: 1\n");
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    usleep(2000);
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("monotonic advances >= 2ms: %d\n", (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) >= 2000000);
#endif

    struct rlimit rl;
    int lrc = getrlimit(RLIMIT_NOFILE, &rl);
    printf("getrlimit nofile: %d cur<=max: %d\n", lrc, rl.rlim_cur <= rl.rlim_max);
    struct rlimit lower = { 64, rl.rlim_max };
    setrlimit(RLIMIT_NOFILE, &lower);
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("after setrlimit: %llu\n", (unsigned long long)rl.rlim_cur);
    getrlimit(RLIMIT_CORE, &rl);
    printf("core limit is a number or infinity: %d\n", rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur < (1ull << 62));
    struct rusage ru;
    int rrc = getrusage(RUSAGE_SELF, &ru);
    printf("getrusage: %d maxrss plausible: %d\n", rrc, ru.ru_maxrss > 0);

    struct timeval tv;
    gettimeofday(&tv, NULL);
    time_t now = time(NULL);
    printf("gettimeofday ~ time: %d usec in range: %d\n", tv.tv_sec - now <= 1 && now - tv.tv_sec <= 1,
           tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    time_t fixed = 1700000000;
    struct tm tm;
    gmtime_r(&fixed, &tm);
    char buf[128];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %b %j", &tm);
    printf("gmtime: %s\n", buf);
    localtime_r(&fixed, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S %Z", &tm);
    printf("localtime (TZ=UTC): %s mktime round trip: %d\n", buf, mktime(&tm) == fixed);
    memset(&tm, 0, sizeof tm);
    strptime("2024-02-29 12:34:56", "%Y-%m-%d %H:%M:%S", &tm);
    printf("strptime: yday=%d wday? timegm=%lld\n", tm.tm_yday, (long long)timegm(&tm));
    struct timespec req = { 0, 1000000 };
    printf("nanosleep: %d\n", nanosleep(&req, NULL));

    struct passwd *pw = getpwuid(getuid());
    printf("getpwuid: %d name matches getpwnam: %d\n", pw != NULL,
           pw && getpwnam(pw->pw_name) && getpwnam(pw->pw_name)->pw_uid == getuid());
#ifdef __APPLE__
    printf("issetugid: %d\n", issetugid());
#else
    printf("issetugid: %d\n", (int)getauxval(AT_SECURE));
#endif
    unsigned char rnd[16] = { 0 };
    printf("getentropy: %d\n", getentropy(rnd, sizeof rnd));
    uint32_t r = arc4random_uniform(10);
    printf("arc4random_uniform in range: %d\n", r < 10);
    return 0;
}
