/*
 * pwd.c — users and groups: Darwin's struct passwd carries pw_change, pw_class and
 * pw_expire that glibc's lacks, so the passwd functions convert into storage of their own
 * (per thread for getpwnam/getpwuid, the caller's buffer for the _r forms). struct group
 * agrees, so the group functions are glibc's.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

struct d_passwd {
    char *pw_name;
    char *pw_passwd;
    uint32_t pw_uid;
    uint32_t pw_gid;
    int64_t pw_change;
    char *pw_class;
    char *pw_gecos;
    char *pw_dir;
    char *pw_shell;
    int64_t pw_expire;
};
_Static_assert(sizeof(struct d_passwd) == 72, "Darwin struct passwd");

static char empty[] = "";

static void convert(const struct passwd *l, struct d_passwd *d)
{
    d->pw_name = l->pw_name;
    d->pw_passwd = l->pw_passwd;
    d->pw_uid = l->pw_uid;
    d->pw_gid = l->pw_gid;
    d->pw_change = 0;
    d->pw_class = empty;
    d->pw_gecos = l->pw_gecos;
    d->pw_dir = l->pw_dir;
    d->pw_shell = l->pw_shell;
    d->pw_expire = 0;
}

static __thread struct d_passwd tls_pw;

static struct d_passwd *d_getpwnam(const char *name)
{
    errno = 0;
    struct passwd *p = getpwnam(name);
    if (!p) {
        if (errno)
            errno = darwin_errno_from_linux(errno);
        return NULL;
    }
    convert(p, &tls_pw);
    return &tls_pw;
}
DARWIN_EXPORT("_getpwnam", d_getpwnam);

static struct d_passwd *d_getpwuid(uint32_t uid)
{
    errno = 0;
    struct passwd *p = getpwuid(uid);
    if (!p) {
        if (errno)
            errno = darwin_errno_from_linux(errno);
        return NULL;
    }
    convert(p, &tls_pw);
    return &tls_pw;
}
DARWIN_EXPORT("_getpwuid", d_getpwuid);

static struct d_passwd *d_getpwent(void)
{
    struct passwd *p = getpwent();
    if (!p)
        return NULL;
    convert(p, &tls_pw);
    return &tls_pw;
}
DARWIN_EXPORT("_getpwent", d_getpwent);
static void d_setpwent(void) { setpwent(); }
static void d_endpwent(void) { endpwent(); }
DARWIN_EXPORT("_setpwent", d_setpwent);
DARWIN_EXPORT("_endpwent", d_endpwent);

/* The _r forms: glibc fills a struct passwd of its own from buf; the strings live in buf. */
static int d_getpw_r(int by_uid, const char *name, uint32_t uid, struct d_passwd *out, char *buf, size_t len,
                     struct d_passwd **result)
{
    struct passwd l, *r = NULL;
    int e = by_uid ? getpwuid_r(uid, &l, buf, len, &r) : getpwnam_r(name, &l, buf, len, &r);
    *result = NULL;
    if (e)
        return darwin_errno_from_linux(e);
    if (r) {
        convert(&l, out);
        *result = out;
    }
    return 0;
}

static int d_getpwnam_r(const char *name, struct d_passwd *out, char *buf, size_t len, struct d_passwd **result)
{
    return d_getpw_r(0, name, 0, out, buf, len, result);
}
DARWIN_EXPORT("_getpwnam_r", d_getpwnam_r);

static int d_getpwuid_r(uint32_t uid, struct d_passwd *out, char *buf, size_t len, struct d_passwd **result)
{
    return d_getpw_r(1, NULL, uid, out, buf, len, result);
}
DARWIN_EXPORT("_getpwuid_r", d_getpwuid_r);

static struct group *d_getgrnam(const char *n) { return getgrnam(n); }
static struct group *d_getgrgid(gid_t g) { return getgrgid(g); }
static struct group *d_getgrent(void) { return getgrent(); }
DARWIN_EXPORT("_getgrnam", d_getgrnam);
DARWIN_EXPORT("_getgrgid", d_getgrgid);
DARWIN_EXPORT("_getgrent", d_getgrent);
static void d_setgrent(void) { setgrent(); }
static void d_endgrent(void) { endgrent(); }
DARWIN_EXPORT("_setgrent", d_setgrent);
DARWIN_EXPORT("_endgrent", d_endgrent);

static int d_getgrnam_r(const char *n, struct group *g, char *b, size_t l, struct group **r)
{
    return dreturn_err(getgrnam_r(n, g, b, l, r));
}
DARWIN_EXPORT("_getgrnam_r", d_getgrnam_r);

static int d_getgrgid_r(gid_t gid, struct group *g, char *b, size_t l, struct group **r)
{
    return dreturn_err(getgrgid_r(gid, g, b, l, r));
}
DARWIN_EXPORT("_getgrgid_r", d_getgrgid_r);

static int d_getgrouplist(const char *user, int group, int *groups, int *ngroups)
{
    /* Darwin takes int arrays; gid_t is 32-bit on both. Darwin returns 0, or -1 when the
     * array is too small; glibc returns the number of groups. */
    return getgrouplist(user, (gid_t)group, (gid_t *)groups, ngroups) < 0 ? -1 : 0;
}
DARWIN_EXPORT("_getgrouplist", d_getgrouplist);
