/*
 * supervisor.c — `machrun launchd`: one domain's jobs, started through fork and exec (a
 * Mach-O job re-enters machrun's exec pipeline), each in its own process group, kept alive
 * by KeepAlive, throttled by ThrottleInterval (a job that lived less than that is respawned
 * only when the interval is up — never a fork storm), repeated by StartInterval, stopped by
 * SIGTERM then SIGKILL after ExitTimeOut. Every start failure and throttle is logged with
 * its reason. Control: a UNIX socket speaking one line of TAB-separated words per request;
 * peers are checked with SO_PEERCRED (a user controls only their own launchd; root any).
 * MACHRUN_LAUNCHD_TIME_SCALE divides every interval, so tests need not wait for seconds.
 *
 * One poll loop that nothing blocks: clients are non-blocking, each with its own request
 * buffer (one line, at most REQUEST_MAX bytes), reply queue and deadline
 * (MACHRUN_LAUNCHD_CLIENT_TIMEOUT, 5 s: an idle, half-line or non-reading client is dropped);
 * stopping is a timer (SIGTERM, then SIGKILL from the loop when ExitTimeOut passes). A job gets
 * descriptors 0-2 and its Sockets only. One supervisor per socket: SOCKET.lock is held with
 * flock for its life. SOCKET.jobs lists label, pid and /proc start time of every run, so a
 * supervisor restarted after a crash adopts its predecessor's runs (watched through pidfd, as
 * they are not its children) instead of starting second copies, and stops those whose jobs
 * it does not load.
 *
 * Also: StartCalendarInterval (calendar.c), WatchPaths and QueueDirectories (inotify),
 * Sockets (bound here; a job is started on demand when one becomes readable, and gets them
 * as descriptors 3... with LISTEN_FDS/LISTEN_PID/LISTEN_FDNAMES, which libSystem's
 * launch_activate_socket reads for Mach-O jobs), resource limits, UserName/GroupName in
 * root's domain, and the Disabled overrides that load -w / unload -w keep outside the plist
 * (in $XDG_STATE_HOME/machrun/launchd-overrides).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <sys/syscall.h>
#include <sys/file.h>
#include <unistd.h>

#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <sys/inotify.h>

#include "launchd_private.h"
#include "machrun/exec.h"

extern char **environ;

static struct job *jobs;
static struct rlimit nofile_inherited; /* what jobs get back: the supervisor raises its own */
static bool nofile_raised;
static double time_scale = 1.0;
static bool quitting; /* SIGTERM received: every job is stopping, then the supervisor exits */

static bool queue_nonempty(const struct job *j);
static void schedule_calendar(struct job *j);
static void save_state(void);
static void close_control_fds(void);

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static double scaled(double seconds) { return seconds / time_scale; }

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    char ts[32];
    strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(stderr, "%s launchd[%d]: ", ts, getpid());
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}

void launchd_socket_path(char *buf, size_t n)
{
    const char *s = getenv("MACHRUN_LAUNCHD_SOCKET");
    if (s && *s) {
        snprintf(buf, n, "%s", s);
        return;
    }
    const char *rt = getenv("XDG_RUNTIME_DIR");
    if (rt && *rt)
        snprintf(buf, n, "%s/machrun/launchd.sock", rt);
    else
        snprintf(buf, n, "/tmp/machrun-%u/launchd.sock", (unsigned)getuid());
}

static struct job *find_job(const char *label_or_path)
{
    for (struct job *j = jobs; j; j = j->next)
        if (!j->unloading && (!strcmp(j->label, label_or_path) || !strcmp(j->path, label_or_path)))
            return j;
    return NULL;
}

