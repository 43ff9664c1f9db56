/* kq_events.c — kqueue/kevent on macOS-only API (compared with kq_events.expected):
 * READ/WRITE on a pipe, EV_CLEAR, EV_ONESHOT timers, EVFILT_USER, EV_RECEIPT errors,
 * NOTE_EXIT with NOTE_EXITSTATUS, and EVFILT_VNODE writes. */
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
    close(kq);
    return 0;
}
