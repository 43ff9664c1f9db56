/*
 * posix_spawnp.c — posix_spawnp (libsystem_c's on macOS): posix_spawn with the exec
 * family's PATH search, over libsystem_kernel/process.c's darwin_spawn.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <sys/types.h>

#include "machrun/darwin/private.h"
#include "machrun/darwin/process.h"

static int d_posix_spawnp(pid_t *pid, const char *file, struct spawn_actions *const *fa,
                          struct spawn_attr *const *attr, char *const argv[], char *const envp[])
{
    return darwin_spawn(pid, file, true, fa, attr, argv, envp);
}
DARWIN_EXPORT("_posix_spawnp", d_posix_spawnp);
