/*
 * error.c — __error(), the address of the calling thread's errno, which libsystem_kernel
 * exports on macOS (its system-call wrappers set it). The guest's errno is glibc's
 * thread-local errno, holding Darwin values between calls (machrun/darwin/private.h: dret).
 */
#include <errno.h>

#include "machrun/darwin/private.h"

static int *d___error(void)
{
    return &errno;
}
DARWIN_EXPORT("___error", d___error);
