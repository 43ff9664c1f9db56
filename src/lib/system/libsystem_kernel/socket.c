/*
 * socket.c — BSD sockets with Darwin's ABI: sockaddrs with sa_len (and AF_INET6 = 30,
 * sockaddr_un of 106 bytes), the AF_/SOL_/SO_/IPPROTO_/IP_/IPV6_/TCP_/MSG_ values (one
 * table per kind, both directions), socket options whose values differ in shape (timeouts in
 * Darwin's struct timeval, SO_NOSIGPIPE kept per descriptor), msghdr/cmsghdr conversion
 * (SCM_RIGHTS), poll/select with Darwin's bits and fd_set, and BSD sendfile. (send/recv,
 * sockatmark and getpeereid are libsystem_c's: see libsystem_c/send_recv.c, sockatmark.c,
 * getpeereid.c.)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "machrun/darwin/private.h"
#include "machrun/darwin/socket.h"

/* ---- value tables ---- */
struct num_map {
    int darwin, linux_;
};

static int map_to_linux(const struct num_map *t, size_t n, int d, int fallback)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].darwin == d)
            return t[i].linux_;
    return fallback;
}
static int map_to_darwin(const struct num_map *t, size_t n, int l, int fallback)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].linux_ == l)
            return t[i].darwin;
    return fallback;
}
#define N(t) (sizeof t / sizeof t[0])

static const struct num_map af_table[] = {
    { 0, AF_UNSPEC }, { 1, AF_UNIX }, { 2, AF_INET }, { 30, AF_INET6 }, { 17, AF_NETLINK /* AF_ROUTE */ },
};

int darwin_af_to_linux(int d) { return map_to_linux(af_table, N(af_table), d, -1); }
int darwin_af_from_linux(int l) { return map_to_darwin(af_table, N(af_table), l, l); }

static const struct num_map so_table[] = {
    { 0x0001, SO_DEBUG }, { 0x0002, SO_ACCEPTCONN }, { 0x0004, SO_REUSEADDR }, { 0x0008, SO_KEEPALIVE },
    { 0x0010, SO_DONTROUTE }, { 0x0020, SO_BROADCAST }, { 0x0080, SO_LINGER }, { 0x0100, SO_OOBINLINE },
    { 0x0200, SO_REUSEPORT }, { 0x0400, SO_TIMESTAMP }, { 0x1001, SO_SNDBUF }, { 0x1002, SO_RCVBUF },
    { 0x1003, SO_SNDLOWAT }, { 0x1004, SO_RCVLOWAT }, { 0x1005, SO_SNDTIMEO }, { 0x1006, SO_RCVTIMEO },
    { 0x1007, SO_ERROR }, { 0x1008, SO_TYPE }, { 0x1080, SO_LINGER /* SO_LINGER_SEC */ },
};
#define D_SO_NOSIGPIPE 0x1022
#define D_SO_NREAD 0x1020
#define D_SO_NKE 0x1021
#define D_SO_LINGER_SEC 0x1080

static const struct num_map ip_table[] = {
    { 1, IP_OPTIONS }, { 2, IP_HDRINCL }, { 3, IP_TOS }, { 4, IP_TTL }, { 5, IP_RECVOPTS },
    { 6, IP_RETOPTS }, { 9, IP_MULTICAST_IF }, { 10, IP_MULTICAST_TTL }, { 11, IP_MULTICAST_LOOP },
    { 12, IP_ADD_MEMBERSHIP }, { 13, IP_DROP_MEMBERSHIP }, { 24, IP_RECVTTL }, { 26, IP_PKTINFO },
    { 27, IP_RECVTOS },
};
static const struct num_map ipv6_table[] = {
    { 4, IPV6_UNICAST_HOPS }, { 9, IPV6_MULTICAST_IF }, { 10, IPV6_MULTICAST_HOPS }, { 11, IPV6_MULTICAST_LOOP },
    { 12, IPV6_JOIN_GROUP }, { 13, IPV6_LEAVE_GROUP }, { 27, IPV6_V6ONLY }, { 36, IPV6_TCLASS },
    { 35, IPV6_RECVTCLASS }, { 61, IPV6_RECVPKTINFO }, { 46, IPV6_PKTINFO },
};
static const struct num_map tcp_table[] = {
    { 0x01, TCP_NODELAY }, { 0x02, TCP_MAXSEG }, { 0x10, TCP_KEEPIDLE /* TCP_KEEPALIVE */ },
    { 0x101, TCP_KEEPINTVL }, { 0x102, TCP_KEEPCNT }, { 0x105, TCP_FASTOPEN }, { 0x201, TCP_NOTSENT_LOWAT },
    { 0x04, TCP_CORK /* TCP_NOPUSH */ },
};

