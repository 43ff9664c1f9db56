/*
 * reexec.c — execve from a guest: a Mach-O (thin, fat, or a #! script whose interpreter
 * chain ends in a Mach-O) re-enters machrun's pipeline in place — the kernel's execve of
 * machrun itself with the program, so the pid stays and the new image replaces the old;
 * anything else (ELF, shell scripts) goes to the kernel's execve directly.
 *
 * Safe in a vfork child: no heap allocation, only the stack and system calls.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "machrun/exec.h"

static char self_path[PATH_MAX];

void exec_remember_self(void)
{
    ssize_t n = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
    self_path[n > 0 ? n : 0] = 0;
}

/* Does running `path` need machrun? depth bounds #! chains. */
static bool needs_machrun(const char *path, int depth)
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
    if (m == MO_MH_MAGIC_64 || m == MO_MH_MAGIC || m == MO_MH_CIGAM_64 || m == MO_MH_CIGAM)
        return true;
    if (n >= 8 && (m == 0xbebafecau || m == 0xbfbafecau)) {
        uint32_t nf;
        memcpy(&nf, hdr + 4, 4);
        nf = __builtin_bswap32(nf);
        return nf > 0 && nf <= 30; /* not a Java class file */
    }
    if (hdr[0] == '#' && hdr[1] == '!' && depth < 4) {
        size_t i = 2;
        while (i < (size_t)n && (hdr[i] == ' ' || hdr[i] == '\t'))
            i++;
        size_t s = i;
        while (i < (size_t)n && hdr[i] != ' ' && hdr[i] != '\t' && hdr[i] != '\n' && hdr[i] != '\r')
            i++;
        if (i == s || i - s >= PATH_MAX)
            return false;
        char interp[PATH_MAX];
        memcpy(interp, hdr + s, i - s);
        interp[i - s] = 0;
        return needs_machrun(interp, depth + 1);
    }
    return false;
}

int exec_guest_execve(const char *path, char *const argv[], char *const envp[], bool no_aslr)
{
    if (!needs_machrun(path, 0) || !self_path[0]) {
        execve(path, argv, envp);
        return -1;
    }
    int argc = 0;
    while (argv && argv[argc])
        argc++;
    /* machrun [--no-aslr] --argv0 ARGV0 -- PATH ARGS... */
    const char *nargv[argc + 8];
    int k = 0;
    nargv[k++] = self_path;
    if (no_aslr || exec_opts.no_aslr)
        nargv[k++] = "--no-aslr";
    if (argc > 0) {
        nargv[k++] = "--argv0";
        nargv[k++] = argv[0];
    }
    nargv[k++] = "--";
    nargv[k++] = path;
    for (int i = 1; i < argc; i++)
        nargv[k++] = argv[i];
    nargv[k] = NULL;
    execve(self_path, (char *const *)nargv, envp);
    return -1;
}
