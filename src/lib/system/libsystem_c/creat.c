/*
 * creat.c — creat (libsystem_c's on macOS): open with O_WRONLY|O_CREAT|O_TRUNC.
 */
#define _GNU_SOURCE
#include <sys/types.h>

#include "machrun/darwin/fs.h"
#include "machrun/darwin/private.h"

static int d_creat(const char *path, mode_t mode)
{
    return darwin_openat(-2, path, 0x1 | 0x200 | 0x400, mode);
}
DARWIN_EXPORT("_creat", d_creat);