#define D_SOL_SOCKET 0xffff

static const struct num_map msg_table[] = {
    { 0x1, MSG_OOB }, { 0x2, MSG_PEEK }, { 0x4, MSG_DONTROUTE }, { 0x8, MSG_EOR }, { 0x10, MSG_TRUNC },
    { 0x20, MSG_CTRUNC }, { 0x40, MSG_WAITALL }, { 0x80, MSG_DONTWAIT }, { 0x80000, MSG_NOSIGNAL },
};

int darwin_msg_flags_to_linux(int d)
{
    int l = 0;
    for (size_t i = 0; i < N(msg_table); i++)
        if (d & msg_table[i].darwin)
            l |= msg_table[i].linux_;
    return l;
}

int darwin_msg_flags_from_linux(int l)
{
    int d = 0;
    for (size_t i = 0; i < N(msg_table); i++)
        if (l & msg_table[i].linux_)
            d |= msg_table[i].darwin;
    return d;
}

/* ---- sockaddr ---- */
int darwin_sockaddr_to_linux(const void *dsa, uint32_t dlen, struct sockaddr_storage *out, socklen_t *outlen)
{
    const uint8_t *d = dsa;
    memset(out, 0, sizeof *out);
    if (!dsa || dlen < 2) {
        errno = D_EINVAL;
        return -1;
    }
    int fam = darwin_af_to_linux(d[1]);
    if (fam < 0) {
        errno = D_EAFNOSUPPORT;
        return -1;
    }
    if (dlen > sizeof *out)
        dlen = sizeof *out;
    out->ss_family = (sa_family_t)fam;
    if (fam == AF_UNIX) {
        struct sockaddr_un *u = (struct sockaddr_un *)out;
        size_t plen = dlen > 2 ? dlen - 2 : 0;
        if (plen > sizeof u->sun_path)
            plen = sizeof u->sun_path;
        memcpy(u->sun_path, d + 2, plen);
        /* Darwin counts sa_len up to the NUL or the full size; Linux wants the path length. */
        size_t n = strnlen(u->sun_path, plen);
        *outlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + (n < plen ? n + 1 : n));
        if (n == 0 && plen > 1) /* Linux abstract names start with NUL: Darwin has none */
            *outlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen);
        return 0;
    }
    memcpy((uint8_t *)out + 2, d + 2, dlen - 2);
    *outlen = fam == AF_INET ? sizeof(struct sockaddr_in) : fam == AF_INET6 ? sizeof(struct sockaddr_in6) : dlen;
    return 0;
}

void darwin_sockaddr_from_linux(const struct sockaddr *lsa, socklen_t llen, void *dsa, uint32_t *dlen)
{
    if (!dsa || !dlen)
        return;
    uint8_t buf[sizeof(struct sockaddr_storage)];
    memset(buf, 0, sizeof buf);
    size_t n;
    if (llen < 2) {
        n = 0;
    } else if (lsa->sa_family == AF_UNIX) {
        size_t plen = llen > offsetof(struct sockaddr_un, sun_path) ? llen - offsetof(struct sockaddr_un, sun_path) : 0;
        if (plen > 104)
            plen = 104;
        memcpy(buf + 2, ((const struct sockaddr_un *)lsa)->sun_path, plen);
        n = 2 + plen;
        if (n < 106 && plen && buf[2 + plen - 1] != 0)
            n++; /* room for the NUL Darwin's length includes */
    } else {
        n = llen;
        if (n > sizeof buf)
            n = sizeof buf;
        memcpy(buf + 2, (const uint8_t *)lsa + 2, n - 2);
    }
    if (n >= 2) {
        buf[0] = (uint8_t)n;
        buf[1] = (uint8_t)darwin_af_from_linux(lsa->sa_family);
    }
    memcpy(dsa, buf, n < *dlen ? n : *dlen);
    *dlen = (uint32_t)n;
}

