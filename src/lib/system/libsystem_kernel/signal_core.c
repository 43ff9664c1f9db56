/*
 * signal_core.c — signals with Darwin's ABI: numbers (one table, both directions), the
 * 32-bit sigset_t, struct sigaction and its SA_* flags, sigaltstack's stack_t, and handlers
 * that receive a Darwin siginfo_t and ucontext_t. machrun installs its own Linux handler for
 * every caught signal; it builds the Darwin siginfo and mcontext64 (exception state, thread
 * state, the FXSAVE float state) on the handler's stack, calls the guest's handler, and
 * copies the registers and signal mask back into the Linux context, so a handler that
 * changes them (Go does, to inject calls) is obeyed on return — one handler call, no other
 * round trip. Also the system calls around them: __sigaction, sigprocmask, sigpending,
 * sigsuspend, kill and the interval timers. The libc calls over these live in libsystem_c
 * (sigaction.c, sigset.c, raise.c, alarm.c, sigtext.c), pthread_sigmask and sigwait in
 * libsystem_pthread (pthread_sigmask.c), the setjmp family in libsystem_platform.
 *
 * kqueue's EVFILT_SIGNAL (kqueue.c) asks to watch a signal: while watched, the Linux handler
 * is machrun's even when the guest's disposition is SIG_IGN or SIG_DFL; it counts the
 * signal, wakes the watching kqueues and then does what the guest's disposition says
 * (nothing, Darwin's default action, or the guest's handler). As on Darwin an ignored
 * SIGCHLD is not counted (it stays SIG_IGN, so children are still reaped). Partial: a
 * signal blocked in every thread is counted when it is delivered, not when it is sent, and
 * a watched signal that the guest ignores can cut short a sleep or a call that Linux does
 * not restart (kevent itself retries); Darwin's would not.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/ucontext.h>
#include <unistd.h>

#include "machrun/darwin/abi.h"
#include "machrun/darwin/init.h"
#include "machrun/darwin/siginfo.h"
#include "machrun/darwin/signals.h"
#include "machrun/darwin/ucontext.h"
#include "machrun/darwin/private.h"

/* ---- numbers ---- */
#define SIGTAB_ROW(d, l, name, text) { d, l, name, text },
static const struct {
    int darwin, linux_;
    const char *name, *text;
} sigtab[] = { DARWIN_SIGNALS(SIGTAB_ROW) };

int linux_sig_from_darwin(int d)
{
    return d >= 1 && d < NSIG_D ? sigtab[d - 1].linux_ : 0;
}

int darwin_sig_from_linux(int l)
{
    for (int i = 0; i < NSIG_D - 1; i++)
        if (sigtab[i].linux_ == l)
            return sigtab[i].darwin;
    return 0;
}

/* Signal masks cross at every sigprocmask and every delivered signal: Linux's signals 1-64 are
 * the bits of a sigset_t's first word (glibc's layout), so the two conversions are bit moves
 * over the set bits, with no sigaddset/sigismember calls. */
uint32_t darwin_sigset_from_linux(const void *lset)
{
    uint64_t w;
    memcpy(&w, lset, sizeof w);
    uint32_t d = 0;
    for (int i = 1; i < NSIG_D; i++) {
        int l = sigtab[i - 1].linux_;
        if (l && (w >> (l - 1) & 1))
            d |= 1u << (i - 1);
    }
    return d;
}

void linux_sigset_from_darwin(uint32_t d, void *lset)
{
    sigset_t *s = lset;
    sigemptyset(s);
    uint64_t w = 0;
    for (uint32_t m = d & ((1u << (NSIG_D - 1)) - 1); m; m &= m - 1) {
        int l = sigtab[__builtin_ctz(m)].linux_;
        if (l)
            w |= 1ull << (l - 1);
    }
    memcpy(s, &w, sizeof w);
}

int darwin_wait_status_from_linux(int st)
{
    if (WIFSIGNALED(st)) {
        int d = darwin_sig_from_linux(WTERMSIG(st));
        return (st & ~0x7f) | (d ? d : WTERMSIG(st));
    }
    if (WIFSTOPPED(st)) {
        int d = darwin_sig_from_linux(WSTOPSIG(st));
        return ((d ? d : WSTOPSIG(st)) << 8) | 0x7f;
    }
    if (WIFCONTINUED(st))
        return (D_SIGCONT << 8) | 0x7f; /* Darwin reports a continued child as stopped by SIGCONT */
    return st;
}

/* ---- the Darwin structures ---- */
struct d___sigaction {
    void *handler;
    void *tramp;
    uint32_t mask;
    int flags;
};


