/*
 * kqueue.c — kqueue, kevent and kevent64 over epoll. A kqueue is an epoll descriptor plus a
 * table of knotes keyed by (ident, filter):
 *   EVFILT_READ / EVFILT_WRITE  the descriptor itself in epoll (one edge-triggered
 *                               registration per fd with the union of its filters), data =
 *                               bytes readable / writable space, EV_EOF on hang-up (fflags =
 *                               the socket's error);
 *   EVFILT_TIMER                a timerfd (NOTE_SECONDS/USECONDS/NSECONDS/ABSOLUTE), data =
 *                               expirations;
 *   EVFILT_PROC                 a pidfd for NOTE_EXIT (with NOTE_EXITSTATUS, data = Darwin wait
 *                               status, read without reaping);
 *   EVFILT_VNODE                an inotify watch on the descriptor's path (NOTE_DELETE, WRITE,
 *                               EXTEND, ATTRIB, LINK, RENAME);
 *   EVFILT_USER                 machrun-side state woken through one eventfd per kqueue;
 *   EVFILT_SIGNAL               signal_core.c counts the signal while it is watched (the
 *                               signal is still handled as the guest's disposition says) and
 *                               writes to the watching kqueues' eventfds; data = arrivals since
 *                               the last retrieval, EV_CLEAR implied, as on Darwin.
 * Flags EV_ADD/DELETE/ENABLE/DISABLE/ONESHOT/CLEAR/RECEIPT/DISPATCH and EV_ERROR receipts
 * behave as on Darwin.
 *
 * Delivery follows kqueue's rule that a pending event stays pending until it is delivered:
 * each kqueue keeps a pending list of knotes under its lock. What epoll_wait returns is first
 * merged into the list (a descriptor's event may name its READ and its WRITE knote), then
 * kevent checks the knotes at the head against their current state (poll for descriptors, a
 * read for timers, vnodes, counts for signals...) and reports up to nevents; the rest stay
 * for the next call, and another thread blocked in epoll_wait on the kqueue is woken through
 * the eventfd to take them. Guest descriptors are edge-triggered in epoll; a level-triggered
 * knote stays on the list while it is ready, an EV_CLEAR one until it is reported once. A
 * closed descriptor's knotes go with it, and a forked child does not inherit the kqueues
 * (their descriptors are closed in the child), as on Darwin. Not implemented (reported per change as EV_ERROR with ENOTSUP, never
 * silently): EVFILT_AIO, EVFILT_MACHPORT, EVFILT_FS, NOTE_FORK/NOTE_EXEC.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "machrun/darwin/abi.h"
#include "machrun/darwin/kqueue.h"
#include "machrun/darwin/private.h"

#define EVFILT_READ (-1)
#define EVFILT_WRITE (-2)
#define EVFILT_AIO (-3)
#define EVFILT_VNODE (-4)
#define EVFILT_PROC (-5)
#define EVFILT_SIGNAL (-6)
#define EVFILT_TIMER (-7)
#define EVFILT_USER (-10)

#define EV_ADD 0x0001
#define EV_DELETE 0x0002
#define EV_ENABLE 0x0004
#define EV_DISABLE 0x0008
#define EV_ONESHOT 0x0010
#define EV_CLEAR 0x0020
#define EV_RECEIPT 0x0040
#define EV_DISPATCH 0x0080
#define EV_ERROR 0x4000
#define EV_EOF 0x8000

#define NOTE_TRIGGER 0x01000000u
#define NOTE_FFCTRLMASK 0xc0000000u
#define NOTE_FFLAGSMASK 0x00ffffffu
#define NOTE_FFAND 0x40000000u
#define NOTE_FFOR 0x80000000u
#define NOTE_FFCOPY 0xc0000000u
#define NOTE_SECONDS 0x1u
#define NOTE_USECONDS 0x2u
#define NOTE_NSECONDS 0x4u
#define NOTE_ABSOLUTE 0x8u
#define NOTE_EXIT 0x80000000u
#define NOTE_EXITSTATUS 0x04000000u
#define NOTE_DELETE 0x1u
#define NOTE_WRITE 0x2u
#define NOTE_EXTEND 0x4u
#define NOTE_ATTRIB 0x8u
#define NOTE_LINK 0x10u
#define NOTE_RENAME 0x20u

struct d_kevent {
    uintptr_t ident;
    int16_t filter;
    uint16_t flags;
    uint32_t fflags;
    intptr_t data;
    void *udata;
};
_Static_assert(sizeof(struct d_kevent) == 32, "Darwin struct kevent");

struct d_kevent64 {
    uint64_t ident;
    int16_t filter;
    uint16_t flags;
    uint32_t fflags;
    int64_t data;
    uint64_t udata;
    uint64_t ext[2];
};
_Static_assert(sizeof(struct d_kevent64) == 48, "Darwin struct kevent64_s");

/* One event in machrun's own form (the larger kevent64 shape). */
struct kev {
    uint64_t ident;
    int16_t filter;
    uint16_t flags;
    uint32_t fflags;
    int64_t data;
    uint64_t udata;
    uint64_t ext[2];
};

