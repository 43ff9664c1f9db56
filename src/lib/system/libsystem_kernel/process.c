/*
 * process.c — guest processes, the system-call side: execve (a Mach-O re-enters machrun in
 * place through src/exec) and the PATH search the exec family and posix_spawnp share,
 * posix_spawn with Darwin's attributes and file actions, wait4/waitid with Darwin's status
 * encoding and flags, the process-group, session and id calls, and _exit. (fork/vfork, the exec
 * family, posix_spawnp, waitpid/wait/wait3, system/popen/pclose, setpgrp and tc[gs]etpgrp
 * are libsystem_c's, pthread_atfork libsystem_pthread's: see libsystem_c/fork.c, exec.c,
 * posix_spawnp.c, wait.c, system.c, setpgrp.c, tcpgrp.c and libsystem_pthread/atfork.c.)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <paths.h>
#include <stdarg.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "machrun/darwin/abi.h"
#include "machrun/darwin/siginfo.h"
#include "machrun/darwin/private.h"
#include "machrun/darwin/process.h"
#include "machrun/darwin/signals.h"
#include "machrun/exec.h"
#include "machrun/exec_image.h"

/* The signal translations are signal_core.c's (machrun/darwin/abi.h). */
int darwin_wait_status(int st)
{
    return darwin_wait_status_from_linux(st);
}

/* ---- execve, and the PATH search of the exec family and posix_spawnp ---- */
int darwin_execve(const char *path, char *const argv[], char *const envp[])
{
    exec_guest_execve(path, argv, envp, false);
    errno = darwin_errno_from_linux(errno);
    return -1;
}
DARWIN_EXPORT("_execve", darwin_execve);

extern char **environ;

/* Darwin's execvP/execvp: search PATH (default /usr/bin:/bin); ENOEXEC runs /bin/sh with the
 * file; EACCES is remembered while the search goes on. No heap use (vfork children). */
int darwin_exec_search(const char *file, const char *search, char *const argv[], char *const envp[])
{
    if (!*file) {
        errno = D_ENOENT;
        return -1;
    }
    if (strchr(file, '/')) {
        exec_guest_execve(file, argv, envp, false);
        int e = errno;
        if (e == ENOEXEC) {
            int argc = 0;
            while (argv[argc])
                argc++;
            char *sh_argv[argc + 2];
            sh_argv[0] = "sh";
            sh_argv[1] = (char *)file;
            for (int i = 1; i <= argc; i++)
                sh_argv[i + 1] = argv[i];
            execve(_PATH_BSHELL, sh_argv, envp);
        }
        errno = darwin_errno_from_linux(e);
        return -1;
    }
    if (!search)
        search = "/usr/bin:/bin";
    struct exec_path w;
    exec_path_start(&w, search, file);
    for (const char *buf; (buf = exec_path_next(&w));) {
        exec_guest_execve(buf, argv, envp, false);
        int e = errno;
        if (e == ENOEXEC) {
            int argc = 0;
            while (argv[argc])
                argc++;
            char *sh_argv[argc + 2];
            sh_argv[0] = "sh";
            sh_argv[1] = (char *)buf;
            for (int i = 1; i <= argc; i++)
                sh_argv[i + 1] = argv[i];
            execve(_PATH_BSHELL, sh_argv, envp);
            e = errno;
        }
        exec_path_note(&w, e);
        if (e != EACCES && e != ENOENT && e != ENOTDIR && e != ENAMETOOLONG && e != ELOOP && e != ENODEV &&
            e != ETIMEDOUT && e != ESTALE) {
            errno = darwin_errno_from_linux(e);
            return -1;
        }
    }
    errno = darwin_errno_from_linux(exec_path_errno(&w));
    return -1;
}

/* ---- posix_spawn: Darwin's opaque attribute and file-action objects ---- */
#define D_SPAWN_RESETIDS 0x0001
#define D_SPAWN_SETPGROUP 0x0002
#define D_SPAWN_SETSIGDEF 0x0004
#define D_SPAWN_SETSIGMASK 0x0008
#define D_SPAWN_SETEXEC 0x0040
#define D_SPAWN_START_SUSPENDED 0x0080
#define D_SPAWN_DISABLE_ASLR 0x0100
#define D_SPAWN_SETSID 0x0400
#define D_SPAWN_CLOEXEC_DEFAULT 0x4000

