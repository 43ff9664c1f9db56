/* darwin_sys.c — macOS-only process and system calls (compared with darwin_sys.expected):
 * confstr with Darwin's names, clonefile / clonefileat / fclonefileat, openpty, getpeereid,
 * proc_listallpids / proc_listpids / proc_listchildpids / proc_pid_rusage, getfsstat, and
 * pthread_get_stackaddr_np / pthread_get_stacksize_np of the main thread and of another one.
 * What differs by machine (cloning support, pty names, pids) is printed in a form that holds
 * either way. */
#include <errno.h>
#include <fcntl.h>
#include <libproc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/attr.h>
#include <sys/clonefile.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <pthread.h>
#include <termios.h>
#include <unistd.h>

/* <util.h> is not in zig's SDK headers: Darwin's declaration. */
int openpty(int *amaster, int *aslave, char *name, struct termios *termp, struct winsize *winp);

static const char *ename(int e)
{
    switch (e) {
    case 0: return "0";
    case EEXIST: return "EEXIST";
    case EINVAL: return "EINVAL";
    case ENOTSUP: return "ENOTSUP";
    case ESRCH: return "ESRCH";
    case ENOENT: return "ENOENT";
    default: return "other";
    }
}

/* The stack the thread runs on lies within what Darwin says its stack is. */
static int stack_holds(pthread_t t, const void *local, size_t min)
{
    const char *top = pthread_get_stackaddr_np(t);
    size_t size = pthread_get_stacksize_np(t);
    return (const char *)local < top && (const char *)local >= top - size && size >= min;
}
static void *thread_stack(void *arg)
{
    int local;
    (void)arg;
    return (void *)(long)stack_holds(pthread_self(), &local, 256 * 1024);
}

