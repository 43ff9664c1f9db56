/*
 * enforce.c — owns the compilation of an evaluated profile to kernel enforcement and its
 * application: Landlock (filesystem rights by subtree and by file, TCP bind/connect
 * ports, signal and abstract-socket scopes, on the ABI the kernel offers), seccomp-bpf
 * through libseccomp (forking, socket families, metadata syscalls, io_uring...), and the
 * decision whether the seccomp user-notification supervisor (supervisor.c) is needed.
 * Also --explain (sb_explain).
 *
 * Per filesystem right, every path named by a rule that can decide it is an anchor. At an
 * anchor the profile's decision is uniform over the subtree unless a rule inside it
 * disagrees (a deny carved out of an allowed tree, a regex, a vnode-type, a prefix);
 * uniform allows become Landlock path_beneath rules, exactly. The non-uniform rest is
 * decided by the supervisor for the system calls it handles on the program's behalf
 * (open/openat/creat, mkdir, unlink, rmdir, rename, link, symlink, mknod, truncate),
 * and is approximated otherwise (exec, ioctl, UNIX socket creation), which --explain shows.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/landlock.h>
#include "machrun/exec.h"
#include "machrun/hostlib.h"
#include "sb_private.h"

/* The uapi header may be older than the kernel: define what later ABIs added. */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#define MR_LL_NET_BIND_TCP (1ULL << 0)
#define MR_LL_NET_CONNECT_TCP (1ULL << 1)
#define MR_LL_SCOPE_ABSTRACT_UNIX (1ULL << 0)
#define MR_LL_SCOPE_SIGNAL (1ULL << 1)
#define MR_LL_RULE_PATH_BENEATH 1
#define MR_LL_RULE_NET_PORT 2
#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#endif

struct mr_ll_ruleset_attr { uint64_t handled_access_fs, handled_access_net, scoped; };
struct mr_ll_path_beneath { uint64_t allowed_access; int32_t parent_fd; } __attribute__((packed));
struct mr_ll_net_port { uint64_t allowed_access; uint64_t port; };

int sb_landlock_abi(void)
{
    long v = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    return v < 0 ? 0 : (int)v;
}

/* ---------------- the plan ---------------- */
enum { ST_EXACT = 0, ST_COOP, ST_SUPERVISOR, ST_APPROX };
static const char *const st_name[] = { "exact", "cooperative", "supervisor", "approximated" };

struct fs_grant { char *path; uint64_t mask; };
struct sc_rule { int nr; int err; int argi; uint64_t mask, val; int cmp; };   /* cmp 0 none, 1 masked-eq */

struct plan {
    int abi;
    int use_supervisor;
    uint64_t handled_fs, handled_net, scoped;
    struct fs_grant *grants; int ngrants, capgrants;
    int *bind_ports, nbind; int *conn_ports, nconn;
    struct sc_rule *sc; int nsc, capsc;
    /* per rule */
    int *status; const char **why; int nrules; char *sup;
    const struct sb_rule **rules;
};

static void plan_free(struct plan *pl)
{
    for (int i = 0; i < pl->ngrants; i++) free(pl->grants[i].path);
    free(pl->grants); free(pl->bind_ports); free(pl->conn_ports); free(pl->sc);
    free(pl->status); free(pl->why); free(pl->rules); free(pl->sup);
}

static void mark(struct plan *pl, const struct sb_rule *r, int st, const char *why)
{
    for (int i = 0; i < pl->nrules; i++)
        if (pl->rules[i] == r) {
            if (st == ST_SUPERVISOR) pl->sup[i] = 1;
            if (st > pl->status[i]) { pl->status[i] = st; pl->why[i] = why; }
        }
}

static void grant(struct plan *pl, const char *linux_path, uint64_t bit)
{
    for (int i = 0; i < pl->ngrants; i++)
        if (!strcmp(pl->grants[i].path, linux_path)) { pl->grants[i].mask |= bit; return; }
    if (pl->ngrants == pl->capgrants) {
        pl->capgrants = pl->capgrants ? pl->capgrants * 2 : 16;
        pl->grants = realloc(pl->grants, sizeof *pl->grants * pl->capgrants);
        if (!pl->grants) abort();
    }
    pl->grants[pl->ngrants].path = strdup(linux_path);
    pl->grants[pl->ngrants++].mask = bit;
}

static void grant_hostlib_file(const char *path, void *ctx)
{
    grant(ctx, path, LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE);
}

static void add_sc(struct plan *pl, int nr, int err, int argi, uint64_t mask, uint64_t val, int cmp)
{
    if (nr < 0) return;
    if (pl->nsc == pl->capsc) {
        pl->capsc = pl->capsc ? pl->capsc * 2 : 32;
        pl->sc = realloc(pl->sc, sizeof *pl->sc * pl->capsc);
        if (!pl->sc) abort();
    }
    pl->sc[pl->nsc++] = (struct sc_rule){ nr, err, argi, mask, val, cmp };
}