/* ---- starting ---- */
static int open_to(const char *path, int flags, int fd, char *why, size_t n)
{
    int f = open(path, flags, 0644);
    if (f < 0) {
        snprintf(why, n, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    if (f != fd) {
        dup2(f, fd);
        close(f);
    }
    return 0;
}

/* Mark every descriptor from `lowest` on close-on-exec (close_range, else a /proc/self/fd walk):
 * the error pipe stays usable until the exec closes it with the rest. */
static void close_from(int lowest)
{
#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned)lowest, ~0U, 4 /* CLOSE_RANGE_CLOEXEC */) == 0)
        return;
#endif
    DIR *d = opendir("/proc/self/fd");
    if (!d) {
        for (int fd = lowest; fd < 65536; fd++)
            fcntl(fd, F_SETFD, FD_CLOEXEC);
        return;
    }
    int self = dirfd(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        int fd = atoi(e->d_name);
        if (e->d_name[0] != '.' && fd >= lowest && fd != self)
            fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    closedir(d);
}

/* Field 22 of /proc/PID/stat (start time in clock ticks after boot); 0 if unreadable. */
static unsigned long long proc_start_ticks(pid_t pid)
{
    char p[64], buf[1024];
    snprintf(p, sizeof p, "/proc/%d/stat", (int)pid);
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = 0;
    char *s = strrchr(buf, ')');
    if (!s)
        return 0;
    s++;
    /* after the name: state is field 3, start time field 22 */
    for (int field = 3; field < 22 && s; field++)
        s = strchr(s + 1, ' ');
    return s ? strtoull(s + 1, NULL, 10) : 0;
}

/* ---- the state file: label, pid and start time of every running job, beside the socket,
 * so that a supervisor restarted after a crash adopts its predecessor's jobs ---- */
static char state_path[PATH_MAX + 8];

/* Pids and start times mean something in this boot only. */
static void boot_id(char *b, size_t n)
{
    b[0] = 0;
    int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    ssize_t r = read(fd, b, n - 1);
    close(fd);
    b[r > 0 ? r : 0] = 0;
    b[strcspn(b, "\n")] = 0;
}

static void save_state(void)
{
    if (!state_path[0])
        return;
    char tmp[sizeof state_path + 8];
    snprintf(tmp, sizeof tmp, "%s.tmp", state_path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        return;
    }
    char boot[64];
    boot_id(boot, sizeof boot);
    fprintf(f, "boot\t%s\n", boot);
    for (struct job *j = jobs; j; j = j->next)
        if (j->pid > 0 && j->start_ticks)
            fprintf(f, "%s\t%d\t%llu\n", j->label, (int)j->pid, j->start_ticks);
    if (fclose(f) == 0)
        rename(tmp, state_path);
    else
        unlink(tmp);
}

struct orphan {
    char label[256];
    pid_t pid;
    unsigned long long ticks;
};
static struct orphan *orphans;
static int norphans;

/* Read the predecessor's state file: keep the runs that are still the same processes (pid and
 * start time match, and they are ours). */
static void read_state(void)
{
    FILE *f = fopen(state_path, "re");
    if (!f)
        return;
    char line[600], boot[64], want[80];
    boot_id(boot, sizeof boot);
    snprintf(want, sizeof want, "boot\t%s\n", boot);
    if (!fgets(line, sizeof line, f) || strcmp(line, want)) {
        fclose(f); /* another boot's (or no boot line): nothing in it is still running */
        return;
    }
    while (fgets(line, sizeof line, f)) {
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2 || t1 - line >= 256)
            continue;
        *t1 = 0;
        pid_t pid = (pid_t)atoi(t1 + 1);
        unsigned long long ticks = strtoull(t2 + 1, NULL, 10);
        char pp[64];
        struct stat st;
        snprintf(pp, sizeof pp, "/proc/%d", (int)pid);
        if (pid <= 1 || !ticks || proc_start_ticks(pid) != ticks || stat(pp, &st) < 0 ||
            (getuid() != 0 && st.st_uid != getuid()))
            continue;
        struct orphan *o = realloc(orphans, (size_t)(norphans + 1) * sizeof *o);
        if (!o)
            break;
        orphans = o;
        memcpy(o[norphans].label, line, (size_t)(t1 - line) + 1);
        o[norphans].pid = pid;
        o[norphans].ticks = ticks;
        norphans++;
    }
    fclose(f);
}

/* Watch a run a previous supervisor started (pid and start time checked again once the pidfd
 * is open, against reuse). */
static bool attach_run(struct job *j, pid_t pid, unsigned long long ticks)
{
    if (proc_start_ticks(pid) != ticks)
        return false;
    j->pidfd = -1;
#ifdef SYS_pidfd_open
    j->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
#endif
    if (j->pidfd >= 0)
        fcntl(j->pidfd, F_SETFD, FD_CLOEXEC);
    if (proc_start_ticks(pid) != ticks) { /* exited and reused before the pidfd */
        if (j->pidfd >= 0)
            close(j->pidfd);
        j->pidfd = -1;
        return false;
    }
    j->pid = pid;
    j->start_ticks = ticks;
    j->adopted = true;
    j->last_start = now();
    return true;
}

/* A loaded job whose run a previous supervisor left behind: watch that run instead of
 * starting a second copy. */
static bool adopt(struct job *j)
{
    for (int i = 0; i < norphans; i++) {
        if (orphans[i].pid <= 0 || strcmp(orphans[i].label, j->label))
            continue;
        pid_t pid = orphans[i].pid;
        orphans[i].pid = 0;
        if (!attach_run(j, pid, orphans[i].ticks))
            return false;
        j->runs++;
        logf_("%s: adopted pid %d, left running by a previous launchd", j->label, (int)pid);
        save_state();
        return true;
    }
    return false;
}

static void stop_job(struct job *j);

/* A run the predecessor left whose job is not loaded here: stopped like an unloaded job
 * (SIGTERM, SIGKILL after the default ExitTimeOut), under a hidden entry of its own. */
static void stop_orphan(const struct orphan *o)
{
    struct job *j = calloc(1, sizeof *j);
    if (!j)
        return;
    j->label = strdup(o->label);
    j->path = strdup("");
    j->program = strdup("");
    j->watch_fd = -1;
    j->pidfd = -1;
    j->exit_timeout = 20;
    j->last_status = -1;
    if (!j->label || !j->path || !j->program || !attach_run(j, o->pid, o->ticks)) {
        launchd_job_free(j);
        return;
    }
    j->unloading = true;
    j->next = jobs;
    jobs = j;
    logf_("%s: pid %d left by a previous launchd, not loaded here: stopping it", j->label, (int)o->pid);
    stop_job(j);
}

static void start_job(struct job *j)
{
    if (j->pid > 0 || !j->loaded)
        return;
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) < 0) {
        logf_("%s: cannot start: pipe: %s", j->label, strerror(errno));
        return;
    }
    j->last_start = now();
    j->throttle_reason[0] = 0;
    pid_t pid = fork();
    if (pid < 0) {
        logf_("%s: cannot start: fork: %s", j->label, strerror(errno));
        close(pfd[0]);
        close(pfd[1]);
        return;
    }
    if (pid == 0) {
        char why[512] = "";
        close(pfd[0]);
        /* Keep the error pipe clear of the descriptors the job gets (0-2, then 3... for Sockets). */
        int ep = fcntl(pfd[1], F_DUPFD_CLOEXEC, 100);
        if (ep >= 0) {
            close(pfd[1]);
            pfd[1] = ep;
        }
        /* Peers see the end of their connection when the supervisor closes it, not when this
         * child gets round to its exec (it may block first, opening a FIFO say). */
        close_control_fds();
        setpgid(0, 0);
        sigset_t all;
        sigemptyset(&all);
        sigprocmask(SIG_SETMASK, &all, NULL);
        signal(SIGPIPE, SIG_DFL);
        if (nofile_raised)
            setrlimit(RLIMIT_NOFILE, &nofile_inherited);
        if (j->umask_value >= 0)
            umask((mode_t)j->umask_value);
        if (j->nice)
            setpriority(PRIO_PROCESS, 0, j->nice);
        for (int i = 0; i < j->nlimits; i++) {
            struct rlimit rl;
            getrlimit((__rlimit_resource_t)j->limits[i].resource, &rl);
            if (j->limits[i].hard)
                rl.rlim_max = j->limits[i].value;
            else
                rl.rlim_cur = j->limits[i].value;
            if (rl.rlim_cur > rl.rlim_max)
                rl.rlim_cur = rl.rlim_max;
            setrlimit((__rlimit_resource_t)j->limits[i].resource, &rl);
        }
        if (getuid() == 0 && (j->user || j->group)) {
            struct group *g = j->group ? getgrnam(j->group) : NULL;
            struct passwd *pw = j->user ? getpwnam(j->user) : NULL;
            if ((j->group && !g) || (j->user && !pw))
                snprintf(why, sizeof why, "unknown %s %s", j->user && !pw ? "user" : "group",
                         j->user && !pw ? j->user : j->group);
            else if ((g && setgid(g->gr_gid) < 0) || (pw && (initgroups(pw->pw_name, g ? g->gr_gid : pw->pw_gid) < 0 ||
                                                               (!g && setgid(pw->pw_gid) < 0) || setuid(pw->pw_uid) < 0)))
                snprintf(why, sizeof why, "cannot switch to %s: %s", j->user ? j->user : j->group, strerror(errno));
        }
        if (j->nsocks > 0) {
            /* Sockets become descriptors 3, 4, ... in Sockets order (systemd's convention). */
            int tmp[64];
            int n = j->nsocks < 64 ? j->nsocks : 64;
            for (int i = 0; i < n; i++)
                tmp[i] = fcntl(j->socks[i].fd, F_DUPFD_CLOEXEC, 100);
            char names[1024] = "";
            for (int i = 0; i < n; i++) {
                dup2(tmp[i], 3 + i);
                close(tmp[i]);
                if (i)
                    strncat(names, ":", sizeof names - strlen(names) - 1);
                strncat(names, j->socks[i].name, sizeof names - strlen(names) - 1);
            }
            char v[32];
            snprintf(v, sizeof v, "%d", n);
            setenv("LISTEN_FDS", v, 1);
            snprintf(v, sizeof v, "%d", getpid());
            setenv("LISTEN_PID", v, 1);
            setenv("LISTEN_FDNAMES", names, 1);
        }
        if (j->workdir && chdir(j->workdir) < 0)
            snprintf(why, sizeof why, "bad WorkingDirectory %s: %s", j->workdir, strerror(errno));
        if (!why[0])
            open_to(j->stdin_path ? j->stdin_path : "/dev/null", O_RDONLY, 0, why, sizeof why);
        if (!why[0] && j->stdout_path)
            open_to(j->stdout_path, O_WRONLY | O_CREAT | O_APPEND, 1, why, sizeof why);
        if (!why[0] && j->stderr_path)
            open_to(j->stderr_path, O_WRONLY | O_CREAT | O_APPEND, 2, why, sizeof why);
        /* The job gets its standard descriptors and its Sockets, nothing else: not the control
         * connections, the lock, the log or whatever the supervisor inherited. */
        if (!why[0])
            close_from(3 + (j->nsocks < 64 ? j->nsocks : 64));
        if (!why[0]) {
            size_t ne = 0, nj = 0;
            while (environ[ne])
                ne++;
            while (j->env && j->env[nj])
                nj++;
            char **env = calloc(ne + nj + 2, sizeof *env);
            size_t k = 0;
            for (size_t i = 0; i < ne; i++)
                if (strncmp(environ[i], "MACHRUN_LAUNCHD_", 16))
                    env[k++] = environ[i];
            for (size_t i = 0; i < nj; i++)
                env[k++] = j->env[i];
            char lbl[300];
            snprintf(lbl, sizeof lbl, "XPC_SERVICE_NAME=%s", j->label);
            env[k++] = lbl;
            exec_guest_execve(j->program, j->argv, env, false);
            snprintf(why, sizeof why, "cannot execute %s: %s", j->program, strerror(errno));
        }
        (void)!write(pfd[1], why, strlen(why));
        _exit(127);
    }
    close(pfd[1]);
    /* The child reports a failure before exec on the pipe, which the exec closes: read it from
     * the loop, as the child may take its time (a FIFO for StandardInPath, a slow user lookup). */
    fcntl(pfd[0], F_SETFL, O_NONBLOCK);
    j->start_pipe = pfd[0];
    j->pid = pid;
    j->runs++;
    j->adopted = false;
    j->kill_at = 0;
    j->start_ticks = proc_start_ticks(pid);
    save_state();
}

