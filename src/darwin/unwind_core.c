/*
 * unwind_core.c — the _Unwind_* functions of libSystem's libunwind, bound to libgcc's
 * unwinder (the _Unwind_Exception and context ABI is the same on x86_64). The guest's own
 * personality routines (libc++abi's __gxx_personality_v0, Rust's rust_eh_personality) are
 * called by libgcc with libgcc contexts and call these back.
 *
 * libgcc finds frames through registered DWARF FDEs, and Mach-O images describe most
 * functions with compact unwind (__TEXT,__unwind_info). On the first raise, forced unwind or
 * backtrace, every loaded Mach-O image's compact-unwind entries are turned into an .eh_frame
 * of machrun's own (one CIE per personality routine, "zPLR" with absolute pointers; one FDE
 * per function with the CFA rule after its prologue, which is what every frame below the
 * top one needs) and registered with __register_frame; images loaded later are added at the
 * next such call. Launch pays nothing for this.
 *
 * Partial: functions whose compact encoding defers to DWARF (__eh_frame, for unusual
 * prologues) are not registered yet, so an unwind stops at such a frame.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unwind.h>

#include "darwin_private.h"
#include "machrun/dyld.h"

extern void __register_frame(void *);
extern void __deregister_frame(void *);

/* ---- compact unwind to .eh_frame ---- */
struct buf {
    uint8_t *p;
    size_t n, cap;
};

static void put(struct buf *b, const void *d, size_t n)
{
    if (b->n + n > b->cap) {
        size_t c = b->cap ? b->cap * 2 : 65536;
        while (c < b->n + n)
            c *= 2;
        uint8_t *q = realloc(b->p, c);
        if (!q)
            abort();
        b->p = q;
        b->cap = c;
    }
    memcpy(b->p + b->n, d, n);
    b->n += n;
}
static void put8(struct buf *b, uint8_t v) { put(b, &v, 1); }
static void put32(struct buf *b, uint32_t v) { put(b, &v, 4); }
static void put64(struct buf *b, uint64_t v) { put(b, &v, 8); }
static void putuleb(struct buf *b, uint64_t v)
{
    do {
        uint8_t c = v & 0x7f;
        v >>= 7;
        put8(b, c | (v ? 0x80 : 0));
    } while (v);
}
static void pad8(struct buf *b, size_t start)
{
    while ((b->n - start) % 8 != 4) /* length field excluded: entry size is a multiple of 8 */
        put8(b, 0); /* DW_CFA_nop */
}

/* A CIE for one personality (0: none). Returns its offset in the buffer. */
static size_t emit_cie(struct buf *b, uint64_t personality)
{
    size_t start = b->n;
    put32(b, 0); /* length, patched */
    put32(b, 0); /* CIE id */
    put8(b, 1);  /* version */
    if (personality)
        put(b, "zPLR", 5);
    else
        put(b, "zR", 3);
    putuleb(b, 1);   /* code alignment */
    put8(b, 0x78);   /* data alignment -8 (sleb) */
    put8(b, 16);     /* return address: DWARF register 16 */
    if (personality) {
        putuleb(b, 1 + 8 + 1 + 1);
        put8(b, 0x00); /* personality: absolute pointer */
        put64(b, personality);
        put8(b, 0x00); /* LSDA: absolute */
        put8(b, 0x00); /* FDE pointers: absolute */
    } else {
        putuleb(b, 1);
        put8(b, 0x00);
    }
    put8(b, 0x0c); put8(b, 7); put8(b, 8);  /* DW_CFA_def_cfa rsp, 8 */
    put8(b, 0x90); put8(b, 1);              /* DW_CFA_offset r16 (RA), cfa-8 */
    pad8(b, start);
    uint32_t len = (uint32_t)(b->n - start - 4);
    memcpy(b->p + start, &len, 4);
    return start;
}

static const uint8_t compact_reg_to_dwarf[7] = { 0, 3, 12, 13, 14, 15, 6 }; /* -, rbx, r12..r15, rbp */