/* ---- handlers ---- */
static struct d_sigaction guest_actions[NSIG_D];

/* si_code values of the faults agree (SEGV_MAPERR 1...); SI_USER is 0x10001 on Darwin, 0 on
 * Linux; SI_QUEUE 0x10002 / -1; SI_TIMER 0x10003 / -2; SI_ASYNCIO 0x10004 / -4; SI_MESGQ
 * 0x10005 / -3. */
static int darwin_si_code(int c)
{
    switch (c) {
    case SI_USER: return 0x10001;
    case SI_QUEUE: return 0x10002;
    case SI_TIMER: return 0x10003;
    case SI_ASYNCIO: return 0x10004;
    case SI_MESGQ: return 0x10005;
    case SI_TKILL: return 0x10001;
    case SI_KERNEL: return 0;
    default: return c;
    }
}

/* ---- EVFILT_SIGNAL watches ---- */
static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int sig_watchers[NSIG_D];        /* knotes watching each Darwin signal */
static volatile uint64_t sig_counts[NSIG_D];     /* times each watched signal arrived */
static volatile int sig_wake_fds[64];            /* eventfds of watching kqueues, plus one; 0 free */
static volatile uint64_t guest_handler_calls;    /* guest handlers run (kevent's EINTR rule) */
static int install_host(int dsig);

uint64_t darwin_signal_count(int dsig)
{
    return dsig > 0 && dsig < NSIG_D ? __atomic_load_n(&sig_counts[dsig], __ATOMIC_ACQUIRE) : 0;
}

uint64_t darwin_signal_handler_calls(void)
{
    return __atomic_load_n(&guest_handler_calls, __ATOMIC_ACQUIRE);
}

int darwin_signal_watch(int dsig, int on)
{
    if (dsig <= 0 || dsig >= NSIG_D)
        return D_EINVAL;
    pthread_mutex_lock(&watch_lock);
    int before = sig_watchers[dsig];
    sig_watchers[dsig] = on ? before + 1 : (before > 0 ? before - 1 : 0);
    if ((before == 0) != (sig_watchers[dsig] == 0))
        (void)install_host(dsig);
    pthread_mutex_unlock(&watch_lock);
    return 0;
}

void darwin_signal_wake(int fd, int on)
{
    pthread_mutex_lock(&watch_lock);
    for (unsigned i = 0; i < sizeof sig_wake_fds / sizeof sig_wake_fds[0]; i++) {
        if (on && sig_wake_fds[i] == 0) {
            __atomic_store_n(&sig_wake_fds[i], fd + 1, __ATOMIC_RELEASE);
            break;
        }
        if (!on && sig_wake_fds[i] == fd + 1) {
            __atomic_store_n(&sig_wake_fds[i], 0, __ATOMIC_RELEASE);
            break;
        }
    }
    pthread_mutex_unlock(&watch_lock);
}

/* Darwin's default action for a signal machrun caught only to count it. */
static void default_action(int lsig, int dsig)
{
    switch (dsig) {
    case 16: case 19: case 20: case 23: case 28: case 29: /* URG CONT CHLD IO WINCH INFO: ignore */
        return;
    case 18: case 21: case 22: /* TSTP TTIN TTOU: stop */
        kill(getpid(), SIGSTOP);
        return;
    default: { /* terminate (with a core for some): again, with the Linux default in place */
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigaction(lsig, &dfl, NULL);
        syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), lsig); /* pending until we return */
        return;
    }
    }
}

static darwin_fault_hook_fn *fault_hook; /* mach_exc.c's, once an exception port is set */

void darwin_signal_set_fault_hook(darwin_fault_hook_fn *hook)
{
    __atomic_store_n(&fault_hook, hook, __ATOMIC_RELEASE);
}

