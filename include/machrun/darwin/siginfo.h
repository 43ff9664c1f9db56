/* siginfo.h — Darwin's siginfo_t (104 bytes), shared by signal_core.c and process.c. The
 * fields carry a d_ prefix because glibc defines si_pid and friends as macros. */
#ifndef MACHRUN_DARWIN_SIGINFO_H
#define MACHRUN_DARWIN_SIGINFO_H

#include <stdint.h>

struct d_siginfo {
    int d_signo, d_errno, d_code;
    int32_t d_pid;
    uint32_t d_uid;
    int d_status;
    void *d_addr;
    union {
        int i;
        void *p;
    } d_value;
    long d_band;
    unsigned long pad[7];
};
_Static_assert(sizeof(struct d_siginfo) == 104, "Darwin siginfo_t");

#endif
