/*
 * input.h — opening a file machrun reads as input (a program, a dylib, a profile, a plist,
 * a file to sign or inspect) without ever blocking on it: the open is non-blocking, so a
 * FIFO or a device answers at once, and only a regular file is accepted, as macOS's execve
 * answers a FIFO with EACCES. Header-only and vfork-safe (no heap, system calls only), so
 * the exec paths may use it.
 */
#ifndef MACHRUN_INPUT_H
#define MACHRUN_INPUT_H

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* Why PATH is not a regular file, for a one-line message ("is a directory", "is a FIFO"…). */
static inline const char *mr_input_kind(mode_t mode)
{
    if (S_ISDIR(mode)) return "is a directory";
    if (S_ISFIFO(mode)) return "is a FIFO, not a regular file";
    if (S_ISCHR(mode)) return "is a character device, not a regular file";
    if (S_ISBLK(mode)) return "is a block device, not a regular file";
    if (S_ISSOCK(mode)) return "is a socket, not a regular file";
    return "is not a regular file";
}

/* Open PATH read-only for input. Returns the descriptor (blocking again, close-on-exec), or
 * -1 with errno set: open's own errors, or EISDIR for a directory and EACCES for any other
 * file that is not regular (then *why, if given, says what it is). */
static inline int mr_open_input(const char *path, const char **why)
{
    if (why)
        *why = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        if (why)
            *why = mr_input_kind(st.st_mode);
        errno = S_ISDIR(st.st_mode) ? EISDIR : EACCES;
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

#endif
