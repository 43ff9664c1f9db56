/*
 * system.c — system, popen and pclose (libsystem_c's on macOS): running a command line.
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
#include <paths.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "machrun/darwin/private.h"
#include "machrun/darwin/process.h"
#include "machrun/exec.h"
#include "machrun/exec_image.h"

extern char **environ;

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
    char path[PATH_MAX];
    const char *cand = NULL;
    if (strchr(word, '/')) {
        cand = word;
    } else {
        const char *search = getenv("PATH");
        if (!search)
            search = "/usr/bin:/bin";
        if (exec_path_find(search, word, path) == 0)
            cand = path;
    }
    if (!cand)
        return false;
    int fd = open(cand, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    unsigned char hdr[8];
    ssize_t n = read(fd, hdr, sizeof hdr);
    close(fd);
    return n > 0 && exec_image_is_macho(exec_image_classify(hdr, (size_t)n));
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
        darwin_exec_search(words[0], getenv("PATH"), words, environ);
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
    return darwin_wait_status(st);
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
    return cmd ? darwin_wait_status(r) : r;
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
            darwin_exec_search(run[0], getenv("PATH"), run, environ);
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
        return darwin_wait_status(st);
    }
    int r = pclose(g);
    darwin_stdio_release(f);
    if (r == -1) {
        errno = darwin_errno_from_linux(errno);
        return -1;
    }
    return darwin_wait_status(r);
}
DARWIN_EXPORT("_pclose", d_pclose);
