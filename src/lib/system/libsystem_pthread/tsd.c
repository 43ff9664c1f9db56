/*
 * tsd.c — Darwin thread-specific data addressed through %gs. On macOS %gs points at the
 * current pthread's TSD array: slot 0 is the pthread itself, slot 1 errno, the low slots are
 * reserved for libSystem and the rest serve pthread_key_create. Code that reads %gs:OFFSET
 * directly (libSystem's inline _os_tsd_get_direct, the Go runtime's g at %gs:0x30) works
 * because every guest thread gets its own array here. Linux leaves %gs to user space on
 * x86_64, so ARCH_SET_GS does not disturb glibc (which uses %fs).
 */
#include <asm/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "machrun/darwin/private.h"
#include "tsd.h"

#define DARWIN_TSD_SLOTS 768   /* _INTERNAL_POSIX_THREAD_KEYS_END */

struct darwin_tsd {
    void *slot[DARWIN_TSD_SLOTS];
};

static __thread struct darwin_tsd *current_tsd;

/* A thread whose TSD lives in its pthread record (pthread_core.c): freed with the record. */
void darwin_tsd_init_thread_in(void *pthread_self, void **slots)
{
    current_tsd = (struct darwin_tsd *)slots;
    darwin_tsd_init_thread(pthread_self);
}

void darwin_tsd_init_thread(void *pthread_self)
{
    struct darwin_tsd *t = current_tsd;
    if (!t) {
        t = calloc(1, sizeof *t);
        if (!t) {
            fputs("machrun: out of memory for thread-specific data\n", stderr);
            abort();
        }
        current_tsd = t;
    }
    t->slot[0] = pthread_self ? pthread_self : (void *)t;
    if (syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)t) != 0) {
        perror("machrun: arch_prctl(ARCH_SET_GS)");
        abort();
    }
}

void **darwin_tsd_slots(void)
{
    return current_tsd ? current_tsd->slot : NULL;
}