/* ---- SO_NOSIGPIPE, per descriptor ---- */
static uint64_t nosigpipe[65536 / 64];

bool darwin_fd_nosigpipe(int fd)
{
    return fd >= 0 && fd < 65536 && (__atomic_load_n(&nosigpipe[fd / 64], __ATOMIC_RELAXED) >> (fd % 64)) & 1;
}

static void set_nosigpipe(int fd, bool on);
/* A descriptor closed (unistd.c): SO_NOSIGPIPE was the socket's, not the number's. */
void darwin_fd_closed_socket(int fd) { set_nosigpipe(fd, false); }

static void set_nosigpipe(int fd, bool on)
{
    if (fd < 0 || fd >= 65536)
        return;
    if (on)
        __atomic_fetch_or(&nosigpipe[fd / 64], 1ull << (fd % 64), __ATOMIC_RELAXED);
    else
        __atomic_fetch_and(&nosigpipe[fd / 64], ~(1ull << (fd % 64)), __ATOMIC_RELAXED);
}

/* ---- the calls ---- */
static int d_socket(int domain, int type, int protocol)
{
    int fam = darwin_af_to_linux(domain);
    if (fam < 0) {
        errno = D_EAFNOSUPPORT;
        return -1;
    }
    int fd = socket(fam, type, protocol);
    if (fd >= 0)
        set_nosigpipe(fd, false);
    return dret(fd);
}
DARWIN_EXPORT("_socket", d_socket);

static int d_socketpair(int domain, int type, int protocol, int sv[2])
{
    int fam = darwin_af_to_linux(domain);
    if (fam < 0) {
        errno = D_EAFNOSUPPORT;
        return -1;
    }
    int r = socketpair(fam, type, protocol, sv);
    if (r == 0) {
        set_nosigpipe(sv[0], false);
        set_nosigpipe(sv[1], false);
    }
    return dret(r);
}
DARWIN_EXPORT("_socketpair", d_socketpair);

static int d_bind(int fd, const void *addr, uint32_t len)
{
    struct sockaddr_storage ss;
    socklen_t sl;
    if (darwin_sockaddr_to_linux(addr, len, &ss, &sl) < 0)
        return -1;
    return dret(bind(fd, (struct sockaddr *)&ss, sl));
}
DARWIN_EXPORT("_bind", d_bind);

static int d_connect(int fd, const void *addr, uint32_t len)
{
    struct sockaddr_storage ss;
    socklen_t sl;
    if (darwin_sockaddr_to_linux(addr, len, &ss, &sl) < 0)
        return -1;
    return dret(connect(fd, (struct sockaddr *)&ss, sl));
}
DARWIN_EXPORT("_connect", d_connect);
DARWIN_EXPORT("_connect$NOCANCEL", d_connect);

static int d_listen(int fd, int backlog) { return dret(listen(fd, backlog)); }
DARWIN_EXPORT("_listen", d_listen);

static int d_accept(int fd, void *addr, uint32_t *len)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    /* On Darwin (as on the BSDs) the new socket inherits O_NONBLOCK from the listening one;
     * Linux's accept does not. mio relies on it (tokio's UnixListener never sets it again). */
    int lf = fcntl(fd, F_GETFL);
    int r = accept4(fd, (struct sockaddr *)&ss, &sl, lf >= 0 && (lf & O_NONBLOCK) ? SOCK_NONBLOCK : 0);
    if (r < 0)
        return dret(-1);
    set_nosigpipe(r, false);
    darwin_sockaddr_from_linux((struct sockaddr *)&ss, sl, addr, len);
    return r;
}
DARWIN_EXPORT("_accept", d_accept);
DARWIN_EXPORT("_accept$NOCANCEL", d_accept);