/* ---------------- filesystem ---------------- */
static const struct { uint64_t bit; const char *op; int abi; int routed; const char *name; } fsr[] = {
    { LANDLOCK_ACCESS_FS_EXECUTE, "process-exec*", 1, 0, "execute" },
    { LANDLOCK_ACCESS_FS_WRITE_FILE, "file-write-data", 1, 1, "write_file" },
    { LANDLOCK_ACCESS_FS_READ_FILE, "file-read-data", 1, 1, "read_file" },
    { LANDLOCK_ACCESS_FS_READ_DIR, "file-read-data", 1, 1, "read_dir" },
    { LANDLOCK_ACCESS_FS_REMOVE_DIR, "file-write-unlink", 1, 1, "remove_dir" },
    { LANDLOCK_ACCESS_FS_REMOVE_FILE, "file-write-unlink", 1, 1, "remove_file" },
    { LANDLOCK_ACCESS_FS_MAKE_CHAR, "file-write-create", 1, 1, "make_char" },
    { LANDLOCK_ACCESS_FS_MAKE_DIR, "file-write-create", 1, 1, "make_dir" },
    { LANDLOCK_ACCESS_FS_MAKE_REG, "file-write-create", 1, 1, "make_reg" },
    { LANDLOCK_ACCESS_FS_MAKE_SOCK, "file-write-create", 1, 0, "make_sock" },
    { LANDLOCK_ACCESS_FS_MAKE_FIFO, "file-write-create", 1, 1, "make_fifo" },
    { LANDLOCK_ACCESS_FS_MAKE_BLOCK, "file-write-create", 1, 1, "make_block" },
    { LANDLOCK_ACCESS_FS_MAKE_SYM, "file-write-create", 1, 1, "make_sym" },
    { LANDLOCK_ACCESS_FS_REFER, "file-write-create", 2, 1, "refer" },
    { LANDLOCK_ACCESS_FS_TRUNCATE, "file-write-data", 3, 1, "truncate" },
    { LANDLOCK_ACCESS_FS_IOCTL_DEV, "file-ioctl", 5, 0, "ioctl_dev" },
};
#define NFSR ((int)(sizeof fsr / sizeof fsr[0]))
/* rights that apply to files (not only directories) */
#define FILE_RIGHTS (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE | \
                     LANDLOCK_ACCESS_FS_TRUNCATE | LANDLOCK_ACCESS_FS_IOCTL_DEV)

static int in_chain(int op, int rule_op)
{
    for (int o = op; o >= 0; o = sb_ops[o].parent) if (o == rule_op) return 1;
    return 0;
}

enum { C_NONE, C_ALL, C_MIXED };
static int is_under(const char *a, const char *t)   /* a == t or a inside t */
{
    if (!strcmp(t, "/")) return 1;
    size_t l = strlen(t);
    return !strncmp(a, t, l) && (a[l] == 0 || a[l] == '/');
}
static int has_path_filter(const struct sb_filter *f)
{
    if (f->k <= F_VNODE) return 1;
    for (int i = 0; i < f->nkids; i++) if (has_path_filter(f->kids[i])) return 1;
    return 0;
}
/* how a filter matches the subtree at anchor a; *inner: the filter's path is an anchor
 * strictly inside a (so that anchor decides itself) */
static int classify(const struct sb_filter *f, const char *a, int a_dir, int *inner)
{
    *inner = 0;
    switch (f->k) {
    case F_SUBPATH:
        if (is_under(a, f->s)) return C_ALL;
        if (is_under(f->s, a)) { *inner = 1; return C_MIXED; }
        return C_NONE;
    case F_LITERAL:
        if (!strcmp(f->s, a)) return a_dir ? C_MIXED : C_ALL;
        if (is_under(f->s, a)) { *inner = 1; return C_MIXED; }
        return C_NONE;
    case F_PREFIX:
        if (!strncmp(a, f->s, strlen(f->s))) return C_ALL;
        if (!strncmp(f->s, a, strlen(a)) || !strcmp(a, "/")) return C_MIXED;
        return C_NONE;
    case F_REGEX: case F_VNODE: return C_MIXED;
    case F_ANY: {
        int r = C_NONE;
        for (int i = 0; i < f->nkids; i++) {
            int in, c = classify(f->kids[i], a, a_dir, &in);
            if (c == C_ALL) return C_ALL;
            if (c == C_MIXED) { r = C_MIXED; *inner = *inner || in; }
        }
        return r;
    }
    case F_ALL: case F_NOT: return has_path_filter(f) ? C_MIXED : C_NONE;
    default: return C_NONE;
    }
}

struct anchors { char **v; int n, cap; };
static void anchor_add(struct anchors *an, const char *p)
{
    for (int i = 0; i < an->n; i++) if (!strcmp(an->v[i], p)) return;
    if (an->n == an->cap) { an->cap = an->cap ? an->cap * 2 : 16; an->v = realloc(an->v, sizeof(char *) * an->cap); if (!an->v) abort(); }
    an->v[an->n++] = strdup(p);
}
static void collect_anchors(const struct sb_filter *f, struct anchors *an)
{
    if (f->k == F_SUBPATH || f->k == F_LITERAL) anchor_add(an, f->s);
    if (f->k == F_ANY) for (int i = 0; i < f->nkids; i++) collect_anchors(f->kids[i], an);
}

