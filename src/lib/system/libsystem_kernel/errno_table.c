/*
 * errno_table.c — the table of errno values, generated from include/machrun/darwin/errno.def
 * (Darwin's value, Linux's, Darwin's message for each: strerror). Both directions of translation and the
 * message lookup are generated from it at first use.
 */
#include <errno.h>
#include <stddef.h>

#include "machrun/darwin/private.h"

const struct errno_entry darwin_errno_table[] = {
#define DARWIN_ERRNO(name, darwin, linux_, message) { #name, darwin, linux_, message },
#define LINUX_ERRNO(name, darwin, linux_) { #name, darwin, linux_, NULL },
#include "machrun/darwin/errno.def"
#undef DARWIN_ERRNO
#undef LINUX_ERRNO
};
const size_t darwin_errno_table_len = sizeof darwin_errno_table / sizeof darwin_errno_table[0];
