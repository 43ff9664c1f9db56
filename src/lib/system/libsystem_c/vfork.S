/*
 * vfork.S — Darwin's vfork as a real vfork: the child borrows the parent's memory and stack
 * until it calls execve or _exit. It cannot be a C function (the child would return through
 * a frame the parent still needs), so the return address is kept in a register across the
 * system call, as libc's own vfork does. Returns the pid (parent), 0 (child), or -1 with the
 * Darwin errno.
 */
    .text
    .globl mr_vfork
    .type mr_vfork, @function
mr_vfork:
    popq %rdi                /* the return address, out of the shared stack */
    movl $58, %eax           /* SYS_vfork */
    syscall
    pushq %rdi
    cmpq $-4095, %rax
    jae 1f
    ret
1:  negl %eax
    pushq %rax
    movl %eax, %edi
    call darwin_errno_from_linux
    movl %eax, %edi
    call mr_vfork_set_errno
    popq %rax
    movq $-1, %rax
    ret
    .size mr_vfork, .-mr_vfork
    .section .note.GNU-stack,"",@progbits
