/*
 * ldd.c — `machrun ldd [-r] PROGRAM`: the images a program loads and how each resolved
 * (built in, a file, or not found), like ldd; -r also lists the imports machrun does not
 * implement, which would trap if called; --exports and --libraries list what machrun builds in,
 * --tbd writes a link stub of a built-in library.
 */
#include <stdio.h>
#include <string.h>

#include "machrun/cli.h"
#include "machrun/dyld.h"

/* `machrun ldd --exports [LIBRARY]`: the exports of machrun's built-in libraries (of LIBRARY
 * and what it re-exports, when given), one per line: LIBRARY SYMBOL KIND (function, data,
 * partial, or re-export(LIBRARY) for a single symbol that another library implements), then
 * a count per library on lines starting with '#'. It also checks the tables
 * dyld searches: names strictly increasing (sorted by the linker, no name in two libraries),
 * the two tables the same length, every name found (exit status 1 otherwise). */
static int list_exports(const char *only)
{
    const struct darwin_export *b = __start_darwin_exports;
    size_t n = darwin_export_count();
    static const char *const kinds[] = { "function", "data", "partial" };
    int rc = 0, lib = -1;
    if (only && (lib = dyld_builtin_by_name(only)) < 0) {
        fprintf(stderr, "machrun: ldd --exports: %s: not a built-in library (see machrun ldd --libraries)\n", only);
        return MR_EXIT_USAGE;
    }
    if (n == 0 || (size_t)(__stop_darwin_export_addrs - __start_darwin_export_addrs) != n) {
        fprintf(stderr, "machrun: the export tables are missing or differ in length (linked without exports.ld?)\n");
        return 1;
    }
    size_t per_lib[DLIB_COUNT] = { 0 }, partial[DLIB_COUNT] = { 0 }, shown = 0;
    for (size_t i = 0; i < n; i++) {
        const struct darwin_export *x = &b[i];
        if (i > 0 && strcmp(b[i - 1].name, x->name) >= 0) {
            fprintf(stderr, "machrun: export %s: out of order or declared twice (after %s)\n", x->name, b[i - 1].name);
            rc = 1;
        }
        if (dyld_builtin_lookup(x->name) != x || !darwin_export_addr(x) || x->lib >= DLIB_COUNT || x->kind > 2) {
            fprintf(stderr, "machrun: export %s: not found by the lookup\n", x->name);
            rc = 1;
            continue;
        }
        if (lib >= 0 && !dyld_builtin_reexports(lib, x->lib))
            continue;
        printf("%s %s %s\n", dyld_builtin_leaf(x->lib), x->name, kinds[x->kind]);
        per_lib[x->lib]++;
        partial[x->lib] += x->kind == DX_PARTIAL;
        shown++;
    }
    /* Single-symbol re-exports: LIBRARY SYMBOL re-export (the implementing library's). */
    size_t reexp[DLIB_COUNT] = { 0 };
    const struct darwin_reexport *r = __start_darwin_reexports, *re = __stop_darwin_reexports;
    for (; r && r < re; r++) {
        const struct darwin_export *x = dyld_builtin_lookup(r->name);
        if (!x || r->lib >= DLIB_COUNT || x->lib == r->lib || (r > __start_darwin_reexports && strcmp(r[-1].name, r->name) > 0)) {
            fprintf(stderr, "machrun: re-export %s: %s\n", r->name,
                    !x ? "no built-in library implements it" : "out of order, or re-exported by its own library");
            rc = 1;
            continue;
        }
        if (lib >= 0 && !dyld_builtin_reexports(lib, r->lib))
            continue;
        printf("%s %s re-export(%s)\n", dyld_builtin_leaf(r->lib), r->name, dyld_builtin_leaf(x->lib));
        reexp[r->lib]++;
        shown++;
    }
    for (int l = 0; l < DLIB_COUNT; l++)
        if (per_lib[l] || reexp[l])
            printf("# %s: %zu exports (%zu partial, %zu re-exported from other libraries)\n", dyld_builtin_leaf(l),
                   per_lib[l] + reexp[l], partial[l], reexp[l]);
    printf("# total: %zu exports\n", shown);
    return rc;
}

/* `machrun ldd --libraries`: the built-in libraries (darwin_libraries.def), one per line:
 * ID INSTALL_NAME current VERSION compatibility VERSION umbrella ID|- exports N. */
