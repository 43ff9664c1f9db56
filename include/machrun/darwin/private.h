/* private.h — declarations shared by the built-in libraries (src/lib, src/frameworks) only. */
#ifndef MACHRUN_DARWIN_PRIVATE_H
#define MACHRUN_DARWIN_PRIVATE_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "machrun/darwin.h"
#include "machrun/darwin/errno.h" /* D_EINVAL... */

struct errno_entry {
    const char *name;
    int darwin;
    int linux_;          /* 0: no Linux equivalent */
    const char *message; /* Darwin's strerror text; NULL for Linux-only rows */
};
extern const struct errno_entry darwin_errno_table[];
extern const size_t darwin_errno_table_len;

/* Darwin's message for a Darwin errno, or NULL. */
const char *darwin_errno_message(int darwin_errno);

/* After a failed glibc call: turn errno (Linux) into the Darwin value, return -1. The guest's
 * __error() is glibc's errno location, so errno holds Darwin values between calls. */
static inline int dret(int rc)
{
    if (rc < 0)
        errno = darwin_errno_from_linux(errno);
    return rc;
}
static inline long dretl(long rc)
{
    if (rc < 0)
        errno = darwin_errno_from_linux(errno);
    return rc;
}
/* For functions returning an error number instead of setting errno (pthread_*, posix_spawn). */
static inline int dreturn_err(int e)
{
    return e ? darwin_errno_from_linux(e) : 0;
}

/* Memory entries (libsystem_kernel/mach_vm.c): drop the entry called name, for
 * mach_port_deallocate; false if name is not one. */
bool darwin_memory_entry_release(uint32_t name);

/* stdio (stdio.c): a Darwin FILE around a glibc FILE, for other areas that make streams
 * (popen, wide stdio). */
struct _IO_FILE;
void *darwin_stdio_wrap(struct _IO_FILE *host);      /* NULL (Darwin errno set) if host is NULL */
struct _IO_FILE *darwin_stdio_host(void *darwin_file);
void darwin_stdio_release(void *darwin_file);         /* free the wrapper, not the stream */

/* printf formats (printf_fix.c): NULL if fmt prints as on Darwin with glibc, else a malloc'd
 * equivalent format for the same arguments (today: %p of NULL prints "0x0"). */
#include <stdarg.h>
char *darwin_format_fix(const char *fmt, va_list ap);

/* EVFILT_SIGNAL (signal_core.c, for kqueue.c): watch a Darwin signal (on: 1 adds a watcher,
 * 0 drops one; returns 0 or a Darwin errno), the number of times it has arrived while
 * watched, a kqueue eventfd to write to on each arrival (on: add or remove), and the number
 * of guest handlers run so far (a kevent interrupted by none of them is retried). */
int darwin_signal_watch(int darwin_sig, int on);
uint64_t darwin_signal_count(int darwin_sig);
void darwin_signal_wake(int eventfd, int on);
uint64_t darwin_signal_handler_calls(void);
/* Mach exceptions (mach_exc.c) see a fault signal the CPU raised (SIGSEGV, SIGBUS, SIGILL,
 * SIGFPE, SIGTRAP) before signal_core.c's handler does anything else: hook (siginfo_t *,
 * ucontext_t *) returns true when an exception port took the fault and the thread is to go on
 * (with the registers it may have changed in uc). Set once, when the first port is. */
typedef bool darwin_fault_hook_fn(int linux_sig, void *siginfo, void *ucontext);
void darwin_signal_set_fault_hook(darwin_fault_hook_fn *hook);

/* Thread-specific data (tsd.c): set %gs for the calling thread to its Darwin TSD. */
void darwin_tsd_init_thread(void *pthread_self);

#endif