/* One FDE; returns false for encodings it does not describe. */
static bool emit_fde(struct buf *b, size_t cie, bool has_l, uint64_t start_addr, uint64_t len, uint32_t enc,
                     uint64_t lsda)
{
    uint32_t mode = enc & 0x0f000000u;
    uint8_t ins[64];
    size_t k = 0;
    if (mode == 0x01000000u) { /* RBP frame */
        uint32_t offset = (enc >> 16) & 0xff, regs = enc & 0x7fff;
        ins[k++] = 0x0c; ins[k++] = 6; ins[k++] = 16; /* def_cfa rbp, 16 */
        ins[k++] = 0x86; ins[k++] = 2;                /* rbp at cfa-16 */
        for (int i = 0; i < 5; i++, regs >>= 3) {
            uint32_t r = regs & 7;
            if (!r)
                continue;
            if (r > 5)
                return false;
            ins[k++] = (uint8_t)(0x80 | compact_reg_to_dwarf[r]);
            ins[k++] = (uint8_t)(2 + offset - (uint32_t)i);
        }
    } else if (mode == 0x02000000u || mode == 0x03000000u) { /* frameless, immediate or indirect */
        uint64_t stack;
        if (mode == 0x02000000u)
            stack = (uint64_t)((enc >> 16) & 0xff) * 8;
        else {
            uint32_t sub;
            memcpy(&sub, (const void *)(uintptr_t)(start_addr + ((enc >> 16) & 0xff)), 4);
            stack = sub + 8ull * ((enc >> 13) & 7);
        }
        uint32_t count = (enc >> 10) & 7, perm = enc & 0x3ff;
        uint32_t pu[6] = { 0 };
        switch (count) {
        case 6: case 5:
            pu[0] = perm / 120; perm -= pu[0] * 120; pu[1] = perm / 24; perm -= pu[1] * 24;
            pu[2] = perm / 6; perm -= pu[2] * 6; pu[3] = perm / 2; perm -= pu[3] * 2; pu[4] = perm; break;
        case 4:
            pu[0] = perm / 60; perm -= pu[0] * 60; pu[1] = perm / 12; perm -= pu[1] * 12;
            pu[2] = perm / 3; perm -= pu[2] * 3; pu[3] = perm; break;
        case 3:
            pu[0] = perm / 20; perm -= pu[0] * 20; pu[1] = perm / 4; perm -= pu[1] * 4; pu[2] = perm; break;
        case 2:
            pu[0] = perm / 5; perm -= pu[0] * 5; pu[1] = perm; break;
        case 1:
            pu[0] = perm; break;
        default:
            break;
        }
        ins[k++] = 0x0e; /* def_cfa_offset */
        uint64_t v = stack;
        do {
            uint8_t c = v & 0x7f;
            v >>= 7;
            ins[k++] = c | (v ? 0x80 : 0);
        } while (v && k < 20);
        bool used[7] = { false };
        for (uint32_t i = 0; i < count && i < 6; i++) {
            uint32_t renum = 0, reg = 0;
            for (uint32_t u = 1; u < 7; u++)
                if (!used[u]) {
                    if (renum == pu[i]) {
                        reg = u;
                        used[u] = true;
                        break;
                    }
                    renum++;
                }
            if (!reg)
                return false;
            ins[k++] = (uint8_t)(0x80 | compact_reg_to_dwarf[reg]);
            ins[k++] = (uint8_t)(1 + count - i);
        }
    } else {
        return false; /* 0: no unwind information; 4: DWARF in __eh_frame (not yet) */
    }
    size_t start = b->n;
    put32(b, 0);
    put32(b, (uint32_t)(b->n - cie)); /* CIE pointer: from this field back to the CIE */
    put64(b, start_addr);
    put64(b, len);
    if (has_l) {
        putuleb(b, 8);
        put64(b, lsda);
    } else {
        putuleb(b, 0);
    }
    put(b, ins, k);
    pad8(b, start);
    uint32_t l = (uint32_t)(b->n - start - 4);
    memcpy(b->p + start, &l, 4);
    return true;
}

