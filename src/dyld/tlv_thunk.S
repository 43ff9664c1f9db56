/*
 * tlv_thunk.S — mr_tlv_get_addr, the thunk of every thread-local variable descriptor.
 * Called with %rdi = descriptor {thunk, key, offset}; returns the variable's address in
 * %rax and, as Darwin's tlv_get_addr promises, preserves every other register.
 * Fast path: pthread_getspecific(key) (no clobbers beyond the ABI's caller-saved set,
 * which we save).
 */
    .text
    .globl mr_tlv_get_addr
    .type mr_tlv_get_addr, @function
mr_tlv_get_addr:
    pushq %rbp
    movq %rsp, %rbp
    subq $192, %rsp
    andq $-16, %rsp
    movq %rdi, 0(%rsp)
    movq %rsi, 8(%rsp)
    movq %rdx, 16(%rsp)
    movq %rcx, 24(%rsp)
    movq %r8, 32(%rsp)
    movq %r9, 40(%rsp)
    movq %r10, 48(%rsp)
    movq %r11, 56(%rsp)
    movdqu %xmm0, 64(%rsp)
    movdqu %xmm1, 80(%rsp)
    movdqu %xmm2, 96(%rsp)
    movdqu %xmm3, 112(%rsp)
    movdqu %xmm4, 128(%rsp)
    movdqu %xmm5, 144(%rsp)
    movdqu %xmm6, 160(%rsp)
    movdqu %xmm7, 176(%rsp)
    movq 8(%rdi), %rdi
    call pthread_getspecific@PLT
    testq %rax, %rax
    jnz 1f
    movq 0(%rsp), %rdi
    movq 8(%rdi), %rdi
    call dyld_tlv_allocate
1:  movq 0(%rsp), %rdi
    addq 16(%rdi), %rax
    movq 8(%rsp), %rsi
    movq 16(%rsp), %rdx
    movq 24(%rsp), %rcx
    movq 32(%rsp), %r8
    movq 40(%rsp), %r9
    movq 48(%rsp), %r10
    movq 56(%rsp), %r11
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
    ret
    .size mr_tlv_get_addr, .-mr_tlv_get_addr
    .section .note.GNU-stack,"",@progbits
