/*
 * ucontext.c — getcontext, setcontext, swapcontext and makecontext (libsystem_platform, as
 * on macOS) over Darwin's x86_64 ucontext_t: uc_onstack, the 32-bit Darwin uc_sigmask, a
 * Darwin stack_t uc_stack, uc_link, uc_mcsize and uc_mcontext pointing at a
 * _STRUCT_MCONTEXT64 (__es, __ss, __fs), getcontext's own being __mcontext_data inside the
 * ucontext_t (the SDK requires _XOPEN_SOURCE for these calls, which gives it). glibc's
 * ucontext has another layout, so none of this goes through glibc's calls: ucontext.S saves
 * and loads the registers, this file the signal mask (translated to and from Linux's
 * numbering), the stack description and makecontext's frame.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/darwin/abi.h"
#include "machrun/darwin/private.h"
#include "machrun/darwin/signals.h"
#include "machrun/darwin/ucontext.h"

/* getcontext's own machine context, __mcontext_data inside the ucontext_t */
static struct d_mcontext64 *own_mcontext(const struct d_ucontext *u)
{
    return &((struct d_ucontext_data *)(uintptr_t)u)->mcontext_data;
}

#define D_SS_ONSTACK 1
#define D_SS_DISABLE 4
#define D_MINSIGSTKSZ 32768
#define D_NCARGS (1024 * 1024)

int mr_getcontext(struct d_ucontext *ucp);
int mr_swapcontext(struct d_ucontext *oucp, const struct d_ucontext *ucp);
_Noreturn void mr_setcontext_jump(const struct d_mcontext64 *m);
void mr_ctx_start(void);
int mr_getcontext_rest(struct d_ucontext *ucp, void *sp);
int mr_swapcontext_rest(struct d_ucontext *oucp, const struct d_ucontext *ucp, void *sp);
_Noreturn void mr_ctx_done(struct d_ucontext *ucp);

/* After ucontext.S saved the registers in ucp's __mcontext_data: everything else, as
 * macOS's getcontext: the mask, the stack in use (the alternate signal stack when on it,
 * else the caller's stack pointer with no size). uc_link is left alone: swapcontext saves
 * into a running makecontext context, whose link must survive. */
int mr_getcontext_rest(struct d_ucontext *ucp, void *sp)
{
    if (!ucp) {
        errno = D_EINVAL;
        return -1;
    }
    sigset_t cur;
    pthread_sigmask(SIG_BLOCK, NULL, &cur);
    ucp->uc_sigmask = darwin_sigset_from_linux(&cur);
    stack_t alt;
    int on = sigaltstack(NULL, &alt) == 0 && (alt.ss_flags & SS_ONSTACK);
    ucp->uc_onstack = on;
    if (on)
        ucp->uc_stack = (struct d_stack){ alt.ss_sp, alt.ss_size, D_SS_ONSTACK };
    else
        ucp->uc_stack = (struct d_stack){ sp, 0, 0 };
    memset(&own_mcontext(ucp)->es, 0, sizeof own_mcontext(ucp)->es);
    ucp->uc_mcsize = sizeof(struct d_mcontext64);
    ucp->uc_mcontext = own_mcontext(ucp);
    return 0;
}
DARWIN_EXPORT("_getcontext", mr_getcontext);

static int d_setcontext(const struct d_ucontext *ucp)
{
    /* makecontext marks a context it could not build with uc_mcsize 0, as macOS's */
    if (!ucp || ucp->uc_mcsize < sizeof(struct d_mcontext64)) {
        errno = D_EINVAL;
        return -1;
    }
    const struct d_mcontext64 *m = ucp->uc_mcontext ? ucp->uc_mcontext : own_mcontext(ucp);
    sigset_t set;
    linux_sigset_from_darwin(ucp->uc_sigmask, &set);
    pthread_sigmask(SIG_SETMASK, &set, NULL);
    mr_setcontext_jump(m);
}
DARWIN_EXPORT("_setcontext", d_setcontext);

int mr_swapcontext_rest(struct d_ucontext *oucp, const struct d_ucontext *ucp, void *sp)
{
    if (!oucp || !ucp) {
        errno = D_EINVAL;
        return -1;
    }
    mr_getcontext_rest(oucp, sp);
    return d_setcontext(ucp); /* returns only on failure */
}
DARWIN_EXPORT("_swapcontext", mr_swapcontext);

/* The function of a makecontext'd context returned: continue at uc_link, or end the
 * process when there is none (exit(0), as macOS's _ctx_done). */
_Noreturn void mr_ctx_done(struct d_ucontext *ucp)
{
    if (ucp->uc_link) {
        d_setcontext(ucp->uc_link);
        abort();
    }
    darwin_exit(0);
}

/* The function gets its arguments as 64-bit values (macOS reads them as long, like
 * glibc): the first six in rdi, rsi, rdx, rcx, r8, r9, the others on the new stack, which
 * is uc_stack's top aligned to 16 with mr_ctx_start as the return address. */
static void d_makecontext(struct d_ucontext *ucp, void (*func)(void), int argc, ...)
{
    if (!ucp)
        return;
    if (!ucp->uc_stack.ss_sp || ucp->uc_stack.ss_size < D_MINSIGSTKSZ || argc < 0 || argc > D_NCARGS) {
        ucp->uc_mcsize = 0; /* setcontext refuses it */
        return;
    }
    struct d_mcontext64 *m = ucp->uc_mcontext ? ucp->uc_mcontext : own_mcontext(ucp);
    ucp->uc_mcontext = m;
    ucp->uc_mcsize = sizeof *m;
    uintptr_t top = ((uintptr_t)ucp->uc_stack.ss_sp + ucp->uc_stack.ss_size) & ~(uintptr_t)15;
    int nstack = argc > 6 ? argc - 6 : 0;
    uint64_t *args = (uint64_t *)((top - (uintptr_t)nstack * 8) & ~(uintptr_t)15);
    uint64_t reg[6] = { 0 };
    va_list ap;
    va_start(ap, argc);
    for (int i = 0; i < argc; i++) {
        uint64_t v = va_arg(ap, uint64_t);
        if (i < 6)
            reg[i] = v;
        else
            args[i - 6] = v;
    }
    va_end(ap);
    args[-1] = (uint64_t)(uintptr_t)mr_ctx_start;
    m->ss.rdi = reg[0];
    m->ss.rsi = reg[1];
    m->ss.rdx = reg[2];
    m->ss.rcx = reg[3];
    m->ss.r8 = reg[4];
    m->ss.r9 = reg[5];
    /* the x87 control word and mxcsr of the caller, not whatever the mcontext held */
    __asm__ volatile("fnstcw %0" : "=m"(*(uint16_t *)&m->fs.fxsave[0]));
    __asm__ volatile("stmxcsr %0" : "=m"(*(uint32_t *)&m->fs.fxsave[24]));
    m->ss.rax = 0;
    m->ss.rbp = 0;
    m->ss.rbx = (uint64_t)(uintptr_t)ucp; /* for mr_ctx_start */
    m->ss.rsp = (uint64_t)(uintptr_t)(args - 1);
    m->ss.rip = (uint64_t)(uintptr_t)func;
}
DARWIN_EXPORT("_makecontext", d_makecontext);