struct unwind_header {
    uint32_t version, common_off, common_count, pers_off, pers_count, index_off, index_count;
};

/* Turn one image's __unwind_info into FDEs appended to b. */
static void convert_image(struct buf *b, const struct dyld_image *img)
{
    const struct mo_section *sec = mo_find_section(&img->file.mo, "__TEXT", "__unwind_info");
    if (!sec || sec->size < sizeof(struct unwind_header))
        return;
    const uint8_t *u = (const uint8_t *)(uintptr_t)(sec->addr + img->map.slide);
    uint64_t usize = sec->size;
    uintptr_t base = (uintptr_t)img->map.base;
    struct unwind_header h;
    memcpy(&h, u, sizeof h);
    if (h.version != 1 || (uint64_t)h.index_off + (uint64_t)h.index_count * 12 > usize ||
        (uint64_t)h.common_off + (uint64_t)h.common_count * 4 > usize || (uint64_t)h.pers_off + h.pers_count * 4ull > usize)
        return;
    size_t cies[4];
    for (uint32_t p = 0; p < 4; p++) {
        uint64_t pers = 0;
        if (p > 0 && p <= h.pers_count) {
            uint32_t off;
            memcpy(&off, u + h.pers_off + 4 * (p - 1), 4);
            memcpy(&pers, (const void *)(base + off), 8);
        }
        cies[p] = (p == 0 || pers) ? emit_cie(b, pers) : (size_t)-1;
    }
    for (uint32_t i = 0; i + 1 < h.index_count; i++) {
        uint32_t e[3], next[3];
        memcpy(e, u + h.index_off + 12 * i, 12);
        memcpy(next, u + h.index_off + 12 * (i + 1), 12);
        if (!e[1] || e[1] + 8ull > usize)
            continue;
        const uint8_t *page = u + e[1];
        uint32_t kind;
        memcpy(&kind, page, 4);
        uint16_t epo, ecount;
        memcpy(&epo, page + 4, 2);
        memcpy(&ecount, page + 6, 2);
        uint32_t lsda_lo = e[2], lsda_hi = next[2];
        for (uint32_t j = 0; j < ecount; j++) {
            uint32_t fstart, fend, enc;
            if (kind == 2) { /* regular */
                if (e[1] + epo + 8ull * (j + 1) > usize)
                    break;
                memcpy(&fstart, page + epo + 8 * j, 4);
                memcpy(&enc, page + epo + 8 * j + 4, 4);
                if (j + 1 < ecount)
                    memcpy(&fend, page + epo + 8 * (j + 1), 4);
                else
                    fend = next[0];
            } else if (kind == 3) { /* compressed */
                uint16_t eno, encount;
                memcpy(&eno, page + 8, 2);
                memcpy(&encount, page + 10, 2);
                if (e[1] + epo + 4ull * (j + 1) > usize)
                    break;
                uint32_t w;
                memcpy(&w, page + epo + 4 * j, 4);
                fstart = e[0] + (w & 0xffffff);
                uint32_t ei = w >> 24;
                if (ei < h.common_count)
                    memcpy(&enc, u + h.common_off + 4 * ei, 4);
                else if (ei - h.common_count < encount && e[1] + eno + 4ull * (ei - h.common_count + 1) <= usize)
                    memcpy(&enc, page + eno + 4 * (ei - h.common_count), 4);
                else
                    continue;
                if (j + 1 < ecount) {
                    memcpy(&w, page + epo + 4 * (j + 1), 4);
                    fend = e[0] + (w & 0xffffff);
                } else
                    fend = next[0];
            } else {
                break;
            }
            if (fend <= fstart)
                continue;
            uint32_t pi = (enc >> 28) & 3;
            if (cies[pi] == (size_t)-1)
                continue;
            uint64_t lsda = 0;
            if (enc & 0x40000000u) {
                for (uint32_t l = lsda_lo; l + 8 <= lsda_hi && l + 8 <= usize; l += 8) {
                    uint32_t le[2];
                    memcpy(le, u + l, 8);
                    if (le[0] == fstart) {
                        lsda = base + le[1];
                        break;
                    }
                }
            }
            emit_fde(b, cies[pi], pi != 0, base + fstart, fend - fstart, enc, lsda);
        }
    }
}

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct dyld_image *registered[1024];
static unsigned nregistered;

