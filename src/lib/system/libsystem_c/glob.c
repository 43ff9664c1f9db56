/*
 * glob.c — glob(3) and globfree(3) with Darwin's glob_t (88 bytes: gl_pathc, gl_matchc,
 * gl_offs, gl_flags, gl_pathv, gl_errfunc and the five GLOB_ALTDIRFUNC hooks), its flag and
 * error values, and the BSD behaviour of Darwin's Libc glob (FreeBSD's):
 *   - GLOB_BRACE is expanded here, csh style, each alternative globbed (and sorted) on its
 *     own, and with GLOB_NOCHECK an alternative without matches is returned as itself;
 *   - a pattern whose braces were expanded returns 0 even when nothing matched, "{}" alone
 *     is literal (for find), and an unbalanced '{' globs the part before it, as Darwin's;
 *   - GLOB_NOCHECK / GLOB_NOMAGIC return the pattern with its backslash quotes removed
 *     (unless GLOB_NOESCAPE) and its ~ expanded (GLOB_TILDE); gl_matchc counts the paths
 *     this call matched; GLOB_MAGCHAR is set in gl_flags when the pattern had a wildcard;
 *     GLOB_LIMIT fails with GLOB_NOSPACE and errno 0 past Darwin's caps (1024 path slots,
 *     64 KiB of strings, 128 brace expansions);
 *   - GLOB_APPEND and GLOB_DOOFFS keep Darwin's gl_pathv (gl_offs NULLs, paths, NULL).
 * The matching of one alternative is glibc's glob (same wildcards, GLOB_TILDE, GLOB_MARK,
 * GLOB_ERR and the error callback, which receives Darwin errno values).
 *
 * Partial: GLOB_ALTDIRFUNC (directory functions of the caller's own, taking Darwin's dirent
 * and stat) is refused with GLOB_ABORTED and errno ENOTSUP; of GLOB_LIMIT's caps the path
 * count, string space and brace ones are kept, not the stat and readdir counts; the error
 * callback gets the directory name as glibc forms it (Darwin's has a trailing slash).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <pwd.h>
#include <unistd.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/darwin/private.h"

struct d_glob {
    size_t gl_pathc;
    int gl_matchc;
    size_t gl_offs;
    int gl_flags;
    char **gl_pathv;
    int (*gl_errfunc)(const char *, int);
    void (*gl_closedir)(void *);
    void *(*gl_readdir)(void *);
    void *(*gl_opendir)(const char *);
    int (*gl_lstat)(const char *, void *);
    int (*gl_stat)(const char *, void *);
};
_Static_assert(sizeof(struct d_glob) == 88, "Darwin glob_t");

/* Darwin's flag values (glob.h) and glibc's. */
static const struct {
    int darwin, linux_;
} glob_flags[] = {
    { 0x0001, GLOB_APPEND }, { 0x0002, GLOB_DOOFFS }, { 0x0004, GLOB_ERR },
    { 0x0008, GLOB_MARK }, { 0x0010, GLOB_NOCHECK }, { 0x0020, GLOB_NOSORT },
    { 0x0040, GLOB_ALTDIRFUNC }, { 0x0080, GLOB_BRACE }, { 0x0100, GLOB_MAGCHAR },
    { 0x0200, GLOB_NOMAGIC }, { 0x0400, 0 /* GLOB_QUOTE: the default */ },
    { 0x0800, GLOB_TILDE }, { 0x1000, 0 /* GLOB_LIMIT: done here */ }, { 0x2000, GLOB_NOESCAPE },
};
#define D_GLOB_APPEND 0x0001
#define D_GLOB_DOOFFS 0x0002
#define D_GLOB_NOCHECK 0x0010
#define D_GLOB_NOSORT 0x0020
#define D_GLOB_ALTDIRFUNC 0x0040
#define D_GLOB_BRACE 0x0080
#define D_GLOB_MAGCHAR 0x0100
#define D_GLOB_NOMAGIC 0x0200
#define D_GLOB_LIMIT 0x1000
#define D_GLOB_TILDE 0x0800
#define D_GLOB_NOESCAPE 0x2000
#define D_GLOB_NOSPACE (-1)
#define D_GLOB_ABORTED (-2)
#define D_GLOB_NOMATCH (-3)

static int linux_glob_flags(int d)
{
    int l = 0;
    for (size_t i = 0; i < sizeof glob_flags / sizeof glob_flags[0]; i++)
        if (d & glob_flags[i].darwin)
            l |= glob_flags[i].linux_;
    return l;
}

/* The guest's error callback, for the call in progress on this thread. */
static __thread int (*cur_errfunc)(const char *, int);
static int errfunc_tramp(const char *path, int linux_errno)
{
    int e = darwin_errno_from_linux(linux_errno);
    return cur_errfunc(path, e);
}