struct knote {
    struct kev kev;        /* as registered: flags hold ONESHOT/CLEAR/DISPATCH */
    bool enabled;
    bool queued;           /* on the kqueue's pending list */
    int aux_fd;            /* timerfd / pidfd / inotify fd, or -1 */
    bool user_triggered;   /* EVFILT_USER */
    uint64_t sig_seen;     /* EVFILT_SIGNAL: the signal's count when last reported */
    struct knote *next, *prev;   /* every knote of the kqueue */
    struct knote *qnext, *qprev; /* the pending list */
};

/* epoll_data.u64 tags: a guest descriptor is (fd << 1) | 1, the wake-up eventfd is 2, and
 * machrun's own timer/pid/inotify descriptors carry their knote's (even) address. */
#define TAG_USER_WAKE 2ull
#define TAG_FD(fd) (((uint64_t)(uint32_t)(fd) << 1) | 1)

/* The EVFILT_READ and EVFILT_WRITE knotes of one guest descriptor. */
struct fdslot {
    struct knote *r, *w;
};

struct kq {
    int epfd;
    int wakefd;            /* eventfd: EVFILT_USER triggers, signals, and other waiters */
    pthread_mutex_t lock;
    struct knote *notes;
    struct fdslot *slots;  /* indexed by descriptor */
    int nslots;
    struct knote *qhead, *qtail; /* pending: fired (or to be re-checked), not yet delivered */
    int qlen;
    int waiters;           /* threads blocked in epoll_wait on this kqueue */
    int nsignal;           /* EVFILT_SIGNAL knotes (the wake-up eventfd is given to signals) */
    int nfds;              /* descriptors naming this kqueue (dup/dup2/F_DUPFD share it) */
    struct kq *live_next, *live_prev;
};

#define MAX_KQ 65536
static struct kq *kqs[MAX_KQ];
/* Every kqueue, for close() of a watched descriptor and for fork. Order: live_lock, then a
 * kqueue's lock. */
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static struct kq *live_head;

static struct kq *kq_of(int fd)
{
    if (fd < 0 || fd >= MAX_KQ || !kqs[fd]) {
        errno = D_EBADF;
        return NULL;
    }
    return kqs[fd];
}

static void enqueue(struct kq *k, struct knote *n)
{
    if (n->queued)
        return;
    n->queued = true;
    n->qnext = NULL;
    n->qprev = k->qtail;
    if (k->qtail)
        k->qtail->qnext = n;
    else
        k->qhead = n;
    k->qtail = n;
    k->qlen++;
}

static void dequeue(struct kq *k, struct knote *n)
{
    if (!n->queued)
        return;
    if (n->qprev)
        n->qprev->qnext = n->qnext;
    else
        k->qhead = n->qnext;
    if (n->qnext)
        n->qnext->qprev = n->qprev;
    else
        k->qtail = n->qprev;
    n->queued = false;
    n->qnext = n->qprev = NULL;
    k->qlen--;
}

/* Events are pending and other threads wait in epoll_wait: wake one (it takes them). */
static void wake_waiters(struct kq *k)
{
    if (k->qhead && k->waiters > 0) {
        uint64_t one = 1;
        (void)!write(k->wakefd, &one, sizeof one);
    }
}

static struct fdslot *slot(struct kq *k, uint64_t ident, bool grow)
{
    if (ident >= (uint64_t)INT_MAX)
        return NULL;
    int fd = (int)ident;
    if (fd >= k->nslots) {
        if (!grow)
            return NULL;
        int n = k->nslots ? k->nslots : 64;
        while (n <= fd)
            n *= 2;
        struct fdslot *s = realloc(k->slots, (size_t)n * sizeof *s);
        if (!s)
            return NULL;
        memset(s + k->nslots, 0, (size_t)(n - k->nslots) * sizeof *s);
        k->slots = s;
        k->nslots = n;
    }
    return &k->slots[fd];
}

static struct knote *find(struct kq *k, uint64_t ident, int16_t filter)
{
    if (filter == EVFILT_READ || filter == EVFILT_WRITE) {
        struct fdslot *s = slot(k, ident, false);
        return !s ? NULL : filter == EVFILT_READ ? s->r : s->w;
    }
    for (struct knote *n = k->notes; n; n = n->next)
        if (n->kev.ident == ident && n->kev.filter == filter)
            return n;
    return NULL;
}

/* Recompute the epoll registration of a guest descriptor from its READ/WRITE knotes. It is
 * always edge-triggered and kept while the knotes exist, enabled or not: an edge puts the
 * knotes on the pending list, and delivery checks the descriptor's state again (poll), so
 * level-triggered knotes are reported for as long as they are ready and EV_CLEAR knotes once
 * per edge, and nothing read from epoll is lost when the caller's array is full. */
