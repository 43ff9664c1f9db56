/*
 * sbpl.c — owns SBPL's vocabulary on top of scheme.c and Apple's decision rules:
 * the operation hierarchy, filters (path, vnode, network, target, names, require-*),
 * allow/deny/version/param/import/debug/trace, path canonicalization (/tmp -> /private/tmp)
 * and sb_check (which rule wins).
 *
 * Which rule wins (as on macOS): filters within one rule combine as require-any; for one
 * operation the later matching filtered rule wins; an unfiltered rule sets that
 * operation's fallback wherever it appears (the last unfiltered one counts); an operation
 * with neither a matching filtered rule nor a fallback defers to its parent
 * (file-read-data -> file-read* -> file* -> default). process-info* and priv* fall back to
 * allow. A process may always signal itself.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "machrun/input.h"
#include "sb_private.h"

enum {
    O_DEFAULT, O_FILE, O_FREAD, O_FREAD_DATA, O_FREAD_META, O_FREAD_XATTR, O_FWRITE,
    O_FWRITE_DATA, O_FWRITE_CREATE, O_FWRITE_UNLINK, O_FWRITE_MODE, O_FWRITE_OWNER,
    O_FWRITE_TIMES, O_FWRITE_FLAGS, O_FWRITE_XATTR, O_FWRITE_SETUGID, O_FWRITE_MOUNT,
    O_FWRITE_UNMOUNT, O_FIOCTL, O_FLINK, O_FREVOKE, O_FCHROOT, O_FMAPEXEC, O_FISSUE_EXT,
    O_FTEST_EXIST, O_FCLONE,
    O_PROCESS, O_PEXEC, O_PEXEC_INTERP, O_PFORK,
    O_PINFO, O_PINFO_PIDINFO, O_PINFO_SETCONTROL, O_PINFO_DIRTYCONTROL, O_PINFO_CODESIGN, O_PINFO_LISTPIDS,
    O_NETWORK, O_NET_IN, O_NET_OUT, O_NET_BIND,
    O_SIGNAL, O_SYSCTL, O_SYSCTL_READ, O_SYSCTL_WRITE,
    O_MACH, O_MACH_LOOKUP, O_MACH_REGISTER, O_MACH_PRIV, O_MACH_PRIV_HOST, O_MACH_PRIV_TASK, O_MACH_TASKNAME,
    O_IPC, O_IPC_POSIX, O_IPC_POSIX_SEM, O_IPC_POSIX_SHM, O_IPC_POSIX_SHM_READ, O_IPC_POSIX_SHM_WRITE,
    O_IPC_POSIX_SHM_CREATE, O_IPC_POSIX_SHM_UNLINK, O_IPC_POSIX_SEM_CREATE, O_IPC_POSIX_SEM_OPEN,
    O_IPC_POSIX_SEM_POST, O_IPC_POSIX_SEM_WAIT, O_IPC_POSIX_SEM_UNLINK, O_IPC_SYSV,
    O_IOKIT, O_IOKIT_OPEN, O_IOKIT_GETPROP, O_IOKIT_SETPROP,
    O_SYSTEM, O_SYS_SOCKET, O_SYS_AUDIT, O_SYS_FSCTL, O_SYS_INFO, O_SYS_SCHED, O_SYS_ACCT,
    O_SYS_REBOOT, O_SYS_SET_TIME, O_SYS_PRIVILEGE, O_SYS_KEXT, O_SYS_MAC_SYSCALL, O_SYS_NFSSVC,
    O_SYS_SWAP, O_SYS_CHUD,
    O_PRIV, O_USERPREF, O_USERPREF_READ, O_USERPREF_WRITE,
    O_JOB, O_LSOPEN, O_APPLEEVENT, O_NVRAM, O_NVRAM_GET, O_NVRAM_SET, O_NVRAM_DELETE,
    O_SYSCALL, O_SYSCALL_UNIX, O_SYSCALL_MACH, O_SYSCALL_MIG, O_DYNAMIC_CODE,
    O_COUNT
};

const struct sb_opdef sb_ops[] = {
    [O_DEFAULT] = { "default", -1, 0 },
    [O_FILE] = { "file*", O_DEFAULT, 0 },
    [O_FREAD] = { "file-read*", O_FILE, 0 },
    [O_FREAD_DATA] = { "file-read-data", O_FREAD, 0 },
    [O_FREAD_META] = { "file-read-metadata", O_FREAD, 0 },
    [O_FREAD_XATTR] = { "file-read-xattr", O_FREAD, 0 },
    [O_FWRITE] = { "file-write*", O_FILE, 0 },
    [O_FWRITE_DATA] = { "file-write-data", O_FWRITE, 0 },
    [O_FWRITE_CREATE] = { "file-write-create", O_FWRITE, 0 },
    [O_FWRITE_UNLINK] = { "file-write-unlink", O_FWRITE, 0 },
    [O_FWRITE_MODE] = { "file-write-mode", O_FWRITE, 0 },
    [O_FWRITE_OWNER] = { "file-write-owner", O_FWRITE, 0 },
    [O_FWRITE_TIMES] = { "file-write-times", O_FWRITE, 0 },
    [O_FWRITE_FLAGS] = { "file-write-flags", O_FWRITE, 0 },
    [O_FWRITE_XATTR] = { "file-write-xattr", O_FWRITE, 0 },
    [O_FWRITE_SETUGID] = { "file-write-setugid", O_FWRITE, 0 },
    [O_FWRITE_MOUNT] = { "file-write-mount", O_FWRITE, 0 },
    [O_FWRITE_UNMOUNT] = { "file-write-unmount", O_FWRITE, 0 },
    [O_FIOCTL] = { "file-ioctl", O_FILE, 0 },
    [O_FLINK] = { "file-link", O_FILE, 0 },
    [O_FREVOKE] = { "file-revoke", O_FILE, 0 },
    [O_FCHROOT] = { "file-chroot", O_FILE, 0 },
    [O_FMAPEXEC] = { "file-map-executable", O_FILE, 0 },
    [O_FISSUE_EXT] = { "file-issue-extension", O_FILE, 0 },
    [O_FTEST_EXIST] = { "file-test-existence", O_FILE, 0 },
    [O_FCLONE] = { "file-clone", O_FILE, 0 },
    [O_PROCESS] = { "process*", O_DEFAULT, 0 },
    [O_PEXEC] = { "process-exec*", O_PROCESS, 0 },
    [O_PEXEC_INTERP] = { "process-exec-interpreter", O_PEXEC, 0 },
    [O_PFORK] = { "process-fork", O_PROCESS, 0 },
    [O_PINFO] = { "process-info*", -1, 1 },
    [O_PINFO_PIDINFO] = { "process-info-pidinfo", O_PINFO, 0 },
    [O_PINFO_SETCONTROL] = { "process-info-setcontrol", O_PINFO, 0 },
    [O_PINFO_DIRTYCONTROL] = { "process-info-dirtycontrol", O_PINFO, 0 },
    [O_PINFO_CODESIGN] = { "process-info-codesignature", O_PINFO, 0 },
    [O_PINFO_LISTPIDS] = { "process-info-listpids", O_PINFO, 0 },
    [O_NETWORK] = { "network*", O_DEFAULT, 0 },
    [O_NET_IN] = { "network-inbound", O_NETWORK, 0 },
    [O_NET_OUT] = { "network-outbound", O_NETWORK, 0 },
    [O_NET_BIND] = { "network-bind", O_NETWORK, 0 },
    [O_SIGNAL] = { "signal", O_DEFAULT, 0 },
    [O_SYSCTL] = { "sysctl*", O_DEFAULT, 0 },
    [O_SYSCTL_READ] = { "sysctl-read", O_SYSCTL, 0 },
    [O_SYSCTL_WRITE] = { "sysctl-write", O_SYSCTL, 0 },
    [O_MACH] = { "mach*", O_DEFAULT, 0 },
    [O_MACH_LOOKUP] = { "mach-lookup", O_MACH, 0 },
    [O_MACH_REGISTER] = { "mach-register", O_MACH, 0 },
    [O_MACH_PRIV] = { "mach-priv*", O_MACH, 0 },
    [O_MACH_PRIV_HOST] = { "mach-priv-host-port", O_MACH_PRIV, 0 },
    [O_MACH_PRIV_TASK] = { "mach-priv-task-port", O_MACH_PRIV, 0 },
    [O_MACH_TASKNAME] = { "mach-task-name", O_MACH, 0 },
    [O_IPC] = { "ipc*", O_DEFAULT, 0 },
    [O_IPC_POSIX] = { "ipc-posix*", O_IPC, 0 },
    [O_IPC_POSIX_SEM] = { "ipc-posix-sem*", O_IPC_POSIX, 0 },
    [O_IPC_POSIX_SHM] = { "ipc-posix-shm*", O_IPC_POSIX, 0 },
    [O_IPC_POSIX_SHM_READ] = { "ipc-posix-shm-read-data", O_IPC_POSIX_SHM, 0 },
    [O_IPC_POSIX_SHM_WRITE] = { "ipc-posix-shm-write-data", O_IPC_POSIX_SHM, 0 },
    [O_IPC_POSIX_SHM_CREATE] = { "ipc-posix-shm-write-create", O_IPC_POSIX_SHM, 0 },
    [O_IPC_POSIX_SHM_UNLINK] = { "ipc-posix-shm-write-unlink", O_IPC_POSIX_SHM, 0 },
    [O_IPC_POSIX_SEM_CREATE] = { "ipc-posix-sem-create", O_IPC_POSIX_SEM, 0 },
    [O_IPC_POSIX_SEM_OPEN] = { "ipc-posix-sem-open", O_IPC_POSIX_SEM, 0 },
    [O_IPC_POSIX_SEM_POST] = { "ipc-posix-sem-post", O_IPC_POSIX_SEM, 0 },
    [O_IPC_POSIX_SEM_WAIT] = { "ipc-posix-sem-wait", O_IPC_POSIX_SEM, 0 },
    [O_IPC_POSIX_SEM_UNLINK] = { "ipc-posix-sem-unlink", O_IPC_POSIX_SEM, 0 },
    [O_IPC_SYSV] = { "ipc-sysv*", O_IPC, 0 },
    [O_IOKIT] = { "iokit*", O_DEFAULT, 0 },
    [O_IOKIT_OPEN] = { "iokit-open", O_IOKIT, 0 },
    [O_IOKIT_GETPROP] = { "iokit-get-properties", O_IOKIT, 0 },
    [O_IOKIT_SETPROP] = { "iokit-set-properties", O_IOKIT, 0 },
    [O_SYSTEM] = { "system*", O_DEFAULT, 0 },
    [O_SYS_SOCKET] = { "system-socket", O_SYSTEM, 0 },
    [O_SYS_AUDIT] = { "system-audit", O_SYSTEM, 0 },
    [O_SYS_FSCTL] = { "system-fsctl", O_SYSTEM, 0 },
    [O_SYS_INFO] = { "system-info", O_SYSTEM, 0 },
    [O_SYS_SCHED] = { "system-sched", O_SYSTEM, 0 },
    [O_SYS_ACCT] = { "system-acct", O_SYSTEM, 0 },
    [O_SYS_REBOOT] = { "system-reboot", O_SYSTEM, 0 },
    [O_SYS_SET_TIME] = { "system-set-time", O_SYSTEM, 0 },
    [O_SYS_PRIVILEGE] = { "system-privilege", O_SYSTEM, 0 },
    [O_SYS_KEXT] = { "system-kext*", O_SYSTEM, 0 },
    [O_SYS_MAC_SYSCALL] = { "system-mac-syscall", O_SYSTEM, 0 },
    [O_SYS_NFSSVC] = { "system-nfssvc", O_SYSTEM, 0 },
    [O_SYS_SWAP] = { "system-swap", O_SYSTEM, 0 },
    [O_SYS_CHUD] = { "system-chud", O_SYSTEM, 0 },
    [O_PRIV] = { "priv*", -1, 1 },
    [O_USERPREF] = { "user-preference*", O_DEFAULT, 0 },
    [O_USERPREF_READ] = { "user-preference-read", O_USERPREF, 0 },
    [O_USERPREF_WRITE] = { "user-preference-write", O_USERPREF, 0 },
    [O_JOB] = { "job-creation", O_DEFAULT, 0 },
    [O_LSOPEN] = { "lsopen", O_DEFAULT, 0 },
    [O_APPLEEVENT] = { "appleevent-send", O_DEFAULT, 0 },
    [O_NVRAM] = { "nvram*", O_DEFAULT, 0 },
    [O_NVRAM_GET] = { "nvram-get", O_NVRAM, 0 },
    [O_NVRAM_SET] = { "nvram-set", O_NVRAM, 0 },
    [O_NVRAM_DELETE] = { "nvram-delete", O_NVRAM, 0 },
    [O_SYSCALL] = { "syscall*", O_DEFAULT, 0 },
    [O_SYSCALL_UNIX] = { "syscall-unix", O_SYSCALL, 0 },
    [O_SYSCALL_MACH] = { "syscall-mach", O_SYSCALL, 0 },
    [O_SYSCALL_MIG] = { "syscall-mig", O_SYSCALL, 0 },
    [O_DYNAMIC_CODE] = { "dynamic-code-generation", O_DEFAULT, 0 },
};
const int sb_nops = O_COUNT;

/* Old spellings that Apple still accepts. */
static const struct { const char *alias, *name; } op_aliases[] = {
    { "process-exec", "process-exec*" }, { "network-outbound*", "network-outbound" },
    { "file-write-setugid*", "file-write-setugid" }, { "mach-priv-host-port*", "mach-priv-host-port" },
};

