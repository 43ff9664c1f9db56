/*
 * ldd.c — `machrun ldd [-r] PROGRAM`: the images a program loads and how each resolved
 * (built in, a file, or not found), like ldd; -r also lists the imports machrun does not
 * implement, which would trap if called.
 */
#include <stdio.h>
#include <string.h>

#include "machrun/cli.h"
#include "machrun/dyld.h"

int cli_ldd(int argc, char **argv)
{
    bool unresolved = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-r"))
            unresolved = true;
        else if (!strcmp(argv[i], "--")) {
            i++;
            break;
        } else {
            fprintf(stderr, "usage: machrun ldd [-r] PROGRAM\n");
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
