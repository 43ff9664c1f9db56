/*
 * uname.c — uname (libsystem_c's on macOS) with Darwin's 256-byte fields: sysname "Darwin",
 * the host's nodename, and the release/version machrun reports (sysinfo.h), on x86_64.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "machrun/darwin/private.h"
#include "machrun/darwin/sysinfo.h"

/* ---- uname ---- */
#define D_SYS_NAMELEN 256
struct darwin_utsname {
    char sysname[D_SYS_NAMELEN];
    char nodename[D_SYS_NAMELEN];
    char release[D_SYS_NAMELEN];
    char version[D_SYS_NAMELEN];
    char machine[D_SYS_NAMELEN];
};

static int d_uname(struct darwin_utsname *u)
{
    struct utsname l;
    if (uname(&l) < 0)
        return dret(-1);
    memset(u, 0, sizeof *u);
    snprintf(u->sysname, D_SYS_NAMELEN, "Darwin");
    snprintf(u->nodename, D_SYS_NAMELEN, "%s", l.nodename);
    snprintf(u->release, D_SYS_NAMELEN, "%s", darwin_os_release);
    snprintf(u->version, D_SYS_NAMELEN, "%s", darwin_kernel_version);
    snprintf(u->machine, D_SYS_NAMELEN, "x86_64");
    return 0;
}
DARWIN_EXPORT("_uname", d_uname);
