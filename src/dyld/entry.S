/*
 * entry.S — dyld_enter_thread's last step: switch to the new stack laid out like the
 * kernel's (argc at [rsp]) and jump to an LC_UNIXTHREAD entry point with cleared registers.
 *   mr_enter_thread(uint64_t rip /rdi/, uint64_t sp /rsi/)
 */
    .text
    .globl mr_enter_thread
    .type mr_enter_thread, @function
mr_enter_thread:
    movq %rsi, %rsp
    movq %rdi, %r11
    xorl %eax, %eax
    xorl %ebx, %ebx
    xorl %ecx, %ecx
    xorl %edx, %edx
    xorl %esi, %esi
    xorl %edi, %edi
    xorl %ebp, %ebp
    xorl %r8d, %r8d
    xorl %r9d, %r9d
    xorl %r10d, %r10d
    xorl %r12d, %r12d
    xorl %r13d, %r13d
    xorl %r14d, %r14d
    xorl %r15d, %r15d
    jmpq *%r11
    .size mr_enter_thread, .-mr_enter_thread
    .section .note.GNU-stack,"",@progbits