int sb_op_index(const char *name)
{
    for (int i = 0; i < O_COUNT; i++) if (!strcmp(sb_ops[i].name, name)) return i;
    for (size_t i = 0; i < sizeof op_aliases / sizeof op_aliases[0]; i++)
        if (!strcmp(op_aliases[i].alias, name)) return sb_op_index(op_aliases[i].name);
    return -1;
}
int sb_operation_known(const char *name) { return sb_op_index(name) >= 0; }

/* ---------------- paths ---------------- */
void sb_canon_path(const char *in, char *buf, size_t n)
{
    /* lexical normalization */
    char tmp[PATH_MAX * 2];
    size_t k = 0;
    size_t starts[512]; int depth = 0;
    tmp[k++] = '/';
    const char *p = in;
    while (*p) {
        while (*p == '/') p++;
        if (!*p) break;
        const char *s = p;
        while (*p && *p != '/') p++;
        size_t len = (size_t)(p - s);
        if (len == 1 && s[0] == '.') continue;
        if (len == 2 && s[0] == '.' && s[1] == '.') {
            if (depth > 0) k = starts[--depth];
            continue;
        }
        if (k + len + 2 >= sizeof tmp) break;
        if (depth < 512) starts[depth++] = k;
        if (k > 1) tmp[k++] = '/';
        memcpy(tmp + k, s, len);
        k += len;
    }
    tmp[k] = 0;
    const char *pre = "";
    static const char *const priv[] = { "/tmp", "/etc", "/var" };
    for (int i = 0; i < 3; i++) {
        size_t l = strlen(priv[i]);
        if (!strncmp(tmp, priv[i], l) && (tmp[l] == 0 || tmp[l] == '/')) { pre = "/private"; break; }
    }
    snprintf(buf, n, "%s%s", pre, tmp);
}

