/*
 * activate.c — exec_activate_image in user space: the execsw table of image activators,
 * tried in order on the file's first page, as XNU does: thin Mach-O, fat/universal,
 * #! interpreter scripts, and ELF (handed to the real execve). A Mach-O goes on to dyld.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "machrun/dyld.h"
#include "machrun/exec.h"
#include "machrun/exec_image.h"

#define HDR_PAGE 4096
#define MAX_INTERP_DEPTH 4   /* nested #! interpreters allowed before ELOOP-like refusal */

struct image_params {
    const char *path;        /* the file being activated */
    char **argv;
    char **envp;
    int fd;                  /* open on the file; an activator that keeps it sets it to -1 */
    unsigned char hdr[HDR_PAGE];
    size_t hdr_len;
    int depth;               /* #! nesting */
};

/* An activator returns -1 when the file is not its kind, else an exit status (it returns
 * only on failure). */
typedef int (*activator_fn)(struct image_params *ip);

static int activate(const char *path, char **argv, char **envp, int depth);

static int fail(int status, const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "machrun: ");
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    return status;
}

static int run_macho(struct image_params *ip)
{
    struct exec_file f;
    char msg[512];
    int rc = exec_open_macho_fd(ip->fd, ip->path, &f, msg, sizeof msg);
    ip->fd = -1;
    if (rc)
        return fail(rc, "%s%s", msg, "");
    if (f.mo.filetype != MO_MH_EXECUTE) {
        const char *kind = f.mo.filetype == MO_MH_DYLIB ? "a dynamic library (MH_DYLIB)"
                         : f.mo.filetype == MO_MH_BUNDLE ? "a bundle (MH_BUNDLE)"
                         : "not an executable";
        exec_close(&f);
        return fail(MR_EXIT_CANNOT_EXECUTE, "%s: %s: cannot execute", ip->path, kind);
    }
    if ((rc = exec_check_signature(&f, msg, sizeof msg)) != 0) {
        exec_close(&f);
        return fail(rc, "%s%s", msg, "");
    }
    const char *base = strrchr(ip->path, '/');
    prctl(PR_SET_NAME, base ? base + 1 : ip->path, 0, 0, 0);
    dyld_start(&f, ip->argv, ip->envp);
}

static int act_macho(struct image_params *ip)
{
    enum exec_image_kind k = exec_image_classify(ip->hdr, ip->hdr_len);
    if (k == EXEC_IMAGE_MACHO32)
        return fail(MR_EXIT_CANNOT_EXECUTE, "%s: 32-bit Mach-O (%s) is not supported: cannot execute", ip->path,
                    "i386/arm");
    if (k == EXEC_IMAGE_MACHO64_SWAPPED)
        return fail(MR_EXIT_CANNOT_EXECUTE, "%s: big-endian Mach-O%s: cannot execute", ip->path, "");
    if (k != EXEC_IMAGE_MACHO64)
        return -1;
    return run_macho(ip);
}

static int act_fat(struct image_params *ip)
{
    /* (not a Java class file, which shares the magic: exec_image.h bounds the arch count) */
    if (exec_image_classify(ip->hdr, ip->hdr_len) != EXEC_IMAGE_FAT)
        return -1;
    return run_macho(ip);
}