static void host_handler(int lsig, siginfo_t *si, void *vuc)
{
    /* A fault goes to the thread's or task's Mach exception port first, as on Darwin. */
    darwin_fault_hook_fn *hook = __atomic_load_n(&fault_hook, __ATOMIC_ACQUIRE);
    if ((lsig == SIGSEGV || lsig == SIGBUS || lsig == SIGILL || lsig == SIGFPE || lsig == SIGTRAP) && hook &&
        hook(lsig, si, vuc))
        return;
    int dsig = darwin_sig_from_linux(lsig);
    if (dsig <= 0 || dsig >= NSIG_D)
        return;
    struct d_sigaction *act = &guest_actions[dsig];
    void *h = act->handler;
    if (__atomic_load_n(&sig_watchers[dsig], __ATOMIC_ACQUIRE) > 0) {
        int saved = errno;
        __atomic_add_fetch(&sig_counts[dsig], 1, __ATOMIC_RELEASE);
        for (unsigned i = 0; i < sizeof sig_wake_fds / sizeof sig_wake_fds[0]; i++) {
            int fd = __atomic_load_n(&sig_wake_fds[i], __ATOMIC_ACQUIRE);
            uint64_t one = 1;
            if (fd > 0)
                (void)!write(fd - 1, &one, sizeof one);
        }
        errno = saved;
    }
    if (h == SIG_IGN)
        return;
    if (h == SIG_DFL) {
        default_action(lsig, dsig);
        return;
    }
    __atomic_add_fetch(&guest_handler_calls, 1, __ATOMIC_RELEASE);
    ucontext_t *uc = vuc;
    mcontext_t *mc = &uc->uc_mcontext;

    struct d_siginfo dsi;
    memset(&dsi, 0, sizeof dsi);
    dsi.d_signo = dsig;
    dsi.d_errno = si->si_errno;
    dsi.d_code = darwin_si_code(si->si_code);
    if (lsig == SIGSEGV || lsig == SIGBUS || lsig == SIGILL || lsig == SIGFPE || lsig == SIGTRAP) {
        dsi.d_addr = si->si_addr;
    } else if (lsig == SIGCHLD) {
        dsi.d_pid = si->si_pid;
        dsi.d_uid = si->si_uid;
        dsi.d_status = si->si_code == CLD_EXITED ? si->si_status : darwin_sig_from_linux(si->si_status);
    } else {
        dsi.d_pid = si->si_pid;
        dsi.d_uid = si->si_uid;
        dsi.d_value.p = si->si_value.sival_ptr;
    }

    struct d_mcontext64 dmc;
    struct d_ucontext duc;
    memset(&duc, 0, sizeof duc);
    greg_t *g = mc->gregs;
    dmc.es.trapno = (uint16_t)g[REG_TRAPNO];
    dmc.es.cpu = 0;
    dmc.es.err = (uint32_t)g[REG_ERR];
    dmc.es.faultvaddr = (uint64_t)si->si_addr;
    struct d_thread_state *ts = &dmc.ss;
    ts->rax = g[REG_RAX]; ts->rbx = g[REG_RBX]; ts->rcx = g[REG_RCX]; ts->rdx = g[REG_RDX];
    ts->rdi = g[REG_RDI]; ts->rsi = g[REG_RSI]; ts->rbp = g[REG_RBP]; ts->rsp = g[REG_RSP];
    ts->r8 = g[REG_R8]; ts->r9 = g[REG_R9]; ts->r10 = g[REG_R10]; ts->r11 = g[REG_R11];
    ts->r12 = g[REG_R12]; ts->r13 = g[REG_R13]; ts->r14 = g[REG_R14]; ts->r15 = g[REG_R15];
    ts->rip = g[REG_RIP]; ts->rflags = g[REG_EFL];
    ts->cs = (uint64_t)g[REG_CSGSFS] & 0xffff;
    ts->fs = 0;
    ts->gs = 0;
    memset(&dmc.fs, 0, sizeof dmc.fs);
    if (mc->fpregs)
        memcpy(dmc.fs.fxsave, mc->fpregs, 512);
    duc.uc_onstack = (uc->uc_stack.ss_flags & SS_ONSTACK) != 0;
    duc.uc_sigmask = darwin_sigset_from_linux(&uc->uc_sigmask);
    duc.uc_stack.ss_sp = uc->uc_stack.ss_sp;
    duc.uc_stack.ss_size = uc->uc_stack.ss_size;
    duc.uc_stack.ss_flags = (uc->uc_stack.ss_flags & SS_ONSTACK ? 1 : 0) | (uc->uc_stack.ss_flags & SS_DISABLE ? 4 : 0);
    duc.uc_mcsize = sizeof dmc;
    duc.uc_mcontext = &dmc;
    uint32_t mask_before = duc.uc_sigmask;

    if (act->flags & D_SA_RESETHAND) {
        act->handler = SIG_DFL;
        act->flags &= ~D_SA_SIGINFO;
    }
    int saved_errno = errno;
    if (act->flags & D_SA_SIGINFO)
        ((void (*)(int, struct d_siginfo *, void *))h)(dsig, &dsi, &duc);
    else
        ((void (*)(int))h)(dsig);
    errno = saved_errno;

    /* Whatever the handler changed takes effect on return. */
    g[REG_RAX] = (greg_t)ts->rax; g[REG_RBX] = (greg_t)ts->rbx; g[REG_RCX] = (greg_t)ts->rcx;
    g[REG_RDX] = (greg_t)ts->rdx; g[REG_RDI] = (greg_t)ts->rdi; g[REG_RSI] = (greg_t)ts->rsi;
    g[REG_RBP] = (greg_t)ts->rbp; g[REG_RSP] = (greg_t)ts->rsp; g[REG_R8] = (greg_t)ts->r8;
    g[REG_R9] = (greg_t)ts->r9; g[REG_R10] = (greg_t)ts->r10; g[REG_R11] = (greg_t)ts->r11;
    g[REG_R12] = (greg_t)ts->r12; g[REG_R13] = (greg_t)ts->r13; g[REG_R14] = (greg_t)ts->r14;
    g[REG_R15] = (greg_t)ts->r15; g[REG_RIP] = (greg_t)ts->rip; g[REG_EFL] = (greg_t)ts->rflags;
    if (mc->fpregs)
        memcpy(mc->fpregs, dmc.fs.fxsave, 512);
    if (duc.uc_sigmask != mask_before) {
        sigset_t keep;
        linux_sigset_from_darwin(duc.uc_sigmask, &keep);
        uc->uc_sigmask = keep;
    }
}