/* The start pipe is readable: a reason (the start failed) or its end (the exec happened). */
static void start_reported(struct job *j, bool exited)
{
    char why[512];
    ssize_t n = read(j->start_pipe, why, sizeof why - 1);
    if (n < 0 && (errno == EAGAIN || errno == EINTR) && !exited)
        return;
    close(j->start_pipe);
    j->start_pipe = -1;
    if (n > 0) {
        why[n] = 0;
        logf_("%s: failed to start: %s", j->label, why);
    } else {
        logf_("%s: started, pid %d", j->label, j->pid);
    }
}

static bool should_restart(const struct job *j)
{
    int st = j->last_status;
    if (j->launch_only_once || !j->loaded)
        return false;
    switch (j->keepalive) {
    case KA_ALWAYS: return true;
    case KA_SUCCESSFUL_EXIT: return WIFEXITED(st) && WEXITSTATUS(st) == 0;
    case KA_UNSUCCESSFUL_EXIT: return !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    case KA_CRASHED: return WIFSIGNALED(st);
    default: return false;
    }
}

static void release_job_resources(struct job *j);

static void unlink_job(struct job *j)
{
    for (struct job **p = &jobs; *p; p = &(*p)->next)
        if (*p == j) {
            *p = j->next;
            break;
        }
}

/* A run of j has ended with wait status st (0 for an adopted run: not our child, its status
 * is not ours to read). */
