/*
 * inspect.c — dyld without running: the image tree of a program and how each dependency
 * resolved (`machrun ldd`), and with `-r` every import that machrun cannot bind, so a user
 * can see before a run what a program would trap on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/macho_abi.h"
#include "dyld_private.h"

extern char **environ;

struct count_ctx {
    struct dyld_image *img;
    unsigned imports, unresolved;
};

static int count_one(struct count_ctx *c, int ordinal, const char *name, bool weak_import)
{
    uintptr_t addr;
    struct mr_error err;
    c->imports++;
    struct dyld_unresolved *before = dyld_unresolved_list;
    unsigned nbefore = 0;
    for (struct dyld_unresolved *u = before; u; u = u->next)
        nbefore++;
    if (!dyld_resolve(c->img, ordinal, name, weak_import, &addr, &err)) {
        printf("\tmissing: %s\n", err.msg);
        c->unresolved++;
        return 0;
    }
    unsigned nafter = 0;
    for (struct dyld_unresolved *u = dyld_unresolved_list; u; u = u->next)
        nafter++;
    if (nafter > nbefore)
        c->unresolved++;
    return 0;
}

static int on_bind(const struct mo_bind *b, void *vc)
{
    if (b->kind == MO_BIND_WEAK)
        return 0;
    return count_one(vc, b->ordinal, b->name, b->weak_import);
}

static int on_chained(const struct mo_chained_fixup *f, void *vc)
{
    return f->is_bind ? count_one(vc, f->ordinal, f->name, f->weak_import) : 0;
}

static const char *lib_kind(const struct dyld_image *d)
{
    static char buf[64];
    if (d->builtin_lib == DLIB_NONE)
        return "built-in, no exports: calls trap";
    snprintf(buf, sizeof buf, "built-in, %zu exports", dyld_builtin_count(d->builtin_lib, true));
    return buf;
}

int dyld_list(struct mo_file *exe, bool unresolved, bool quiet)
{
    struct mr_error lerr;
    dyld_read_env(environ);
    dyld_dry_run = true;
    struct dyld_image *main_img = dyld_map_macho(exe, exe->mo.filetype == MO_MH_EXECUTE, &lerr);
    if (!main_img) {
        fprintf(stderr, "machrun: %s\n", lerr.msg);
        return MR_EXIT_CANNOT_EXECUTE;
    }
    dyld_main_image = main_img;
    dyld_add_image(main_img);
    int status = 0;
    /* Breadth-first like dyld, but a missing library is reported and the walk goes on. */
    for (struct dyld_image *img = dyld_images; img; img = img->next) {
        if (img->builtin)
            continue;
        if (!quiet)
            printf("%s:\n", img->path);
        for (uint32_t i = 0; i < img->file.mo.ndylibs; i++) {
            const struct mo_dylib *d = &img->file.mo.dylibs[i];
            char v[32], cv[32];
            mo_version_string(d->current_version, v, sizeof v);
            mo_version_string(d->compatibility_version, cv, sizeof cv);
            struct dyld_image *dep = dyld_load_library_ex(d->name, img, true, &lerr);
            img->deps[i] = dep;
            const char *weak = d->cmd == MO_LC_LOAD_WEAK_DYLIB ? " weak" : d->cmd == MO_LC_REEXPORT_DYLIB ? " re-export" : "";
            if (quiet)
                continue;
            if (!dep)
                printf("\t%s (compatibility version %s, current version %s%s) => not found: %s\n", d->name, cv, v,
                       weak, lerr.msg);
            else if (dep->builtin)
                printf("\t%s (compatibility version %s, current version %s%s) => %s\n", d->name, cv, v, weak,
                       lib_kind(dep));
            else
                printf("\t%s (compatibility version %s, current version %s%s) => %s\n", d->name, cv, v, weak,
                       dep->path);
            if (!dep && d->cmd != MO_LC_LOAD_WEAK_DYLIB)
                status = 1;
        }
    }
    if (!unresolved)
        return status;

    unsigned imports = 0, missing = 0;
    for (struct dyld_image *img = dyld_images; img; img = img->next) {
        if (img->builtin)
            continue;
        struct count_ctx c = { img, 0, 0 };
        struct mo_error err = { 0 };
        const struct mo_image *mo = &img->file.mo;
        int rc = 0;
        if (mo->chained_fixups.present)
            rc = mo_chained_fixups(mo, on_chained, &c, &err);
        if (rc >= 0 && !mo->has_dyld_info && !mo->chained_fixups.present)
            rc = mo_classic_binds(mo, on_bind, NULL, &c, &err);
        if (rc >= 0 && mo->has_dyld_info) {
            rc = mo_dyld_info_binds(mo, MO_BIND_REGULAR, on_bind, &c, &err);
            if (rc >= 0)
                rc = mo_dyld_info_binds(mo, MO_BIND_LAZY, on_bind, &c, &err);
        }
        if (rc < 0) {
            fprintf(stderr, "machrun: %s: malformed fixups: %s\n", img->path, err.msg);
            return 126;
        }
        imports += c.imports;
        missing += c.unresolved;
    }
    for (struct dyld_unresolved *u = dyld_unresolved_list; u; u = u->next)
        printf("unimplemented: %s (%s) imported by %s\n", u->symbol, u->library, u->image);
    printf("imports: %u, implemented: %u, unimplemented: %u\n", imports, imports - missing, missing);
    return status;
}
