/* kq_events.c — kqueue/kevent on macOS-only API (compared with kq_events.expected):
 * READ/WRITE on a pipe, EV_CLEAR, EV_ONESHOT timers, EVFILT_USER, EV_RECEIPT errors,
 * NOTE_EXIT with NOTE_EXITSTATUS, EVFILT_VNODE writes, and EVFILT_SIGNAL (ignored, handled
 * and default-disposition signals, counts since the last retrieval, signals arriving while
 * kevent waits, EV_DISABLE keeping the count, EV_DELETE). */
#include <signal.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/event.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *fname(int f)
{
    switch (f) {
    case EVFILT_READ: return "READ";
    case EVFILT_WRITE: return "WRITE";
    case EVFILT_TIMER: return "TIMER";
    case EVFILT_USER: return "USER";
    case EVFILT_PROC: return "PROC";
    case EVFILT_VNODE: return "VNODE";
    case EVFILT_SIGNAL: return "SIGNAL";
    default: return "?";
    }
}

static int wait_events(int kq, const char *what, int ms)
{
    struct kevent ev[8];
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    int n = kevent(kq, NULL, 0, ev, 8, &ts);
    printf("%s: %d event(s)\n", what, n);
    for (int i = 0; i < n; i++)
        printf("  filter=%s data=%ld eof=%d udata=%ld\n", fname(ev[i].filter),
               ev[i].filter == EVFILT_WRITE ? (long)(ev[i].data > 0) : (long)ev[i].data,
               (ev[i].flags & EV_EOF) != 0, (long)(intptr_t)ev[i].udata);
    return n;
}

static volatile sig_atomic_t handled;
static void on_usr2(int sig)
{
    (void)sig;
    handled++;
}

static void signals(int kq)
{
    struct kevent ch[2];
    signal(SIGUSR1, SIG_IGN);
    EV_SET(&ch[0], SIGUSR1, EVFILT_SIGNAL, EV_ADD, 0, 0, (void *)8);
    printf("signal register: %d\n", kevent(kq, ch, 1, NULL, 0, NULL));
    wait_events(kq, "signal not sent", 20);
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
    wait_events(kq, "ignored SIGUSR1 sent 3 times", 100);
    wait_events(kq, "counted since last retrieval", 20);

    /* A handler still runs; the knote counts beside it. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr2;
    sigaction(SIGUSR2, &sa, NULL);
    EV_SET(&ch[0], SIGUSR2, EVFILT_SIGNAL, EV_ADD, 0, 0, (void *)9);
    kevent(kq, ch, 1, NULL, 0, NULL);
    raise(SIGUSR2);
    raise(SIGUSR2);
    wait_events(kq, "handled SIGUSR2 raised twice", 100);
    printf("handler ran %d times\n", (int)handled);

    /* Sent while kevent waits: kevent is not interrupted by an ignored signal. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        usleep(30000);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    wait_events(kq, "SIGUSR1 from a child while waiting", 2000);
    waitpid(pid, NULL, 0);

    /* SIGCHLD with the default disposition (ignore on Darwin). */
    EV_SET(&ch[0], SIGCHLD, EVFILT_SIGNAL, EV_ADD, 0, 0, (void *)10);
    kevent(kq, ch, 1, NULL, 0, NULL);
    fflush(stdout);
    pid = fork();
    if (pid == 0)
        _exit(3);
    waitpid(pid, NULL, 0);
    wait_events(kq, "SIGCHLD (default disposition)", 1000);
    EV_SET(&ch[0], SIGCHLD, EVFILT_SIGNAL, EV_DELETE, 0, 0, NULL);
    kevent(kq, ch, 1, NULL, 0, NULL);

    /* Disabled: arrivals are kept and reported when enabled again. */
    EV_SET(&ch[0], SIGUSR1, EVFILT_SIGNAL, EV_DISABLE, 0, 0, (void *)8);
    kevent(kq, ch, 1, NULL, 0, NULL);
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
    wait_events(kq, "disabled", 20);
    EV_SET(&ch[0], SIGUSR1, EVFILT_SIGNAL, EV_ENABLE, 0, 0, (void *)8);
    kevent(kq, ch, 1, NULL, 0, NULL);
    wait_events(kq, "enabled again", 100);

    /* Deleted: nothing more is reported, and the disposition is untouched. */
    EV_SET(&ch[0], SIGUSR1, EVFILT_SIGNAL, EV_DELETE, 0, 0, NULL);
    EV_SET(&ch[1], SIGUSR2, EVFILT_SIGNAL, EV_DELETE, 0, 0, NULL);
    printf("signal delete: %d\n", kevent(kq, ch, 2, NULL, 0, NULL));
    kill(getpid(), SIGUSR1);
    raise(SIGUSR2);
    wait_events(kq, "after delete", 20);
    printf("handler ran %d times\n", (int)handled);
    struct kevent rc;
    EV_SET(&ch[0], 0, EVFILT_SIGNAL, EV_ADD | EV_RECEIPT, 0, 0, NULL);
    {
        int n = kevent(kq, ch, 1, &rc, 1, NULL);
        printf("signal 0: %d EV_ERROR=%d data=%s\n", n, (rc.flags & EV_ERROR) != 0,
               rc.data == 0 ? "0" : "other");
    }
}

