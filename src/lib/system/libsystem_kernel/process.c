/*
 * process.c — guest processes: fork (pthread_atfork handlers in Darwin's order, which is
 * glibc's), vfork (vfork.S), the exec family with Darwin's PATH search (a Mach-O re-enters
 * machrun in place through src/exec), posix_spawn with Darwin's attributes and file actions,
 * the wait family with Darwin's status encoding and flags, system/popen/pclose, and the
 * process-group and session calls.
 *
 * system() and popen() of a simple command line (words, quotes and backslashes, no other
 * shell syntax) whose program is a Mach-O run it directly, the way the shell would (the words
 * split and unquoted as sh does), so it re-enters machrun. Partial: any other command line
 * goes to /bin/sh, an ELF, and a Mach-O inside a pipeline, a redirection or a compound
 * command is not re-entered (the shell's execve fails with "cannot execute binary file");
 * guests reach Mach-O programs through the exec family and posix_spawn.
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
#include "machrun/exec.h"

/* The signal translations live in signal.c; until that area links in, use the identity. */
#pragma weak darwin_wait_status_from_linux
#pragma weak linux_sig_from_darwin
#pragma weak linux_sigset_from_darwin
#pragma weak darwin_sig_from_linux

static int wait_status(int st)
{
    return darwin_wait_status_from_linux ? darwin_wait_status_from_linux(st) : st;
}

static int lsig(int dsig)
{
    return linux_sig_from_darwin ? linux_sig_from_darwin(dsig) : dsig;
}

/* ---- fork and vfork ---- */
static pid_t d_fork(void)
{
    /* A fork is mostly followed by an exec: find machrun and its exec shim once, here, rather
     * than in every child (a readlink, an access and copy-on-write faults each time). */
    exec_remember_self();
    return dret(fork());
}
DARWIN_EXPORT("_fork", d_fork);

void mr_vfork_set_errno(int e)
{
    errno = e;
}
extern pid_t mr_vfork(void);
DARWIN_EXPORT("_vfork", mr_vfork);

static int d_pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void))
{
    return dreturn_err(pthread_atfork(prepare, parent, child));
}
DARWIN_EXPORT("_pthread_atfork", d_pthread_atfork);

/* ---- exec family ---- */
static int d_execve(const char *path, char *const argv[], char *const envp[])
{
    exec_guest_execve(path, argv, envp, false);
    errno = darwin_errno_from_linux(errno);
    return -1;
}
DARWIN_EXPORT("_execve", d_execve);

extern char **environ;

static int d_execv(const char *path, char *const argv[])
{
    return d_execve(path, argv, environ);
}
DARWIN_EXPORT("_execv", d_execv);

/* Darwin's execvP/execvp: search PATH (default /usr/bin:/bin); ENOEXEC runs /bin/sh with the
 * file; EACCES is remembered while the search goes on. No heap use (vfork children). */
