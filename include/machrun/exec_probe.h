/*
 * exec_probe.h — does running a file need machrun? Shared by the guest's execve
 * (src/exec/reexec.c) and the exec shim that host programs load (src/shim/exec_shim.c).
 * Header-only and safe in a vfork child: no heap, only the stack and system calls.
 */
#ifndef MACHRUN_EXEC_PROBE_H
#define MACHRUN_EXEC_PROBE_H

#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

/* A Mach-O (thin, either byte order), a universal file (not a Java class file, which shares
 * its magic), or a #! script whose interpreter chain (at most 4 deep) ends in one. */
static inline bool exec_needs_machrun(const char *path, int depth)
{
    unsigned char hdr[512];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, hdr, sizeof hdr);
    close(fd);
    if (n < 4)
        return false;
    uint32_t m;
    memcpy(&m, hdr, 4);
    if (m == 0xfeedfacfu || m == 0xfeedfaceu || m == 0xcffaedfeu || m == 0xcefaedfeu)
        return true;
    if (n >= 8 && (m == 0xbebafecau || m == 0xbfbafecau)) {
        uint32_t nf;
        memcpy(&nf, hdr + 4, 4);
        nf = __builtin_bswap32(nf);
        return nf > 0 && nf <= 30;
    }
    if (hdr[0] == '#' && hdr[1] == '!' && depth < 4) {
        ssize_t i = 2;
        while (i < n && (hdr[i] == ' ' || hdr[i] == '\t'))
            i++;
        ssize_t s = i;
        while (i < n && hdr[i] != ' ' && hdr[i] != '\t' && hdr[i] != '\n' && hdr[i] != '\r')
            i++;
        if (i == s || i - s >= PATH_MAX)
            return false;
        char interp[PATH_MAX];
        memcpy(interp, hdr + s, (size_t)(i - s));
        interp[i - s] = 0;
        return exec_needs_machrun(interp, depth + 1);
    }
    return false;
}

/* The environment variables by which machrun hands the shim to host programs. */
#define EXEC_SHIM_NAME "libmachrun-exec.so"
#define EXEC_SHIM_EXE_VAR "MACHRUN_EXE"

#endif
