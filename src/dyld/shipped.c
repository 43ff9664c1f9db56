/*
 * shipped.c — the Darwin libraries machrun ships as real Mach-O files rather than built in:
 * LLVM's libc++.1.dylib and libc++abi.dylib (scripts/build-libcxx.sh), installed under a
 * root folder beside machrun that mirrors the macOS file system (ROOT/usr/lib/libc++.1.dylib).
 * dyld looks there for a system install name that no built-in library answers to.
 *
 * The root is the first of EXEDIR/lib/machrun (the build tree) and EXEDIR/../lib/machrun
 * (an installed prefix) that exists, EXEDIR being the folder of machrun's own executable, so
 * the same tree works in the build folder, under any prefix and copied into an image.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dyld_private.h"

static char root[PATH_MAX];
static int root_state; /* 0 unknown, 1 found, -1 none */

const char *dyld_shipped_root(void)
{
    if (root_state)
        return root_state > 0 ? root : NULL;
    root_state = -1;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = 0;
    static const char *const rel[] = { "/lib/machrun", "/../lib/machrun" };
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        char cand[PATH_MAX];
        struct stat st;
        if ((size_t)snprintf(cand, sizeof cand, "%s%s", exe, rel[i]) >= sizeof cand)
            continue;
        if (stat(cand, &st) == 0 && S_ISDIR(st.st_mode)) {
            memcpy(root, cand, sizeof root); /* exe is already canonical (/proc/self/exe) */
            root_state = 1;
            return root;
        }
    }
    return NULL;
}

bool dyld_shipped_path(const char *install_name, char *out, size_t outlen)
{
    if (install_name[0] != '/')
        return false;
    const char *r = dyld_shipped_root();
    if (!r)
        return false;
    if ((size_t)snprintf(out, outlen, "%s%s", r, install_name) >= outlen)
        return false;
    struct stat st;
    return stat(out, &st) == 0 && S_ISREG(st.st_mode);
}