static void job_exited(struct job *j, int st)
{
    if (j->start_pipe >= 0) {
        /* the child is gone: whatever it reported is in the pipe */
        start_reported(j, true);
    }
    pid_t pid = j->pid;
    j->pid = 0;
    j->last_status = st;
    if (j->pidfd >= 0)
        close(j->pidfd);
    j->pidfd = -1;
    bool was_stopping = j->kill_at > 0;
    j->kill_at = 0;
    double ran = now() - j->last_start;
    if (j->adopted)
        logf_("%s: adopted pid %d exited after %.2fs", j->label, pid, ran);
    else if (WIFSIGNALED(st))
        logf_("%s: pid %d killed by signal %d after %.2fs", j->label, pid, WTERMSIG(st), ran);
    else
        logf_("%s: pid %d exited with status %d after %.2fs", j->label, pid, WEXITSTATUS(st), ran);
    j->adopted = false;
    if (was_stopping)
        logf_("%s: stopped", j->label);
    if (j->unloading) {
        unlink_job(j);
        logf_("%s: unloaded", j->label);
        launchd_job_free(j);
        save_state();
        return;
    }
    save_state();
    if (j->restart_after_stop) {
        j->restart_after_stop = false;
        j->next_start = now();
        return;
    }
    if (should_restart(j)) {
        double wait = scaled(j->throttle) - ran;
        if (wait > 0) {
            j->next_start = now() + wait;
            snprintf(j->throttle_reason, sizeof j->throttle_reason,
                     "ran %.2fs, less than ThrottleInterval %ds: respawn in %.2fs", ran, j->throttle, wait);
            logf_("%s: throttled: %s", j->label, j->throttle_reason);
        } else {
            j->next_start = now();
        }
    } else if (j->start_interval > 0 && j->loaded) {
        j->next_start = j->last_start + scaled(j->start_interval);
    } else if (j->queue_dirs && j->loaded && queue_nonempty(j)) {
        /* QueueDirectories: keep running while the folder has something in it. */
        double wait = scaled(j->throttle) - ran;
        j->next_start = now() + (wait > 0 ? wait : 0);
    } else {
        j->next_start = 0;
        schedule_calendar(j);
    }
}

static void reap(void)
{
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
        for (struct job *j = jobs; j; j = j->next)
            if (j->pid == pid && !j->adopted) {
                job_exited(j, st);
                break;
            }
}

/* Adopted runs are not our children: their pidfd becomes readable when they exit (or, without
 * pidfd, their /proc entry changes). */
static void check_adopted(struct job *j)
{
    if (j->pid > 0 && j->adopted && proc_start_ticks(j->pid) != j->start_ticks)
        job_exited(j, 0);
}

/* SIGTERM the process group and return: the loop sends SIGKILL when ExitTimeOut passes and
 * handles the exit like any other. */
static void stop_job(struct job *j)
{
    if (j->pid <= 0 || j->kill_at > 0)
        return;
    kill(j->abandon_pgroup ? j->pid : -j->pid, SIGTERM);
    if (j->adopted)
        kill(j->pid, SIGTERM);
    j->kill_at = now() + scaled(j->exit_timeout);
    if (j->kill_at <= 0)
        j->kill_at = 1e-9;
}

static void kill_overdue(double t)
{
    for (struct job *j = jobs; j; j = j->next)
        if (j->pid > 0 && j->kill_at > 0 && j->kill_at <= t) {
            kill(-j->pid, SIGKILL);
            kill(j->pid, SIGKILL);
            j->kill_at = t + 3600; /* once: the exit is reaped as usual */
            logf_("%s: did not exit within ExitTimeOut (%ds): killed", j->label, j->exit_timeout);
        }
}

/* ---- sockets, watches, calendars, overrides ---- */
static int bind_socket(struct job *j, struct job_socket *k)
{
    if (k->family == AF_UNIX) {
        struct sockaddr_un a = { .sun_family = AF_UNIX };
        if (strlen(k->path) >= sizeof a.sun_path)
            return -1;
        strcpy(a.sun_path, k->path);
        unlink(k->path);
        k->fd = socket(AF_UNIX, k->type | SOCK_CLOEXEC, 0);
        if (k->fd < 0 || bind(k->fd, (struct sockaddr *)&a, sizeof a) < 0)
            goto fail;
    } else {
        struct addrinfo hints = { .ai_family = k->family == AF_UNSPEC ? AF_UNSPEC : k->family,
                                  .ai_socktype = k->type, .ai_flags = k->passive ? AI_PASSIVE : 0 }, *res;
        if (getaddrinfo(k->node, k->service, &hints, &res) != 0)
            goto fail;
        k->fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, 0);
        int one = 1;
        if (k->fd >= 0)
            setsockopt(k->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        int rc = k->fd < 0 ? -1 : bind(k->fd, res->ai_addr, res->ai_addrlen);
        freeaddrinfo(res);
        if (rc < 0)
            goto fail;
    }
    if (k->type == SOCK_STREAM && listen(k->fd, 128) < 0)
        goto fail;
    return 0;
fail:
    logf_("%s: cannot set up socket %s: %s", j->label, k->name, strerror(errno));
    if (k->fd >= 0)
        close(k->fd);
    k->fd = -1;
    return -1;
}

static void setup_watches(struct job *j)
{
    if (!j->watch_paths && !j->queue_dirs)
        return;
    j->watch_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    for (char **p = j->watch_paths; p && *p; p++)
        if (inotify_add_watch(j->watch_fd, *p, IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM |
                                                   IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_MODIFY) < 0)
            logf_("%s: WatchPaths: cannot watch %s: %s", j->label, *p, strerror(errno));
    for (char **p = j->queue_dirs; p && *p; p++)
        if (inotify_add_watch(j->watch_fd, *p, IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE) < 0)
            logf_("%s: QueueDirectories: cannot watch %s: %s", j->label, *p, strerror(errno));
}

static bool queue_nonempty(const struct job *j)
{
    for (char **p = j->queue_dirs; p && *p; p++) {
        DIR *d = opendir(*p);
        if (!d)
            continue;
        struct dirent *e;
        bool any = false;
        while (!any && (e = readdir(d)) != NULL)
            any = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
        closedir(d);
        if (any)
            return true;
    }
    return false;
}

static void schedule_calendar(struct job *j)
{
    if (!j->ncal)
        return;
    time_t t = time(NULL), next = launchd_calendar_next(j->cal, j->ncal, t);
    if (next)
        j->next_start = now() + (double)(next - t);
}

static void overrides_path(char *buf, size_t n)
{
    const char *st = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    if (st && *st)
        snprintf(buf, n, "%s/machrun/launchd-overrides", st);
    else
        snprintf(buf, n, "%s/.local/state/machrun/launchd-overrides", home ? home : "/tmp");
}

/* The override of Disabled for a label: 1 disabled, 0 enabled, -1 none. */
static int override_of(const char *label)
{
    char p[PATH_MAX], line[512];
    overrides_path(p, sizeof p);
    FILE *f = fopen(p, "re");
    int r = -1;
    size_t l = strlen(label);
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, label, l) && line[l] == '=')
            r = !strncmp(line + l + 1, "disabled", 8);
    if (f)
        fclose(f);
    return r;
}

