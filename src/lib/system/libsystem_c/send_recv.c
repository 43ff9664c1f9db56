/*
 * send_recv.c — send and recv (libsystem_c's on macOS, over sendto/recvfrom there): Darwin's
 * MSG_ flags translated, and SO_NOSIGPIPE honoured with MSG_NOSIGNAL.
 */
#define _GNU_SOURCE
#include <sys/socket.h>

#include "machrun/darwin/private.h"
#include "machrun/darwin/socket.h"

static ssize_t d_send(int fd, const void *buf, size_t n, int flags)
{
    int l = darwin_msg_flags_to_linux(flags);
    if (darwin_fd_nosigpipe(fd))
        l |= MSG_NOSIGNAL;
    return dretl(send(fd, buf, n, l));
}
DARWIN_EXPORT("_send", d_send);
DARWIN_EXPORT("_send$NOCANCEL", d_send);

static ssize_t d_recv(int fd, void *buf, size_t n, int flags)
{
    return dretl(recv(fd, buf, n, darwin_msg_flags_to_linux(flags)));
}
DARWIN_EXPORT("_recv", d_recv);
DARWIN_EXPORT("_recv$NOCANCEL", d_recv);
