/*
 * supervisor.c — owns the seccomp user-notification supervisor: a process outside the
 * sandbox that receives the sandboxed program's open/openat/creat, mkdir, unlink, rmdir,
 * rename, link, symlink, mknod and truncate calls, decides each with sb_check on the
 * resolved path, and performs the allowed ones itself (opening files with openat2
 * RESOLVE_NO_SYMLINKS on the resolved path and handing the descriptor over with
 * SECCOMP_IOCTL_NOTIF_ADDFD, so nothing the program changes after the check is used).
 * Denials return EPERM, as macOS does; (with report), (debug deny) and
 * --enable-sandbox-logging print them; (with send-signal SIG) signals the caller.
 *
 * Limits: openat2 called directly by the program gets ENOSYS (libc's open does not use
 * it); a path through a dangling symlink to be created with O_CREAT gets ELOOP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include "machrun/hostlib.h"
#include "sb_private.h"

const int sb_supervised_syscalls[] = {
    SYS_open, SYS_openat, SYS_creat, SYS_openat2, SYS_mkdir, SYS_mkdirat, SYS_unlink, SYS_unlinkat,
    SYS_rmdir, SYS_rename, SYS_renameat, SYS_renameat2, SYS_link, SYS_linkat, SYS_symlink,
    SYS_symlinkat, SYS_mknod, SYS_mknodat, SYS_truncate,
};
const int sb_nsupervised_syscalls = sizeof sb_supervised_syscalls / sizeof sb_supervised_syscalls[0];

struct call {
    int nfd;
    struct seccomp_notif *req;
    const struct sb_profile *p;
    int log;
};

static int read_str(struct call *c, uint64_t addr, char *buf, size_t n)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%u/mem", c->req->pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -EFAULT;
    ssize_t r = pread(fd, buf, n - 1, (off_t)addr);
    close(fd);
    if (r <= 0) return -EFAULT;
    buf[r] = 0;
    if (strlen(buf) == (size_t)r && (size_t)r == n - 1) return -ENAMETOOLONG;
    /* the pid could have been reused between the notification and the read */
    if (seccomp_notify_id_valid(c->nfd, c->req->id) != 0) return -ESRCH;
    return 0;
}

/* Resolve (dirfd, path) of the calling process into a symlink-free parent folder and a
 * last component. follow: resolve a symlink in the last component. */
struct rpath { char dir[PATH_MAX]; char last[NAME_MAX + 1]; char full[PATH_MAX * 2]; int procfd; };

static int resolve(struct call *c, int dirfd, const char *path, int follow, struct rpath *out)
{
    char full[PATH_MAX * 2], base[PATH_MAX];
    unsigned pid = c->req->pid;
    out->procfd = -1;
    if (!*path) return -ENOENT;
    if (path[0] == '/') base[0] = 0;
    else {
        char link[64];
        if (dirfd == AT_FDCWD) snprintf(link, sizeof link, "/proc/%u/cwd", pid);
        else snprintf(link, sizeof link, "/proc/%u/fd/%d", pid, dirfd);
        ssize_t n = readlink(link, base, sizeof base - 1);
        if (n <= 0) return -EBADF;
        base[n] = 0;
        if (base[0] != '/') return -ENOTDIR;
    }
    snprintf(full, sizeof full, "%s/%s", base, path);
    /* the caller's own descriptors: /dev/fd/N, /dev/std*, /proc/self/fd/N */
    char canon[PATH_MAX * 2];
    sb_canon_path(full, canon, sizeof canon);
    int fdn = -1;
    if (sscanf(canon, "/dev/fd/%d", &fdn) == 1 || sscanf(canon, "/proc/self/fd/%d", &fdn) == 1) {}
    else if (!strcmp(canon, "/dev/stdin")) fdn = 0;
    else if (!strcmp(canon, "/dev/stdout")) fdn = 1;
    else if (!strcmp(canon, "/dev/stderr")) fdn = 2;
    if (fdn >= 0) {
        out->procfd = fdn;
        snprintf(out->full, sizeof out->full, "%s", canon);
        return 0;
    }
    for (int hops = 0; hops < 40; hops++) {
        char *slash = strrchr(full, '/');
        char dirpart[PATH_MAX * 2];
        const char *last = slash + 1;
        if (slash == full) snprintf(dirpart, sizeof dirpart, "/");
        else snprintf(dirpart, sizeof dirpart, "%.*s", (int)(slash - full), full);
        while (!*last || !strcmp(last, ".") || !strcmp(last, "..")) {
            /* path ends in /, . or ..: resolve it whole */
            char r[PATH_MAX];
            if (!realpath(full, r)) return -errno;
            snprintf(full, sizeof full, "%s", r);
            if (!strcmp(full, "/")) { snprintf(out->dir, sizeof out->dir, "/"); snprintf(out->last, sizeof out->last, "."); snprintf(out->full, sizeof out->full, "/"); return 0; }
            slash = strrchr(full, '/');
            if (slash == full) snprintf(dirpart, sizeof dirpart, "/");
            else snprintf(dirpart, sizeof dirpart, "%.*s", (int)(slash - full), full);
            last = slash + 1;
        }
        if (strlen(last) > NAME_MAX) return -ENAMETOOLONG;
        if (!realpath(dirpart, out->dir)) return -errno;
        snprintf(out->last, sizeof out->last, "%s", last);
        snprintf(out->full, sizeof out->full, "%s%s%s", out->dir, strcmp(out->dir, "/") ? "/" : "", out->last);
        struct stat st;
        if (follow && lstat(out->full, &st) == 0 && S_ISLNK(st.st_mode)) {
            char target[PATH_MAX];
            ssize_t n = readlink(out->full, target, sizeof target - 1);
            if (n <= 0) return -ELOOP;
            target[n] = 0;
            if (target[0] == '/') snprintf(full, sizeof full, "%s", target);
            else snprintf(full, sizeof full, "%s/%s", out->dir, target);
            continue;
        }
        return 0;
    }
    return -ELOOP;
}