static void set_override(const char *label, bool disabled)
{
    char p[PATH_MAX];
    overrides_path(p, sizeof p);
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", p);
    *strrchr(dir, '/') = 0;
    char parent[PATH_MAX];
    snprintf(parent, sizeof parent, "%s", dir);
    *strrchr(parent, '/') = 0;
    mkdir(parent, 0700);
    mkdir(dir, 0700);
    FILE *f = fopen(p, "ae");
    if (f) {
        fprintf(f, "%s=%s\n", label, disabled ? "disabled" : "enabled");
        fclose(f);
    }
}

static void release_job_resources(struct job *j)
{
    for (int i = 0; i < j->nsocks; i++)
        if (j->socks[i].fd >= 0) {
            close(j->socks[i].fd);
            if (j->socks[i].path)
                unlink(j->socks[i].path);
            j->socks[i].fd = -1;
        }
    if (j->watch_fd >= 0)
        close(j->watch_fd);
    j->watch_fd = -1;
}

/* ---- loading ---- */
static int load_path(const char *path, bool force, char *reply, size_t n)
{
    char err[600];
    struct job *j = launchd_job_load(path, err, sizeof err);
    if (!j) {
        logf_("refused: %s", err);
        snprintf(reply, n, "%s\n", err);
        return 1;
    }
    if (find_job(j->label)) {
        snprintf(reply, n, "%s: %s: already loaded\n", path, j->label);
        launchd_job_free(j);
        return 1;
    }
    int ov = override_of(j->label);
    if (force) {
        set_override(j->label, false);
        ov = 0;
    }
    if (ov >= 0)
        j->disabled = ov == 1;
    if (j->disabled) {
        snprintf(reply, n, "%s: %s: disabled (load -w to override)\n", path, j->label);
        logf_("%s: not loaded: Disabled", j->label);
        launchd_job_free(j);
        return 1;
    }
    j->loaded = true;
    j->next = jobs;
    jobs = j;
    logf_("%s: loaded from %s", j->label, path);
    if ((j->user || j->group) && getuid() != 0)
        logf_("%s: UserName/GroupName ignored: only root's launchd may switch users", j->label);
    for (int i = 0; i < j->nsocks; i++)
        bind_socket(j, &j->socks[i]);
    setup_watches(j);
    schedule_calendar(j);
    if (j->queue_dirs && queue_nonempty(j))
        j->next_start = now();
    if (adopt(j))
        ;
    else if (j->run_at_load || j->keepalive == KA_ALWAYS || j->keepalive == KA_UNSUCCESSFUL_EXIT ||
        j->keepalive == KA_SUCCESSFUL_EXIT)
        start_job(j);
    else if (j->start_interval > 0)
        j->next_start = now() + scaled(j->start_interval);
    snprintf(reply, n, "loaded %s\n", j->label);
    return 0;
}

static void load_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[PATH_MAX], reply[700];
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 6 && !strcmp(e->d_name + l - 6, ".plist")) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            load_path(path, false, reply, sizeof reply);
        }
    }
    closedir(d);
}

/* Unload: gone from the domain at once; a run still stopping stays in the list, hidden, until
 * it exits (or its ExitTimeOut passes and it is killed). */
static void unload(struct job *j)
{
    j->loaded = false;
    j->next_start = 0;
    stop_job(j);
    release_job_resources(j);
    if (j->pid > 0) {
        j->unloading = true;
        return;
    }
    unlink_job(j);
    logf_("%s: unloaded", j->label);
    launchd_job_free(j);
}

static void status_text(const struct job *j, char *b, size_t n)
{
    if (j->last_status < 0)
        snprintf(b, n, "0");
    else if (WIFSIGNALED(j->last_status))
        snprintf(b, n, "-%d", WTERMSIG(j->last_status));
    else
        snprintf(b, n, "%d", WEXITSTATUS(j->last_status));
}