static int exec_search(const char *file, const char *search, char *const argv[], char *const envp[])
{
    if (!*file) {
        errno = 2;
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
    size_t flen = strlen(file);
    bool eacces = false;
    const char *p = search;
    for (;;) {
        const char *c = strchr(p, ':');
        size_t dlen = c ? (size_t)(c - p) : strlen(p);
        char buf[dlen + flen + 2];
        if (dlen == 0) {
            memcpy(buf, file, flen + 1);
        } else {
            memcpy(buf, p, dlen);
            buf[dlen] = '/';
            memcpy(buf + dlen + 1, file, flen + 1);
        }
        exec_guest_execve(buf, argv, envp, false);
        int e = errno;
        if (e == ENOEXEC) {
            int argc = 0;
            while (argv[argc])
                argc++;
            char *sh_argv[argc + 2];
            sh_argv[0] = "sh";
            sh_argv[1] = buf;
            for (int i = 1; i <= argc; i++)
                sh_argv[i + 1] = argv[i];
            execve(_PATH_BSHELL, sh_argv, envp);
            e = errno;
        }
        if (e == EACCES)
            eacces = true;
        else if (e != ENOENT && e != ENOTDIR && e != ENAMETOOLONG && e != ELOOP && e != ENODEV && e != ETIMEDOUT &&
                 e != ESTALE) {
            errno = darwin_errno_from_linux(e);
            return -1;
        }
        if (!c)
            break;
        p = c + 1;
    }
    errno = eacces ? 13 : 2;
    return -1;
}

static int d_execvp(const char *file, char *const argv[])
{
    return exec_search(file, getenv("PATH"), argv, environ);
}
DARWIN_EXPORT("_execvp", d_execvp);

static int d_execvP(const char *file, const char *search, char *const argv[])
{
    return exec_search(file, search, argv, environ);
}
DARWIN_EXPORT("_execvP", d_execvP);

static int d_execvpe(const char *file, char *const argv[], char *const envp[])
{
    return exec_search(file, getenv("PATH"), argv, envp);
}
DARWIN_EXPORT("_execvpe", d_execvpe);

/* execl family: collect the variadic arguments on the stack. */
/* Count the arguments after arg0 up to the terminating NULL (that NULL included). */
#define COLLECT_ARGS(ap, n)                                                                               \
    do {                                                                                                  \
        va_list c_;                                                                                       \
        va_copy(c_, ap);                                                                                  \
        n = 1;                                                                                            \
        while (va_arg(c_, char *))                                                                        \
            n++;                                                                                          \
        va_end(c_);                                                                                       \
    } while (0)

static int d_execl(const char *path, const char *arg0, ...)
{
    va_list ap;
    va_start(ap, arg0);
    int n;
    COLLECT_ARGS(ap, n);
    char *argv[n + 1];
    argv[0] = (char *)arg0;
    for (int i = 1; i <= n; i++)
        argv[i] = va_arg(ap, char *);
    va_end(ap);
    return d_execve(path, argv, environ);
}
DARWIN_EXPORT("_execl", d_execl);

static int d_execlp(const char *file, const char *arg0, ...)
{
    va_list ap;
    va_start(ap, arg0);
    int n;
    COLLECT_ARGS(ap, n);
    char *argv[n + 1];
    argv[0] = (char *)arg0;
    for (int i = 1; i <= n; i++)
        argv[i] = va_arg(ap, char *);
    va_end(ap);
    return d_execvp(file, argv);
}
DARWIN_EXPORT("_execlp", d_execlp);

static int d_execle(const char *path, const char *arg0, ...)
{
    va_list ap;
    va_start(ap, arg0);
    int n;
    COLLECT_ARGS(ap, n);
    char *argv[n + 1];
    argv[0] = (char *)arg0;
    for (int i = 1; i <= n; i++)
        argv[i] = va_arg(ap, char *);
    char **envp = va_arg(ap, char **);
    va_end(ap);
    return d_execve(path, argv, envp);
}
DARWIN_EXPORT("_execle", d_execle);

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
    return *attr ? 0 : 12;
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
    return *fa ? 0 : 12;
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
        return 9; /* EBADF */
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 8;
        struct file_action *n = realloc(s->a, (size_t)cap * sizeof *n);
        if (!n)
            return 12;
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
        return 12;
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
        return 12;
    return add_action(fa, (struct file_action){ FA_CHDIR, 0, 0, 0, 0, p });
}
DARWIN_EXPORT("_posix_spawn_file_actions_addchdir_np", d_fa_addchdir_np);

static int d_fa_addfchdir_np(struct spawn_actions **fa, int fd)
{
    return add_action(fa, (struct file_action){ FA_FCHDIR, fd, 0, 0, 0, NULL });
}
DARWIN_EXPORT("_posix_spawn_file_actions_addfchdir_np", d_fa_addfchdir_np);

