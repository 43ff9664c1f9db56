/*
 * error.h — the one error convention of the launch pipeline (src/macho's loading half,
 * src/exec, src/dyld, libSystem's initializer): a function that fails returns a negative
 * MO_E* code (macho.h holds the one list) and fills a struct mr_error with one line, without
 * "machrun: ". It has the shape of macho.h's struct mo_error, with room for the lines of dyld,
 * which name every path it tried. Exit statuses are exec's (exec_exit_status).
 */
#ifndef MACHRUN_ERROR_H
#define MACHRUN_ERROR_H

#include "machrun/macho.h"

struct mr_error {
    int code;           /* one of MO_E* */
    int cmd_index;      /* load command index, or -1 when not about a command */
    char msg[2048];     /* "Library not loaded: @rpath/libfoo.dylib, referenced from ./prog, tried: ..." */
};

/* Fill ERR (if not NULL) with CODE, cmd_index -1 and the formatted line; returns CODE. */
int mr_errorf(struct mr_error *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