static int list_libraries(void)
{
    for (int l = 0; l < DLIB_COUNT; l++) {
        const struct dyld_builtin_lib *d = &dyld_builtin_libs[l];
        char cur[32], compat[32];
        mo_version_string(d->current_version, cur, sizeof cur);
        mo_version_string(d->compatibility_version, compat, sizeof compat);
        printf("%s %s current %s compatibility %s umbrella %s exports %zu\n", d->id, d->install_name, cur, compat,
               d->umbrella == DLIB_NONE ? "-" : dyld_builtin_libs[d->umbrella].id, dyld_builtin_count(l, false));
    }
    return 0;
}

/* One TAPI document: the library's install name, versions, the libraries it re-exports and
 * its symbols (its own exports and its single-symbol re-exports). */
static void tbd_document(int lib)
{
    const struct dyld_builtin_lib *d = &dyld_builtin_libs[lib];
    char cur[32], compat[32];
    mo_version_string(d->current_version, cur, sizeof cur);
    mo_version_string(d->compatibility_version, compat, sizeof compat);
    printf("--- !tapi-tbd\ntbd-version:     4\ntargets:         [ x86_64-macos ]\n");
    printf("install-name:    '%s'\ncurrent-version: %s\ncompatibility-version: %s\n", d->install_name, cur, compat);
    if (d->umbrella != DLIB_NONE)
        printf("parent-umbrella:\n  - targets:         [ x86_64-macos ]\n    umbrella:        %s\n",
               dyld_builtin_libs[d->umbrella].id);
    bool any = false;
    for (int l = 0; l < DLIB_COUNT; l++)
        if (dyld_builtin_libs[l].umbrella == lib) {
            printf("%s'%s'", any ? ", " : "reexported-libraries:\n  - targets:         [ x86_64-macos ]\n    libraries:       [ ",
                   dyld_builtin_libs[l].install_name);
            any = true;
        }
    if (any)
        printf(" ]\n");
    const char *sep = "exports:\n  - targets:         [ x86_64-macos ]\n    symbols:         [ ";
    size_t n = darwin_export_count(), count = 0;
    for (size_t i = 0; i < n; i++)
        if (__start_darwin_exports[i].lib == lib) {
            printf("%s'%s'", sep, __start_darwin_exports[i].name);
            sep = ",\n                       ";
            count++;
        }
    for (const struct darwin_reexport *r = __start_darwin_reexports; r && r < __stop_darwin_reexports; r++)
        if (r->lib == lib) {
            printf("%s'%s'", sep, r->name);
            sep = ",\n                       ";
            count++;
        }
    if (count)
        printf(" ]\n");
    printf("...\n");
}

/* `machrun ldd --tbd LIBRARY`: a text stub (TAPI v4, what Apple's SDKs ship) of a built-in
 * library and the libraries it re-exports, to link programs against with ld64.lld. */
static int print_tbd(const char *name)
{
    int lib = dyld_builtin_by_name(name);
    if (lib < 0 || lib >= DLIB_COUNT) {
        fprintf(stderr, "machrun: ldd --tbd: %s: not a built-in library (see machrun ldd --libraries)\n", name);
        return MR_EXIT_USAGE;
    }
    tbd_document(lib);
    for (int l = 0; l < DLIB_COUNT; l++)
        if (l != lib && dyld_builtin_reexports(lib, l))
            tbd_document(l);
    return 0;
}

int cli_ldd(int argc, char **argv)
{
    if ((argc == 2 || argc == 3) && !strcmp(argv[1], "--exports"))
        return list_exports(argc == 3 ? argv[2] : NULL);
    if (argc == 2 && !strcmp(argv[1], "--libraries"))
        return list_libraries();
    if (argc == 3 && !strcmp(argv[1], "--tbd"))
        return print_tbd(argv[2]);
    bool unresolved = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-r"))
            unresolved = true;
        else if (!strcmp(argv[i], "--")) {
            i++;
            break;
        } else {
            fprintf(stderr, "usage: machrun ldd [-r] PROGRAM | machrun ldd --exports [LIBRARY] | --libraries | --tbd LIBRARY\n");
            return MR_EXIT_USAGE;
        }
    }
    if (i != argc - 1) {
        fprintf(stderr, "usage: machrun ldd [-r] PROGRAM\n");
        return MR_EXIT_USAGE;
    }
    struct mo_file f;
    struct mr_error err;
    int rc = mo_file_open(argv[i], &f, &err);
    if (rc) {
        fprintf(stderr, "machrun: %s\n", err.msg);
        return exec_exit_status(rc);
    }
    return dyld_list(&f, unresolved, false);
}