int main(void)
{
    int kq = kqueue();
    printf("kqueue: %d\n", kq >= 0);
    int p[2];
    pipe(p);
    struct kevent ch[2];
    EV_SET(&ch[0], p[0], EVFILT_READ, EV_ADD, 0, 0, (void *)1);
    EV_SET(&ch[1], p[1], EVFILT_WRITE, EV_ADD | EV_ONESHOT, 0, 0, (void *)2);
    printf("register: %d\n", kevent(kq, ch, 2, NULL, 0, NULL));
    wait_events(kq, "writable pipe", 100);
    write(p[1], "hello", 5);
    wait_events(kq, "5 bytes readable (level)", 100);
    wait_events(kq, "still readable", 100);
    char buf[16];
    read(p[0], buf, sizeof buf);
    wait_events(kq, "drained", 50);

    EV_SET(&ch[0], p[0], EVFILT_READ, EV_ADD | EV_CLEAR, 0, 0, (void *)3);
    kevent(kq, ch, 1, NULL, 0, NULL);
    write(p[1], "ab", 2);
    wait_events(kq, "clear: first", 100);
    wait_events(kq, "clear: no new data", 50);
    close(p[1]);
    wait_events(kq, "writer closed", 100);
    EV_SET(&ch[0], p[0], EVFILT_READ, EV_DELETE, 0, 0, NULL);
    kevent(kq, ch, 1, NULL, 0, NULL);

    EV_SET(&ch[0], 7, EVFILT_TIMER, EV_ADD | EV_ONESHOT, 0, 20, (void *)4);
    kevent(kq, ch, 1, NULL, 0, NULL);
    wait_events(kq, "oneshot timer 20ms", 1000);
    wait_events(kq, "timer gone", 50);

    EV_SET(&ch[0], 42, EVFILT_USER, EV_ADD | EV_CLEAR, 0, 0, (void *)5);
    kevent(kq, ch, 1, NULL, 0, NULL);
    wait_events(kq, "user not triggered", 20);
    EV_SET(&ch[0], 42, EVFILT_USER, 0, NOTE_TRIGGER, 0, NULL);
    kevent(kq, ch, 1, NULL, 0, NULL);
    wait_events(kq, "user triggered", 100);

    struct kevent rc[2];
    EV_SET(&ch[0], 12345, EVFILT_TIMER, EV_DELETE | EV_RECEIPT, 0, 0, NULL);
    EV_SET(&ch[1], 43, EVFILT_USER, EV_ADD | EV_RECEIPT, 0, 0, NULL);
    int n = kevent(kq, ch, 2, rc, 2, NULL);
    printf("receipts: %d\n", n);
    for (int i = 0; i < n; i++)
        printf("  EV_ERROR=%d data=%s\n", (rc[i].flags & EV_ERROR) != 0,
               rc[i].data == 0 ? "0" : rc[i].data == ENOENT ? "ENOENT" : "other");

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        usleep(20000);
        _exit(9);
    }
    EV_SET(&ch[0], pid, EVFILT_PROC, EV_ADD, NOTE_EXIT | NOTE_EXITSTATUS, 0, (void *)6);
    kevent(kq, ch, 1, NULL, 0, NULL);
    struct kevent ev;
    n = kevent(kq, NULL, 0, &ev, 1, NULL);
    int st = (int)ev.data;
    printf("proc exit: %d filter=%s exit=%d\n", n, fname(ev.filter), WEXITSTATUS(st));
    waitpid(pid, NULL, 0);

    int fd = open("watched.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    EV_SET(&ch[0], fd, EVFILT_VNODE, EV_ADD | EV_CLEAR, NOTE_WRITE | NOTE_EXTEND, 0, (void *)7);
    kevent(kq, ch, 1, NULL, 0, NULL);
    write(fd, "change", 6);
    struct timespec ts = { 1, 0 };
    n = kevent(kq, NULL, 0, &ev, 1, &ts);
    printf("vnode: %d filter=%s write=%d\n", n, fname(ev.filter), (ev.fflags & NOTE_WRITE) != 0);
    close(fd);
    unlink("watched.txt");
    signals(kq);
    close(kq);
    return 0;
}
