/*
 * remove.c — remove (libsystem_c's on macOS): unlink or rmdir, with Darwin's errno.
 */
#define _GNU_SOURCE
#include <stdio.h>

#include "machrun/darwin/private.h"

static int d_remove(const char *p) { return dret(remove(p)); }
DARWIN_EXPORT("_remove", d_remove);
