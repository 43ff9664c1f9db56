/* darwin_notify_fd.c — macOS-only notify(3) delivery through a file descriptor (compared
 * with darwin_notify_fd.expected): each notify_post of a name writes the token of every
 * registration for it, 4 bytes in network byte order; NOTIFY_REUSE puts a second name's
 * token on the same descriptor; a bad descriptor with NOTIFY_REUSE is refused; a cancelled
 * token is no longer written. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

/* <notify.h> is not in zig's SDK headers: Darwin's declarations. */
uint32_t notify_register_file_descriptor(const char *name, int *notify_fd, int flags, int *out_token);
uint32_t notify_register_check(const char *name, int *out_token);
uint32_t notify_post(const char *name);
uint32_t notify_cancel(int token);
uint32_t notify_check(int token, int *check);
#define NOTIFY_REUSE 0x1

static void drain(int fd, int ta, int tb)
{
    struct pollfd p = { fd, POLLIN, 0 };
    while (poll(&p, 1, 0) == 1 && (p.revents & POLLIN)) {
        uint32_t v;
        if (read(fd, &v, sizeof v) != sizeof v)
            break;
        int t = (int)ntohl(v);
        printf("  read %s\n", t == ta ? "token a" : t == tb ? "token b" : "other token");
    }
}

int main(void)
{
    int fd = -1, ta = -1, tb = -1, tc = -1;
    printf("register a: %u\n", notify_register_file_descriptor("org.machrun.test.a", &fd, 0, &ta));
    printf("fd valid: %d\n", fd >= 0 && fcntl(fd, F_GETFD) >= 0);
    printf("post a: %u\n", notify_post("org.machrun.test.a"));
    drain(fd, ta, tb);
    int fd2 = fd;
    printf("register b (reuse): %u\n", notify_register_file_descriptor("org.machrun.test.b", &fd2, NOTIFY_REUSE, &tb));
    printf("same fd: %d\n", fd2 == fd);
    int bad = 1000;
    printf("reuse of a bad fd: %u\n", notify_register_file_descriptor("org.machrun.test.b", &bad, NOTIFY_REUSE, &tc));
    notify_post("org.machrun.test.b");
    notify_post("org.machrun.test.a");
    notify_post("org.machrun.test.other");
    drain(fd, ta, tb);
    int check = -1;
    notify_register_check("org.machrun.test.a", &tc);
    notify_check(tc, &check);
    printf("check first: %d\n", check);
    notify_check(tc, &check);
    printf("check again: %d\n", check);
    printf("cancel a: %u\n", notify_cancel(ta));
    notify_post("org.machrun.test.a");
    notify_post("org.machrun.test.b");
    drain(fd, ta, tb);
    notify_check(tc, &check);
    printf("check after post: %d\n", check);
    printf("cancel b: %u\n", notify_cancel(tb));
    printf("fd closed with its last token: %d\n", fcntl(fd, F_GETFD) < 0);
    return 0;
}
