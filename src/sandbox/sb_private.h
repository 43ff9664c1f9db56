/*
 * sb_private.h — internals shared by the files of src/sandbox/: the Scheme values and evaluator
 * (scheme.c), the SBPL operations, filters and rules (sbpl.c), enforcement (enforce.c,
 * supervisor.c).
 */
#ifndef MACHRUN_SB_PRIVATE_H
#define MACHRUN_SB_PRIVATE_H

#include <setjmp.h>
#include <stddef.h>
#include <regex.h>
#include "machrun/sandbox.h"

/* ---- arena: every value of one evaluation lives until the profile is freed ---- */
struct sb_arena { struct sb_chunk *head; };
void *sb_alloc(struct sb_arena *a, size_t n);
char *sb_strdup(struct sb_arena *a, const char *s, size_t n);
void sb_arena_free(struct sb_arena *a);

/* ---- Scheme values ---- */
enum sv_type { T_NIL, T_BOOL, T_INT, T_STR, T_SYM, T_PAIR, T_PRIM, T_CLOS, T_UNSPEC,
               T_OP, T_FILTER, T_MOD, T_CONST };
struct sctx;
typedef struct sv sv;
struct senv;
typedef sv *(*sprim_fn)(struct sctx *c, int argc, sv **argv);

struct sb_filter;

struct sv {
    enum sv_type t;
    union {
        int b;
        long long i;
        struct { const char *s; size_t len; } str;
        struct { const char *name; sv *global; int bound; } sym;
        struct { sv *car, *cdr; const char *file; int line, col; } pair;
        struct { const char *name; sprim_fn fn; int min, max; } prim;
        struct { sv *params; sv *body; struct senv *env; const char *name; } clos;
        int op;                     /* T_OP: index in the operation table */
        struct sb_filter *filter;   /* T_FILTER */
        struct { int flags; int sig; } mod;   /* T_MOD */
        struct { const char *name; long long v; } cst;   /* T_CONST: REGULAR-FILE, tcp, self... */
    } u;
};

struct senv { sv *vars; struct senv *parent; };   /* vars: list of (sym . value) */

struct sb_rule;
struct sctx {
    struct sb_arena *arena;
    jmp_buf fail;
    char *err; size_t errlen;
    const char *file; int line, col;      /* where the form being evaluated starts */
    sv *symtab;                           /* list of symbols */
    sv nil, t, f, unspec;
    long steps; int depth;
    int import_depth;
    const char *const *params;
    /* SBPL results */
    int version;
    struct sb_rule *rules, *rules_tail; int nrules;
    int debug_deny; const char *trace_path;
};

#define NIL(c) (&(c)->nil)
sv *s_intern(struct sctx *c, const char *name);
sv *s_cons(struct sctx *c, sv *a, sv *d);
sv *s_str(struct sctx *c, const char *s, size_t n);
sv *s_int(struct sctx *c, long long i);
void s_defprim(struct sctx *c, const char *name, sprim_fn fn, int min, int max);
void s_defval(struct sctx *c, const char *name, sv *v);
_Noreturn void s_fail(struct sctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void s_init(struct sctx *c, struct sb_arena *a, char *err, size_t errlen);
/* Read and evaluate every form of a text; longjmps to c->fail on error. */
void s_eval_text(struct sctx *c, const char *text, size_t len, const char *file);
const char *s_typename(sv *v);
int s_truthy(struct sctx *c, sv *v);

/* ---- SBPL ---- */
enum sb_fkind { F_LITERAL, F_SUBPATH, F_PREFIX, F_REGEX, F_VNODE, F_NET, F_TARGET,
                F_NAME, F_NAME_PREFIX, F_NAME_REGEX, F_ANY, F_ALL, F_NOT, F_NEVER,
                F_SOCKDOMAIN, F_SOCKTYPE };
enum sb_nametag { N_SYSCTL = 1, N_GLOBAL, N_LOCAL, N_IPC, N_IOKIT, N_PREFDOMAIN, N_OTHER };
struct sb_filter {
    enum sb_fkind k;
    const char *s;              /* canonical path, name or regex source */
    regex_t *re;
    long long v;                /* vnode type, target, socket domain/type, name tag */
    int net_local, net_proto;   /* F_NET */
    const char *net_host;       /* "*", "localhost", unix path ("" for ip forms) */
    int net_port;               /* -1 = * */
    int net_unix;               /* unix-socket filter: s is the path filter */
    struct sb_filter *sub;      /* F_NET unix path filter */
    struct sb_filter **kids; int nkids;
    const char *why;            /* F_NEVER: why it can never match */
};
struct sb_rule {
    struct sb_rule *next;
    int allow, op;
    struct sb_filter **filters; int nfilters;   /* combine as require-any; 0 = unfiltered */
    int flags, sig;
    const char *file; int line, col;
    const char *text;          /* a short rendering for --explain */
};

struct sb_opdef { const char *name; int parent; int default_allow; };
extern const struct sb_opdef sb_ops[];
extern const int sb_nops;
int sb_op_index(const char *name);

struct sb_profile {
    struct sb_arena arena;
    struct sb_rule *rules; int nrules;
    int debug_deny; const char *trace_path;
    const char *name;
};

/* Canonicalize a path the macOS way into buf (/tmp -> /private/tmp ...; removes //, /./,
 * trailing /; resolves .. lexically). */
void sb_canon_path(const char *in, char *buf, size_t n);
/* The Linux spelling of a canonical path (/private/tmp -> /tmp). */
const char *sb_linux_path(const char *canon);
void sb_install_sbpl(struct sctx *c);
int sb_filter_match(const struct sb_filter *f, const struct sb_query *q, const char *canon);

/* supervisor.c */
struct sb_supervisor_cfg { const struct sb_profile *p; int log; int notify_fd; };
/* Run the supervisor loop on notify_fd until no sandboxed process remains. */
void sb_supervise(const struct sb_profile *p, int notify_fd, int log);
extern const int sb_supervised_syscalls[];
extern const int sb_nsupervised_syscalls;

#endif
