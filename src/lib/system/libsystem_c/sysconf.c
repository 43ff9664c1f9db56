/*
 * sysconf.c — sysconf with Darwin's _SC_ numbers (sysconf_table.inc, generated from the SDK),
 * confstr with Darwin's _CS_ names and per-user folders, and getpagesize (all libsystem_c's
 * on macOS).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

/* ---- sysconf ---- */
static const struct {
    const char *name;
    int darwin, linux_;
} sc_table[] = {
#include "sysconf_table.inc"
};

static long d_sysconf(int name)
{
    for (size_t i = 0; i < sizeof sc_table / sizeof sc_table[0]; i++) {
        if (sc_table[i].darwin != name)
            continue;
        if (sc_table[i].linux_ < 0) {
            errno = D_EINVAL; /* no Linux counterpart */
            return -1;
        }
        errno = 0;
        long v = sysconf(sc_table[i].linux_);
        if (v < 0 && errno)
            errno = darwin_errno_from_linux(errno);
        return v;
    }
    errno = D_EINVAL;
    return -1;
}
DARWIN_EXPORT("_sysconf", d_sysconf);

/* confstr: _CS_PATH as Darwin's, and the per-user folders Darwin keeps under /var/folders,
 * which on Linux are: _CS_DARWIN_USER_TEMP_DIR "/tmp/" (what Rust's env::temp_dir and
 * Foundation fall back to), _CS_DARWIN_USER_CACHE_DIR $XDG_CACHE_HOME or ~/.cache (made if
 * missing, as Darwin makes its own), _CS_DARWIN_USER_DIR $XDG_RUNTIME_DIR or /tmp; each ends
 * with '/' as Darwin's do. Partial: the _CS_POSIX_V6_* / _CS_XBS5_* compiler-flag strings are
 * answered with EINVAL, as for an unknown name. */
static size_t d_confstr(int name, char *buf, size_t len)
{
    char tmp[4096];
    const char *v = NULL;
    switch (name) {
    case 1: /* _CS_PATH */
        v = "/usr/bin:/bin:/usr/sbin:/sbin";
        break;
    case 65536: { /* _CS_DARWIN_USER_DIR */
        const char *r = getenv("XDG_RUNTIME_DIR");
        snprintf(tmp, sizeof tmp, "%s/", r && *r ? r : "/tmp");
        v = tmp;
        break;
    }
    case 65537: /* _CS_DARWIN_USER_TEMP_DIR */
        v = "/tmp/";
        break;
    case 65538: { /* _CS_DARWIN_USER_CACHE_DIR */
        const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
        if (x && *x == '/')
            snprintf(tmp, sizeof tmp, "%s/", x);
        else if (h && *h)
            snprintf(tmp, sizeof tmp, "%s/.cache/", h);
        else
            snprintf(tmp, sizeof tmp, "/tmp/");
        mkdir(tmp, 0700);
        v = tmp;
        break;
    }
    default:
        errno = D_EINVAL;
        return 0;
    }
    size_t need = strlen(v) + 1;
    if (buf && len) {
        size_t n = need < len ? need - 1 : len - 1;
        memcpy(buf, v, n);
        buf[n] = 0;
    }
    return need;
}
DARWIN_EXPORT_PARTIAL("_confstr", d_confstr);

static int d_getpagesize(void) { return (int)sysconf(_SC_PAGESIZE); }
DARWIN_EXPORT("_getpagesize", d_getpagesize);
