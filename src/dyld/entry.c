/*
 * entry.c — dyld's jump to an LC_UNIXTHREAD program (thread_setentrypoint's registers): a
 * fresh 8 MiB stack with argc, argv[], NULL, envp[], NULL, apple[], NULL at its top, as XNU's
 * exec leaves it for crt1's start (and the Go runtime's rt0).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "dyld_private.h"

#define STACK_SIZE (8u << 20)

_Noreturn void dyld_enter_thread(uint64_t rip, int argc, char **argv, char **envp, char **apple)
{
    uint8_t *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) {
        perror("machrun: stack");
        exit(MR_EXIT_CANNOT_EXECUTE);
    }
    size_t nenv = 0, napple = 0;
    while (envp && envp[nenv])
        nenv++;
    while (apple && apple[napple])
        napple++;
    size_t words = 1 + (size_t)argc + 1 + nenv + 1 + napple + 1;
    uint64_t *sp = (uint64_t *)(stack + STACK_SIZE - 4096);
    sp -= words;
    sp = (uint64_t *)((uintptr_t)sp & ~(uintptr_t)15);
    uint64_t *w = sp;
    *w++ = (uint64_t)argc;
    for (int i = 0; i < argc; i++)
        *w++ = (uint64_t)(uintptr_t)argv[i];
    *w++ = 0;
    for (size_t i = 0; i < nenv; i++)
        *w++ = (uint64_t)(uintptr_t)envp[i];
    *w++ = 0;
    for (size_t i = 0; i < napple; i++)
        *w++ = (uint64_t)(uintptr_t)apple[i];
    *w++ = 0;
    mr_enter_thread(rip, (uint64_t)(uintptr_t)sp);
}