static int sync_fd(struct kq *k, int fd)
{
    struct fdslot *s = slot(k, (uint64_t)(uint32_t)fd, false);
    uint32_t events = 0;
    if (s && s->r)
        events |= EPOLLIN | EPOLLRDHUP;
    if (s && s->w)
        events |= EPOLLOUT;
    if (!events) {
        epoll_ctl(k->epfd, EPOLL_CTL_DEL, fd, NULL);
        return 0;
    }
    struct epoll_event ev = { .events = events | EPOLLET, .data.u64 = TAG_FD(fd) };
    if (epoll_ctl(k->epfd, EPOLL_CTL_MOD, fd, &ev) == 0)
        return 0;
    if (errno == ENOENT && epoll_ctl(k->epfd, EPOLL_CTL_ADD, fd, &ev) == 0)
        return 0;
    return -1;
}

/* Free a kqueue's state once no descriptor names it (the descriptors are the caller's). */
static void destroy(struct kq *k, bool child)
{
    for (struct knote *n = k->notes, *next; n; n = next) {
        next = n->next;
        if (n->aux_fd >= 0)
            close(n->aux_fd);
        if (!child && n->kev.filter == EVFILT_SIGNAL && n->kev.ident > 0 && n->kev.ident < 32)
            darwin_signal_watch((int)n->kev.ident, 0);
        free(n);
    }
    /* A forked child keeps the wake-up eventfd if signals were given it: signal_core's lock
     * may be held by a thread that is not in the child, so the descriptor stays registered
     * there and must stay a harmless eventfd. */
    if (!child || !k->nsignal) {
        if (k->nsignal)
            darwin_signal_wake(k->wakefd, 0);
        close(k->wakefd);
    }
    free(k->slots);
    if (!child)
        pthread_mutex_destroy(&k->lock);
    free(k);
}

static void detach(struct kq *k, struct knote *n);

/* Called when a guest closes a descriptor (unistd.c), before the close: a kqueue's state goes
 * with its last descriptor, and the READ/WRITE knotes on a closed descriptor go with it in
 * every kqueue (as on Darwin, where close drops the descriptor's knotes). */
void darwin_kqueue_closed(int fd)
{
    if (fd < 0)
        return;
    if (fd < MAX_KQ && kqs[fd]) {
        struct kq *k = kqs[fd];
        pthread_mutex_lock(&live_lock);
        kqs[fd] = NULL;
        if (__atomic_sub_fetch(&k->nfds, 1, __ATOMIC_ACQ_REL) > 0) {
            /* Another descriptor (a dup) still names the kqueue: keep using one that stays
             * open. */
            if (k->epfd == fd)
                for (int i = 0; i < MAX_KQ; i++)
                    if (kqs[i] == k) {
                        k->epfd = i;
                        break;
                    }
            pthread_mutex_unlock(&live_lock);
            return;
        }
        if (k->live_prev)
            k->live_prev->live_next = k->live_next;
        else
            live_head = k->live_next;
        if (k->live_next)
            k->live_next->live_prev = k->live_prev;
        pthread_mutex_unlock(&live_lock);
        destroy(k, false);
        return;
    }
    if (!__atomic_load_n(&live_head, __ATOMIC_ACQUIRE))
        return;
    pthread_mutex_lock(&live_lock);
    for (struct kq *k = live_head; k; k = k->live_next) {
        pthread_mutex_lock(&k->lock);
        struct fdslot *s = slot(k, (uint64_t)fd, false);
        if (s && s->r)
            detach(k, s->r);
        if (s && s->w)
            detach(k, s->w);
        pthread_mutex_unlock(&k->lock);
    }
    pthread_mutex_unlock(&live_lock);
}

/* fork: a kqueue is not inherited on Darwin. The prepare handler takes every kqueue's lock so
 * that the child finds consistent lists; the child closes its copies of the descriptors (the
 * parent's epoll instances are untouched) and forgets the kqueues. */
static void atfork_prepare(void)
{
    pthread_mutex_lock(&live_lock);
    for (struct kq *k = live_head; k; k = k->live_next)
        pthread_mutex_lock(&k->lock);
}

static void atfork_parent(void)
{
    for (struct kq *k = live_head; k; k = k->live_next)
        pthread_mutex_unlock(&k->lock);
    pthread_mutex_unlock(&live_lock);
}

static void atfork_child(void)
{
    struct kq *k = live_head;
    live_head = NULL;
    if (k)
        for (int i = 0; i < MAX_KQ; i++)
            if (kqs[i]) {
                close(i);
                kqs[i] = NULL;
            }
    while (k) {
        struct kq *next = k->live_next;
        destroy(k, true); /* its lock, taken by the prepare handler, goes with it */
        k = next;
    }
    pthread_mutex_unlock(&live_lock); /* the forking thread took it, and it is the child's */
}

static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static void atfork_register(void)
{
    pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
}

