/*
 * kqueue.c — kqueue, kevent and kevent64 over epoll. A kqueue is an epoll descriptor plus a
 * table of knotes keyed by (ident, filter):
 *   EVFILT_READ / EVFILT_WRITE  the descriptor itself in epoll (one registration per fd with
 *                               the union of its filters; edge-triggered when every knote on
 *                               it has EV_CLEAR), data = bytes readable / writable space,
 *                               EV_EOF on hang-up;
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
 * behave as on Darwin. Not implemented (reported per change as EV_ERROR with ENOTSUP, never
 * silently): EVFILT_AIO, EVFILT_MACHPORT, EVFILT_FS, NOTE_FORK/NOTE_EXEC.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
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
    int aux_fd;            /* timerfd / pidfd / inotify fd, or -1 */
    bool user_triggered;   /* EVFILT_USER */
    uint64_t sig_seen;     /* EVFILT_SIGNAL: the signal's count when last reported */
    struct knote *next;
};

/* epoll_data.u64 tags: a guest descriptor is (fd << 1) | 1, the EVFILT_USER wake-up eventfd
 * is 2, and machrun's own timer/pid/inotify descriptors carry their knote's (even) address. */
#define TAG_USER_WAKE 2ull
#define TAG_FD(fd) (((uint64_t)(uint32_t)(fd) << 1) | 1)

struct kq {
    int epfd;
    int wakefd;            /* eventfd for EVFILT_USER */
    pthread_mutex_t lock;
    struct knote *notes;
    int nsignal;           /* EVFILT_SIGNAL knotes (the wake-up eventfd is given to signals) */
    int nfds;              /* descriptors naming this kqueue (dup/dup2/F_DUPFD share it) */
};

#define MAX_KQ 65536
static struct kq *kqs[MAX_KQ];

static struct kq *kq_of(int fd)
{
    if (fd < 0 || fd >= MAX_KQ || !kqs[fd]) {
        errno = D_EBADF;
        return NULL;
    }
    return kqs[fd];
}

/* Called when a guest closes a descriptor (unistd.c): drop a kqueue's state. */
void darwin_kqueue_closed(int fd)
{
    if (fd < 0 || fd >= MAX_KQ || !kqs[fd])
        return;
    struct kq *k = kqs[fd];
    kqs[fd] = NULL;
    if (__atomic_sub_fetch(&k->nfds, 1, __ATOMIC_ACQ_REL) > 0) {
        /* Another descriptor (a dup) still names the kqueue: keep using one that stays open. */
        if (k->epfd == fd)
            for (int i = 0; i < MAX_KQ; i++)
                if (kqs[i] == k) {
                    k->epfd = i;
                    break;
                }
        return;
    }
    for (struct knote *n = k->notes, *next; n; n = next) {
        next = n->next;
        if (n->aux_fd >= 0)
            close(n->aux_fd);
        if (n->kev.filter == EVFILT_SIGNAL && n->kev.ident > 0 && n->kev.ident < 32)
            darwin_signal_watch((int)n->kev.ident, 0);
        free(n);
    }
    if (k->nsignal)
        darwin_signal_wake(k->wakefd, 0);
    close(k->wakefd);
    pthread_mutex_destroy(&k->lock);
    free(k);
}

static int d_kqueue(void)
{
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
    /* A kqueue is not inherited across fork on Darwin: mark it close-on-exec at least. */
    k->nfds = 1;
    kqs[ep] = k;
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
    __atomic_add_fetch(&kqs[oldfd]->nfds, 1, __ATOMIC_ACQ_REL);
    kqs[newfd] = kqs[oldfd];
}

static struct knote *find(struct kq *k, uint64_t ident, int16_t filter)
{
    for (struct knote *n = k->notes; n; n = n->next)
        if (n->kev.ident == ident && n->kev.filter == filter)
            return n;
    return NULL;
}

