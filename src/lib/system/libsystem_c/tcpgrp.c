/*
 * tcpgrp.c — tcgetpgrp and tcsetpgrp (libsystem_c's on macOS): a terminal's foreground
 * process group, with Darwin's errno.
 */
#define _GNU_SOURCE
#include <unistd.h>

#include "machrun/darwin/private.h"

static int d_tcsetpgrp(int fd, pid_t g) { return dret(tcsetpgrp(fd, g)); }
static pid_t d_tcgetpgrp(int fd) { return dret(tcgetpgrp(fd)); }
DARWIN_EXPORT("_tcsetpgrp", d_tcsetpgrp);
DARWIN_EXPORT("_tcgetpgrp", d_tcgetpgrp);