static void compile_fs(const struct sb_profile *p, struct plan *pl, int supervise)
{
    struct anchors an = { 0 };
    anchor_add(&an, "/");
    for (const struct sb_rule *r = p->rules; r; r = r->next)
        for (int i = 0; i < r->nfilters; i++) collect_anchors(r->filters[i], &an);

    for (int k = 0; k < NFSR; k++) {
        if (fsr[k].abi > pl->abi) continue;
        pl->handled_fs |= fsr[k].bit;
        int op = sb_op_index(fsr[k].op);
        for (int ai = 0; ai < an.n; ai++) {
            const char *a = an.v[ai];
            const char *lp = sb_linux_path(a);
            struct stat st;
            int exists = stat(lp, &st) == 0;
            int a_dir = exists ? S_ISDIR(st.st_mode) : 1;
            if (exists && !a_dir && !(fsr[k].bit & FILE_RIGHTS)) continue;
            struct sb_query q = { .operation = fsr[k].op, .path = a };
            int allow = sb_check(p, &q, NULL, NULL) == SB_ALLOW;
            int conflict = 0;
            for (const struct sb_rule *r = p->rules; r; r = r->next) {
                if (!in_chain(op, r->op) || r->nfilters == 0) continue;
                for (int i = 0; i < r->nfilters; i++) {
                    int inner, c = classify(r->filters[i], a, a_dir, &inner);
                    if (c != C_MIXED) continue;
                    /* creating what already exists as a file fails anyway */
                    struct stat fst;
                    if (r->filters[i]->k == F_LITERAL && !(fsr[k].bit & FILE_RIGHTS) && !strcmp(fsr[k].op, "file-write-create") &&
                        stat(sb_linux_path(r->filters[i]->s), &fst) == 0 && !S_ISDIR(fst.st_mode))
                        continue;
                    if (allow && !r->allow) conflict = 1;
                    else if (!allow && r->allow && !inner) conflict = 1;
                    else continue;
                    if (supervise && fsr[k].routed)
                        mark(pl, r, ST_SUPERVISOR, NULL);
                    else if (allow)
                        mark(pl, r, ST_APPROX, "Landlock cannot deny inside an allowed folder: this deny is not enforced for the kernel's own checks (exec, ioctl, socket files)");
                    else
                        mark(pl, r, ST_APPROX, "Landlock cannot allow by regex, prefix or vnode type: this allow is not granted for exec, ioctl or socket files");
                }
            }
            if (!allow) continue;
            if (conflict && supervise && fsr[k].routed) continue;   /* the supervisor decides below here */
            if (!exists) {
                if (!(supervise && fsr[k].routed) && strcmp(a, "/"))
                    for (const struct sb_rule *r = p->rules; r; r = r->next)
                        if (in_chain(op, r->op) && r->allow)
                            for (int i = 0; i < r->nfilters; i++) {
                                int inner;
                                if (classify(r->filters[i], a, 1, &inner) == C_ALL)
                                    mark(pl, r, ST_APPROX, "a path that does not exist when the sandbox is built cannot be granted by Landlock");
                            }
                continue;
            }
            uint64_t bit = fsr[k].bit;
            if (!a_dir && !(bit & FILE_RIGHTS)) continue;
            /* the kernel reads what it executes: with the supervisor deciding every open,
             * READ_FILE in Landlock only serves exec, so it goes with EXECUTE */
            if (bit == LANDLOCK_ACCESS_FS_EXECUTE && supervise) bit |= LANDLOCK_ACCESS_FS_READ_FILE;
            grant(pl, lp, bit);
        }
    }
    for (int i = 0; i < an.n; i++) free(an.v[i]);
    free(an.v);
    /* The ELF interpreter is Linux's dyld: the kernel maps it for every exec that the
     * profile allows, as macOS exempts dyld (and the shared cache). */
    static const char *const ldso[] = { "/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
                                        "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" };
    for (size_t i = 0; i < sizeof ldso / sizeof ldso[0]; i++) {
        char real[PATH_MAX];
        if (realpath(ldso[i], real)) grant(pl, real, LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE);
    }
    /* The host libraries behind machrun's libz and the like, opened on first use: on macOS
     * dyld maps those from the shared cache whatever the profile says. */
    hostlib_each_file(grant_hostlib_file, pl);
}

/* Is `op` decided the same way for every path? (*allow receives that decision) */
static int uniform_op(const struct sb_profile *p, const char *opname, int *allow)
{
    int op = sb_op_index(opname);
    struct sb_query q = { .operation = opname, .path = "/" };
    *allow = sb_check(p, &q, NULL, NULL) == SB_ALLOW;
    for (const struct sb_rule *r = p->rules; r; r = r->next)
        if (in_chain(op, r->op) && r->nfilters && r->allow != *allow) {
            for (int i = 0; i < r->nfilters; i++) if (has_path_filter(r->filters[i])) return 0;
        }
    return 1;
}

/* mark the rules of an operation's chain that decide `action` (the ones not enforced) */
static void mark_chain_action(const struct sb_profile *p, struct plan *pl, const char *opname, int action, int st, const char *why)
{
    int op = sb_op_index(opname);
    for (const struct sb_rule *r = p->rules; r; r = r->next)
        if (in_chain(op, r->op) && r->allow == action) mark(pl, r, st, why);
}
static void mark_chain(const struct sb_profile *p, struct plan *pl, const char *opname, int st, const char *why)
{
    mark_chain_action(p, pl, opname, 0, st, why);
}

