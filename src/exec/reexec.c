/*
 * reexec.c — execve from a guest: a Mach-O (thin, fat, or a #! script whose interpreter
 * chain ends in a Mach-O) re-enters machrun's pipeline in place — the kernel's execve of
 * machrun itself with the program, so the pid stays and the new image replaces the old;
 * anything else (ELF, shell scripts) goes to the kernel's execve directly, with the exec shim
 * preloaded so that a Mach-O the host program starts in turn comes back here.
 *
 * Safe in a vfork child: no heap allocation, only the stack and system calls.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "machrun/exec.h"
#include "machrun/exec_probe.h"
#include "exec_private.h"

static char self_path[PATH_MAX];
/* "LD_PRELOAD=<dir of machrun>/libmachrun-exec.so" and "MACHRUN_EXE=<machrun>", when the shim
 * is there: given to the host programs a guest starts (a shell, make...), so that a Mach-O
 * they exec in turn comes back to machrun (src/shim/exec_shim.c). */
static char preload_var[PATH_MAX + 16], exe_var[PATH_MAX + 16];
static const char *shim_path; /* inside preload_var */
static bool disable_aslr;     /* P_DISABLE_ASLR: this process was launched with --no-aslr */

void exec_set_disable_aslr(bool on)
{
    disable_aslr = on;
}

/* Done on first need (a guest's exec or system()), not at every launch: it costs a readlink
 * and an access. Idempotent; safe in a vfork child (only syscalls and stack-free formatting
 * into these static buffers, which the parent then shares). */
void exec_remember_self(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    ssize_t n = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
    self_path[n > 0 ? n : 0] = 0;
    const char *slash = strrchr(self_path, '/');
    if (!slash)
        return;
    int len = snprintf(preload_var, sizeof preload_var, "LD_PRELOAD=%.*s/%s", (int)(slash - self_path), self_path,
                       EXEC_SHIM_NAME);
    /* LD_PRELOAD splits its list at blanks and colons: a path holding one cannot be preloaded */
    if (len > 0 && (size_t)len < sizeof preload_var && !strpbrk(preload_var + 11, " :\t") &&
        access(preload_var + 11, R_OK) == 0) {
        shim_path = preload_var + 11;
        snprintf(exe_var, sizeof exe_var, "%s=%s", EXEC_SHIM_EXE_VAR, self_path);
    }
}

bool exec_shim_available(void)
{
    exec_remember_self();
    return shim_path != NULL;
}

/* Take the shim's variables out of machrun's own environment (a shell the shim runs in
 * started this machrun with them), so the guest sees the environment it was given. */
void exec_take_shim_env(void)
{
    exec_shim_take_env();
}

/* execve of a host program with the shim's variables added to envp (on the stack: this may
 * run in a vfork child). */
static void execve_with_shim(const char *path, char *const argv[], char *const envp[])
{
    int n = 0;
    while (envp && envp[n])
        n++;
    const char *nenv[n + 3];
    char pre[sizeof preload_var + 4096];
    exec_shim_fill_env(envp, nenv, pre, sizeof pre, preload_var, exe_var);
    execve(path, argv, (char *const *)nenv);
}

int exec_guest_execve(const char *path, char *const argv[], char *const envp[], bool no_aslr)
{
    exec_remember_self();
    if (!exec_needs_machrun(path, 0) || !self_path[0]) {
        if (shim_path && !exec_is_elf32(path))
            execve_with_shim(path, argv, envp);
        else
            execve(path, argv, envp);
        return -1;
    }
    int argc = 0;
    while (argv && argv[argc])
        argc++;
    /* machrun [--no-aslr] --argv0 ARGV0 -- PATH ARGS... */
    const char *nargv[argc + 8];
    int k = 0;
    nargv[k++] = self_path;
    if (no_aslr || disable_aslr)
        nargv[k++] = "--no-aslr";
    if (argc > 0) {
        nargv[k++] = "--argv0";
        nargv[k++] = argv[0];
    }
    nargv[k++] = "--";
    nargv[k++] = path;
    for (int i = 1; i < argc; i++)
        nargv[k++] = argv[i];
    nargv[k] = NULL;
    execve(self_path, (char *const *)nargv, envp);
    return -1;
}
