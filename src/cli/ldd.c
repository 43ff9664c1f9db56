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
    "SystemConfiguration",
};

/* `machrun ldd --exports`: every export of machrun's built-in libraries, one per line:
 * LIBRARY SYMBOL KIND (function, data or partial). */
static int list_exports(void)
{
    const struct darwin_export *b = __start_darwin_exports, *e = __stop_darwin_exports;
    static const char *const kinds[] = { "function", "data", "partial" };
    for (const struct darwin_export *x = b; b && x < e; x++)
        printf("%s %s %s\n", x->lib < DLIB_COUNT ? lib_names[x->lib] : "?", x->name, x->kind < 3 ? kinds[x->kind] : "?");
    return 0;
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
