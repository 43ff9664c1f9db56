/*
 * launchd.h — machrun's launchd (src/launchd/): jobs from launchd property lists, a
 * supervisor that runs and keeps them alive, and the text protocol launchctl speaks to it.
 */
#ifndef MACHRUN_LAUNCHD_H
#define MACHRUN_LAUNCHD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Validate a plist without loading it: prints each problem as "FILE: KEY: problem";
 * returns the number of problems (0 = valid). */
int launchd_lint(const char *path);

/* The control socket path for this user: $MACHRUN_LAUNCHD_SOCKET, else
 * $XDG_RUNTIME_DIR/machrun/launchd.sock, else /tmp/machrun-UID/launchd.sock. */
void launchd_socket_path(char *buf, size_t n);

/* Run the supervisor (never returns until SIGTERM/SIGINT; then stops the jobs). */
int launchd_run(char **dirs, int ndirs, bool foreground);

#endif
