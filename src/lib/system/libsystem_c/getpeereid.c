/*
 * getpeereid.c — getpeereid (libsystem_c's on macOS): a Unix-domain socket's peer ids.
 */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

/* getpeereid(2): the effective ids of a Unix-domain socket's peer (SO_PEERCRED; Darwin's
 * comes from LOCAL_PEERCRED, the same credentials). Not a socket: ENOTSOCK; not Unix: ENOTCONN
 * or EINVAL as the kernel says. */
static int d_getpeereid(int fd, uid_t *uid, gid_t *gid)
{
    struct ucred c;
    socklen_t l = sizeof c;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &c, &l) < 0)
        return dret(-1);
    if (uid)
        *uid = c.uid;
    if (gid)
        *gid = c.gid;
    return 0;
}
DARWIN_EXPORT("_getpeereid", d_getpeereid);
