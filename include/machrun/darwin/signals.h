/* signals.h — Darwin's signal ABI shared by signal_core.c (libsystem_kernel: handlers,
 * __sigaction, sigprocmask, kill) and the signal calls of libsystem_c, libsystem_pthread and
 * the setjmp family of libsystem_platform: the signal table, the sigaction flags and
 * structures, and the entry points they call. */
#ifndef MACHRUN_DARWIN_SIGNALS_H
#define MACHRUN_DARWIN_SIGNALS_H

#include <stddef.h>
#include <stdint.h>

#define NSIG_D 32

/* Darwin's signal numbers (<sys/signal.h>). */
enum darwin_signal {
    D_SIGHUP = 1,
    D_SIGINT = 2,
    D_SIGQUIT = 3,
    D_SIGILL = 4,
    D_SIGTRAP = 5,
    D_SIGABRT = 6,
    D_SIGEMT = 7,
    D_SIGFPE = 8,
    D_SIGKILL = 9,
    D_SIGBUS = 10,
    D_SIGSEGV = 11,
    D_SIGSYS = 12,
    D_SIGPIPE = 13,
    D_SIGALRM = 14,
    D_SIGTERM = 15,
    D_SIGURG = 16,
    D_SIGSTOP = 17,
    D_SIGTSTP = 18,
    D_SIGCONT = 19,
    D_SIGCHLD = 20,
    D_SIGTTIN = 21,
    D_SIGTTOU = 22,
    D_SIGIO = 23,
    D_SIGXCPU = 24,
    D_SIGXFSZ = 25,
    D_SIGVTALRM = 26,
    D_SIGPROF = 27,
    D_SIGWINCH = 28,
    D_SIGINFO = 29,
    D_SIGUSR1 = 30,
    D_SIGUSR2 = 31,
};

/* Darwin's signals: number, the Linux one (0: none), name and text (sys_signame, sys_siglist). */
#define DARWIN_SIGNALS(X) \
    X(D_SIGHUP, SIGHUP, "hup", "Hangup") \
    X(D_SIGINT, SIGINT, "int", "Interrupt") \
    X(D_SIGQUIT, SIGQUIT, "quit", "Quit") \
    X(D_SIGILL, SIGILL, "ill", "Illegal instruction") \
    X(D_SIGTRAP, SIGTRAP, "trap", "Trace/BPT trap") \
    X(D_SIGABRT, SIGABRT, "abrt", "Abort trap") \
    X(D_SIGEMT, 0, "emt", "EMT trap") \
    X(D_SIGFPE, SIGFPE, "fpe", "Floating point exception") \
    X(D_SIGKILL, SIGKILL, "kill", "Killed") \
    X(D_SIGBUS, SIGBUS, "bus", "Bus error") \
    X(D_SIGSEGV, SIGSEGV, "segv", "Segmentation fault") \
    X(D_SIGSYS, SIGSYS, "sys", "Bad system call") \
    X(D_SIGPIPE, SIGPIPE, "pipe", "Broken pipe") \
    X(D_SIGALRM, SIGALRM, "alrm", "Alarm clock") \
    X(D_SIGTERM, SIGTERM, "term", "Terminated") \
    X(D_SIGURG, SIGURG, "urg", "Urgent I/O condition") \
    X(D_SIGSTOP, SIGSTOP, "stop", "Suspended (signal)") \
    X(D_SIGTSTP, SIGTSTP, "tstp", "Suspended") \
    X(D_SIGCONT, SIGCONT, "cont", "Continued") \
    X(D_SIGCHLD, SIGCHLD, "chld", "Child exited") \
    X(D_SIGTTIN, SIGTTIN, "ttin", "Stopped (tty input)") \
    X(D_SIGTTOU, SIGTTOU, "ttou", "Stopped (tty output)") \
    X(D_SIGIO, SIGIO, "io", "I/O possible") \
    X(D_SIGXCPU, SIGXCPU, "xcpu", "Cputime limit exceeded") \
    X(D_SIGXFSZ, SIGXFSZ, "xfsz", "Filesize limit exceeded") \
    X(D_SIGVTALRM, SIGVTALRM, "vtalrm", "Virtual timer expired") \
    X(D_SIGPROF, SIGPROF, "prof", "Profiling timer expired") \
    X(D_SIGWINCH, SIGWINCH, "winch", "Window size changes") \
    X(D_SIGINFO, 0, "info", "Information request") \
    X(D_SIGUSR1, SIGUSR1, "usr1", "User defined signal 1") \
    X(D_SIGUSR2, SIGUSR2, "usr2", "User defined signal 2")

/* sigprocmask's how on Darwin. */
#define D_SIG_BLOCK 1
#define D_SIG_UNBLOCK 2
#define D_SIG_SETMASK 3

#define D_SA_ONSTACK 0x0001
#define D_SA_RESTART 0x0002
#define D_SA_RESETHAND 0x0004
#define D_SA_NOCLDSTOP 0x0008
#define D_SA_NODEFER 0x0010
#define D_SA_NOCLDWAIT 0x0020
#define D_SA_SIGINFO 0x0040

struct d_sigaction {
    void *handler; /* sa_handler or sa_sigaction */
    uint32_t mask;
    int flags;
};

struct d_stack {
    void *ss_sp;
    size_t ss_size;
    int ss_flags;
};

/* sigaction with Darwin's signal numbers and structure (signal_core.c); -1 with errno. */
int darwin_do_sigaction(int dsig, const struct d_sigaction *act, struct d_sigaction *old);
/* sigprocmask with Darwin's how (1 block, 2 unblock, 3 set) and sigset_t. */
int darwin_sigprocmask(int how, const uint32_t *set, uint32_t *old);
/* The Linux signal of Darwin signal d into *l (0 stays 0); -1 with EINVAL if it has none. */
int darwin_lsig_or_fail(int d, int *l);

/* setjmp.S's helpers (setjmp_mask.c). */
void mr_setjmp_save_mask(uint32_t *env);
void mr_longjmp_restore_mask(const uint32_t *env);
/* setjmp.S's entry points. */
void mr_setjmp(void), mr__setjmp(void), mr_sigsetjmp(void);
void mr_longjmp(void), mr__longjmp(void);

#endif
