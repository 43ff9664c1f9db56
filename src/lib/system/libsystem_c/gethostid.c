/*
 * gethostid.c — gethostid (libsystem_c's on macOS): the host's, as Linux reports it.
 */
#define _GNU_SOURCE
#include <unistd.h>

#include "machrun/darwin/private.h"

static long d_gethostid(void) { return gethostid(); }
DARWIN_EXPORT("_gethostid", d_gethostid);