/* Darwin open(2) flags to Linux: the table is in file.c (files area). */
#pragma weak linux_open_flags_from_darwin
static int open_flags(int f)
{
    return linux_open_flags_from_darwin ? linux_open_flags_from_darwin(f) : f;
}

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
                int l = lsig(s);
                if (l > 0)
                    signal(l, SIG_DFL);
            }
    }
    if (flags & D_SPAWN_SETSIGMASK) {
        sigset_t m;
        sigemptyset(&m);
        if (linux_sigset_from_darwin)
            linux_sigset_from_darwin(at->sigmask, &m);
        sigprocmask(SIG_SETMASK, &m, NULL);
    }
    bool inherit[1024] = { false };
    for (int i = 0; fa && i < fa->n; i++) {
        const struct file_action *a = &fa->a[i];
        switch (a->kind) {
        case FA_OPEN: {
            int fd = open(a->path, open_flags(a->oflag), a->mode);
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
        exec_search(path, getenv("PATH"), argv, envp);
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

static int do_spawn(pid_t *pid, const char *path, bool search, struct spawn_actions *const *fa,
                    struct spawn_attr *const *attr, char *const argv[], char *const envp[])
{
    const struct spawn_attr *at = attr ? *attr : NULL;
    const struct spawn_actions *acts = fa ? *fa : NULL;
    if (!envp)
        envp = environ;
    if (at && (at->flags & D_SPAWN_SETEXEC)) {
        /* POSIX_SPAWN_SETEXEC: become the program, as execve does. */
        if (search)
            exec_search(path, getenv("PATH"), argv, envp);
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
    return do_spawn(pid, path, false, fa, attr, argv, envp);
}
DARWIN_EXPORT("_posix_spawn", d_posix_spawn);

static int d_posix_spawnp(pid_t *pid, const char *file, struct spawn_actions *const *fa,
                          struct spawn_attr *const *attr, char *const argv[], char *const envp[])
{
    return do_spawn(pid, file, true, fa, attr, argv, envp);
}
DARWIN_EXPORT("_posix_spawnp", d_posix_spawnp);

/* ---- wait family ---- */
#define D_WNOHANG 0x01
#define D_WUNTRACED 0x02
#define D_WEXITED 0x04
#define D_WSTOPPED 0x08
#define D_WCONTINUED 0x10
#define D_WNOWAIT 0x20

static int wait_options(int d)
{
    int l = 0;
    if (d & D_WNOHANG) l |= WNOHANG;
    if (d & D_WUNTRACED) l |= WUNTRACED;
    if (d & D_WCONTINUED) l |= WCONTINUED;
    return l;
}

static pid_t d_waitpid(pid_t pid, int *status, int options)
{
    int st;
    pid_t r = waitpid(pid, &st, wait_options(options));
    if (r < 0)
        return dret(-1);
    if (status && r > 0)
        *status = wait_status(st);
    return r;
}
DARWIN_EXPORT("_waitpid", d_waitpid);
DARWIN_EXPORT("_waitpid$NOCANCEL", d_waitpid);

static pid_t d_wait(int *status)
{
    return d_waitpid(-1, status, 0);
}
DARWIN_EXPORT("_wait", d_wait);

static pid_t d_wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
    int st;
    pid_t r = wait4(pid, &st, wait_options(options), ru);
    if (r < 0)
        return dret(-1);
    if (status && r > 0)
        *status = wait_status(st);
    if (ru && r > 0)
        ru->ru_maxrss *= 1024; /* Darwin reports bytes */
    return r;
}
DARWIN_EXPORT("_wait4", d_wait4);

static pid_t d_wait3(int *status, int options, struct rusage *ru)
{
    return d_wait4(-1, status, options, ru);
}
DARWIN_EXPORT("_wait3", d_wait3);

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
    info->d_signo = si.si_signo ? 20 /* Darwin SIGCHLD */ : 0;
    info->d_code = si.si_code; /* CLD_EXITED 1 ... CLD_CONTINUED 6 agree */
    info->d_pid = si.si_pid;
    info->d_uid = si.si_uid;
    info->d_status = si.si_code == CLD_EXITED || !darwin_sig_from_linux ? si.si_status
                                                                          : darwin_sig_from_linux(si.si_status);
    return 0;
}
DARWIN_EXPORT("_waitid", d_waitid);

/* ---- system, popen ---- */

/* The words of cmd if it is a simple command (no shell syntax beyond blanks, quotes and
 * backslashes, no assignment in front), malloc'd as one block; else NULL. */
static char **simple_words(const char *cmd)
{
    size_t len = strlen(cmd);
    char **v = malloc((len / 2 + 2) * sizeof *v + len + 1);
    if (!v)
        return NULL;
    char *out = (char *)(v + len / 2 + 2);
    size_t n = 0;
    const char *p = cmd;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        v[n++] = out;
        bool first = n == 1;
        while (*p && *p != ' ' && *p != '\t') {
            char c = *p;
            if (c == '\'') {
                const char *q = strchr(p + 1, '\'');
                if (!q)
                    goto shell;
                memcpy(out, p + 1, (size_t)(q - p - 1));
                out += q - p - 1;
                p = q + 1;
            } else if (c == '"') {
                p++;
                while (*p && *p != '"') {
                    if (*p == '$' || *p == '`')
                        goto shell;
                    if (*p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == '$' || p[1] == '`'))
                        p++;
                    else if (*p == '\\' && p[1] == '\n')
                        goto shell;
                    *out++ = *p++;
                }
                if (*p != '"')
                    goto shell;
                p++;
            } else if (c == '\\') {
                if (!p[1] || p[1] == '\n')
                    goto shell;
                *out++ = p[1];
                p += 2;
            } else if (strchr("|&;<>()$`*?[]{}#~\n!", c) || (first && c == '=')) {
                goto shell;
            } else {
                *out++ = *p++;
            }
        }
        *out++ = 0;
    }
    if (!n)
        goto shell;
    v[n] = NULL;
    return v;
shell:
    free(v);
    return NULL;
}

