/*
 * cf_normalize.c — Unicode normalization (forms D, KD, C and KC) over code points, for
 * CFStringNormalize (cf_string.c): full decomposition (canonical, or compatibility too) from
 * the tables gen_unicode_norm.py generates into unicode_norm.inc (Unicode 14.0, as macOS 13),
 * Hangul syllables by the standard's arithmetic, canonical ordering by combining class, and
 * canonical composition for the C forms, as the standard's algorithm (UAX #15) gives them.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/darwin/cf.h"
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

long cf_unicode_normalize(const uint32_t *in, long n, int form, uint32_t **out)
{
    bool compat = form == CF_NORM_KD || form == CF_NORM_KC;
    bool comp = form == CF_NORM_C || form == CF_NORM_KC;
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