static int act_script(struct image_params *ip)
{
    if (exec_image_classify(ip->hdr, ip->hdr_len) != EXEC_IMAGE_SCRIPT)
        return -1;
    if (ip->depth >= MAX_INTERP_DEPTH)
        return fail(MR_EXIT_CANNOT_EXECUTE, "%s: too many levels of #! interpreters%s", ip->path, "");
    size_t end = 2;
    while (end < ip->hdr_len && ip->hdr[end] != '\n')
        end++;
    if (end == ip->hdr_len && ip->hdr_len == HDR_PAGE)
        return fail(MR_EXIT_CANNOT_EXECUTE, "%s: #! line too long%s", ip->path, "");
    char line[HDR_PAGE];
    memcpy(line, ip->hdr + 2, end - 2);
    line[end - 2] = 0;
    /* Split on blanks, as XNU does: interpreter, then each argument. */
    char *words[64];
    int nw = 0;
    for (char *s = strtok(line, " \t\r"); s && nw < 63; s = strtok(NULL, " \t\r"))
        words[nw++] = s;
    if (nw == 0)
        return fail(MR_EXIT_CANNOT_EXECUTE, "%s: #! names no interpreter%s", ip->path, "");
    int argc = 0;
    while (ip->argv[argc])
        argc++;
    char **nargv = calloc((size_t)(nw + argc + 2), sizeof *nargv);
    if (!nargv)
        return fail(MR_EXIT_CANNOT_EXECUTE, "%s: out of memory%s", ip->path, "");
    int k = 0;
    for (int i = 0; i < nw; i++)
        nargv[k++] = words[i];
    nargv[k++] = (char *)ip->path;
    for (int i = 1; i < argc; i++)
        nargv[k++] = ip->argv[i];
    nargv[k] = NULL;
    close(ip->fd); /* the interpreter must not inherit the script's descriptor */
    ip->fd = -1;
    return activate(words[0], nargv, ip->envp, ip->depth + 1);
}

static int act_elf(struct image_params *ip)
{
    if (!exec_image_is_elf(exec_image_classify(ip->hdr, ip->hdr_len)))
        return -1;
    execve(ip->path, ip->argv, ip->envp);
    int e = errno;
    return fail(e == ENOENT ? MR_EXIT_NOT_FOUND : MR_EXIT_CANNOT_EXECUTE, "%s: %s", ip->path, strerror(e));
}

/* The execsw table, in XNU's order of trial. */
static const struct execsw {
    activator_fn fn;
    const char *name;
} execsw[] = {
    { act_macho, "Mach-o Binary" },
    { act_fat, "Fat Binary" },
    { act_script, "Interpreter Script" },
    { act_elf, "ELF (host)" },
};

static int activate(const char *path, char **argv, char **envp, int depth)
{
    struct image_params ip = { .path = path, .argv = argv, .envp = envp, .depth = depth };
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        return fail(e == ENOENT || e == ENOTDIR ? MR_EXIT_NOT_FOUND : MR_EXIT_CANNOT_EXECUTE, "%s: %s", path,
                    strerror(e));
    }
    ssize_t n = read(fd, ip.hdr, sizeof ip.hdr);
    if (n < 0 || access(path, X_OK) != 0) {
        int e = errno;
        close(fd);
        return fail(MR_EXIT_CANNOT_EXECUTE, "%s: %s", path, strerror(e));
    }
    ip.hdr_len = (size_t)n;
    ip.fd = fd;
    for (size_t i = 0; i < sizeof execsw / sizeof execsw[0]; i++) {
        int rc = execsw[i].fn(&ip);
        if (rc >= 0) {
            if (ip.fd >= 0)
                close(ip.fd);
            return rc;
        }
    }
    close(fd);
    return fail(MR_EXIT_CANNOT_EXECUTE, "%s: not a Mach-O, universal, #! script or ELF file: %s", path,
                "cannot execute");
}

/* PATH search for a program name without a slash, as execvp does. */
static char *search_path(const char *name)
{
    const char *p = getenv("PATH");
    if (!p || !*p)
        p = "/usr/bin:/bin:/usr/sbin:/sbin";
    char buf[PATH_MAX];
    /* the executable candidate, else the first that exists (activate reports why it cannot run) */
    return exec_path_find(p, name, buf) == ENOENT ? NULL : strdup(buf);
}

int exec_activate(const char *path, char **argv, char **envp)
{
    /* A bare name: the file in the current folder if there is one (as qemu-user and wine do),
     * else a PATH search as execvp does. */
    if (!strchr(path, '/') && access(path, F_OK) != 0) {
        char *full = search_path(path);
        if (!full)
            return fail(MR_EXIT_NOT_FOUND, "%s: command not found%s", path, "");
        return activate(full, argv, envp, 0);
    }
    return activate(path, argv, envp, 0);
}
