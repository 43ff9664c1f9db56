/*
 * process.h — the process-control helpers libsystem_kernel/process.c (execve, posix_spawn,
 * wait4) shares with libsystem_c's wrappers built on them (exec family, posix_spawnp,
 * waitpid/wait/wait3, system/popen), and the vfork of libsystem_c/vfork.S.
 */
#ifndef MACHRUN_DARWIN_PROCESS_H
#define MACHRUN_DARWIN_PROCESS_H

#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

/* execve: a Mach-O re-enters machrun in place; -1 with the Darwin errno. */
int darwin_execve(const char *path, char *const argv[], char *const envp[]);
/* Darwin's execvP/execvp PATH search (default /usr/bin:/bin); returns only on failure. */
int darwin_exec_search(const char *file, const char *search, char *const argv[], char *const envp[]);

/* posix_spawn/posix_spawnp with Darwin's opaque attribute and file-action objects. */
struct spawn_actions;
struct spawn_attr;
int darwin_spawn(pid_t *pid, const char *path, bool search, struct spawn_actions *const *fa,
                 struct spawn_attr *const *attr, char *const argv[], char *const envp[]);

/* The wait family: Darwin's W* option bits to Linux's, Linux's status to Darwin's encoding. */
int darwin_wait_options(int d);
int darwin_wait_status(int st);
pid_t darwin_wait4(pid_t pid, int *status, int options, struct rusage *ru);

/* vfork.S: a real vfork; it reports a failure's errno through mr_vfork_set_errno. */
pid_t mr_vfork(void);
void mr_vfork_set_errno(int e);

#endif