static int d_getsockname(int fd, void *addr, uint32_t *len)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0)
        return dret(-1);
    darwin_sockaddr_from_linux((struct sockaddr *)&ss, sl, addr, len);
    return 0;
}
DARWIN_EXPORT("_getsockname", d_getsockname);

static int d_getpeername(int fd, void *addr, uint32_t *len)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getpeername(fd, (struct sockaddr *)&ss, &sl) < 0)
        return dret(-1);
    darwin_sockaddr_from_linux((struct sockaddr *)&ss, sl, addr, len);
    return 0;
}
DARWIN_EXPORT("_getpeername", d_getpeername);

static int d_shutdown(int fd, int how) { return dret(shutdown(fd, how)); }
DARWIN_EXPORT("_shutdown", d_shutdown);

/* Options: level and name translated; timeouts and linger converted. */
struct d_timeval {
    int64_t sec;
    int32_t usec;
    int32_t pad_;
};

static int opt_to_linux(int level, int name, int *llevel, int *lname)
{
    switch (level) {
    case D_SOL_SOCKET:
        *llevel = SOL_SOCKET;
        *lname = map_to_linux(so_table, N(so_table), name, -1);
        break;
    case IPPROTO_IP:
        *llevel = level;
        *lname = map_to_linux(ip_table, N(ip_table), name, -1);
        break;
    case IPPROTO_IPV6:
        *llevel = level;
        *lname = map_to_linux(ipv6_table, N(ipv6_table), name, -1);
        break;
    case IPPROTO_TCP:
        *llevel = level;
        *lname = map_to_linux(tcp_table, N(tcp_table), name, -1);
        break;
    default:
        *llevel = level;
        *lname = name;
    }
    if (*lname < 0) {
        errno = D_ENOPROTOOPT;
        return -1;
    }
    return 0;
}

static int d_setsockopt(int fd, int level, int name, const void *val, uint32_t len)
{
    if (level == D_SOL_SOCKET && name == D_SO_NOSIGPIPE) {
        if (len < sizeof(int)) {
            errno = D_EINVAL;
            return -1;
        }
        set_nosigpipe(fd, *(const int *)val != 0);
        return 0;
    }
    int ll, ln;
    if (opt_to_linux(level, name, &ll, &ln) < 0)
        return -1;
    if (ll == SOL_SOCKET && (ln == SO_RCVTIMEO || ln == SO_SNDTIMEO)) {
        if (len < sizeof(struct d_timeval)) {
            errno = D_EINVAL;
            return -1;
        }
        const struct d_timeval *t = val;
        struct timeval tv = { t->sec, t->usec };
        return dret(setsockopt(fd, ll, ln, &tv, sizeof tv));
    }
    return dret(setsockopt(fd, ll, ln, val, len));
}
DARWIN_EXPORT("_setsockopt", d_setsockopt);

static int d_getsockopt(int fd, int level, int name, void *val, uint32_t *len)
{
    if (level == D_SOL_SOCKET && name == D_SO_NOSIGPIPE) {
        if (*len < sizeof(int)) {
            errno = D_EINVAL;
            return -1;
        }
        *(int *)val = darwin_fd_nosigpipe(fd);
        *len = sizeof(int);
        return 0;
    }
    if (level == D_SOL_SOCKET && name == D_SO_NREAD) {
        int n = 0;
        extern int ioctl(int, unsigned long, ...);
        if (ioctl(fd, 0x541B /* FIONREAD */, &n) < 0)
            return dret(-1);
        *(int *)val = n;
        *len = sizeof(int);
        return 0;
    }
    int ll, ln;
    if (opt_to_linux(level, name, &ll, &ln) < 0)
        return -1;
    if (ll == SOL_SOCKET && (ln == SO_RCVTIMEO || ln == SO_SNDTIMEO)) {
        struct timeval tv;
        socklen_t sl = sizeof tv;
        if (getsockopt(fd, ll, ln, &tv, &sl) < 0)
            return dret(-1);
        struct d_timeval t = { tv.tv_sec, (int32_t)tv.tv_usec, 0 };
        memcpy(val, &t, *len < sizeof t ? *len : sizeof t);
        *len = sizeof t;
        return 0;
    }
    socklen_t sl = *len;
    if (getsockopt(fd, ll, ln, val, &sl) < 0)
        return dret(-1);
    *len = sl;
    if (ll == SOL_SOCKET && ln == SO_ERROR && sl >= sizeof(int))
        *(int *)val = darwin_errno_from_linux(*(int *)val);
    return 0;
}
DARWIN_EXPORT("_getsockopt", d_getsockopt);

