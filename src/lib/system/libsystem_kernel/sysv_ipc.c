/*
 * sysv_ipc.c — SysV IPC: shmget/shmat/shmdt, semget/semop, msgget, the calls whose
 * arguments agree (shmctl, semctl and msgctl are absent: their structs differ);
 * libsystem_kernel exports them on macOS.
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

#include "machrun/darwin/abi.h"
#include "machrun/darwin/private.h"

/* SysV IPC: the calls whose arguments agree (key_t, IPC_CREAT 0x200... are translated). */
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/msg.h>
static int ipc_flags(int d) /* Darwin IPC_CREAT 001000, IPC_EXCL 002000, IPC_NOWAIT 004000 agree with Linux */
{
    return d;
}
static int d_shmget(key_t k, size_t size, int fl) { return dret(shmget(k, size, ipc_flags(fl))); }
static void *d_shmat(int id, const void *addr, int fl)
{
    void *r = shmat(id, addr, fl); /* SHM_RDONLY 010000, SHM_RND 020000 agree */
    if (r == (void *)-1)
        errno = darwin_errno_from_linux(errno);
    return r;
}
static int d_shmdt(const void *addr) { return dret(shmdt(addr)); }
static int d_semget(key_t k, int n, int fl) { return dret(semget(k, n, ipc_flags(fl))); }
static int d_semop(int id, struct sembuf *ops, size_t n) { return dret(semop(id, ops, n)); } /* sembuf agrees */
static int d_msgget(key_t k, int fl) { return dret(msgget(k, ipc_flags(fl))); }
DARWIN_EXPORT("_shmget", d_shmget);
DARWIN_EXPORT("_shmat", d_shmat);
DARWIN_EXPORT("_shmdt", d_shmdt);
DARWIN_EXPORT("_semget", d_semget);
DARWIN_EXPORT("_semop", d_semop);
DARWIN_EXPORT("_msgget", d_msgget);
