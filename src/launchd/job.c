/*
 * job.c — launchd property lists (XML or binary, through libplist) into jobs, with every
 * error naming the file and the key; and `launchctl lint`, which reports each problem.
 * Keys as launchd matches them (case-sensitive). Supported: Label, Program,
 * ProgramArguments, EnvironmentVariables, WorkingDirectory, RunAtLoad, KeepAlive (boolean,
 * or SuccessfulExit/Crashed), ThrottleInterval, ExitTimeOut, StartInterval,
 * StartCalendarInterval, WatchPaths, QueueDirectories, Sockets,
 * StandardInPath/StandardOutPath/StandardErrorPath, Disabled, LaunchOnlyOnce,
 * AbandonProcessGroup, Umask, ProcessType, POSIXSpawnType, Soft/HardResourceLimits,
 * UserName/GroupName. Keys launchd knows but machrun's launchd does not act on
 * (MachServices, inetdCompatibility, KeepAlive's PathState/OtherJobEnabled/
 * AfterInitialDemand) are refused with that reason, not ignored silently.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <plist/plist.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <netdb.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "machrun/input.h"
#include "launchd_private.h"

static const char *const supported[] = {
    "Label", "Program", "ProgramArguments", "EnvironmentVariables", "WorkingDirectory", "RunAtLoad", "KeepAlive",
    "ThrottleInterval", "ExitTimeOut", "StartInterval", "StandardInPath", "StandardOutPath", "StandardErrorPath",
    "Disabled", "LaunchOnlyOnce", "AbandonProcessGroup", "Umask", "ProcessType", "POSIXSpawnType",
    "StartCalendarInterval", "WatchPaths", "QueueDirectories", "Sockets", "UserName", "GroupName",
    "SoftResourceLimits", "HardResourceLimits", NULL,
};
static const char *const not_yet[] = { "MachServices", "inetdCompatibility", NULL };

static int parse_calendar(plist_t d, struct calendar *c, const char *path, char *err, size_t errlen)
{
    static const char *const keys[] = { "Minute", "Hour", "Day", "Weekday", "Month" };
    int *fields[] = { &c->minute, &c->hour, &c->day, &c->weekday, &c->month };
    static const int maxv[] = { 59, 23, 31, 7, 12 }, minv[] = { 0, 0, 1, 0, 1 };
    for (int i = 0; i < 5; i++)
        *fields[i] = -1;
    if (plist_get_node_type(d) != PLIST_DICT) {
        snprintf(err, errlen, "%s: StartCalendarInterval: each entry must be a dictionary", path);
        return -1;
    }
    plist_dict_iter it = NULL;
    plist_dict_new_iter(d, &it);
    char *k = NULL;
    plist_t v = NULL;
    int rc = 0;
    for (plist_dict_next_item(d, it, &k, &v); k && !rc; free(k), k = NULL, plist_dict_next_item(d, it, &k, &v)) {
        int f = -1;
        for (int i = 0; i < 5; i++)
            if (!strcmp(k, keys[i]))
                f = i;
        uint64_t u = 0;
        if (f < 0) {
            snprintf(err, errlen, "%s: StartCalendarInterval: %s: unknown key", path, k);
            rc = -1;
        } else if (plist_get_node_type(v) != PLIST_UINT) {
            snprintf(err, errlen, "%s: StartCalendarInterval: %s: must be an integer", path, k);
            rc = -1;
        } else if (plist_get_uint_val(v, &u), (int)u < minv[f] || u > (uint64_t)maxv[f]) {
            snprintf(err, errlen, "%s: StartCalendarInterval: %s: %llu out of range %d-%d", path, k,
                     (unsigned long long)u, minv[f], maxv[f]);
            rc = -1;
        } else {
            *fields[f] = (int)u;
        }
    }
    free(k);
    free(it);
    return rc;
}

static char **string_array(plist_t v, const char *path, const char *key, char *err, size_t errlen)
{
    if (plist_get_node_type(v) != PLIST_ARRAY) {
        snprintf(err, errlen, "%s: %s: must be an array of strings", path, key);
        return NULL;
    }
    uint32_t n = plist_array_get_size(v);
    char **a = calloc(n + 1, sizeof *a);
    for (uint32_t i = 0; i < n; i++) {
        plist_t x = plist_array_get_item(v, i);
        if (plist_get_node_type(x) != PLIST_STRING) {
            snprintf(err, errlen, "%s: %s: item %u is not a string", path, key, i);
            for (uint32_t j = 0; j < i; j++)
                free(a[j]);
            free(a);
            return NULL;
        }
        plist_get_string_val(x, &a[i]);
    }
    return a;
}

static const struct {
    const char *name;
    int resource;
} rlimit_keys[] = {
    { "Core", RLIMIT_CORE }, { "CPU", RLIMIT_CPU }, { "Data", RLIMIT_DATA }, { "FileSize", RLIMIT_FSIZE },
    { "MemoryLock", RLIMIT_MEMLOCK }, { "NumberOfFiles", RLIMIT_NOFILE }, { "NumberOfProcesses", RLIMIT_NPROC },
    { "ResidentSetSize", RLIMIT_RSS }, { "Stack", RLIMIT_STACK },
};

static int parse_limits(struct job *j, plist_t v, bool hard, const char *path, const char *key, char *err, size_t errlen)
{
    if (plist_get_node_type(v) != PLIST_DICT) {
        snprintf(err, errlen, "%s: %s: must be a dictionary", path, key);
        return -1;
    }
    plist_dict_iter it = NULL;
    plist_dict_new_iter(v, &it);
    char *k = NULL;
    plist_t x = NULL;
    int rc = 0;
    for (plist_dict_next_item(v, it, &k, &x); k && !rc; free(k), k = NULL, plist_dict_next_item(v, it, &k, &x)) {
        int r = -1;
        for (size_t i = 0; i < sizeof rlimit_keys / sizeof rlimit_keys[0]; i++)
            if (!strcmp(k, rlimit_keys[i].name))
                r = rlimit_keys[i].resource;
        if (r < 0) {
            snprintf(err, errlen, "%s: %s: %s: unknown resource", path, key, k);
            rc = -1;
        } else if (plist_get_node_type(x) != PLIST_UINT) {
            snprintf(err, errlen, "%s: %s: %s: must be an integer", path, key, k);
            rc = -1;
        } else if (j->nlimits < 32) {
            uint64_t u;
            plist_get_uint_val(x, &u);
            j->limits[j->nlimits++] = (struct job_rlimit){ r, u, hard };
        }
    }
    free(k);
    free(it);
    return rc;
}

static int parse_socket(plist_t d, const char *name, struct job_socket *s, const char *path, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->name = strdup(name);
    s->family = AF_UNSPEC;
    s->type = SOCK_STREAM;
    s->passive = true;
    s->fd = -1;
    if (plist_get_node_type(d) != PLIST_DICT) {
        snprintf(err, errlen, "%s: Sockets: %s: must be a dictionary", path, name);
        return -1;
    }
    plist_t v;
    char *str = NULL;
    if ((v = plist_dict_get_item(d, "SockType"))) {
        plist_get_string_val(v, &str);
        if (!str || (strcmp(str, "stream") && strcmp(str, "dgram"))) {
            snprintf(err, errlen, "%s: Sockets: %s: SockType must be stream or dgram", path, name);
            free(str);
            return -1;
        }
        s->type = !strcmp(str, "dgram") ? SOCK_DGRAM : SOCK_STREAM;
        free(str);
    }
    if ((v = plist_dict_get_item(d, "SockPassive")) && plist_get_node_type(v) == PLIST_BOOLEAN) {
        uint8_t b;
        plist_get_bool_val(v, &b);
        s->passive = b;
    }
    if ((v = plist_dict_get_item(d, "SockFamily"))) {
        plist_get_string_val(v, &str);
        s->family = str && !strcmp(str, "IPv4") ? AF_INET : str && !strcmp(str, "IPv6") ? AF_INET6
                  : str && !strcmp(str, "Unix") ? AF_UNIX : -1;
        free(str);
        if (s->family < 0) {
            snprintf(err, errlen, "%s: Sockets: %s: SockFamily must be IPv4, IPv6 or Unix", path, name);
            return -1;
        }
    }
    if ((v = plist_dict_get_item(d, "SockPathName"))) {
        plist_get_string_val(v, &s->path);
        s->family = AF_UNIX;
    }
    if ((v = plist_dict_get_item(d, "SockNodeName")))
        plist_get_string_val(v, &s->node);
    if ((v = plist_dict_get_item(d, "SockServiceName"))) {
        if (plist_get_node_type(v) == PLIST_UINT) {
            uint64_t u;
            plist_get_uint_val(v, &u);
            if (asprintf(&s->service, "%llu", (unsigned long long)u) < 0)
                s->service = NULL;
        } else {
            plist_get_string_val(v, &s->service);
        }
    }
    if (!s->path && !s->service) {
        snprintf(err, errlen, "%s: Sockets: %s: needs SockServiceName or SockPathName", path, name);
        return -1;
    }
    return 0;
}

static bool in(const char *k, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(k, *list))
            return true;
    return false;
}

static plist_t read_plist(const char *path, char *err, size_t errlen)
{
    const char *why;
    int fd = mr_open_input(path, &why);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, why ? why : strerror(errno));
        if (fd >= 0)
            close(fd);
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
    j->watch_fd = -1;
    j->pidfd = -1;
    j->start_pipe = -1;
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
        } else if (!strcmp(key, "StartCalendarInterval")) {
            plist_type t = plist_get_node_type(v);
            uint32_t n = t == PLIST_ARRAY ? plist_array_get_size(v) : 1;
            j->cal = calloc(n ? n : 1, sizeof *j->cal);
            for (uint32_t i = 0; i < n && !rc; i++)
                rc = parse_calendar(t == PLIST_ARRAY ? plist_array_get_item(v, i) : v, &j->cal[i], path, err, errlen);
            j->ncal = (int)n;
        } else if (!strcmp(key, "WatchPaths") || !strcmp(key, "QueueDirectories")) {
            char **a = string_array(v, path, key, err, errlen);
            if (!a)
                rc = -1;
            else if (!strcmp(key, "WatchPaths"))
                j->watch_paths = a;
            else
                j->queue_dirs = a;
        } else if (!strcmp(key, "SoftResourceLimits") || !strcmp(key, "HardResourceLimits")) {
            rc = parse_limits(j, v, key[0] == 'H', path, key, err, errlen);
        } else if (!strcmp(key, "UserName") || !strcmp(key, "GroupName")) {
            if (!(rc = check(v, PLIST_STRING, path, key, err, errlen))) {
                if (key[0] == 'U')
                    j->user = str_of(v);
                else
                    j->group = str_of(v);
            }
        } else if (!strcmp(key, "Sockets")) {
            if (!(rc = check(v, PLIST_DICT, path, key, err, errlen))) {
                uint32_t n = plist_dict_get_size(v);
                j->socks = calloc(n ? n : 1, sizeof *j->socks);
                plist_dict_iter it2 = NULL;
                plist_dict_new_iter(v, &it2);
                char *sk = NULL;
                plist_t sv = NULL;
                for (plist_dict_next_item(v, it2, &sk, &sv); sk && !rc;
                     free(sk), sk = NULL, plist_dict_next_item(v, it2, &sk, &sv)) {
                    /* A name may hold one socket dictionary or an array of them: the first. */
                    plist_t one = plist_get_node_type(sv) == PLIST_ARRAY ? plist_array_get_item(sv, 0) : sv;
                    rc = parse_socket(one, sk, &j->socks[j->nsocks], path, err, errlen);
                    if (!rc)
                        j->nsocks++;
                }
                free(sk);
                free(it2);
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
    free(j->cal);
    for (char **a = j->watch_paths; a && *a; a++)
        free(*a);
    free(j->watch_paths);
    for (char **a = j->queue_dirs; a && *a; a++)
        free(*a);
    free(j->queue_dirs);
    for (int i = 0; i < j->nsocks; i++) {
        free(j->socks[i].name);
        free(j->socks[i].node);
        free(j->socks[i].service);
        free(j->socks[i].path);
    }
    free(j->socks);
    free(j->user);
    free(j->group);
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