static ssize_t d_sendto(int fd, const void *buf, size_t n, int flags, const void *addr, uint32_t alen)
{
    int l = darwin_msg_flags_to_linux(flags);
    if (darwin_fd_nosigpipe(fd))
        l |= MSG_NOSIGNAL;
    if (!addr)
        return dretl(sendto(fd, buf, n, l, NULL, 0));
    struct sockaddr_storage ss;
    socklen_t sl;
    if (darwin_sockaddr_to_linux(addr, alen, &ss, &sl) < 0)
        return -1;
    return dretl(sendto(fd, buf, n, l, (struct sockaddr *)&ss, sl));
}
DARWIN_EXPORT("_sendto", d_sendto);
DARWIN_EXPORT("_sendto$NOCANCEL", d_sendto);

static ssize_t d_recvfrom(int fd, void *buf, size_t n, int flags, void *addr, uint32_t *alen)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    ssize_t r = recvfrom(fd, buf, n, darwin_msg_flags_to_linux(flags), (struct sockaddr *)&ss, &sl);
    if (r < 0)
        return dretl(-1);
    if (addr && alen)
        darwin_sockaddr_from_linux((struct sockaddr *)&ss, sl, addr, alen);
    return r;
}
DARWIN_EXPORT("_recvfrom", d_recvfrom);
DARWIN_EXPORT("_recvfrom$NOCANCEL", d_recvfrom);

/* Darwin msghdr (48 bytes) and cmsghdr (12-byte header, 4-byte alignment). */
struct d_msghdr {
    void *msg_name;
    uint32_t msg_namelen;
    struct iovec *msg_iov;
    int msg_iovlen;
    void *msg_control;
    uint32_t msg_controllen;
    int msg_flags;
};
_Static_assert(sizeof(struct d_msghdr) == 48, "Darwin msghdr");
struct d_cmsghdr {
    uint32_t cmsg_len;
    int cmsg_level;
    int cmsg_type;
};
#define D_ALIGN(n) (((n) + 3u) & ~3u)

/* One Darwin msghdr as Linux's: the name in *ss, SCM_RIGHTS in cbuf (CBUF_SIZE bytes); other
 * control messages are dropped (partial). */
#define CBUF_SIZE CMSG_SPACE(sizeof(int) * 253)
static int msg_to_linux(const struct d_msghdr *m, struct msghdr *lm, struct sockaddr_storage *ss, char *cbuf)
{
    memset(lm, 0, sizeof *lm);
    socklen_t sl = 0;
    if (m->msg_name && m->msg_namelen) {
        if (darwin_sockaddr_to_linux(m->msg_name, m->msg_namelen, ss, &sl) < 0)
            return -1;
        lm->msg_name = ss;
        lm->msg_namelen = sl;
    }
    lm->msg_iov = m->msg_iov; /* struct iovec agrees */
    lm->msg_iovlen = (size_t)m->msg_iovlen;
    if (m->msg_control && m->msg_controllen >= sizeof(struct d_cmsghdr)) {
        size_t used = 0;
        const uint8_t *p = m->msg_control, *end = p + m->msg_controllen;
        while (p + sizeof(struct d_cmsghdr) <= end) {
            const struct d_cmsghdr *dc = (const void *)p;
            if (dc->cmsg_len < sizeof *dc || p + dc->cmsg_len > end)
                break;
            size_t dlen = dc->cmsg_len - sizeof *dc;
            if (dc->cmsg_level == D_SOL_SOCKET && dc->cmsg_type == 1 /* SCM_RIGHTS */ &&
                used + CMSG_SPACE(dlen) <= CBUF_SIZE) {
                struct cmsghdr *lc = (struct cmsghdr *)(cbuf + used);
                lc->cmsg_len = CMSG_LEN(dlen);
                lc->cmsg_level = SOL_SOCKET;
                lc->cmsg_type = SCM_RIGHTS;
                memcpy(CMSG_DATA(lc), dc + 1, dlen);
                used += CMSG_SPACE(dlen);
            }
            p += D_ALIGN(dc->cmsg_len);
        }
        if (used) {
            lm->msg_control = cbuf;
            lm->msg_controllen = used;
        }
    }
    return 0;
}

