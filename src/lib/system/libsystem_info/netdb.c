/*
 * netdb.c — name resolution with Darwin's structures: getaddrinfo (Darwin's addrinfo puts
 * ai_canonname before ai_addr, and its AI_/EAI_ values differ), freeaddrinfo, gai_strerror
 * with Darwin's texts, getnameinfo (NI_ flags), gethostbyname/gethostbyaddr (AF values),
 * getifaddrs with Darwin sockaddrs, if_nametoindex/if_indextoname, and the service/protocol
 * databases (their structs agree).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/darwin/private.h"
#include "machrun/darwin/socket.h"

struct d_addrinfo {
    int ai_flags;
    int ai_family;
    int ai_socktype;
    int ai_protocol;
    uint32_t ai_addrlen;
    char *ai_canonname;
    void *ai_addr;
    struct d_addrinfo *ai_next;
};

static const struct {
    int darwin, linux_;
} ai_flags[] = {
    { 0x1, AI_PASSIVE }, { 0x2, AI_CANONNAME }, { 0x4, AI_NUMERICHOST }, { 0x1000, AI_NUMERICSERV },
    { 0x400, AI_ADDRCONFIG }, { 0x800, AI_V4MAPPED }, { 0x100, AI_ALL },
};
#define D_AI_V4MAPPED_CFG 0x200
#define D_AI_UNUSABLE 0x10000000
#define D_EAI_FAIL 4 /* Darwin's <netdb.h> EAI_ values, as in eai_table */
#define D_EAI_FAMILY 5
#define D_EAI_MEMORY 6

static const struct {
    int darwin, linux_;
    const char *message;
} eai_table[] = {
    { 1, EAI_ADDRFAMILY, "Address family for nodename not supported" },
    { 2, EAI_AGAIN, "Temporary failure in name resolution" },
    { 3, EAI_BADFLAGS, "Invalid value for ai_flags" },
    { 4, EAI_FAIL, "Non-recoverable failure in name resolution" },
    { 5, EAI_FAMILY, "ai_family not supported" },
    { 6, EAI_MEMORY, "Memory allocation failure" },
    { 7, EAI_NODATA, "No address associated with nodename" },
    { 8, EAI_NONAME, "nodename nor servname provided, or not known" },
    { 9, EAI_SERVICE, "servname not supported for ai_socktype" },
    { 10, EAI_SOCKTYPE, "ai_socktype not supported" },
    { 11, EAI_SYSTEM, "System error" },
    { 12, 0, "Invalid value for hints" },
    { 13, 0, "Resolved protocol is unknown" },
    { 14, EAI_OVERFLOW, "Argument buffer overflow" },
};

static int eai_to_darwin(int l)
{
    for (size_t i = 0; i < sizeof eai_table / sizeof eai_table[0]; i++)
        if (eai_table[i].linux_ == l && l != 0)
            return eai_table[i].darwin;
    return D_EAI_FAIL;
}

static const char *d_gai_strerror(int e)
{
    if (e == 0)
        return "Success";
    for (size_t i = 0; i < sizeof eai_table / sizeof eai_table[0]; i++)
        if (eai_table[i].darwin == e)
            return eai_table[i].message;
    return "Unknown error";
}
DARWIN_EXPORT("_gai_strerror", d_gai_strerror);

static void d_freeaddrinfo(struct d_addrinfo *ai)
{
    while (ai) {
        struct d_addrinfo *n = ai->ai_next;
        free(ai->ai_canonname);
        free(ai->ai_addr);
        free(ai);
        ai = n;
    }
}
DARWIN_EXPORT("_freeaddrinfo", d_freeaddrinfo);

