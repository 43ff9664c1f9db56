/*
 * unicode_norm.c — Unicode normalization (forms D, KD, C and KC) over code points, for the
 * file layer's normalization-insensitive lookups (as APFS's) and CFStringNormalize: full
 * decomposition (canonical, or compatibility too) from
 * the tables gen_unicode_norm.py generates into unicode_norm.inc (Unicode 14.0, as macOS 13),
 * Hangul syllables by the standard's arithmetic, canonical ordering by combining class, and
 * canonical composition for the C forms, as the standard's algorithm (UAX #15) gives them.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/darwin/unicode.h"
#include "unicode_norm.inc"

#define N(a) (sizeof(a) / sizeof((a)[0]))
enum { S_BASE = 0xAC00, L_BASE = 0x1100, V_BASE = 0x1161, T_BASE = 0x11A7, L_COUNT = 19, V_COUNT = 21,
       T_COUNT = 28, N_COUNT = V_COUNT * T_COUNT, S_COUNT = L_COUNT * N_COUNT };

/* Binary search of a table sorted by its first column. */
static long find(const uint32_t *rows, size_t nrows, size_t width, uint32_t key)
{
    size_t lo = 0, hi = nrows;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        uint32_t k = rows[mid * width];
        if (k == key)
            return (long)mid;
        if (k < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int ccc(uint32_t c)
{
    long i = find(&norm_ccc[0][0], N(norm_ccc), 2, c);
    return i < 0 ? 0 : (int)norm_ccc[i][1];
}

struct buf {
    uint32_t *v;
    long n, cap;
};

static bool push(struct buf *b, uint32_t c)
{
    if (b->n == b->cap) {
        long cap = b->cap ? b->cap * 2 : 64;
        uint32_t *v = realloc(b->v, sizeof *v * (size_t)cap);
        if (!v)
            return false;
        b->v = v;
        b->cap = cap;
    }
    b->v[b->n++] = c;
    return true;
}

static bool decompose(struct buf *b, uint32_t c, bool compat)
{
    if (c >= S_BASE && c < S_BASE + S_COUNT) {
        uint32_t s = c - S_BASE, t = s % T_COUNT;
        if (!push(b, L_BASE + s / N_COUNT) || !push(b, V_BASE + (s % N_COUNT) / T_COUNT))
            return false;
        return t ? push(b, T_BASE + t) : true;
    }
    long i;
    if (compat && (i = find(&norm_compat[0][0], N(norm_compat), 3, c)) >= 0) {
        for (uint32_t k = 0; k < norm_compat[i][2]; k++)
            if (!push(b, norm_compat_pool[norm_compat[i][1] + k]))
                return false;
        return true;
    }
    if ((i = find(&norm_canon[0][0], N(norm_canon), 3, c)) >= 0) {
        for (uint32_t k = 0; k < norm_canon[i][2]; k++)
            if (!push(b, norm_canon_pool[norm_canon[i][1] + k]))
                return false;
        return true;
    }
    return push(b, c);
}

/* The primary composite of a and b, or 0. */
static uint32_t compose_pair(uint32_t a, uint32_t b)
{
    if (a >= L_BASE && a < L_BASE + L_COUNT && b >= V_BASE && b < V_BASE + V_COUNT)
        return S_BASE + ((a - L_BASE) * V_COUNT + (b - V_BASE)) * T_COUNT;
    if (a >= S_BASE && a < S_BASE + S_COUNT && (a - S_BASE) % T_COUNT == 0 && b > T_BASE && b < T_BASE + T_COUNT)
        return a + (b - T_BASE);
    size_t lo = 0, hi = N(norm_compose);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const uint32_t *r = norm_compose[mid];
        if (r[0] == a && r[1] == b)
            return r[2];
        if (r[0] < a || (r[0] == a && r[1] < b))
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

long darwin_unicode_normalize(const uint32_t *in, long n, int form, uint32_t **out)
{
    bool compat = form == DU_NORM_KD || form == DU_NORM_KC;
    bool comp = form == DU_NORM_C || form == DU_NORM_KC;
    struct buf b = { 0 };
    for (long i = 0; i < n; i++)
        if (!decompose(&b, in[i], compat)) {
            free(b.v);
            return -1;
        }
    /* Canonical ordering: a stable sort of each run of non-starters by combining class. */
    for (long i = 1; i < b.n; i++) {
        int k = ccc(b.v[i]);
        if (!k)
            continue;
        for (long j = i; j > 0; j--) {
            int kp = ccc(b.v[j - 1]);
            if (kp <= k)
                break;
            uint32_t t = b.v[j];
            b.v[j] = b.v[j - 1];
            b.v[j - 1] = t;
        }
    }
    if (comp) {
        /* Canonical composition: each character joins the last starter unless something
         * between them blocks it (a kept character of class 0, or of a class >= its own;
         * the order above makes the last kept one enough to look at). */
        long starter = -1, w = 0;
        int last = 0;
        for (long i = 0; i < b.n; i++) {
            uint32_t c = b.v[i], p;
            int k = ccc(c);
            if (starter >= 0 && (w == starter + 1 || last < k) && (p = compose_pair(b.v[starter], c)) != 0) {
                b.v[starter] = p;
                continue;
            }
            if (k == 0)
                starter = w;
            last = k;
            b.v[w++] = c;
        }
        b.n = w;
    }
    *out = b.v;
    return b.n;
}

/* Decode one UTF-8 sequence; 0 if invalid. */
static size_t dec(const unsigned char *p, uint32_t *c)
{
    if (p[0] < 0x80) { *c = p[0]; return 1; }
    size_t n = p[0] >= 0xf0 && p[0] < 0xf5 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 && p[0] < 0xe0 ? 2 : 0;
    if (!n)
        return 0;
    uint32_t v = p[0] & (0x7f >> n);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        v = v << 6 | (p[i] & 0x3f);
    }
    *c = v;
    return n;
}

int darwin_utf8_normalize(const char *s, int form, char *out, size_t outlen)
{
    size_t len = strlen(s);
    uint32_t *cps = malloc(sizeof *cps * (len + 1)), *res = NULL;
    long n = 0;
    if (!cps)
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t k = dec(p, &cps[n]);
        if (!k) {
            free(cps);
            return 0;
        }
        n++;
        p += k;
    }
    long m = darwin_unicode_normalize(cps, n, form, &res);
    free(cps);
    size_t w = 0;
    int ok = m >= 0;
    for (long i = 0; ok && i < m; i++) {
        uint32_t v = res[i];
        unsigned char b[4];
        size_t k;
        if (v < 0x80) { b[0] = (unsigned char)v; k = 1; }
        else if (v < 0x800) { b[0] = (unsigned char)(0xc0 | v >> 6); b[1] = (unsigned char)(0x80 | (v & 0x3f)); k = 2; }
        else if (v < 0x10000) { b[0] = (unsigned char)(0xe0 | v >> 12); b[1] = (unsigned char)(0x80 | ((v >> 6) & 0x3f)); b[2] = (unsigned char)(0x80 | (v & 0x3f)); k = 3; }
        else { b[0] = (unsigned char)(0xf0 | v >> 18); b[1] = (unsigned char)(0x80 | ((v >> 12) & 0x3f)); b[2] = (unsigned char)(0x80 | ((v >> 6) & 0x3f)); b[3] = (unsigned char)(0x80 | (v & 0x3f)); k = 4; }
        if (w + k >= outlen) {
            ok = 0;
            break;
        }
        memcpy(out + w, b, k);
        w += k;
    }
    free(res);
    if (!ok)
        return 0;
    out[w] = 0;
    return strcmp(out, s) != 0;
}
