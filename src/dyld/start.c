/*
 * start.c — dyld's main line: from an activated executable to its main(). Maps it, loads
 * DYLD_INSERT_LIBRARIES and every dependency, applies fixups (then weak coalescing), gives
 * segments their protections, runs initializers bottom-up and enters the program through
 * LC_MAIN (main, then exit with its result) or LC_UNIXTHREAD (the kernel's initial stack).
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

static int load_all(struct exec_file *exe, struct dyld_image **main_out, char *msg, size_t msglen)
{
    struct dyld_image *main_img = dyld_map_macho(exe, true, msg, msglen);
    if (!main_img)
        return -1;
    dyld_main_image = main_img;
    dyld_add_image(main_img);
    *main_out = main_img;

    /* DYLD_INSERT_LIBRARIES come right after the executable. */
    if (dyld_env.insert_libraries) {
        char *copy = strdup(dyld_env.insert_libraries), *save = NULL;
        for (char *p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save)) {
            if (!dyld_load_library(p, main_img, msg, msglen)) {
                free(copy);
                return -1;
            }
        }
        free(copy);
    }
    if (dyld_load_dependencies(dyld_images, msg, msglen) < 0)
        return -1;
    if (dyld_env.print_statistics)
        t_loaded = dyld_now_ns();
    int rc = dyld_link_new_images(msg, msglen);
    if (dyld_env.print_statistics)
        t_fixed = dyld_now_ns();
    return rc;
}

int dyld_link_new_images(char *msg, size_t msglen)
{
    for (struct dyld_image *i = dyld_images; i; i = i->next)
        if (!i->builtin && !i->fixed && dyld_apply_fixups(i, msg, msglen) < 0)
            return -1;
    if (dyld_coalesce_weak(msg, msglen) < 0)
        return -1;
    for (struct dyld_image *i = dyld_images; i; i = i->next) {
        if (i->builtin || i->fixed)
            continue;
        dyld_setup_tlv(i);
        exec_protect_segments(&i->file, &i->map);
        i->fixed = true;
        dyld_notify_add_image(i);
    }
    return 0;
}

_Noreturn void dyld_start(struct exec_file *exe, char **argv, char **envp)
{
    char msg[2048];
    dyld_read_env(envp);
    int argc = 0;
    while (argv[argc])
        argc++;
    char **apple = make_apple(exe->path);

    darwin_proc.executable_path = exe->path;
    darwin_proc.argc = argc;
    darwin_proc.argv = argv;
    darwin_proc.envp = envp;
    darwin_proc.apple = apple;
    const char *slash = strrchr(argv[0] ? argv[0] : exe->path, '/');
    darwin_proc.progname = slash ? slash + 1 : (argv[0] ? argv[0] : exe->path);

    struct dyld_image *main_img;
    if (load_all(exe, &main_img, msg, sizeof msg) < 0)
        die(msg);
    darwin_proc.executable_path = main_img->path;
    darwin_proc.mach_header = main_img->map.base;

    darwin_init();
    if (exec_apply_sandbox(msg, sizeof msg) < 0)
        die(msg);
    dyld_run_initializers(NULL);
    if (dyld_env.print_statistics)
        print_statistics(dyld_now_ns());

    const struct mo_image *mo = &main_img->file.mo;
    if (mo->has_main) {
        int (*entry)(int, char **, char **, char **) =
            (int (*)(int, char **, char **, char **))(main_img->map.base + mo->entryoff);
        darwin_exit(entry(argc, argv, envp, apple));
    }
    if (mo->has_unixthread)
        exec_enter_thread(mo->thread_state.rip + main_img->map.slide, argc, argv, envp, apple);
    die("the executable has neither LC_MAIN nor LC_UNIXTHREAD");
}
