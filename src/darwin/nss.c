/*
 * nss.c — user and group lookups in a static machrun. glibc's static NSS loads modules such
 * as libnss_systemd with dlopen, and those crash in a static program (their thread-local
 * state is not set up): a getpwnam, getgrnam or getgrouplist that /etc/passwd and
 * /etc/group do not answer ended in SIGSEGV. machrun therefore asks NSS to consult the files
 * only for the user databases (on the first lookup: darwin_nss_init), as a static program must: users and groups that only a
 * module provides (systemd's dynamic users, LDAP) are not found (partial). Host name lookups
 * (files, dns: both inside glibc) are left as configured.
 */
#define _GNU_SOURCE
#include <pthread.h>

#include "darwin_private.h"

extern int __nss_configure_lookup(const char *db, const char *service_line);

static void files_only(void)
{
    static const char *const dbs[] = { "passwd", "group", "shadow", "gshadow", "initgroups" };
    for (unsigned i = 0; i < sizeof dbs / sizeof dbs[0]; i++)
        __nss_configure_lookup(dbs[i], "files");
}

/* Called before each user or group lookup (not at start: it reads /etc/nsswitch.conf). */
void darwin_nss_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, files_only);
}