const char *sb_linux_path(const char *canon)
{
    static const char *const priv[] = { "/private/tmp", "/private/etc", "/private/var" };
    for (int i = 0; i < 3; i++) {
        size_t l = strlen(priv[i]);
        if (!strncmp(canon, priv[i], l) && (canon[l] == 0 || canon[l] == '/')) return canon + 8;
    }
    return canon;
}

/* ---------------- filters ---------------- */
static struct sb_filter *newf(struct sctx *c, enum sb_fkind k)
{
    struct sb_filter *f = sb_alloc(c->arena, sizeof *f);
    f->k = k;
    return f;
}
static sv *wrapf(struct sctx *c, struct sb_filter *f)
{
    sv *v = sb_alloc(c->arena, sizeof *v);
    v->t = T_FILTER; v->u.filter = f;
    return v;
}
static const char *want_s(struct sctx *c, const char *who, sv *v)
{
    if (v->t != T_STR) s_fail(c, "%s: expected a string, got %s", who, s_typename(v));
    return v->u.str.s;
}
static regex_t *compile_re(struct sctx *c, const char *who, const char *src)
{
    regex_t *re = sb_alloc(c->arena, sizeof *re);
    int rc = regcomp(re, src, REG_EXTENDED | REG_NOSUB);
    if (rc) {
        char m[128];
        regerror(rc, re, m, sizeof m);
        s_fail(c, "%s: bad regular expression \"%s\": %s", who, src, m);
    }
    /* regex_t holds malloc'ed memory: freed with the profile (see sb_profile_free) */
    return re;
}
static struct sb_filter *path_filter(struct sctx *c, const char *who, enum sb_fkind k, sv *arg)
{
    const char *s = want_s(c, who, arg);
    struct sb_filter *f = newf(c, k);
    if (k == F_REGEX) {
        f->s = s;
        f->re = compile_re(c, who, s);
        return f;
    }
    if (s[0] != '/') s_fail(c, "%s: path must be absolute: \"%s\"", who, s);
    char buf[PATH_MAX * 2];
    sb_canon_path(s, buf, sizeof buf);
    if (k == F_PREFIX && s[strlen(s) - 1] == '/' && strcmp(buf, "/")) strcat(buf, "/");
    f->s = sb_strdup(c->arena, buf, strlen(buf));
    return f;
}

/* a list of live regex_t of the profile being built, to free them */
static sv *p_literal(struct sctx *c, int argc, sv **argv) { (void)argc; return wrapf(c, path_filter(c, "literal", F_LITERAL, argv[0])); }
static sv *p_subpath(struct sctx *c, int argc, sv **argv) { (void)argc; return wrapf(c, path_filter(c, "subpath", F_SUBPATH, argv[0])); }
static sv *p_prefix(struct sctx *c, int argc, sv **argv) { (void)argc; return wrapf(c, path_filter(c, "prefix", F_PREFIX, argv[0])); }
static sv *p_regex(struct sctx *c, int argc, sv **argv)
{
    if (argc == 1) return wrapf(c, path_filter(c, "regex", F_REGEX, argv[0]));
    struct sb_filter *f = newf(c, F_ANY);
    f->kids = sb_alloc(c->arena, sizeof(void *) * argc);
    for (int i = 0; i < argc; i++) f->kids[f->nkids++] = path_filter(c, "regex", F_REGEX, argv[i]);
    return wrapf(c, f);
}

