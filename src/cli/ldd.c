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
 * LIBRARY SYMBOL KIND (function, data or partial). It also checks the index dyld looks them up
 * in: each entry's compile-time hash must be the run-time one and the name must be found
 * (exit status 1 otherwise). */
static int list_exports(void)
{
    const struct darwin_export *b = __start_darwin_exports, *e = __stop_darwin_exports;
    static const char *const kinds[] = { "function", "data", "partial" };
    int rc = 0;
    for (const struct darwin_export *x = b; b && x < e; x++) {
        printf("%s %s %s\n", x->lib < DLIB_COUNT ? lib_names[x->lib] : "?", x->name, x->kind < 3 ? kinds[x->kind] : "?");
        const struct darwin_export *found = dyld_builtin_lookup(x->name);
        if (x->hash != darwin_export_hash(x->name, strlen(x->name)) || !found || strcmp(found->name, x->name)) {
            fprintf(stderr, "machrun: export %s: not found through the index (hash 0x%08x)\n", x->name, x->hash);
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