static int d_kqueue(void)
{
    pthread_once(&atfork_once, atfork_register);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0)
        return dret(-1);
    if (ep >= MAX_KQ) {
        close(ep);
        errno = D_EMFILE;
        return -1;
    }
    struct kq *k = calloc(1, sizeof *k);
    int wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (!k || wake < 0) {
        free(k);
        close(ep);
        if (wake >= 0)
            close(wake);
        errno = D_ENOMEM;
        return -1;
    }
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = TAG_USER_WAKE };
    epoll_ctl(ep, EPOLL_CTL_ADD, wake, &ev);
    k->epfd = ep;
    k->wakefd = wake;
    pthread_mutex_init(&k->lock, NULL);
    k->nfds = 1;
    pthread_mutex_lock(&live_lock);
    k->live_next = live_head;
    if (live_head)
        live_head->live_prev = k;
    live_head = k;
    kqs[ep] = k;
    pthread_mutex_unlock(&live_lock);
    return ep;
}
DARWIN_EXPORT("_kqueue", d_kqueue);

/* Called after a guest duplicates a descriptor (dup, dup2, F_DUPFD*): on Darwin the copy names
 * the same kqueue (mio's Selector::try_clone does this for tokio's waker). The new
 * descriptor is a dup of the epoll descriptor, so epoll calls work on it as they are. */
void darwin_kqueue_dup(int oldfd, int newfd)
{
    if (oldfd < 0 || oldfd >= MAX_KQ || newfd < 0 || newfd >= MAX_KQ || oldfd == newfd || !kqs[oldfd])
        return;
    pthread_mutex_lock(&live_lock);
    if (kqs[oldfd]) {
        __atomic_add_fetch(&kqs[oldfd]->nfds, 1, __ATOMIC_ACQ_REL);
        kqs[newfd] = kqs[oldfd];
    }
    pthread_mutex_unlock(&live_lock);
}

static int arm_timer(struct knote *n)
{
    int64_t v = n->kev.data;
    uint32_t unit = n->kev.fflags & (NOTE_SECONDS | NOTE_USECONDS | NOTE_NSECONDS);
    int64_t ns = unit == NOTE_SECONDS ? v * 1000000000ll : unit == NOTE_USECONDS ? v * 1000ll
               : unit == NOTE_NSECONDS ? v : v * 1000000ll;
    if (ns < 0) {
        errno = D_EINVAL;
        return -1;
    }
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    int flags = 0;
    if (n->kev.fflags & NOTE_ABSOLUTE) {
        flags = TFD_TIMER_ABSTIME;
        its.it_value.tv_sec = ns / 1000000000ll;
        its.it_value.tv_nsec = ns % 1000000000ll;
    } else {
        if (ns == 0)
            ns = 1;
        its.it_value.tv_sec = ns / 1000000000ll;
        its.it_value.tv_nsec = ns % 1000000000ll;
        if (!(n->kev.flags & EV_ONESHOT))
            its.it_interval = its.it_value;
    }
    return timerfd_settime(n->aux_fd, flags, &its, NULL);
}

static int register_aux(struct kq *k, struct knote *n, uint32_t events)
{
    struct epoll_event ev = { .events = events, .data.u64 = (uint64_t)(uintptr_t)n };
    return epoll_ctl(k->epfd, EPOLL_CTL_ADD, n->aux_fd, &ev);
}

static uint32_t inotify_mask(uint32_t fflags)
{
    uint32_t m = 0;
    if (fflags & NOTE_DELETE) m |= IN_DELETE_SELF;
    if (fflags & (NOTE_WRITE | NOTE_EXTEND)) m |= IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO;
    if (fflags & (NOTE_ATTRIB | NOTE_LINK)) m |= IN_ATTRIB;
    if (fflags & NOTE_RENAME) m |= IN_MOVE_SELF;
    return m;
}

