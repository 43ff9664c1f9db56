/*
 * unistd.c — the basic descriptor, file and process-ID system calls of <unistd.h> with
 * Darwin's errno (read/write/close, dup, getdtablesize, pipe, unlink, chdir, lseek, truncate,
 * links...) and ptrace's PT_DENY_ATTACH. (sleep/usleep/pause, isatty, getcwd and gethostname are
 * libsystem_c's: see libsystem_c/sleep.c, isatty.c, getcwd.c, gethostname.c.)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <errno.h>
#include <unistd.h>

#include <sys/socket.h>

#include "machrun/darwin/fs.h"
#include "machrun/darwin/kqueue.h"
#include "machrun/darwin/private.h"
#include "machrun/darwin/socket.h"

static ssize_t d_read(int fd, void *buf, size_t n) { return dretl(read(fd, buf, n)); }
static ssize_t d_write(int fd, const void *buf, size_t n)
{
    /* A socket with SO_NOSIGPIPE gets EPIPE without the signal, as on Darwin. */
    if (__builtin_expect(darwin_fd_nosigpipe(fd), 0)) {
        ssize_t r = send(fd, buf, n, MSG_NOSIGNAL);
        if (r >= 0 || errno != ENOTSOCK)
            return dretl(r);
        /* The number was a socket's and is now a file's (closed behind machrun's back). */
        darwin_fd_closed_socket(fd);
    }
    return dretl(write(fd, buf, n));
}
static int d_close(int fd)
{
    darwin_kqueue_closed(fd); /* a kqueue's knotes go with its descriptor */
    darwin_fd_closed_socket(fd);
    return dret(close(fd));
}
static pid_t d_getpid(void) { return getpid(); }
static pid_t d_getppid(void) { return getppid(); }
static uid_t d_getuid(void) { return getuid(); }
static uid_t d_geteuid(void) { return geteuid(); }
static gid_t d_getgid(void) { return getgid(); }
static gid_t d_getegid(void) { return getegid(); }
static int d_dup(int fd)
{
    int r = dup(fd);
    if (r >= 0)
        darwin_kqueue_dup(fd, r);
    return dret(r);
}
static int d_dup2(int a, int b)
{
    if (a != b) {
        darwin_kqueue_closed(b);
        darwin_fd_closed_socket(b);
    }
    int r = dup2(a, b);
    if (r >= 0)
        darwin_kqueue_dup(a, r);
    return dret(r);
}
static int d_pipe(int fds[2]) { return dret(pipe(fds)); }
static int d_unlink(const char *p) { return dret(unlink(p)); }
static int d_rmdir(const char *p) { return dret(rmdir(p)); }
static int d_chdir(const char *p) { return dret(chdir(p)); }
static int d_fchdir(int fd) { return dret(fchdir(fd)); }
static int d_access(const char *p, int mode)
{
    int rc = access(p, mode);
    if (rc < 0 && errno == ENOENT && darwin_path_non_ascii(p)) { /* another spelling (fs_core.c) */
        char other[PATH_MAX];
        const char *alt = darwin_path_spelling(AT_FDCWD, p, 0, other, sizeof other);
        rc = alt != p ? access(alt, mode) : (errno = ENOENT, -1);
    }
    return dret(rc);
}
static int64_t d_lseek(int fd, int64_t off, int whence) { return dretl(lseek(fd, off, whence)); }
static int d_fsync(int fd) { return dret(fsync(fd)); }
static int d_ftruncate(int fd, int64_t len) { return dret(ftruncate(fd, len)); }
static int d_truncate(const char *p, int64_t len) { return dret(truncate(p, len)); }
static int d_symlink(const char *a, const char *b) { return dret(symlink(a, b)); }
static int d_link(const char *a, const char *b) { return dret(link(a, b)); }
static ssize_t d_readlink(const char *p, char *buf, size_t n) { return dretl(readlink(p, buf, n)); }
static int d_chroot(const char *p) { return dret(chroot(p)); }

DARWIN_EXPORT("_read", d_read);
DARWIN_EXPORT("_read$NOCANCEL", d_read);
DARWIN_EXPORT("_write", d_write);
DARWIN_EXPORT("_write$NOCANCEL", d_write);
DARWIN_EXPORT("_close", d_close);
DARWIN_EXPORT("_close$NOCANCEL", d_close);
DARWIN_EXPORT("_getpid", d_getpid);
DARWIN_EXPORT("_getppid", d_getppid);
DARWIN_EXPORT("_getuid", d_getuid);
DARWIN_EXPORT("_geteuid", d_geteuid);
DARWIN_EXPORT("_getgid", d_getgid);
DARWIN_EXPORT("_getegid", d_getegid);
DARWIN_EXPORT("_dup", d_dup);
DARWIN_EXPORT("_dup2", d_dup2);
static int d_getdtablesize(void) { return getdtablesize(); }
DARWIN_EXPORT("_getdtablesize", d_getdtablesize);
DARWIN_EXPORT("_pipe", d_pipe);
DARWIN_EXPORT("_unlink", d_unlink);
DARWIN_EXPORT("_rmdir", d_rmdir);
DARWIN_EXPORT("_chdir", d_chdir);
DARWIN_EXPORT("_fchdir", d_fchdir);
DARWIN_EXPORT("_access", d_access);
DARWIN_EXPORT("_lseek", d_lseek);
DARWIN_EXPORT("_fsync", d_fsync);
DARWIN_EXPORT("_ftruncate", d_ftruncate);
DARWIN_EXPORT("_truncate", d_truncate);
DARWIN_EXPORT("_symlink", d_symlink);
DARWIN_EXPORT("_link", d_link);
DARWIN_EXPORT("_readlink", d_readlink);
DARWIN_EXPORT("_chroot", d_chroot);

/* ptrace: PT_DENY_ATTACH (31) keeps debuggers away, as prctl(PR_SET_DUMPABLE, 0) does on
 * Linux; the tracing requests themselves are not offered (ENOTSUP). */
#include <sys/prctl.h>
static int d_ptrace(int req, pid_t pid, void *addr, int data)
{
    (void)pid;
    (void)addr;
    (void)data;
    if (req == 31)
        return dret(prctl(PR_SET_DUMPABLE, 0, 0, 0, 0));
    errno = D_ENOTSUP;
    return -1;
}
DARWIN_EXPORT_PARTIAL("_ptrace", d_ptrace);
