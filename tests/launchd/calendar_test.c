/* calendar_test.c — StartCalendarInterval's next-run computation with a fixed clock (TZ=UTC). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../src/launchd/launchd_private.h"

static int fails;

static void expect(const char *what, time_t got, const char *want)
{
    char buf[64];
    struct tm tm;
    localtime_r(&got, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M %a", &tm);
    if (strcmp(buf, want) != 0) {
        printf("FAIL - %s: got %s, want %s\n", what, buf, want);
        fails++;
    } else {
        printf("ok   - %s: %s\n", what, buf);
    }
}

int main(void)
{
    setenv("TZ", "UTC", 1);
    tzset();
    time_t base = 1700000000; /* 2023-11-14 22:13:20 UTC, a Tuesday */
    struct calendar every_minute = { -1, -1, -1, -1, -1 };
    expect("all wildcards: the next minute", launchd_calendar_next(&every_minute, 1, base), "2023-11-14 22:14 Tue");
    struct calendar at_0330 = { 30, 3, -1, -1, -1 };
    expect("Hour 3 Minute 30: tomorrow", launchd_calendar_next(&at_0330, 1, base), "2023-11-15 03:30 Wed");
    struct calendar sunday = { 0, 9, -1, 0, -1 };
    expect("Weekday 0 (Sunday) 09:00", launchd_calendar_next(&sunday, 1, base), "2023-11-19 09:00 Sun");
    struct calendar sunday7 = { 0, 9, -1, 7, -1 };
    expect("Weekday 7 is Sunday too", launchd_calendar_next(&sunday7, 1, base), "2023-11-19 09:00 Sun");
    struct calendar first = { 0, 0, 1, -1, -1 };
    expect("Day 1: the first of next month", launchd_calendar_next(&first, 1, base), "2023-12-01 00:00 Fri");
    struct calendar leap = { 0, 12, 29, -1, 2 };
    expect("Month 2 Day 29: the next leap day", launchd_calendar_next(&leap, 1, base), "2024-02-29 12:00 Thu");
    struct calendar two[2] = { { 0, 23, -1, -1, -1 }, { 15, 22, -1, -1, -1 } };
    expect("an array: the earliest entry wins", launchd_calendar_next(two, 2, base), "2023-11-14 22:15 Tue");
    struct calendar minute5 = { 5, -1, -1, -1, -1 };
    expect("Minute 5 of every hour", launchd_calendar_next(&minute5, 1, base), "2023-11-14 23:05 Tue");
    printf("%d failed\n", fails);
    return fails != 0;
}