/* Create the machinery of a new knote. Returns 0 or a Darwin errno. */
static int attach(struct kq *k, struct knote *n)
{
    n->aux_fd = -1;
    switch (n->kev.filter) {
    case EVFILT_READ:
    case EVFILT_WRITE:
        if (n->kev.ident >= (uint64_t)INT_MAX || fcntl((int)n->kev.ident, F_GETFD) < 0)
            return D_EBADF;
        if (!slot(k, n->kev.ident, true))
            return D_ENOMEM;
        return 0;
    case EVFILT_TIMER:
        n->aux_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
        if (n->aux_fd < 0 || register_aux(k, n, EPOLLIN) < 0)
            return darwin_errno_from_linux(errno);
        if (n->kev.fflags & NOTE_ABSOLUTE) {
            close(n->aux_fd);
            n->aux_fd = timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC | TFD_NONBLOCK);
            if (n->aux_fd < 0 || register_aux(k, n, EPOLLIN) < 0)
                return darwin_errno_from_linux(errno);
        }
        return arm_timer(n) < 0 ? darwin_errno_from_linux(errno) : 0;
    case EVFILT_PROC:
        if (!(n->kev.fflags & NOTE_EXIT) || (n->kev.fflags & ~(NOTE_EXIT | NOTE_EXITSTATUS)))
            return D_ENOTSUP; /* only NOTE_EXIT is followed */
        n->aux_fd = (int)syscall(SYS_pidfd_open, (pid_t)n->kev.ident, 0);
        if (n->aux_fd < 0)
            return errno == ESRCH ? D_ESRCH : darwin_errno_from_linux(errno);
        fcntl(n->aux_fd, F_SETFD, FD_CLOEXEC);
        return register_aux(k, n, EPOLLIN) < 0 ? darwin_errno_from_linux(errno) : 0;
    case EVFILT_VNODE: {
        char link[64], path[PATH_MAX];
        snprintf(link, sizeof link, "/proc/self/fd/%d", (int)n->kev.ident);
        ssize_t len = readlink(link, path, sizeof path - 1);
        if (len < 0)
            return D_EBADF;
        path[len] = 0;
        n->aux_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
        if (n->aux_fd < 0 || inotify_add_watch(n->aux_fd, path, inotify_mask(n->kev.fflags)) < 0 ||
            register_aux(k, n, EPOLLIN) < 0)
            return darwin_errno_from_linux(errno);
        return 0;
    }
    case EVFILT_USER:
        return 0;
    case EVFILT_SIGNAL: {
        /* Darwin attaches any ident; one that is no signal never fires. */
        n->kev.flags |= EV_CLEAR;
        if (n->kev.ident == 0 || n->kev.ident >= 32)
            return 0;
        darwin_signal_watch((int)n->kev.ident, 1);
        n->sig_seen = darwin_signal_count((int)n->kev.ident);
        if (k->nsignal++ == 0)
            darwin_signal_wake(k->wakefd, 1);
        return 0;
    }
    default:
        return D_ENOTSUP; /* EVFILT_AIO, EVFILT_MACHPORT, EVFILT_FS... not implemented */
    }
}

/* Link a new knote in (its machinery attached). */
static void link_note(struct kq *k, struct knote *n)
{
    n->prev = NULL;
    n->next = k->notes;
    if (k->notes)
        k->notes->prev = n;
    k->notes = n;
    if (n->kev.filter == EVFILT_READ || n->kev.filter == EVFILT_WRITE) {
        struct fdslot *s = slot(k, n->kev.ident, false);
        if (n->kev.filter == EVFILT_READ)
            s->r = n;
        else
            s->w = n;
    }
}

static void detach(struct kq *k, struct knote *n)
{
    dequeue(k, n);
    if (n->prev)
        n->prev->next = n->next;
    else
        k->notes = n->next;
    if (n->next)
        n->next->prev = n->prev;
    if (n->aux_fd >= 0) {
        epoll_ctl(k->epfd, EPOLL_CTL_DEL, n->aux_fd, NULL);
        close(n->aux_fd);
    }
    if (n->kev.filter == EVFILT_READ || n->kev.filter == EVFILT_WRITE) {
        struct fdslot *s = slot(k, n->kev.ident, false);
        if (s && s->r == n)
            s->r = NULL;
        if (s && s->w == n)
            s->w = NULL;
        sync_fd(k, (int)n->kev.ident);
    }
    if (n->kev.filter == EVFILT_SIGNAL && n->kev.ident > 0 && n->kev.ident < 32) {
        darwin_signal_watch((int)n->kev.ident, 0);
        if (--k->nsignal == 0)
            darwin_signal_wake(k->wakefd, 0);
    }
    free(n);
}

/* Enable or disable a knote. A disabled knote is never pending; an enabled READ/WRITE, USER or
 * SIGNAL knote is put on the pending list to be checked (it is reported if its condition holds:
 * data arrived while it was disabled, a trigger, signals counted); timers, processes and vnodes
 * are level-triggered in epoll, which reports them again. */
static void set_enabled(struct kq *k, struct knote *n, bool on)
{
    n->enabled = on;
    if (!on)
        dequeue(k, n);
    if (n->aux_fd >= 0) {
        struct epoll_event ev = { .events = on ? EPOLLIN : 0, .data.u64 = (uint64_t)(uintptr_t)n };
        epoll_ctl(k->epfd, EPOLL_CTL_MOD, n->aux_fd, &ev);
    } else if (on) {
        enqueue(k, n);
    }
}

