/*
 * calendar.c — StartCalendarInterval: the next local time, from a given moment, that matches
 * any of a job's calendar entries. A missing field is a wildcard, as in launchd (and cron);
 * Weekday 0 and 7 are both Sunday. Pure, with the clock passed in, so it is unit-tested.
 */
#include <string.h>
#include <time.h>

#include "launchd_private.h"

static bool matches(const struct calendar *c, const struct tm *t)
{
    if (c->minute >= 0 && t->tm_min != c->minute) return false;
    if (c->hour >= 0 && t->tm_hour != c->hour) return false;
    if (c->day >= 0 && t->tm_mday != c->day) return false;
    if (c->month >= 0 && t->tm_mon + 1 != c->month) return false;
    if (c->weekday >= 0 && t->tm_wday != c->weekday % 7) return false;
    return true;
}

time_t launchd_calendar_next(const struct calendar *c, int n, time_t from)
{
    /* Minute by minute from the next whole minute, for at most ~5 years (a Feb 29 entry). */
    time_t t = from - from % 60 + 60;
    for (long i = 0; i < 60L * 24 * 366 * 5; i++, t += 60) {
        struct tm tm;
        localtime_r(&t, &tm);
        for (int k = 0; k < n; k++)
            if (matches(&c[k], &tm))
                return t;
        /* Skip whole hours or days that cannot match any entry, to stay fast. */
        bool hour_possible = false, day_possible = false;
        for (int k = 0; k < n; k++) {
            bool d = (c[k].day < 0 || c[k].day == tm.tm_mday) && (c[k].month < 0 || c[k].month == tm.tm_mon + 1) &&
                     (c[k].weekday < 0 || c[k].weekday % 7 == tm.tm_wday);
            day_possible |= d;
            hour_possible |= d && (c[k].hour < 0 || c[k].hour == tm.tm_hour);
        }
        if (!day_possible) {
            t += (60 - tm.tm_min - 1) * 60 + (23 - tm.tm_hour) * 3600;
        } else if (!hour_possible) {
            t += (60 - tm.tm_min - 1) * 60;
        }
    }
    return 0;
}
