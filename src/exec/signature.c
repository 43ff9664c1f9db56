/*
 * signature.c — check_for_signature. Right after the image is activated, its code signature
 * is read (cheaply: the SuperBlob is parsed, no page is hashed) to keep the entitlements and
 * identifier in the load result, which carries them to dyld and on to libSystem's
 * initializer (libsystem_secinit applies the App Sandbox they ask for); with
 * --require-signature every page hash is verified and a program that is unsigned, modified
 * or malformed is refused (126).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/codesign.h"
#include "machrun/exec.h"
#include "exec_private.h"

int exec_check_signature(struct exec_load_result *lr, struct mr_error *err)
{
    const struct mo_image *mo = &lr->file.mo;
    if (lr->opts.require_signature) {
        struct cs_check chk;
        enum cs_status st = cs_check_image(mo->buf, mo->size, &chk);
        if (st != CS_VALID) {
            mr_errorf(err, MO_ENOTEXEC, "%s: %s (--require-signature)", lr->file.path,
                      st == CS_UNSIGNED ? "code object is not signed at all" : chk.reason);
            cs_check_free(&chk);
            return MO_ENOTEXEC;
        }
        if (chk.entitlements_xml) {
            lr->entitlements = chk.entitlements_xml;
            lr->entitlements_len = strlen(lr->entitlements);
            chk.entitlements_xml = NULL;
        }
        if (chk.identifier) {
            lr->identifier = chk.identifier;
            chk.identifier = NULL;
        }
        cs_check_free(&chk);
        return 0;
    }
    if (!mo->code_signature.present)
        return 0;
    struct cs_signature sig;
    char msg[256];
    if (cs_parse_ex(mo->buf + mo->code_signature.dataoff, mo->code_signature.datasize, CS_PARSE_NO_CDHASH, &sig, msg,
                    sizeof msg) < 0)
        return 0; /* as on x86_64 macOS, a bad signature does not stop an unenforced launch */
    if (sig.entitlements.present && sig.entitlements.length > 8) {
        lr->entitlements_len = sig.entitlements.length - 8;
        lr->entitlements = malloc(lr->entitlements_len + 1);
        if (lr->entitlements) {
            memcpy(lr->entitlements, sig.entitlements.blob + 8, lr->entitlements_len);
            lr->entitlements[lr->entitlements_len] = 0;
        }
    }
    if (sig.ncds && sig.cds[sig.best].identifier)
        lr->identifier = strdup(sig.cds[sig.best].identifier);
    return 0;
}
