/*
 * chkstk.S — ___chkstk_darwin: the stack probe clang emits before allocating a frame larger
 * than a page. %rax = bytes about to be allocated below the caller's %rsp; touches each page
 * from the top down so the guard page is hit in order; preserves every register.
 */
    .text
    .globl mr_chkstk_darwin
    .type mr_chkstk_darwin, @function
mr_chkstk_darwin:
    pushq %rcx
    pushq %rax
    leaq 24(%rsp), %rcx      /* the caller's %rsp before its call */
1:  cmpq $0x1000, %rax
    jb 2f
    subq $0x1000, %rcx
    testq %rcx, (%rcx)
    subq $0x1000, %rax
    jmp 1b
2:  subq %rax, %rcx
    testq %rcx, (%rcx)
    popq %rax
    popq %rcx
    ret
    .size mr_chkstk_darwin, .-mr_chkstk_darwin
    .section .note.GNU-stack,"",@progbits
