/* launchd_private.h — declarations shared by the files of src/launchd/ only. */
#ifndef MACHRUN_LAUNCHD_PRIVATE_H
#define MACHRUN_LAUNCHD_PRIVATE_H

#include <stdbool.h>
#include <time.h>

#include "machrun/launchd.h"

/* One StartCalendarInterval entry; -1 is a wildcard. */
struct calendar {
    int minute, hour, day, weekday, month;
};

/* The first moment after `from` (local time) matching any of the n entries; 0 if none. */
time_t launchd_calendar_next(const struct calendar *c, int n, time_t from);

#endif
