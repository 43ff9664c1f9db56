/* kq_stress.c — kqueue with nevents = 1 over many ready descriptors (compared with
 * kq_stress.expected, macOS-only API): every registered ready descriptor is reported exactly
 * as kqueue does — level-triggered knotes again while ready, EV_CLEAR edges once and never
 * lost, EV_ONESHOT knotes gone after delivery, EV_DISPATCH ones disabled until EV_ENABLE,
 * READ and WRITE on one descriptor both reported, EV_EOF with its data and fflags, EVFILT_USER
 * and timers, two threads taking events from one kqueue, and a forked child that does not
 * inherit the kqueue. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/event.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define N 48

static int rd[N], wr[N];
static int seen[N][2];
static int bad; /* events naming no registered knote */

static void pipes(void)
{
    for (int i = 0; i < N; i++) {
        int p[2];
        if (pipe(p) < 0) {
            perror("pipe");
            exit(1);
        }
        rd[i] = p[0];
        wr[i] = p[1];
    }
}

static void close_all(void)
{
    for (int i = 0; i < N; i++) {
        close(rd[i]);
        close(wr[i]);
    }
}

static void reg(int kq, int fd, int filter, int flags, int i)
{
    struct kevent ch;
    EV_SET(&ch, fd, filter, EV_ADD | flags, 0, 0, (void *)(intptr_t)i);
    if (kevent(kq, &ch, 1, NULL, 0, NULL) < 0) {
        perror("kevent register");
        exit(1);
    }
}

/* One event; returns 0 if none came within ms. */
static int one(int kq, struct kevent *ev, int ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    int n = kevent(kq, NULL, 0, ev, 1, &ts);
    if (n < 0) {
        perror("kevent");
        exit(1);
    }
    return n;
}

static void record(const struct kevent *ev)
{
    intptr_t i = (intptr_t)ev->udata;
    if (i < 0 || i >= N || (ev->filter != EVFILT_READ && ev->filter != EVFILT_WRITE))
        bad++;
    else
        seen[i][ev->filter == EVFILT_WRITE]++;
}

/* How many knotes were reported exactly `times` times (filter 0 READ, 1 WRITE). */
static int exactly(int filter, int times)
{
    int c = 0;
    for (int i = 0; i < N; i++)
        c += seen[i][filter] == times;
    return c;
}

static void reset(void)
{
    memset(seen, 0, sizeof seen);
    bad = 0;
}

static void drain(int fd)
{
    char buf[256];
    while (read(fd, buf, sizeof buf) > 0) {
    }
}