static int sa_flags_to_linux(int d)
{
    int l = SA_SIGINFO;
    if (d & D_SA_ONSTACK) l |= SA_ONSTACK;
    if (d & D_SA_RESTART) l |= SA_RESTART;
    if (d & D_SA_NODEFER) l |= SA_NODEFER;
    if (d & D_SA_NOCLDSTOP) l |= SA_NOCLDSTOP;
    if (d & D_SA_NOCLDWAIT) l |= SA_NOCLDWAIT;
    /* SA_RESETHAND is done in host_handler, so the Darwin view stays in step. */
    return l;
}

int darwin_do_sigaction(int dsig, const struct d_sigaction *act, struct d_sigaction *old)
{
    if (dsig <= 0 || dsig >= NSIG_D) {
        errno = D_EINVAL;
        return -1;
    }
    int lsig = linux_sig_from_darwin(dsig);
    if (old)
        *old = guest_actions[dsig];
    if (!act)
        return 0;
    if (dsig == D_SIGKILL || dsig == D_SIGSTOP) {
        errno = D_EINVAL;
        return -1;
    }
    if (!lsig) {
        /* EMT and INFO: never generated on Linux; remember the action. */
        guest_actions[dsig] = *act;
        return 0;
    }
    /* No lock here: sigaction may be called from a handler. */
    guest_actions[dsig] = *act;
    int e = install_host(dsig);
    if (e) {
        errno = e;
        return dret(-1);
    }
    return 0;
}

static bool dfl_differs(int dsig);

/* Put the Linux disposition of dsig in step with the guest's action and the watches.
 * Returns 0 or a Linux errno. */
static int install_host(int dsig)
{
    int lsig = linux_sig_from_darwin(dsig);
    if (!lsig || lsig == SIGKILL || lsig == SIGSTOP)
        return 0;
    const struct d_sigaction *act = &guest_actions[dsig];
    struct sigaction la;
    memset(&la, 0, sizeof la);
    linux_sigset_from_darwin(act->mask, &la.sa_mask);
    bool watched = sig_watchers[dsig] > 0 && !(dsig == D_SIGCHLD && act->handler == SIG_IGN);
    if (act->handler != SIG_DFL && act->handler != SIG_IGN) {
        la.sa_sigaction = host_handler;
        la.sa_flags = sa_flags_to_linux(act->flags);
    } else if (watched) {
        la.sa_sigaction = host_handler; /* to count it; then the guest's disposition */
        la.sa_flags = (sa_flags_to_linux(act->flags) | SA_RESTART) & ~SA_NODEFER;
    } else if (act->handler == SIG_DFL && dfl_differs(dsig)) {
        la.sa_sigaction = host_handler; /* Darwin's default is to discard it: default_action */
        la.sa_flags = SA_SIGINFO | SA_RESTART;
    } else {
        la.sa_handler = act->handler;
        la.sa_flags = sa_flags_to_linux(act->flags) & ~SA_SIGINFO;
    }
    return sigaction(lsig, &la, NULL) < 0 ? errno : 0;
}

/* Signals whose default action Darwin and Linux disagree on: SIGIO is discarded on Darwin and
 * ends the process on Linux. Their SIG_DFL goes through host_handler (default_action). */
static bool dfl_differs(int dsig)
{
    return dsig == D_SIGIO;
}