/* Whether the program the shell would run for word is a Mach-O (thin or universal). */
static bool is_macho_program(const char *word)
{
    char path[4096];
    const char *cand = NULL;
    if (strchr(word, '/')) {
        cand = word;
    } else {
        const char *search = getenv("PATH");
        if (!search)
            search = "/usr/bin:/bin";
        for (const char *p = search;;) {
            const char *c = strchr(p, ':');
            size_t dl = c ? (size_t)(c - p) : strlen(p);
            snprintf(path, sizeof path, "%.*s%s%s", (int)dl, p, dl ? "/" : "", word);
            if (access(path, X_OK) == 0) {
                cand = path;
                break;
            }
            if (!c)
                break;
            p = c + 1;
        }
    }
    if (!cand)
        return false;
    int fd = open(cand, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    uint32_t magic = 0;
    ssize_t n = read(fd, &magic, sizeof magic);
    close(fd);
    return n == 4 && (magic == 0xfeedfacfu || magic == 0xfeedfaceu || magic == 0xbebafecau || magic == 0xcafebabeu);
}

/* system() of a simple Mach-O command: as system(3) does it, SIGINT and SIGQUIT ignored and
 * SIGCHLD blocked in the caller while the child runs. */
static int run_simple(char **words)
{
    struct sigaction ign = { .sa_handler = SIG_IGN }, oint, oquit;
    sigset_t chld, omask;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigaction(SIGINT, &ign, &oint);
    sigaction(SIGQUIT, &ign, &oquit);
    sigprocmask(SIG_BLOCK, &chld, &omask);
    pid_t pid = fork();
    if (pid == 0) {
        sigaction(SIGINT, &oint, NULL);
        sigaction(SIGQUIT, &oquit, NULL);
        sigprocmask(SIG_SETMASK, &omask, NULL);
        exec_search(words[0], getenv("PATH"), words, environ);
        _exit(127);
    }
    int st = -1, e = errno;
    if (pid > 0)
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
    else
        e = errno;
    sigaction(SIGINT, &oint, NULL);
    sigaction(SIGQUIT, &oquit, NULL);
    sigprocmask(SIG_SETMASK, &omask, NULL);
    if (pid < 0) {
        errno = darwin_errno_from_linux(e);
        return -1;
    }
    return wait_status(st);
}

/* `/bin/sh -c cmd` as words, for a command line the shell must run: /bin/sh is started through
 * the guest's exec path, which preloads machrun's exec shim into it, so a Mach-O inside a
 * pipeline, a redirection or a compound command comes back to machrun. */
static char **sh_words(const char *cmd, char *store[4])
{
    store[0] = "/bin/sh";
    store[1] = "-c";
    store[2] = (char *)cmd;
    store[3] = NULL;
    return store;
}

static int d_system(const char *cmd)
{
    if (cmd) {
        char **words = simple_words(cmd);
        if (words && is_macho_program(words[0])) {
            int r = run_simple(words);
            free(words);
            return r;
        }
        free(words);
        if (exec_shim_available()) {
            char *store[4];
            return run_simple(sh_words(cmd, store));
        }
    }
    int r = system(cmd);
    if (r == -1) {
        errno = darwin_errno_from_linux(errno);
        return -1;
    }
    return cmd ? wait_status(r) : r;
}
DARWIN_EXPORT_PARTIAL("_system", d_system);

/* popen streams of simple Mach-O commands, for pclose (glibc's pclose knows only its own). */
static struct {
    FILE *g;
    pid_t pid;
} popened[64];
static pthread_mutex_t popened_lock = PTHREAD_MUTEX_INITIALIZER;

static void *d_popen(const char *cmd, const char *mode)
{
    bool rw = cmd && mode && (strcmp(mode, "r") == 0 || strcmp(mode, "w") == 0);
    char **words = rw ? simple_words(cmd) : NULL;
    if (words && !is_macho_program(words[0])) {
        free(words);
        words = NULL;
    }
    char *store[4], **sh = NULL;
    if (!words && rw && exec_shim_available())
        sh = sh_words(cmd, store); /* through /bin/sh, with the shim */
    if (words || sh) {
        char **run = words ? words : sh;
        bool rd = mode[0] == 'r';
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) < 0) {
            free(words);
            errno = darwin_errno_from_linux(errno);
            return NULL;
        }
        pid_t pid = fork();
        if (pid == 0) {
            int want = rd ? 1 : 0, end = rd ? fds[1] : fds[0];
            if (end != want) {
                dup2(end, want);
            } else {
                int fl = fcntl(end, F_GETFD);
                fcntl(end, F_SETFD, fl & ~FD_CLOEXEC);
            }
            /* the parent's ends of other popen streams are close-on-exec, as POSIX wants */
            exec_search(run[0], getenv("PATH"), run, environ);
            _exit(127);
        }
        free(words);
        int keep = rd ? fds[0] : fds[1];
        close(rd ? fds[1] : fds[0]);
        if (pid < 0) {
            int e = errno;
            close(keep);
            errno = darwin_errno_from_linux(e);
            return NULL;
        }
        FILE *g = fdopen(keep, mode);
        pthread_mutex_lock(&popened_lock);
        for (size_t i = 0; g && i < sizeof popened / sizeof popened[0]; i++)
            if (!popened[i].g) {
                popened[i].g = g;
                popened[i].pid = pid;
                break;
            }
        pthread_mutex_unlock(&popened_lock);
        return darwin_stdio_wrap(g);
    }
    free(words);
    FILE *g = popen(cmd, mode);
    return darwin_stdio_wrap(g);
}
DARWIN_EXPORT_PARTIAL("_popen", d_popen);
DARWIN_EXPORT_PARTIAL("_popen$DARWIN_EXTSN", d_popen);

