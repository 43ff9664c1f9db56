/*
 * load.c — dyld's image loading: finding each dependent library (built-in Darwin libraries by
 * install name; Mach-O dylibs on disk through @executable_path, @loader_path, @rpath and the
 * DYLD_* search paths), mapping it, and keeping the global image list in load order.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machrun/macho_abi.h"
#include "machrun/dyld.h"
#include "dyld_private.h"

struct dyld_image *dyld_images;
struct dyld_image *dyld_main_image;
static struct dyld_image **images_tail = &dyld_images;
struct dyld_env dyld_env;

void dyld_read_env(char **envp)
{
    for (char **e = envp; e && *e; e++) {
        const char *s = *e;
        if (strncmp(s, "DYLD_", 5))
            continue;
        const char *eq = strchr(s, '=');
        if (!eq)
            continue;
        size_t k = (size_t)(eq - s);
        const char *v = eq + 1;
#define IS(name) (k == sizeof(name) - 1 && !strncmp(s, name, k))
        if (IS("DYLD_PRINT_LIBRARIES"))
            dyld_env.print_libraries = true;
        else if (IS("DYLD_PRINT_SEGMENTS"))
            dyld_env.print_segments = true;
        else if (IS("DYLD_PRINT_BINDINGS"))
            dyld_env.print_bindings = true;
        else if (IS("DYLD_PRINT_INITIALIZERS"))
            dyld_env.print_initializers = true;
        else if (IS("DYLD_PRINT_STATISTICS"))
            dyld_env.print_statistics = true;
        else if (IS("DYLD_LIBRARY_PATH"))
            dyld_env.library_path = strdup(v);
        else if (IS("DYLD_FRAMEWORK_PATH"))
            dyld_env.framework_path = strdup(v);
        else if (IS("DYLD_FALLBACK_LIBRARY_PATH"))
            dyld_env.fallback_library_path = strdup(v);
        else if (IS("DYLD_FALLBACK_FRAMEWORK_PATH"))
            dyld_env.fallback_framework_path = strdup(v);
        else if (IS("DYLD_INSERT_LIBRARIES"))
            dyld_env.insert_libraries = strdup(v);
#undef IS
    }
}

void dyld_add_image(struct dyld_image *img)
{
    img->next = NULL;
    *images_tail = img;
    images_tail = &img->next;
}

void dyld_remove_image(struct dyld_image *img)
{
    for (struct dyld_image **p = &dyld_images; *p; p = &(*p)->next) {
        if (*p == img) {
            *p = img->next;
            if (images_tail == &img->next)
                images_tail = p;
            return;
        }
    }
}

static void print_segments(const struct dyld_image *img)
{
    const struct mo_image *mo = &img->file.mo;
    for (uint32_t i = 0; i < mo->nsegments; i++) {
        const struct mo_segment *s = &mo->segments[i];
        if (s->vmsize == 0 || ((int)i == mo->pagezero_index && !img->is_main))
            continue;
        /* One line per segment: name, start and end, protections, the image's path. */
        fprintf(stderr, "dyld: Mapping %s (0x%012llx->0x%012llx) %c%c%c %s\n", s->segname,
                (unsigned long long)(s->vmaddr + img->map.slide),
                (unsigned long long)(s->vmaddr + s->vmsize + img->map.slide), (s->initprot & 1) ? 'r' : '-',
                (s->initprot & 2) ? 'w' : '-', (s->initprot & 4) ? 'x' : '-', img->path);
    }
}

