/*
 * setjmp.S — setjmp/longjmp, _setjmp/_longjmp and sigsetjmp/siglongjmp over Darwin's jmp_buf
 * (int[37]; sigjmp_buf int[38]): rbx, rbp, rsp, r12-r15 and the return address at 0..56,
 * mxcsr at 64, the x87 control word at 68, "mask saved" at 72 and the Darwin signal mask at
 * 76. They cannot be C functions: setjmp must record its caller's frame. The mask is saved
 * and restored by mr_setjmp_save_mask / mr_longjmp_restore_mask (signal_core.c).
 */
    .text

.macro SAVE_REGS
    movq %rbx, 0(%rdi)
    movq %rbp, 8(%rdi)
    leaq 8(%rsp), %rax
    movq %rax, 16(%rdi)
    movq %r12, 24(%rdi)
    movq %r13, 32(%rdi)
    movq %r14, 40(%rdi)
    movq %r15, 48(%rdi)
    movq (%rsp), %rax
    movq %rax, 56(%rdi)
    stmxcsr 64(%rdi)
    fnstcw 68(%rdi)
.endm

.macro RESTORE_AND_JUMP
    movq 0(%rdi), %rbx
    movq 8(%rdi), %rbp
    movq 24(%rdi), %r12
    movq 32(%rdi), %r13
    movq 40(%rdi), %r14
    movq 48(%rdi), %r15
    ldmxcsr 64(%rdi)
    fldcw 68(%rdi)
    movl %esi, %eax
    testl %eax, %eax
    jnz 1f
    movl $1, %eax
1:  movq 16(%rdi), %rsp
    jmpq *56(%rdi)
.endm

    .globl mr__setjmp
    .type mr__setjmp, @function
mr__setjmp:
    SAVE_REGS
    movl $0, 72(%rdi)
    xorl %eax, %eax
    ret
    .size mr__setjmp, .-mr__setjmp

    .globl mr_setjmp
    .type mr_setjmp, @function
mr_setjmp:
    SAVE_REGS
    movl $1, 72(%rdi)
    jmp mr_setjmp_tail
    .size mr_setjmp, .-mr_setjmp

    .globl mr_sigsetjmp
    .type mr_sigsetjmp, @function
mr_sigsetjmp:
    SAVE_REGS
    movl %esi, 72(%rdi)
    testl %esi, %esi
    jnz mr_setjmp_tail
    xorl %eax, %eax
    ret
    .size mr_sigsetjmp, .-mr_sigsetjmp

/* Save the mask and return 0 to setjmp's caller (a tail call: the return address is theirs). */
mr_setjmp_tail:
    subq $8, %rsp
    call mr_setjmp_save_mask
    addq $8, %rsp
    xorl %eax, %eax
    ret

    .globl mr__longjmp
    .type mr__longjmp, @function
mr__longjmp:
    RESTORE_AND_JUMP
    .size mr__longjmp, .-mr__longjmp

    .globl mr_longjmp
    .type mr_longjmp, @function
mr_longjmp:
    cmpl $0, 72(%rdi)
    je 2f
    pushq %rdi
    pushq %rsi
    subq $8, %rsp
    call mr_longjmp_restore_mask
    addq $8, %rsp
    popq %rsi
    popq %rdi
2:  RESTORE_AND_JUMP
    .size mr_longjmp, .-mr_longjmp

    .section .note.GNU-stack,"",@progbits