/* A Darwin msghdr to receive into: Linux's reads the name into *ss, control into cbuf. */
static void msg_for_recv(const struct d_msghdr *m, struct msghdr *lm, struct sockaddr_storage *ss, char *cbuf)
{
    memset(lm, 0, sizeof *lm);
    lm->msg_name = m->msg_name ? ss : NULL;
    lm->msg_namelen = m->msg_name ? sizeof *ss : 0;
    lm->msg_iov = m->msg_iov;
    lm->msg_iovlen = (size_t)m->msg_iovlen;
    if (m->msg_control && m->msg_controllen) {
        lm->msg_control = cbuf;
        lm->msg_controllen = CBUF_SIZE;
    }
}

/* What recvmsg filled in, back into the Darwin msghdr: name, flags, SCM_RIGHTS. */
static void msg_from_linux(struct d_msghdr *m, struct msghdr *lm, const struct sockaddr_storage *ss)
{
    if (m->msg_name)
        darwin_sockaddr_from_linux((const struct sockaddr *)ss, lm->msg_namelen, m->msg_name, &m->msg_namelen);
    m->msg_flags = darwin_msg_flags_from_linux(lm->msg_flags);
    uint32_t out = 0;
    if (m->msg_control) {
        for (struct cmsghdr *c = CMSG_FIRSTHDR(lm); c; c = CMSG_NXTHDR(lm, c)) {
            if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
                continue;
            size_t dlen = c->cmsg_len - CMSG_LEN(0);
            if (out + sizeof(struct d_cmsghdr) + dlen > m->msg_controllen) {
                m->msg_flags |= 0x20; /* MSG_CTRUNC */
                break;
            }
            struct d_cmsghdr *dc = (void *)((uint8_t *)m->msg_control + out);
            dc->cmsg_len = (uint32_t)(sizeof *dc + dlen);
            dc->cmsg_level = D_SOL_SOCKET;
            dc->cmsg_type = 1;
            memcpy(dc + 1, CMSG_DATA(c), dlen);
            out += D_ALIGN(dc->cmsg_len);
        }
        m->msg_controllen = out;
    }
}

/* Only SCM_RIGHTS crosses; other control messages are dropped (partial). */
static ssize_t d_sendmsg(int fd, const struct d_msghdr *m, int flags)
{
    struct msghdr lm;
    struct sockaddr_storage ss;
    char cbuf[CBUF_SIZE];
    if (msg_to_linux(m, &lm, &ss, cbuf) < 0)
        return -1;
    int l = darwin_msg_flags_to_linux(flags);
    if (darwin_fd_nosigpipe(fd))
        l |= MSG_NOSIGNAL;
    return dretl(sendmsg(fd, &lm, l));
}
DARWIN_EXPORT_PARTIAL("_sendmsg", d_sendmsg);
DARWIN_EXPORT_PARTIAL("_sendmsg$NOCANCEL", d_sendmsg);

static ssize_t d_recvmsg(int fd, struct d_msghdr *m, int flags)
{
    struct msghdr lm;
    struct sockaddr_storage ss;
    char cbuf[CBUF_SIZE];
    msg_for_recv(m, &lm, &ss, cbuf);
    ssize_t r = recvmsg(fd, &lm, darwin_msg_flags_to_linux(flags));
    if (r < 0)
        return dretl(-1);
    msg_from_linux(m, &lm, &ss);
    return r;
}
DARWIN_EXPORT_PARTIAL("_recvmsg", d_recvmsg);
DARWIN_EXPORT_PARTIAL("_recvmsg$NOCANCEL", d_recvmsg);