static void compile_metadata(const struct sb_profile *p, struct plan *pl)
{
    static const struct { const char *op; int nrs[12]; } m[] = {
        { "file-write-mode", { SYS_chmod, SYS_fchmod, SYS_fchmodat, 452 /* fchmodat2 */, -1 } },
        { "file-write-owner", { SYS_chown, SYS_fchown, SYS_lchown, SYS_fchownat, -1 } },
        { "file-write-times", { SYS_utime, SYS_utimes, SYS_futimesat, SYS_utimensat, -1 } },
        { "file-write-xattr", { SYS_setxattr, SYS_lsetxattr, SYS_fsetxattr, SYS_removexattr, SYS_lremovexattr, SYS_fremovexattr, -1 } },
        { "file-read-xattr", { SYS_getxattr, SYS_lgetxattr, SYS_fgetxattr, SYS_listxattr, SYS_llistxattr, SYS_flistxattr, -1 } },
        { "file-read-metadata", { SYS_stat, SYS_lstat, SYS_access, SYS_faccessat, 439 /* faccessat2 */, SYS_readlink, SYS_readlinkat, -1 } },
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        int allow;
        if (!uniform_op(p, m[i].op, &allow)) {
            mark_chain(p, pl, m[i].op, ST_APPROX, "Landlock does not restrict metadata calls by path: this operation is allowed everywhere");
            continue;
        }
        if (allow) continue;
        for (int j = 0; m[i].nrs[j] >= 0; j++) add_sc(pl, m[i].nrs[j], EPERM, 0, 0, 0, 0);
        if (!strcmp(m[i].op, "file-read-metadata")) {
            /* path-based newfstatat/statx, but not fstat (AT_EMPTY_PATH) */
            add_sc(pl, SYS_newfstatat, EPERM, 3, AT_EMPTY_PATH, 0, 1);
            add_sc(pl, SYS_statx, EPERM, 2, AT_EMPTY_PATH, 0, 1);
        }
    }
    int allow;
    if (uniform_op(p, "file-write-setugid", &allow)) {
        if (!allow) {
            add_sc(pl, SYS_chmod, EPERM, 1, 06000, 06000, 2);
            add_sc(pl, SYS_fchmod, EPERM, 1, 06000, 06000, 2);
            add_sc(pl, SYS_fchmodat, EPERM, 2, 06000, 06000, 2);
        }
    } else mark_chain(p, pl, "file-write-setugid", ST_APPROX, "set-id bits are refused only for the whole file system");
}

/* ---------------- network, signals, processes ---------------- */
static int netq(const struct sb_profile *p, const char *op, int local, const char *host, int port, int proto)
{
    struct sb_query q = { .operation = op, .local = local, .host = host, .port = port, .proto = proto };
    return sb_check(p, &q, NULL, NULL) == SB_ALLOW;
}

static void compile_tcp(const struct sb_profile *p, struct plan *pl, const char *op, int local, uint64_t bit, int **ports, int *nports)
{
    /* ports mentioned by the profile, and one that is not */
    int mentioned[256], nm = 0;
    for (const struct sb_rule *r = p->rules; r; r = r->next)
        for (int i = 0; i < r->nfilters; i++) {
            const struct sb_filter *f = r->filters[i];
            if (f->k == F_NET && !f->net_unix && f->net_port >= 0 && nm < 256) mentioned[nm++] = f->net_port;
        }
    int other = 1;
    for (int again = 1; again;) { again = 0; for (int i = 0; i < nm; i++) if (mentioned[i] == other) { other++; again = 1; } }
    const char *far = local ? "0.0.0.0" : "192.0.2.1", *near = local ? "127.0.0.1" : "127.0.0.1";
    int gen_far = netq(p, op, local, far, other, 1), gen_near = netq(p, op, local, near, other, 1);
    int host_dependent = gen_far != gen_near;
    int all_allowed = gen_far && gen_near;
    for (int i = 0; i < nm; i++) {
        int a = netq(p, op, local, far, mentioned[i], 1), b = netq(p, op, local, near, mentioned[i], 1);
        if (a != b) host_dependent = 1;
        if (!a || !b) all_allowed = 0;
    }
    if (all_allowed) return;
    if (pl->abi < 4) {
        mark_chain(p, pl, op, ST_APPROX, "this kernel's Landlock (ABI < 4) cannot restrict TCP ports");
        return;
    }
    pl->handled_net |= bit;
    if (host_dependent)
        mark_chain_action(p, pl, op, 1, ST_APPROX, "Landlock restricts TCP by port only: an address allowed for localhost is allowed for every host");
    int gen = gen_far || gen_near;
    *ports = malloc(sizeof(int) * 65536);
    if (!*ports) abort();
    for (int port = 0; port < 65536; port++) {
        int decided = -1;
        for (int i = 0; i < nm; i++) if (mentioned[i] == port) decided = netq(p, op, local, far, port, 1) || netq(p, op, local, near, port, 1);
        if (decided < 0) decided = gen;
        if (decided) (*ports)[(*nports)++] = port;
    }
}

