/* launchd_private.h — declarations shared by the files of src/launchd/ only. */
#ifndef MACHRUN_LAUNCHD_PRIVATE_H
#define MACHRUN_LAUNCHD_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "machrun/launchd.h"

/* One StartCalendarInterval entry; -1 is a wildcard. */
struct calendar {
    int minute, hour, day, weekday, month;
};

/* The first moment after `from` (local time) matching any of the n entries; 0 if none. */
time_t launchd_calendar_next(const struct calendar *c, int n, time_t from);

/* A job and its run-time state: only the supervisor and the plist reader see it. */
enum keepalive { KA_NEVER, KA_ALWAYS, KA_SUCCESSFUL_EXIT, KA_UNSUCCESSFUL_EXIT, KA_CRASHED };

struct calendar;

/* A Sockets entry: launchd binds it and hands it to the job. */
struct job_socket {
    char *name;               /* the Sockets dictionary key */
    int family, type;         /* AF_INET/AF_INET6/AF_UNIX, SOCK_STREAM/SOCK_DGRAM */
    char *node, *service;     /* SockNodeName, SockServiceName */
    char *path;               /* SockPathName */
    bool passive;             /* SockPassive (default true: listen) */
    int fd;
};

struct job_rlimit {
    int resource;             /* Linux RLIMIT_* */
    unsigned long long value;
    bool hard;
};

struct job {
    char *label;
    char *path;               /* the plist it came from */
    char *program;            /* Program, or ProgramArguments[0] */
    char **argv;              /* ProgramArguments (or {Program}) */
    char **env;               /* EnvironmentVariables as KEY=VALUE */
    char *workdir, *stdin_path, *stdout_path, *stderr_path;
    bool run_at_load, disabled, launch_only_once, abandon_pgroup;
    enum keepalive keepalive;
    int throttle;             /* seconds, default 10 */
    int exit_timeout;         /* seconds, default 20 */
    int start_interval;       /* seconds, 0: none */
    int umask_value;          /* -1: inherit */
    int nice;                 /* from ProcessType */
    struct calendar *cal;     /* StartCalendarInterval entries */
    int ncal;
    char **watch_paths;       /* WatchPaths */
    char **queue_dirs;        /* QueueDirectories */
    struct job_socket *socks; /* Sockets */
    int nsocks;
    struct job_rlimit limits[32];
    int nlimits;
    char *user, *group;       /* UserName, GroupName (root's domain only) */
    int watch_fd;             /* inotify for WatchPaths/QueueDirectories, or -1 */
    /* run-time state */
    pid_t pid;
    int runs;
    int last_status;          /* wait status of the last run, -1 if never exited */
    double last_start, next_start;
    bool loaded, wanted;      /* wanted: should be running (RunAtLoad/KeepAlive/start) */
    char throttle_reason[160];
    double kill_at;           /* stopping: SIGKILL when this passes (0: not stopping) */
    bool unloading;           /* unloaded while still running: freed when it exits */
    bool restart_after_stop;  /* kickstart -k: start again once the old run is gone */
    bool adopted;             /* started by a previous supervisor: watched through pidfd */
    int pidfd;                /* pidfd of an adopted run, or -1 */
    int start_pipe;           /* the running child's report of a failed start, until exec; or -1 */
    unsigned long long start_ticks; /* /proc/PID/stat start time of the run (against pid reuse) */
    struct job *next;
};

/* Read and check a job property list. NULL and one line in err (naming the file and the key)
 * on failure. */
struct job *launchd_job_load(const char *path, char *err, size_t errlen);
void launchd_job_free(struct job *j);
#endif
