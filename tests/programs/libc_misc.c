/* libc_misc.c — getopt (stops at the first non-option, as Darwin's BSD getopt does with the
 * '+' it is given here), getopt_long, fnmatch, basename/dirname on copies, iconv,
 * statfs basics. (iconv lives in libiconv.2.dylib, which the test toolchain cannot link.) */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#ifndef __APPLE__
#include <sys/statfs.h>
#endif

int main(int argc, char **argv)
{
    int c;
    while ((c = getopt(argc, argv, "+ab:v")) != -1) {
        if (c == 'b')
            printf("opt b=%s\n", optarg);
        else if (c == '?')
            printf("unknown option %c\n", optopt);
        else
            printf("opt %c\n", c);
    }
    printf("operands from %d:", optind);
    for (int i = optind; i < argc; i++)
        printf(" %s", argv[i]);
    printf("\n");

    static struct option lo[] = { { "name", required_argument, 0, 'n' }, { "flag", no_argument, 0, 'f' }, { 0, 0, 0, 0 } };
    char *av[] = { "prog", "--name=x", "file", "--flag", NULL };
    optind = 1;
    int idx;
    while ((c = getopt_long(4, av, "n:f", lo, &idx)) != -1)
        printf("long %c %s\n", c, optarg ? optarg : "-");
    printf("long operands: %s (optind %d)\n", av[optind], optind);

    printf("fnmatch: %d %d %d %d\n", fnmatch("*.c", "x.c", 0), fnmatch("*.c", "dir/x.c", FNM_PATHNAME),
           fnmatch("[a-c]?", "bz", 0), fnmatch("*", ".hidden", FNM_PERIOD));
    char p1[] = "/usr/local/lib/", p2[] = "/usr/local/lib/";
    printf("basename=%s dirname=%s\n", basename(p1), dirname(p2));
    char p3[] = "file.txt", p4[] = "file.txt";
    printf("basename=%s dirname=%s\n", basename(p3), dirname(p4));

    struct statfs sf;
    int rc = statfs(".", &sf);
    printf("statfs: %d blocks>0: %d bsize>0: %d\n", rc, sf.f_blocks > 0, sf.f_bsize > 0);
    return 0;
}