static void compile_net(const struct sb_profile *p, struct plan *pl)
{
    compile_tcp(p, pl, "network-outbound", 0, MR_LL_NET_CONNECT_TCP, &pl->conn_ports, &pl->nconn);
    compile_tcp(p, pl, "network-bind", 1, MR_LL_NET_BIND_TCP, &pl->bind_ports, &pl->nbind);
    /* UDP and raw IP: by socket family with seccomp when nothing at all is allowed */
    int udp_any = netq(p, "network-outbound", 0, "192.0.2.1", 53, 2) || netq(p, "network-outbound", 0, "127.0.0.1", 53, 2) ||
                  netq(p, "network-bind", 1, "0.0.0.0", 53, 2) || netq(p, "network-bind", 1, "127.0.0.1", 53, 2);
    int udp_all = netq(p, "network-outbound", 0, "192.0.2.1", 53, 2) && netq(p, "network-bind", 1, "0.0.0.0", 53, 2);
    if (!udp_any) {
        add_sc(pl, SYS_socket, EPERM, 0, 0, AF_INET, 3 /* arg0 == AF_INET && arg1 != SOCK_STREAM */);
        add_sc(pl, SYS_socket, EPERM, 0, 0, AF_INET6, 3);
    } else if (!udp_all) {
        for (const struct sb_rule *r = p->rules; r; r = r->next)
            for (int i = 0; i < r->nfilters; i++)
                if (r->filters[i]->k == F_NET && !r->filters[i]->net_unix && r->filters[i]->net_proto != 1 && r->op >= sb_op_index("network*") && r->op <= sb_op_index("network-bind"))
                    mark(pl, r, ST_APPROX, "UDP is restricted only as a whole (Landlock has no UDP rules)");
    }
    /* UNIX sockets: connecting to a path */
    struct sb_query u = { .operation = "network-outbound", .path = "/nonexistent-machrun-probe", .vnode = SB_VNODE_SOCKET };
    int unix_gen = sb_check(p, &u, NULL, NULL) == SB_ALLOW;
    int unix_mixed = 0;
    int outop = sb_op_index("network-outbound");
    for (const struct sb_rule *r = p->rules; r; r = r->next)
        if (in_chain(outop, r->op))
            for (int i = 0; i < r->nfilters; i++)
                if (r->filters[i]->k == F_NET && r->filters[i]->net_unix && r->allow != unix_gen) { unix_mixed = 1; mark(pl, r, ST_APPROX, "connecting to a UNIX socket is allowed or denied as a whole"); }
    if (!unix_gen && !unix_mixed) {
        add_sc(pl, SYS_socket, EPERM, 0, 0, AF_UNIX, 4 /* arg0 == AF_UNIX */);
        if (pl->abi >= 6) pl->scoped |= MR_LL_SCOPE_ABSTRACT_UNIX;
    } else if (!unix_gen && pl->abi >= 6) pl->scoped |= MR_LL_SCOPE_ABSTRACT_UNIX;
    /* network-inbound (listen/accept) is the bind decision on Linux */
    int inop = sb_op_index("network-inbound");
    for (const struct sb_rule *r = p->rules; r; r = r->next)
        if (r->op == inop && r->nfilters)
            mark(pl, r, ST_APPROX, "network-inbound is enforced through bind (network-bind) only");
}

static void compile_proc(const struct sb_profile *p, struct plan *pl)
{
    struct sb_query q = { .operation = "process-fork" };
    if (sb_check(p, &q, NULL, NULL) == SB_DENY) {
        add_sc(pl, SYS_fork, EPERM, 0, 0, 0, 0);
        add_sc(pl, SYS_vfork, EPERM, 0, 0, 0, 0);
        add_sc(pl, SYS_clone, EPERM, 0, CLONE_THREAD, 0, 1);
        add_sc(pl, SYS_clone3, ENOSYS, 0, 0, 0, 0);   /* libc then uses clone, checked above */
    }
    struct sb_query s = { .operation = "signal", .target = 1 };
    struct sb_query ch = { .operation = "signal", .target = 2 };
    int others = sb_check(p, &s, NULL, NULL) == SB_ALLOW, children = sb_check(p, &ch, NULL, NULL) == SB_ALLOW;
    if (!others) {
        if (pl->abi >= 6) pl->scoped |= MR_LL_SCOPE_SIGNAL;
        else mark_chain(p, pl, "signal", ST_APPROX, "this kernel's Landlock (ABI < 6) cannot scope signals");
        if (children) { /* children live in the same Landlock domain: signalling them stays allowed */ }
    } else if (!children) {
        mark_chain(p, pl, "signal", ST_APPROX, "signals to children cannot be denied while others are allowed");
    }
    /* operations machrun's libSystem checks in-process */
    static const char *const coop[] = { "sysctl*", "mach*", "ipc*", "iokit*", "user-preference*", "system*",
                                        "nvram*", "job-creation", "lsopen", "appleevent-send", "syscall*",
                                        "dynamic-code-generation", "process-info*", "priv*", "file-issue-extension",
                                        "file-chroot", "file-revoke", "file-map-executable", "file-clone",
                                        "file-link", "file-test-existence", "file-write-flags", "file-write-mount",
                                        "file-write-unmount", "process-exec-interpreter" };
    for (const struct sb_rule *r = p->rules; r; r = r->next)
        for (size_t i = 0; i < sizeof coop / sizeof coop[0]; i++)
            if (in_chain(r->op, sb_op_index(coop[i]))) mark(pl, r, ST_COOP, NULL);
}

