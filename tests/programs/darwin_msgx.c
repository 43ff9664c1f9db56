/* darwin_msgx.c — macOS-only batched datagrams and IPv6 constants (compared with
 * darwin_msgx.expected): sendmsg_x sends several datagrams over a UDP pair in one call,
 * recvmsg_x receives them with each length in msg_datalen (and MSG_TRUNC for a short
 * buffer), flags other than MSG_DONTWAIT are refused, an empty socket with MSG_DONTWAIT
 * fails with EAGAIN; in6addr_any, in6addr_loopback and the multicast groups. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

/* xnu's private <sys/socket.h> */
struct msghdr_x {
    void *msg_name;
    socklen_t msg_namelen;
    struct iovec *msg_iov;
    int msg_iovlen;
    void *msg_control;
    socklen_t msg_controllen;
    int msg_flags;
    size_t msg_datalen;
};
ssize_t sendmsg_x(int s, const struct msghdr_x *msgp, unsigned cnt, int flags);
ssize_t recvmsg_x(int s, const struct msghdr_x *msgp, unsigned cnt, int flags);

static void show6(const char *name, const struct in6_addr *a)
{
    char buf[64];
    printf("%s %s\n", name, inet_ntop(AF_INET6, a, buf, sizeof buf));
}

int main(void)
{
    show6("in6addr_any", &in6addr_any);
    show6("in6addr_loopback", &in6addr_loopback);
    show6("in6addr_nodelocal_allnodes", &in6addr_nodelocal_allnodes);
    show6("in6addr_linklocal_allnodes", &in6addr_linklocal_allnodes);
    show6("in6addr_linklocal_allrouters", &in6addr_linklocal_allrouters);
    show6("in6addr_linklocal_allv2routers", &in6addr_linklocal_allv2routers);

    int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa = { .sin_len = sizeof sa, .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t sl = sizeof sa;
    if (bind(b, (struct sockaddr *)&sa, sizeof sa) < 0 || getsockname(b, (struct sockaddr *)&sa, &sl) < 0 ||
        connect(a, (struct sockaddr *)&sa, sizeof sa) < 0) {
        perror("setup");
        return 1;
    }
    const char *words[] = { "one", "two two", "three three three", "four" };
    struct iovec iov[4];
    struct msghdr_x out[4];
    memset(out, 0, sizeof out);
    for (int i = 0; i < 4; i++) {
        iov[i].iov_base = (void *)words[i];
        iov[i].iov_len = strlen(words[i]);
        out[i].msg_iov = &iov[i];
        out[i].msg_iovlen = 1;
    }
    errno = 0;
    printf("sendmsg_x bad flags: %zd %s\n", sendmsg_x(a, out, 4, MSG_OOB), errno == EINVAL ? "EINVAL" : "?");
    printf("sendmsg_x: %zd\n", sendmsg_x(a, out, 4, 0));

    char bufs[4][32];
    struct iovec riov[4];
    struct msghdr_x in[4];
    memset(in, 0, sizeof in);
    for (int i = 0; i < 4; i++) {
        riov[i].iov_base = bufs[i];
        riov[i].iov_len = i == 2 ? 5 : sizeof bufs[i]; /* the third is truncated */
        in[i].msg_iov = &riov[i];
        in[i].msg_iovlen = 1;
    }
    ssize_t n = recvmsg_x(b, in, 4, 0);
    printf("recvmsg_x: %zd\n", n);
    for (int i = 0; i < n; i++)
        printf("  [%d] len %zu trunc %d \"%.*s\"\n", i, in[i].msg_datalen, !!(in[i].msg_flags & MSG_TRUNC),
               (int)(in[i].msg_datalen < riov[i].iov_len ? in[i].msg_datalen : riov[i].iov_len), bufs[i]);
    /* recvmsg_x stops after a truncated datagram: the fourth is still pending */
    memset(in, 0, sizeof in);
    for (int i = 0; i < 4; i++) {
        riov[i].iov_base = bufs[i];
        riov[i].iov_len = sizeof bufs[i];
        in[i].msg_iov = &riov[i];
        in[i].msg_iovlen = 1;
    }
    n = recvmsg_x(b, in, 4, MSG_DONTWAIT);
    printf("recvmsg_x rest: %zd", n);
    if (n > 0)
        printf(" \"%.*s\"", (int)in[0].msg_datalen, bufs[0]);
    printf("\n");
    errno = 0;
    n = recvmsg_x(b, in, 4, MSG_DONTWAIT);
    printf("recvmsg_x empty: %zd %s\n", n, errno == EAGAIN ? "EAGAIN" : "?");
    close(a);
    close(b);
    return 0;
}
