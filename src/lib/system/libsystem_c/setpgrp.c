/*
 * setpgrp.c — setpgrp (libsystem_c's on macOS): BSD's setpgid(0, 0).
 */
#define _GNU_SOURCE
#include <unistd.h>

#include "machrun/darwin/private.h"

static int d_setpgrp(void) { return dret(setpgid(0, 0)); }
DARWIN_EXPORT("_setpgrp", d_setpgrp);