static int plan_build(const struct sb_profile *p, unsigned flags, struct plan *pl)
{
    memset(pl, 0, sizeof *pl);
    pl->abi = sb_landlock_abi();
    for (const struct sb_rule *r = p->rules; r; r = r->next) pl->nrules++;
    pl->status = calloc(pl->nrules + 1, sizeof *pl->status);
    pl->why = calloc(pl->nrules + 1, sizeof *pl->why);
    pl->rules = calloc(pl->nrules + 1, sizeof *pl->rules);
    pl->sup = calloc(pl->nrules + 1, 1);
    if (!pl->sup || !pl->status || !pl->why || !pl->rules) abort();
    int i = 0;
    for (const struct sb_rule *r = p->rules; r; r = r->next) pl->rules[i++] = r;
    /* the supervisor is engaged when file access is not allowed everywhere: it then
     * answers every open and path-changing call exactly, with EPERM as macOS does */
    int supervise = 0;
    if (!(flags & SB_APPLY_NO_SUPERVISOR)) {
        static const char *const ops[] = { "file-read-data", "file-write-data", "file-write-create", "file-write-unlink" };
        for (size_t k = 0; k < 4; k++) {
            int allow;
            if (!uniform_op(p, ops[k], &allow) || !allow) supervise = 1;
        }
        if (supervise) {
            /* a profile that denies every file access uniformly needs no supervisor */
            int all_deny = 1;
            for (size_t k = 0; k < 4; k++) { int allow; if (!uniform_op(p, ops[k], &allow) || allow) all_deny = 0; }
            if (all_deny) supervise = 0;
        }
    }
    pl->use_supervisor = supervise;
    if (pl->abi == 0) {
        for (const struct sb_rule *r = p->rules; r; r = r->next)
            if (r->op >= 1 && r->op <= sb_op_index("process-exec-interpreter"))
                mark(pl, r, supervise ? ST_SUPERVISOR : ST_APPROX, "Landlock is not available on this kernel");
    } else compile_fs(p, pl, supervise);
    compile_metadata(p, pl);
    compile_net(p, pl);
    compile_proc(p, pl);
    return 0;
}

/* ---------------- explain ---------------- */
static void render_filter(const struct sb_filter *f, FILE *out)
{
    static const char *const vn[] = { "?", "REGULAR-FILE", "DIRECTORY", "SYMLINK", "FIFO", "SOCKET", "CHARACTER-DEVICE", "BLOCK-DEVICE", "TTY" };
    static const char *const tg[] = { "self", "others", "children", "pgrp" };
    switch (f->k) {
    case F_LITERAL: fprintf(out, " (literal \"%s\")", f->s); break;
    case F_SUBPATH: fprintf(out, " (subpath \"%s\")", f->s); break;
    case F_PREFIX: fprintf(out, " (prefix \"%s\")", f->s); break;
    case F_REGEX: fprintf(out, " (regex #\"%s\")", f->s); break;
    case F_VNODE: fprintf(out, " (vnode-type %s)", vn[f->v >= 0 && f->v <= 8 ? f->v : 0]); break;
    case F_NET:
        if (f->net_unix) { fprintf(out, " (%s unix-socket", f->net_local ? "local" : "remote"); if (f->sub) render_filter(f->sub, out); fputc(')', out); }
        else if (f->net_port < 0) fprintf(out, " (%s %s \"%s:*\")", f->net_local ? "local" : "remote", f->net_proto == 1 ? "tcp" : f->net_proto == 2 ? "udp" : "ip", f->net_host);
        else fprintf(out, " (%s %s \"%s:%d\")", f->net_local ? "local" : "remote", f->net_proto == 1 ? "tcp" : f->net_proto == 2 ? "udp" : "ip", f->net_host, f->net_port);
        break;
    case F_TARGET: fprintf(out, " (target %s)", tg[f->v & 3]); break;
    case F_NAME: case F_NAME_PREFIX: case F_NAME_REGEX:
        fprintf(out, " (%s-name%s \"%s\")", f->v == N_SYSCTL ? "sysctl" : f->v == N_GLOBAL ? "global" : f->v == N_IPC ? "ipc-posix" : f->v == N_LOCAL ? "local" : "other",
                f->k == F_NAME_PREFIX ? "-prefix" : f->k == F_NAME_REGEX ? "-regex" : "", f->s);
        break;
    case F_ANY: case F_ALL: case F_NOT:
        fprintf(out, " (require-%s", f->k == F_ANY ? "any" : f->k == F_ALL ? "all" : "not");
        for (int i = 0; i < f->nkids; i++) render_filter(f->kids[i], out);
        fputc(')', out);
        break;
    case F_NEVER: fprintf(out, " (extension ...)"); break;
    case F_SOCKDOMAIN: fprintf(out, " (socket-domain %lld)", f->v); break;
    case F_SOCKTYPE: fprintf(out, " (socket-type %lld)", f->v); break;
    }
}

static int explain_plan(const struct sb_profile *p, const struct plan *pl, FILE *out)
{
    int napprox = 0;
    if (out) {
        fprintf(out, "profile %s: %d rules; Landlock ABI %d%s; supervisor %s\n", p->name, pl->nrules, pl->abi,
                pl->abi ? "" : " (unavailable)", pl->use_supervisor ? "engaged" : "not needed");
    }
    for (int i = 0; i < pl->nrules; i++) {
        const struct sb_rule *r = pl->rules[i];
        int st = pl->status[i];
        if (st == ST_APPROX) napprox++;
        if (!out) continue;
        fprintf(out, "%s:%d:%d: (%s %s", r->file, r->line, r->col, r->allow ? "allow" : "deny", sb_ops[r->op].name);
        for (int k = 0; k < r->nfilters; k++) render_filter(r->filters[k], out);
        const char *how = st == ST_EXACT ? (r->op == 0 ? "kernel (Landlock + seccomp) for what it covers" : "Landlock/seccomp") :
                          st == ST_COOP ? "checked in-process by machrun's libSystem: binds a cooperative program only" :
                          st == ST_SUPERVISOR ? "decided per call by the seccomp supervisor" : pl->why[i];
        fprintf(out, ") -> %s: %s%s\n", st_name[st], how ? how : "",
                st == ST_APPROX && pl->sup[i] ? " (opens and path changes: decided by the supervisor)" : "");
    }
    if (out) {
        if (p->trace_path) fprintf(out, "(trace \"%s\"): not supported by machrun; ignored\n", p->trace_path);
        fprintf(out, "landlock: fs rights handled 0x%llx, %d path rules; tcp connect %s (%d ports), bind %s (%d ports); scopes 0x%llx\n",
                (unsigned long long)pl->handled_fs, pl->ngrants,
                (pl->handled_net & MR_LL_NET_CONNECT_TCP) ? "restricted" : "free", pl->nconn,
                (pl->handled_net & MR_LL_NET_BIND_TCP) ? "restricted" : "free", pl->nbind, (unsigned long long)pl->scoped);
        for (int i = 0; i < pl->ngrants; i++) {
            fprintf(out, "  path %s:", pl->grants[i].path);
            for (int k = 0; k < NFSR; k++) if (pl->grants[i].mask & fsr[k].bit) fprintf(out, " %s", fsr[k].name);
            fputc('\n', out);
        }
        fprintf(out, "seccomp: %d rules (+ io_uring, open_by_handle_at, uselib refused)\n", pl->nsc);
        fprintf(out, "%d rule(s) approximated\n", napprox);
    }
    return napprox;
}