static struct sb_filter *want_filter(struct sctx *c, const char *who, sv *v)
{
    if (v->t != T_FILTER) s_fail(c, "%s: expected a filter, got %s", who, s_typename(v));
    return v->u.filter;
}
static sv *combine(struct sctx *c, enum sb_fkind k, const char *who, int argc, sv **argv)
{
    struct sb_filter *f = newf(c, k);
    f->kids = sb_alloc(c->arena, sizeof(void *) * (argc + 1));
    for (int i = 0; i < argc; i++) f->kids[f->nkids++] = want_filter(c, who, argv[i]);
    return wrapf(c, f);
}
static sv *p_require_any(struct sctx *c, int argc, sv **argv) { return combine(c, F_ANY, "require-any", argc, argv); }
static sv *p_require_all(struct sctx *c, int argc, sv **argv) { return combine(c, F_ALL, "require-all", argc, argv); }
static sv *p_require_not(struct sctx *c, int argc, sv **argv) { return combine(c, F_NOT, "require-not", argc, argv); }

static sv *cst(struct sctx *c, const char *name, long long v)
{
    sv *x = sb_alloc(c->arena, sizeof *x);
    x->t = T_CONST; x->u.cst.name = name; x->u.cst.v = v;
    return x;
}
static long long want_cst(struct sctx *c, const char *who, sv *v, const char *kind)
{
    if (v->t != T_CONST || strcmp(v->u.cst.name, kind)) s_fail(c, "%s: expected a %s, got %s", who, kind, s_typename(v));
    return v->u.cst.v;
}
static sv *p_vnode_type(struct sctx *c, int argc, sv **argv)
{
    struct sb_filter *f = newf(c, F_ANY);
    f->kids = sb_alloc(c->arena, sizeof(void *) * argc);
    for (int i = 0; i < argc; i++) {
        struct sb_filter *k = newf(c, F_VNODE);
        k->v = want_cst(c, "vnode-type", argv[i], "vnode type");
        f->kids[f->nkids++] = k;
    }
    return wrapf(c, argc == 1 ? f->kids[0] : f);
}
static sv *p_target(struct sctx *c, int argc, sv **argv)
{
    (void)argc;
    struct sb_filter *f = newf(c, F_TARGET);
    f->v = want_cst(c, "target", argv[0], "signal target");
    return wrapf(c, f);
}
static sv *net(struct sctx *c, int local, int argc, sv **argv)
{
    const char *who = local ? "local" : "remote";
    if (argc < 1 || argc > 2) s_fail(c, "%s: expects (%s PROTOCOL [ADDRESS])", who, who);
    long long proto = want_cst(c, who, argv[0], "address family");
    struct sb_filter *f = newf(c, F_NET);
    f->net_local = local;
    if (proto == 9) {   /* unix-socket; without a path filter: any */
        f->net_unix = 1;
        f->sub = argc == 2 ? want_filter(c, who, argv[1]) : NULL;
        return wrapf(c, f);
    }
    f->net_proto = (int)(proto % 3);   /* 0 ip, 1 tcp, 2 udp */
    const char *a = argc == 2 ? want_s(c, who, argv[1]) : "*:*";
    const char *colon = strrchr(a, ':');
    if (!colon) s_fail(c, "%s: address must be \"host:port\": \"%s\"", who, a);
    char host[128];
    size_t hl = (size_t)(colon - a);
    if (hl == 0 || hl >= sizeof host) s_fail(c, "%s: bad host in \"%s\"", who, a);
    memcpy(host, a, hl); host[hl] = 0;
    if (strcmp(host, "*") && strcmp(host, "localhost"))
        s_fail(c, "%s: host must be \"*\" or \"localhost\" (as on macOS): \"%s\"", who, a);
    f->net_host = sb_strdup(c->arena, host, hl);
    if (!strcmp(colon + 1, "*")) f->net_port = -1;
    else {
        char *end;
        long port = strtol(colon + 1, &end, 10);
        if (*end || port < 0 || port > 65535 || end == colon + 1) s_fail(c, "%s: bad port in \"%s\"", who, a);
        f->net_port = (int)port;
    }
    return wrapf(c, f);
}
static sv *p_remote(struct sctx *c, int argc, sv **argv) { return net(c, 0, argc, argv); }
static sv *p_local(struct sctx *c, int argc, sv **argv) { return net(c, 1, argc, argv); }

static sv *name_filter(struct sctx *c, const char *who, enum sb_fkind k, int tag, sv *arg)
{
    struct sb_filter *f = newf(c, k);
    f->s = want_s(c, who, arg);
    f->v = tag;
    if (k == F_NAME_REGEX) f->re = compile_re(c, who, f->s);
    return wrapf(c, f);
}
#define NAMEP(fn, who, k, tag) static sv *fn(struct sctx *c, int argc, sv **argv) { (void)argc; return name_filter(c, who, k, tag, argv[0]); }
NAMEP(p_sysctl_name, "sysctl-name", F_NAME, N_SYSCTL)
NAMEP(p_sysctl_name_prefix, "sysctl-name-prefix", F_NAME_PREFIX, N_SYSCTL)
NAMEP(p_sysctl_name_regex, "sysctl-name-regex", F_NAME_REGEX, N_SYSCTL)
NAMEP(p_global_name, "global-name", F_NAME, N_GLOBAL)
NAMEP(p_global_name_prefix, "global-name-prefix", F_NAME_PREFIX, N_GLOBAL)
NAMEP(p_global_name_regex, "global-name-regex", F_NAME_REGEX, N_GLOBAL)
NAMEP(p_local_name, "local-name", F_NAME, N_LOCAL)
NAMEP(p_local_name_prefix, "local-name-prefix", F_NAME_PREFIX, N_LOCAL)
NAMEP(p_ipc_name, "ipc-posix-name", F_NAME, N_IPC)
NAMEP(p_ipc_name_prefix, "ipc-posix-name-prefix", F_NAME_PREFIX, N_IPC)
NAMEP(p_ipc_name_regex, "ipc-posix-name-regex", F_NAME_REGEX, N_IPC)
NAMEP(p_iokit_class, "iokit-user-client-class", F_NAME, N_IOKIT)
NAMEP(p_iokit_reg_class, "iokit-registry-entry-class", F_NAME, N_IOKIT)
NAMEP(p_pref_domain, "preference-domain", F_NAME, N_PREFDOMAIN)

