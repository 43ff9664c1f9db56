/*
 * secinit.c — libsystem_secinit's initializer (_libsecinit_initializer), run by libSystem's
 * initializer before any of the program's own initializers: a program whose entitlements
 * ask for com.apple.security.app-sandbox is put in the App Sandbox (src/sandbox builds the
 * profile secinitd would, with its container). The entitlements come from the code signature
 * exec read, and --no-sandbox / --enable-sandbox-logging from machrun's command line, both
 * passed down as data (struct darwin_init_info).
 */
#define _GNU_SOURCE
#include <string.h>

#include "machrun/darwin.h"
#include "machrun/darwin/init.h"
#include "machrun/error.h"
#include "machrun/sandbox.h"

int darwin_secinit_initializer(const struct darwin_init_info *info, struct mr_error *err)
{
    if (info->no_sandbox || !info->entitlements ||
        !memmem(info->entitlements, info->entitlements_len, "com.apple.security.app-sandbox", 30))
        return 0;
    char msg[512];
    unsigned flags = (info->sandbox_logging ? SB_APPLY_LOG : 0) | SB_APPLY_EXEC_SELF;
    if (sb_app_sandbox_apply(info->entitlements, info->entitlements_len,
                             info->identifier ? info->identifier : "unknown", flags, msg, sizeof msg) < 0)
        return mr_errorf(err, MO_ESANDBOX, "App Sandbox: %s", msg);
    return 0;
}