static bool has_magic(const char *p, bool noescape)
{
    for (; *p; p++) {
        if (*p == '\\' && !noescape && p[1])
            p++;
        else if (*p == '*' || *p == '?' || *p == '[')
            return true;
    }
    return false;
}

struct acc {
    struct d_glob *g;
    bool limit;
    size_t strings; /* bytes of path strings added (GLOB_LIMIT) */
    unsigned braces;
};
#define LIMIT_PATH 1024
#define LIMIT_STRING 65536
#define LIMIT_BRACE 128

static int add_path(struct acc *a, const char *path)
{
    struct d_glob *g = a->g;
    size_t n = g->gl_offs + g->gl_pathc;
    if (a->limit && (n + 2) > LIMIT_PATH) {
        errno = 0;
        return D_GLOB_NOSPACE;
    }
    char **v = realloc(g->gl_pathv, (n + 2) * sizeof *v);
    if (!v)
        return D_GLOB_NOSPACE;
    if (!g->gl_pathv)
        for (size_t i = 0; i < g->gl_offs; i++)
            v[i] = NULL;
    g->gl_pathv = v;
    if (!(v[n] = strdup(path)))
        return D_GLOB_NOSPACE;
    v[n + 1] = NULL;
    g->gl_pathc++;
    a->strings += strlen(path) + 1;
    if (a->limit && (n + 2) * sizeof *v + a->strings >= LIMIT_STRING) {
        errno = 0;
        return D_GLOB_NOSPACE;
    }
    return 0;
}

/* ~ or ~user at the start of a pattern, as Darwin's globtilde: $HOME (unless set-id), else
 * the login's or the uid's home; a user that does not exist leaves the pattern as it is. */
static char *tilde(const char *pat)
{
    if (pat[0] != '~')
        return NULL;
    const char *rest = strchr(pat, '/');
    if (!rest)
        rest = pat + strlen(pat);
    char user[256];
    size_t ul = (size_t)(rest - pat - 1);
    if (ul >= sizeof user)
        return NULL;
    memcpy(user, pat + 1, ul);
    user[ul] = 0;
    const char *home = NULL;
    if (!ul) {
        home = getuid() == geteuid() && getgid() == getegid() ? getenv("HOME") : NULL;
        if (!home) {
            struct passwd *pw = getpwuid(getuid());
            home = pw ? pw->pw_dir : NULL;
        }
    } else {
        struct passwd *pw = getpwnam(user);
        home = pw ? pw->pw_dir : NULL;
    }
    if (!home)
        return NULL;
    char *out = malloc(strlen(home) + strlen(rest) + 1);
    if (out) {
        strcpy(out, home);
        strcat(out, rest);
    }
    return out;
}

/* One brace-free pattern. */
static int glob0(struct acc *a, const char *pat, int dflags)
{
    struct d_glob *g = a->g;
    bool noescape = (dflags & D_GLOB_NOESCAPE) != 0;
    if (has_magic(pat, noescape))
        g->gl_flags |= D_GLOB_MAGCHAR;
    glob_t lg;
    memset(&lg, 0, sizeof lg);
    int lflags = linux_glob_flags(dflags & ~(D_GLOB_APPEND | D_GLOB_DOOFFS | D_GLOB_NOCHECK | D_GLOB_NOMAGIC |
                                             D_GLOB_BRACE | D_GLOB_MAGCHAR));
    int r = glob(pat, lflags, g->gl_errfunc ? errfunc_tramp : NULL, &lg);
    size_t before = g->gl_pathc;
    int ret = 0;
    if (r == 0) {
        for (size_t i = 0; i < lg.gl_pathc && !ret; i++) {
            ret = add_path(a, lg.gl_pathv[i]);
            if (!ret)
                g->gl_matchc++;
        }
    } else if (r == GLOB_NOSPACE) {
        ret = D_GLOB_NOSPACE;
    } else if (r == GLOB_ABORTED) {
        ret = D_GLOB_ABORTED;
    }
    globfree(&lg);
    if (ret)
        return ret;
    if (g->gl_pathc == before) {
        if ((dflags & D_GLOB_NOCHECK) || ((dflags & D_GLOB_NOMAGIC) && !(g->gl_flags & D_GLOB_MAGCHAR))) {
            /* The pattern itself, its ~ expanded and its quotes removed. */
            char *t = (dflags & D_GLOB_TILDE) ? tilde(pat) : NULL;
            const char *src = t ? t : pat;
            char *q = malloc(strlen(src) + 1), *o = q;
            if (!q) {
                free(t);
                return D_GLOB_NOSPACE;
            }
            for (const char *p = src; *p; p++) {
                if (*p == '\\' && !noescape && p[1])
                    p++;
                *o++ = *p;
            }
            *o = 0;
            ret = add_path(a, q);
            free(q);
            free(t);
            return ret;
        }
        return D_GLOB_NOMATCH;
    }
    return 0;
}

