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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machrun/exec_image.h"

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
    enum exec_image_kind k = exec_image_classify(hdr, (size_t)n);
    if (exec_image_is_macho(k))
        return true;
    if (k == EXEC_IMAGE_SCRIPT && depth < 4) {
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

/* A 32-bit ELF program: the 64-bit shim cannot be preloaded into it (ld.so would complain). */
static inline bool exec_is_elf32(const char *path)
{
    unsigned char h[5];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, h, sizeof h);
    close(fd);
    return n == 5 && exec_image_classify(h, 5) == EXEC_IMAGE_ELF32;
}

/* The environment variables by which machrun hands the shim to host programs. */
#define EXEC_SHIM_NAME "libmachrun-exec.so"
#define EXEC_SHIM_EXE_VAR "MACHRUN_EXE"

/* LD_PRELOAD's list (pre) less the shim, into keep; returns its length (0: nothing left). */
static inline size_t exec_shim_strip_preload(const char *pre, char *keep, size_t n)
{
    size_t k = 0, name = sizeof EXEC_SHIM_NAME - 1;
    for (const char *p = pre; *p;) {
        const char *e = p + strcspn(p, ": ");
        size_t l = (size_t)(e - p);
        bool ours = l >= name && !memcmp(e - name, EXEC_SHIM_NAME, name);
        if (l && !ours && k + l + 2 < n) {
            if (k)
                keep[k++] = ':';
            memcpy(keep + k, p, l);
            k += l;
        }
        p = *e ? e + 1 : e;
    }
    keep[k] = 0;
    return k;
}

/* Take the shim's variables out of this process's environment: MACHRUN_EXE, and the shim's
 * entry in LD_PRELOAD (the variable goes when nothing else is left in it). */
static inline void exec_shim_take_env(void)
{
    if (getenv(EXEC_SHIM_EXE_VAR)) /* unsetenv takes the environment lock even for nothing */
        unsetenv(EXEC_SHIM_EXE_VAR);
    const char *pre = getenv("LD_PRELOAD");
    if (!pre || !strstr(pre, EXEC_SHIM_NAME))
        return;
    char keep[4096];
    if (exec_shim_strip_preload(pre, keep, sizeof keep))
        setenv("LD_PRELOAD", keep, 1);
    else
        unsetenv("LD_PRELOAD");
}

/* envp with the shim's variables into out (room for count(envp) + 3 entries): preload_var
 * ("LD_PRELOAD=SHIM") put in front of an LD_PRELOAD already there (the joined string in pre,
 * prelen bytes), and exe_var ("MACHRUN_EXE=..."), replacing any there. Stack only: this
 * may run in a vfork child. */
static inline void exec_shim_fill_env(char *const envp[], const char **out, char *pre, size_t prelen,
                                      const char *preload_var, const char *exe_var)
{
    int k = 0;
    bool had = false;
    for (int i = 0; envp && envp[i]; i++) {
        if (!strncmp(envp[i], EXEC_SHIM_EXE_VAR "=", sizeof EXEC_SHIM_EXE_VAR))
            continue;
        if (!strncmp(envp[i], "LD_PRELOAD=", 11) && !had) {
            had = true;
            size_t need = strlen(preload_var) + strlen(envp[i] + 11) + 2;
            if (strstr(envp[i], EXEC_SHIM_NAME) || need > prelen) {
                out[k++] = envp[i];
            } else {
                size_t a = strlen(preload_var);
                memcpy(pre, preload_var, a);
                pre[a] = ':';
                memcpy(pre + a + 1, envp[i] + 11, strlen(envp[i] + 11) + 1);
                out[k++] = pre;
            }
            continue;
        }
        out[k++] = envp[i];
    }
    if (!had)
        out[k++] = preload_var;
    out[k++] = exe_var;
    out[k] = NULL;
}

#endif
