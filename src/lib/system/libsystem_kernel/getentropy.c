/*
 * getentropy.c — getentropy(2), which libsystem_kernel exports on macOS: at most 256 bytes,
 * EIO on failure, as both document. (arc4random and random() are libsystem_c's:
 * libsystem_c/random.c.)
 */
#define _GNU_SOURCE
#include <unistd.h>

#include "machrun/darwin/private.h"

static int d_getentropy(void *buf, size_t n)
{
    return dret(getentropy(buf, n));
}
DARWIN_EXPORT("_getentropy", d_getentropy);