struct dyld_image *dyld_image_for_mapped(const struct mo_file *f, const struct mo_mapped *map, bool is_main,
                                         struct mr_error *err)
{
    struct dyld_image *img = calloc(1, sizeof *img);
    if (!img) {
        mr_errorf(err, MO_ENOMEM, "out of memory");
        return NULL;
    }
    img->file = *f;
    img->map = *map;
    img->path = strdup(f->path);
    img->install_name = strdup(f->mo.install_name ? f->mo.install_name : f->path);
    img->is_main = is_main;
    img->refcount = 1;
    /* Mapped: the descriptor is done with, as in XNU's exec and dyld, so that the program's
     * first open gets descriptor 3 as it would on macOS. */
    if (img->file.fd >= 0) {
        close(img->file.fd);
        img->file.fd = -1;
    }
    img->ndeps = f->mo.ndylibs;
    img->deps = calloc(img->ndeps ? img->ndeps : 1, sizeof *img->deps);
    if (dyld_env.print_segments)
        print_segments(img);
    if (dyld_env.print_libraries)
        fprintf(stderr, "dyld: loaded: %s\n", img->path);
    return img;
}

/* dyld maps the libraries itself (the kernel mapped only the executable), anywhere the
 * kernel likes, with src/macho's segment mapper. */
struct dyld_image *dyld_map_macho(struct mo_file *f, bool is_main, struct mr_error *err)
{
    struct mo_mapped map;
    if (mo_map_image(f, is_main, false, &map, err))
        return NULL;
    return dyld_image_for_mapped(f, &map, is_main, err);
}

static struct dyld_image *find_loaded(const char *name)
{
    for (struct dyld_image *i = dyld_images; i; i = i->next)
        if (!strcmp(i->install_name, name) || !strcmp(i->path, name))
            return i;
    return NULL;
}

static struct dyld_image *builtin_image(const char *install_name, int lib)
{
    struct dyld_image *img = find_loaded(install_name);
    if (img)
        return img;
    img = calloc(1, sizeof *img);
    img->path = strdup(install_name);
    img->install_name = strdup(install_name);
    img->builtin = true;
    img->builtin_lib = lib;
    img->refcount = 1;
    img->initialized = true;
    img->file.fd = -1;
    dyld_add_image(img);
    if (dyld_env.print_libraries)
        fprintf(stderr, "dyld: loaded: %s\n", install_name);
    return img;
}

static char *dirname_dup(const char *path)
{
    const char *s = strrchr(path, '/');
    if (!s)
        return strdup(".");
    if (s == path)
        return strdup("/");
    return strndup(path, (size_t)(s - path));
}

/* Expand @executable_path and @loader_path (alone or followed by a path) at the start of s. */
static char *expand_prefix(const char *s, const struct dyld_image *loader)
{
    char buf[PATH_MAX];
    const char *rest = NULL;
    char *dir = NULL;
    if (!strncmp(s, "@executable_path", 16) && (s[16] == '/' || s[16] == 0)) {
        dir = dirname_dup(dyld_main_image ? dyld_main_image->path : loader->path);
        rest = s + 16;
    } else if (!strncmp(s, "@loader_path", 12) && (s[12] == '/' || s[12] == 0)) {
        dir = dirname_dup(loader->path);
        rest = s + 12;
    } else {
        return strdup(s);
    }
    snprintf(buf, sizeof buf, "%s%s", dir, rest);
    free(dir);
    return strdup(buf);
}

struct tried {
    char buf[1024];
    size_t len;
};

static void note_tried(struct tried *t, const char *path, const char *why)
{
    int n = snprintf(t->buf + t->len, sizeof t->buf - t->len, "%s'%s' (%s)", t->len ? ", " : "", path, why);
    if (n > 0 && (size_t)n < sizeof t->buf - t->len)
        t->len += (size_t)n;
}

static struct dyld_image *try_file(const char *path, struct tried *t, struct mr_error *err, bool *fatal);

/* Try one candidate path: returns the loaded image, or NULL (noting why). A file that exists
 * but is not a loadable Mach-O dylib is a hard error (*fatal set), as in dyld. */
static struct dyld_image *try_path(const char *path, struct tried *t, struct mr_error *err, bool *fatal)
{
    struct dyld_image *img = find_loaded(path);
    if (img)
        return img;
    int lib;
    if (dyld_builtin_library(path, &lib, false))
        return builtin_image(path, lib);
    char shipped[PATH_MAX];
    if (dyld_shipped_path(path, shipped, sizeof shipped))
        return try_file(shipped, t, err, fatal);
    return try_file(path, t, err, fatal);
}

