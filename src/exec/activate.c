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

#include "machrun/input.h"
#include "machrun/dyld.h"
#include "machrun/exec.h"
#include "machrun/exec_image.h"
#include "exec_private.h"

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
    const struct exec_options *opts;
    struct mr_error *err;    /* why the activation failed */
};

/* An activator returns NOT_MINE when the file is not its kind, else (it returns only on
 * failure) a negative MO_E* code with ip->err filled. */
#define NOT_MINE 1
typedef int (*activator_fn)(struct image_params *ip);

static int activate(const char *path, char **argv, char **envp, int depth, const struct exec_options *opts,
                    struct mr_error *err);

#define fail(ip, code, ...) mr_errorf((ip)->err, (code), __VA_ARGS__)

/* A Mach-O executable: load it (load.c) and hand the result to dyld. */
static int run_macho(struct image_params *ip)
{
    static struct exec_load_result lr; /* lives as long as the program */
    int rc = exec_load_macho(ip->fd, ip->path, ip->argv, ip->envp, ip->opts, &lr, ip->err);
    ip->fd = -1;
    if (rc)
        return rc;
    const char *base = strrchr(ip->path, '/');
    prctl(PR_SET_NAME, base ? base + 1 : ip->path, 0, 0, 0);
    dyld_start(&lr);
}

static int act_macho(struct image_params *ip)
{
    enum exec_image_kind k = exec_image_classify(ip->hdr, ip->hdr_len);
    if (k == EXEC_IMAGE_MACHO32)
        return fail(ip, MO_ENOARCH, "%s: 32-bit Mach-O (i386/arm) is not supported: cannot execute", ip->path);
    if (k == EXEC_IMAGE_MACHO64_SWAPPED)
        return fail(ip, MO_ENOARCH, "%s: big-endian Mach-O: cannot execute", ip->path);
    if (k != EXEC_IMAGE_MACHO64)
        return NOT_MINE;
    return run_macho(ip);
}

static int act_fat(struct image_params *ip)
{
    /* (not a Java class file, which shares the magic: exec_image.h bounds the arch count) */
    if (exec_image_classify(ip->hdr, ip->hdr_len) != EXEC_IMAGE_FAT)
        return NOT_MINE;
    return run_macho(ip);
}

static int act_script(struct image_params *ip)
{
    if (exec_image_classify(ip->hdr, ip->hdr_len) != EXEC_IMAGE_SCRIPT)
        return NOT_MINE;
    if (ip->depth >= MAX_INTERP_DEPTH)
        return fail(ip, MO_ENOTEXEC, "%s: too many levels of #! interpreters", ip->path);
    size_t end = 2;
    while (end < ip->hdr_len && ip->hdr[end] != '\n')
        end++;
    if (end == ip->hdr_len && ip->hdr_len == HDR_PAGE)
        return fail(ip, MO_ENOTEXEC, "%s: #! line too long", ip->path);
    char line[HDR_PAGE];
    memcpy(line, ip->hdr + 2, end - 2);
    line[end - 2] = 0;
    /* Split on blanks, as XNU does: interpreter, then each argument. */
    char *words[64];
    int nw = 0;
    for (char *s = strtok(line, " \t\r"); s && nw < 63; s = strtok(NULL, " \t\r"))
        words[nw++] = s;
    if (nw == 0)
        return fail(ip, MO_ENOTEXEC, "%s: #! names no interpreter", ip->path);
    int argc = 0;
    while (ip->argv[argc])
        argc++;
    char **nargv = calloc((size_t)(nw + argc + 2), sizeof *nargv);
    if (!nargv)
        return fail(ip, MO_ENOMEM, "%s: out of memory", ip->path);
    int k = 0;
    for (int i = 0; i < nw; i++)
        nargv[k++] = words[i];
    nargv[k++] = (char *)ip->path;
    for (int i = 1; i < argc; i++)
        nargv[k++] = ip->argv[i];
    nargv[k] = NULL;
    close(ip->fd); /* the interpreter must not inherit the script's descriptor */
    ip->fd = -1;
    return activate(words[0], nargv, ip->envp, ip->depth + 1, ip->opts, ip->err);
}

static int act_elf(struct image_params *ip)
{
    if (!exec_image_is_elf(exec_image_classify(ip->hdr, ip->hdr_len)))
        return NOT_MINE;
    execve(ip->path, ip->argv, ip->envp);
    int e = errno;
    return fail(ip, e == ENOENT ? MO_ENOENT : MO_EIO, "%s: %s", ip->path, strerror(e));
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

static int activate(const char *path, char **argv, char **envp, int depth, const struct exec_options *opts,
                    struct mr_error *err)
{
    struct image_params ip = { .path = path, .argv = argv, .envp = envp, .depth = depth, .opts = opts, .err = err };
    const char *why;
    int fd = mr_open_input(path, &why);
    if (fd < 0) {
        int e = errno;
        if (why && e != EISDIR) /* execve answers a FIFO or device with EACCES */
            return fail(&ip, MO_ENOTEXEC, "%s: %s: %s", path, strerror(e), why);
        if (why)
            return fail(&ip, MO_ENOTEXEC, "%s: %s", path, strerror(e));
        return fail(&ip, e == ENOENT || e == ENOTDIR ? MO_ENOENT : MO_EIO, "%s: %s", path, strerror(e));
    }
    ssize_t n = read(fd, ip.hdr, sizeof ip.hdr);
    if (n < 0 || access(path, X_OK) != 0) {
        int e = errno;
        close(fd);
        return fail(&ip, MO_EIO, "%s: %s", path, strerror(e));
    }
    ip.hdr_len = (size_t)n;
    ip.fd = fd;
    for (size_t i = 0; i < sizeof execsw / sizeof execsw[0]; i++) {
        int rc = execsw[i].fn(&ip);
        if (rc != NOT_MINE) {
            if (ip.fd >= 0)
                close(ip.fd);
            return rc;
        }
    }
    close(fd);
    return fail(&ip, MO_ENOTEXEC, "%s: not a Mach-O, universal, #! script or ELF file: cannot execute", path);
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

int exec_activate(const char *path, char **argv, char **envp, const struct exec_options *opts)
{
    struct mr_error err = { 0 };
    int rc;
    exec_set_disable_aslr(opts->no_aslr);
    /* A bare name: the file in the current folder if there is one (as qemu-user and wine do),
     * else a PATH search as execvp does. */
    if (!strchr(path, '/') && access(path, F_OK) != 0) {
        char *full = search_path(path);
        if (!full)
            rc = mr_errorf(&err, MO_ENOENT, "%s: command not found", path);
        else
            rc = activate(full, argv, envp, 0, opts, &err);
    } else {
        rc = activate(path, argv, envp, 0, opts, &err);
    }
    fprintf(stderr, "machrun: %s\n", err.msg);
    return exec_exit_status(rc);
}
