/*
 * nss.c — user and group lookups in the static machrun, wherever they are made (libSystem's
 * getpwnam, glob's ~user, wordexp, initgroups, the launchd supervisor's UserName/GroupName).
 *
 * glibc's static NSS opens modules such as libnss_systemd with dlopen, and those crash in a
 * static program: a lookup that /etc/passwd and /etc/group do not answer ended in SIGSEGV.
 * So the first lookup asks NSS to consult the files only for the user databases. Every call
 * of the functions below in machrun is redirected here at link time (-Wl,--wrap, listed in
 * CMakeLists.txt as MACHRUN_NSS_WRAPPED), so no caller can forget. Partial: users and groups
 * that only a module provides (systemd's dynamic users, LDAP) are not found. Host name
 * lookups (files and dns, both inside glibc) are left as configured.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <stddef.h>

extern int __nss_configure_lookup(const char *db, const char *service_line);

static void files_only(void)
{
    static const char *const dbs[] = { "passwd", "group", "shadow", "gshadow", "initgroups" };
    for (unsigned i = 0; i < sizeof dbs / sizeof dbs[0]; i++)
        __nss_configure_lookup(dbs[i], "files");
}

/* Not at start: configuring reads /etc/nsswitch.conf, which a launch should not pay for. */
static void nss_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, files_only);
}

#define WRAP(ret, name, params, args)                                                             \
    ret __real_##name params;                                                                     \
    ret __wrap_##name params;                                                                     \
    ret __wrap_##name params                                                                      \
    {                                                                                             \
        nss_init();                                                                               \
        return __real_##name args;                                                                \
    }
#define WRAP_VOID(name)                                                                           \
    void __real_##name(void);                                                                     \
    void __wrap_##name(void);                                                                     \
    void __wrap_##name(void)                                                                      \
    {                                                                                             \
        nss_init();                                                                               \
        __real_##name();                                                                          \
    }

WRAP(struct passwd *, getpwnam, (const char *n), (n))
WRAP(struct passwd *, getpwuid, (uid_t u), (u))
WRAP(struct passwd *, getpwent, (void), ())
WRAP(int, getpwnam_r, (const char *n, struct passwd *p, char *b, size_t l, struct passwd **r), (n, p, b, l, r))
WRAP(int, getpwuid_r, (uid_t u, struct passwd *p, char *b, size_t l, struct passwd **r), (u, p, b, l, r))
WRAP_VOID(setpwent)
WRAP_VOID(endpwent)
WRAP(struct group *, getgrnam, (const char *n), (n))
WRAP(struct group *, getgrgid, (gid_t g), (g))
WRAP(struct group *, getgrent, (void), ())
WRAP(int, getgrnam_r, (const char *n, struct group *g, char *b, size_t l, struct group **r), (n, g, b, l, r))
WRAP(int, getgrgid_r, (gid_t i, struct group *g, char *b, size_t l, struct group **r), (i, g, b, l, r))
WRAP_VOID(setgrent)
WRAP_VOID(endgrent)
WRAP(int, getgrouplist, (const char *u, gid_t g, gid_t *gs, int *n), (u, g, gs, n))
WRAP(int, initgroups, (const char *u, gid_t g), (u, g))
