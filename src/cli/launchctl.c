/*
 * launchctl.c — `machrun launchctl`: load [-w], unload [-w], list [LABEL], start, stop,
 * remove, bootstrap, bootout, kickstart [-k], print — sent to the user's machrun launchd as
 * one TAB-separated line — and lint FILE..., which checks property lists locally.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "machrun/cli.h"
#include "machrun/launchd.h"

int cli_launchctl(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: machrun launchctl load|unload|list|start|stop|remove|bootstrap|bootout|kickstart|"
                        "print|lint ...\n");
        return MR_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "lint")) {
        int bad = 0;
        for (int i = 2; i < argc; i++)
            bad += launchd_lint(argv[i]) != 0;
        return bad ? 1 : 0;
    }
    char req[8192];
    size_t len = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        char abs[PATH_MAX];
        /* Paths are the daemon's to open: make them absolute. */
        if ((!strcmp(argv[1], "load") || !strcmp(argv[1], "unload") || !strcmp(argv[1], "bootstrap")) && i > 1 &&
            a[0] != '-' && a[0] != '/' && access(a, F_OK) == 0 && realpath(a, abs))
            a = abs;
        int w = snprintf(req + len, sizeof req - len, "%s%s", i > 1 ? "\t" : "", a);
        if (w < 0 || (size_t)w >= sizeof req - len) {
            fprintf(stderr, "machrun launchctl: request too long\n");
            return MR_EXIT_USAGE;
        }
        len += (size_t)w;
    }
    req[len++] = '\n';
    char sock[PATH_MAX];
    launchd_socket_path(sock, sizeof sock);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    if (strlen(sock) >= sizeof a.sun_path) {
        fprintf(stderr, "machrun launchctl: socket path too long: %s\n", sock);
        return 1;
    }
    memcpy(a.sun_path, sock, strlen(sock) + 1);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
        fprintf(stderr, "machrun launchctl: no launchd at %s: %s (start it with machrun launchd)\n", sock,
                strerror(errno));
        return 1;
    }
    /* A server that refuses closes at once, maybe before the request is written: that is an
     * answer to read, never a SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    int werr = 0;
    for (size_t off = 0; off < len;) {
        ssize_t n = send(fd, req + off, len - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            werr = errno;
            break;
        }
        off += (size_t)n;
    }
    shutdown(fd, SHUT_WR);
    FILE *in = fdopen(fd, "r");
    if (!in) {
        close(fd);
        fprintf(stderr, "machrun launchctl: %s\n", strerror(errno));
        return 1;
    }
    char line[4096];
    int rc = 1;
    bool answered = false, said = false;
    while (fgets(line, sizeof line, in)) {
        if (!strncmp(line, "exit ", 5)) {
            rc = atoi(line + 5);
            answered = true;
            continue;
        }
        said = true;
        fputs(line, stdout);
    }
    fclose(in);
    if (!answered) {
        if (!said)
            fprintf(stderr, "machrun launchctl: launchd at %s closed the connection without an answer%s%s\n", sock,
                    werr ? ": " : "", werr ? strerror(werr) : "");
        return rc ? rc : 1;
    }
    return rc;
}
