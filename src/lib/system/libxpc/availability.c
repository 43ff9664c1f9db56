/*
 * availability.c — __availability_version_check, the call behind @available and
 * __builtin_available (libxpc exports it on macOS): it answers as macOS 13.0, the version
 * machrun reports.
 */
#include <stdbool.h>
#include <stdint.h>

#include "machrun/darwin/private.h"

struct d_version_req {
    uint32_t platform, version;
};
static bool d__availability_version_check(uint32_t count, const struct d_version_req *reqs)
{
    for (uint32_t i = 0; i < count; i++)
        if (reqs[i].platform == 1 /* PLATFORM_MACOS */ && reqs[i].version > 0x000d0000u)
            return false;
    return true;
}
DARWIN_EXPORT("__availability_version_check", d__availability_version_check);