static sv *p_extension(struct sctx *c, int argc, sv **argv)
{
    (void)argc;
    want_s(c, "extension", argv[0]);
    struct sb_filter *f = newf(c, F_NEVER);
    f->why = "(extension ...): machrun issues no sandbox extensions, so it never matches";
    return wrapf(c, f);
}
static sv *p_socket_domain(struct sctx *c, int argc, sv **argv)
{
    (void)argc;
    if (argv[0]->t != T_INT) s_fail(c, "socket-domain: expected a number (AF_*)");
    struct sb_filter *f = newf(c, F_SOCKDOMAIN);
    f->v = argv[0]->u.i;
    return wrapf(c, f);
}
static sv *p_socket_type(struct sctx *c, int argc, sv **argv)
{
    (void)argc;
    if (argv[0]->t != T_INT) s_fail(c, "socket-type: expected a number (SOCK_*)");
    struct sb_filter *f = newf(c, F_SOCKTYPE);
    f->v = argv[0]->u.i;
    return wrapf(c, f);
}

/* ---------------- rules ---------------- */
static void add_rule_items(struct sctx *c, const char *who, sv *v, int *ops, int *nops,
                           struct sb_filter ***fl, int *nf, int *cap, int *flags, int *sig)
{
    switch (v->t) {
    case T_OP:
        if (*nops >= O_COUNT) s_fail(c, "%s: too many operations", who);
        ops[(*nops)++] = v->u.op;
        return;
    case T_FILTER:
        if (*nf == *cap) {
            *cap = *cap ? *cap * 2 : 4;
            struct sb_filter **n = sb_alloc(c->arena, sizeof(void *) * *cap);
            if (*nf) memcpy(n, *fl, sizeof(void *) * *nf);
            *fl = n;
        }
        (*fl)[(*nf)++] = v->u.filter;
        return;
    case T_MOD:
        *flags |= v->u.mod.flags;
        if (v->u.mod.flags & SB_FLAG_SEND_SIGNAL) *sig = v->u.mod.sig;
        return;
    case T_PAIR:
    case T_NIL:
        for (; v->t == T_PAIR; v = v->u.pair.cdr) add_rule_items(c, who, v->u.pair.car, ops, nops, fl, nf, cap, flags, sig);
        return;
    default:
        s_fail(c, "%s: expected an operation, filter or modifier, got %s", who, s_typename(v));
    }
}

static sv *rule(struct sctx *c, int allow, int argc, sv **argv)
{
    const char *who = allow ? "allow" : "deny";
    if (!c->version) s_fail(c, "%s before (version 1)", who);
    int ops[O_COUNT], nops = 0, nf = 0, cap = 0, flags = 0, sig = 0;
    struct sb_filter **fl = NULL;
    for (int i = 0; i < argc; i++) add_rule_items(c, who, argv[i], ops, &nops, &fl, &nf, &cap, &flags, &sig);
    if (nops == 0) s_fail(c, "%s: no operation named", who);
    for (int i = 0; i < nops; i++) {
        struct sb_rule *r = sb_alloc(c->arena, sizeof *r);
        r->allow = allow; r->op = ops[i]; r->filters = fl; r->nfilters = nf;
        r->flags = flags; r->sig = sig;
        r->file = c->file; r->line = c->line; r->col = c->col;
        if (c->rules_tail) c->rules_tail->next = r; else c->rules = r;
        c->rules_tail = r;
        c->nrules++;
    }
    return &c->unspec;
}
static sv *p_allow(struct sctx *c, int argc, sv **argv) { return rule(c, 1, argc, argv); }
static sv *p_deny(struct sctx *c, int argc, sv **argv) { return rule(c, 0, argc, argv); }

static sv *p_version(struct sctx *c, int argc, sv **argv)
{
    (void)argc;
    if (argv[0]->t != T_INT || argv[0]->u.i != 1) s_fail(c, "unsupported profile version (only (version 1) exists)");
    c->version = 1;
    return &c->unspec;
}
static sv *p_param(struct sctx *c, int argc, sv **argv)
{
    (void)argc;
    const char *k = want_s(c, "param", argv[0]);
    if (c->params)
        for (const char *const *p = c->params; p[0] && p[1]; p += 2)
            if (!strcmp(p[0], k)) return s_str(c, p[1], strlen(p[1]));
    return &c->f;
}
static sv *p_debug(struct sctx *c, int argc, sv **argv)
{
    (void)argc;
    /* (debug deny) or (debug all): `deny` evaluates to the deny procedure */
    if (argv[0]->t != T_SYM && argv[0]->t != T_PRIM) s_fail(c, "debug: expects deny or all");
    c->debug_deny = 1;
    return &c->unspec;
}
static sv *p_trace(struct sctx *c, int argc, sv **argv)
{
    (void)argc;
    c->trace_path = want_s(c, "trace", argv[0]);
    return &c->unspec;
}

