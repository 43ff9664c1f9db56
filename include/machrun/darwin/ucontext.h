/*
 * ucontext.h — Darwin's x86_64 machine context and ucontext_t (<sys/_types/_ucontext.h>,
 * <i386/_mcontext.h>, <mach/i386/_structs.h>), shared by the signal frames libsystem_kernel
 * builds (signal_core.c) and getcontext/makecontext (libsystem_platform/ucontext.c).
 */
#ifndef MACHRUN_DARWIN_UCONTEXT_H
#define MACHRUN_DARWIN_UCONTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "machrun/darwin/signals.h"

struct d_thread_state { /* x86_thread_state64 */
    uint64_t rax, rbx, rcx, rdx, rdi, rsi, rbp, rsp, r8, r9, r10, r11, r12, r13, r14, r15, rip, rflags, cs, fs, gs;
};
struct d_exception_state { /* x86_exception_state64 */
    uint16_t trapno, cpu;
    uint32_t err;
    uint64_t faultvaddr;
};
struct d_float_state { /* x86_float_state64 */
    int reserved[2];
    uint8_t fxsave[512]; /* fcw ... xmm15 and the reserved tail: the FXSAVE image */
    int reserved1;
};
struct d_mcontext64 { /* _STRUCT_MCONTEXT64 */
    struct d_exception_state es;
    struct d_thread_state ss;
    struct d_float_state fs;
};
struct d_ucontext {
    int uc_onstack;
    uint32_t uc_sigmask;
    struct d_stack uc_stack;
    struct d_ucontext *uc_link;
    size_t uc_mcsize;
    struct d_mcontext64 *uc_mcontext;
};
/* ucontext_t as getcontext fills it (_XOPEN_SOURCE): __mcontext_data follows the fields. */
struct d_ucontext_data {
    struct d_ucontext uc;
    struct d_mcontext64 mcontext_data;
};
_Static_assert(sizeof(struct d_thread_state) == 168, "x86_thread_state64");
_Static_assert(sizeof(struct d_float_state) == 524, "x86_float_state64");
_Static_assert(sizeof(struct d_mcontext64) == 712, "Darwin _STRUCT_MCONTEXT64");
_Static_assert(sizeof(struct d_ucontext) == 56 && offsetof(struct d_ucontext, uc_link) == 32 &&
               offsetof(struct d_ucontext, uc_mcontext) == 48, "Darwin ucontext_t");
_Static_assert(offsetof(struct d_ucontext_data, mcontext_data) == 56 && sizeof(struct d_ucontext_data) == 768,
               "Darwin ucontext_t with __mcontext_data");

#endif