/* Register every Mach-O image not registered yet. */
static void ensure_registered(void)
{
    pthread_mutex_lock(&reg_lock);
    struct buf b = { 0 };
    for (uint32_t i = 0; i < dyld_macho_image_count(); i++) {
        struct dyld_image *img = dyld_macho_image(i);
        bool done = false;
        for (unsigned k = 0; k < nregistered; k++)
            if (registered[k] == img)
                done = true;
        if (done || nregistered >= sizeof registered / sizeof registered[0])
            continue;
        registered[nregistered++] = img;
        convert_image(&b, img);
    }
    if (b.n) {
        put32(&b, 0); /* terminator */
        __register_frame(b.p); /* kept for the life of the process */
    } else {
        free(b.p);
    }
    pthread_mutex_unlock(&reg_lock);
}

static _Unwind_Reason_Code d_Unwind_RaiseException(struct _Unwind_Exception *e)
{
    ensure_registered();
    return _Unwind_RaiseException(e);
}
static _Unwind_Reason_Code d_Unwind_ForcedUnwind(struct _Unwind_Exception *e, _Unwind_Stop_Fn stop, void *arg)
{
    ensure_registered();
    return _Unwind_ForcedUnwind(e, stop, arg);
}
static _Unwind_Reason_Code d_Unwind_Backtrace(_Unwind_Trace_Fn fn, void *arg)
{
    ensure_registered();
    return _Unwind_Backtrace(fn, arg);
}
static void *d_Unwind_FindEnclosingFunction(void *pc)
{
    ensure_registered();
    return _Unwind_FindEnclosingFunction(pc);
}

DARWIN_EXPORT_PARTIAL("__Unwind_RaiseException", d_Unwind_RaiseException);
DARWIN_EXPORT_PARTIAL("__Unwind_Resume", _Unwind_Resume);
DARWIN_EXPORT_PARTIAL("__Unwind_Resume_or_Rethrow", _Unwind_Resume_or_Rethrow);
DARWIN_EXPORT_PARTIAL("__Unwind_ForcedUnwind", d_Unwind_ForcedUnwind);
DARWIN_EXPORT_PARTIAL("__Unwind_Backtrace", d_Unwind_Backtrace);
DARWIN_EXPORT("__Unwind_DeleteException", _Unwind_DeleteException);
DARWIN_EXPORT("__Unwind_GetIP", _Unwind_GetIP);
DARWIN_EXPORT("__Unwind_GetIPInfo", _Unwind_GetIPInfo);
DARWIN_EXPORT("__Unwind_SetIP", _Unwind_SetIP);
DARWIN_EXPORT("__Unwind_GetGR", _Unwind_GetGR);
DARWIN_EXPORT("__Unwind_SetGR", _Unwind_SetGR);
DARWIN_EXPORT("__Unwind_GetCFA", _Unwind_GetCFA);
DARWIN_EXPORT("__Unwind_GetLanguageSpecificData", _Unwind_GetLanguageSpecificData);
DARWIN_EXPORT("__Unwind_GetRegionStart", _Unwind_GetRegionStart);
DARWIN_EXPORT("__Unwind_GetDataRelBase", _Unwind_GetDataRelBase);
DARWIN_EXPORT("__Unwind_GetTextRelBase", _Unwind_GetTextRelBase);
DARWIN_EXPORT("__Unwind_FindEnclosingFunction", d_Unwind_FindEnclosingFunction);
DARWIN_EXPORT("___register_frame", __register_frame);
DARWIN_EXPORT("___deregister_frame", __deregister_frame);