static int d_pclose(void *f)
{
    FILE *g = darwin_stdio_host(f);
    pid_t pid = 0;
    pthread_mutex_lock(&popened_lock);
    for (size_t i = 0; i < sizeof popened / sizeof popened[0]; i++)
        if (popened[i].g && popened[i].g == g) {
            pid = popened[i].pid;
            popened[i].g = NULL;
        }
    pthread_mutex_unlock(&popened_lock);
    if (pid) {
        fclose(g);
        darwin_stdio_release(f);
        int st;
        pid_t w;
        while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
            ;
        if (w < 0) {
            errno = darwin_errno_from_linux(errno);
            return -1;
        }
        return wait_status(st);
    }
    int r = pclose(g);
    darwin_stdio_release(f);
    if (r == -1) {
        errno = darwin_errno_from_linux(errno);
        return -1;
    }
    return wait_status(r);
}
DARWIN_EXPORT("_pclose", d_pclose);

/* ---- process groups, sessions, terminals ---- */
static pid_t d_setsid(void) { return dret(setsid()); }
static pid_t d_getsid(pid_t p) { return dret(getsid(p)); }
static int d_setpgid(pid_t p, pid_t g) { return dret(setpgid(p, g)); }
static pid_t d_getpgid(pid_t p) { return dret(getpgid(p)); }
static pid_t d_getpgrp(void) { return getpgrp(); }
static int d_setpgrp(void) { return dret(setpgid(0, 0)); }
static int d_tcsetpgrp(int fd, pid_t g) { return dret(tcsetpgrp(fd, g)); }
static pid_t d_tcgetpgrp(int fd) { return dret(tcgetpgrp(fd)); }
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
DARWIN_EXPORT("_setpgrp", d_setpgrp);
DARWIN_EXPORT("_tcsetpgrp", d_tcsetpgrp);
DARWIN_EXPORT("_tcgetpgrp", d_tcgetpgrp);
DARWIN_EXPORT("_setuid", d_setuid);
DARWIN_EXPORT("_setgid", d_setgid);
DARWIN_EXPORT("_seteuid", d_seteuid);
DARWIN_EXPORT("_setegid", d_setegid);
DARWIN_EXPORT("_setreuid", d_setreuid);
DARWIN_EXPORT("_setregid", d_setregid);
DARWIN_EXPORT("_setgroups", d_setgroups);
