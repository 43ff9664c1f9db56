/* ucontext_coro.c — getcontext/makecontext/swapcontext/setcontext: two coroutines on their
 * own stacks ping-pong with the main context (arguments in registers and on the stack),
 * uc_link resumes main when one returns, floating point survives the switches, and
 * setcontext of a getcontext'd context comes back with that context's signal mask. */
#define _XOPEN_SOURCE 600
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#define STACK (128 * 1024)

static ucontext_t main_ctx, ping_ctx, pong_ctx, done_ctx;
static int turns;

static void ping(int rounds, int tag)
{
    double acc = 0.5;
    for (int i = 0; i < rounds; i++) {
        acc *= 3.0;
        printf("ping %d (tag %d) acc %.1f\n", i, tag, acc);
        turns++;
        swapcontext(&ping_ctx, &pong_ctx);
    }
    printf("ping done\n");
}

static void pong(int a, int b, int c, int d, int e, int f, int g, int h)
{
    printf("pong args %d %d %d %d %d %d %d %d\n", a, b, c, d, e, f, g, h);
    for (;;) {
        printf("pong %d\n", turns);
        swapcontext(&pong_ctx, &ping_ctx);
    }
}

int main(void)
{
    char *s1 = malloc(STACK), *s2 = malloc(STACK);
    getcontext(&ping_ctx);
    ping_ctx.uc_stack.ss_sp = s1;
    ping_ctx.uc_stack.ss_size = STACK;
    ping_ctx.uc_link = &main_ctx; /* ping returning resumes main */
    makecontext(&ping_ctx, (void (*)(void))ping, 2, 3, 42);
    getcontext(&pong_ctx);
    pong_ctx.uc_stack.ss_sp = s2;
    pong_ctx.uc_stack.ss_size = STACK;
    pong_ctx.uc_link = NULL;
    makecontext(&pong_ctx, (void (*)(void))pong, 8, 1, 2, 3, 4, 5, 6, 7, 8);
    double before = 1.25;
    if (swapcontext(&main_ctx, &ping_ctx) != 0)
        return 1;
    printf("back in main after %d turns, %.2f\n", turns, before * 2);

    /* setcontext restores the mask saved by getcontext */
    sigset_t blk, cur;
    sigemptyset(&blk);
    sigaddset(&blk, SIGUSR1);
    sigprocmask(SIG_BLOCK, &blk, NULL);
    volatile int resumed = 0;
    getcontext(&done_ctx);
    if (!resumed) {
        resumed = 1;
        sigprocmask(SIG_UNBLOCK, &blk, NULL);
        sigprocmask(SIG_BLOCK, NULL, &cur);
        printf("before setcontext: SIGUSR1 blocked %d\n", sigismember(&cur, SIGUSR1));
        setcontext(&done_ctx);
        printf("not reached\n");
    }
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("after setcontext: SIGUSR1 blocked %d\n", sigismember(&cur, SIGUSR1));
    free(s1);
    free(s2);
    return 0;
}