struct spawn_attr {
    short flags;
    pid_t pgroup;
    uint32_t sigdefault; /* Darwin sigset_t */
    uint32_t sigmask;
};

enum fa_kind { FA_OPEN, FA_CLOSE, FA_DUP2, FA_INHERIT, FA_CHDIR, FA_FCHDIR };
struct file_action {
    enum fa_kind kind;
    int fd, newfd, oflag;
    mode_t mode;
    char *path;
};
struct spawn_actions {
    int n, cap;
    struct file_action *a;
};

static int d_posix_spawnattr_init(struct spawn_attr **attr)
{
    *attr = calloc(1, sizeof **attr);
    return *attr ? 0 : D_ENOMEM;
}
DARWIN_EXPORT("_posix_spawnattr_init", d_posix_spawnattr_init);

static int d_posix_spawnattr_destroy(struct spawn_attr **attr)
{
    free(*attr);
    *attr = NULL;
    return 0;
}
DARWIN_EXPORT("_posix_spawnattr_destroy", d_posix_spawnattr_destroy);

/* The attribute accessors: posix_spawnattr_set/getNAME for each field, by value or through a
 * pointer (the signal sets). */
#define SPAWNATTR_FIELD(name, field, type)                                                               \
    static int d_posix_spawnattr_set##name(struct spawn_attr **attr, type v)                             \
    {                                                                                                    \
        (*attr)->field = v;                                                                              \
        return 0;                                                                                        \
    }                                                                                                    \
    static int d_posix_spawnattr_get##name(struct spawn_attr *const *attr, type *v)                      \
    {                                                                                                    \
        *v = (*attr)->field;                                                                             \
        return 0;                                                                                        \
    }                                                                                                    \
    DARWIN_EXPORT("_posix_spawnattr_set" #name, d_posix_spawnattr_set##name);                            \
    DARWIN_EXPORT("_posix_spawnattr_get" #name, d_posix_spawnattr_get##name)
#define SPAWNATTR_SET_FIELD(name, field)                                                                 \
    static int d_posix_spawnattr_set##name(struct spawn_attr **attr, const uint32_t *v)                  \
    {                                                                                                    \
        (*attr)->field = *v;                                                                             \
        return 0;                                                                                        \
    }                                                                                                    \
    static int d_posix_spawnattr_get##name(struct spawn_attr *const *attr, uint32_t *v)                  \
    {                                                                                                    \
        *v = (*attr)->field;                                                                             \
        return 0;                                                                                        \
    }                                                                                                    \
    DARWIN_EXPORT("_posix_spawnattr_set" #name, d_posix_spawnattr_set##name);                            \
    DARWIN_EXPORT("_posix_spawnattr_get" #name, d_posix_spawnattr_get##name)
SPAWNATTR_FIELD(flags, flags, short);
SPAWNATTR_FIELD(pgroup, pgroup, pid_t);
SPAWNATTR_SET_FIELD(sigmask, sigmask);
SPAWNATTR_SET_FIELD(sigdefault, sigdefault);

static int d_posix_spawn_file_actions_init(struct spawn_actions **fa)
{
    *fa = calloc(1, sizeof **fa);
    return *fa ? 0 : D_ENOMEM;
}
DARWIN_EXPORT("_posix_spawn_file_actions_init", d_posix_spawn_file_actions_init);

static int d_posix_spawn_file_actions_destroy(struct spawn_actions **fa)
{
    if (*fa) {
        for (int i = 0; i < (*fa)->n; i++)
            free((*fa)->a[i].path);
        free((*fa)->a);
        free(*fa);
        *fa = NULL;
    }
    return 0;
}
DARWIN_EXPORT("_posix_spawn_file_actions_destroy", d_posix_spawn_file_actions_destroy);

static int add_action(struct spawn_actions **fa, struct file_action a)
{
    struct spawn_actions *s = *fa;
    if (a.fd < 0 || (a.kind == FA_DUP2 && a.newfd < 0))
        return D_EBADF;
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 8;
        struct file_action *n = realloc(s->a, (size_t)cap * sizeof *n);
        if (!n)
            return D_ENOMEM;
        s->a = n;
        s->cap = cap;
    }
    s->a[s->n++] = a;
    return 0;
}

static int d_fa_addopen(struct spawn_actions **fa, int fd, const char *path, int oflag, mode_t mode)
{
    char *p = strdup(path);
    if (!p)
        return D_ENOMEM;
    return add_action(fa, (struct file_action){ FA_OPEN, fd, 0, oflag, mode, p });
}
DARWIN_EXPORT("_posix_spawn_file_actions_addopen", d_fa_addopen);

static int d_fa_addclose(struct spawn_actions **fa, int fd)
{
    return add_action(fa, (struct file_action){ FA_CLOSE, fd, 0, 0, 0, NULL });
}
DARWIN_EXPORT("_posix_spawn_file_actions_addclose", d_fa_addclose);

static int d_fa_adddup2(struct spawn_actions **fa, int fd, int newfd)
{
    return add_action(fa, (struct file_action){ FA_DUP2, fd, newfd, 0, 0, NULL });
}
DARWIN_EXPORT("_posix_spawn_file_actions_adddup2", d_fa_adddup2);

static int d_fa_addinherit_np(struct spawn_actions **fa, int fd)
{
    return add_action(fa, (struct file_action){ FA_INHERIT, fd, 0, 0, 0, NULL });
}
DARWIN_EXPORT("_posix_spawn_file_actions_addinherit_np", d_fa_addinherit_np);

static int d_fa_addchdir_np(struct spawn_actions **fa, const char *path)
{
    char *p = strdup(path);
    if (!p)
        return D_ENOMEM;
    return add_action(fa, (struct file_action){ FA_CHDIR, 0, 0, 0, 0, p });
}
DARWIN_EXPORT("_posix_spawn_file_actions_addchdir_np", d_fa_addchdir_np);

static int d_fa_addfchdir_np(struct spawn_actions **fa, int fd)
{
    return add_action(fa, (struct file_action){ FA_FCHDIR, fd, 0, 0, 0, NULL });
}
DARWIN_EXPORT("_posix_spawn_file_actions_addfchdir_np", d_fa_addfchdir_np);

/* In the child: apply attributes and actions, then exec. Reports a Linux errno on `errfd`. */
_Noreturn static void spawn_child(int errfd, const char *path, bool search, const struct spawn_attr *at,
                                  const struct spawn_actions *fa, char *const argv[], char *const envp[])
{
    int e = 0;
    short flags = at ? at->flags : 0;
    if (flags & D_SPAWN_SETSID && setsid() < 0)
        goto fail;
    if (flags & D_SPAWN_SETPGROUP && setpgid(0, at->pgroup) < 0)
        goto fail;
    if (flags & D_SPAWN_RESETIDS && (setgid(getgid()) < 0 || setuid(getuid()) < 0))
        goto fail;
    if (flags & D_SPAWN_SETSIGDEF) {
        for (int s = 1; s < 32; s++)
            if (at->sigdefault & (1u << (s - 1))) {
                int l = linux_sig_from_darwin(s);
                if (l > 0)
                    signal(l, SIG_DFL);
            }
    }
    if (flags & D_SPAWN_SETSIGMASK) {
        sigset_t m;
        sigemptyset(&m);
        linux_sigset_from_darwin(at->sigmask, &m);
        sigprocmask(SIG_SETMASK, &m, NULL);
    }
    bool inherit[1024] = { false };
    for (int i = 0; fa && i < fa->n; i++) {
        const struct file_action *a = &fa->a[i];
        switch (a->kind) {
        case FA_OPEN: {
            int fd = open(a->path, linux_open_flags_from_darwin(a->oflag), a->mode);
            if (fd < 0)
                goto fail;
            if (fd != a->fd) {
                if (dup2(fd, a->fd) < 0)
                    goto fail;
                close(fd);
            }
            if (a->fd < 1024)
                inherit[a->fd] = true;
            break;
        }
        case FA_CLOSE:
            if (close(a->fd) < 0 && errno != EBADF)
                goto fail;
            break;
        case FA_DUP2:
            if (a->fd == a->newfd) {
                int fl = fcntl(a->fd, F_GETFD);
                if (fl < 0 || fcntl(a->fd, F_SETFD, fl & ~FD_CLOEXEC) < 0)
                    goto fail;
            } else if (dup2(a->fd, a->newfd) < 0) {
                goto fail;
            }
            if (a->newfd < 1024)
                inherit[a->newfd] = true;
            break;
        case FA_INHERIT: {
            int fl = fcntl(a->fd, F_GETFD);
            if (fl < 0 || fcntl(a->fd, F_SETFD, fl & ~FD_CLOEXEC) < 0)
                goto fail;
            if (a->fd < 1024)
                inherit[a->fd] = true;
            break;
        }
        case FA_CHDIR:
            if (chdir(a->path) < 0)
                goto fail;
            break;
        case FA_FCHDIR:
            if (fchdir(a->fd) < 0)
                goto fail;
            break;
        }
    }
    if (flags & D_SPAWN_CLOEXEC_DEFAULT) {
        /* Every descriptor not named by a file action closes on exec. */
        for (int fd = 0; fd < 1024; fd++)
            if (!inherit[fd] && fd != errfd) {
                int fl = fcntl(fd, F_GETFD);
                if (fl >= 0)
                    fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
            }
    }
    if (search) {
        darwin_exec_search(path, getenv("PATH"), argv, envp);
        e = linux_errno_from_darwin(errno);
    } else {
        exec_guest_execve(path, argv, envp, (flags & D_SPAWN_DISABLE_ASLR) != 0);
        e = errno;
    }
    goto report;
fail:
    e = errno;
report:
    (void)!write(errfd, &e, sizeof e);
    _exit(127);
}

int darwin_spawn(pid_t *pid, const char *path, bool search, struct spawn_actions *const *fa,
                    struct spawn_attr *const *attr, char *const argv[], char *const envp[])
{
    const struct spawn_attr *at = attr ? *attr : NULL;
    const struct spawn_actions *acts = fa ? *fa : NULL;
    if (!envp)
        envp = environ;
    if (at && (at->flags & D_SPAWN_SETEXEC)) {
        /* POSIX_SPAWN_SETEXEC: become the program, as execve does. */
        if (search)
            darwin_exec_search(path, getenv("PATH"), argv, envp);
        else
            exec_guest_execve(path, argv, envp, (at->flags & D_SPAWN_DISABLE_ASLR) != 0);
        return darwin_errno_from_linux(errno);
    }
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) < 0)
        return darwin_errno_from_linux(errno);
    pid_t child = fork();
    if (child < 0) {
        int e = errno;
        close(pipefd[0]);
        close(pipefd[1]);
        return darwin_errno_from_linux(e);
    }
    if (child == 0) {
        close(pipefd[0]);
        spawn_child(pipefd[1], path, search, at, acts, argv, envp);
    }
    close(pipefd[1]);
    int e = 0;
    ssize_t n;
    do
        n = read(pipefd[0], &e, sizeof e);
    while (n < 0 && errno == EINTR);
    close(pipefd[0]);
    if (n == (ssize_t)sizeof e) {
        /* The child could not exec: reap it and report why, as Darwin's posix_spawn does. */
        waitpid(child, NULL, 0);
        return darwin_errno_from_linux(e);
    }
    if (pid)
        *pid = child;
    if (at && (at->flags & D_SPAWN_START_SUSPENDED))
        kill(child, SIGSTOP);
    return 0;
}

static int d_posix_spawn(pid_t *pid, const char *path, struct spawn_actions *const *fa,
                         struct spawn_attr *const *attr, char *const argv[], char *const envp[])
{
    return darwin_spawn(pid, path, false, fa, attr, argv, envp);
}
DARWIN_EXPORT("_posix_spawn", d_posix_spawn);

/* ---- wait family ---- */
#define D_WNOHANG 0x01
#define D_WUNTRACED 0x02
#define D_WEXITED 0x04
#define D_WSTOPPED 0x08
#define D_WCONTINUED 0x10
#define D_WNOWAIT 0x20

int darwin_wait_options(int d)
{
    int l = 0;
    if (d & D_WNOHANG) l |= WNOHANG;
    if (d & D_WUNTRACED) l |= WUNTRACED;
    if (d & D_WCONTINUED) l |= WCONTINUED;
    return l;
}

pid_t darwin_wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
    int st;
    pid_t r = wait4(pid, &st, darwin_wait_options(options), ru);
    if (r < 0)
        return dret(-1);
    if (status && r > 0)
        *status = darwin_wait_status(st);
    if (ru && r > 0)
        ru->ru_maxrss *= 1024; /* Darwin reports bytes */
    return r;
}
DARWIN_EXPORT("_wait4", darwin_wait4);

