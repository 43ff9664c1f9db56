/* socketjob.c — a Mach-O job started on demand: takes its socket with launch_activate_socket,
 * answers one connection, exits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

extern int launch_activate_socket(const char *name, int **fds, size_t *cnt);

int main(void)
{
    int *fds;
    size_t n;
    int rc = launch_activate_socket("Listener", &fds, &n);
    if (rc != 0) {
        fprintf(stderr, "launch_activate_socket: %d\n", rc);
        return 1;
    }
    int c = accept(fds[0], NULL, NULL);
    const char msg[] = "hello from an on-demand Mach-O job\n";
    write(c, msg, sizeof msg - 1);
    close(c);
    size_t m;
    int *none;
    printf("unknown name: %d\n", launch_activate_socket("Nope", &none, &m));
    return 0;
}