/* Recompute the epoll registration of a guest descriptor from its READ/WRITE knotes. */
static int sync_fd(struct kq *k, int fd)
{
    uint32_t events = 0;
    bool all_clear = true, any = false;
    for (struct knote *n = k->notes; n; n = n->next) {
        if ((int)n->kev.ident != fd || !n->enabled)
            continue;
        if (n->kev.filter == EVFILT_READ)
            events |= EPOLLIN | EPOLLRDHUP;
        else if (n->kev.filter == EVFILT_WRITE)
            events |= EPOLLOUT;
        else
            continue;
        any = true;
        if (!(n->kev.flags & EV_CLEAR))
            all_clear = false;
    }
    struct epoll_event ev = { .events = events | (any && all_clear ? EPOLLET : 0), .data.u64 = TAG_FD(fd) };
    if (!any) {
        epoll_ctl(k->epfd, EPOLL_CTL_DEL, fd, NULL);
        return 0;
    }
    if (epoll_ctl(k->epfd, EPOLL_CTL_MOD, fd, &ev) == 0)
        return 0;
    if (errno == ENOENT && epoll_ctl(k->epfd, EPOLL_CTL_ADD, fd, &ev) == 0)
        return 0;
    return -1;
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
        if (fcntl((int)n->kev.ident, F_GETFD) < 0)
            return D_EBADF;
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

static void detach(struct kq *k, struct knote *n)
{
    for (struct knote **p = &k->notes; *p; p = &(*p)->next)
        if (*p == n) {
            *p = n->next;
            break;
        }
    if (n->aux_fd >= 0) {
        epoll_ctl(k->epfd, EPOLL_CTL_DEL, n->aux_fd, NULL);
        close(n->aux_fd);
    }
    if (n->kev.filter == EVFILT_READ || n->kev.filter == EVFILT_WRITE)
        sync_fd(k, (int)n->kev.ident);
    if (n->kev.filter == EVFILT_SIGNAL && n->kev.ident > 0 && n->kev.ident < 32) {
        darwin_signal_watch((int)n->kev.ident, 0);
        if (--k->nsignal == 0)
            darwin_signal_wake(k->wakefd, 0);
    }
    free(n);
}

static void set_enabled(struct kq *k, struct knote *n, bool on)
{
    n->enabled = on;
    if (n->kev.filter == EVFILT_SIGNAL) {
        /* Arrivals while disabled are kept and reported once enabled. */
        uint64_t one = 1;
        if (on && darwin_signal_count((int)n->kev.ident) != n->sig_seen)
            (void)!write(k->wakefd, &one, sizeof one);
    } else if (n->kev.filter == EVFILT_READ || n->kev.filter == EVFILT_WRITE) {
        sync_fd(k, (int)n->kev.ident);
    } else if (n->aux_fd >= 0) {
        struct epoll_event ev = { .events = on ? EPOLLIN : 0, .data.u64 = (uint64_t)(uintptr_t)n };
        epoll_ctl(k->epfd, EPOLL_CTL_MOD, n->aux_fd, &ev);
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
            n->next = k->notes;
            k->notes = n;
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
            n->enabled = !(c->flags & EV_DISABLE);
        }
        if (c->filter == EVFILT_READ || c->filter == EVFILT_WRITE) {
            if (sync_fd(k, (int)c->ident) < 0)
                return darwin_errno_from_linux(errno);
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
            uint64_t one = 1;
            (void)!write(k->wakefd, &one, sizeof one);
        }
    }
    return 0;
}

