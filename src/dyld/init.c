/*
 * init.c — the order of life: initializers (__mod_init_func pointers and __init_offsets) run
 * for each image after the images it depends on, libSystem (built in, initialised by
 * darwin_init) first; terminators (__mod_term_func) are registered to run at exit.
 */
#include <stdio.h>
#include <stdlib.h>

#include "machrun/macho_abi.h"
#include "dyld_private.h"


struct program_vars {
    const void *mh;
    int *NXArgcPtr;
    char ***NXArgvPtr;
    char ***environPtr;
    const char **__prognamePtr;
};

typedef void (*initializer_fn)(int, char **, char **, char **, const struct program_vars *);
typedef void (*terminator_fn)(void);

extern char **environ;

static void run_terminators_of(struct dyld_image *img);

static struct dyld_image **term_images;
static size_t nterm;

static void run_all_terminators(void)
{
    /* Reverse order of initialization. */
    while (nterm > 0)
        run_terminators_of(term_images[--nterm]);
}

static void run_terminators_of(struct dyld_image *img)
{
    const struct mo_image *mo = &img->file.mo;
    for (uint32_t s = mo->nsections; s-- > 0;) {
        const struct mo_section *sec = &mo->sections[s];
        if ((sec->flags & MO_SECTION_TYPE) != MO_S_MOD_TERM_FUNC_POINTERS)
            continue;
        terminator_fn *fns = (terminator_fn *)(uintptr_t)(sec->addr + img->map.slide);
        for (uint64_t k = sec->size / 8; k-- > 0;)
            fns[k]();
    }
}

static void init_image(struct dyld_image *img, int depth)
{
    if (img->initialized || depth > 256)
        return;
    img->initialized = true;
    for (uint32_t i = 0; i < img->ndeps; i++)
        if (img->deps[i])
            init_image(img->deps[i], depth + 1);

    static struct program_vars vars;
    vars.mh = darwin_proc.mach_header;
    vars.NXArgcPtr = &darwin_proc.argc;
    vars.NXArgvPtr = &darwin_proc.argv;
    vars.environPtr = &environ;
    vars.__prognamePtr = &darwin_proc.progname;

    const struct mo_image *mo = &img->file.mo;
    bool has_term = false;
    for (uint32_t s = 0; s < mo->nsections; s++) {
        const struct mo_section *sec = &mo->sections[s];
        uint32_t type = sec->flags & MO_SECTION_TYPE;
        if (type == MO_S_MOD_INIT_FUNC_POINTERS) {
            initializer_fn *fns = (initializer_fn *)(uintptr_t)(sec->addr + img->map.slide);
            for (uint64_t k = 0; k < sec->size / 8; k++) {
                if (dyld_env.print_initializers)
                    fprintf(stderr, "dyld: calling initializer function %p in %s\n", (void *)fns[k], img->path);
                fns[k](darwin_proc.argc, darwin_proc.argv, environ, darwin_proc.apple, &vars);
            }
        } else if (type == MO_S_INIT_FUNC_OFFSETS) {
            const uint32_t *offs = (const uint32_t *)(uintptr_t)(sec->addr + img->map.slide);
            for (uint64_t k = 0; k < sec->size / 4; k++) {
                initializer_fn fn = (initializer_fn)(img->map.base + offs[k]);
                if (dyld_env.print_initializers)
                    fprintf(stderr, "dyld: calling initializer function %p in %s\n", (void *)fn, img->path);
                fn(darwin_proc.argc, darwin_proc.argv, environ, darwin_proc.apple, &vars);
            }
        } else if (type == MO_S_MOD_TERM_FUNC_POINTERS) {
            has_term = true;
        }
    }
    if (has_term) {
        static bool registered;
        if (!registered) {
            atexit(run_all_terminators);
            registered = true;
        }
        term_images = realloc(term_images, (nterm + 1) * sizeof *term_images);
        term_images[nterm++] = img;
    }
}

void dyld_run_initializers(struct dyld_image *img)
{
    if (img) {
        init_image(img, 0);
        return;
    }
    /* Everything loaded so far, dependencies first; inserted libraries before the program. */
    for (struct dyld_image *i = dyld_images; i; i = i->next)
        if (!i->is_main)
            init_image(i, 0);
    if (dyld_main_image)
        init_image(dyld_main_image, 0);
}
