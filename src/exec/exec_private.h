/* exec_private.h — declarations shared by the files of src/exec/ only. */
#ifndef MACHRUN_EXEC_PRIVATE_H
#define MACHRUN_EXEC_PRIVATE_H

#include <stdbool.h>

#include "machrun/exec.h"

/* The process's P_DISABLE_ASLR (reexec.c): set by exec_activate from --no-aslr, so that a
 * Mach-O the guest executes in turn is started without ASLR too. */
void exec_set_disable_aslr(bool on);

/* load_machfile for the main image (load.c): open FD (which it takes over) as a Mach-O
 * executable, check its signature, map it, find its entry and build apple[]. 0, or a
 * negative MO_E* code with ERR filled. */
int exec_load_macho(int fd, const char *path, char **argv, char **envp, const struct exec_options *opts,
                    struct exec_load_result *out, struct mr_error *err);

/* check_for_signature (signature.c): keep the entitlements and identifier in LR; with
 * --require-signature, refuse an unsigned, modified or malformed program. */
int exec_check_signature(struct exec_load_result *lr, struct mr_error *err);

#endif
