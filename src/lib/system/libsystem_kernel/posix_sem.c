/*
 * posix_sem.c — POSIX semaphores (semaphore.h): named semaphores (sem_open/close/
 * unlink/wait/trywait/post); sem_init, sem_destroy and sem_getvalue fail with ENOSYS, as on
 * Darwin (libsystem_kernel exports them on macOS).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <termios.h>
#include <time.h>
#include <wchar.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <sched.h>
#include <search.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>
#include <wordexp.h>

#include "machrun/darwin/fs.h"
#include "machrun/darwin/abi.h"
#include "machrun/darwin/private.h"

/* ---- semaphore.h ---- */
static sem_t *d_sem_open(const char *name, int dflags, ...)
{
    unsigned mode = 0, value = 0;
    if (dflags & D_O_CREAT) {
        va_list ap;
        va_start(ap, dflags);
        mode = va_arg(ap, unsigned);
        value = va_arg(ap, unsigned);
        va_end(ap);
    }
    int l = linux_open_flags_from_darwin(dflags) & (O_CREAT | O_EXCL);
    sem_t *s = sem_open(name, l, (mode_t)mode, value);
    if (s == SEM_FAILED) {
        errno = darwin_errno_from_linux(errno);
        return (sem_t *)-1; /* Darwin's SEM_FAILED */
    }
    return s;
}
static int d_sem_close(sem_t *s) { return dret(sem_close(s)); }
static int d_sem_unlink(const char *n) { return dret(sem_unlink(n)); }
static int d_sem_wait(sem_t *s) { return dret(sem_wait(s)); }
static int d_sem_trywait(sem_t *s) { return dret(sem_trywait(s)); }
static int d_sem_post(sem_t *s) { return dret(sem_post(s)); }
static int d_sem_unnamed(void) { errno = D_ENOSYS; return -1; } /* ENOSYS: Darwin has no unnamed semaphores */
DARWIN_EXPORT("_sem_open", d_sem_open);
DARWIN_EXPORT("_sem_close", d_sem_close);
DARWIN_EXPORT("_sem_unlink", d_sem_unlink);
DARWIN_EXPORT("_sem_wait", d_sem_wait);
DARWIN_EXPORT("_sem_wait$NOCANCEL", d_sem_wait);
DARWIN_EXPORT("_sem_trywait", d_sem_trywait);
DARWIN_EXPORT("_sem_post", d_sem_post);
DARWIN_EXPORT("_sem_init", d_sem_unnamed);
DARWIN_EXPORT("_sem_destroy", d_sem_unnamed);
DARWIN_EXPORT("_sem_getvalue", d_sem_unnamed);