/* Apply one change. Returns 0 or a Darwin errno. */
static int apply(struct kq *k, const struct kev *c)
{
    struct knote *n = find(k, c->ident, c->filter);
    if (c->flags & EV_DELETE) {
        if (!n)
            return D_ENOENT;
        detach(k, n);
        return 0;
    }
    if (c->flags & EV_ADD) {
        if (!n) {
            n = calloc(1, sizeof *n);
            if (!n)
                return D_ENOMEM;
            n->kev = *c;
            n->enabled = !(c->flags & EV_DISABLE);
            int e = attach(k, n);
            if (e) {
                if (n->aux_fd >= 0)
                    close(n->aux_fd);
                free(n);
                return e;
            }
            link_note(k, n);
        } else {
            /* Re-adding updates flags, fflags, data and udata; EV_CLEAR, EV_ONESHOT and
             * EV_DISPATCH given when the knote was made stay (XNU keeps them: mio re-adds its
             * EV_CLEAR waker with EV_ADD alone to trigger it, which must not make it level). */
            n->kev.flags = (n->kev.flags & (EV_CLEAR | EV_ONESHOT | EV_DISPATCH)) | c->flags |
                           (c->filter == EVFILT_SIGNAL ? EV_CLEAR : 0);
            n->kev.udata = c->udata;
            if (c->filter != EVFILT_USER) {
                n->kev.fflags = c->fflags;
                n->kev.data = c->data;
            }
            if (c->filter == EVFILT_TIMER && arm_timer(n) < 0)
                return darwin_errno_from_linux(errno);
            if (!(c->flags & EV_DISABLE))
                set_enabled(k, n, true);
        }
        if (c->filter == EVFILT_READ || c->filter == EVFILT_WRITE) {
            if (sync_fd(k, (int)c->ident) < 0) {
                int e = darwin_errno_from_linux(errno);
                detach(k, n);
                return e;
            }
            /* Checked at the next delivery: reported if the descriptor is ready now. */
            if (n->enabled)
                enqueue(k, n);
        }
    } else if (!n) {
        return D_ENOENT;
    }
    if (c->flags & EV_ENABLE)
        set_enabled(k, n, true);
    if (c->flags & EV_DISABLE)
        set_enabled(k, n, false);
    if (c->filter == EVFILT_USER) {
        uint32_t ctl = c->fflags & NOTE_FFCTRLMASK, v = c->fflags & NOTE_FFLAGSMASK;
        if (ctl == NOTE_FFAND)
            n->kev.fflags &= v;
        else if (ctl == NOTE_FFOR)
            n->kev.fflags |= v;
        else if (ctl == NOTE_FFCOPY)
            n->kev.fflags = v;
        if (c->fflags & NOTE_TRIGGER) {
            n->user_triggered = true;
            if (n->enabled)
                enqueue(k, n);
        }
    }
    return 0;
}

/* Fill an event for a knote whose condition is checked now (READ/WRITE: revents from poll).
 * Returns false if nothing is to be reported. */
static bool fire(struct knote *n, uint32_t epev, struct kev *out)
{
    *out = n->kev;
    out->flags &= EV_ONESHOT | EV_CLEAR | EV_DISPATCH; /* the knote's own flags, not the actions */
    out->data = 0;
    switch (n->kev.filter) {
    case EVFILT_READ: {
        int avail = 0;
        int fd = (int)n->kev.ident;
        if (ioctl(fd, FIONREAD, &avail) < 0) {
            int acc = 0;
            socklen_t al = sizeof acc;
            if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &al) == 0 && acc)
                avail = 1; /* a listening socket: Darwin reports the backlog; at least one */
        }
        out->data = avail;
        if (epev & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
            out->flags |= EV_EOF;
            int err = 0;
            socklen_t el = sizeof err;
            if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) == 0 && err)
                out->fflags = (uint32_t)darwin_errno_from_linux(err);
        }
        return (epev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0;
    }
    case EVFILT_WRITE: {
        int fd = (int)n->kev.ident, sndbuf = 0, queued = 0;
        socklen_t sl = sizeof sndbuf;
        int pipesz = fcntl(fd, F_GETPIPE_SZ);
        if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, &sl) == 0 && ioctl(fd, TIOCOUTQ, &queued) == 0)
            out->data = sndbuf > queued ? sndbuf - queued : 0;
        else if (pipesz > 0 && ioctl(fd, FIONREAD, &queued) == 0)
            out->data = pipesz > queued ? pipesz - queued : 0;
        else
            out->data = 65536; /* a descriptor that does not say: report room */
        if (epev & (EPOLLHUP | EPOLLERR))
            out->flags |= EV_EOF;
        return (epev & (EPOLLOUT | EPOLLHUP | EPOLLERR)) != 0;
    }
    case EVFILT_TIMER: {
        uint64_t exp = 0;
        if (read(n->aux_fd, &exp, sizeof exp) != sizeof exp)
            return false;
        out->data = (int64_t)exp;
        return true;
    }
    case EVFILT_PROC: {
        siginfo_t si;
        memset(&si, 0, sizeof si);
        out->fflags = NOTE_EXIT;
        struct pollfd p = { .fd = n->aux_fd, .events = POLLIN };
        if (poll(&p, 1, 0) != 1 || !(p.revents & POLLIN))
            return false; /* not exited yet (a stale wake-up) */
        if (waitid(P_PID, (id_t)n->kev.ident, &si, WEXITED | WNOWAIT | WNOHANG) == 0 && si.si_pid) {
            if (n->kev.fflags & NOTE_EXITSTATUS) {
                int st = si.si_code == CLD_EXITED ? (si.si_status & 0xff) << 8 : si.si_status & 0x7f;
                if (si.si_code == CLD_DUMPED)
                    st |= 0x80;
                out->data = darwin_wait_status_from_linux(st);
                out->fflags |= NOTE_EXITSTATUS;
            }
        }
        out->flags |= EV_EOF | EV_ONESHOT;
        return true;
    }
    case EVFILT_VNODE: {
        char buf[4096] __attribute__((aligned(8)));
        ssize_t len = read(n->aux_fd, buf, sizeof buf);
        uint32_t f = 0;
        for (ssize_t off = 0; len > 0 && off + (ssize_t)sizeof(struct inotify_event) <= len;) {
            struct inotify_event *e = (void *)(buf + off);
            if (e->mask & IN_DELETE_SELF) f |= NOTE_DELETE;
            if (e->mask & (IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)) f |= NOTE_WRITE;
            if (e->mask & IN_MODIFY) f |= NOTE_EXTEND;
            if (e->mask & IN_ATTRIB) f |= NOTE_ATTRIB | NOTE_LINK;
            if (e->mask & IN_MOVE_SELF) f |= NOTE_RENAME;
            off += (ssize_t)sizeof *e + e->len;
        }
        out->fflags = f & n->kev.fflags;
        return out->fflags != 0;
    }
    case EVFILT_USER:
        if (!n->user_triggered)
            return false;
        out->fflags &= NOTE_FFLAGSMASK;
        out->data = n->kev.data;
        if (n->kev.flags & EV_CLEAR)
            n->user_triggered = false;
        return true;
    case EVFILT_SIGNAL: {
        uint64_t now = darwin_signal_count((int)n->kev.ident);
        if (n->kev.ident == 0 || n->kev.ident >= 32 || now == n->sig_seen)
            return false;
        out->fflags = 0;
        out->data = (int64_t)(now - n->sig_seen);
        n->sig_seen = now;
        return true;
    }
    default:
        return false;
    }
}

