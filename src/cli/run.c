/*
 * run.c — `machrun [options] PROGRAM [ARGS...]`: the default form. Parses machrun's own
 * options (they stop at the first non-option word) and hands the program to the exec
 * pipeline, as a shell's execve would.
 */
#include <stdio.h>
#include <string.h>

#include "machrun/cli.h"
#include "machrun/exec.h"

extern char **environ;

int cli_run(int argc, char **argv)
{
    int i = 1;
    const char *argv0 = NULL;
    struct exec_options opts = { 0 };
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-')
            break;
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (!strcmp(a, "--no-aslr"))
            opts.no_aslr = true;
        else if (!strcmp(a, "--require-signature"))
            opts.require_signature = true;
        else if (!strcmp(a, "--no-sandbox"))
            opts.no_sandbox = true;
        else if (!strcmp(a, "--argv0") && i + 1 < argc)
            argv0 = argv[++i];
        else if (!strcmp(a, "--enable-sandbox-logging"))
            opts.sandbox_logging = true;
        else {
            fprintf(stderr, "machrun: unknown option %s (see machrun --help)\n", a);
            return MR_EXIT_USAGE;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "machrun: no program given (see machrun --help)\n");
        return MR_EXIT_USAGE;
    }
    const char *path = argv[i];
    if (argv0)
        argv[i] = (char *)argv0; /* the program sees this as argv[0], as qemu-user's -0 */
    exec_take_shim_env(); /* started by a host program through the exec shim: not the guest's */
    return exec_activate(path, argv + i, environ, &opts);
}
