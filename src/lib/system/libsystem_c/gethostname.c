/*
 * gethostname.c — gethostname (libsystem_c's on macOS), with Darwin's errno.
 */
#define _GNU_SOURCE
#include <unistd.h>

#include "machrun/darwin/private.h"

static int d_gethostname(char *buf, size_t n) { return dret(gethostname(buf, n)); }
DARWIN_EXPORT("_gethostname", d_gethostname);
