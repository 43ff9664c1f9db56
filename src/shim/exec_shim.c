/*
 * exec_shim.c — libmachrun-exec.so, preloaded by machrun into the host programs a guest
 * starts (a shell for system() or popen(), make, env...), so that a Mach-O program they exec
 * comes back to machrun, as the kernel's binfmt_misc would send it to an interpreter. It
 * wraps execve, the exec family and posix_spawn(p): a Mach-O (or a #! script whose
 * interpreter is one) is run as `machrun --argv0 ARGV0 -- PATH ARGS...`; anything else runs
 * as asked, with the shim handed on to it.
 *
 * The shim takes its own variables (LD_PRELOAD's entry, MACHRUN_EXE) out of the program's
 * environment when it loads, so programs see the environment they were given, and adds them
 * back to each child's. Not covered: programs that exec through a path the shim cannot see
 * (a static program, glibc's own system() and popen() in a host program, which spawn
 * /bin/sh internally).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machrun/exec_probe.h"

extern char **environ;

static char machrun_exe[PATH_MAX];
static char preload_var[PATH_MAX + 16], exe_var[PATH_MAX + 16];

__attribute__((constructor)) static void shim_init(void)
{
    const char *exe = getenv(EXEC_SHIM_EXE_VAR);
    Dl_info di;
    if (!exe || !dladdr((void *)shim_init, &di) || !di.dli_fname)
        return;
    snprintf(machrun_exe, sizeof machrun_exe, "%s", exe);
    snprintf(preload_var, sizeof preload_var, "LD_PRELOAD=%s", di.dli_fname);
    snprintf(exe_var, sizeof exe_var, "%s=%s", EXEC_SHIM_EXE_VAR, machrun_exe);
    exec_shim_take_env();
}

#define REAL(name, type)                                                                          \
    static __typeof__(type) real_;                                                                \
    if (!real_)                                                                                   \
        real_ = (__typeof__(type))dlsym(RTLD_NEXT, #name);

/* envp with the shim's variables (on the stack of the caller: this may run in a vfork child). */
/* Entries of a NULL-terminated vector (NULL counts as none: glibc declares some nonnull). */
static int count(char *const v[])
{
    int n = 0;
    while (v && v[n])
        n++;
    return n;
}

#define WITH_SHIM_ENV(envp, out)                                                                  \
    int n_ = count(envp);                                                                         \
    char *out[n_ + 3];                                                                            \
    char pre_[sizeof preload_var + 4096];                                                         \
    exec_shim_fill_env(envp, (const char **)out, pre_, sizeof pre_, preload_var, exe_var)

/* `machrun --argv0 ARGV0 -- PATH ARGS...` for argv. */
#define MACHRUN_ARGV(path, argv, out)                                                             \
    int a_ = count(argv);                                                                         \
    char *out[a_ + 6];                                                                            \
    machrun_argv(path, argv, out)

static void machrun_argv(const char *path, char *const argv[], char **out)
{
    int k = 0, n = count(argv);
    out[k++] = machrun_exe;
    if (n) {
        out[k++] = "--argv0";
        out[k++] = argv[0];
    }
    out[k++] = "--";
    out[k++] = (char *)path;
    for (int i = 1; i < n; i++)
        out[k++] = argv[i];
    out[k] = NULL;
}

int execve(const char *path, char *const argv[], char *const envp[])
{
    REAL(execve, int (*)(const char *, char *const[], char *const[]))
    if (!machrun_exe[0])
        return real_(path, argv, envp);
    if (exec_is_elf32(path))
        return real_(path, argv, envp); /* the shim cannot follow into a 32-bit program */
    WITH_SHIM_ENV(envp, env);
    if (exec_needs_machrun(path, 0)) {
        MACHRUN_ARGV(path, argv, av);
        return real_(machrun_exe, av, env);
    }
    return real_(path, argv, env);
}

int execv(const char *path, char *const argv[])
{
    return execve(path, argv, environ);
}

/* execvp's search (PATH, default /bin:/usr/bin), each candidate through execve above; a file
 * that is not an executable format runs with /bin/sh, as glibc does. */
