/*
 * sandbox_exec.c — owns `machrun sandbox-exec`, Apple's sandbox-exec(1) for Linux:
 *   machrun sandbox-exec [-f FILE | -n NAME | -p STRING] [-D KEY=VALUE]...
 *                        [--explain] [--strict] [--enable-sandbox-logging]
 *                        [--no-supervisor] [--keep-fds] COMMAND [ARGS...]
 * Evaluates the profile, closes descriptors from 3 up (unless --keep-fds), locks itself
 * down (src/sandbox/) and execs COMMAND: directly for Linux programs, or as
 * `/proc/self/exe COMMAND ARGS` (machrun's run pipeline) for Mach-O ones. The sandbox is
 * inherited across exec and fork. --explain prints how each rule is enforced and exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "machrun/input.h"
#include "machrun/cli.h"
#include "machrun/exec_image.h"
#include "machrun/sandbox.h"

static void usage(void)
{
    fprintf(stderr,
            "usage: machrun sandbox-exec [-f profile-file] [-n profile-name] [-p profile-string]\n"
            "                            [-D key=value ...] [--explain] [--strict]\n"
            "                            [--enable-sandbox-logging] [--no-supervisor] [--keep-fds]\n"
            "                            command [arguments ...]\n");
}

/* Find COMMAND in PATH like execvp, to tell a Mach-O from a Linux program. */
static int find_cmd(const char *cmd, char *out, size_t n)
{
    if (strchr(cmd, '/')) { snprintf(out, n, "%s", cmd); return access(out, F_OK) == 0 ? 0 : -1; }
    const char *path = getenv("PATH");
    if (!path) path = "/usr/local/bin:/usr/bin:/bin";
    char found[PATH_MAX];
    if (exec_path_find(path, cmd, found) != 0) return -1;
    /* an empty PATH element (the current directory) as "./cmd" */
    int w = snprintf(out, n, "%s%s", strchr(found, '/') ? "" : "./", found);
    return w > 0 && (size_t)w < n ? 0 : -1;
}

static int is_macho(const char *path)
{
    int fd = mr_open_input(path, NULL);
    if (fd < 0) return 0;
    unsigned char m[8];
    ssize_t n = read(fd, m, sizeof m);
    close(fd);
    return n > 0 && exec_image_is_macho(exec_image_classify(m, (size_t)n));
}

int cli_sandbox_exec(int argc, char **argv)
{
    const char *file = NULL, *name = NULL, *str = NULL;
    int explain = 0, keep_fds = 0;
    unsigned flags = 0;
    const char **params = calloc((size_t)argc * 2 + 1, sizeof *params);
    if (!params) return 1;
    int np = 0, i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !strcmp(a, "-")) break;
        if (!strcmp(a, "--")) { i++; break; }
        if ((!strcmp(a, "-f") || !strcmp(a, "-n") || !strcmp(a, "-p") || !strcmp(a, "-D")) && i + 1 >= argc) {
            fprintf(stderr, "sandbox-exec: option %s needs an argument\n", a);
            usage(); free(params); return MR_EXIT_USAGE;
        }
        if (!strcmp(a, "-f")) file = argv[++i];
        else if (!strcmp(a, "-n")) name = argv[++i];
        else if (!strcmp(a, "-p")) str = argv[++i];
        else if (!strcmp(a, "-D")) {
            char *kv = argv[++i], *eq = strchr(kv, '=');
            if (!eq || eq == kv) { fprintf(stderr, "sandbox-exec: -D expects KEY=VALUE: %s\n", kv); free(params); return MR_EXIT_USAGE; }
            *eq = 0;
            params[np++] = kv; params[np++] = eq + 1;
        }
        else if (!strcmp(a, "--explain")) explain = 1;
        else if (!strcmp(a, "--strict")) flags |= SB_APPLY_STRICT;
        else if (!strcmp(a, "--enable-sandbox-logging")) flags |= SB_APPLY_LOG;
        else if (!strcmp(a, "--no-supervisor")) flags |= SB_APPLY_NO_SUPERVISOR;
        else if (!strcmp(a, "--keep-fds")) keep_fds = 1;
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(); free(params); return 0; }
        else { fprintf(stderr, "sandbox-exec: unknown option %s\n", a); usage(); free(params); return MR_EXIT_USAGE; }
    }
    if (!!file + !!name + !!str != 1) {
        fprintf(stderr, "sandbox-exec: give exactly one of -f, -n, -p\n");
        usage(); free(params); return MR_EXIT_USAGE;
    }
    if (i >= argc && !explain) { usage(); free(params); return MR_EXIT_USAGE; }
    char err[1024];
    struct sb_profile *p = file ? sb_profile_from_file(file, params, err, sizeof err)
                         : name ? sb_profile_named(name, params, err, sizeof err)
                                : sb_profile_from_string(str, strlen(str), "<-p profile>", params, err, sizeof err);
    if (!p) { fprintf(stderr, "sandbox-exec: %s\n", err); free(params); return 65; /* EX_DATAERR, as Apple's */ }
    if (explain) {
        int n = sb_explain(p, stdout);
        sb_profile_free(p);
        free(params);
        return (flags & SB_APPLY_STRICT) && n ? 1 : 0;
    }
    char path[4096];
    if (find_cmd(argv[i], path, sizeof path) < 0) {
        fprintf(stderr, "sandbox-exec: %s: command not found\n", argv[i]);
        sb_profile_free(p); free(params);
        return MR_EXIT_NOT_FOUND;
    }
    int macho = is_macho(path);
    if (macho) flags |= SB_APPLY_EXEC_SELF;
    if (!keep_fds) syscall(SYS_close_range, 3U, ~0U, 0U);
    if (sb_apply(p, flags, err, sizeof err) < 0) {
        fprintf(stderr, "sandbox-exec: %s\n", err);
        free(params);
        return 71;   /* EX_OSERR */
    }
    if (macho) {
        /* machrun's run pipeline: /proc/self/exe PROGRAM ARGS */
        char **run = calloc((size_t)(argc - i + 2), sizeof *run);
        if (!run) return 1;
        run[0] = "machrun";
        run[1] = path;
        for (int k = i + 1; k < argc; k++) run[k - i + 1] = argv[k];
        execv("/proc/self/exe", run);
    } else {
        execv(path, argv + i);
    }
    int e = errno;
    fprintf(stderr, "sandbox-exec: execvp() of '%s' failed: %s\n", argv[i], strerror(e));
    return e == ENOENT ? MR_EXIT_NOT_FOUND : MR_EXIT_CANNOT_EXECUTE;
}
