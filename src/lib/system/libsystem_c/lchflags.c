/*
 * lchflags.c — lchflags (libsystem_c's on macOS): chflags's answer, as Linux has no BSD file
 * flags to set on a link either.
 */
#define _GNU_SOURCE
#include <stdint.h>

#include "machrun/darwin/fs.h"
#include "machrun/darwin/private.h"

DARWIN_EXPORT_PARTIAL("_lchflags", darwin_chflags);
