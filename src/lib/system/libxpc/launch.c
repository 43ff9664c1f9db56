/*
 * launch.c — liblaunch's launch_activate_socket for Mach-O jobs of machrun launchd: the
 * sockets launchd bound for the job's Sockets entries arrive as descriptors 3... with
 * LISTEN_FDS, LISTEN_PID and LISTEN_FDNAMES (systemd's convention, which Linux jobs read
 * directly); this returns the descriptors of one name. Errors are returned, not set in errno:
 * ESRCH when the process was not started by launchd with sockets, ENOENT for an unknown name.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

static int d_launch_activate_socket(const char *name, int **fds, size_t *count)
{
    const char *pid = getenv("LISTEN_PID"), *n = getenv("LISTEN_FDS"), *names = getenv("LISTEN_FDNAMES");
    *fds = NULL;
    *count = 0;
    if (!pid || !n || !names || atoi(pid) != getpid())
        return D_ESRCH; /* not a launchd job with sockets */
    int total = atoi(n);
    int *v = calloc((size_t)(total > 0 ? total : 1), sizeof *v);
    if (!v)
        return D_ENOMEM;
    size_t k = 0, len = strlen(name);
    const char *p = names;
    for (int i = 0; i < total && p; i++) {
        const char *c = strchr(p, ':');
        size_t l = c ? (size_t)(c - p) : strlen(p);
        if (l == len && !strncmp(p, name, l))
            v[k++] = 3 + i;
        p = c ? c + 1 : NULL;
    }
    if (!k) {
        free(v);
        return D_ENOENT;
    }
    *fds = v;
    *count = k;
    return 0;
}
DARWIN_EXPORT("_launch_activate_socket", d_launch_activate_socket);
