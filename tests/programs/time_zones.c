/* time_zones.c — time zones through TZ (zoneinfo names, POSIX rules, a quoted offset):
 * tzname, timezone and daylight after tzset, localtime_r with tm_gmtoff/tm_isdst, mktime
 * back, strftime with every common conversion, a DST gap, strptime with %z, asctime and
 * ctime_r, and a line of printf/scanf conversions. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>
#include <locale.h>
#include <wchar.h>
#include <math.h>
#include <inttypes.h>
#include <stdint.h>
#include <float.h>
#include <limits.h>
int main(void) {
    const char *zones[] = { "UTC", "America/Los_Angeles", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "EST5EDT", "<+0330>-3:30", NULL };
    time_t ts[] = { 0, 1700000000, 1720000000, 2147483647, -86400 };
    for (int z = 0; zones[z]; z++) {
        setenv("TZ", zones[z], 1); tzset();
        printf("%s: tzname=%s/%s timezone=%ld daylight=%d\n", zones[z], tzname[0], tzname[1], timezone, daylight);
        for (int i = 0; i < 5; i++) {
            struct tm tm; localtime_r(&ts[i], &tm); char b[512]; /* the whole line: strftime leaves a short buffer undefined */
            strftime(b, sizeof b, "%Y-%m-%d %H:%M:%S %Z %z %a %A %b %B %c | %D %e %F %g %G %h %I %j %k %l %n%p %r %R %s %T %u %U %V %w %W %x %X %y %C %%", &tm);
            printf("  %s gmtoff=%ld isdst=%d\n", b, tm.tm_gmtoff, tm.tm_isdst);
            struct tm back = tm; printf("  mktime=%ld\n", (long)mktime(&back));
        }
    }
    setenv("TZ", "America/New_York", 1); tzset();
    struct tm t = { 0 }; t.tm_year = 124; t.tm_mon = 2; t.tm_mday = 10; t.tm_hour = 2; t.tm_min = 30; t.tm_isdst = -1;
    long gap = (long)mktime(&t);
    printf("gap mktime=%ld hour=%d isdst=%d\n", gap, t.tm_hour, t.tm_isdst);
    struct tm p; memset(&p, 0, sizeof p); char *e = strptime("Tue, 14 Nov 2023 22:13:20 +0000", "%a, %d %b %Y %H:%M:%S %z", &p);
    printf("strptime rest=%s yday=%d wday=%d gmtoff=%ld\n", e ? e : "(null)", p.tm_yday, p.tm_wday, p.tm_gmtoff);
    char buf[64]; time_t now = 1234567890; printf("%s", asctime(gmtime(&now))); printf("%s", ctime_r(&now, buf));
    printf("difftime=%g\n", difftime(10, 3));
    printf("%.3f %e %g %a %10.4Lf %'d %jd %zu %#x %#o %+d % d %-5d| %05.1f %.0e %G\n", M_PI, 12345.678, 1e-5, 1.0, (long double)2.5, 1234567, (intmax_t)-5, (size_t)7, 255, 8, 3, 4, 6, 2.25, 15.0, 1e20);
    printf("%s %ls %lc %c %5.2s| %hhd %hd %lld %llu %Lg\n", "str", L"wide", L'w', 'c', "abc", (char)300, (short)70000, LLONG_MIN, ULLONG_MAX, (long double)LDBL_MAX);
    printf("inf=%f nan=%f -0=%g dbl_max=%g min=%g\n", INFINITY, NAN, -0.0, DBL_MAX, DBL_MIN);
    char *s; asprintf(&s, "%d-%s", 5, "x"); printf("%s\n", s); free(s);
    int n1, n2; float f; char w[10]; sscanf("12 34.5 word 0x1f", "%d %f %9s %i", &n1, &f, w, &n2); printf("sscanf %d %.1f %s %d\n", n1, f, w, n2);
    return 0;
}
