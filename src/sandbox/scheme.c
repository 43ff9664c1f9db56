/*
 * scheme.c — owns the small Scheme that SBPL profiles are written in: the reader (with
 * line/column of every list, #"…" regex literals, #o/#x numbers, ; and #| |# comments),
 * the evaluator (define, lambda, let, let*, letrec, named let, if, cond, case, and, or,
 * when, unless, begin, set!, quote) and the general builtins (lists, strings, numbers,
 * assoc, map, apply, defined?, regex-quote...). SBPL's own vocabulary is in sbpl.c.
 *
 * Not implemented (an error names them if a profile uses them): quasiquote, floats,
 * characters, vectors, call/cc, dynamic-wind, macros.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_private.h"

#define MAX_DEPTH 2000
#define MAX_STEPS 20000000L

/* ---------------- arena ---------------- */
struct sb_chunk { struct sb_chunk *next; size_t used, cap; max_align_t data[]; };

void *sb_alloc(struct sb_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    struct sb_chunk *h = a->head;
    if (!h || h->used + n > h->cap) {
        size_t cap = n > 65536 ? n : 65536;
        h = calloc(1, sizeof *h + cap);
        if (!h) { fprintf(stderr, "machrun: sandbox: out of memory\n"); abort(); }
        h->cap = cap;
        h->next = a->head;
        a->head = h;
    }
    void *p = (char *)h->data + h->used;
    h->used += n;
    memset(p, 0, n);
    return p;
}

