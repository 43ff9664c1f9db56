/* proc_fork.c — fork with a pipe, a child dying by a signal, vfork + exec of /bin/sh,
 * popen/pclose and system, with Darwin's wait status encoding. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, int st)
{
    if (WIFEXITED(st))
        printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("%s: killed by %s\n", what, WTERMSIG(st) == SIGABRT ? "SIGABRT" : WTERMSIG(st) == SIGTERM ? "SIGTERM" : "other");
    else
        printf("%s: status 0x%x\n", what, st);
}

int main(void)
{
    int fds[2];
    if (pipe(fds) < 0)
        return 1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        const char msg[] = "hello through the pipe";
        write(fds[1], msg, sizeof msg);
        _exit(7);
    }
    close(fds[1]);
    char buf[64] = { 0 };
    ssize_t n = read(fds[0], buf, sizeof buf);
    int st;
    pid_t w = waitpid(pid, &st, 0);
    printf("read %zd bytes: %s; waited for the child: %d\n", n, buf, w == pid);
    show("fork child", st);

    pid = fork();
    if (pid == 0)
        abort();
    waitpid(pid, &st, 0);
    show("aborting child", st);

    pid = vfork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", "echo from sh after vfork; exit 4", (char *)NULL);
        _exit(127);
    }
    waitpid(pid, &st, 0);
    show("vfork+exec sh", st);

    pid = vfork();
    if (pid == 0) {
        execl("/no/such/program", "x", (char *)NULL);
        _exit(99);
    }
    waitpid(pid, &st, 0);
    show("vfork+failed exec", st);

    fflush(stdout);
    FILE *p = popen("echo first; echo second", "r");
    char line[64];
    while (fgets(line, sizeof line, p))
        printf("popen read: %s", line);
    show("pclose", pclose(p));
    fflush(stdout);
    show("system", system("exit 5"));
    pid = waitpid(-1, &st, WNOHANG);
    printf("no more children: %d\n", pid == -1);
    return 0;
}
