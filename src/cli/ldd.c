/*
 * ldd.c — `machrun ldd [-r] PROGRAM`: the images a program loads and how each resolved
 * (built in, a file, or not found), like ldd; -r also lists the imports machrun does not
 * implement, which would trap if called.
 */
#include <stdio.h>
#include <string.h>

#include "machrun/cli.h"
#include "machrun/dyld.h"

static const char *const lib_names[DLIB_COUNT] = {
    "libSystem.B.dylib", "libc++.1.dylib", "libc++abi.dylib", "libobjc.A.dylib", "libiconv.2.dylib",
    "libresolv.9.dylib", "libz.1.dylib", "CoreFoundation", "Security", "CoreServices", "IOKit", "Foundation",
    "SystemConfiguration", "libbz2.1.0.dylib", "liblzma.5.dylib",
};

/* `machrun ldd --exports`: every export of machrun's built-in libraries, one per line:
 * LIBRARY SYMBOL KIND (function, data or partial). It also checks the tables dyld searches:
 * names strictly increasing (sorted by the linker, no name twice), the two tables the same
 * length, every name found (exit status 1 otherwise). */
static int list_exports(void)
{
    const struct darwin_export *b = __start_darwin_exports;
    size_t n = darwin_export_count();
    static const char *const kinds[] = { "function", "data", "partial" };
    int rc = 0;
    if (n == 0 || (size_t)(__stop_darwin_export_addrs - __start_darwin_export_addrs) != n) {
        fprintf(stderr, "machrun: the export tables are missing or differ in length (linked without exports.ld?)\n");
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        const struct darwin_export *x = &b[i];
        printf("%s %s %s\n", x->lib < DLIB_COUNT ? lib_names[x->lib] : "?", x->name, x->kind < 3 ? kinds[x->kind] : "?");
        if (i > 0 && strcmp(b[i - 1].name, x->name) >= 0) {
            fprintf(stderr, "machrun: export %s: out of order or declared twice (after %s)\n", x->name, b[i - 1].name);
            rc = 1;
        }
        if (dyld_builtin_lookup(x->name) != x || !darwin_export_addr(x)) {
            fprintf(stderr, "machrun: export %s: not found by the lookup\n", x->name);
            rc = 1;
        }
    }
    return rc;
}

int cli_ldd(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "--exports"))
        return list_exports();
    bool unresolved = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-r"))
            unresolved = true;
        else if (!strcmp(argv[i], "--")) {
            i++;
            break;
        } else {
            fprintf(stderr, "usage: machrun ldd [-r] PROGRAM | machrun ldd --exports\n");
            return MR_EXIT_USAGE;
        }
    }
    if (i != argc - 1) {
        fprintf(stderr, "usage: machrun ldd [-r] PROGRAM\n");
        return MR_EXIT_USAGE;
    }
    struct exec_file f;
    char msg[1024];
    int rc = exec_open_macho(argv[i], &f, msg, sizeof msg);
    if (rc) {
        fprintf(stderr, "machrun: %s\n", msg);
        return rc;
    }
    return dyld_list(&f, unresolved, false);
}