static int d_getaddrinfo(const char *node, const char *service, const struct d_addrinfo *hints,
                         struct d_addrinfo **res)
{
    struct addrinfo lh, *lhp = NULL, *lres = NULL;
    *res = NULL;
    if (hints) {
        memset(&lh, 0, sizeof lh);
        for (size_t i = 0; i < sizeof ai_flags / sizeof ai_flags[0]; i++)
            if (hints->ai_flags & ai_flags[i].darwin)
                lh.ai_flags |= ai_flags[i].linux_;
        if (hints->ai_flags & D_AI_V4MAPPED_CFG)
            lh.ai_flags |= AI_V4MAPPED;
        int fam = darwin_af_to_linux(hints->ai_family);
        if (fam < 0)
            return D_EAI_FAMILY;
        lh.ai_family = fam;
        lh.ai_socktype = hints->ai_socktype;
        lh.ai_protocol = hints->ai_protocol;
        lhp = &lh;
    }
    int rc = getaddrinfo(node, service, lhp, &lres);
    if (rc) {
        if (rc == EAI_SYSTEM)
            errno = darwin_errno_from_linux(errno);
        return eai_to_darwin(rc);
    }
    struct d_addrinfo **tail = res;
    for (struct addrinfo *a = lres; a; a = a->ai_next) {
        struct d_addrinfo *d = calloc(1, sizeof *d);
        uint8_t sa[sizeof(struct sockaddr_storage)];
        uint32_t dlen = sizeof sa;
        if (!d) {
            d_freeaddrinfo(*res);
            freeaddrinfo(lres);
            *res = NULL;
            return D_EAI_MEMORY;
        }
        darwin_sockaddr_from_linux(a->ai_addr, a->ai_addrlen, sa, &dlen);
        d->ai_flags = hints ? hints->ai_flags : 0;
        d->ai_family = darwin_af_from_linux(a->ai_family);
        d->ai_socktype = a->ai_socktype;
        d->ai_protocol = a->ai_protocol;
        d->ai_addrlen = dlen;
        d->ai_addr = malloc(dlen);
        if (d->ai_addr)
            memcpy(d->ai_addr, sa, dlen);
        d->ai_canonname = a->ai_canonname ? strdup(a->ai_canonname) : NULL;
        *tail = d;
        tail = &d->ai_next;
    }
    freeaddrinfo(lres);
    return 0;
}
DARWIN_EXPORT("_getaddrinfo", d_getaddrinfo);

static int d_getnameinfo(const void *sa, uint32_t salen, char *host, uint32_t hostlen, char *serv, uint32_t servlen,
                         int flags)
{
    struct sockaddr_storage ss;
    socklen_t sl;
    if (darwin_sockaddr_to_linux(sa, salen, &ss, &sl) < 0)
        return D_EAI_FAMILY;
    int l = 0;
    if (flags & 0x1) l |= NI_NOFQDN;
    if (flags & 0x2) l |= NI_NUMERICHOST;
    if (flags & 0x4) l |= NI_NAMEREQD;
    if (flags & 0x8) l |= NI_NUMERICSERV;
    if (flags & 0x10) l |= NI_DGRAM;
    int rc = getnameinfo((struct sockaddr *)&ss, sl, host, hostlen, serv, servlen, l);
    return rc ? eai_to_darwin(rc) : 0;
}
DARWIN_EXPORT("_getnameinfo", d_getnameinfo);

/* hostent agrees but for h_addrtype's AF value: hand out a per-thread copy. Darwin's h_errno
 * is a plain variable (glibc's is per thread): it is set after each lookup (HOST_NOT_FOUND 1,
 * TRY_AGAIN 2, NO_RECOVERY 3, NO_DATA 4 agree). */
static __thread struct hostent tls_he;
static int d_h_errno;
DARWIN_EXPORT_DATA("_h_errno", d_h_errno);

static struct hostent *fix_hostent(struct hostent *h)
{
    d_h_errno = h ? 0 : h_errno;
    if (!h)
        return NULL;
    tls_he = *h;
    tls_he.h_addrtype = darwin_af_from_linux(h->h_addrtype);
    return &tls_he;
}

