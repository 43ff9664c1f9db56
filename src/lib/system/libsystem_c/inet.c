/*
 * inet.c — the inet(3) address conversions libsystem_c exports: inet_pton/inet_ntop with
 * Darwin's AF_INET6 (30, not Linux's 10), and inet_addr/aton/ntoa/network, whose in_addr
 * agrees with Linux's.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>

#include "machrun/darwin/private.h"
#include "machrun/darwin/socket.h"

static int d_inet_pton(int af, const char *src, void *dst)
{
    int l = darwin_af_to_linux(af);
    if (l < 0) {
        errno = D_EAFNOSUPPORT;
        return -1;
    }
    return dret(inet_pton(l, src, dst));
}
DARWIN_EXPORT("_inet_pton", d_inet_pton);

static const char *d_inet_ntop(int af, const void *src, char *dst, uint32_t size)
{
    int l = darwin_af_to_linux(af);
    if (l < 0) {
        errno = D_EAFNOSUPPORT;
        return NULL;
    }
    const char *r = inet_ntop(l, src, dst, size);
    if (!r)
        errno = darwin_errno_from_linux(errno);
    return r;
}
DARWIN_EXPORT("_inet_ntop", d_inet_ntop);

DARWIN_EXPORT("_inet_addr", inet_addr);
DARWIN_EXPORT("_inet_aton", inet_aton);
DARWIN_EXPORT("_inet_ntoa", inet_ntoa);
DARWIN_EXPORT("_inet_network", inet_network);
