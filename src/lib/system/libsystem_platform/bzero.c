/*
 * bzero.c — __bzero, the alias of bzero that libsystem_platform exports on macOS (bzero
 * itself is libsystem_c's, in libsystem_c/string.c); glibc's, same ABI.
 */
#define _GNU_SOURCE
#include <strings.h>

#include "machrun/darwin/private.h"

DARWIN_EXPORT("___bzero", bzero);