char *sb_strdup(struct sb_arena *a, const char *s, size_t n)
{
    char *d = sb_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

void sb_arena_free(struct sb_arena *a)
{
    struct sb_chunk *h = a->head;
    while (h) { struct sb_chunk *n = h->next; free(h); h = n; }
    a->head = NULL;
}

/* ---------------- values ---------------- */
static sv *mk(struct sctx *c, enum sv_type t) { sv *v = sb_alloc(c->arena, sizeof *v); v->t = t; return v; }
sv *s_int(struct sctx *c, long long i) { sv *v = mk(c, T_INT); v->u.i = i; return v; }
sv *s_str(struct sctx *c, const char *s, size_t n)
{
    sv *v = mk(c, T_STR);
    v->u.str.s = sb_strdup(c->arena, s, n);
    v->u.str.len = n;
    return v;
}
sv *s_cons(struct sctx *c, sv *a, sv *d)
{
    sv *v = mk(c, T_PAIR);
    v->u.pair.car = a; v->u.pair.cdr = d;
    v->u.pair.file = c->file; v->u.pair.line = c->line; v->u.pair.col = c->col;
    return v;
}
sv *s_intern(struct sctx *c, const char *name)
{
    for (sv *l = c->symtab; l->t == T_PAIR; l = l->u.pair.cdr)
        if (!strcmp(l->u.pair.car->u.sym.name, name)) return l->u.pair.car;
    sv *s = mk(c, T_SYM);
    s->u.sym.name = sb_strdup(c->arena, name, strlen(name));
    c->symtab = s_cons(c, s, c->symtab);
    return s;
}
void s_defval(struct sctx *c, const char *name, sv *v)
{
    sv *s = s_intern(c, name);
    s->u.sym.global = v; s->u.sym.bound = 1;
}
void s_defprim(struct sctx *c, const char *name, sprim_fn fn, int min, int max)
{
    sv *v = mk(c, T_PRIM);
    v->u.prim.name = name; v->u.prim.fn = fn; v->u.prim.min = min; v->u.prim.max = max;
    s_defval(c, name, v);
}

_Noreturn void s_fail(struct sctx *c, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(c->err, c->errlen, "%s:%d:%d: %s", c->file ? c->file : "<profile>", c->line, c->col, msg);
    longjmp(c->fail, 1);
}

const char *s_typename(sv *v)
{
    static const char *n[] = { "()", "boolean", "number", "string", "symbol", "list", "procedure",
                               "procedure", "unspecified", "operation", "filter", "modifier", "constant" };
    return n[v->t];
}
int s_truthy(struct sctx *c, sv *v) { return v != &c->f; }

/* ---------------- reader ---------------- */
struct rd { struct sctx *c; const char *s, *e, *file; int line, col; };

static int rpeek(struct rd *r) { return r->s < r->e ? (unsigned char)*r->s : -1; }
static int rget(struct rd *r)
{
    if (r->s >= r->e) return -1;
    int ch = (unsigned char)*r->s++;
    if (ch == '\n') { r->line++; r->col = 1; } else r->col++;
    return ch;
}
static _Noreturn void rfail(struct rd *r, const char *msg)
{
    r->c->line = r->line; r->c->col = r->col; r->c->file = r->file;
    s_fail(r->c, "%s", msg);
}
static void skipws(struct rd *r)
{
    for (;;) {
        int ch = rpeek(r);
        if (ch == ';') { while (ch != -1 && ch != '\n') { rget(r); ch = rpeek(r); } continue; }
        if (ch == '#' && r->s + 1 < r->e && r->s[1] == '|') {
            int sl = r->line, sc = r->col;
            rget(r); rget(r);
            while (!(rpeek(r) == '|' && r->s + 1 < r->e && r->s[1] == '#')) {
                if (rget(r) == -1) { r->line = sl; r->col = sc; rfail(r, "unterminated #| comment"); }
            }
            rget(r); rget(r);
            continue;
        }
        if (ch != -1 && isspace(ch)) { rget(r); continue; }
        return;
    }
}
static int delim(int ch) { return ch == -1 || isspace(ch) || ch == '(' || ch == ')' || ch == '[' || ch == ']' || ch == '"' || ch == ';' || ch == '\''; }

static sv *read_form(struct rd *r, int *eof);

static sv *read_string(struct rd *r, int raw)
{
    struct sctx *c = r->c;
    int sl = r->line, sc = r->col;
    size_t cap = 64, n = 0;
    char *buf = malloc(cap);
    if (!buf) abort();
    rget(r); /* opening quote */
    for (;;) {
        int ch = rget(r);
        if (ch == -1) { free(buf); r->line = sl; r->col = sc; rfail(r, "unterminated string"); }
        if (ch == '"') break;
        if (ch == '\\') {
            int e = rget(r);
            if (e == -1) { free(buf); r->line = sl; r->col = sc; rfail(r, "unterminated string"); }
            if (raw) { if (e != '"') { if (n + 2 > cap) { cap *= 2; buf = realloc(buf, cap); if (!buf) abort(); } buf[n++] = '\\'; } ch = e; }
            else switch (e) {
                case 'n': ch = '\n'; break;
                case 't': ch = '\t'; break;
                case 'r': ch = '\r'; break;
                case '0': ch = 0; break;
                case '\\': case '"': ch = e; break;
                case '\n': continue;
                default: free(buf); rfail(r, "unknown escape in string");
            }
        }
        if (n + 2 > cap) { cap *= 2; buf = realloc(buf, cap); if (!buf) abort(); }
        buf[n++] = (char)ch;
    }
    sv *v = s_str(c, buf, n);
    free(buf);
    return v;
}

static int parse_int(const char *t, int base, long long *out)
{
    if (!*t) return 0;
    int neg = 0;
    if (*t == '-' || *t == '+') { neg = *t == '-'; t++; if (!*t) return 0; }
    unsigned long long v = 0;
    for (; *t; t++) {
        int d;
        if (*t >= '0' && *t <= '9') d = *t - '0';
        else if (*t >= 'a' && *t <= 'f') d = *t - 'a' + 10;
        else if (*t >= 'A' && *t <= 'F') d = *t - 'A' + 10;
        else return 0;
        if (d >= base) return 0;
        if (v > (unsigned long long)9e17) return 0;
        v = v * base + d;
    }
    *out = neg ? -(long long)v : (long long)v;
    return 1;
}

static sv *read_list(struct rd *r, int close)
{
    struct sctx *c = r->c;
    int sl = r->line, sc = r->col;
    rget(r);
    sv *head = NIL(c), *tail = NULL;
    for (;;) {
        skipws(r);
        int ch = rpeek(r);
        if (ch == -1) { r->line = sl; r->col = sc; rfail(r, "unbalanced parenthesis: this list is never closed"); }
        if (ch == ')' || ch == ']') {
            if (ch != close) rfail(r, "mismatched closing bracket");
            rget(r);
            return head;
        }
        if (ch == '.' && r->s + 1 < r->e && delim((unsigned char)r->s[1]) && tail) {
            rget(r);
            int eof;
            sv *d = read_form(r, &eof);
            if (eof) rfail(r, "unexpected end after '.'");
            tail->u.pair.cdr = d;
            skipws(r);
            if (rpeek(r) != close) rfail(r, "expected ')' after dotted tail");
            rget(r);
            return head;
        }
        int eof;
        sv *x = read_form(r, &eof);
        c->file = r->file; c->line = sl; c->col = sc;
        sv *cell = s_cons(c, x, NIL(c));
        if (tail) tail->u.pair.cdr = cell; else head = cell;
        tail = cell;
    }
}

static sv *read_form(struct rd *r, int *eof)
{
    struct sctx *c = r->c;
    *eof = 0;
    skipws(r);
    int ch = rpeek(r);
    if (ch == -1) { *eof = 1; return NULL; }
    int sl = r->line, sc = r->col;
    if (ch == '(') return read_list(r, ')');
    if (ch == '[') return read_list(r, ']');
    if (ch == ')' || ch == ']') rfail(r, "unexpected ')'");
    if (ch == '"') return read_string(r, 0);
    if (ch == '\'') {
        rget(r);
        sv *x = read_form(r, eof);
        if (*eof) rfail(r, "quote at end of input");
        c->file = r->file; c->line = sl; c->col = sc;
        return s_cons(c, s_intern(c, "quote"), s_cons(c, x, NIL(c)));
    }
    if (ch == '`' || ch == ',') rfail(r, "quasiquote is not supported by machrun's SBPL reader");
    if (ch == '#' && r->s + 1 < r->e && r->s[1] == '"') { rget(r); return read_string(r, 1); }
    if (ch == '#' && r->s + 1 < r->e && r->s[1] == ';') {
        rget(r); rget(r);
        read_form(r, eof);
        if (*eof) rfail(r, "#; at end of input");
        return read_form(r, eof);
    }
    char tok[256];
    size_t n = 0;
    while (!delim(rpeek(r))) {
        int x = rget(r);
        if (n + 1 >= sizeof tok) { r->line = sl; r->col = sc; rfail(r, "token too long"); }
        tok[n++] = (char)x;
    }
    tok[n] = 0;
    if (n == 0) rfail(r, "unexpected character");
    long long iv;
    if (tok[0] == '#') {
        if (!strcmp(tok, "#t") || !strcmp(tok, "#true")) return &c->t;
        if (!strcmp(tok, "#f") || !strcmp(tok, "#false")) return &c->f;
        int base = tok[1] == 'o' ? 8 : tok[1] == 'x' ? 16 : tok[1] == 'b' ? 2 : tok[1] == 'd' ? 10 : 0;
        if (base && parse_int(tok + 2, base, &iv)) return s_int(c, iv);
        r->line = sl; r->col = sc;
        rfail(r, "unsupported # syntax");
    }
    if (parse_int(tok, 10, &iv)) return s_int(c, iv);
    if ((isdigit((unsigned char)tok[0]) || ((tok[0] == '-' || tok[0] == '+') && isdigit((unsigned char)tok[1]))) && strchr(tok, '.')) {
        r->line = sl; r->col = sc;
        rfail(r, "floating-point numbers are not supported");
    }
    return s_intern(c, tok);
}

/* ---------------- evaluator ---------------- */
static sv *sym_quote, *sym_if, *sym_define, *sym_lambda, *sym_let, *sym_letstar, *sym_letrec,
          *sym_begin, *sym_cond, *sym_else, *sym_and, *sym_or, *sym_set, *sym_when, *sym_unless,
          *sym_case, *sym_arrow, *sym_with, *sym_letrecstar;

static void at(struct sctx *c, sv *form)
{
    if (form->t == T_PAIR && form->u.pair.line) {
        c->file = form->u.pair.file; c->line = form->u.pair.line; c->col = form->u.pair.col;
    }
}

static sv **lookup_cell(struct sctx *c, sv *sym, struct senv *e)
{
    (void)c;
    for (; e; e = e->parent)
        for (sv *l = e->vars; l->t == T_PAIR; l = l->u.pair.cdr)
            if (l->u.pair.car->u.pair.car == sym) return &l->u.pair.car->u.pair.cdr;
    return NULL;
}
static sv *lookup(struct sctx *c, sv *sym, struct senv *e)
{
    sv **cell = lookup_cell(c, sym, e);
    if (cell) return *cell;
    if (sym->u.sym.bound) return sym->u.sym.global;
    s_fail(c, "unbound variable: %s", sym->u.sym.name);
}
static void bind(struct sctx *c, struct senv *e, sv *sym, sv *val)
{
    if (!e) { sym->u.sym.global = val; sym->u.sym.bound = 1; return; }
    for (sv *l = e->vars; l->t == T_PAIR; l = l->u.pair.cdr)
        if (l->u.pair.car->u.pair.car == sym) { l->u.pair.car->u.pair.cdr = val; return; }
    e->vars = s_cons(c, s_cons(c, sym, val), e->vars);
}
static struct senv *newenv(struct sctx *c, struct senv *parent)
{
    struct senv *e = sb_alloc(c->arena, sizeof *e);
    e->vars = NIL(c); e->parent = parent;
    return e;
}

static int list_len(sv *l) { int n = 0; for (; l->t == T_PAIR; l = l->u.pair.cdr) n++; return l->t == T_NIL ? n : -1; }
static sv *car(struct sctx *c, sv *x) { if (x->t != T_PAIR) s_fail(c, "malformed form"); return x->u.pair.car; }
static sv *cdr(struct sctx *c, sv *x) { if (x->t != T_PAIR) s_fail(c, "malformed form"); return x->u.pair.cdr; }

static sv *eval(struct sctx *c, sv *x, struct senv *e);
static sv *apply_proc(struct sctx *c, sv *f, int argc, sv **argv);

static sv *eval_body(struct sctx *c, sv *body, struct senv *e, sv **tail)
{
    /* evaluates all but the last form; returns the last form unevaluated in *tail */
    if (body->t != T_PAIR) { *tail = NULL; return &c->unspec; }
    while (body->u.pair.cdr->t == T_PAIR) {
        eval(c, body->u.pair.car, e);
        body = body->u.pair.cdr;
    }
    *tail = body->u.pair.car;
    return NULL;
}

static struct senv *bind_params(struct sctx *c, sv *f, int argc, sv **argv)
{
    struct senv *e = newenv(c, f->u.clos.env);
    sv *p = f->u.clos.params;
    int i = 0;
    for (; p->t == T_PAIR; p = p->u.pair.cdr, i++) {
        if (i >= argc) s_fail(c, "%s: too few arguments", f->u.clos.name ? f->u.clos.name : "lambda");
        bind(c, e, p->u.pair.car, argv[i]);
    }
    if (p->t == T_SYM) {
        sv *rest = NIL(c);
        for (int j = argc - 1; j >= i; j--) rest = s_cons(c, argv[j], rest);
        bind(c, e, p, rest);
    } else if (i < argc) s_fail(c, "%s: too many arguments", f->u.clos.name ? f->u.clos.name : "lambda");
    return e;
}

static sv *make_closure(struct sctx *c, sv *params, sv *body, struct senv *e, const char *name)
{
    for (sv *p = params; p->t == T_PAIR; p = p->u.pair.cdr)
        if (p->u.pair.car->t != T_SYM) s_fail(c, "lambda: parameters must be symbols");
    if (body->t != T_PAIR) s_fail(c, "lambda: empty body");
    sv *v = mk(c, T_CLOS);
    v->u.clos.params = params; v->u.clos.body = body; v->u.clos.env = e; v->u.clos.name = name;
    return v;
}

static sv *eval(struct sctx *c, sv *x, struct senv *e)
{
    if (++c->depth > MAX_DEPTH) s_fail(c, "evaluation nested too deeply");
    sv *result;
    for (;;) {
        if (++c->steps > MAX_STEPS) s_fail(c, "evaluation takes too long (endless loop?)");
        if (x->t == T_SYM) { result = lookup(c, x, e); break; }
        if (x->t != T_PAIR) {
            if (x->t == T_NIL) s_fail(c, "cannot evaluate ()");
            result = x; break;
        }
        at(c, x);
        sv *op = x->u.pair.car, *args = x->u.pair.cdr;
        int nargs = list_len(args);
        if (nargs < 0) s_fail(c, "malformed (dotted) call");
        if (op == sym_quote) {
            if (nargs != 1) s_fail(c, "quote: expects one datum");
            result = args->u.pair.car; break;
        }
        if (op == sym_if) {
            if (nargs < 2 || nargs > 3) s_fail(c, "if: expects (if test then [else])");
            sv *t = eval(c, car(c, args), e);
            at(c, x);
            if (s_truthy(c, t)) { x = car(c, cdr(c, args)); continue; }
            if (nargs == 3) { x = car(c, cdr(c, cdr(c, args))); continue; }
            result = &c->unspec; break;
        }
        if (op == sym_define) {
            if (nargs < 1) s_fail(c, "define: missing name");
            sv *target = car(c, args);
            if (target->t == T_PAIR) {
                sv *name = target->u.pair.car;
                if (name->t != T_SYM) s_fail(c, "define: name must be a symbol");
                bind(c, e, name, make_closure(c, target->u.pair.cdr, args->u.pair.cdr, e, name->u.sym.name));
            } else if (target->t == T_SYM) {
                if (nargs > 2) s_fail(c, "define: too many expressions");
                sv *v = nargs == 2 ? eval(c, car(c, cdr(c, args)), e) : &c->unspec;
                if (v->t == T_CLOS && !v->u.clos.name) v->u.clos.name = target->u.sym.name;
                bind(c, e, target, v);
            } else s_fail(c, "define: name must be a symbol");
            result = &c->unspec; break;
        }
        if (op == sym_set) {
            if (nargs != 2 || car(c, args)->t != T_SYM) s_fail(c, "set!: expects (set! symbol value)");
            sv *sym = car(c, args);
            sv *v = eval(c, car(c, cdr(c, args)), e);
            sv **cell = lookup_cell(c, sym, e);
            if (cell) *cell = v;
            else if (sym->u.sym.bound) sym->u.sym.global = v;
            else s_fail(c, "set!: unbound variable: %s", sym->u.sym.name);
            result = &c->unspec; break;
        }
        if (op == sym_lambda) {
            if (nargs < 2) s_fail(c, "lambda: expects parameters and a body");
            result = make_closure(c, car(c, args), cdr(c, args), e, NULL); break;
        }
        if (op == sym_begin) {
            sv *tail;
            sv *r = eval_body(c, args, e, &tail);
            if (!tail) { result = r; break; }
            x = tail; continue;
        }
        if (op == sym_let || op == sym_letstar || op == sym_letrec || op == sym_letrecstar) {
            if (nargs < 2) s_fail(c, "let: expects bindings and a body");
            sv *bindings = car(c, args), *body = cdr(c, args);
            sv *loopname = NULL;
            if (bindings->t == T_SYM && op == sym_let) {   /* named let */
                loopname = bindings;
                bindings = car(c, body); body = cdr(c, body);
                if (body->t != T_PAIR) s_fail(c, "let: empty body");
            }
            if (list_len(bindings) < 0) s_fail(c, "let: malformed bindings");
            struct senv *ne = newenv(c, e);
            int n = list_len(bindings);
            sv **vals = sb_alloc(c->arena, sizeof(sv *) * (n + 1));
            sv *params = NIL(c), *ptail = NULL;
            int i = 0;
            for (sv *b = bindings; b->t == T_PAIR; b = b->u.pair.cdr, i++) {
                sv *bd = b->u.pair.car;
                if (bd->t != T_PAIR || bd->u.pair.car->t != T_SYM) s_fail(c, "let: each binding is (name value)");
                sv *val = bd->u.pair.cdr->t == T_PAIR ? bd->u.pair.cdr->u.pair.car : NULL;
                struct senv *evenv = (op == sym_let) ? e : ne;
                vals[i] = val ? eval(c, val, evenv) : &c->unspec;
                at(c, x);
                if (op != sym_let) bind(c, ne, bd->u.pair.car, vals[i]);
                sv *cell = s_cons(c, bd->u.pair.car, NIL(c));
                if (ptail) ptail->u.pair.cdr = cell; else params = cell;
                ptail = cell;
            }
            if (op == sym_let) {
                i = 0;
                for (sv *p = params; p->t == T_PAIR; p = p->u.pair.cdr, i++) bind(c, ne, p->u.pair.car, vals[i]);
            }
            if (loopname) {
                struct senv *le = newenv(c, e);
                sv *f = make_closure(c, params, body, le, loopname->u.sym.name);
                bind(c, le, loopname, f);
                ne->parent = le;
            }
            sv *tail;
            sv *r = eval_body(c, body, ne, &tail);
            if (!tail) { result = r; break; }
            x = tail; e = ne; continue;
        }
        if (op == sym_cond) {
            sv *next = NULL;
            result = &c->unspec;
            for (sv *cl = args; cl->t == T_PAIR; cl = cl->u.pair.cdr) {
                sv *clause = cl->u.pair.car;
                if (clause->t != T_PAIR) s_fail(c, "cond: each clause is a list");
                sv *test = clause->u.pair.car;
                sv *tv = test == sym_else ? &c->t : eval(c, test, e);
                at(c, x);
                if (!s_truthy(c, tv)) continue;
                sv *body = clause->u.pair.cdr;
                if (body->t == T_NIL) { result = tv; break; }
                if (body->u.pair.car == sym_arrow) {
                    sv *f = eval(c, car(c, body->u.pair.cdr), e);
                    result = apply_proc(c, f, 1, &tv);
                    break;
                }
                sv *tail;
                eval_body(c, body, e, &tail);
                next = tail;
                break;
            }
            if (next) { x = next; continue; }
            break;
        }
        if (op == sym_case) {
            if (nargs < 1) s_fail(c, "case: missing key");
            sv *key = eval(c, car(c, args), e);
            sv *next = NULL;
            result = &c->unspec;
            for (sv *cl = cdr(c, args); cl->t == T_PAIR; cl = cl->u.pair.cdr) {
                sv *clause = cl->u.pair.car;
                if (clause->t != T_PAIR) s_fail(c, "case: each clause is a list");
                int hit = clause->u.pair.car == sym_else;
                for (sv *d = clause->u.pair.car; !hit && d->t == T_PAIR; d = d->u.pair.cdr) {
                    sv *k = d->u.pair.car;
                    if (k == key || (k->t == T_INT && key->t == T_INT && k->u.i == key->u.i)) hit = 1;
                }
                if (!hit) continue;
                sv *tail;
                eval_body(c, clause->u.pair.cdr, e, &tail);
                next = tail;
                break;
            }
            if (next) { x = next; continue; }
            break;
        }
        if (op == sym_and || op == sym_or) {
            result = op == sym_and ? &c->t : &c->f;
            if (nargs == 0) break;
            sv *a = args;
            for (; a->u.pair.cdr->t == T_PAIR; a = a->u.pair.cdr) {
                sv *v = eval(c, a->u.pair.car, e);
                at(c, x);
                if (op == sym_and && !s_truthy(c, v)) { result = v; goto done; }
                if (op == sym_or && s_truthy(c, v)) { result = v; goto done; }
            }
            x = a->u.pair.car; continue;
        }
        if (op == sym_when || op == sym_unless) {
            if (nargs < 1) s_fail(c, "when/unless: missing test");
            sv *t = eval(c, car(c, args), e);
            at(c, x);
            if (s_truthy(c, t) != (op == sym_when)) { result = &c->unspec; break; }
            sv *tail;
            sv *r = eval_body(c, cdr(c, args), e, &tail);
            if (!tail) { result = r; break; }
            x = tail; continue;
        }
        if (op == sym_with) {   /* SBPL modifier: (with report) (with send-signal SIGKILL) */
            if (nargs < 1 || car(c, args)->t != T_SYM) s_fail(c, "with: expects a modifier name");
            const char *m = car(c, args)->u.sym.name;
            sv *v = mk(c, T_MOD);
            if (!strcmp(m, "report")) v->u.mod.flags = SB_FLAG_REPORT;
            else if (!strcmp(m, "no-log") || !strcmp(m, "no-report")) v->u.mod.flags = SB_FLAG_NO_REPORT;
            else if (!strcmp(m, "send-signal")) {
                if (nargs != 2) s_fail(c, "with send-signal: expects a signal");
                sv *sg = eval(c, car(c, cdr(c, args)), e);
                if (sg->t != T_INT || sg->u.i < 1 || sg->u.i > 31) s_fail(c, "with send-signal: expects a signal number");
                v->u.mod.flags = SB_FLAG_SEND_SIGNAL; v->u.mod.sig = (int)sg->u.i;
            } else s_fail(c, "with: unknown modifier %s", m);
            if (v->u.mod.flags != SB_FLAG_SEND_SIGNAL && nargs != 1) s_fail(c, "with %s: takes no argument", m);
            result = v; break;
        }
        /* application */
        sv *f = eval(c, op, e);
        sv *argbuf[16];
        sv **argv = nargs <= 16 ? argbuf : sb_alloc(c->arena, sizeof(sv *) * nargs);
        int i = 0;
        for (sv *a = args; a->t == T_PAIR; a = a->u.pair.cdr) { argv[i++] = eval(c, a->u.pair.car, e); }
        at(c, x);
        if (f->t == T_CLOS) {
            /* proper tail call: the body's last form replaces x */
            struct senv *ne = bind_params(c, f, nargs, argv);
            sv *tail;
            sv *r = eval_body(c, f->u.clos.body, ne, &tail);
            if (!tail) { result = r; break; }
            x = tail; e = ne; continue;
        }
        result = apply_proc(c, f, nargs, argv);
        break;
    }
done:
    c->depth--;
    return result;
}

static sv *apply_proc(struct sctx *c, sv *f, int argc, sv **argv)
{
    if (f->t == T_PRIM) {
        if (argc < f->u.prim.min || (f->u.prim.max >= 0 && argc > f->u.prim.max))
            s_fail(c, "%s: wrong number of arguments (%d)", f->u.prim.name, argc);
        return f->u.prim.fn(c, argc, argv);
    }
    if (f->t == T_CLOS) {
        if (++c->depth > MAX_DEPTH) s_fail(c, "evaluation nested too deeply");
        struct senv *ne = bind_params(c, f, argc, argv);
        sv *r = &c->unspec;
        for (sv *b = f->u.clos.body; b->t == T_PAIR; b = b->u.pair.cdr) r = eval(c, b->u.pair.car, ne);
        c->depth--;
        return r;
    }
    s_fail(c, "not a procedure: %s", s_typename(f));
}

void s_eval_text(struct sctx *c, const char *text, size_t len, const char *file)
{
    struct rd r = { c, text, text + len, file, 1, 1 };
    for (;;) {
        int eof;
        c->file = file;
        sv *x = read_form(&r, &eof);
        if (eof) break;
        eval(c, x, NULL);
    }
}

/* ---------------- builtins ---------------- */
#define P(name) static sv *name(struct sctx *c, int argc, sv **argv)
static long long want_int(struct sctx *c, const char *who, sv *v)
{
    if (v->t != T_INT) s_fail(c, "%s: expected a number, got %s", who, s_typename(v));
    return v->u.i;
}
static sv *want_str(struct sctx *c, const char *who, sv *v)
{
    if (v->t != T_STR) s_fail(c, "%s: expected a string, got %s", who, s_typename(v));
    return v;
}
static sv *B(struct sctx *c, int b) { return b ? &c->t : &c->f; }

P(p_add) { long long s = 0; for (int i = 0; i < argc; i++) s += want_int(c, "+", argv[i]); return s_int(c, s); }
P(p_mul) { long long s = 1; for (int i = 0; i < argc; i++) s *= want_int(c, "*", argv[i]); return s_int(c, s); }
P(p_sub)
{
    long long s = want_int(c, "-", argv[0]);
    if (argc == 1) return s_int(c, -s);
    for (int i = 1; i < argc; i++) s -= want_int(c, "-", argv[i]);
    return s_int(c, s);
}
static sv *cmp(struct sctx *c, int argc, sv **argv, const char *who, int k)
{
    for (int i = 0; i + 1 < argc; i++) {
        long long a = want_int(c, who, argv[i]), b = want_int(c, who, argv[i + 1]);
        int ok = k == 0 ? a == b : k == 1 ? a < b : k == 2 ? a > b : k == 3 ? a <= b : a >= b;
        if (!ok) return &c->f;
    }
    return &c->t;
}
P(p_numeq) { return cmp(c, argc, argv, "=", 0); }
P(p_lt) { return cmp(c, argc, argv, "<", 1); }
P(p_gt) { return cmp(c, argc, argv, ">", 2); }
P(p_le) { return cmp(c, argc, argv, "<=", 3); }
P(p_ge) { return cmp(c, argc, argv, ">=", 4); }
P(p_not) { (void)argc; return B(c, argv[0] == &c->f); }

static int eqv(sv *a, sv *b)
{
    if (a == b) return 1;
    if (a->t != b->t) return 0;
    if (a->t == T_INT) return a->u.i == b->u.i;
    if (a->t == T_NIL) return 1;
    if (a->t == T_OP) return a->u.op == b->u.op;
    if (a->t == T_CONST) return a->u.cst.v == b->u.cst.v && !strcmp(a->u.cst.name, b->u.cst.name);
    return 0;
}
static int equal(sv *a, sv *b)
{
    if (eqv(a, b)) return 1;
    if (a->t != b->t) return 0;
    if (a->t == T_STR) return a->u.str.len == b->u.str.len && !memcmp(a->u.str.s, b->u.str.s, a->u.str.len);
    if (a->t == T_PAIR) return equal(a->u.pair.car, b->u.pair.car) && equal(a->u.pair.cdr, b->u.pair.cdr);
    return 0;
}
P(p_eq) { (void)argc; return B(c, eqv(argv[0], argv[1])); }
P(p_equal) { (void)argc; return B(c, equal(argv[0], argv[1])); }
P(p_nullp) { (void)argc; return B(c, argv[0]->t == T_NIL); }
P(p_pairp) { (void)argc; return B(c, argv[0]->t == T_PAIR); }
P(p_listp) { (void)argc; return B(c, list_len(argv[0]) >= 0); }
P(p_stringp) { (void)argc; return B(c, argv[0]->t == T_STR); }
P(p_symbolp) { (void)argc; return B(c, argv[0]->t == T_SYM); }
P(p_numberp) { (void)argc; return B(c, argv[0]->t == T_INT); }
P(p_booleanp) { (void)argc; return B(c, argv[0]->t == T_BOOL); }
P(p_procp) { (void)argc; return B(c, argv[0]->t == T_PRIM || argv[0]->t == T_CLOS); }
P(p_cons) { (void)argc; return s_cons(c, argv[0], argv[1]); }
P(p_car) { (void)argc; if (argv[0]->t != T_PAIR) s_fail(c, "car: expected a pair, got %s", s_typename(argv[0])); return argv[0]->u.pair.car; }
P(p_cdr) { (void)argc; if (argv[0]->t != T_PAIR) s_fail(c, "cdr: expected a pair, got %s", s_typename(argv[0])); return argv[0]->u.pair.cdr; }
P(p_cadr) { (void)argc; sv *x = argv[0]; if (x->t != T_PAIR || x->u.pair.cdr->t != T_PAIR) s_fail(c, "cadr: list too short"); return x->u.pair.cdr->u.pair.car; }
P(p_cddr) { (void)argc; sv *x = argv[0]; if (x->t != T_PAIR || x->u.pair.cdr->t != T_PAIR) s_fail(c, "cddr: list too short"); return x->u.pair.cdr->u.pair.cdr; }
P(p_list) { sv *l = NIL(c); for (int i = argc - 1; i >= 0; i--) l = s_cons(c, argv[i], l); return l; }
P(p_length) { (void)argc; int n = list_len(argv[0]); if (n < 0) s_fail(c, "length: not a list"); return s_int(c, n); }
P(p_append)
{
    if (argc == 0) return NIL(c);
    sv *res = argv[argc - 1];
    for (int i = argc - 2; i >= 0; i--) {
        int n = list_len(argv[i]);
        if (n < 0) s_fail(c, "append: not a list");
        sv **items = sb_alloc(c->arena, sizeof(sv *) * (n + 1));
        int k = 0;
        for (sv *l = argv[i]; l->t == T_PAIR; l = l->u.pair.cdr) items[k++] = l->u.pair.car;
        while (k > 0) res = s_cons(c, items[--k], res);
    }
    return res;
}
P(p_reverse) { (void)argc; sv *r = NIL(c); sv *l = argv[0]; for (; l->t == T_PAIR; l = l->u.pair.cdr) r = s_cons(c, l->u.pair.car, r); if (l->t != T_NIL) s_fail(c, "reverse: not a list"); return r; }
static sv *assoc_gen(struct sctx *c, sv *key, sv *l, int deep)
{
    for (; l->t == T_PAIR; l = l->u.pair.cdr) {
        sv *p = l->u.pair.car;
        if (p->t != T_PAIR) s_fail(c, "assoc: list element is not a pair");
        if (deep ? equal(p->u.pair.car, key) : eqv(p->u.pair.car, key)) return p;
    }
    return &c->f;
}
P(p_assoc) { (void)argc; return assoc_gen(c, argv[0], argv[1], 1); }
P(p_assq) { (void)argc; return assoc_gen(c, argv[0], argv[1], 0); }
static sv *member_gen(struct sctx *c, sv *key, sv *l, int deep)
{
    for (; l->t == T_PAIR; l = l->u.pair.cdr)
        if (deep ? equal(l->u.pair.car, key) : eqv(l->u.pair.car, key)) return l;
    return &c->f;
}
P(p_member) { (void)argc; return member_gen(c, argv[0], argv[1], 1); }
P(p_memq) { (void)argc; return member_gen(c, argv[0], argv[1], 0); }
P(p_map)
{
    if (argc != 2) s_fail(c, "map: machrun supports one list");
    int n = list_len(argv[1]);
    if (n < 0) s_fail(c, "map: not a list");
    sv *head = NIL(c), *tail = NULL;
    for (sv *l = argv[1]; l->t == T_PAIR; l = l->u.pair.cdr) {
        sv *a = l->u.pair.car;
        sv *cell = s_cons(c, apply_proc(c, argv[0], 1, &a), NIL(c));
        if (tail) tail->u.pair.cdr = cell; else head = cell;
        tail = cell;
    }
    return head;
}
P(p_foreach)
{
    if (argc != 2) s_fail(c, "for-each: machrun supports one list");
    if (list_len(argv[1]) < 0) s_fail(c, "for-each: not a list");
    for (sv *l = argv[1]; l->t == T_PAIR; l = l->u.pair.cdr) { sv *a = l->u.pair.car; apply_proc(c, argv[0], 1, &a); }
    return &c->unspec;
}
P(p_apply)
{
    sv *last = argv[argc - 1];
    int n = list_len(last);
    if (n < 0) s_fail(c, "apply: last argument must be a list");
    int total = argc - 2 + n;
    sv **a = sb_alloc(c->arena, sizeof(sv *) * (total + 1));
    int k = 0;
    for (int i = 1; i < argc - 1; i++) a[k++] = argv[i];
    for (sv *l = last; l->t == T_PAIR; l = l->u.pair.cdr) a[k++] = l->u.pair.car;
    return apply_proc(c, argv[0], total, a);
}
P(p_string_append)
{
    size_t n = 0;
    for (int i = 0; i < argc; i++) n += want_str(c, "string-append", argv[i])->u.str.len;
    char *b = sb_alloc(c->arena, n + 1);
    size_t k = 0;
    for (int i = 0; i < argc; i++) { memcpy(b + k, argv[i]->u.str.s, argv[i]->u.str.len); k += argv[i]->u.str.len; }
    sv *v = mk(c, T_STR); v->u.str.s = b; v->u.str.len = n;
    return v;
}
P(p_string_length) { (void)argc; return s_int(c, (long long)want_str(c, "string-length", argv[0])->u.str.len); }
P(p_string_eq)
{
    for (int i = 0; i < argc; i++) want_str(c, "string=?", argv[i]);
    for (int i = 0; i + 1 < argc; i++) if (!equal(argv[i], argv[i + 1])) return &c->f;
    return &c->t;
}
P(p_substring)
{
    sv *s = want_str(c, "substring", argv[0]);
    long long a = want_int(c, "substring", argv[1]);
    long long b = argc > 2 ? want_int(c, "substring", argv[2]) : (long long)s->u.str.len;
    if (a < 0 || b < a || b > (long long)s->u.str.len) s_fail(c, "substring: index out of range");
    return s_str(c, s->u.str.s + a, (size_t)(b - a));
}
P(p_string_to_number)
{
    sv *s = want_str(c, "string->number", argv[0]);
    int base = argc > 1 ? (int)want_int(c, "string->number", argv[1]) : 10;
    if (base != 2 && base != 8 && base != 10 && base != 16) s_fail(c, "string->number: unsupported base");
    long long v;
    return parse_int(s->u.str.s, base, &v) ? s_int(c, v) : &c->f;
}
P(p_number_to_string)
{
    (void)argc;
    char b[32];
    snprintf(b, sizeof b, "%lld", want_int(c, "number->string", argv[0]));
    return s_str(c, b, strlen(b));
}
P(p_string_to_symbol) { (void)argc; return s_intern(c, want_str(c, "string->symbol", argv[0])->u.str.s); }
P(p_symbol_to_string)
{
    (void)argc;
    if (argv[0]->t != T_SYM) s_fail(c, "symbol->string: expected a symbol");
    return s_str(c, argv[0]->u.sym.name, strlen(argv[0]->u.sym.name));
}
P(p_string_prefixp)
{
    (void)argc;
    sv *p = want_str(c, "string-prefix?", argv[0]), *s = want_str(c, "string-prefix?", argv[1]);
    return B(c, p->u.str.len <= s->u.str.len && !memcmp(p->u.str.s, s->u.str.s, p->u.str.len));
}
P(p_definedp)
{
    (void)argc;
    if (argv[0]->t != T_SYM) s_fail(c, "defined?: expected a symbol");
    return B(c, argv[0]->u.sym.bound);
}
P(p_regex_quote)
{
    (void)argc;
    sv *s = want_str(c, "regex-quote", argv[0]);
    char *b = sb_alloc(c->arena, s->u.str.len * 2 + 1);
    size_t k = 0;
    for (size_t i = 0; i < s->u.str.len; i++) {
        if (strchr("\\^$.|?*+()[]{}", s->u.str.s[i])) b[k++] = '\\';
        b[k++] = s->u.str.s[i];
    }
    return s_str(c, b, k);
}
P(p_error)
{
    if (argc > 0 && argv[0]->t == T_STR) s_fail(c, "error: %s", argv[0]->u.str.s);
    s_fail(c, "error called");
}
P(p_display) { (void)c; (void)argc; (void)argv; return &c->unspec; }   /* Apple's profiles print nothing */

void s_init(struct sctx *c, struct sb_arena *a, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->arena = a; c->err = err; c->errlen = errlen;
    c->nil.t = T_NIL; c->t.t = T_BOOL; c->t.u.b = 1; c->f.t = T_BOOL; c->unspec.t = T_UNSPEC;
    c->symtab = NIL(c);
    sym_quote = s_intern(c, "quote"); sym_if = s_intern(c, "if"); sym_define = s_intern(c, "define");
    sym_lambda = s_intern(c, "lambda"); sym_let = s_intern(c, "let"); sym_letstar = s_intern(c, "let*");
    sym_letrec = s_intern(c, "letrec"); sym_letrecstar = s_intern(c, "letrec*"); sym_begin = s_intern(c, "begin");
    sym_cond = s_intern(c, "cond"); sym_else = s_intern(c, "else"); sym_and = s_intern(c, "and");
    sym_or = s_intern(c, "or"); sym_set = s_intern(c, "set!"); sym_when = s_intern(c, "when");
    sym_unless = s_intern(c, "unless"); sym_case = s_intern(c, "case"); sym_arrow = s_intern(c, "=>");
    sym_with = s_intern(c, "with");
    s_defprim(c, "+", p_add, 0, -1); s_defprim(c, "-", p_sub, 1, -1); s_defprim(c, "*", p_mul, 0, -1);
    s_defprim(c, "=", p_numeq, 1, -1); s_defprim(c, "<", p_lt, 1, -1); s_defprim(c, ">", p_gt, 1, -1);
    s_defprim(c, "<=", p_le, 1, -1); s_defprim(c, ">=", p_ge, 1, -1);
    s_defprim(c, "not", p_not, 1, 1); s_defprim(c, "eq?", p_eq, 2, 2); s_defprim(c, "eqv?", p_eq, 2, 2);
    s_defprim(c, "equal?", p_equal, 2, 2); s_defprim(c, "null?", p_nullp, 1, 1); s_defprim(c, "pair?", p_pairp, 1, 1);
    s_defprim(c, "list?", p_listp, 1, 1); s_defprim(c, "string?", p_stringp, 1, 1); s_defprim(c, "symbol?", p_symbolp, 1, 1);
    s_defprim(c, "number?", p_numberp, 1, 1); s_defprim(c, "integer?", p_numberp, 1, 1); s_defprim(c, "boolean?", p_booleanp, 1, 1);
    s_defprim(c, "procedure?", p_procp, 1, 1);
    s_defprim(c, "cons", p_cons, 2, 2); s_defprim(c, "car", p_car, 1, 1); s_defprim(c, "cdr", p_cdr, 1, 1);
    s_defprim(c, "cadr", p_cadr, 1, 1); s_defprim(c, "cddr", p_cddr, 1, 1);
    s_defprim(c, "list", p_list, 0, -1); s_defprim(c, "length", p_length, 1, 1); s_defprim(c, "append", p_append, 0, -1);
    s_defprim(c, "reverse", p_reverse, 1, 1);
    s_defprim(c, "assoc", p_assoc, 2, 2); s_defprim(c, "assq", p_assq, 2, 2); s_defprim(c, "assv", p_assq, 2, 2);
    s_defprim(c, "member", p_member, 2, 2); s_defprim(c, "memq", p_memq, 2, 2); s_defprim(c, "memv", p_memq, 2, 2);
    s_defprim(c, "map", p_map, 2, -1); s_defprim(c, "for-each", p_foreach, 2, -1); s_defprim(c, "apply", p_apply, 2, -1);
    s_defprim(c, "string-append", p_string_append, 0, -1); s_defprim(c, "string-length", p_string_length, 1, 1);
    s_defprim(c, "string=?", p_string_eq, 1, -1); s_defprim(c, "substring", p_substring, 2, 3);
    s_defprim(c, "string->number", p_string_to_number, 1, 2); s_defprim(c, "number->string", p_number_to_string, 1, 1);
    s_defprim(c, "string->symbol", p_string_to_symbol, 1, 1); s_defprim(c, "symbol->string", p_symbol_to_string, 1, 1);
    s_defprim(c, "string-prefix?", p_string_prefixp, 2, 2);
    s_defprim(c, "defined?", p_definedp, 1, 1); s_defprim(c, "regex-quote", p_regex_quote, 1, 1);
    s_defprim(c, "error", p_error, 0, -1); s_defprim(c, "display", p_display, 1, 2); s_defprim(c, "newline", p_display, 0, 1);
}