int sb_explain(const struct sb_profile *p, FILE *out)
{
    struct plan pl;
    plan_build(p, 0, &pl);
    int n = explain_plan(p, &pl, out);
    plan_free(&pl);
    return n;
}

/* ---------------- apply ---------------- */
static const struct sb_profile *current;
const struct sb_profile *sb_current_profile(void) { return current; }

static int load_seccomp(const struct plan *pl, int want_notify, int *notify_fd, char *err, size_t errlen)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx) { snprintf(err, errlen, "sandbox: seccomp_init failed"); return -1; }
    int rc = 0;
    static const int refuse[] = { SYS_io_uring_setup, SYS_io_uring_enter, SYS_io_uring_register,
                                  SYS_open_by_handle_at, SYS_uselib };
    for (size_t i = 0; i < sizeof refuse / sizeof refuse[0] && !rc; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), refuse[i], 0);
    for (int i = 0; i < pl->nsc && !rc; i++) {
        const struct sc_rule *s = &pl->sc[i];
        uint32_t act = SCMP_ACT_ERRNO(s->err);
        switch (s->cmp) {
        case 0: rc = seccomp_rule_add(ctx, act, s->nr, 0); break;
        case 1: rc = seccomp_rule_add(ctx, act, s->nr, 1, SCMP_CMP(s->argi, SCMP_CMP_MASKED_EQ, s->mask, s->val)); break;
        case 2: /* any of the set-id bits */
                rc = seccomp_rule_add(ctx, act, s->nr, 1, SCMP_CMP(s->argi, SCMP_CMP_MASKED_EQ, 04000, 04000));
                if (!rc) rc = seccomp_rule_add(ctx, act, s->nr, 1, SCMP_CMP(s->argi, SCMP_CMP_MASKED_EQ, 02000, 02000));
                break;
        case 3: rc = seccomp_rule_add(ctx, act, s->nr, 2, SCMP_A0(SCMP_CMP_EQ, s->val), SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, SOCK_DGRAM));
                if (!rc) rc = seccomp_rule_add(ctx, act, s->nr, 2, SCMP_A0(SCMP_CMP_EQ, s->val), SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, SOCK_RAW));
                break;
        case 4: rc = seccomp_rule_add(ctx, act, s->nr, 1, SCMP_A0(SCMP_CMP_EQ, s->val)); break;
        }
    }
    if (want_notify)
        for (int i = 0; i < sb_nsupervised_syscalls && !rc; i++)
            rc = seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, sb_supervised_syscalls[i], 0);
    if (!rc) rc = seccomp_load(ctx);
    if (rc) {
        snprintf(err, errlen, "sandbox: cannot load the seccomp filter: %s", strerror(-rc));
        seccomp_release(ctx);
        return -1;
    }
    if (want_notify) {
        *notify_fd = seccomp_notify_fd(ctx);
        if (*notify_fd < 0) { snprintf(err, errlen, "sandbox: no seccomp notification descriptor"); seccomp_release(ctx); return -1; }
    }
    seccomp_release(ctx);
    return 0;
}

