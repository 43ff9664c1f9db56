/* error.c — filling struct mo_error: one line naming the load command and the problem. */
#include "macho_private.h"
#include "machrun/error.h"

int mo_fail(struct mo_error *err, int code, int cmd_index, const char *fmt, ...)
{
    if (err) {
        err->code = code;
        err->cmd_index = cmd_index;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

int mr_errorf(struct mr_error *err, int code, const char *fmt, ...)
{
    if (err) {
        err->code = code;
        err->cmd_index = -1;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}
