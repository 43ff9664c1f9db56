/*
 * stub_binder.S — dyld_stub_binder: the target of every lazy stub helper. On entry the stack
 * holds [rsp] = the image's __dyld_private address, [rsp+8] = the lazy-bind record offset,
 * [rsp+16] = the caller's return address. Saves the argument registers, asks
 * dyld_lazy_bind (fixups.c) for the target (which it also writes into the lazy pointer),
 * restores and jumps there as if the caller had called it directly.
 */
    .text
    .globl mr_dyld_stub_binder
    .type mr_dyld_stub_binder, @function
mr_dyld_stub_binder:
    .cfi_startproc
    pushq %rbp
    movq %rsp, %rbp
    subq $192, %rsp
    movq %rdi, 0(%rsp)
    movq %rsi, 8(%rsp)
    movq %rdx, 16(%rsp)
    movq %rcx, 24(%rsp)
    movq %r8, 32(%rsp)
    movq %r9, 40(%rsp)
    movq %rax, 48(%rsp)
    movq %r10, 56(%rsp)
    movdqu %xmm0, 64(%rsp)
    movdqu %xmm1, 80(%rsp)
    movdqu %xmm2, 96(%rsp)
    movdqu %xmm3, 112(%rsp)
    movdqu %xmm4, 128(%rsp)
    movdqu %xmm5, 144(%rsp)
    movdqu %xmm6, 160(%rsp)
    movdqu %xmm7, 176(%rsp)
    movq 8(%rbp), %rdi
    movq 16(%rbp), %rsi
    call dyld_lazy_bind
    movq %rax, %r11
    movq 0(%rsp), %rdi
    movq 8(%rsp), %rsi
    movq 16(%rsp), %rdx
    movq 24(%rsp), %rcx
    movq 32(%rsp), %r8
    movq 40(%rsp), %r9
    movq 48(%rsp), %rax
    movq 56(%rsp), %r10
    movdqu 64(%rsp), %xmm0
    movdqu 80(%rsp), %xmm1
    movdqu 96(%rsp), %xmm2
    movdqu 112(%rsp), %xmm3
    movdqu 128(%rsp), %xmm4
    movdqu 144(%rsp), %xmm5
    movdqu 160(%rsp), %xmm6
    movdqu 176(%rsp), %xmm7
    movq %rbp, %rsp
    popq %rbp
    addq $16, %rsp
    jmpq *%r11
    .cfi_endproc
    .size mr_dyld_stub_binder, .-mr_dyld_stub_binder
    .section .note.GNU-stack,"",@progbits