static int load_landlock(const struct plan *pl, unsigned flags, char *err, size_t errlen)
{
    if (pl->abi == 0) return 0;
    struct mr_ll_ruleset_attr attr = { pl->handled_fs, pl->handled_net, pl->scoped };
    size_t sz = pl->abi >= 6 ? 24 : pl->abi >= 4 ? 16 : 8;
    int rs = (int)syscall(SYS_landlock_create_ruleset, &attr, sz, 0);
    if (rs < 0) { snprintf(err, errlen, "sandbox: landlock_create_ruleset: %s", strerror(errno)); return -1; }
    for (int i = 0; i < pl->ngrants; i++) {
        int fd = open(pl->grants[i].path, O_PATH | O_CLOEXEC);
        if (fd < 0) continue;   /* vanished since planning: nothing granted, stays denied */
        struct stat st;
        uint64_t mask = pl->grants[i].mask & pl->handled_fs;
        if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode)) mask &= FILE_RIGHTS;
        struct mr_ll_path_beneath pb = { mask, fd };
        if (mask && syscall(SYS_landlock_add_rule, rs, MR_LL_RULE_PATH_BENEATH, &pb, 0) < 0) {
            snprintf(err, errlen, "sandbox: landlock_add_rule %s: %s", pl->grants[i].path, strerror(errno));
            close(fd); close(rs); return -1;
        }
        close(fd);
    }
    if (flags & SB_APPLY_EXEC_SELF) {
        int fd = open("/proc/self/exe", O_PATH | O_CLOEXEC);
        if (fd >= 0) {
            struct mr_ll_path_beneath pb = { (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE) & pl->handled_fs, fd };
            syscall(SYS_landlock_add_rule, rs, MR_LL_RULE_PATH_BENEATH, &pb, 0);
            close(fd);
        }
    }
    for (int i = 0; i < pl->nconn; i++) {
        struct mr_ll_net_port np = { MR_LL_NET_CONNECT_TCP, (uint64_t)pl->conn_ports[i] };
        if (syscall(SYS_landlock_add_rule, rs, MR_LL_RULE_NET_PORT, &np, 0) < 0) { snprintf(err, errlen, "sandbox: landlock net rule: %s", strerror(errno)); close(rs); return -1; }
    }
    for (int i = 0; i < pl->nbind; i++) {
        struct mr_ll_net_port np = { MR_LL_NET_BIND_TCP, (uint64_t)pl->bind_ports[i] };
        if (syscall(SYS_landlock_add_rule, rs, MR_LL_RULE_NET_PORT, &np, 0) < 0) { snprintf(err, errlen, "sandbox: landlock net rule: %s", strerror(errno)); close(rs); return -1; }
    }
    if (syscall(SYS_landlock_restrict_self, rs, 0) < 0) {
        snprintf(err, errlen, "sandbox: landlock_restrict_self: %s", strerror(errno));
        close(rs); return -1;
    }
    close(rs);
    return 0;
}

static int send_fd(int sock, int fd)
{
    char c = 'F';
    struct iovec iov = { &c, 1 };
    union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf };
    struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
    cm->cmsg_level = SOL_SOCKET; cm->cmsg_type = SCM_RIGHTS; cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &fd, sizeof fd);
    return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}
static int recv_fd(int sock)
{
    char c;
    struct iovec iov = { &c, 1 };
    union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf };
    if (recvmsg(sock, &m, 0) != 1) return -1;
    struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
    if (!cm || cm->cmsg_type != SCM_RIGHTS) return -1;
    int fd;
    memcpy(&fd, CMSG_DATA(cm), sizeof fd);
    return fd;
}

int sb_apply(const struct sb_profile *p, unsigned flags, char *err, size_t errlen)
{
    /* Landlock and a listening seccomp filter bind the calling thread only */
    int nthreads = 0;
    DIR *tasks = opendir("/proc/self/task");
    if (tasks) { struct dirent *de; while ((de = readdir(tasks))) if (de->d_name[0] != '.') nthreads++; closedir(tasks); }
    if (nthreads > 1) {
        snprintf(err, errlen, "sandbox: the process has %d threads; it must lock itself down while single-threaded", nthreads);
        errno = EPERM;
        return -1;
    }
    /* libraries machrun opens on first use for guest code: open them before the lock-down, and
     * find machrun and its exec shim for the program's execs (done lazily otherwise) */
    hostlib_preload();
    exec_remember_self();
    struct plan pl;
    plan_build(p, flags, &pl);
    int napprox = explain_plan(p, &pl, NULL);
    if ((flags & SB_APPLY_STRICT) && napprox) {
        snprintf(err, errlen, "%s: %d rule(s) can only be approximated on this system (see --explain); refused by --strict", p->name, napprox);
        plan_free(&pl);
        errno = EPERM;
        return -1;
    }
    int sv[2] = { -1, -1 };
    if (pl.use_supervisor) {
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
            snprintf(err, errlen, "sandbox: socketpair: %s", strerror(errno));
            plan_free(&pl); return -1;
        }
        pid_t mid = fork();
        if (mid < 0) { snprintf(err, errlen, "sandbox: fork: %s", strerror(errno)); plan_free(&pl); return -1; }
        if (mid == 0) {
            /* double fork: the supervisor is nobody's child the program could wait for */
            pid_t sup = fork();
            if (sup != 0) _exit(sup < 0 ? 1 : 0);
            close(sv[0]);
            setsid();
            int nfd = recv_fd(sv[1]);
            close(sv[1]);
            if (nfd < 0) _exit(0);
            /* close everything else: the supervisor holds only the notification fd */
            for (int fd = 3; fd < 1024; fd++) if (fd != nfd && fd != 2) close(fd);
            sb_supervise(p, nfd, (flags & SB_APPLY_LOG) || p->debug_deny);
            _exit(0);
        }
        close(sv[1]);
        int st;
        while (waitpid(mid, &st, 0) < 0 && errno == EINTR) {}
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
        snprintf(err, errlen, "sandbox: PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
        plan_free(&pl); return -1;
    }
    if (load_landlock(&pl, flags, err, errlen) < 0) { plan_free(&pl); return -1; }
    int nfd = -1;
    if (load_seccomp(&pl, pl.use_supervisor, &nfd, err, errlen) < 0) { plan_free(&pl); return -1; }
    if (pl.use_supervisor) {
        int rc = send_fd(sv[0], nfd);
        close(nfd);
        close(sv[0]);
        if (rc < 0) {
            /* the filter is loaded but nobody answers: every supervised call would fail
             * (ENOSYS once the listener is gone), which is safe but useless: report it */
            snprintf(err, errlen, "sandbox: could not hand the notification descriptor to the supervisor");
            plan_free(&pl); return -1;
        }
    }
    current = p;
    plan_free(&pl);
    return 0;
}