/* Check a pending knote and report it if its condition holds. Afterwards an EV_ONESHOT knote
 * is gone, an EV_DISPATCH one disabled, an EV_CLEAR one (and every timer, vnode, process and
 * signal knote, whose state is consumed by reporting it) off the list until its next edge,
 * and a level-triggered READ, WRITE or USER knote goes to the tail of the list, to be checked
 * again at the next delivery (it is dropped then if no longer ready). */
static bool deliver(struct kq *k, struct knote *n, struct kev *out)
{
    if (!n->enabled) {
        dequeue(k, n);
        return false;
    }
    uint32_t ev = 0;
    if (n->kev.filter == EVFILT_READ || n->kev.filter == EVFILT_WRITE) {
        struct pollfd p = { .fd = (int)n->kev.ident,
                            .events = n->kev.filter == EVFILT_READ ? POLLIN | POLLRDHUP : POLLOUT };
        if (poll(&p, 1, 0) < 0 || (p.revents & POLLNVAL)) {
            dequeue(k, n);
            return false;
        }
        ev = (uint32_t)p.revents;
    }
    if (!fire(n, ev, out)) {
        dequeue(k, n);
        return false;
    }
    int16_t f = n->kev.filter;
    if (n->kev.flags & EV_ONESHOT || f == EVFILT_PROC) {
        detach(k, n);
    } else if (n->kev.flags & EV_DISPATCH) {
        set_enabled(k, n, false);
    } else if (n->kev.flags & EV_CLEAR || (f != EVFILT_READ && f != EVFILT_WRITE && f != EVFILT_USER)) {
        dequeue(k, n);
    } else {
        dequeue(k, n);
        enqueue(k, n);
    }
    return true;
}