/* ---- sendmsg_x and recvmsg_x: several datagrams in one call (xnu's private sys/socket.h) ----
 * struct msghdr_x is a msghdr followed by msg_datalen, the length of the datagram received.
 * Both return the number of datagrams moved, or -1 (0 moved and an error). sendmsg_x goes
 * over sendmmsg, at most MSGX_BATCH messages per system call. XNU accepts only
 * MSG_DONTWAIT in flags (EINVAL otherwise); recvmsg_x waits (unless MSG_DONTWAIT) for the
 * first datagram only, then takes what is pending, and stops after a truncated one. */
struct d_msghdr_x {
    struct d_msghdr h;
    size_t msg_datalen;
};
_Static_assert(sizeof(struct d_msghdr_x) == 56, "Darwin msghdr_x");
#define D_MSG_DONTWAIT 0x80
#define D_MSG_TRUNC 0x10
#define MSGX_BATCH 64

struct msgx_batch {
    struct mmsghdr mm[MSGX_BATCH];
    struct sockaddr_storage ss[MSGX_BATCH];
    char cbuf[MSGX_BATCH][CBUF_SIZE];
};

static ssize_t d_sendmsg_x(int fd, const struct d_msghdr_x *msgp, unsigned cnt, int flags)
{
    if (flags & ~D_MSG_DONTWAIT)
        return (errno = D_EINVAL, -1);
    struct msgx_batch *b = malloc(sizeof *b);
    if (!b)
        return (errno = D_ENOMEM, -1);
    int l = darwin_msg_flags_to_linux(flags);
    if (darwin_fd_nosigpipe(fd))
        l |= MSG_NOSIGNAL;
    ssize_t done = 0;
    while ((unsigned)done < cnt) {
        unsigned n = cnt - (unsigned)done < MSGX_BATCH ? cnt - (unsigned)done : MSGX_BATCH;
        for (unsigned i = 0; i < n; i++) {
            memset(&b->mm[i], 0, sizeof b->mm[i]);
            if (msg_to_linux(&msgp[done + i].h, &b->mm[i].msg_hdr, &b->ss[i], b->cbuf[i]) < 0) {
                free(b);
                return done ? done : -1;
            }
        }
        int r = sendmmsg(fd, b->mm, n, l);
        if (r < 0) {
            int e = errno;
            free(b);
            if (done)
                return done;
            errno = e;
            return dretl(-1);
        }
        done += r;
        if ((unsigned)r < n)
            break;
    }
    free(b);
    return done;
}
DARWIN_EXPORT("_sendmsg_x", d_sendmsg_x);

static ssize_t d_recvmsg_x(int fd, struct d_msghdr_x *msgp, unsigned cnt, int flags)
{
    if (flags & ~D_MSG_DONTWAIT)
        return (errno = D_EINVAL, -1);
    /* one recvmsg per datagram, not recvmmsg: Linux's recvmmsg goes on past a truncated
     * datagram, XNU's recvmsg_x returns at it and leaves the next ones queued */
    int l = darwin_msg_flags_to_linux(flags);
    struct sockaddr_storage ss;
    char cbuf[CBUF_SIZE];
    ssize_t done = 0;
    while ((unsigned)done < cnt) {
        struct d_msghdr_x *m = &msgp[done];
        struct msghdr lm;
        msg_for_recv(&m->h, &lm, &ss, cbuf);
        /* after the first datagram, take only what is already pending */
        ssize_t r = recvmsg(fd, &lm, done ? l | MSG_DONTWAIT : l);
        if (r < 0) {
            if (done)
                return done;
            return dretl(-1);
        }
        msg_from_linux(&m->h, &lm, &ss);
        m->msg_datalen = (size_t)r;
        done++;
        if (m->h.msg_flags & D_MSG_TRUNC)
            break;
    }
    return done;
}
DARWIN_EXPORT("_recvmsg_x", d_recvmsg_x);

/* ---- poll and select ---- */
#define D_POLLWRNORM 0x0004
#define D_POLLWRBAND 0x0100