static void nonblock(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* Level-triggered READ: each pipe is reported until it is drained. */
static void level(void)
{
    int kq = kqueue();
    pipes();
    for (int i = 0; i < N; i++) {
        nonblock(rd[i]);
        reg(kq, rd[i], EVFILT_READ, 0, i);
        write(wr[i], "data", 4);
    }
    /* Not drained: every call has an event. */
    int got = 0;
    struct kevent ev;
    for (int k = 0; k < 3 * N; k++)
        got += one(kq, &ev, 0);
    printf("level, not drained: %d calls, %d events\n", 3 * N, got);
    reset();
    /* Drained as reported: each exactly once more, then nothing. */
    long data = 0;
    while (one(kq, &ev, 0)) {
        record(&ev);
        data += ev.data;
        drain(rd[(intptr_t)ev.udata]);
    }
    printf("level, drained as reported: once %d of %d, bad %d, data %ld\n", exactly(0, 1), N, bad, data);
    printf("level, after: %d\n", one(kq, &ev, 20));
    close_all();
    close(kq);
}

/* EV_CLEAR READ: each edge once, none lost with nevents = 1, nothing more until new data. */
static void clear(void)
{
    int kq = kqueue();
    pipes();
    for (int i = 0; i < N; i++)
        reg(kq, rd[i], EVFILT_READ, EV_CLEAR, i);
    for (int i = 0; i < N; i++)
        write(wr[i], "abc", 3);
    reset();
    struct kevent ev;
    long data = 0;
    while (one(kq, &ev, 100)) {
        record(&ev);
        data += ev.data;
    }
    printf("clear: once %d of %d, bad %d, data %ld\n", exactly(0, 1), N, bad, data);
    for (int i = 0; i < N; i++)
        write(wr[i], "de", 2);
    reset();
    data = 0;
    while (one(kq, &ev, 100)) {
        record(&ev);
        data += ev.data;
    }
    printf("clear, new data: once %d of %d, bad %d, data %ld\n", exactly(0, 1), N, bad, data);
    /* The writers close: EV_EOF once each, with what is left to read. */
    for (int i = 0; i < N; i++) {
        close(wr[i]);
        wr[i] = -1;
    }
    reset();
    data = 0;
    int eof = 0;
    while (one(kq, &ev, 100)) {
        record(&ev);
        data += ev.data;
        eof += (ev.flags & EV_EOF) != 0;
    }
    printf("clear, writers closed: once %d of %d, eof %d, bad %d, data %ld\n", exactly(0, 1), N, eof, bad, data);
    close_all();
    close(kq);
}

/* EV_ONESHOT: reported once, then gone (EV_DELETE says ENOENT). */
static void oneshot(void)
{
    int kq = kqueue();
    pipes();
    for (int i = 0; i < N; i++) {
        reg(kq, rd[i], EVFILT_READ, EV_ONESHOT, i);
        write(wr[i], "x", 1);
    }
    reset();
    struct kevent ev;
    while (one(kq, &ev, 50))
        record(&ev);
    printf("oneshot: once %d of %d, bad %d\n", exactly(0, 1), N, bad);
    int enoent = 0;
    for (int i = 0; i < N; i++) {
        struct kevent ch, r;
        EV_SET(&ch, rd[i], EVFILT_READ, EV_DELETE | EV_RECEIPT, 0, 0, NULL);
        if (kevent(kq, &ch, 1, &r, 1, NULL) == 1 && (r.flags & EV_ERROR) && r.data == ENOENT)
            enoent++;
    }
    printf("oneshot: deleted after delivery %d of %d\n", enoent, N);
    close_all();
    close(kq);
}

/* EV_DISPATCH: reported once, disabled (data still there) until EV_ENABLE. */
static void dispatch(void)
{
    int kq = kqueue();
    pipes();
    for (int i = 0; i < N; i++) {
        reg(kq, rd[i], EVFILT_READ, EV_DISPATCH, i);
        write(wr[i], "xy", 2);
    }
    reset();
    struct kevent ev;
    while (one(kq, &ev, 50))
        record(&ev);
    printf("dispatch: once %d of %d, bad %d\n", exactly(0, 1), N, bad);
    for (int i = 0; i < N; i += 2) {
        struct kevent ch;
        EV_SET(&ch, rd[i], EVFILT_READ, EV_ENABLE, 0, 0, (void *)(intptr_t)i);
        kevent(kq, &ch, 1, NULL, 0, NULL);
    }
    reset();
    while (one(kq, &ev, 50))
        record(&ev);
    printf("dispatch, half enabled again: once %d, never %d, bad %d\n", exactly(0, 1), exactly(0, 0), bad);
    close_all();
    close(kq);
}

/* READ and WRITE on each end of N socket pairs, EV_CLEAR: 2N events with nevents = 1. */
static void both(void)
{
    int kq = kqueue();
    int a[N], b[N];
    for (int i = 0; i < N; i++) {
        int sv[2];
        socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
        a[i] = sv[0];
        b[i] = sv[1];
        write(b[i], "hello", 5);
    }
    for (int i = 0; i < N; i++) {
        struct kevent ch[2];
        EV_SET(&ch[0], a[i], EVFILT_READ, EV_ADD | EV_CLEAR, 0, 0, (void *)(intptr_t)i);
        EV_SET(&ch[1], a[i], EVFILT_WRITE, EV_ADD | EV_CLEAR, 0, 0, (void *)(intptr_t)i);
        kevent(kq, ch, 2, NULL, 0, NULL);
    }
    reset();
    struct kevent ev;
    long data = 0;
    int wdata = 0;
    while (one(kq, &ev, 100)) {
        record(&ev);
        if (ev.filter == EVFILT_READ)
            data += ev.data;
        else
            wdata += ev.data > 0;
    }
    printf("read+write: read once %d, write once %d of %d, bad %d, read data %ld, write room %d\n",
           exactly(0, 1), exactly(1, 1), N, bad, data, wdata);
    /* The peers close: READ reports EV_EOF (once, EV_CLEAR). */
    for (int i = 0; i < N; i++)
        close(b[i]);
    reset();
    int eof = 0;
    while (one(kq, &ev, 100))
        if (ev.filter == EVFILT_READ) {
            record(&ev);
            eof += (ev.flags & EV_EOF) != 0;
        }
    printf("read+write, peers closed: read once %d of %d, eof %d, bad %d\n", exactly(0, 1), N, eof, bad);
    for (int i = 0; i < N; i++)
        close(a[i]);
    close(kq);
}

/* EV_EOF with fflags: a TCP peer that resets the connection. */
static void reset_eof(void)
{
    int kq = kqueue();
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t sl = sizeof sa;
    bind(l, (struct sockaddr *)&sa, sizeof sa);
    listen(l, 4);
    getsockname(l, (struct sockaddr *)&sa, &sl);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&sa, sizeof sa);
    int s = accept(l, NULL, NULL);
    reg(kq, c, EVFILT_READ, EV_CLEAR, 0);
    struct linger lg = { 1, 0 };
    setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(s);
    struct kevent ev;
    int n = one(kq, &ev, 2000);
    printf("reset: %d eof=%d fflags=%s\n", n, n && (ev.flags & EV_EOF) != 0,
           n && ev.fflags == ECONNRESET ? "ECONNRESET" : "other");
    close(c);
    close(l);
    close(kq);
}

