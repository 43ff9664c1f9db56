/* cxx_dwarf_unwind.cpp — exceptions through functions whose compact unwind encoding defers to
 * DWARF (UNWIND_X86_64_MODE_DWARF, the FDE in __eh_frame):
 *   - through_asm: hand-written CFI the compact format cannot hold (remember/restore state),
 *     saving and clobbering rbx and r12, which the unwinder must restore from the FDE;
 *   - ms_abi functions: they save xmm6-xmm15, which compact unwind cannot describe, so the
 *     catch handler, the LSDA and the personality come from the DWARF CIE/FDE;
 *   - a destructor (cleanup landing pad) in such a frame, and a rethrow from one. */
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#ifdef __APPLE__
#define SYM(x) "_" #x
#else
#define SYM(x) #x
#endif

extern "C" int through_asm(int (*fn)(int), int v);
asm(".text\n"
    ".globl " SYM(through_asm) "\n"
    SYM(through_asm) ":\n"
    ".cfi_startproc\n"
    "push %rbp\n"
    ".cfi_def_cfa_offset 16\n"
    ".cfi_offset %rbp, -16\n"
    "mov %rsp, %rbp\n"
    ".cfi_def_cfa_register %rbp\n"
    "push %rbx\n"
    "push %r12\n"
    ".cfi_offset %rbx, -24\n"
    ".cfi_offset %r12, -32\n"
    ".cfi_remember_state\n"
    "mov %rdi, %rbx\n"
    "mov $0x5a5a5a5a, %r12\n"
    "mov %esi, %edi\n"
    "call *%rbx\n"
    "add $1, %eax\n"
    "pop %r12\n"
    "pop %rbx\n"
    "pop %rbp\n"
    ".cfi_def_cfa %rsp, 8\n"
    "ret\n"
    ".cfi_restore_state\n"
    ".cfi_endproc\n");

static int thrower(int v)
{
    if (v > 2)
        throw std::runtime_error("value " + std::to_string(v));
    return v * 10;
}

struct Noisy {
    const char *name;
    explicit Noisy(const char *n) : name(n) { printf("  construct %s\n", name); }
    ~Noisy() { printf("  destroy %s\n", name); }
};

__attribute__((noinline, ms_abi)) int ms_catcher(int v)
{
    double d = v * 1.5;
    asm volatile("" : "+x"(d) : : "xmm6", "xmm7", "xmm8", "xmm9");
    try {
        return through_asm(thrower, v);
    } catch (const std::exception &e) {
        printf("  ms_abi caught: %s (d=%.1f)\n", e.what(), d);
        return -1;
    }
}

__attribute__((noinline, ms_abi)) int ms_cleanup(int v)
{
    Noisy n("in ms_abi frame");
    double d = v;
    asm volatile("" : "+x"(d) : : "xmm6", "xmm7", "xmm10", "xmm15");
    return through_asm(thrower, (int)d);
}

__attribute__((noinline, ms_abi)) int ms_rethrow(int v)
{
    try {
        return ms_cleanup(v);
    } catch (std::runtime_error &e) {
        printf("  ms_abi rethrows: %s\n", e.what());
        throw;
    }
}

int main()
{
    printf("no throw: %d\n", through_asm(thrower, 2));

    /* Values kept live across the throw: the caller's callee-saved registers must come back. */
    long a = 11, b = 22, c = 33, d = 44;
    for (int i = 3; i < 6; i++) {
        try {
            through_asm(thrower, i);
            printf("not reached\n");
        } catch (const std::runtime_error &e) {
            a += i; b *= 2; c -= i; d ^= i;
            printf("caught through asm: %s a=%ld b=%ld c=%ld d=%ld\n", e.what(), a, b, c, d);
        }
    }

    printf("ms_abi catcher:\n");
    printf("  returned %d\n", ms_catcher(1));
    printf("  returned %d\n", ms_catcher(7));

    printf("cleanup in a DWARF frame:\n");
    try {
        ms_cleanup(9);
    } catch (const std::exception &e) {
        printf("  main caught: %s\n", e.what());
    }

    printf("rethrow from a DWARF frame:\n");
    try {
        ms_rethrow(4);
    } catch (const std::exception &e) {
        printf("  main caught again: %s\n", e.what());
    }
    return 0;
}
