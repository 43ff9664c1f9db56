/* net_sockets.c — TCP and UDP over loopback, socketpair, options, poll/select, name
 * resolution of numeric names, inet_pton/ntop, and a UNIX-domain socket with a path. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

int main(void)
{
    int srv = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    printf("SO_REUSEADDR: %d\n", setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    int b1 = bind(srv, (struct sockaddr *)&a, sizeof a);
    int l1 = listen(srv, 4);
    printf("bind: %d listen: %d\n", b1, l1);
    socklen_t al = sizeof a;
    getsockname(srv, (struct sockaddr *)&a, &al);
    printf("bound family ok: %d port nonzero: %d len: %u\n", a.sin_family == AF_INET, a.sin_port != 0, (unsigned)al);

    int cli = socket(AF_INET, SOCK_STREAM, 0);
    printf("connect: %d\n", connect(cli, (struct sockaddr *)&a, sizeof a));
    struct sockaddr_in peer;
    socklen_t pl = sizeof peer;
    int acc = accept(srv, (struct sockaddr *)&peer, &pl);
    char ip[64];
    printf("accepted: %d from %s\n", acc >= 0, inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof ip));
    printf("TCP_NODELAY: %d\n", setsockopt(cli, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one));
    int v = 0;
    socklen_t vl = sizeof v;
    getsockopt(cli, IPPROTO_TCP, TCP_NODELAY, &v, &vl);
    printf("TCP_NODELAY reads back: %d\n", v != 0);
    vl = sizeof v;
    getsockopt(cli, SOL_SOCKET, SO_TYPE, &v, &vl);
    printf("SO_TYPE stream: %d\n", v == SOCK_STREAM);
    struct timeval tv = { 2, 500000 }, tv2;
    setsockopt(acc, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    socklen_t tl = sizeof tv2;
    getsockopt(acc, SOL_SOCKET, SO_RCVTIMEO, &tv2, &tl);
    printf("SO_RCVTIMEO round trip: %ld.%06ld\n", (long)tv2.tv_sec, (long)tv2.tv_usec);

    printf("send: %zd\n", send(cli, "ping", 4, 0));
    struct pollfd pfd = { acc, POLLIN, 0 };
    int pr = poll(&pfd, 1, 1000);
    printf("poll: %d revents POLLIN: %d\n", pr, (pfd.revents & POLLIN) != 0);
    char buf[64] = { 0 };
    ssize_t rn = recv(acc, buf, sizeof buf, 0);
    printf("recv: %zd '%s'\n", rn, buf);
    send(acc, "pong", 4, 0);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(cli, &rs);
    struct timeval to = { 1, 0 };
    int sr = select(cli + 1, &rs, NULL, NULL, &to);
    printf("select: %d isset: %d\n", sr, FD_ISSET(cli, &rs) != 0);
    memset(buf, 0, sizeof buf);
    rn = read(cli, buf, sizeof buf);
    printf("read: %zd '%s'\n", rn, buf);
    rn = recv(cli, buf, 1, MSG_DONTWAIT | MSG_PEEK);
    printf("MSG_PEEK empty nonblocking: %zd eagain: %d\n", rn, errno == EAGAIN);
    close(acc);
    printf("recv after peer close: %zd\n", recv(cli, buf, sizeof buf, 0));
    close(cli);
    close(srv);

    int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(u2, (struct sockaddr *)&a, sizeof a);
    al = sizeof a;
    getsockname(u2, (struct sockaddr *)&a, &al);
    printf("sendto: %zd\n", sendto(u1, "datagram", 8, 0, (struct sockaddr *)&a, sizeof a));
    struct sockaddr_in from;
    socklen_t fl = sizeof from;
    memset(buf, 0, sizeof buf);
    rn = recvfrom(u2, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    printf("recvfrom: %zd '%s' family ok: %d\n", rn, buf, from.sin_family == AF_INET);
    close(u1);
    close(u2);

    int sv[2];
    printf("socketpair: %d\n", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    write(sv[0], "unix", 4);
    memset(buf, 0, sizeof buf);
    rn = read(sv[1], buf, sizeof buf);
    printf("pair read: %zd '%s'\n", rn, buf);
    close(sv[0]);
    close(sv[1]);

    int us = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un un;
    memset(&un, 0, sizeof un);
    un.sun_family = AF_UNIX;
    strcpy(un.sun_path, "test.sock");
    b1 = bind(us, (struct sockaddr *)&un, sizeof un);
    l1 = listen(us, 1);
    printf("unix bind: %d listen: %d\n", b1, l1);
    int uc = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("unix connect: %d\n", connect(uc, (struct sockaddr *)&un, sizeof un));
    struct sockaddr_un got;
    socklen_t gl = sizeof got;
    memset(&got, 0, sizeof got);
    getsockname(us, (struct sockaddr *)&got, &gl);
    printf("unix name: %s family ok: %d\n", got.sun_path, got.sun_family == AF_UNIX);
    close(uc);
    close(us);
    unlink("test.sock");

    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    int rc = getaddrinfo("127.0.0.1", "8080", &hints, &res);
    printf("getaddrinfo: %d family ok: %d port: %d\n", rc, res->ai_family == AF_INET,
           ntohs(((struct sockaddr_in *)res->ai_addr)->sin_port));
    char host[64], serv[16];
    rc = getnameinfo(res->ai_addr, res->ai_addrlen, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV);
    printf("getnameinfo: %d %s %s\n", rc, host, serv);
    freeaddrinfo(res);
    rc = getaddrinfo("not a number", NULL, &hints, &res);
    printf("bad numeric host: %s\n", rc == EAI_NONAME ? "EAI_NONAME" : "other");
    struct in6_addr a6;
    int pt = inet_pton(AF_INET6, "fe80::1:2", &a6);
    printf("inet_pton v6: %d ", pt);
    printf("ntop: %s\n", inet_ntop(AF_INET6, &a6, ip, sizeof ip));
    printf("inet_pton bad: %d\n", inet_pton(AF_INET, "300.1.1.1", &a.sin_addr));
    return 0;
}
