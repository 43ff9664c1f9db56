/* socket.h — sockaddr and flag translation shared by socket.c, netdb.c and kqueue.c. */
#ifndef MACHRUN_DARWIN_SOCKET_H
#define MACHRUN_DARWIN_SOCKET_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

int darwin_af_to_linux(int darwin_af);    /* -1 if unsupported */
int darwin_af_from_linux(int linux_af);
int darwin_msg_flags_to_linux(int d);
int darwin_msg_flags_from_linux(int l);
/* A Darwin sockaddr (sa_len, sa_family) to Linux's; -1 with a Darwin errno when unsupported. */
int darwin_sockaddr_to_linux(const void *dsa, uint32_t dlen, struct sockaddr_storage *out, socklen_t *outlen);
/* A Linux sockaddr into a Darwin buffer of *dlen bytes (truncated as accept(2) does);
 * *dlen becomes the full Darwin length. */
void darwin_sockaddr_from_linux(const struct sockaddr *lsa, socklen_t llen, void *dsa, uint32_t *dlen);
/* SO_NOSIGPIPE set on this descriptor? (write(2) then suppresses SIGPIPE) */
bool darwin_fd_nosigpipe(int fd);
void darwin_fd_closed_socket(int fd); /* forget SO_NOSIGPIPE for a closed descriptor */

#endif