static char *slurp(const char *path, size_t *len)
{
    int fd = mr_open_input(path, NULL);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    if (!b) { fclose(f); return NULL; }
    size_t r;
    while ((r = fread(b + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            if (cap > (64u << 20)) { free(b); fclose(f); errno = EFBIG; return NULL; }
            cap *= 2;
            char *nb = realloc(b, cap);
            if (!nb) { free(b); fclose(f); return NULL; }
            b = nb;
        }
    }
    fclose(f);
    *len = n;
    return b;
}

static sv *p_import(struct sctx *c, int argc, sv **argv)
{
    (void)argc;
    const char *name = want_s(c, "import", argv[0]);
    if (c->import_depth > 16) s_fail(c, "import: nested too deeply (import loop?)");
    char path[PATH_MAX];
    size_t len = 0;
    char *text = NULL;
    const char *shown = name;
    if (name[0] == '/') {
        text = slurp(name, &len);
    } else {
        /* 1. the importing file's folder */
        const char *slash = c->file ? strrchr(c->file, '/') : NULL;
        if (c->file && c->file[0] != '<') {
            if (slash) snprintf(path, sizeof path, "%.*s/%s", (int)(slash - c->file), c->file, name);
            else snprintf(path, sizeof path, "%s", name);
            text = slurp(path, &len);
        }
        if (text) shown = path;
        /* 2. the system profile folder: the profiles built into machrun, then
         *    $MACHRUN_SANDBOX_PROFILES if set */
        if (!text) {
            const char *e = sb_embedded_profile(name);
            if (e) { len = strlen(e); text = malloc(len + 1); if (!text) abort(); memcpy(text, e, len + 1); }
        }
        if (!text && getenv("MACHRUN_SANDBOX_PROFILES")) {
            snprintf(path, sizeof path, "%s/%s", getenv("MACHRUN_SANDBOX_PROFILES"), name);
            text = slurp(path, &len);
            if (text) shown = path;
        }
    }
    if (!text) s_fail(c, "import: cannot find profile \"%s\" (looked beside this file and in the system profiles)", name);
    const char *file = sb_strdup(c->arena, shown, strlen(shown));
    const char *sf = c->file; int sl = c->line, sc = c->col;
    char *copy = sb_strdup(c->arena, text, len);
    free(text);
    c->import_depth++;
    s_eval_text(c, copy, len, file);
    c->import_depth--;
    c->file = sf; c->line = sl; c->col = sc;
    return &c->unspec;
}

void sb_install_sbpl(struct sctx *c)
{
    for (int i = 0; i < O_COUNT; i++) {
        sv *v = sb_alloc(c->arena, sizeof *v);
        v->t = T_OP; v->u.op = i;
        s_defval(c, sb_ops[i].name, v);
    }
    for (size_t i = 0; i < sizeof op_aliases / sizeof op_aliases[0]; i++) {
        sv *v = sb_alloc(c->arena, sizeof *v);
        v->t = T_OP; v->u.op = sb_op_index(op_aliases[i].name);
        s_defval(c, op_aliases[i].alias, v);
    }
    s_defprim(c, "version", p_version, 1, 1);
    s_defprim(c, "allow", p_allow, 1, -1);
    s_defprim(c, "deny", p_deny, 1, -1);
    s_defprim(c, "param", p_param, 1, 1);
    s_defprim(c, "import", p_import, 1, 1);
    s_defprim(c, "debug", p_debug, 1, 1);
    s_defprim(c, "trace", p_trace, 1, 1);
    s_defval(c, "all", s_intern(c, "all"));
    /* path filters and their aliases */
    s_defprim(c, "literal", p_literal, 1, 1); s_defprim(c, "path", p_literal, 1, 1);
    s_defprim(c, "path-literal", p_literal, 1, 1);
    s_defprim(c, "subpath", p_subpath, 1, 1);
    s_defprim(c, "prefix", p_prefix, 1, 1); s_defprim(c, "path-prefix", p_prefix, 1, 1);
    s_defprim(c, "regex", p_regex, 1, -1); s_defprim(c, "path-regex", p_regex, 1, -1);
    s_defprim(c, "require-any", p_require_any, 0, -1);
    s_defprim(c, "require-all", p_require_all, 0, -1);
    s_defprim(c, "require-not", p_require_not, 1, 1);
    s_defprim(c, "vnode-type", p_vnode_type, 1, -1);
    static const char *const vn[] = { NULL, "REGULAR-FILE", "DIRECTORY", "SYMLINK", "FIFO", "SOCKET", "CHARACTER-DEVICE", "BLOCK-DEVICE", "TTY" };
    for (int i = 1; i <= 8; i++) s_defval(c, vn[i], cst(c, "vnode type", i));
    s_defprim(c, "target", p_target, 1, 1);
    s_defval(c, "self", cst(c, "signal target", 0));
    s_defval(c, "others", cst(c, "signal target", 1));
    s_defval(c, "children", cst(c, "signal target", 2));
    s_defval(c, "pgrp", cst(c, "signal target", 3));
    s_defprim(c, "remote", p_remote, 1, 2);
    s_defprim(c, "local", p_local, 1, 2);
    /* proto % 3: 0 ip, 1 tcp, 2 udp; 9 unix */
    s_defval(c, "ip", cst(c, "address family", 0)); s_defval(c, "ip4", cst(c, "address family", 3));
    s_defval(c, "ip6", cst(c, "address family", 6));
    s_defval(c, "tcp", cst(c, "address family", 1)); s_defval(c, "tcp4", cst(c, "address family", 4));
    s_defval(c, "tcp6", cst(c, "address family", 7));
    s_defval(c, "udp", cst(c, "address family", 2)); s_defval(c, "udp4", cst(c, "address family", 5));
    s_defval(c, "udp6", cst(c, "address family", 8));
    s_defval(c, "unix-socket", cst(c, "address family", 9)); s_defval(c, "unix", cst(c, "address family", 9));
    s_defprim(c, "sysctl-name", p_sysctl_name, 1, 1);
    s_defprim(c, "sysctl-name-prefix", p_sysctl_name_prefix, 1, 1);
    s_defprim(c, "sysctl-name-regex", p_sysctl_name_regex, 1, 1);
    s_defprim(c, "global-name", p_global_name, 1, 1);
    s_defprim(c, "global-name-prefix", p_global_name_prefix, 1, 1);
    s_defprim(c, "global-name-regex", p_global_name_regex, 1, 1);
    s_defprim(c, "local-name", p_local_name, 1, 1);
    s_defprim(c, "local-name-prefix", p_local_name_prefix, 1, 1);
    s_defprim(c, "ipc-posix-name", p_ipc_name, 1, 1);
    s_defprim(c, "ipc-posix-name-prefix", p_ipc_name_prefix, 1, 1);
    s_defprim(c, "ipc-posix-name-regex", p_ipc_name_regex, 1, 1);
    s_defprim(c, "iokit-user-client-class", p_iokit_class, 1, 1);
    s_defprim(c, "iokit-registry-entry-class", p_iokit_reg_class, 1, 1);
    s_defprim(c, "preference-domain", p_pref_domain, 1, 1);
    s_defprim(c, "extension", p_extension, 1, 1);
    s_defprim(c, "socket-domain", p_socket_domain, 1, 1);
    s_defprim(c, "socket-type", p_socket_type, 1, 1);
    /* Darwin constants profiles use */
    static const struct { const char *n; int v; } k[] = {
        { "AF_UNSPEC", 0 }, { "AF_UNIX", 1 }, { "AF_LOCAL", 1 }, { "AF_INET", 2 }, { "AF_ROUTE", 17 },
        { "AF_NDRV", 27 }, { "AF_INET6", 30 }, { "AF_SYSTEM", 32 },
        { "SOCK_STREAM", 1 }, { "SOCK_DGRAM", 2 }, { "SOCK_RAW", 3 },
        { "SIGHUP", 1 }, { "SIGINT", 2 }, { "SIGQUIT", 3 }, { "SIGABRT", 6 }, { "SIGKILL", 9 },
        { "SIGSEGV", 11 }, { "SIGTERM", 15 }, { "SIGSTOP", 17 }, { "SIGCONT", 19 }, { "SIGUSR1", 30 }, { "SIGUSR2", 31 },
        /* Darwin syscall numbers (bsd/kern/syscalls.master) */
        { "SYS_exit", 1 }, { "SYS_fork", 2 }, { "SYS_read", 3 }, { "SYS_write", 4 }, { "SYS_open", 5 },
        { "SYS_close", 6 }, { "SYS_wait4", 7 }, { "SYS_link", 9 }, { "SYS_unlink", 10 }, { "SYS_chdir", 12 },
        { "SYS_fchdir", 13 }, { "SYS_mknod", 14 }, { "SYS_chmod", 15 }, { "SYS_chown", 16 },
        { "SYS_getpid", 20 }, { "SYS_getuid", 24 }, { "SYS_geteuid", 25 }, { "SYS_kill", 37 },
        { "SYS_getppid", 39 }, { "SYS_dup", 41 }, { "SYS_pipe", 42 }, { "SYS_sigaction", 46 },
        { "SYS_ioctl", 54 }, { "SYS_readlink", 58 }, { "SYS_execve", 59 }, { "SYS_munmap", 73 },
        { "SYS_mprotect", 74 }, { "SYS_madvise", 75 }, { "SYS_dup2", 90 }, { "SYS_fcntl", 92 },
        { "SYS_select", 93 }, { "SYS_fsync", 95 }, { "SYS_socket", 97 }, { "SYS_connect", 98 },
        { "SYS_bind", 104 }, { "SYS_setsockopt", 105 }, { "SYS_listen", 106 }, { "SYS_gettimeofday", 116 },
        { "SYS_getrusage", 117 }, { "SYS_readv", 120 }, { "SYS_writev", 121 }, { "SYS_rename", 128 },
        { "SYS_mkdir", 136 }, { "SYS_rmdir", 137 }, { "SYS_sysctl", 202 }, { "SYS_mmap", 197 },
        { "SYS_lseek", 199 }, { "SYS_stat64", 338 }, { "SYS_fstat64", 339 }, { "SYS_lstat64", 340 },
        { "SYS_getdirentries64", 344 }, { "SYS_openat", 463 }, { "SYS_ulock_wait", 515 }, { "SYS_ulock_wake", 516 },
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) s_defval(c, k[i].n, s_int(c, k[i].v));
}

/* ---------------- matching ---------------- */
static int vnode_of(const char *canon)
{
    struct stat st;
    if (lstat(sb_linux_path(canon), &st) != 0) return SB_VNODE_ANY;
    if (S_ISREG(st.st_mode)) return SB_VNODE_REGULAR;
    if (S_ISDIR(st.st_mode)) return SB_VNODE_DIRECTORY;
    if (S_ISLNK(st.st_mode)) return SB_VNODE_SYMLINK;
    if (S_ISFIFO(st.st_mode)) return SB_VNODE_FIFO;
    if (S_ISSOCK(st.st_mode)) return SB_VNODE_SOCKET;
    if (S_ISCHR(st.st_mode)) return SB_VNODE_CHAR;
    if (S_ISBLK(st.st_mode)) return SB_VNODE_BLOCK;
    return SB_VNODE_ANY;
}

static int path_match(const struct sb_filter *f, const char *canon)
{
    size_t l;
    switch (f->k) {
    case F_LITERAL: return !strcmp(f->s, canon);
    case F_SUBPATH:
        if (!strcmp(f->s, "/")) return 1;
        l = strlen(f->s);
        return !strncmp(f->s, canon, l) && (canon[l] == 0 || canon[l] == '/');
    case F_PREFIX: return !strncmp(f->s, canon, strlen(f->s));
    case F_REGEX: return regexec(f->re, canon, 0, NULL, 0) == 0;
    default: return 0;
    }
}

int sb_filter_match(const struct sb_filter *f, const struct sb_query *q, const char *canon)
{
    switch (f->k) {
    case F_LITERAL: case F_SUBPATH: case F_PREFIX: case F_REGEX:
        return canon && path_match(f, canon);
    case F_VNODE: {
        if (!canon) return 0;
        int t = q->vnode ? q->vnode : vnode_of(canon);
        if (f->v == SB_VNODE_TTY) return t == SB_VNODE_CHAR && !strncmp(sb_linux_path(canon), "/dev/tty", 8);
        return t == f->v;
    }
    case F_NET:
        if (f->net_local != q->local) return 0;
        if (f->net_unix) return canon && q->host == NULL && (!f->sub || sb_filter_match(f->sub, q, canon));
        if (canon) return 0;
        if (f->net_proto && q->proto && f->net_proto != q->proto) return 0;
        if (f->net_proto && !q->proto) return 0;
        if (!strcmp(f->net_host, "localhost")) {
            if (!q->host) return 0;
            if (strcmp(q->host, "localhost") && strncmp(q->host, "127.", 4) && strcmp(q->host, "::1")) return 0;
        }
        if (f->net_port >= 0 && f->net_port != q->port) return 0;
        return 1;
    case F_TARGET: return f->v == q->target || (f->v == 1 && q->target == 2);
    case F_NAME: return q->name && !strcmp(f->s, q->name);
    case F_NAME_PREFIX: return q->name && !strncmp(f->s, q->name, strlen(f->s));
    case F_NAME_REGEX: return q->name && regexec(f->re, q->name, 0, NULL, 0) == 0;
    case F_ANY:
        for (int i = 0; i < f->nkids; i++) if (sb_filter_match(f->kids[i], q, canon)) return 1;
        return 0;
    case F_ALL:
        for (int i = 0; i < f->nkids; i++) if (!sb_filter_match(f->kids[i], q, canon)) return 0;
        return 1;
    case F_NOT: return f->nkids == 1 && !sb_filter_match(f->kids[0], q, canon);
    case F_NEVER: return 0;
    case F_SOCKDOMAIN: case F_SOCKTYPE: return 0;   /* no socket facts in a query: never matches */
    }
    return 0;
}

int sb_check(const struct sb_profile *p, const struct sb_query *q, int *flags_out, int *signal_out)
{
    int op = sb_op_index(q->operation);
    if (op < 0) return -1;
    char canonbuf[PATH_MAX * 2];
    const char *canon = NULL;
    if (q->path) { sb_canon_path(q->path, canonbuf, sizeof canonbuf); canon = canonbuf; }
    if (flags_out) *flags_out = 0;
    if (op == O_SIGNAL && q->target == 0) return SB_ALLOW;   /* a process may always signal itself */
    for (int o = op; o >= 0; o = sb_ops[o].parent) {
        const struct sb_rule *hit = NULL, *fallback = NULL;
        for (const struct sb_rule *r = p->rules; r; r = r->next) {
            if (r->op != o) continue;
            if (r->nfilters == 0) { fallback = r; continue; }
            for (int i = 0; i < r->nfilters; i++)
                if (sb_filter_match(r->filters[i], q, canon)) { hit = r; break; }
        }
        if (!hit) hit = fallback;
        if (hit) {
            if (flags_out) *flags_out = hit->flags;
            if (signal_out) *signal_out = hit->sig;
            return hit->allow ? SB_ALLOW : SB_DENY;
        }
        if (sb_ops[o].default_allow) return SB_ALLOW;
    }
    return SB_ALLOW;   /* a profile without (deny default) allows what it does not deny */
}

/* ---------------- profiles ---------------- */
static void free_regexes(struct sb_filter *f)
{
    if (!f) return;
    if (f->re) { regfree(f->re); f->re = NULL; }
    for (int i = 0; i < f->nkids; i++) free_regexes(f->kids[i]);
    free_regexes(f->sub);
}

void sb_profile_free(struct sb_profile *p)
{
    if (!p) return;
    for (struct sb_rule *r = p->rules; r; r = r->next)
        for (int i = 0; i < r->nfilters; i++) free_regexes(r->filters[i]);
    struct sb_arena a = p->arena;
    sb_arena_free(&a);
}

struct sb_profile *sb_profile_from_string(const char *text, size_t len, const char *name,
                                          const char *const *params, char *err, size_t errlen)
{
    struct sb_arena a = { 0 };
    struct sctx *c = calloc(1, sizeof *c);
    if (!c) { snprintf(err, errlen, "%s: out of memory", name); return NULL; }
    s_init(c, &a, err, errlen);
    c->params = params;
    if (!name) name = "<profile>";
    const char *fname = sb_strdup(&a, name, strlen(name));
    if (setjmp(c->fail)) {
        /* the evaluation failed: free regexes compiled so far, then the arena */
        for (struct sb_rule *r = c->rules; r; r = r->next)
            for (int i = 0; i < r->nfilters; i++) free_regexes(r->filters[i]);
        free(c);
        sb_arena_free(&a);
        return NULL;
    }
    sb_install_sbpl(c);
    c->file = fname; c->line = 1; c->col = 1;
    s_eval_text(c, text, len, fname);
    if (!c->version) {
        c->file = fname; c->line = 1; c->col = 1;
        s_fail(c, "missing (version 1)");
    }
    struct sb_profile *p = sb_alloc(&a, sizeof *p);
    p->rules = c->rules; p->nrules = c->nrules;
    p->debug_deny = c->debug_deny; p->trace_path = c->trace_path;
    p->name = fname;
    p->arena = a;
    free(c);
    return p;
}

struct sb_profile *sb_profile_from_file(const char *path, const char *const *params, char *err, size_t errlen)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text) { snprintf(err, errlen, "%s: %s", path, strerror(errno)); return NULL; }
    struct sb_profile *p = sb_profile_from_string(text, len, path, params, err, errlen);
    free(text);
    return p;
}