/* At start: signals left at their default whose Darwin default differs get it (an inherited
 * SIG_IGN is kept). */
void darwin_signals_init(void)
{
    for (int dsig = 1; dsig < NSIG_D; dsig++) {
        int lsig = linux_sig_from_darwin(dsig);
        struct sigaction cur;
        if (!lsig || !dfl_differs(dsig) || sigaction(lsig, NULL, &cur) < 0 || cur.sa_handler != SIG_DFL)
            continue;
        install_host(dsig);
    }
}

/* The system call form libc uses, with the trampoline field. */
static int d___sigaction(int sig, const struct d___sigaction *act, struct d_sigaction *old)
{
    if (!act)
        return darwin_do_sigaction(sig, NULL, old);
    struct d_sigaction a = { act->handler, act->mask, act->flags };
    return darwin_do_sigaction(sig, &a, old);
}
DARWIN_EXPORT("___sigaction", d___sigaction);

/* ---- masks ---- */
int darwin_sigprocmask(int how, const uint32_t *set, uint32_t *old)
{
    sigset_t ls, lo;
    if (set)
        linux_sigset_from_darwin(*set, &ls);
    int lh = how == D_SIG_BLOCK ? SIG_BLOCK : how == D_SIG_UNBLOCK ? SIG_UNBLOCK : how == D_SIG_SETMASK ? SIG_SETMASK : -1;
    if (set && lh < 0) {
        errno = D_EINVAL;
        return -1;
    }
    if (pthread_sigmask(lh < 0 ? SIG_BLOCK : lh, set ? &ls : NULL, &lo) != 0)
        return dret(-1);
    if (old)
        *old = darwin_sigset_from_linux(&lo);
    return 0;
}
DARWIN_EXPORT("_sigprocmask", darwin_sigprocmask);

static int d_sigpending(uint32_t *set)
{
    sigset_t l;
    if (sigpending(&l) < 0)
        return dret(-1);
    *set = darwin_sigset_from_linux(&l);
    return 0;
}
DARWIN_EXPORT("_sigpending", d_sigpending);

static int d_sigsuspend(const uint32_t *set)
{
    sigset_t l;
    linux_sigset_from_darwin(*set, &l);
    return dret(sigsuspend(&l));
}
DARWIN_EXPORT("_sigsuspend", d_sigsuspend);
DARWIN_EXPORT("_sigsuspend$NOCANCEL", d_sigsuspend);

/* ---- sending ---- */
int darwin_lsig_or_fail(int d, int *l)
{
    if (d == 0) {
        *l = 0;
        return 0;
    }
    *l = linux_sig_from_darwin(d);
    if (*l <= 0) {
        errno = D_EINVAL;
        return -1;
    }
    return 0;
}

static int d_kill(pid_t pid, int sig)
{
    int l;
    if (darwin_lsig_or_fail(sig, &l) < 0)
        return -1;
    return dret(kill(pid, l));
}
DARWIN_EXPORT("_kill", d_kill);

/* ---- timers ---- */
struct d_timeval {
    int64_t sec;
    int32_t usec, pad_;
};
struct d_itimerval {
    struct d_timeval interval, value;
};

static int d_setitimer(int which, const struct d_itimerval *nv, struct d_itimerval *ov)
{
    /* ITIMER_REAL 0, VIRTUAL 1, PROF 2 agree */
    struct itimerval l, lo;
    l.it_interval.tv_sec = nv->interval.sec;
    l.it_interval.tv_usec = nv->interval.usec;
    l.it_value.tv_sec = nv->value.sec;
    l.it_value.tv_usec = nv->value.usec;
    if (setitimer((__itimer_which_t)which, &l, &lo) < 0)
        return dret(-1);
    if (ov) {
        ov->interval = (struct d_timeval){ lo.it_interval.tv_sec, (int32_t)lo.it_interval.tv_usec, 0 };
        ov->value = (struct d_timeval){ lo.it_value.tv_sec, (int32_t)lo.it_value.tv_usec, 0 };
    }
    return 0;
}
DARWIN_EXPORT("_setitimer", d_setitimer);

static int d_getitimer(int which, struct d_itimerval *ov)
{
    struct itimerval lo;
    if (getitimer((__itimer_which_t)which, &lo) < 0)
        return dret(-1);
    ov->interval = (struct d_timeval){ lo.it_interval.tv_sec, (int32_t)lo.it_interval.tv_usec, 0 };
    ov->value = (struct d_timeval){ lo.it_value.tv_sec, (int32_t)lo.it_value.tv_usec, 0 };
    return 0;
}
DARWIN_EXPORT("_getitimer", d_getitimer);
