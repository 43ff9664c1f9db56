/*
 * start.c — dyld's main line: from the executable exec loaded and mapped (struct
 * exec_load_result) to its main(). Loads DYLD_INSERT_LIBRARIES and every dependency, applies
 * fixups (then weak coalescing), gives segments their protections, runs libSystem's
 * initializer (which applies the App Sandbox) then the images' initializers bottom-up, and
 * enters the program through LC_MAIN (main, then exit with its result) or LC_UNIXTHREAD
 * (the kernel's initial stack, entry.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dyld_private.h"

uint64_t dyld_launch_start_ns;

uint64_t dyld_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* DYLD_PRINT_STATISTICS, in dyld's layout: the time from machrun's start to the program's
 * main, split into loading (machrun's own start, activation, mapping every image), fixups
 * (rebases, binds, weak coalescing, protections) and initializers (libSystem's and the
 * images'). There is no Objective-C runtime to set up. */
static uint64_t t_loaded, t_fixed;
static void print_statistics(uint64_t t_main)
{
    uint64_t total = t_main - dyld_launch_start_ns;
    double ms = 1e-6, pct = total ? 100.0 / (double)total : 0;
    const struct { const char *what; uint64_t ns; } rows[] = {
        { "dylib loading time", t_loaded - dyld_launch_start_ns },
        { "rebase/binding time", t_fixed - t_loaded },
        { "ObjC setup time", 0 },
        { "initializer time", t_main - t_fixed },
    };
    fprintf(stderr, "Total pre-main time: %6.2f milliseconds (100.0%%)\n", (double)total * ms);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        fprintf(stderr, "%27s: %6.2f milliseconds (%.1f%%)\n", rows[i].what, (double)rows[i].ns * ms,
                (double)rows[i].ns * pct);
}

_Noreturn static void die(const char *msg)
{
    fprintf(stderr, "machrun: dyld: %s\n", msg);
    exit(MR_EXIT_CANNOT_EXECUTE);
}

static int load_all(const struct exec_load_result *lr, struct dyld_image **main_out, struct mr_error *err)
{
    struct dyld_image *main_img = dyld_image_for_mapped(&lr->file, &lr->map, true, err);
    if (!main_img)
        return -1;
    dyld_main_image = main_img;
    dyld_add_image(main_img);
    *main_out = main_img;

    /* DYLD_INSERT_LIBRARIES come right after the executable. */
    if (dyld_env.insert_libraries) {
        char *copy = strdup(dyld_env.insert_libraries), *save = NULL;
        for (char *p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save)) {
            if (!dyld_load_library(p, main_img, err)) {
                free(copy);
                return -1;
            }
        }
        free(copy);
    }
    if (dyld_load_dependencies(dyld_images, err) < 0)
        return -1;
    if (dyld_env.print_statistics)
        t_loaded = dyld_now_ns();
    int rc = dyld_link_new_images(err);
    if (dyld_env.print_statistics)
        t_fixed = dyld_now_ns();
    return rc;
}

_Noreturn void dyld_start(const struct exec_load_result *lr)
{
    struct mr_error err;
    dyld_read_env(lr->envp);
    int argc = lr->argc;
    char **argv = lr->argv, **envp = lr->envp, **apple = lr->apple;
    const char *path = lr->file.path;

    darwin_proc.executable_path = path;
    darwin_proc.argc = argc;
    darwin_proc.argv = argv;
    darwin_proc.envp = envp;
    darwin_proc.apple = apple;
    const char *slash = strrchr(argv[0] ? argv[0] : path, '/');
    darwin_proc.progname = slash ? slash + 1 : (argv[0] ? argv[0] : path);

    struct dyld_image *main_img;
    if (load_all(lr, &main_img, &err) < 0)
        die(err.msg);
    darwin_proc.executable_path = main_img->path;
    darwin_proc.mach_header = main_img->map.base;

    /* libSystem's initializer, first of all: what the kernel found in the code signature and
     * machrun's options go down to libsystem_secinit as data, as apple[] does on macOS. */
    const struct darwin_init_info info = {
        .entitlements = lr->entitlements,
        .entitlements_len = lr->entitlements_len,
        .identifier = lr->identifier,
        .no_sandbox = lr->opts.no_sandbox,
        .sandbox_logging = lr->opts.sandbox_logging,
    };
    if (darwin_init(&info, &err) < 0)
        die(err.msg);
    dyld_run_initializers(NULL);
    if (dyld_env.print_statistics)
        print_statistics(dyld_now_ns());

    if (lr->entry_kind == EXEC_ENTRY_MAIN) {
        int (*entry)(int, char **, char **, char **) = (int (*)(int, char **, char **, char **))(uintptr_t)lr->entry;
        darwin_exit(entry(argc, argv, envp, apple));
    }
    if (lr->entry_kind == EXEC_ENTRY_THREAD)
        dyld_enter_thread(lr->entry, argc, argv, envp, apple);
    die("the executable has neither LC_MAIN nor LC_UNIXTHREAD");
}