static int deny(struct call *c, const char *op, const char *path, int flags, int sig)
{
    if ((c->log || (flags & SB_FLAG_REPORT)) && !(flags & SB_FLAG_NO_REPORT))
        fprintf(stderr, "machrun sandbox: deny(1) %s %s (pid %u)\n", op, path, c->req->pid);
    if ((flags & SB_FLAG_SEND_SIGNAL) && sig > 0) {
        /* Darwin signal numbers of the modifier -> Linux for the common ones */
        int lsig = sig == 30 ? SIGUSR1 : sig == 31 ? SIGUSR2 : sig == 17 ? SIGSTOP : sig == 19 ? SIGCONT : sig;
        kill((pid_t)c->req->pid, lsig);
    }
    return -EPERM;
}

static int allowed(struct call *c, const char *op, const char *path, int vnode)
{
    int flags = 0, sig = 0;
    struct sb_query q = { .operation = op, .path = path, .vnode = vnode };
    if (sb_check(c->p, &q, &flags, &sig) == SB_ALLOW) return 0;
    return deny(c, op, path, flags, sig);
}

static int open_parent(const struct rpath *r)
{
    struct open_how how = { .flags = O_PATH | O_DIRECTORY | O_CLOEXEC, .resolve = RESOLVE_NO_SYMLINKS };
    int fd = (int)syscall(SYS_openat2, AT_FDCWD, r->dir, &how, sizeof how);
    return fd < 0 ? -errno : fd;
}

static mode_t caller_umask(struct call *c)
{
    char path[64], line[128];
    snprintf(path, sizeof path, "/proc/%u/status", c->req->pid);
    FILE *f = fopen(path, "re");
    mode_t m = 022;
    if (!f) return m;
    while (fgets(line, sizeof line, f)) {
        unsigned v;
        if (sscanf(line, "Umask: %o", &v) == 1) { m = (mode_t)v; break; }
    }
    fclose(f);
    return m;
}

/* Files any sandboxed program may read whatever its profile says, as macOS lets dyld map the
 * shared cache: the host libraries machrun opens on first use for guest code (libz...) and
 * the loader's cache that finds them. */
#define MAX_EXEMPT 16
static char exempt[MAX_EXEMPT][PATH_MAX];
static int nexempt;

static void add_exempt(const char *path, void *ctx)
{
    (void)ctx;
    if (nexempt < MAX_EXEMPT)
        snprintf(exempt[nexempt++], PATH_MAX, "%s", path);
}

static bool exempt_read(const char *full, int flags)
{
    if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC | O_TMPFILE)))
        return false;
    for (int i = 0; i < nexempt; i++)
        if (!strcmp(exempt[i], full))
            return true;
    return false;
}