/* Skip a bracket expression inside braces as Darwin's globexp2 does: from '[' to the next
 * ']', or nothing when there is none. Returns the position of the ']' (or p itself). */
static const char *skip_bracket(const char *p)
{
    const char *q = p + 1;
    while (*q && *q != ']')
        q++;
    return *q ? q : p;
}

static int globexp(struct acc *a, const char *pat, int dflags);

/* The first unquoted '{' of pat is at open: expand it (Darwin's globexp2). */
static int globexp2(struct acc *a, const char *pat, const char *open, int dflags)
{
    bool noescape = (dflags & D_GLOB_NOESCAPE) != 0;
    size_t plen = strlen(pat), pre = (size_t)(open - pat);
    char *buf = malloc(plen + 1);
    if (!buf)
        return D_GLOB_NOSPACE;
    const char *pe;
    int level = 0;
    for (pe = open + 1; *pe; pe++) {
        if (*pe == '\\' && !noescape && pe[1])
            pe++;
        else if (*pe == '[')
            pe = skip_bracket(pe);
        else if (*pe == '{')
            level++;
        else if (*pe == '}' && level-- == 0)
            break;
    }
    if (!*pe) { /* unbalanced: Darwin globs what comes before the brace */
        memcpy(buf, pat, pre);
        buf[pre] = 0;
        int r = glob0(a, buf, dflags);
        free(buf);
        return r;
    }
    const char *alt = open + 1;
    level = 0;
    for (const char *pm = open + 1; pm <= pe; pm++) {
        if (*pm == '\\' && !noescape && pm + 1 < pe) {
            pm++;
        } else if (*pm == '[') {
            pm = skip_bracket(pm);
        } else if (*pm == '{') {
            level++;
        } else if (*pm == '}' && level) {
            level--;
        } else if ((*pm == '}' || *pm == ',') && level == 0) {
            size_t mid = (size_t)(pm - alt);
            memcpy(buf, pat, pre);
            memcpy(buf + pre, alt, mid);
            strcpy(buf + pre + mid, pe + 1);
            int r = globexp(a, buf, dflags);
            if (r == D_GLOB_NOSPACE && a->limit && errno == 0) {
                free(buf);
                return r;
            }
            alt = pm + 1;
        }
    }
    free(buf);
    return 0; /* as Darwin's: whatever the alternatives found */
}

static int globexp(struct acc *a, const char *pat, int dflags)
{
    if (a->limit && a->braces++ >= LIMIT_BRACE) {
        errno = 0;
        return D_GLOB_NOSPACE;
    }
    if (strcmp(pat, "{}") == 0)
        return glob0(a, pat, dflags);
    bool noescape = (dflags & D_GLOB_NOESCAPE) != 0;
    for (const char *p = pat; *p; p++) {
        if (*p == '\\' && !noescape && p[1])
            p++;
        else if (*p == '{')
            return globexp2(a, pat, p, dflags);
    }
    return glob0(a, pat, dflags);
}

static int d_glob(const char *pattern, int flags, int (*errfunc)(const char *, int), struct d_glob *g)
{
    if (!(flags & D_GLOB_APPEND)) {
        g->gl_pathc = 0;
        g->gl_pathv = NULL;
        if (!(flags & D_GLOB_DOOFFS))
            g->gl_offs = 0;
    }
    struct acc a = { g, (flags & D_GLOB_LIMIT) != 0, 0, 0 };
    g->gl_flags = flags & ~D_GLOB_MAGCHAR;
    g->gl_errfunc = errfunc;
    g->gl_matchc = 0;
    if (flags & D_GLOB_ALTDIRFUNC) {
        errno = D_ENOTSUP; /* see the comment at the top */
        return D_GLOB_ABORTED;
    }
    int (*saved)(const char *, int) = cur_errfunc;
    cur_errfunc = errfunc;
    int r = (flags & D_GLOB_BRACE) ? globexp(&a, pattern, flags) : glob0(&a, pattern, flags);
    cur_errfunc = saved;
    return r;
}
DARWIN_EXPORT_PARTIAL("_glob", d_glob);
DARWIN_EXPORT_PARTIAL("_glob$INODE64", d_glob);

static void d_globfree(struct d_glob *g)
{
    if (g->gl_pathv) {
        for (size_t i = 0; i < g->gl_pathc; i++)
            free(g->gl_pathv[g->gl_offs + i]);
        free(g->gl_pathv);
    }
    g->gl_pathv = NULL; /* gl_pathc is left as it was, as Darwin's globfree does */
}
DARWIN_EXPORT("_globfree", d_globfree);