/* ---- requests ---- */
static int handle(char **w, int nw, FILE *out)
{
    if (nw == 0)
        return 1;
    const char *cmd = w[0];
    char reply[800];
    if ((!strcmp(cmd, "load") || !strcmp(cmd, "bootstrap")) && quitting) {
        fprintf(out, "launchd is stopping: nothing more is loaded\n");
        return 1;
    }
    if (!strcmp(cmd, "load") || !strcmp(cmd, "bootstrap")) {
        int rc = 0;
        bool force = false;
        for (int i = 1; i < nw; i++) {
            if (!strcmp(w[i], "-w")) {
                force = true;
                continue;
            }
            struct stat st;
            if (stat(w[i], &st) == 0 && S_ISDIR(st.st_mode)) {
                load_dir(w[i]);
                continue;
            }
            rc |= load_path(w[i], force, reply, sizeof reply);
            fputs(reply, out);
        }
        return rc;
    }
    if (!strcmp(cmd, "unload") || !strcmp(cmd, "remove") || !strcmp(cmd, "bootout")) {
        int rc = 0;
        bool persist = false;
        for (int i = 1; i < nw; i++)
            if (!strcmp(w[i], "-w"))
                persist = true;
        for (int i = 1; i < nw; i++) {
            if (!strcmp(w[i], "-w"))
                continue;
            struct job *j = find_job(w[i]);
            if (j && persist)
                set_override(j->label, true);
            if (!j) {
                fprintf(out, "%s: no such job\n", w[i]);
                rc = 1;
                continue;
            }
            unload(j);
        }
        return rc;
    }
    if (!strcmp(cmd, "list")) {
        if (nw > 1) {
            struct job *j = find_job(w[1]);
            if (!j) {
                fprintf(out, "Could not find service \"%s\" in domain for user\n", w[1]);
                return 1;
            }
            char s[16];
            status_text(j, s, sizeof s);
            fprintf(out, "{\n\t\"LimitLoadToSessionType\" = \"Aqua\";\n\t\"Label\" = \"%s\";\n", j->label);
            fprintf(out, "\t\"OnDemand\" = %s;\n\t\"LastExitStatus\" = %s;\n",
                    j->keepalive == KA_ALWAYS ? "false" : "true", s);
            if (j->pid > 0)
                fprintf(out, "\t\"PID\" = %d;\n", j->pid);
            fprintf(out, "\t\"Program\" = \"%s\";\n};\n", j->program);
            return 0;
        }
        fprintf(out, "PID\tStatus\tLabel\n");
        for (struct job *j = jobs; j; j = j->next) {
            if (j->unloading)
                continue;
            char s[16];
            status_text(j, s, sizeof s);
            if (j->pid > 0)
                fprintf(out, "%d\t%s\t%s\n", j->pid, s, j->label);
            else
                fprintf(out, "-\t%s\t%s\n", s, j->label);
        }
        return 0;
    }
    if (!strcmp(cmd, "start") || !strcmp(cmd, "kickstart") || !strcmp(cmd, "stop") || !strcmp(cmd, "print")) {
        bool kill_first = false;
        const char *label = NULL;
        for (int i = 1; i < nw; i++) {
            if (!strcmp(w[i], "-k"))
                kill_first = true;
            else if (w[i][0] != '-')
                label = w[i];
        }
        /* kickstart/print take gui/UID/LABEL style targets: the last component is the label. */
        if (label && strchr(label, '/'))
            label = strrchr(label, '/') + 1;
        struct job *j = label ? find_job(label) : NULL;
        if (!j) {
            fprintf(out, "%s: no such job\n", label ? label : "(none)");
            return 1;
        }
        if (!strcmp(cmd, "stop")) {
            stop_job(j);
            return 0;
        }
        if (!strcmp(cmd, "print")) {
            char s[16];
            status_text(j, s, sizeof s);
            fprintf(out, "%s = {\n\tpath = %s\n\tstate = %s\n\tprogram = %s\n", j->label, j->path,
                    j->pid > 0 ? "running" : "not running", j->program);
            fprintf(out, "\targuments = {\n");
            for (char **a = j->argv; a && *a; a++)
                fprintf(out, "\t\t%s\n", *a);
            fprintf(out, "\t}\n\truns = %d\n", j->runs);
            if (j->pid > 0)
                fprintf(out, "\tpid = %d\n", j->pid);
            if (j->last_status >= 0 && WIFSIGNALED(j->last_status))
                fprintf(out, "\tlast terminating signal = %s\n", strsignal(WTERMSIG(j->last_status)));
            else
                fprintf(out, "\tlast exit code = %s\n", j->last_status < 0 ? "(never exited)" : s);
            if (j->next_start > 0 && j->pid <= 0)
                fprintf(out, "\tnext start in = %.2fs\n", j->next_start - now() > 0 ? j->next_start - now() : 0.0);
            if (j->throttle_reason[0])
                fprintf(out, "\tthrottled = %s\n", j->throttle_reason);
            fprintf(out, "}\n");
            return 0;
        }
        if (kill_first && j->pid > 0) {
            stop_job(j);
            j->restart_after_stop = true;
            return 0;
        }
        start_job(j);
        return 0;
    }
    if (!strcmp(cmd, "enable") || !strcmp(cmd, "disable")) {
        /* Targets may be service-style (gui/UID/LABEL): the label is the last part. */
        if (nw < 2) {
            fprintf(out, "usage: %s LABEL\n", cmd);
            return 2;
        }
        const char *label = strrchr(w[1], '/') ? strrchr(w[1], '/') + 1 : w[1];
        set_override(label, cmd[0] == 'd');
        fprintf(out, "%s %s\n", label, cmd[0] == 'd' ? "disabled" : "enabled");
        return 0;
    }
    fprintf(out, "unknown request: %s\n", cmd);
    return 2;
}

/* ---- clients: every connection is non-blocking, with its own buffers, a request limit and a
 * deadline; none can stall the loop or another ---- */
#define REQUEST_MAX 8192
#define MAX_CLIENTS 4096

struct client {
    int fd;
    char in[REQUEST_MAX];
    size_t inlen;
    char *out;                /* the reply, written as the peer accepts it */
    size_t outlen, outoff;
    bool replying;
    double deadline;          /* dropped when it passes: idle, half a line, or not reading */
};
static struct client **clients;
static int nclients;
static double client_timeout = 5.0;
static double accept_paused_until;

static int listen_fd = -1;

/* In a job's child: the control connections and the listener are not the job's. */
static void close_control_fds(void)
{
    for (int i = 0; i < nclients; i++)
        close(clients[i]->fd);
    if (listen_fd >= 0)
        close(listen_fd);
}

static void client_drop(int i)
{
    close(clients[i]->fd);
    free(clients[i]->out);
    free(clients[i]);
    clients[i] = clients[--nclients];
}

static void client_reply(struct client *c, const char *text, size_t len)
{
    free(c->out);
    c->out = malloc(len ? len : 1);
    if (c->out)
        memcpy(c->out, text, len);
    c->outlen = c->out ? len : 0;
    c->outoff = 0;
    c->replying = true;
    /* the reply gets its own allowance: a peer that does not read it is dropped later */
    c->deadline = now() + client_timeout;
}

static void client_request(struct client *c)
{
    c->in[c->inlen < sizeof c->in ? c->inlen : sizeof c->in - 1] = 0;
    c->in[strcspn(c->in, "\n")] = 0;
    char *w[64];
    int nw = 0;
    char *save = NULL;
    for (char *s = strtok_r(c->in, "\t", &save); s && nw < 64; s = strtok_r(NULL, "\t", &save))
        w[nw++] = s;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (!out) {
        const char *m = "out of memory\nexit 1\n";
        client_reply(c, m, strlen(m));
        return;
    }
    int rc = handle(w, nw, out);
    fprintf(out, "exit %d\n", rc);
    fclose(out);
    client_reply(c, buf, len);
    free(buf);
}

static void client_accept(int lfd)
{
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) {
            /* EAGAIN: all taken. Out of descriptors: leave the backlog alone for a moment
             * rather than spin on a listener that stays readable. */
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                accept_paused_until = now() + 0.1;
            return;
        }
        if (nclients >= MAX_CLIENTS) {
            static const char m[] = "launchd is busy: too many connections\nexit 1\n";
            (void)!send(fd, m, sizeof m - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
            close(fd);
            continue;
        }
        struct client *c = calloc(1, sizeof *c);
        struct client **n = realloc(clients, (size_t)(nclients + 1) * sizeof *n);
        if (!c || !n) {
            free(c);
            if (n)
                clients = n;
            close(fd);
            continue;
        }
        clients = n;
        c->fd = fd;
        c->deadline = now() + client_timeout;
        clients[nclients++] = c;
        struct ucred cred;
        socklen_t cl = sizeof cred;
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) < 0 || (cred.uid != getuid() && cred.uid != 0)) {
            char m[128];
            int l = snprintf(m, sizeof m, "permission denied: this launchd belongs to uid %u\nexit 1\n",
                             (unsigned)getuid());
            client_reply(c, m, (size_t)l);
        }
    }
}