/* returns the syscall's result (>= 0) or -errno; *addfd set when the result is an fd to hand over */
static long do_open(struct call *c, int dirfd, uint64_t upath, int flags, mode_t mode, int *handover, int *cloexec)
{
    char path[PATH_MAX];
    int e = read_str(c, upath, path, sizeof path);
    if (e) return e;
    struct rpath r;
    e = resolve(c, dirfd, path, !(flags & O_NOFOLLOW) && !((flags & O_CREAT) && (flags & O_EXCL)), &r);
    if (e) return e;
    int acc = flags & O_ACCMODE;
    if (r.procfd >= 0) {
        /* one of the caller's own descriptors, reopened: check the name and what it points to */
        if (acc != O_WRONLY && (e = allowed(c, "file-read-data", r.full, 0))) return e;
        if (acc != O_RDONLY && (e = allowed(c, "file-write-data", r.full, 0))) return e;
        char link[64], target[PATH_MAX];
        snprintf(link, sizeof link, "/proc/%u/fd/%d", c->req->pid, r.procfd);
        ssize_t n = readlink(link, target, sizeof target - 1);
        if (n > 0 && target[0] == '/') {
            target[n] = 0;
            if (acc != O_WRONLY && (e = allowed(c, "file-read-data", target, 0))) return e;
            if (acc != O_RDONLY && (e = allowed(c, "file-write-data", target, 0))) return e;
        }
        int fd = open(link, (flags & ~O_CLOEXEC) | O_CLOEXEC, mode);
        if (fd < 0) return -errno;
        *handover = fd; *cloexec = flags & O_CLOEXEC;
        return 0;
    }
    struct stat st;
    int exists = lstat(r.full, &st) == 0;
    int vnode = 0;
    if (exists) vnode = S_ISDIR(st.st_mode) ? SB_VNODE_DIRECTORY : S_ISREG(st.st_mode) ? SB_VNODE_REGULAR :
                        S_ISLNK(st.st_mode) ? SB_VNODE_SYMLINK : S_ISCHR(st.st_mode) ? SB_VNODE_CHAR :
                        S_ISFIFO(st.st_mode) ? SB_VNODE_FIFO : S_ISSOCK(st.st_mode) ? SB_VNODE_SOCKET : SB_VNODE_BLOCK;
    if (exempt_read(r.full, flags)) { /* see exempt above */ }
    else if (flags & O_PATH) { if ((e = allowed(c, "file-read-metadata", r.full, vnode))) return e; }
    else {
        if (!exists && (flags & O_CREAT)) { if ((e = allowed(c, "file-write-create", r.full, SB_VNODE_REGULAR))) return e; }
        else if (!exists) return -ENOENT;
        if (acc != O_WRONLY && (e = allowed(c, "file-read-data", r.full, vnode))) return e;
        if ((acc != O_RDONLY || (flags & O_TRUNC)) && exists && (e = allowed(c, "file-write-data", r.full, vnode))) return e;
    }
    int pfd = open_parent(&r);
    if (pfd < 0) return pfd;
    mode_t um = caller_umask(c);
    struct open_how how = { .flags = (uint64_t)((flags & ~O_CLOEXEC) | O_CLOEXEC | O_NOFOLLOW),
                            .mode = (flags & (O_CREAT | O_TMPFILE)) ? (mode & ~um & 07777) : 0,
                            .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH };
    if (!strcmp(r.last, ".")) how.flags &= ~(uint64_t)O_NOFOLLOW;
    if ((flags & O_PATH)) how.flags &= ~(uint64_t)O_NOFOLLOW, how.flags |= O_NOFOLLOW;
    int fd = (int)syscall(SYS_openat2, pfd, r.last, &how, sizeof how);
    int err = errno;
    close(pfd);
    if (fd < 0) return -err;
    *handover = fd; *cloexec = flags & O_CLOEXEC;
    return 0;
}

