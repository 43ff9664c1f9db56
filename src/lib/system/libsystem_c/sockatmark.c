/*
 * sockatmark.c — sockatmark (libsystem_c's on macOS): whether a socket is at the out-of-band
 * mark; the call agrees between Darwin and Linux.
 */
#define _GNU_SOURCE
#include <sys/socket.h>

#include "machrun/darwin/private.h"

static int d_sockatmark(int fd) { return dret(sockatmark(fd)); }
DARWIN_EXPORT("_sockatmark", d_sockatmark);
