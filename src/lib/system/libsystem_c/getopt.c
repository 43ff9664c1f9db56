/*
 * getopt.c — getopt (BSD: stops at the first non-option, as Darwin's does),
 * getopt_long/getopt_long_only (which do permute, as Darwin's do) with optind/optarg/
 * opterr/optopt/optreset.
 */
#define _GNU_SOURCE
#include <fnmatch.h>
#include <getopt.h>
#include <iconv.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

/* ---- getopt ---- */
DARWIN_EXPORT_DATA("_optind", optind);
DARWIN_EXPORT_DATA("_optarg", optarg);
DARWIN_EXPORT_DATA("_opterr", opterr);
DARWIN_EXPORT_DATA("_optopt", optopt);
static int d_optreset;
DARWIN_EXPORT_DATA("_optreset", d_optreset);

/* BSD getopt: no permutation ('+'), and optreset restarts the scan. */
static char *bsd_optstring(const char *s, char *buf, size_t n)
{
    if (s[0] == '+' || s[0] == '-')
        return (char *)s;
    snprintf(buf, n, "+%s", s);
    return buf;
}

static void check_reset(void)
{
    if (d_optreset) {
        d_optreset = 0;
        optind = 0; /* glibc: full re-initialisation */
    }
}

static int d_getopt(int argc, char *const argv[], const char *opts)
{
    char buf[512];
    check_reset();
    return getopt(argc, argv, bsd_optstring(opts, buf, sizeof buf));
}
DARWIN_EXPORT("_getopt", d_getopt);
DARWIN_EXPORT("_getopt$UNIX2003", d_getopt);

static int d_getopt_long(int argc, char *const argv[], const char *opts, const struct option *lo, int *idx)
{
    check_reset();
    return getopt_long(argc, argv, opts, lo, idx); /* struct option agrees */
}
DARWIN_EXPORT("_getopt_long", d_getopt_long);

static int d_getopt_long_only(int argc, char *const argv[], const char *opts, const struct option *lo, int *idx)
{
    check_reset();
    return getopt_long_only(argc, argv, opts, lo, idx);
}
DARWIN_EXPORT("_getopt_long_only", d_getopt_long_only);
