/*
 * credentials.c — the process-credential system calls libsystem_kernel exports that are
 * not set/get-id pairs: getgroups (gid_t is 32-bit on both) and issetugid (Linux has no such
 * call: true when the real and effective IDs differ).
 */
#define _GNU_SOURCE
#include <unistd.h>

#include "machrun/darwin/private.h"

static int d_getgroups(int n, gid_t *list) { return dret(getgroups(n, list)); }
DARWIN_EXPORT("_getgroups", d_getgroups);

static int d_issetugid(void)
{
    return getuid() != geteuid() || getgid() != getegid();
}
DARWIN_EXPORT("_issetugid", d_issetugid);