/* Many EVFILT_USER (EV_CLEAR) and one-shot timers with nevents = 1. */
static void users_timers(void)
{
    int kq = kqueue();
    for (int i = 0; i < N; i++) {
        struct kevent ch[2];
        EV_SET(&ch[0], 100 + i, EVFILT_USER, EV_ADD | EV_CLEAR, 0, 0, NULL);
        EV_SET(&ch[1], 100 + i, EVFILT_USER, 0, NOTE_TRIGGER, 0, NULL);
        kevent(kq, ch, 2, NULL, 0, NULL);
    }
    int user[N] = { 0 }, other = 0;
    struct kevent ev;
    while (one(kq, &ev, 50)) {
        if (ev.filter == EVFILT_USER && ev.ident >= 100 && ev.ident < 100 + N)
            user[ev.ident - 100]++;
        else
            other++;
    }
    int once = 0;
    for (int i = 0; i < N; i++)
        once += user[i] == 1;
    printf("user: once %d of %d, other %d\n", once, N, other);
    for (int i = 0; i < N; i++) {
        struct kevent ch;
        EV_SET(&ch, 500 + i, EVFILT_TIMER, EV_ADD | EV_ONESHOT, 0, 1 + i % 5, NULL);
        kevent(kq, &ch, 1, NULL, 0, NULL);
    }
    int timer[N] = { 0 };
    other = 0;
    while (one(kq, &ev, 500)) {
        if (ev.filter == EVFILT_TIMER && ev.ident >= 500 && ev.ident < 500 + N)
            timer[ev.ident - 500]++;
        else
            other++;
    }
    once = 0;
    for (int i = 0; i < N; i++)
        once += timer[i] == 1;
    printf("timers: once %d of %d, other %d\n", once, N, other);
    close(kq);
}

/* Two threads take events from one kqueue, nevents = 1, while the main thread writes. */
static int tkq;
static int total;
static pthread_mutex_t tlock = PTHREAD_MUTEX_INITIALIZER;
static void *taker(void *arg)
{
    int *mine = arg;
    struct timeval start, now;
    gettimeofday(&start, NULL);
    for (;;) {
        pthread_mutex_lock(&tlock);
        int t = total;
        pthread_mutex_unlock(&tlock);
        gettimeofday(&now, NULL);
        if (t >= N || now.tv_sec - start.tv_sec > 10)
            return NULL;
        struct kevent ev;
        if (one(tkq, &ev, 50)) {
            pthread_mutex_lock(&tlock);
            record(&ev);
            total++;
            pthread_mutex_unlock(&tlock);
            ++*mine;
        }
    }
}

static void threads(void)
{
    tkq = kqueue();
    pipes();
    for (int i = 0; i < N; i++)
        reg(tkq, rd[i], EVFILT_READ, EV_CLEAR, i);
    reset();
    int n1 = 0, n2 = 0;
    pthread_t t1, t2;
    pthread_create(&t1, NULL, taker, &n1);
    pthread_create(&t2, NULL, taker, &n2);
    for (int i = 0; i < N; i++) {
        write(wr[i], "t", 1);
        if (i % 8 == 0)
            usleep(1000);
    }
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    struct kevent ev;
    printf("threads: once %d of %d, bad %d, total %d, after %d\n", exactly(0, 1), N, bad, n1 + n2,
           one(tkq, &ev, 20));
    close_all();
    close(tkq);
}

/* fork: the child has no kqueue (EBADF); the parent's events stay the parent's. */
static void forked(void)
{
    int kq = kqueue();
    int p[2];
    pipe(p);
    reg(kq, p[0], EVFILT_READ, EV_CLEAR, 1);
    write(p[1], "f", 1);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        struct kevent ev;
        struct timespec ts = { 0, 0 };
        int n = kevent(kq, NULL, 0, &ev, 1, &ts);
        int e = errno;
        int kq2 = kqueue();
        struct kevent ch;
        EV_SET(&ch, p[0], EVFILT_READ, EV_ADD, 0, 0, (void *)2);
        kevent(kq2, &ch, 1, NULL, 0, NULL);
        int m = kevent(kq2, NULL, 0, &ev, 1, &ts);
        printf("child: kevent on the parent's kqueue %d %s; own kqueue %d udata=%ld\n", n,
               n < 0 && e == EBADF ? "EBADF" : "other", m, m == 1 ? (long)(intptr_t)ev.udata : -1L);
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    struct kevent ev;
    int n = one(kq, &ev, 100);
    printf("parent after fork: %d udata=%ld, child status %d\n", n, n == 1 ? (long)(intptr_t)ev.udata : -1L,
           WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    close(p[0]);
    close(p[1]);
    close(kq);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    level();
    clear();
    oneshot();
    dispatch();
    both();
    reset_eof();
    users_timers();
    threads();
    forked();
    return 0;
}
