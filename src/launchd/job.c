/*
 * job.c — launchd property lists (XML or binary, through libplist) into jobs, with every
 * error naming the file and the key; and `launchctl lint`, which reports each problem.
 * Keys as launchd matches them (case-sensitive). Supported: Label, Program,
 * ProgramArguments, EnvironmentVariables, WorkingDirectory, RunAtLoad, KeepAlive (boolean,
 * or SuccessfulExit/Crashed), ThrottleInterval, ExitTimeOut, StartInterval,
 * StandardInPath/StandardOutPath/StandardErrorPath, Disabled, LaunchOnlyOnce,
 * AbandonProcessGroup, Umask, ProcessType, POSIXSpawnType. Keys launchd knows but machrun's
 * launchd does not act on yet are refused by lint with that reason, not ignored silently.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <plist/plist.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "machrun/launchd.h"

static const char *const supported[] = {
    "Label", "Program", "ProgramArguments", "EnvironmentVariables", "WorkingDirectory", "RunAtLoad", "KeepAlive",
    "ThrottleInterval", "ExitTimeOut", "StartInterval", "StandardInPath", "StandardOutPath", "StandardErrorPath",
    "Disabled", "LaunchOnlyOnce", "AbandonProcessGroup", "Umask", "ProcessType", "POSIXSpawnType", NULL,
};
static const char *const not_yet[] = {
    "StartCalendarInterval", "WatchPaths", "QueueDirectories", "Sockets", "UserName", "GroupName",
    "SoftResourceLimits", "HardResourceLimits", "MachServices", "inetdCompatibility", NULL,
};

static bool in(const char *k, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(k, *list))
            return true;
    return false;
}

static plist_t read_plist(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            if (cap > (1u << 24)) {
                free(data);
                fclose(f);
                snprintf(err, errlen, "%s: larger than 16 MiB", path);
                return NULL;
            }
            data = realloc(data, cap);
        }
        size_t n = fread(data + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    fclose(f);
    plist_t p = NULL;
    if (len >= 8 && (!memcmp(data, "bplist00", 8) || memchr(data, '<', len < 64 ? len : 64)))
        plist_from_memory(data, (uint32_t)len, &p);
    free(data);
    if (!p)
        snprintf(err, errlen, "%s: not a property list (XML or binary) that can be read", path);
    else if (plist_get_node_type(p) != PLIST_DICT) {
        snprintf(err, errlen, "%s: the top level is not a dictionary", path);
        plist_free(p);
        p = NULL;
    }
    return p;
}

static char *str_of(plist_t v)
{
    char *s = NULL;
    plist_get_string_val(v, &s);
    return s;
}

static int check(plist_t v, plist_type t, const char *path, const char *key, char *err, size_t errlen)
{
    if (plist_get_node_type(v) == t)
        return 0;
    static const char *const names[] = { "boolean", "integer", "real", "string", "array", "dictionary", "date",
                                         "data", "key", "uid", "none" };
    snprintf(err, errlen, "%s: %s: must be a %s", path, key, names[t]);
    return -1;
}

struct job *launchd_job_load(const char *path, char *err, size_t errlen)
{
    plist_t p = read_plist(path, err, errlen);
    if (!p)
        return NULL;
    struct job *j = calloc(1, sizeof *j);
    j->path = strdup(path);
    j->throttle = 10;
    j->exit_timeout = 20;
    j->umask_value = -1;
    j->last_status = -1;
    plist_dict_iter it = NULL;
    plist_dict_new_iter(p, &it);
    char *key = NULL;
    plist_t v = NULL;
    int rc = 0;
    for (plist_dict_next_item(p, it, &key, &v); key && !rc; free(key), key = NULL, plist_dict_next_item(p, it, &key, &v)) {
        if (!in(key, supported)) {
            snprintf(err, errlen, in(key, not_yet) ? "%s: %s: not supported by machrun launchd yet"
                                                   : "%s: %s: unknown key", path, key);
            rc = -1;
            break;
        }
        uint8_t b;
        uint64_t u;
        if (!strcmp(key, "Label")) {
            if (!(rc = check(v, PLIST_STRING, path, key, err, errlen)))
                j->label = str_of(v);
        } else if (!strcmp(key, "Program")) {
            if (!(rc = check(v, PLIST_STRING, path, key, err, errlen)))
                j->program = str_of(v);
        } else if (!strcmp(key, "ProgramArguments")) {
            if (!(rc = check(v, PLIST_ARRAY, path, key, err, errlen))) {
                uint32_t n = plist_array_get_size(v);
                j->argv = calloc(n + 1, sizeof *j->argv);
                for (uint32_t i = 0; i < n && !rc; i++) {
                    plist_t a = plist_array_get_item(v, i);
                    if (plist_get_node_type(a) != PLIST_STRING) {
                        snprintf(err, errlen, "%s: ProgramArguments: item %u is not a string", path, i);
                        rc = -1;
                    } else
                        j->argv[i] = str_of(a);
                }
            }
        } else if (!strcmp(key, "EnvironmentVariables")) {
            if (!(rc = check(v, PLIST_DICT, path, key, err, errlen))) {
                uint32_t n = plist_dict_get_size(v), k = 0;
                j->env = calloc(n + 1, sizeof *j->env);
                plist_dict_iter it2 = NULL;
                plist_dict_new_iter(v, &it2);
                char *ek = NULL;
                plist_t ev = NULL;
                for (plist_dict_next_item(v, it2, &ek, &ev); ek; free(ek), ek = NULL, plist_dict_next_item(v, it2, &ek, &ev)) {
                    if (plist_get_node_type(ev) != PLIST_STRING) {
                        snprintf(err, errlen, "%s: EnvironmentVariables: %s is not a string", path, ek);
                        rc = -1;
                        free(ek);
                        break;
                    }
                    char *val = str_of(ev);
                    if (asprintf(&j->env[k++], "%s=%s", ek, val) < 0)
                        j->env[--k] = NULL;
                    free(val);
                }
                free(it2);
            }
        } else if (!strcmp(key, "WorkingDirectory") || !strcmp(key, "StandardInPath") ||
                   !strcmp(key, "StandardOutPath") || !strcmp(key, "StandardErrorPath") ||
                   !strcmp(key, "ProcessType") || !strcmp(key, "POSIXSpawnType")) {
            if (!(rc = check(v, PLIST_STRING, path, key, err, errlen))) {
                char *s = str_of(v);
                if (!strcmp(key, "WorkingDirectory")) j->workdir = s;
                else if (!strcmp(key, "StandardInPath")) j->stdin_path = s;
                else if (!strcmp(key, "StandardOutPath")) j->stdout_path = s;
                else if (!strcmp(key, "StandardErrorPath")) j->stderr_path = s;
                else {
                    /* Background and Adaptive run nicer; Interactive a little less nice than Standard. */
                    j->nice = !strcmp(s, "Background") ? 10 : !strcmp(s, "Adaptive") ? 5
                            : !strcmp(s, "Interactive") ? -1 : 0;
                    if (strcmp(s, "Background") && strcmp(s, "Adaptive") && strcmp(s, "Interactive") &&
                        strcmp(s, "Standard") && strcmp(s, "App")) {
                        snprintf(err, errlen, "%s: %s: unknown value \"%s\"", path, key, s);
                        rc = -1;
                    }
                    free(s);
                }
            }
        } else if (!strcmp(key, "RunAtLoad") || !strcmp(key, "Disabled") || !strcmp(key, "LaunchOnlyOnce") ||
                   !strcmp(key, "AbandonProcessGroup")) {
            if (!(rc = check(v, PLIST_BOOLEAN, path, key, err, errlen))) {
                plist_get_bool_val(v, &b);
                if (!strcmp(key, "RunAtLoad")) j->run_at_load = b;
                else if (!strcmp(key, "Disabled")) j->disabled = b;
                else if (!strcmp(key, "LaunchOnlyOnce")) j->launch_only_once = b;
                else j->abandon_pgroup = b;
            }
        } else if (!strcmp(key, "ThrottleInterval") || !strcmp(key, "ExitTimeOut") ||
                   !strcmp(key, "StartInterval") || !strcmp(key, "Umask")) {
            if (!(rc = check(v, PLIST_UINT, path, key, err, errlen))) {
                plist_get_uint_val(v, &u);
                if (u > 1000000000) {
                    snprintf(err, errlen, "%s: %s: value too large", path, key);
                    rc = -1;
                }
                if (!strcmp(key, "ThrottleInterval")) j->throttle = (int)u;
                else if (!strcmp(key, "ExitTimeOut")) j->exit_timeout = (int)u;
                else if (!strcmp(key, "StartInterval")) j->start_interval = (int)u;
                else j->umask_value = (int)(u & 0777);
            }
        } else if (!strcmp(key, "KeepAlive")) {
            if (plist_get_node_type(v) == PLIST_BOOLEAN) {
                plist_get_bool_val(v, &b);
                j->keepalive = b ? KA_ALWAYS : KA_NEVER;
            } else if (plist_get_node_type(v) == PLIST_DICT) {
                plist_t se = plist_dict_get_item(v, "SuccessfulExit"), cr = plist_dict_get_item(v, "Crashed");
                if (plist_dict_get_size(v) != (se ? 1u : 0u) + (cr ? 1u : 0u)) {
                    snprintf(err, errlen, "%s: KeepAlive: only SuccessfulExit and Crashed are supported by machrun "
                             "launchd yet", path);
                    rc = -1;
                } else if ((se && plist_get_node_type(se) != PLIST_BOOLEAN) ||
                           (cr && plist_get_node_type(cr) != PLIST_BOOLEAN)) {
                    snprintf(err, errlen, "%s: KeepAlive: SuccessfulExit and Crashed must be booleans", path);
                    rc = -1;
                } else if (se) {
                    plist_get_bool_val(se, &b);
                    j->keepalive = b ? KA_SUCCESSFUL_EXIT : KA_UNSUCCESSFUL_EXIT;
                } else {
                    plist_get_bool_val(cr, &b);
                    j->keepalive = b ? KA_CRASHED : KA_NEVER;
                }
            } else {
                snprintf(err, errlen, "%s: KeepAlive: must be a boolean or a dictionary", path);
                rc = -1;
            }
        }
    }
    free(key);
    free(it);
    plist_free(p);
    if (!rc && !j->label) {
        snprintf(err, errlen, "%s: Label: missing", path);
        rc = -1;
    }
    if (!rc && !j->program && (!j->argv || !j->argv[0])) {
        snprintf(err, errlen, "%s: Program and ProgramArguments: both missing", path);
        rc = -1;
    }
    if (rc) {
        launchd_job_free(j);
        return NULL;
    }
    if (!j->program)
        j->program = strdup(j->argv[0]);
    if (!j->argv) {
        j->argv = calloc(2, sizeof *j->argv);
        j->argv[0] = strdup(j->program);
    }
    return j;
}

void launchd_job_free(struct job *j)
{
    if (!j)
        return;
    free(j->label);
    free(j->path);
    free(j->program);
    for (char **a = j->argv; a && *a; a++)
        free(*a);
    free(j->argv);
    for (char **e = j->env; e && *e; e++)
        free(*e);
    free(j->env);
    free(j->workdir);
    free(j->stdin_path);
    free(j->stdout_path);
    free(j->stderr_path);
    free(j);
}

int launchd_lint(const char *path)
{
    char err[512];
    struct job *j = launchd_job_load(path, err, sizeof err);
    if (!j) {
        printf("%s\n", err);
        return 1;
    }
    int problems = 0;
    struct stat st;
    if (j->program[0] == '/' && stat(j->program, &st) < 0) {
        printf("%s: Program: %s does not exist\n", path, j->program);
        problems++;
    }
    if (j->workdir && (stat(j->workdir, &st) < 0 || !S_ISDIR(st.st_mode))) {
        printf("%s: WorkingDirectory: %s is not a folder\n", path, j->workdir);
        problems++;
    }
    if (!problems)
        printf("%s: valid (label %s)\n", path, j->label);
    launchd_job_free(j);
    return problems;
}