/* Returns false when the client is done (dropped by the caller). */
static bool client_io(struct client *c, short revents)
{
    if (!c->replying) {
        if (!(revents & (POLLIN | POLLHUP | POLLERR)))
            return true;
        for (;;) {
            ssize_t n = recv(c->fd, c->in + c->inlen, sizeof c->in - 1 - c->inlen, 0);
            if (n < 0)
                return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
            if (n == 0) {
                if (c->inlen == 0)
                    return false;
                break; /* the request is whatever came before the end */
            }
            c->inlen += (size_t)n;
            if (memchr(c->in, '\n', c->inlen))
                break;
            if (c->inlen >= sizeof c->in - 1) {
                static const char m[] = "request too long\nexit 2\n";
                client_reply(c, m, sizeof m - 1);
                return true;
            }
        }
        client_request(c);
    }
    while (c->outoff < c->outlen) {
        ssize_t n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
        c->outoff += (size_t)n;
    }
    return false;
}

/* ---- one supervisor per socket: a lock file beside it, held for the supervisor's life ---- */
static bool is_job_socket(const struct job *j, int fd)
{
    for (int i = 0; i < j->nsocks; i++)
        if (j->socks[i].fd == fd)
            return true;
    return false;
}

static int lock_domain(const char *sock)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", sock);
    char *s = strrchr(dir, '/');
    if (s && s != dir) {
        *s = 0;
        mkdir(dir, 0700);
    }
    char lp[PATH_MAX + 8];
    snprintf(lp, sizeof lp, "%s.lock", sock);
    int fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "machrun launchd: %s: %s\n", lp, strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        char pid[32] = "";
        ssize_t n = pread(fd, pid, sizeof pid - 1, 0);
        pid[n > 0 ? n : 0] = 0;
        pid[strcspn(pid, "\n")] = 0;
        fprintf(stderr, "machrun launchd: another launchd%s%s is already serving %s\n", pid[0] ? " (pid " : "",
                pid[0] ? strcat(pid, ")") : "", sock);
        close(fd);
        return -1;
    }
    return fd;
}

static void lock_note_pid(int fd)
{
    char b[32];
    int l = snprintf(b, sizeof b, "%d\n", (int)getpid());
    if (ftruncate(fd, 0) == 0)
        (void)!pwrite(fd, b, (size_t)l, 0);
}

static int listen_socket(const char *path)
{
    unlink(path); /* ours to replace: we hold the domain's lock */
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof a.sun_path) {
        fprintf(stderr, "machrun launchd: socket path too long: %s\n", path);
        return -1;
    }
    strcpy(a.sun_path, path);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 4096) < 0) {
        fprintf(stderr, "machrun launchd: %s: %s\n", path, strerror(errno));
        return -1;
    }
    chmod(path, 0600);
    return fd;
}