static struct hostent *d_gethostbyname(const char *name) { return fix_hostent(gethostbyname(name)); }
DARWIN_EXPORT("_gethostbyname", d_gethostbyname);

static struct hostent *d_gethostbyname2(const char *name, int af)
{
    int l = darwin_af_to_linux(af);
    return l < 0 ? NULL : fix_hostent(gethostbyname2(name, l));
}
DARWIN_EXPORT("_gethostbyname2", d_gethostbyname2);

static struct hostent *d_gethostbyaddr(const void *addr, uint32_t len, int af)
{
    int l = darwin_af_to_linux(af);
    return l < 0 ? NULL : fix_hostent(gethostbyaddr(addr, len, l));
}
DARWIN_EXPORT("_gethostbyaddr", d_gethostbyaddr);

DARWIN_EXPORT("_hstrerror", hstrerror);
DARWIN_EXPORT("_herror", herror);

DARWIN_EXPORT("_if_nametoindex", if_nametoindex);
DARWIN_EXPORT("_if_indextoname", if_indextoname);
DARWIN_EXPORT("_getservbyname", getservbyname);
DARWIN_EXPORT("_getservbyport", getservbyport);
DARWIN_EXPORT("_getprotobyname", getprotobyname);
DARWIN_EXPORT("_getprotobynumber", getprotobynumber);

/* getifaddrs: struct ifaddrs agrees; the sockaddrs are converted into one allocation per
 * entry. Linux's AF_PACKET entries (Darwin would show AF_LINK) are left out. */
struct d_ifaddrs {
    struct d_ifaddrs *ifa_next;
    char *ifa_name;
    unsigned int ifa_flags;
    void *addr, *netmask, *dstaddr; /* ifa_addr, ifa_netmask, ifa_dstaddr */
    void *data;
};

static void *copy_sa(const struct sockaddr *sa, uint8_t **pool)
{
    if (!sa)
        return NULL;
    socklen_t l = sa->sa_family == AF_INET ? sizeof(struct sockaddr_in)
                : sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr);
    uint32_t dlen = 128;
    void *out = *pool;
    darwin_sockaddr_from_linux(sa, l, out, &dlen);
    *pool += 128;
    return out;
}

static int d_getifaddrs(struct d_ifaddrs **out)
{
    struct ifaddrs *l;
    if (getifaddrs(&l) < 0)
        return dret(-1);
    struct d_ifaddrs *head = NULL, **tail = &head;
    for (struct ifaddrs *a = l; a; a = a->ifa_next) {
        if (a->ifa_addr && a->ifa_addr->sa_family != AF_INET && a->ifa_addr->sa_family != AF_INET6)
            continue;
        size_t nlen = strlen(a->ifa_name) + 1;
        uint8_t *blk = calloc(1, sizeof(struct d_ifaddrs) + 3 * 128 + nlen);
        if (!blk)
            break;
        struct d_ifaddrs *d = (void *)blk;
        uint8_t *pool = blk + sizeof *d;
        d->ifa_flags = a->ifa_flags; /* IFF_UP 1, BROADCAST 2, LOOPBACK 8, RUNNING 0x40 agree */
        d->addr = copy_sa(a->ifa_addr, &pool);
        d->netmask = copy_sa(a->ifa_netmask, &pool);
        d->dstaddr = copy_sa(a->ifa_broadaddr, &pool);
        d->ifa_name = (char *)blk + sizeof *d + 3 * 128;
        memcpy(d->ifa_name, a->ifa_name, nlen);
        *tail = d;
        tail = &d->ifa_next;
    }
    freeifaddrs(l);
    *out = head;
    return 0;
}
DARWIN_EXPORT_PARTIAL("_getifaddrs", d_getifaddrs);

static void d_freeifaddrs(struct d_ifaddrs *a)
{
    while (a) {
        struct d_ifaddrs *n = a->ifa_next;
        free(a);
        a = n;
    }
}
DARWIN_EXPORT("_freeifaddrs", d_freeifaddrs);