/* Fill an event for a knote that fired. Returns false if nothing is to be reported. */
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
    default:
        return false;
    }
}
static void after_delivery(struct kq *k, struct knote *n)
{
    if (n->kev.flags & EV_ONESHOT || n->kev.filter == EVFILT_PROC)
        detach(k, n);
    else if (n->kev.flags & EV_DISPATCH)
        set_enabled(k, n, false);
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
                pthread_mutex_unlock(&k->lock);
                errno = e;
                return -1;
            }
        }
    }
    pthread_mutex_unlock(&k->lock);
    if (nout > 0 || nevents == 0)
        return nout;

    int ms = -1;
    if (timeout) {
        int64_t t = (int64_t)timeout->tv_sec * 1000 + (timeout->tv_nsec + 999999) / 1000000;
        ms = t > INT_MAX ? INT_MAX : (int)t;
    }
    struct epoll_event evs[64];
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    if (ms > 0) {
        deadline.tv_sec += ms / 1000;
        deadline.tv_nsec += (ms % 1000) * 1000000l;
        if (deadline.tv_nsec >= 1000000000l) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000l;
        }
    }
    for (;;) {
        int want = nevents < 64 ? nevents : 64;
        uint64_t handlers = darwin_signal_handler_calls();
        int r = epoll_wait(k->epfd, evs, want, ms);
        if (r < 0 && errno == EINTR && darwin_signal_handler_calls() == handlers) {
            /* Interrupted only by a signal machrun caught to count (the guest ignores it or
             * takes the default, which on Darwin would not interrupt kevent): wait on, for
             * what is left of the timeout. */
            if (ms > 0) {
                struct timespec now;
                clock_gettime(CLOCK_MONOTONIC, &now);
                int64_t left = (int64_t)(deadline.tv_sec - now.tv_sec) * 1000 +
                               (deadline.tv_nsec - now.tv_nsec + 999999) / 1000000;
                ms = left > 0 ? (int)left : 0;
            }
            continue;
        }
        if (r < 0)
            return dret(-1);
        pthread_mutex_lock(&k->lock);
        for (int i = 0; i < r && nout < nevents; i++) {
            uint64_t tag = evs[i].data.u64;
            if (tag == TAG_USER_WAKE) {
                uint64_t v;
                (void)!read(k->wakefd, &v, sizeof v);
                for (struct knote *n = k->notes, *next; n && nout < nevents; n = next) {
                    next = n->next;
                    if (n->kev.filter != EVFILT_USER || !n->user_triggered || !n->enabled)
                        continue;
                    events[nout] = n->kev;
                    events[nout].flags &= ~(EV_ADD | EV_ENABLE | EV_DISABLE | EV_DELETE | EV_RECEIPT);
                    events[nout].fflags &= NOTE_FFLAGSMASK;
                    nout++;
                    if (n->kev.flags & EV_CLEAR)
                        n->user_triggered = false;
                    after_delivery(k, n);
                }
                for (struct knote *n = k->notes, *next; n && nout < nevents; n = next) {
                    next = n->next;
                    if (n->kev.filter != EVFILT_SIGNAL || !n->enabled)
                        continue;
                    uint64_t now = darwin_signal_count((int)n->kev.ident);
                    if (now == n->sig_seen)
                        continue;
                    events[nout] = n->kev;
                    events[nout].flags &= EV_ONESHOT | EV_CLEAR | EV_DISPATCH;
                    events[nout].fflags = 0;
                    events[nout].data = (int64_t)(now - n->sig_seen);
                    n->sig_seen = now;
                    nout++;
                    after_delivery(k, n);
                }
            } else if (tag & 1) {
                int fd = (int)(tag >> 1);
                for (struct knote *n = k->notes, *next; n && nout < nevents; n = next) {
                    next = n->next;
                    if ((int)n->kev.ident != fd || !n->enabled ||
                        (n->kev.filter != EVFILT_READ && n->kev.filter != EVFILT_WRITE))
                        continue;
                    if (fire(n, evs[i].events, &events[nout])) {
                        nout++;
                        after_delivery(k, n);
                    }
                }
            } else {
                struct knote *n = (struct knote *)(uintptr_t)tag;
                bool live = false;
                for (struct knote *x = k->notes; x; x = x->next)
                    if (x == n)
                        live = true;
                if (live && n->enabled && fire(n, evs[i].events, &events[nout])) {
                    nout++;
                    after_delivery(k, n);
                }
            }
        }
        /* Level-triggered user events still pending keep the kqueue readable. */
        for (struct knote *n = k->notes; n; n = n->next)
            if (n->kev.filter == EVFILT_USER && n->user_triggered && n->enabled) {
                uint64_t one = 1;
                (void)!write(k->wakefd, &one, sizeof one);
                break;
            }
        pthread_mutex_unlock(&k->lock);
        if (nout > 0 || r == 0)
            return nout;
        /* Everything that woke us had nothing to report (e.g. a stale registration): wait again,
         * without a timeout only if there was none. */
        if (ms == 0)
            return 0;
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