static long do_path_op(struct call *c, int nr)
{
    const __u64 *a = c->req->data.args;
    char p1[PATH_MAX], p2[PATH_MAX];
    struct rpath r1, r2;
    int e, d1 = AT_FDCWD, d2 = AT_FDCWD;
    uint64_t s1 = 0, s2 = 0;
    int flags = 0;
    mode_t mode = 0;
    switch (nr) {
    case SYS_mkdir: s1 = a[0]; mode = (mode_t)a[1]; break;
    case SYS_mkdirat: d1 = (int)a[0]; s1 = a[1]; mode = (mode_t)a[2]; break;
    case SYS_unlink: case SYS_rmdir: case SYS_truncate: s1 = a[0]; break;
    case SYS_unlinkat: d1 = (int)a[0]; s1 = a[1]; flags = (int)a[2]; break;
    case SYS_rename: case SYS_link: s1 = a[0]; s2 = a[1]; break;
    case SYS_renameat: d1 = (int)a[0]; s1 = a[1]; d2 = (int)a[2]; s2 = a[3]; break;
    case SYS_renameat2: d1 = (int)a[0]; s1 = a[1]; d2 = (int)a[2]; s2 = a[3]; flags = (int)a[4]; break;
    case SYS_linkat: d1 = (int)a[0]; s1 = a[1]; d2 = (int)a[2]; s2 = a[3]; flags = (int)a[4]; break;
    case SYS_symlink: s1 = a[0]; s2 = a[1]; break;
    case SYS_symlinkat: s1 = a[0]; d2 = (int)a[1]; s2 = a[2]; break;
    case SYS_mknod: s1 = a[0]; mode = (mode_t)a[1]; break;
    case SYS_mknodat: d1 = (int)a[0]; s1 = a[1]; mode = (mode_t)a[2]; break;
    default: return -ENOSYS;
    }
    if ((e = read_str(c, s1, p1, sizeof p1))) return e;
    if (s2 && (e = read_str(c, s2, p2, sizeof p2))) return e;
    int is_symlink = nr == SYS_symlink || nr == SYS_symlinkat;
    if (!is_symlink && (e = resolve(c, d1, p1, nr == SYS_truncate || ((nr == SYS_linkat) && (flags & AT_SYMLINK_FOLLOW)), &r1))) return e;
    if (s2 && (e = resolve(c, d2, p2, 0, &r2))) return e;
    if ((!is_symlink && r1.procfd >= 0) || (s2 && r2.procfd >= 0)) return -EPERM;
    int pfd1 = -1, pfd2 = -1;
    long rc;
    mode_t um = caller_umask(c);
    switch (nr) {
    case SYS_mkdir: case SYS_mkdirat:
        if ((e = allowed(c, "file-write-create", r1.full, SB_VNODE_DIRECTORY))) return e;
        break;
    case SYS_unlink: case SYS_rmdir: case SYS_unlinkat:
        if ((e = allowed(c, "file-write-unlink", r1.full, 0))) return e;
        break;
    case SYS_truncate:
        if ((e = allowed(c, "file-write-data", r1.full, 0))) return e;
        break;
    case SYS_rename: case SYS_renameat: case SYS_renameat2:
        if ((e = allowed(c, "file-write-unlink", r1.full, 0))) return e;
        if ((e = allowed(c, "file-write-create", r2.full, 0))) return e;
        if ((flags & RENAME_EXCHANGE) && ((e = allowed(c, "file-write-create", r1.full, 0)) || (e = allowed(c, "file-write-unlink", r2.full, 0)))) return e;
        break;
    case SYS_link: case SYS_linkat:
        if ((e = allowed(c, "file-write-create", r2.full, 0))) return e;
        if ((e = allowed(c, "file-link", r1.full, 0))) return e;
        break;
    case SYS_symlink: case SYS_symlinkat:
        if ((e = allowed(c, "file-write-create", r2.full, SB_VNODE_SYMLINK))) return e;
        break;
    case SYS_mknod: case SYS_mknodat:
        if ((e = allowed(c, "file-write-create", r1.full, 0))) return e;
        break;
    }
    if (!is_symlink && (pfd1 = open_parent(&r1)) < 0) return pfd1;
    if (s2 && (pfd2 = open_parent(&r2)) < 0) { if (pfd1 >= 0) close(pfd1); return pfd2; }
    errno = 0;
    switch (nr) {
    case SYS_mkdir: case SYS_mkdirat: rc = mkdirat(pfd1, r1.last, mode & ~um & 07777); break;
    case SYS_unlink: rc = unlinkat(pfd1, r1.last, 0); break;
    case SYS_rmdir: rc = unlinkat(pfd1, r1.last, AT_REMOVEDIR); break;
    case SYS_unlinkat: rc = unlinkat(pfd1, r1.last, flags & AT_REMOVEDIR); break;
    case SYS_truncate: {
        struct open_how how = { .flags = O_WRONLY | O_CLOEXEC | O_NOFOLLOW, .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH };
        int fd = (int)syscall(SYS_openat2, pfd1, r1.last, &how, sizeof how);
        rc = fd < 0 ? -1 : ftruncate(fd, (off_t)a[1]);
        if (fd >= 0) { int sv = errno; close(fd); errno = sv; }
        break;
    }
    case SYS_rename: case SYS_renameat: case SYS_renameat2: rc = renameat2(pfd1, r1.last, pfd2, r2.last, (unsigned)flags); break;
    case SYS_link: case SYS_linkat: rc = linkat(pfd1, r1.last, pfd2, r2.last, 0); break;
    case SYS_symlink: case SYS_symlinkat: rc = symlinkat(p1, pfd2, r2.last); break;
    case SYS_mknod: case SYS_mknodat:
        if (!S_ISREG(mode) && !S_ISFIFO(mode) && !S_ISSOCK(mode) && (mode & S_IFMT)) { rc = -1; errno = EPERM; }
        else rc = mknodat(pfd1, r1.last, (mode & S_IFMT) | (mode & ~um & 07777), 0);
        break;
    default: rc = -1; errno = ENOSYS;
    }
    int err = errno;
    if (pfd1 >= 0) close(pfd1);
    if (pfd2 >= 0) close(pfd2);
    return rc < 0 ? -err : rc;
}