/* A named profile: profiles.c's text, evaluated with _TMPDIR added. */
struct sb_profile *sb_profile_named(const char *name, const char *const *params, char *err, size_t errlen)
{
    const char *text = sb_embedded_profile(name);
    if (!text || strstr(name, "bsd") || strstr(name, "system")) {
        snprintf(err, errlen, "%s: no such named profile (known: no-internet, no-network, no-write, "
                 "no-write-except-temporary, pure-computation)", name);
        return NULL;
    }
    /* add _TMPDIR from the environment unless the caller set it */
    size_t n = 0;
    int have_tmp = 0;
    if (params) for (; params[n]; n += 2) { if (!params[n + 1]) break; if (!strcmp(params[n], "_TMPDIR")) have_tmp = 1; }
    const char **all = calloc(n + 3, sizeof *all);
    if (!all) { snprintf(err, errlen, "%s: out of memory", name); return NULL; }
    for (size_t i = 0; i < n; i++) all[i] = params[i];
    const char *tmp = getenv("TMPDIR");
    if (!have_tmp && tmp && tmp[0] == '/') { all[n] = "_TMPDIR"; all[n + 1] = tmp; }
    struct sb_profile *p = sb_profile_from_string(text, strlen(text), name, all, err, errlen);
    free(all);
    return p;
}