/* Put what epoll reported on the pending list. */
static void merge(struct kq *k, const struct epoll_event *evs, int r)
{
    for (int i = 0; i < r; i++) {
        uint64_t tag = evs[i].data.u64;
        if (tag == TAG_USER_WAKE) {
            uint64_t v;
            (void)!read(k->wakefd, &v, sizeof v);
            for (struct knote *n = k->notes; n; n = n->next) {
                if (!n->enabled)
                    continue;
                if ((n->kev.filter == EVFILT_USER && n->user_triggered) ||
                    (n->kev.filter == EVFILT_SIGNAL && n->kev.ident > 0 && n->kev.ident < 32 &&
                     darwin_signal_count((int)n->kev.ident) != n->sig_seen))
                    enqueue(k, n);
            }
        } else if (tag & 1) {
            struct fdslot *s = slot(k, tag >> 1, false);
            uint32_t e = evs[i].events;
            if (!s)
                continue;
            if (s->r && s->r->enabled && (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
                enqueue(k, s->r);
            if (s->w && s->w->enabled && (e & (EPOLLOUT | EPOLLHUP | EPOLLERR)))
                enqueue(k, s->w);
        } else {
            struct knote *n = (struct knote *)(uintptr_t)tag;
            for (struct knote *x = k->notes; x; x = x->next)
                if (x == n) {
                    if (n->enabled)
                        enqueue(k, n);
                    break;
                }
        }
    }
}

static int do_kevent(int kqfd, const struct kev *changes, int nchanges, struct kev *events, int nevents,
                     const struct timespec *timeout)
{
    struct kq *k = kq_of(kqfd);
    if (!k)
        return -1;
    int nout = 0;
    pthread_mutex_lock(&k->lock);
    for (int i = 0; i < nchanges; i++) {
        int e = apply(k, &changes[i]);
        if (e || (changes[i].flags & EV_RECEIPT)) {
            if (nout < nevents) {
                events[nout] = changes[i];
                events[nout].flags = EV_ERROR;
                events[nout].data = e;
                nout++;
            } else if (e) {
                wake_waiters(k);
                pthread_mutex_unlock(&k->lock);
                errno = e;
                return -1;
            }
        }
    }
    wake_waiters(k);
    pthread_mutex_unlock(&k->lock);
    if (nout > 0 || nevents == 0)
        return nout;

    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    if (timeout) {
        deadline.tv_sec += timeout->tv_sec;
        deadline.tv_nsec += timeout->tv_nsec;
        while (deadline.tv_nsec >= 1000000000l) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000l;
        }
    }
    bool zero = timeout && timeout->tv_sec == 0 && timeout->tv_nsec == 0;
    struct epoll_event evs[64];
    for (;;) {
        int ms = -1;
        if (timeout) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            int64_t left = (int64_t)(deadline.tv_sec - now.tv_sec) * 1000 +
                           (deadline.tv_nsec - now.tv_nsec + 999999) / 1000000;
            ms = left <= 0 ? 0 : left > INT_MAX ? INT_MAX : (int)left;
        }
        pthread_mutex_lock(&k->lock);
        /* Pending events: only collect what else epoll has, without waiting. Checked under the
         * lock with the waiter count, so a thread that leaves events behind wakes us. */
        bool wait = !k->qhead && ms != 0;
        if (wait)
            k->waiters++;
        pthread_mutex_unlock(&k->lock);
        uint64_t handlers = darwin_signal_handler_calls();
        int r = epoll_wait(k->epfd, evs, 64, wait ? ms : 0);
        int err = errno;
        pthread_mutex_lock(&k->lock);
        if (wait)
            k->waiters--;
        if (r < 0) {
            pthread_mutex_unlock(&k->lock);
            if (err == EINTR && darwin_signal_handler_calls() == handlers)
                continue; /* a signal machrun caught only to count (Darwin would not interrupt) */
            errno = err;
            return dret(-1);
        }
        merge(k, evs, r);
        /* Each knote pending now is checked at most once by this call. */
        for (int todo = k->qlen; todo > 0 && nout < nevents && k->qhead; todo--)
            if (deliver(k, k->qhead, &events[nout]))
                nout++;
        wake_waiters(k);
        pthread_mutex_unlock(&k->lock);
        if (nout > 0 || zero || ms == 0)
            return nout;
        /* Everything that woke us had nothing to report (data already read, a stale wake-up):
         * wait again for what is left of the timeout. */
    }
}

static int d_kevent(int kq, const struct d_kevent *changes, int nchanges, struct d_kevent *events, int nevents,
                    const struct timespec *timeout)
{
    if (nchanges < 0 || nevents < 0) {
        errno = D_EINVAL;
        return -1;
    }
    struct kev *c = nchanges ? calloc((size_t)nchanges, sizeof *c) : NULL;
    struct kev *e = nevents ? calloc((size_t)nevents, sizeof *e) : NULL;
    if ((nchanges && !c) || (nevents && !e)) {
        free(c);
        free(e);
        errno = D_ENOMEM;
        return -1;
    }
    for (int i = 0; i < nchanges; i++) {
        c[i].ident = changes[i].ident;
        c[i].filter = changes[i].filter;
        c[i].flags = changes[i].flags;
        c[i].fflags = changes[i].fflags;
        c[i].data = changes[i].data;
        c[i].udata = (uint64_t)(uintptr_t)changes[i].udata;
    }
    int r = do_kevent(kq, c, nchanges, e, nevents, timeout);
    for (int i = 0; i < r; i++) {
        events[i].ident = (uintptr_t)e[i].ident;
        events[i].filter = e[i].filter;
        events[i].flags = e[i].flags;
        events[i].fflags = e[i].fflags;
        events[i].data = (intptr_t)e[i].data;
        events[i].udata = (void *)(uintptr_t)e[i].udata;
    }
    free(c);
    free(e);
    return r;
}
DARWIN_EXPORT("_kevent", d_kevent);

static int d_kevent64(int kq, const struct d_kevent64 *changes, int nchanges, struct d_kevent64 *events, int nevents,
                      unsigned flags, const struct timespec *timeout)
{
    static const struct timespec zero = { 0, 0 };
    if (flags & 0x1 /* KEVENT_FLAG_IMMEDIATE */)
        timeout = &zero;
    _Static_assert(sizeof(struct kev) == sizeof(struct d_kevent64), "same shape");
    return do_kevent(kq, (const struct kev *)changes, nchanges, (struct kev *)events, nevents, timeout);
}
DARWIN_EXPORT("_kevent64", d_kevent64);
