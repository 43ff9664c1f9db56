/*
 * load.c — load_machfile for the main image, as XNU's exec does before it starts dyld: open
 * the file as a Mach-O executable (src/macho picks the x86_64 slice), check its signature,
 * map it (with its slide and the hard __PAGEZERO), close the descriptor, find the entry
 * (LC_MAIN or LC_UNIXTHREAD) and add the apple[] strings. The result is everything dyld needs:
 * struct exec_load_result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machrun/exec.h"
#include "exec_private.h"

int exec_exit_status(int code)
{
    return code == MO_ENOENT ? MR_EXIT_NOT_FOUND : MR_EXIT_CANNOT_EXECUTE;
}

/* exec_add_apple_strings: what the kernel puts after envp for libSystem and dyld. */
static char **make_apple(const char *path)
{
    char **apple = calloc(8, sizeof *apple);
    size_t n = strlen(path) + 32;
    apple[0] = malloc(n);
    snprintf(apple[0], n, "executable_path=%s", path);
    apple[1] = strdup("ptr_munge=");
    apple[2] = strdup("main_stack=");
    apple[3] = strdup("arm64e_abi=os");
    apple[4] = NULL;
    return apple;
}

static void free_result(struct exec_load_result *lr)
{
    mo_file_close(&lr->file);
    free(lr->entitlements);
    free(lr->identifier);
    memset(lr, 0, sizeof *lr);
}

int exec_load_macho(int fd, const char *path, char **argv, char **envp, const struct exec_options *opts,
                    struct exec_load_result *lr, struct mr_error *err)
{
    memset(lr, 0, sizeof *lr);
    lr->opts = *opts;
    int rc = mo_file_open_fd(fd, path, &lr->file, err);
    if (rc)
        return rc;
    const struct mo_image *mo = &lr->file.mo;
    if (mo->filetype != MO_MH_EXECUTE) {
        const char *kind = mo->filetype == MO_MH_DYLIB ? "a dynamic library (MH_DYLIB)"
                         : mo->filetype == MO_MH_BUNDLE ? "a bundle (MH_BUNDLE)"
                         : "not an executable";
        free_result(lr);
        return mr_errorf(err, MO_ENOTEXEC, "%s: %s: cannot execute", path, kind);
    }
    if ((rc = exec_check_signature(lr, err)) != 0) {
        free_result(lr);
        return rc;
    }
    if ((rc = mo_map_image(&lr->file, true, opts->no_aslr, &lr->map, err)) != 0) {
        free_result(lr);
        return rc;
    }
    /* Mapped: the descriptor is done with, as in XNU's exec, so that the program's first
     * open gets descriptor 3 as it would on macOS. */
    close(lr->file.fd);
    lr->file.fd = -1;

    if (mo->has_main) {
        lr->entry_kind = EXEC_ENTRY_MAIN;
        lr->entry = (uint64_t)(uintptr_t)lr->map.base + mo->entryoff;
    } else if (mo->has_unixthread) {
        lr->entry_kind = EXEC_ENTRY_THREAD;
        lr->entry = mo->thread_state.rip + lr->map.slide;
    }
    int argc = 0;
    while (argv[argc])
        argc++;
    lr->argc = argc;
    lr->argv = argv;
    lr->envp = envp;
    lr->apple = make_apple(lr->file.path);
    return 0;
}
