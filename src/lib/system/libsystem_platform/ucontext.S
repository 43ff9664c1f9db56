/*
 * ucontext.S — the register halves of getcontext, swapcontext, setcontext and makecontext's
 * start trampoline (ucontext.c holds the rest), over Darwin's x86_64 layout: the registers
 * live in a _STRUCT_MCONTEXT64 (__es at 0, __ss at 16: rax 16, rbx 24, rcx 32, rdx 40, rdi 48,
 * rsi 56, rbp 64, rsp 72, r8 80, r9 88, r12-r15 112-136, rip 144; __fs at 184: fcw 192,
 * mxcsr 216), getcontext's own inside the ucontext_t at 56 (__mcontext_data). A context saves
 * what the ABI preserves across a call (rbx, rbp, r12-r15, rsp, the return address, the x87
 * control word and mxcsr) and rax = 0, so that resuming it returns 0 from getcontext.
 */
    .text

/* Save the caller's state into the mcontext at %rax; %rdi, %rsi, %rdx are kept. */
.macro SAVE_CALLER
    movq %rbx, 24(%rax)
    movq %rbp, 64(%rax)
    movq %r12, 112(%rax)
    movq %r13, 120(%rax)
    movq %r14, 128(%rax)
    movq %r15, 136(%rax)
    leaq 8(%rsp), %rcx
    movq %rcx, 72(%rax)
    movq (%rsp), %rcx
    movq %rcx, 144(%rax)
    movq $0, 16(%rax)
    fnstcw 192(%rax)
    stmxcsr 216(%rax)
.endm

    /* int getcontext(ucontext_t *ucp) */
    .globl mr_getcontext
    .type mr_getcontext, @function
mr_getcontext:
    testq %rdi, %rdi
    jz 1f
    leaq 56(%rdi), %rax
    SAVE_CALLER
1:  leaq 8(%rsp), %rsi
    jmp mr_getcontext_rest          /* (ucp, caller's sp): the mask, stack, sizes; returns 0 */
    .size mr_getcontext, .-mr_getcontext

    /* int swapcontext(ucontext_t *oucp, const ucontext_t *ucp) */
    .globl mr_swapcontext
    .type mr_swapcontext, @function
mr_swapcontext:
    testq %rdi, %rdi
    jz 1f
    testq %rsi, %rsi
    jz 1f
    leaq 56(%rdi), %rax
    SAVE_CALLER
1:  leaq 8(%rsp), %rdx
    jmp mr_swapcontext_rest         /* (oucp, ucp, caller's sp): fills oucp, then setcontext(ucp) */
    .size mr_swapcontext, .-mr_swapcontext

    /* _Noreturn void mr_setcontext_jump(const mcontext64 *m): load m and continue there */
    .globl mr_setcontext_jump
    .type mr_setcontext_jump, @function
mr_setcontext_jump:
    fldcw 192(%rdi)
    ldmxcsr 216(%rdi)
    movq 24(%rdi), %rbx
    movq 64(%rdi), %rbp
    movq 112(%rdi), %r12
    movq 120(%rdi), %r13
    movq 128(%rdi), %r14
    movq 136(%rdi), %r15
    movq 56(%rdi), %rsi             /* makecontext's arguments */
    movq 40(%rdi), %rdx
    movq 32(%rdi), %rcx
    movq 80(%rdi), %r8
    movq 88(%rdi), %r9
    movq 16(%rdi), %rax
    movq 144(%rdi), %r11
    movq 72(%rdi), %rsp
    movq 48(%rdi), %rdi
    jmpq *%r11
    .size mr_setcontext_jump, .-mr_setcontext_jump

    /* Where a makecontext function returns to: %rbx (callee-saved) holds its ucontext_t. */
    .globl mr_ctx_start
    .type mr_ctx_start, @function
mr_ctx_start:
    movq %rbx, %rdi
    andq $-16, %rsp
    call mr_ctx_done                /* setcontext(uc_link), or exit(0) */
    ud2
    .size mr_ctx_start, .-mr_ctx_start

    .section .note.GNU-stack,"",@progbits
