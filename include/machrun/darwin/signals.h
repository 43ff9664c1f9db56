/* signals.h — Darwin's signal ABI shared by signal_core.c (libsystem_kernel: handlers,
 * __sigaction, sigprocmask, kill) and the signal calls of libsystem_c, libsystem_pthread and
 * the setjmp family of libsystem_platform: the signal table, the sigaction flags and
 * structures, and the entry points they call. */
#ifndef MACHRUN_DARWIN_SIGNALS_H
#define MACHRUN_DARWIN_SIGNALS_H

#include <stddef.h>
#include <stdint.h>

#define NSIG_D 32

/* Darwin's signals: number, the Linux one (0: none), name and text (sys_signame, sys_siglist). */
#define DARWIN_SIGNALS(X) \
    X(1, SIGHUP, "hup", "Hangup") \
    X(2, SIGINT, "int", "Interrupt") \
    X(3, SIGQUIT, "quit", "Quit") \
    X(4, SIGILL, "ill", "Illegal instruction") \
    X(5, SIGTRAP, "trap", "Trace/BPT trap") \
    X(6, SIGABRT, "abrt", "Abort trap") \
    X(7, 0, "emt", "EMT trap") \
    X(8, SIGFPE, "fpe", "Floating point exception") \
    X(9, SIGKILL, "kill", "Killed") \
    X(10, SIGBUS, "bus", "Bus error") \
    X(11, SIGSEGV, "segv", "Segmentation fault") \
    X(12, SIGSYS, "sys", "Bad system call") \
    X(13, SIGPIPE, "pipe", "Broken pipe") \
    X(14, SIGALRM, "alrm", "Alarm clock") \
    X(15, SIGTERM, "term", "Terminated") \
    X(16, SIGURG, "urg", "Urgent I/O condition") \
    X(17, SIGSTOP, "stop", "Suspended (signal)") \
    X(18, SIGTSTP, "tstp", "Suspended") \
    X(19, SIGCONT, "cont", "Continued") \
    X(20, SIGCHLD, "chld", "Child exited") \
    X(21, SIGTTIN, "ttin", "Stopped (tty input)") \
    X(22, SIGTTOU, "ttou", "Stopped (tty output)") \
    X(23, SIGIO, "io", "I/O possible") \
    X(24, SIGXCPU, "xcpu", "Cputime limit exceeded") \
    X(25, SIGXFSZ, "xfsz", "Filesize limit exceeded") \
    X(26, SIGVTALRM, "vtalrm", "Virtual timer expired") \
    X(27, SIGPROF, "prof", "Profiling timer expired") \
    X(28, SIGWINCH, "winch", "Window size changes") \
    X(29, 0, "info", "Information request") \
    X(30, SIGUSR1, "usr1", "User defined signal 1") \
    X(31, SIGUSR2, "usr2", "User defined signal 2")

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
