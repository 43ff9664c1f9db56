/*
 * os_log.c — os_log (libsystem_trace): log handles and the _os_log_*_impl entry points the
 * os_log macros call. Messages go to the system log (syslog), not to the program's output,
 * as on macOS; the format string is logged without its encoded arguments (partial).
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>

#include "machrun/darwin/private.h"

struct d_os_log {
    char subsystem[128], category[128];
};
static struct d_os_log default_log = { "", "" };
DARWIN_EXPORT_DATA("__os_log_default", default_log);
static struct d_os_log disabled_log = { "", "" };
DARWIN_EXPORT_DATA("__os_log_disabled", disabled_log);

static struct d_os_log *d_os_log_create(const char *subsystem, const char *category)
{
    struct d_os_log *l = calloc(1, sizeof *l);
    if (!l)
        return &default_log;
    snprintf(l->subsystem, sizeof l->subsystem, "%s", subsystem ? subsystem : "");
    snprintf(l->category, sizeof l->category, "%s", category ? category : "");
    return l;
}
DARWIN_EXPORT("_os_log_create", d_os_log_create);

/* Darwin's os_log_type_t (<os/log.h>). */
#define OS_LOG_TYPE_DEFAULT 0x00
#define OS_LOG_TYPE_INFO 0x01
#define OS_LOG_TYPE_DEBUG 0x02
#define OS_LOG_TYPE_ERROR 0x10
#define OS_LOG_TYPE_FAULT 0x11

/* Info and debug are off by default on macOS. */
static bool d_os_log_type_enabled(struct d_os_log *log, uint8_t type)
{
    return log != &disabled_log && type != OS_LOG_TYPE_INFO && type != OS_LOG_TYPE_DEBUG;
}
DARWIN_EXPORT("_os_log_type_enabled", d_os_log_type_enabled);

static void d__os_log_impl(void *dso, struct d_os_log *log, uint8_t type, const char *fmt, uint8_t *buf,
                           uint32_t size)
{
    (void)dso;
    (void)buf;
    (void)size;
    if (log == &disabled_log || !fmt)
        return;
    int prio = type == OS_LOG_TYPE_FAULT   ? LOG_CRIT
               : type == OS_LOG_TYPE_ERROR ? LOG_ERR
               : type == OS_LOG_TYPE_DEBUG ? LOG_DEBUG
               : type == OS_LOG_TYPE_INFO  ? LOG_INFO
                                           : LOG_NOTICE;
    syslog(prio, "%s%s%s", log->subsystem[0] ? log->subsystem : "", log->subsystem[0] ? ": " : "", fmt);
}
DARWIN_EXPORT_PARTIAL("__os_log_impl", d__os_log_impl);
DARWIN_EXPORT_PARTIAL("__os_log_error_impl", d__os_log_impl);
DARWIN_EXPORT_PARTIAL("__os_log_fault_impl", d__os_log_impl);
DARWIN_EXPORT_PARTIAL("__os_log_debug_impl", d__os_log_impl);

/* ---- signposts (os/signpost.h) ----
 * On macOS a signpost is recorded only while a tool (Instruments, `log stream --signpost`)
 * has enabled signpost collection for the log; otherwise os_signpost_enabled is false and the
 * os_signpost_* macros' emit call records nothing. No tool can enable collection here, so
 * this is exactly macOS's behaviour when nothing is recording, for every log handle. */
static bool d_os_signpost_enabled(struct d_os_log *log)
{
    (void)log;
    return false;
}
DARWIN_EXPORT("_os_signpost_enabled", d_os_signpost_enabled);

static void d__os_signpost_emit_with_name_impl(void *dso, struct d_os_log *log, uint8_t type, uint64_t spid,
                                               const char *name, const char *fmt, uint8_t *buf, uint32_t size)
{
    /* not recording: macOS drops the event (the macros skip the call when disabled, and an
     * unconditional call while not recording stores nothing) */
    (void)dso, (void)log, (void)type, (void)spid, (void)name, (void)fmt, (void)buf, (void)size;
}
DARWIN_EXPORT("__os_signpost_emit_with_name_impl", d__os_signpost_emit_with_name_impl);