int launchd_run(char **dirs, int ndirs, bool foreground)
{
    const char *ts = getenv("MACHRUN_LAUNCHD_TIME_SCALE");
    if (ts && atof(ts) > 0)
        time_scale = atof(ts);
    const char *ct = getenv("MACHRUN_LAUNCHD_CLIENT_TIMEOUT");
    if (ct && atof(ct) > 0)
        client_timeout = atof(ct);
    exec_remember_self();
    char sock[PATH_MAX];
    launchd_socket_path(sock, sizeof sock);
    int lockfd = lock_domain(sock);
    if (lockfd < 0)
        return 1;
    int lfd = listen_socket(sock);
    if (lfd < 0)
        return 1;
    listen_fd = lfd;
    snprintf(state_path, sizeof state_path, "%s.jobs", sock);
    if (!foreground) {
        pid_t p = fork();
        if (p < 0)
            return 1;
        if (p > 0) {
            printf("machrun launchd: running as pid %d, socket %s\n", p, sock);
            return 0;
        }
        setsid();
        char logp[PATH_MAX];
        const char *st = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
        if (st && *st)
            snprintf(logp, sizeof logp, "%s/machrun", st);
        else
            snprintf(logp, sizeof logp, "%s/.local/state/machrun", home ? home : "/tmp");
        mkdir(logp, 0700);
        strncat(logp, "/launchd.log", sizeof logp - strlen(logp) - 1);
        int lf = open(logp, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (lf >= 0) {
            dup2(lf, 2);
            close(lf);
        }
        int nul = open("/dev/null", O_RDWR);
        if (nul >= 0) {
            dup2(nul, 0);
            dup2(nul, 1);
            close(nul);
        }
    }
    lock_note_pid(lockfd);
    /* Room for many clients at once; jobs get the limit back. */
    if (getrlimit(RLIMIT_NOFILE, &nofile_inherited) == 0 && nofile_inherited.rlim_cur < nofile_inherited.rlim_max) {
        struct rlimit r = nofile_inherited;
        r.rlim_cur = r.rlim_max > 65536 ? 65536 : r.rlim_max;
        nofile_raised = r.rlim_cur > nofile_inherited.rlim_cur && setrlimit(RLIMIT_NOFILE, &r) == 0;
    }
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    signal(SIGPIPE, SIG_IGN);
    sigset_t ss;
    sigemptyset(&ss);
    sigaddset(&ss, SIGCHLD);
    sigaddset(&ss, SIGTERM);
    sigaddset(&ss, SIGINT);
    sigaddset(&ss, SIGHUP);
    sigprocmask(SIG_BLOCK, &ss, NULL);
    int sfd = signalfd(-1, &ss, SFD_CLOEXEC | SFD_NONBLOCK);
    logf_("started (socket %s, time scale %g)", sock, time_scale);
    read_state();
    for (int i = 0; i < ndirs; i++)
        load_dir(dirs[i]);
    /* Runs the predecessor left whose jobs are not loaded here any more: stop them. */
    for (int i = 0; i < norphans; i++)
        if (orphans[i].pid > 0)
            stop_orphan(&orphans[i]);
    free(orphans);
    orphans = NULL;
    norphans = 0;
    save_state();
    struct pollfd *p = NULL;
    struct job **owner = NULL;
    size_t cap = 0;
    for (;;) {
        if (quitting) {
            bool any = false;
            for (struct job *j = jobs; j; j = j->next)
                any |= j->pid > 0;
            if (!any) {
                for (struct job *j = jobs; j; j = j->next)
                    release_job_resources(j);
                unlink(sock);
                unlink(state_path);
                logf_("stopped");
                return 0;
            }
        }
        double t = now(), next = 0;
        bool polling_adopted = false;
        for (struct job *j = jobs; j; j = j->next) {
            if (j->pid <= 0 && j->next_start > 0 && (next == 0 || j->next_start < next))
                next = j->next_start;
            if (j->pid > 0 && j->kill_at > 0 && (next == 0 || j->kill_at < next))
                next = j->kill_at;
            polling_adopted |= j->pid > 0 && j->adopted && j->pidfd < 0;
        }
        for (int i = 0; i < nclients; i++)
            if (next == 0 || clients[i]->deadline < next)
                next = clients[i]->deadline;
        if (accept_paused_until > t && (next == 0 || accept_paused_until < next))
            next = accept_paused_until;
        int timeout = -1;
        if (next > 0) {
            double d = next - t;
            timeout = d <= 0 ? 0 : (int)(d * 1000) + 1;
        }
        if (polling_adopted && (timeout < 0 || timeout > 250))
            timeout = 250;
        size_t want = 2 + (size_t)nclients;
        for (struct job *j = jobs; j; j = j->next)
            want += 3 + (size_t)j->nsocks;
        if (want > cap) {
            cap = want * 2;
            struct pollfd *np_ = realloc(p, cap * sizeof *p);
            if (np_)
                p = np_;
            struct job **no = realloc(owner, cap * sizeof *owner);
            if (no)
                owner = no;
            if (!np_ || !no) {
                logf_("out of memory");
                cap = 0;
                continue;
            }
        }
        size_t np = 0;
        p[np] = (struct pollfd){ lfd, accept_paused_until > t ? 0 : POLLIN, 0 };
        owner[np++] = NULL;
        p[np] = (struct pollfd){ sfd, POLLIN, 0 };
        owner[np++] = NULL;
        size_t first_client = np;
        for (int i = 0; i < nclients; i++) {
            p[np] = (struct pollfd){ clients[i]->fd, clients[i]->replying ? POLLOUT : POLLIN, 0 };
            owner[np++] = NULL;
        }
        size_t first_job = np;
        for (struct job *j = jobs; j; j = j->next) {
            if (j->watch_fd >= 0) {
                owner[np] = j;
                p[np++] = (struct pollfd){ j->watch_fd, POLLIN, 0 };
            }
            if (j->pid > 0 && j->pidfd >= 0) {
                owner[np] = j;
                p[np++] = (struct pollfd){ j->pidfd, POLLIN, 0 };
            }
            if (j->start_pipe >= 0) {
                owner[np] = j;
                p[np++] = (struct pollfd){ j->start_pipe, POLLIN, 0 };
            }
            if (j->pid <= 0)
                for (int i = 0; i < j->nsocks; i++)
                    if (j->socks[i].fd >= 0) {
                        owner[np] = j;
                        p[np++] = (struct pollfd){ j->socks[i].fd, POLLIN, 0 };
                    }
        }
        if (poll(p, (nfds_t)np, timeout) < 0 && errno != EINTR)
            logf_("poll: %s", strerror(errno));
        if (p[1].revents & POLLIN) {
            struct signalfd_siginfo si;
            bool quit = false;
            while (read(sfd, &si, sizeof si) == sizeof si)
                if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT || si.ssi_signo == SIGHUP)
                    quit = true;
            reap();
            if (quit && !quitting) {
                logf_("stopping: %s", "stopping every job");
                quitting = true;
                for (struct job *j = jobs; j; j = j->next) {
                    j->loaded = false;
                    j->next_start = 0;
                    stop_job(j);
                }
            }
        }
        /* Clients: in reverse, as a dropped one is replaced by the last. The poll slots of
         * clients accepted below are not in this round. */
        for (int i = nclients - 1; i >= 0; i--) {
            size_t slot = first_client + (size_t)i;
            if (slot >= first_job || p[slot].fd != clients[i]->fd)
                continue;
            if (p[slot].revents && !client_io(clients[i], p[slot].revents))
                client_drop(i);
        }
        t = now();
        for (int i = nclients - 1; i >= 0; i--)
            if (clients[i]->deadline <= t)
                client_drop(i);
        if (p[0].revents & POLLIN)
            client_accept(lfd);
        for (size_t i = first_job; i < np; i++) {
            if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            struct job *j = owner[i];
            bool still = false;
            for (struct job *x = jobs; x; x = x->next)
                still |= x == j;
            if (!still)
                continue;
            if (p[i].fd == j->start_pipe) {
                start_reported(j, false);
            } else if (p[i].fd == j->pidfd && j->pid > 0) {
                job_exited(j, 0);
            } else if (p[i].fd == j->watch_fd) {
                char buf[4096];
                while (read(j->watch_fd, buf, sizeof buf) > 0)
                    ;
                if (j->pid <= 0 && (j->watch_paths || queue_nonempty(j))) {
                    logf_("%s: started by %s", j->label, j->watch_paths ? "a change in WatchPaths" : "QueueDirectories");
                    start_job(j);
                }
            } else if (j->pid <= 0 && j->loaded && is_job_socket(j, p[i].fd)) {
                logf_("%s: started on demand by a connection to a socket", j->label);
                start_job(j);
            }
        }
        t = now();
        for (struct job *j = jobs, *nx; j; j = nx) {
            nx = j->next;
            if (j->adopted && j->pidfd < 0)
                check_adopted(j);
        }
        kill_overdue(t);
        for (struct job *j = jobs; j; j = j->next)
            if (j->pid <= 0 && j->next_start > 0 && j->next_start <= t) {
                j->next_start = 0;
                start_job(j);
            }
    }
}
