/*
 * sandbox.c — owns libSystem's sandbox API for Mach-O programs (<sandbox.h>):
 * sandbox_init, sandbox_init_with_parameters, sandbox_check, sandbox_free_error and the
 * kSBXProfile* names. A program warms up, then locks itself down (as Chromium does): the
 * profile is compiled by src/sandbox/ to Landlock + seccomp (+ supervisor) for the whole
 * process. sandbox_check answers from the compiled profile in-process.
 *
 * Partial: the lock-down needs the process to be single-threaded (Landlock and a
 * listening seccomp filter bind the calling thread); with more threads sandbox_init fails
 * with EPERM and says so. sandbox_check answers only for the calling process (pid 0 or
 * getpid()); for another pid it fails with ESRCH. A second sandbox_init fails with EPERM.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "machrun/darwin.h"
#include "machrun/sandbox.h"

#define SANDBOX_NAMED 0x0001
#define SANDBOX_NAMED_BUILTIN 0x0002
#define SANDBOX_NAMED_EXTERNAL 0x0003

static const char k_no_internet[] = "no-internet";
static const char k_no_network[] = "no-network";
static const char k_no_write[] = "no-write";
static const char k_no_write_except_temporary[] = "no-write-except-temporary";
static const char k_pure_computation[] = "pure-computation";
DARWIN_EXPORT_DATA("_kSBXProfileNoInternet", k_no_internet);
DARWIN_EXPORT_DATA("_kSBXProfileNoNetwork", k_no_network);
DARWIN_EXPORT_DATA("_kSBXProfileNoWrite", k_no_write);
DARWIN_EXPORT_DATA("_kSBXProfileNoWriteExceptTemporary", k_no_write_except_temporary);
DARWIN_EXPORT_DATA("_kSBXProfilePureComputation", k_pure_computation);

static struct sb_profile *installed;

static int fail(char **errorbuf, int linux_errno, const char *msg)
{
    if (errorbuf) *errorbuf = strdup(msg);
    darwin_set_errno_from_linux(linux_errno);
    return -1;
}

static int d_sandbox_init_with_parameters(const char *profile, uint64_t flags, const char *const parameters[], char **errorbuf)
{
    char err[1024];
    if (errorbuf) *errorbuf = NULL;
    if (!profile) return fail(errorbuf, EINVAL, "no profile");
    if (installed || sb_current_profile()) return fail(errorbuf, EPERM, "sandbox already applied to this process");
    struct sb_profile *p;
    if (flags & SANDBOX_NAMED) p = sb_profile_named(profile, parameters, err, sizeof err);
    else p = sb_profile_from_string(profile, strlen(profile), "<sandbox_init>", parameters, err, sizeof err);
    if (!p) return fail(errorbuf, EINVAL, err);
    unsigned apply = SB_APPLY_EXEC_SELF | (getenv("MACHRUN_SANDBOX_LOGGING") ? SB_APPLY_LOG : 0);
    if (sb_apply(p, apply, err, sizeof err) < 0) {
        int e = errno ? errno : EPERM;
        sb_profile_free(p);
        return fail(errorbuf, e, err);
    }
    installed = p;
    return 0;
}
DARWIN_EXPORT_PARTIAL("_sandbox_init_with_parameters", d_sandbox_init_with_parameters);

static int d_sandbox_init(const char *profile, uint64_t flags, char **errorbuf)
{
    return d_sandbox_init_with_parameters(profile, flags, NULL, errorbuf);
}
DARWIN_EXPORT_PARTIAL("_sandbox_init", d_sandbox_init);

static void d_sandbox_free_error(char *errorbuf)
{
    free(errorbuf);
}
DARWIN_EXPORT("_sandbox_free_error", d_sandbox_free_error);

/* enum sandbox_filter_type (Apple's sandbox/private.h) */
enum { SBF_NONE = 0, SBF_PATH = 1, SBF_GLOBAL_NAME = 2, SBF_LOCAL_NAME = 3, SBF_APPLEEVENT = 4,
       SBF_RIGHT_NAME = 5, SBF_PREFERENCE_DOMAIN = 6, SBF_KEXT = 7, SBF_INFO = 8, SBF_NOTIFICATION = 9 };

static int d_sandbox_check(int pid, const char *operation, int type, ...)
{
    if (pid != 0 && pid != getpid()) { darwin_set_errno_from_linux(ESRCH); return -1; }
    if (!operation) { darwin_set_errno_from_linux(EINVAL); return -1; }
    const struct sb_profile *p = sb_current_profile();
    if (!p) return sb_operation_known(operation) ? 0 : (darwin_set_errno_from_linux(EINVAL), -1);
    struct sb_query q = { .operation = operation, .port = -1 };
    va_list ap;
    va_start(ap, type);
    switch (type & 0xffff) {   /* the high bits are flags such as SANDBOX_CHECK_NO_REPORT */
    case SBF_NONE: break;
    case SBF_PATH: q.path = va_arg(ap, const char *); break;
    case SBF_GLOBAL_NAME: case SBF_LOCAL_NAME: case SBF_RIGHT_NAME: case SBF_PREFERENCE_DOMAIN:
    case SBF_KEXT: case SBF_NOTIFICATION: case SBF_APPLEEVENT: case SBF_INFO:
        q.name = va_arg(ap, const char *); break;
    default:
        va_end(ap);
        darwin_set_errno_from_linux(EINVAL);
        return -1;
    }
    va_end(ap);
    int r = sb_check(p, &q, NULL, NULL);
    if (r < 0) { darwin_set_errno_from_linux(EINVAL); return -1; }
    return r == SB_ALLOW ? 0 : 1;
}
DARWIN_EXPORT_PARTIAL("_sandbox_check", d_sandbox_check);
