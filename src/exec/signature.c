/*
 * signature.c — check_for_signature and the App Sandbox hand-off. Right after the image is
 * activated, its code signature is read (cheaply: the SuperBlob is parsed, no page is
 * hashed) to keep the entitlements and identifier with the process; with
 * --require-signature every page hash is verified and a program that is unsigned, modified
 * or malformed is refused (126). Before the program's initializers run, dyld asks
 * exec_apply_sandbox() to sandbox a program whose entitlements ask for the App Sandbox,
 * as libSystem's initializer does through secinitd on macOS (--no-sandbox turns it off).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/codesign.h"
#include "machrun/exec.h"
#include "machrun/sandbox.h"

static char *entitlements;   /* XML plist of the signature's entitlements slot, or NULL */
static size_t entitlements_len;
static char *identifier;

int exec_check_signature(const struct exec_file *f, char *msg, size_t msglen)
{
    const struct mo_image *mo = &f->mo;
    if (exec_opts.require_signature) {
        struct cs_check chk;
        enum cs_status st = cs_check_image(mo->buf, mo->size, &chk);
        if (st != CS_VALID) {
            snprintf(msg, msglen, "%s: %s (--require-signature)", f->path,
                     st == CS_UNSIGNED ? "code object is not signed at all" : chk.reason);
            cs_check_free(&chk);
            return MR_EXIT_CANNOT_EXECUTE;
        }
        if (chk.entitlements_xml) {
            entitlements = chk.entitlements_xml;
            entitlements_len = strlen(entitlements);
            chk.entitlements_xml = NULL;
        }
        if (chk.identifier) {
            identifier = chk.identifier;
            chk.identifier = NULL;
        }
        cs_check_free(&chk);
        return 0;
    }
    if (!mo->code_signature.present)
        return 0;
    struct cs_signature sig;
    char err[256];
    if (cs_parse_ex(mo->buf + mo->code_signature.dataoff, mo->code_signature.datasize, CS_PARSE_NO_CDHASH, &sig, err,
                    sizeof err) < 0)
        return 0; /* as on x86_64 macOS, a bad signature does not stop an unenforced launch */
    if (sig.entitlements.present && sig.entitlements.length > 8) {
        entitlements_len = sig.entitlements.length - 8;
        entitlements = malloc(entitlements_len + 1);
        if (entitlements) {
            memcpy(entitlements, sig.entitlements.blob + 8, entitlements_len);
            entitlements[entitlements_len] = 0;
        }
    }
    if (sig.ncds && sig.cds[sig.best].identifier)
        identifier = strdup(sig.cds[sig.best].identifier);
    return 0;
}

int exec_apply_sandbox(char *msg, size_t msglen)
{
    if (exec_opts.no_sandbox || !entitlements ||
        !memmem(entitlements, entitlements_len, "com.apple.security.app-sandbox", 30))
        return 0;
    char err[512];
    unsigned flags = (exec_opts.sandbox_logging ? SB_APPLY_LOG : 0) | SB_APPLY_EXEC_SELF;
    if (sb_app_sandbox_apply(entitlements, entitlements_len, identifier ? identifier : "unknown", flags, err,
                             sizeof err) < 0) {
        snprintf(msg, msglen, "App Sandbox: %s", err);
        return -1;
    }
    return 0;
}
