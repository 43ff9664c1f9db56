/* proc_spawn.c — posix_spawn and posix_spawnp with file actions (dup2 of a pipe, open, close,
 * addchdir) and attributes, then fork+exec of this very program by its own path and by name
 * through PATH: a Mach-O starting Mach-O programs. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#include "self_path.h"

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "child")) {
        /* argv[0] is this file's own name when spawned through PATH: NAME.native or NAME.*.macho */
        printf("child: argc=%d argv[0]=%s argv[2]=%s\n", argc, strstr(argv[0], "proc_spawn") ? "(own file name)" : argv[0],
               argc > 2 ? argv[2] : "-");
        return 12;
    }
    int fds[2];
    pipe(fds);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    pid_t pid;
    char *echo_argv[] = { "echo", "spawned", "echo", NULL };
    int rc = posix_spawn(&pid, "/bin/echo", &fa, NULL, echo_argv, environ);
    close(fds[1]);
    char buf[128] = { 0 };
    ssize_t n = read(fds[0], buf, sizeof buf - 1);
    int st;
    waitpid(pid, &st, 0);
    printf("posix_spawn rc=%d read=%zd '%s' exit=%d\n", rc, n, strtok(buf, "\n"), WEXITSTATUS(st));
    posix_spawn_file_actions_destroy(&fa);

    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "spawn-out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    char *sh_argv[] = { "sh", "-c", "echo into a file; exit 3", NULL };
    rc = posix_spawnp(&pid, "sh", &fa, NULL, sh_argv, environ);
    waitpid(pid, &st, 0);
    FILE *f = fopen("spawn-out.txt", "r");
    fgets(buf, sizeof buf, f);
    fclose(f);
    printf("posix_spawnp rc=%d exit=%d file='%s'\n", rc, WEXITSTATUS(st), strtok(buf, "\n"));
    posix_spawn_file_actions_destroy(&fa);

    char *bad_argv[] = { "nope", NULL };
    rc = posix_spawn(&pid, "/no/such/file", NULL, NULL, bad_argv, environ);
    printf("posix_spawn of a missing file fails: %d\n", rc != 0);

    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&at, 0);
    char *pg_argv[] = { "sh", "-c", "exit 0", NULL };
    rc = posix_spawn(&pid, "/bin/sh", NULL, &at, pg_argv, environ);
    pid_t pg = getpgid(pid);
    waitpid(pid, &st, 0);
    printf("setpgroup: rc=%d own group: %d\n", rc, pg == pid || pg == -1);
    posix_spawnattr_destroy(&at);

    char me[PATH_MAX];
    self_path(me, sizeof me);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        execl(me, "by-path", "child", "one", (char *)NULL);
        _exit(127);
    }
    waitpid(pid, &st, 0);
    printf("exec of itself by path: exit=%d\n", WEXITSTATUS(st));

    char *slash = strrchr(me, '/');
    *slash = 0;
    setenv("PATH", me, 1);
    fflush(stdout);
    char *self_argv[] = { slash + 1, "child", "two", NULL };
    rc = posix_spawnp(&pid, slash + 1, NULL, NULL, self_argv, environ);
    waitpid(pid, &st, 0);
    printf("posix_spawnp of itself through PATH: rc=%d exit=%d\n", rc, WEXITSTATUS(st));
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        char *a[] = { "via-execvp", "child", "three", NULL };
        execvp(slash + 1, a);
        _exit(127);
    }
    waitpid(pid, &st, 0);
    printf("execvp of itself through PATH: exit=%d\n", WEXITSTATUS(st));
    return 0;
}
