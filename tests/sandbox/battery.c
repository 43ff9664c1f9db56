/*
 * battery.c — the sandbox escape battery: tries each operation named on its command line
 * and prints "OP ok" or "OP ERRNO" (EPERM, EACCES, ...), one line each. Also
 * `battery serve PORT SECONDS`: accept TCP connections on 127.0.0.1:PORT (the peer for
 * connect tests, run outside the sandbox).
 *   read:P write:P create:P unlink:P mkdir:P rmdir:P rename:A:B link:A:B symlink:A:B
 *   truncate:P stat:P exec:P fork connect:PORT bind:PORT kill:PID iouring
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif
#include <sys/wait.h>
#include <unistd.h>

static const char *ename(int e)
{
    switch (e) {
    case EPERM: return "EPERM"; case EACCES: return "EACCES"; case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST"; case EXDEV: return "EXDEV"; case ENOSYS: return "ENOSYS";
    case ECONNREFUSED: return "ECONNREFUSED"; case EADDRINUSE: return "EADDRINUSE"; case ESRCH: return "ESRCH";
    case ENOTEMPTY: return "ENOTEMPTY"; case EISDIR: return "EISDIR"; case ENOTDIR: return "ENOTDIR";
    default: return strerror(e);
    }
}

static int tcp(int port, int do_bind)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) return -1;
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    int r = do_bind ? bind(s, (struct sockaddr *)&a, sizeof a) : connect(s, (struct sockaddr *)&a, sizeof a);
    int e = errno;
    close(s);
    errno = e;
    return r;
}

static int run(const char *op)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", op);
    char *arg = strchr(buf, ':'), *arg2 = NULL;
    if (arg) { *arg++ = 0; arg2 = strchr(arg, ':'); if (arg2) *arg2++ = 0; }
    int fd;
    struct stat st;
    if (!strcmp(buf, "read")) { fd = open(arg, O_RDONLY); if (fd < 0) return -1; char c; read(fd, &c, 1); close(fd); return 0; }
    if (!strcmp(buf, "write")) { fd = open(arg, O_WRONLY | O_APPEND); if (fd < 0) return -1; close(fd); return 0; }
    if (!strcmp(buf, "create")) { fd = open(arg, O_WRONLY | O_CREAT | O_EXCL, 0644); if (fd < 0) return -1; close(fd); return 0; }
    if (!strcmp(buf, "unlink")) return unlink(arg);
    if (!strcmp(buf, "mkdir")) return mkdir(arg, 0755);
    if (!strcmp(buf, "rmdir")) return rmdir(arg);
    if (!strcmp(buf, "rename") && arg2) return rename(arg, arg2);
#ifdef __linux__
    if (!strcmp(buf, "renameat2") && arg2) return (int)syscall(SYS_renameat2, AT_FDCWD, arg, AT_FDCWD, arg2, 0);
#endif
    if (!strcmp(buf, "link") && arg2) return link(arg, arg2);
    if (!strcmp(buf, "symlink") && arg2) return symlink(arg, arg2);
    if (!strcmp(buf, "truncate")) return truncate(arg, 0);
    if (!strcmp(buf, "stat")) return stat(arg, &st);
#ifdef __linux__
    if (!strcmp(buf, "openat2")) {
        struct { unsigned long long flags, mode, resolve; } how = { O_RDONLY, 0, 0 };
        fd = (int)syscall(SYS_openat2, AT_FDCWD, arg, &how, sizeof how);
        if (fd < 0) return -1;
        close(fd);
        return 0;
    }
#endif
    if (!strcmp(buf, "exec")) {
        pid_t p = fork();
        if (p < 0) return -1;
        if (p == 0) { char *av[] = { arg, NULL }; execv(arg, av); _exit(100 + errno); }
        int s; waitpid(p, &s, 0);
        if (WIFEXITED(s) && WEXITSTATUS(s) >= 100) { errno = WEXITSTATUS(s) - 100; return -1; }
        return 0;
    }
    if (!strcmp(buf, "fork")) {
        pid_t p = fork();
        if (p < 0) return -1;
        if (p == 0) _exit(0);
        waitpid(p, NULL, 0);
        return 0;
    }
    if (!strcmp(buf, "connect")) return tcp(atoi(arg), 0);
    if (!strcmp(buf, "bind")) return tcp(atoi(arg), 1);
    if (!strcmp(buf, "kill")) return kill(atoi(arg), 0);
#ifdef __linux__
    if (!strcmp(buf, "iouring")) {
        char p[120] = { 0 };
        fd = (int)syscall(SYS_io_uring_setup, 1, p);
        if (fd < 0) return -1;
        close(fd);
        return 0;
    }
#endif
    errno = EINVAL;
    return -2;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "serve")) {
        int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[2])) };
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 16)) { perror("serve"); return 1; }
        alarm((unsigned)atoi(argv[3]));
        for (;;) { int c = accept(s, NULL, NULL); if (c >= 0) close(c); }
    }
    for (int i = 1; i < argc; i++) {
        errno = 0;
        int r = run(argv[i]);
        if (r == -2) { printf("%s bad-op\n", argv[i]); continue; }
        printf("%s %s\n", argv[i], r == 0 ? "ok" : ename(errno));
        fflush(stdout);
    }
    return 0;
}