static int d_poll(struct pollfd *fds, unsigned long n, int timeout)
{
    for (unsigned long i = 0; i < n; i++) {
        short e = fds[i].events & 0xff;
        if (fds[i].events & D_POLLWRBAND)
            e |= POLLWRBAND;
        fds[i].events = e;
    }
    int r = poll(fds, n, timeout);
    int err = errno;
    for (unsigned long i = 0; i < n; i++) {
        short re = fds[i].revents, de = re & 0xff & ~POLLWRNORM;
        if (re & POLLWRNORM)
            de |= D_POLLWRNORM;
        if (re & POLLWRBAND)
            de |= D_POLLWRBAND;
        fds[i].revents = de;
        short ee = fds[i].events & 0xff;
        if (fds[i].events & POLLWRBAND)
            ee |= D_POLLWRBAND;
        fds[i].events = ee;
    }
    errno = err;
    return dret(r);
}
DARWIN_EXPORT("_poll", d_poll);
DARWIN_EXPORT("_poll$NOCANCEL", d_poll);

/* fd_set agrees (1024 bits of int32 words); struct timeval's tv_usec is 32-bit on Darwin. */
static int d_select(int n, fd_set *r, fd_set *w, fd_set *e, struct d_timeval *tv)
{
    struct timeval t, *tp = NULL;
    if (tv) {
        t.tv_sec = tv->sec;
        t.tv_usec = tv->usec;
        tp = &t;
    }
    int rc = select(n, r, w, e, tp);
    if (tv) {
        tv->sec = t.tv_sec;
        tv->usec = (int32_t)t.tv_usec;
    }
    return dret(rc);
}
DARWIN_EXPORT("_select", d_select);
DARWIN_EXPORT("_select$DARWIN_EXTSN", d_select);
DARWIN_EXPORT("_select$DARWIN_EXTSN$NOCANCEL", d_select);
DARWIN_EXPORT("_select$1050", d_select);

static int d_pselect(int n, fd_set *r, fd_set *w, fd_set *e, const struct timespec *ts, const uint32_t *dmask)
{
    (void)dmask; /* partial: the temporary signal mask is not applied */
    return dret(pselect(n, r, w, e, ts, NULL));
}
DARWIN_EXPORT_PARTIAL("_pselect", d_pselect);
DARWIN_EXPORT_PARTIAL("_pselect$DARWIN_EXTSN", d_pselect);

/* The SDK's FD_SET checks this; unlimited sets (_DARWIN_UNLIMITED_SELECT) are always fine. */
static int d___darwin_check_fd_set_overflow(int fd, const void *set, int unlimited)
{
    (void)set;
    return unlimited || (fd >= 0 && fd < 1024);
}
DARWIN_EXPORT("___darwin_check_fd_set_overflow", d___darwin_check_fd_set_overflow);

/* BSD sendfile(fd, s, offset, &len, hdtr, flags): file fd to socket s from offset; *len in:
 * bytes to send (0: to the end), out: bytes sent. Headers/trailers go with writev. */
struct d_sf_hdtr {
    struct iovec *headers;
    int hdr_cnt;
    struct iovec *trailers;
    int trl_cnt;
};

static int d_sendfile(int fd, int s, int64_t offset, int64_t *len, struct d_sf_hdtr *hdtr, int flags)
{
    (void)flags;
    int64_t sent = 0;
    if (hdtr && hdtr->headers && hdtr->hdr_cnt > 0) {
        ssize_t w = writev(s, hdtr->headers, hdtr->hdr_cnt);
        if (w < 0) {
            if (len)
                *len = 0;
            return dret(-1);
        }
        sent += w;
    }
    off_t off = offset;
    int64_t want = len && *len ? *len : INT64_MAX;
    while (want > 0) {
        ssize_t w = sendfile(s, fd, &off, want > 0x7ffff000 ? 0x7ffff000 : (size_t)want);
        if (w < 0) {
            if (len)
                *len = sent;
            return dret(-1);
        }
        if (w == 0)
            break;
        sent += w;
        want -= w;
    }
    if (hdtr && hdtr->trailers && hdtr->trl_cnt > 0) {
        ssize_t w = writev(s, hdtr->trailers, hdtr->trl_cnt);
        if (w > 0)
            sent += w;
    }
    if (len)
        *len = sent;
    return 0;
}
DARWIN_EXPORT("_sendfile", d_sendfile);
