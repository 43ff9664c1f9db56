/*
 * wordexp.c — wordexp.h: wordexp/wordfree with Darwin's flag and error numbers.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <termios.h>
#include <time.h>
#include <wchar.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <sched.h>
#include <search.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>
#include <wordexp.h>

#include "machrun/darwin/abi.h"
#include "machrun/darwin/private.h"

/* ---- wordexp.h (wordexp_t agrees: we_wordc, we_wordv, we_offs) ---- */
/* Darwin's <wordexp.h> error codes. */
enum { D_WRDE_BADCHAR = 1, D_WRDE_BADVAL = 2, D_WRDE_CMDSUB = 3, D_WRDE_NOSPACE = 4, D_WRDE_NOSYS = 5, D_WRDE_SYNTAX = 6 };

static int d_wordexp(const char *words, wordexp_t *we, int dflags)
{
    int l = (dflags & 0x01 ? WRDE_APPEND : 0) | (dflags & 0x02 ? WRDE_DOOFFS : 0) | (dflags & 0x04 ? WRDE_NOCMD : 0) |
            (dflags & 0x08 ? WRDE_REUSE : 0) | (dflags & 0x10 ? WRDE_SHOWERR : 0) | (dflags & 0x20 ? WRDE_UNDEF : 0);
    int r = wordexp(words, we, l);
    switch (r) {
    case 0: return 0;
    case WRDE_BADCHAR: return D_WRDE_BADCHAR;
    case WRDE_BADVAL: return D_WRDE_BADVAL;
    case WRDE_CMDSUB: return D_WRDE_CMDSUB;
    case WRDE_NOSPACE: return D_WRDE_NOSPACE;
    case WRDE_SYNTAX: return D_WRDE_SYNTAX;
    default: return D_WRDE_NOSYS;
    }
}
DARWIN_EXPORT("_wordexp", d_wordexp);
DARWIN_EXPORT("_wordfree", wordfree);