static int d_waitid(int idtype, id_t id, struct d_siginfo *info, int options)
{
    int l = 0;
    if (options & D_WNOHANG) l |= WNOHANG;
    if (options & D_WEXITED) l |= WEXITED;
    if (options & D_WSTOPPED) l |= WSTOPPED;
    if (options & D_WCONTINUED) l |= WCONTINUED;
    if (options & D_WNOWAIT) l |= WNOWAIT;
    siginfo_t si;
    memset(&si, 0, sizeof si);
    if (waitid((idtype_t)idtype, id, &si, l) < 0) /* P_ALL/P_PID/P_PGID agree */
        return dret(-1);
    memset(info, 0, sizeof *info);
    if (si.si_pid == 0)
        return 0; /* WNOHANG and nothing to report */
    info->d_signo = si.si_signo ? D_SIGCHLD : 0;
    info->d_code = si.si_code; /* CLD_EXITED 1 ... CLD_CONTINUED 6 agree */
    info->d_pid = si.si_pid;
    info->d_uid = si.si_uid;
    info->d_status = si.si_code == CLD_EXITED ? si.si_status : darwin_sig_from_linux(si.si_status);
    return 0;
}
DARWIN_EXPORT("_waitid", d_waitid);

/* ---- process groups, sessions, terminals ---- */
static pid_t d_setsid(void) { return dret(setsid()); }
static pid_t d_getsid(pid_t p) { return dret(getsid(p)); }
static int d_setpgid(pid_t p, pid_t g) { return dret(setpgid(p, g)); }
static pid_t d_getpgid(pid_t p) { return dret(getpgid(p)); }
static pid_t d_getpgrp(void) { return getpgrp(); }
static int d_setuid(uid_t u) { return dret(setuid(u)); }
static int d_setgid(gid_t g) { return dret(setgid(g)); }
static int d_seteuid(uid_t u) { return dret(seteuid(u)); }
static int d_setegid(gid_t g) { return dret(setegid(g)); }
static int d_setreuid(uid_t r, uid_t e) { return dret(setreuid(r, e)); }
static int d_setregid(gid_t r, gid_t e) { return dret(setregid(r, e)); }
static int d_setgroups(int n, const gid_t *g) { return dret(setgroups((size_t)n, g)); }
DARWIN_EXPORT("_setsid", d_setsid);
DARWIN_EXPORT("_getsid", d_getsid);
DARWIN_EXPORT("_setpgid", d_setpgid);
DARWIN_EXPORT("_getpgid", d_getpgid);
DARWIN_EXPORT("_getpgrp", d_getpgrp);
DARWIN_EXPORT("_setuid", d_setuid);
DARWIN_EXPORT("_setgid", d_setgid);
DARWIN_EXPORT("_seteuid", d_seteuid);
DARWIN_EXPORT("_setegid", d_setegid);
DARWIN_EXPORT("_setreuid", d_setreuid);
DARWIN_EXPORT("_setregid", d_setregid);
DARWIN_EXPORT("_setgroups", d_setgroups);

/* ---- the end of the process: _exit(2) (_Exit is libsystem_c's) ---- */
static void d__exit(int status)
{
    _exit(status);
}
DARWIN_EXPORT("__exit", d__exit);