int main(void)
{
    char buf[1024];
    size_t n = confstr(_CS_PATH, buf, sizeof buf);
    printf("_CS_PATH: %zu %s\n", n, buf);
    n = confstr(_CS_PATH, NULL, 0);
    printf("_CS_PATH size only: %zu\n", n);
    n = confstr(_CS_DARWIN_USER_TEMP_DIR, buf, sizeof buf);
    struct stat st;
    printf("_CS_DARWIN_USER_TEMP_DIR: size ok=%d ends with /=%d directory=%d\n", n == strlen(buf) + 1,
           buf[strlen(buf) - 1] == '/', stat(buf, &st) == 0 && S_ISDIR(st.st_mode));
    n = confstr(_CS_DARWIN_USER_CACHE_DIR, buf, sizeof buf);
    printf("_CS_DARWIN_USER_CACHE_DIR: ends with /=%d directory=%d\n", buf[strlen(buf) - 1] == '/',
           stat(buf, &st) == 0 && S_ISDIR(st.st_mode));
    char small[4];
    n = confstr(_CS_PATH, small, sizeof small);
    printf("truncated: %zu '%s'\n", n, small);
    errno = 0;
    n = confstr(123456, buf, sizeof buf);
    printf("unknown: %zu errno=%s\n", n, ename(errno));

    int fd = open("orig.txt", O_CREAT | O_WRONLY | O_TRUNC, 0640);
    write(fd, "clone me\n", 9);
    close(fd);
    errno = 0;
    int r = clonefile("orig.txt", "clone.txt", 0);
    printf("clonefile: %s\n", r == 0 || errno == ENOTSUP ? "cloned or ENOTSUP" : ename(errno));
    if (r == 0) {
        stat("clone.txt", &st);
        printf("  clone mode ok=%d size=%lld\n", (st.st_mode & 0777) == 0640, (long long)st.st_size);
    } else {
        printf("  clone mode ok=1 size=9\n");
    }
    fd = open("exists.txt", O_CREAT | O_WRONLY, 0600);
    close(fd);
    errno = 0;
    r = clonefile("orig.txt", "exists.txt", 0);
    printf("clonefile onto a file: %d errno=%s\n", r, ename(errno));
    errno = 0;
    r = clonefile("missing.txt", "x.txt", 0);
    printf("clonefile of nothing: %d errno=%s\n", r, ename(errno));
    symlink("orig.txt", "link");
    r = clonefileat(AT_FDCWD, "link", AT_FDCWD, "link2", CLONE_NOFOLLOW);
    char target[64] = "";
    ssize_t tl = readlink("link2", target, sizeof target - 1);
    target[tl > 0 ? tl : 0] = 0;
    printf("clonefileat of a link, NOFOLLOW: %d target=%s\n", r, target);
    errno = 0;
    r = clonefileat(AT_FDCWD, "orig.txt", AT_FDCWD, "bad.txt", 0x100);
    printf("clonefileat bad flags: %d errno=%s\n", r, ename(errno));
    fd = open("orig.txt", O_RDONLY);
    errno = 0;
    r = fclonefileat(fd, AT_FDCWD, "fclone.txt", 0);
    printf("fclonefileat: %s\n", r == 0 || errno == ENOTSUP ? "cloned or ENOTSUP" : ename(errno));
    close(fd);

    int m = -1, s = -1;
    char name[128] = "";
    struct winsize ws = { 24, 80, 0, 0 }, got = { 0, 0, 0, 0 };
    r = openpty(&m, &s, name, NULL, &ws);
    ioctl(s, TIOCGWINSZ, &got);
    printf("openpty: %d fds=%d name /dev/=%d tty=%d size=%dx%d\n", r, m >= 0 && s >= 0, strncmp(name, "/dev/", 5) == 0,
           isatty(s), got.ws_row, got.ws_col);
    struct termios t;
    tcgetattr(s, &t);
    cfmakeraw(&t);
    tcsetattr(s, TCSANOW, &t);
    write(m, "ping", 4);
    char rb[8] = "";
    ssize_t rn = read(s, rb, sizeof rb - 1);
    rb[rn > 0 ? rn : 0] = 0;
    printf("  master to slave: %s\n", rb);
    close(m);
    close(s);

    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    uid_t u = 12345;
    gid_t g = 12345;
    r = getpeereid(sv[0], &u, &g);
    printf("getpeereid: %d uid ok=%d gid ok=%d\n", r, u == geteuid(), g == getegid());
    close(sv[0]);
    close(sv[1]);
    errno = 0;
    r = getpeereid(0 + open("orig.txt", O_RDONLY), &u, &g);
    printf("getpeereid on a file: %d errno=%s\n", r, errno == ENOTSOCK ? "ENOTSOCK" : ename(errno));

    int count = proc_listallpids(NULL, 0);
    int *pids = calloc((size_t)count + 64, sizeof *pids);
    int got_n = proc_listallpids(pids, (count + 64) * (int)sizeof *pids);
    int self = 0;
    for (int i = 0; i < got_n; i++)
        self += pids[i] == getpid();
    printf("proc_listallpids: some=%d self=%d\n", got_n > 0, self);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        usleep(300000);
        _exit(0);
    }
    int kids = proc_listchildpids(getpid(), pids, (count + 64) * (int)sizeof *pids);
    int found = 0;
    for (int i = 0; i < kids; i++)
        found += pids[i] == child;
    int bytes = proc_listpids(PROC_PPID_ONLY, (uint32_t)getpid(), pids, (count + 64) * (int)sizeof *pids);
    printf("proc_listchildpids: %d found=%d proc_listpids PPID bytes=%d\n", kids, found, bytes);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    free(pids);

    struct rusage_info_v4 ri;
    memset(&ri, 0, sizeof ri);
    r = proc_pid_rusage(getpid(), RUSAGE_INFO_V4, (rusage_info_t *)&ri);
    printf("proc_pid_rusage: %d resident>0=%d footprint>0=%d started=%d peak>=resident=%d\n", r, ri.ri_resident_size > 0,
           ri.ri_phys_footprint > 0, ri.ri_proc_start_abstime > 0, ri.ri_lifetime_max_phys_footprint >= ri.ri_resident_size / 2);
    errno = 0;
    r = proc_pid_rusage(999999999, RUSAGE_INFO_V0, (rusage_info_t *)&ri);
    printf("proc_pid_rusage of no process: %d errno=%s\n", r, ename(errno));

    int mounts = getfsstat(NULL, 0, MNT_NOWAIT);
    struct statfs *fs = calloc((size_t)mounts + 8, sizeof *fs);
    int filled = getfsstat(fs, (mounts + 8) * (int)sizeof *fs, MNT_NOWAIT);
    int root = 0;
    for (int i = 0; i < filled; i++)
        root += strcmp(fs[i].f_mntonname, "/") == 0 && fs[i].f_blocks > 0;
    printf("getfsstat: some=%d filled<=count=%d root=%d\n", mounts > 0, filled <= mounts && filled > 0, root > 0);
    free(fs);
    int local;
    pthread_attr_t pa;
    pthread_attr_init(&pa);
    pthread_attr_setstacksize(&pa, 1 << 20);
    pthread_t th;
    void *held = 0;
    pthread_create(&th, &pa, thread_stack, NULL);
    pthread_join(th, &held);
    printf("stacks: main=%d thread=%d\n", stack_holds(pthread_self(), &local, 512 * 1024), (int)(long)held);
    return 0;
}