int execvpe(const char *file, char *const argv[], char *const envp[])
{
    if (!*file) {
        errno = ENOENT;
        return -1;
    }
    struct exec_path w;
    if (strchr(file, '/')) {
        execve(file, argv, envp);
    } else {
        const char *path = getenv("PATH");
        if (!path)
            path = "/bin:/usr/bin";
        exec_path_start(&w, path, file);
        for (const char *buf; (buf = exec_path_next(&w));) {
            execve(buf, argv, envp);
            if (errno == ENOEXEC)
                file = buf;
            exec_path_note(&w, errno);
            if (errno == ENOEXEC || (errno != ENOENT && errno != ENOTDIR && errno != EACCES))
                break;
        }
        if (errno != ENOEXEC) {
            if (w.eacces)
                errno = EACCES;
            return -1;
        }
    }
    if (errno == ENOEXEC) {
        int n = count(argv);
        char *sh[n + 2];
        sh[0] = "/bin/sh";
        sh[1] = (char *)file;
        for (int i = 1; i <= n; i++)
            sh[i + 1] = argv[i];
        execve("/bin/sh", sh, envp);
    }
    return -1;
}

int execvp(const char *file, char *const argv[])
{
    return execvpe(file, argv, environ);
}

#define LIST_ARGV(first, ap, out, envp_out)                                                       \
    int c_ = 1;                                                                                   \
    va_start(ap, first);                                                                          \
    while (va_arg(ap, char *))                                                                    \
        c_++;                                                                                     \
    va_end(ap);                                                                                   \
    char *out[c_ + 1];                                                                            \
    va_start(ap, first);                                                                          \
    out[0] = (char *)first;                                                                       \
    for (int i_ = 1; i_ <= c_; i_++)                                                              \
        out[i_] = va_arg(ap, char *);                                                             \
    envp_out;                                                                                     \
    va_end(ap)

int execl(const char *path, const char *arg, ...)
{
    va_list ap;
    LIST_ARGV(arg, ap, av, (void)0);
    return execve(path, av, environ);
}

int execlp(const char *file, const char *arg, ...)
{
    va_list ap;
    LIST_ARGV(arg, ap, av, (void)0);
    return execvpe(file, av, environ);
}

int execle(const char *path, const char *arg, ...)
{
    va_list ap;
    char **envp;
    LIST_ARGV(arg, ap, av, envp = va_arg(ap, char **));
    return execve(path, av, envp);
}

int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *attr,
                char *const argv[], char *const envp[])
{
    REAL(posix_spawn, int (*)(pid_t *, const char *, const posix_spawn_file_actions_t *, const posix_spawnattr_t *,
                              char *const[], char *const[]))
    if (!machrun_exe[0] || exec_is_elf32(path))
        return real_(pid, path, fa, attr, argv, envp);
    WITH_SHIM_ENV(envp, env);
    if (exec_needs_machrun(path, 0)) {
        MACHRUN_ARGV(path, argv, av);
        return real_(pid, machrun_exe, fa, attr, av, env);
    }
    return real_(pid, path, fa, attr, argv, env);
}

int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
                 const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    REAL(posix_spawnp, int (*)(pid_t *, const char *, const posix_spawn_file_actions_t *,
                               const posix_spawnattr_t *, char *const[], char *const[]))
    if (!machrun_exe[0])
        return real_(pid, file, fa, attr, argv, envp);
    if (!strchr(file, '/')) { /* a Mach-O found by the search goes to machrun by its path */
        const char *path = getenv("PATH");
        if (!path)
            path = "/bin:/usr/bin";
        char buf[PATH_MAX];
        if (exec_path_find(path, file, buf) == 0) {
            if (exec_needs_machrun(buf, 0))
                return posix_spawn(pid, buf, fa, attr, argv, envp);
            if (exec_is_elf32(buf))
                return real_(pid, file, fa, attr, argv, envp);
        }
    } else if (exec_needs_machrun(file, 0) || exec_is_elf32(file)) {
        return posix_spawn(pid, file, fa, attr, argv, envp);
    }
    WITH_SHIM_ENV(envp, env);
    return real_(pid, file, fa, attr, argv, env);
}