/* A candidate that is not built in: the Mach-O file at PATH, if there is one. */
static struct dyld_image *try_file(const char *path, struct tried *t, struct mr_error *err, bool *fatal)
{
    struct dyld_image *img;
    if (access(path, F_OK) != 0) {
        note_tried(t, path, "no such file");
        return NULL;
    }
    struct mo_file f;
    if (mo_file_open(path, &f, err)) {
        *fatal = true;
        return NULL;
    }
    if (f.mo.filetype != MO_MH_DYLIB && f.mo.filetype != MO_MH_BUNDLE) {
        mr_errorf(err, MO_ENOTEXEC, "%s: not a dynamic library", path);
        mo_file_close(&f);
        *fatal = true;
        return NULL;
    }
    /* The same library reached under another path: one image. */
    if (f.mo.install_name && (img = find_loaded(f.mo.install_name)) != NULL) {
        mo_file_close(&f);
        return img;
    }
    img = dyld_map_macho(&f, false, err);
    if (!img) {
        mo_file_close(&f);
        *fatal = true;
        return NULL;
    }
    dyld_add_image(img);
    return img;
}

static const char *leaf(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Search a colon-separated list of folders for leaf(name). */
static struct dyld_image *try_dirs(const char *dirs, const char *name, struct tried *t, struct mr_error *err,
                                   bool *fatal)
{
    if (!dirs)
        return NULL;
    char *copy = strdup(dirs), *save = NULL;
    struct dyld_image *img = NULL;
    for (char *d = strtok_r(copy, ":", &save); d && !img && !*fatal; d = strtok_r(NULL, ":", &save)) {
        char buf[PATH_MAX];
        snprintf(buf, sizeof buf, "%s/%s", d, leaf(name));
        img = try_path(buf, t, err, fatal);
    }
    free(copy);
    return img;
}

struct dyld_image *dyld_load_library(const char *name, struct dyld_image *loader, struct mr_error *err)
{
    return dyld_load_library_ex(name, loader, false, err);
}

struct dyld_image *dyld_load_library_ex(const char *name, struct dyld_image *loader, bool is_dependency,
                                        struct mr_error *err)
{
    struct tried t = { .len = 0 };
    bool fatal = false;
    struct dyld_image *img = NULL;
    err->code = 0;
    err->cmd_index = -1;
    err->msg[0] = 0;

    img = find_loaded(name);
    if (img)
        return img;
    /* Without DYLD_LIBRARY_PATH or DYLD_FRAMEWORK_PATH a system library is machrun's: one
     * it builds in, else the file it ships (looked for only then: a launch that needs only
     * built-ins makes no system call for it), else any other system path is a built-in with
     * no exports. */
    int lib;
    bool system_lib = dyld_builtin_library(name, &lib, is_dependency);
    if (!dyld_env.library_path && !dyld_env.framework_path) {
        if (system_lib && lib != DLIB_NONE)
            return builtin_image(name, lib);
        char shipped[PATH_MAX];
        if (dyld_shipped_path(name, shipped, sizeof shipped))
            return try_file(shipped, &t, err, &fatal);
        if (system_lib)
            return builtin_image(name, lib);
    }

    bool is_framework = strstr(name, ".framework/") != NULL;
    if (name[0] != '@') {
        /* DYLD_LIBRARY_PATH / DYLD_FRAMEWORK_PATH override the install name's folder. */
        if (is_framework && dyld_env.framework_path) {
            /* DYLD_FRAMEWORK_PATH: the part from "Name.framework/" on, under each folder. */
            const char *fw = strstr(name, ".framework/");
            const char *start = fw;
            while (start > name && start[-1] != '/')
                start--;
            char *copy = strdup(dyld_env.framework_path), *save = NULL;
            for (char *d = strtok_r(copy, ":", &save); d && !img && !fatal; d = strtok_r(NULL, ":", &save)) {
                char buf[PATH_MAX];
                snprintf(buf, sizeof buf, "%s/%s", d, start);
                img = try_path(buf, &t, err, &fatal);
            }
            free(copy);
        }
        if (!img && !fatal)
            img = try_dirs(dyld_env.library_path, name, &t, err, &fatal);
        /* Not in the path lists: the install name itself, which for a library machrun
         * provides (or stands in for) is the file it ships or the built-in one. */
        if (!img && !fatal)
            img = try_path(name, &t, err, &fatal);
        if (!img && !fatal && system_lib)
            img = builtin_image(name, lib);
        if (!img && !fatal) {
            const char *fb = dyld_env.fallback_library_path;
            char def[PATH_MAX];
            if (!fb) {
                const char *home = getenv("HOME");
                snprintf(def, sizeof def, "%s/lib:/usr/local/lib:/usr/lib", home ? home : "");
                fb = def;
            }
            img = try_dirs(fb, name, &t, err, &fatal);
        }
    } else if (!strncmp(name, "@rpath/", 7)) {
        if (dyld_env.library_path)
            img = try_dirs(dyld_env.library_path, name, &t, err, &fatal);
        /* LC_RPATHs of the loader, then of each image up the chain that loaded it. */
        for (struct dyld_image *l = loader; l && !img && !fatal; l = l->parent) {
            if (l->builtin)
                continue;
            for (uint32_t i = 0; i < l->file.mo.nrpaths && !img && !fatal; i++) {
                char *rp = expand_prefix(l->file.mo.rpaths[i], l);
                char buf[PATH_MAX];
                snprintf(buf, sizeof buf, "%s/%s", rp, name + 7);
                free(rp);
                img = try_path(buf, &t, err, &fatal);
            }
        }
        if (!img && !fatal && dyld_env.fallback_library_path)
            img = try_dirs(dyld_env.fallback_library_path, name, &t, err, &fatal);
    } else {
        char *p = expand_prefix(name, loader);
        if (dyld_env.library_path)
            img = try_dirs(dyld_env.library_path, p, &t, err, &fatal);
        if (!img && !fatal)
            img = try_path(p, &t, err, &fatal);
        free(p);
    }
    if (img) {
        if (!img->parent && img != loader && !img->is_main)
            img->parent = loader;
        return img;
    }
    if (!fatal)
        mr_errorf(err, MO_ELIBRARY, "Library not loaded: %s, referenced from %s, tried: %s", name, loader->path,
                  t.len ? t.buf : "no candidate path");
    return NULL;
}

/* Load every dependency of every image, breadth-first in load order, as dyld does. */
int dyld_load_dependencies(struct dyld_image *from, struct mr_error *err)
{
    for (struct dyld_image *img = from; img; img = img->next) {
        if (img->builtin)
            continue;
        for (uint32_t i = 0; i < img->file.mo.ndylibs; i++) {
            if (img->deps[i])
                continue;
            const struct mo_dylib *d = &img->file.mo.dylibs[i];
            struct dyld_image *dep = dyld_load_library_ex(d->name, img, true, err);
            if (!dep) {
                if (d->cmd == MO_LC_LOAD_WEAK_DYLIB && err->code == MO_ELIBRARY)
                    continue;
                return -1;
            }
            /* As dyld: a library older than the one the image was linked against is refused. */
            uint32_t have_compat = !dep->builtin                ? dep->file.mo.id_compatibility_version
                                   : dep->builtin_lib != DLIB_NONE ? dyld_builtin_libs[dep->builtin_lib].compatibility_version
                                                                  : 0;
            bool known = !dep->builtin || dep->builtin_lib != DLIB_NONE;
            if (known && d->compatibility_version && have_compat < d->compatibility_version) {
                char need[32], have[32];
                mo_version_string(d->compatibility_version, need, sizeof need);
                mo_version_string(have_compat, have, sizeof have);
                mr_errorf(err, MO_ELIBRARY, "Incompatible library version: %s requires version %s or later, but %s "
                          "provides version %s", img->path, need, dep->path, have);
                return -1;
            }
            img->deps[i] = dep;
        }
    }
    return 0;
}