static void handle(struct call *c, struct seccomp_notif_resp *resp)
{
    struct seccomp_notif *req = c->req;
    const __u64 *a = req->data.args;
    long rc;
    int handover = -1, cloexec = 0;
    switch (req->data.nr) {
    case SYS_open: rc = do_open(c, AT_FDCWD, a[0], (int)a[1], (mode_t)a[2], &handover, &cloexec); break;
    case SYS_openat: rc = do_open(c, (int)a[0], a[1], (int)a[2], (mode_t)a[3], &handover, &cloexec); break;
    case SYS_creat: rc = do_open(c, AT_FDCWD, a[0], O_CREAT | O_WRONLY | O_TRUNC, (mode_t)a[1], &handover, &cloexec); break;
    case SYS_openat2: rc = -ENOSYS; break;
    default: rc = do_path_op(c, req->data.nr); break;
    }
    resp->id = req->id;
    resp->flags = 0;
    if (handover >= 0) {
        struct seccomp_notif_addfd add = { .id = req->id, .flags = SECCOMP_ADDFD_FLAG_SEND,
                                           .srcfd = (uint32_t)handover, .newfd = 0,
                                           .newfd_flags = cloexec ? O_CLOEXEC : 0 };
        int r = ioctl(c->nfd, SECCOMP_IOCTL_NOTIF_ADDFD, &add);
        close(handover);
        if (r >= 0) { resp->id = 0; return; }   /* ADDFD_FLAG_SEND answered the call */
        rc = -errno;
        if (rc == -ENOENT) { resp->id = 0; return; }   /* the caller is gone */
    }
    resp->val = rc < 0 ? -1 : rc;
    resp->error = rc < 0 ? (int)rc : 0;
}

void sb_supervise(const struct sb_profile *p, int nfd, int log)
{
    struct seccomp_notif *req;
    struct seccomp_notif_resp *resp;
    if (seccomp_notify_alloc(&req, &resp) != 0) return;
    umask(0);
    hostlib_each_file(add_exempt, NULL);
    char cache[PATH_MAX];
    if (realpath("/etc/ld.so.cache", cache))
        add_exempt(cache, NULL);
    struct call c = { nfd, req, p, log };
    for (;;) {
        struct pollfd pf = { nfd, POLLIN, 0 };
        int n = poll(&pf, 1, -1);
        if (n < 0) { if (errno == EINTR) continue; break; }
        if (pf.revents & (POLLHUP | POLLERR | POLLNVAL)) break;
        memset(req, 0, sizeof *req);
        if (seccomp_notify_receive(nfd, req) != 0) {
            if (errno == EINTR || errno == ENOENT) continue;
            break;
        }
        memset(resp, 0, sizeof *resp);
        handle(&c, resp);
        if (resp->id) seccomp_notify_respond(nfd, resp);
    }
    seccomp_notify_free(req, resp);
}
