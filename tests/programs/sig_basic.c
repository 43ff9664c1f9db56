/* sig_basic.c — signal handlers with SA_SIGINFO, masks and pending signals, old-action round
 * trips, alarm and setitimer, setjmp/longjmp and sigsetjmp/siglongjmp restoring the mask,
 * recovery from SIGSEGV through siglongjmp, sigaltstack, kill to self, and finally death by
 * SIGTERM (the exit status a shell sees). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t got, got_code_user, alarms;
static sigjmp_buf jb;
static char altstack[65536];
static volatile int on_alt;

static void info_handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got = sig;
#ifdef SI_TKILL
    got_code_user = si->si_code == SI_USER || si->si_code == SI_TKILL;
#else
    got_code_user = si->si_code == SI_USER;
#endif
}
static void alarm_handler(int sig) { (void)sig; alarms++; }
static void segv_handler(int sig) { (void)sig; siglongjmp(jb, 7); }
static void alt_handler(int sig)
{
    (void)sig;
    char here;
    on_alt = &here >= altstack && &here < altstack + sizeof altstack;
}

int main(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = info_handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    printf("sigaction USR1: %d\n", sigaction(SIGUSR1, &sa, NULL));
    sigaction(SIGUSR1, NULL, &old);
    printf("old action is ours: %d siginfo flag: %d\n", old.sa_sigaction == info_handler, (old.sa_flags & SA_SIGINFO) != 0);
    kill(getpid(), SIGUSR1);
    printf("handled USR1: %d from user: %d\n", got == SIGUSR1, (int)got_code_user);

    sigset_t block, pend, prev;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &prev);
    got = 0;
    raise(SIGUSR1);
    sigpending(&pend);
    printf("blocked: got=%d pending=%d member(USR2)=%d\n", (int)got, sigismember(&pend, SIGUSR1), sigismember(&pend, SIGUSR2));
    sigprocmask(SIG_SETMASK, &prev, NULL);
    printf("after unblock: got USR1 %d\n", got == SIGUSR1);

    signal(SIGALRM, alarm_handler);
    alarm(1);
    alarm(0);
    struct itimerval it = { { 0, 10000 }, { 0, 10000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    while (alarms < 3)
        pause();
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, NULL);
    printf("setitimer delivered at least 3 SIGALRM: %d\n", alarms >= 3);

    jmp_buf j;
    volatile int step = 0;
    int r = setjmp(j);
    step++;
    if (r == 0)
        longjmp(j, 0);
    printf("longjmp(0) returns 1: %d after %d steps\n", r, (int)step);

    sigemptyset(&block);
    sigaddset(&block, SIGUSR2);
    if (sigsetjmp(jb, 1) == 0) {
        sigprocmask(SIG_BLOCK, &block, NULL);
        siglongjmp(jb, 3);
    }
    sigprocmask(SIG_BLOCK, NULL, &pend);
    printf("siglongjmp restored the mask: %d\n", !sigismember(&pend, SIGUSR2));

    signal(SIGSEGV, segv_handler);
    volatile int *nullp = NULL;
    int v = sigsetjmp(jb, 1);
    if (v == 0)
        v = *nullp;
    printf("recovered from SIGSEGV: %d\n", v);
    signal(SIGSEGV, SIG_DFL);

    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
    printf("sigaltstack: %d\n", sigaltstack(&ss, NULL));
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = alt_handler;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("handler ran on the alternate stack: %d\n", (int)on_alt);

    printf("SIGTERM is %s\n", SIGTERM == 15 ? "15" : "other");
    fflush(stdout);
    signal(SIGTERM, SIG_DFL);
    raise(SIGTERM);
    printf("not reached\n");
    return 0;
}
