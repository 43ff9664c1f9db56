/*
 * unwind_core.c — the _Unwind_* functions of libSystem's libunwind, bound to libgcc's
 * unwinder (the _Unwind_Exception and context ABI is the same on x86_64). The guest's own
 * personality routines (libc++abi's __gxx_personality_v0, Rust's rust_eh_personality) are
 * called by libgcc with libgcc contexts and call these back.
 *
 * libgcc finds a frame's FDE through _Unwind_Find_FDE, and Mach-O images describe most
 * functions with compact unwind (__TEXT,__unwind_info). machrun wraps that lookup
 * (--wrap=_Unwind_Find_FDE): for a pc inside an image with __unwind_info, the function's
 * compact entry is found by binary search and turned into an FDE of machrun's own (with a CIE
 * for its personality routine, "zPLR" with absolute pointers; the CFA rule after its prologue,
 * which is what every frame below the top one needs), made once and kept. An unwind costs the
 * frames it meets, not the image: converting whole images at the first unwind cost ast-grep
 * 1.8 ms at every start. Images without __unwind_info are converted whole and registered with
 * __register_frame at the first _Unwind_* call or lookup that needs them. Launch pays nothing.
 *
 * Functions whose compact encoding defers to DWARF (UNWIND_X86_64_MODE_DWARF: unusual
 * prologues, hand-written CFI) have their __TEXT,__eh_frame FDE, the one the encoding points
 * at, copied with its CIE into the same buffer: the CFA program is kept byte for byte and the
 * pointers (pc range, personality, LSDA) are decoded from their pc-relative or indirect forms
 * and written as absolute ones, so the copy no longer depends on where it lives. An image
 * without __unwind_info has every FDE of its __eh_frame copied that way.
 *
 * Partial: an FDE made from a compact encoding describes the function after its prologue
 * only, so unwinding from a frame stopped inside a prologue or epilogue (a signal handler's
 * interrupted frame) can go wrong there; calls made by a function are always past it.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unwind.h>

#include "machrun/darwin/private.h"
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
        return false; /* 0: no unwind information; 4 (DWARF) is copied by copy_fde */
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

/* ---- __eh_frame FDEs (compact mode DWARF) copied with absolute pointers ---- */
struct ehsec {
    const uint8_t *p; /* the section as mapped */
    uint64_t size;
    size_t cie_src[64], cie_dst[64]; /* CIEs already copied: source offset -> buffer offset */
    uint8_t cie_lsda_enc[64], cie_fde_enc[64]; /* and the encodings their FDEs are read with */
    bool cie_has_aug[64];
    unsigned ncie;
    uint64_t only_personality; /* __unwind_info's personality when it lists exactly one */
};

struct cur {
    const uint8_t *p, *end;
    bool bad;
};
static uint64_t rd_uleb(struct cur *c)
{
    uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
        if (c->p >= c->end || shift > 63) {
            c->bad = true;
            return 0;
        }
        uint8_t b = *c->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
}
static int64_t rd_sleb(struct cur *c)
{
    int64_t v = 0;
    unsigned shift = 0;
    uint8_t b;
    do {
        if (c->p >= c->end || shift > 63) {
            c->bad = true;
            return 0;
        }
        b = *c->p++;
        v |= (int64_t)(b & 0x7f) << shift;
        shift += 7;
    } while (b & 0x80);
    if (shift < 64 && (b & 0x40))
        v |= -((int64_t)1 << shift);
    return v;
}
static uint64_t rd_fixed(struct cur *c, unsigned n)
{
    if ((size_t)(c->end - c->p) < n) {
        c->bad = true;
        return 0;
    }
    uint64_t v = 0;
    memcpy(&v, c->p, n); /* little endian */
    c->p += n;
    return v;
}
/* A DW_EH_PE_* encoded pointer; pcrel is relative to the field's address in the image.
 * Indirect pointers are read through (the slot is bound by dyld before any unwind). */
static uint64_t rd_ptr(struct cur *c, uint8_t enc)
{
    if (enc == 0xff)
        return 0;
    uintptr_t at = (uintptr_t)c->p;
    uint64_t v;
    switch (enc & 0x0f) {
    case 0x00: v = rd_fixed(c, 8); break;
    case 0x01: v = rd_uleb(c); break;
    case 0x02: v = rd_fixed(c, 2); break;
    case 0x03: v = rd_fixed(c, 4); break;
    case 0x04: v = rd_fixed(c, 8); break;
    case 0x09: v = (uint64_t)rd_sleb(c); break;
    case 0x0a: v = (uint64_t)(int64_t)(int16_t)rd_fixed(c, 2); break;
    case 0x0b: v = (uint64_t)(int64_t)(int32_t)rd_fixed(c, 4); break;
    case 0x0c: v = rd_fixed(c, 8); break;
    default: c->bad = true; return 0;
    }
    if (v == 0 && !(enc & 0x70))
        return 0;
    switch (enc & 0x70) {
    case 0x00: break;
    case 0x10: v += at; break;
    default: c->bad = true; return 0; /* textrel, datarel, funcrel, aligned: not in Mach-O */
    }
    if ((enc & 0x80) && v)
        memcpy(&v, (const void *)(uintptr_t)v, 8);
    return v;
}

/* Copy the CIE at offset off of the section; returns its offset in b or (size_t)-1. */
static size_t copy_cie(struct buf *b, struct ehsec *eh, uint64_t off, uint8_t *lsda_enc, uint8_t *fde_enc,
                       bool *has_aug)
{
    if (off + 8 > eh->size)
        return (size_t)-1;
    uint32_t len, id;
    memcpy(&len, eh->p + off, 4);
    memcpy(&id, eh->p + off + 4, 4);
    if (len == 0xffffffffu || id != 0 || len < 4 || off + 4 + len > eh->size)
        return (size_t)-1;
    struct cur c = { eh->p + off + 8, eh->p + off + 4 + len, false };
    uint8_t version = (uint8_t)rd_fixed(&c, 1);
    const char *aug = (const char *)c.p;
    size_t alen = strnlen(aug, (size_t)(c.end - c.p));
    if (c.p + alen >= c.end || (version != 1 && version != 3))
        return (size_t)-1;
    c.p += alen + 1;
    uint64_t code_align = rd_uleb(&c);
    int64_t data_align = rd_sleb(&c);
    uint64_t ra = version == 1 ? rd_fixed(&c, 1) : rd_uleb(&c);
    uint64_t personality = 0;
    bool signal = false, has_p = false;
    *lsda_enc = 0xff;
    *fde_enc = 0x00;
    *has_aug = aug[0] == 'z';
    if (aug[0] == 'z') {
        uint64_t dlen = rd_uleb(&c);
        const uint8_t *dend = c.p + dlen;
        if (c.bad || dlen > (uint64_t)(c.end - c.p))
            return (size_t)-1;
        for (const char *a = aug + 1; *a; a++) {
            if (*a == 'P') {
                uint8_t e = (uint8_t)rd_fixed(&c, 1);
                personality = rd_ptr(&c, e == 0xff ? e : e & 0x7f);
                has_p = true;
                if (e != 0xff && (e & 0x80)) {
                    /* zig 0.11's linker leaves this pc-relative GOT reference unrelocated (its
                     * addend, 4, points at the bytes after it, inside __eh_frame): use the
                     * image's personality from __unwind_info when it has just one. */
                    uintptr_t slot = (uintptr_t)personality;
                    if ((slot >= (uintptr_t)eh->p && slot < (uintptr_t)eh->p + eh->size) || (slot & 7) || !slot)
                        personality = eh->only_personality;
                    else
                        memcpy(&personality, (const void *)slot, 8);
                    if (!personality)
                        return (size_t)-1;
                }
            } else if (*a == 'L') {
                *lsda_enc = (uint8_t)rd_fixed(&c, 1);
            } else if (*a == 'R') {
                *fde_enc = (uint8_t)rd_fixed(&c, 1);
            } else if (*a == 'S') {
                signal = true;
            } else {
                return (size_t)-1; /* an augmentation we cannot re-encode */
            }
        }
        c.p = dend;
    } else if (aug[0]) {
        return (size_t)-1;
    }
    if (c.bad || c.p > c.end)
        return (size_t)-1;
    size_t start = b->n;
    put32(b, 0);
    put32(b, 0);
    put8(b, 1);
    char naug[8] = "z";
    if (has_p)
        strcat(naug, "P");
    if (*lsda_enc != 0xff)
        strcat(naug, "L");
    strcat(naug, "R");
    if (signal)
        strcat(naug, "S");
    put(b, naug, strlen(naug) + 1);
    putuleb(b, code_align);
    uint8_t sl[10];
    size_t k = 0;
    int64_t v = data_align;
    for (bool more = true; more;) {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        more = !((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40)));
        sl[k++] = byte | (more ? 0x80 : 0);
    }
    put(b, sl, k);
    put8(b, (uint8_t)ra);
    putuleb(b, (has_p ? 9 : 0) + (*lsda_enc != 0xff ? 1 : 0) + 1);
    if (has_p) {
        put8(b, 0x00);
        put64(b, personality);
    }
    if (*lsda_enc != 0xff)
        put8(b, 0x00);
    put8(b, 0x00); /* FDE pointers: absolute */
    put(b, c.p, (size_t)(c.end - c.p)); /* the initial instructions */
    pad8(b, start);
    uint32_t l = (uint32_t)(b->n - start - 4);
    memcpy(b->p + start, &l, 4);
    return start;
}

/* Copy the FDE at offset off of __eh_frame (and its CIE, once). Returns false if it cannot. */
static bool copy_fde(struct buf *b, struct ehsec *eh, uint64_t off)
{
    if (off + 8 > eh->size)
        return false;
    uint32_t len, ciep;
    memcpy(&len, eh->p + off, 4);
    memcpy(&ciep, eh->p + off + 4, 4);
    if (len == 0xffffffffu || len < 4 || ciep == 0 || off + 4 + len > eh->size || ciep > off + 4)
        return false;
    uint64_t cie_off = off + 4 - ciep;
    uint8_t lsda_enc = 0xff, fde_enc = 0;
    bool has_aug = false;
    /* The CIE's encodings are needed to read the FDE: a CIE seen before is looked up (an image
     * has a handful, shared by thousands of FDEs); a new one is parsed into a scratch buffer and
     * copied into b once the FDE proves readable. */
    struct buf scratch = { 0 };
    size_t cie_dst = (size_t)-1;
    for (unsigned i = 0; i < eh->ncie; i++)
        if (eh->cie_src[i] == cie_off) {
            cie_dst = eh->cie_dst[i];
            lsda_enc = eh->cie_lsda_enc[i];
            fde_enc = eh->cie_fde_enc[i];
            has_aug = eh->cie_has_aug[i];
            break;
        }
    if (cie_dst == (size_t)-1 && copy_cie(&scratch, eh, cie_off, &lsda_enc, &fde_enc, &has_aug) == (size_t)-1) {
        free(scratch.p);
        return false;
    }
    struct cur c = { eh->p + off + 8, eh->p + off + 4 + len, false };
    uint64_t pc = rd_ptr(&c, fde_enc);
    uint64_t range = rd_ptr(&c, fde_enc & 0x0f);
    uint64_t lsda = 0;
    if (has_aug) {
        uint64_t dlen = rd_uleb(&c);
        if (c.bad || dlen > (uint64_t)(c.end - c.p)) {
            free(scratch.p);
            return false;
        }
        const uint8_t *dend = c.p + dlen;
        if (lsda_enc != 0xff)
            lsda = rd_ptr(&c, lsda_enc);
        c.p = dend;
    }
    if (c.bad || c.p > c.end || !pc || !range) {
        free(scratch.p);
        return false;
    }
    if (cie_dst == (size_t)-1) {
        cie_dst = b->n;
        put(b, scratch.p, scratch.n);
        if (eh->ncie < sizeof eh->cie_src / sizeof eh->cie_src[0]) {
            eh->cie_src[eh->ncie] = cie_off;
            eh->cie_dst[eh->ncie] = cie_dst;
            eh->cie_lsda_enc[eh->ncie] = lsda_enc;
            eh->cie_fde_enc[eh->ncie] = fde_enc;
            eh->cie_has_aug[eh->ncie] = has_aug;
            eh->ncie++;
        }
    }
    free(scratch.p);
    size_t start = b->n;
    put32(b, 0);
    put32(b, (uint32_t)(b->n - cie_dst));
    put64(b, pc);
    put64(b, range);
    if (lsda_enc != 0xff) {
        putuleb(b, 8);
        put64(b, lsda);
    } else {
        putuleb(b, 0);
    }
    put(b, c.p, (size_t)(c.end - c.p)); /* the CFA program, unchanged */
    pad8(b, start);
    uint32_t l = (uint32_t)(b->n - start - 4);
    memcpy(b->p + start, &l, 4);
    return true;
}

/* An image without __unwind_info: copy every FDE of its __eh_frame. */
static void copy_all_fdes(struct buf *b, struct ehsec *eh)
{
    for (uint64_t off = 0; off + 8 <= eh->size;) {
        uint32_t len, id;
        memcpy(&len, eh->p + off, 4);
        if (len == 0 || len == 0xffffffffu || off + 4 + len > eh->size)
            break;
        memcpy(&id, eh->p + off + 4, 4);
        if (id != 0)
            copy_fde(b, eh, off);
        off += 4 + (uint64_t)len;
    }
}

struct unwind_header {
    uint32_t version, common_off, common_count, pers_off, pers_count, index_off, index_count;
};

/* Turn one image's __unwind_info into FDEs appended to b. */
static void convert_image(struct buf *b, const struct dyld_image *img)
{
    const struct mo_section *ehs = mo_find_section(&img->file.mo, "__TEXT", "__eh_frame");
    struct ehsec eh = { 0 };
    if (ehs) {
        eh.p = (const uint8_t *)(uintptr_t)(ehs->addr + img->map.slide);
        eh.size = ehs->size;
    }
    const struct mo_section *sec = mo_find_section(&img->file.mo, "__TEXT", "__unwind_info");
    if (!sec || sec->size < sizeof(struct unwind_header)) {
        if (eh.p)
            copy_all_fdes(b, &eh);
        return;
    }
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
        if (p == 1 && h.pers_count == 1)
            eh.only_personality = pers;
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
            if ((enc & 0x0f000000u) == 0x04000000u) { /* UNWIND_X86_64_MODE_DWARF */
                if (eh.p)
                    copy_fde(b, &eh, enc & 0x00ffffffu);
                continue;
            }
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

/* ---- on demand: the FDE of the one function an unwind meets ----
 * Converting a whole image at the first unwind cost ast-grep 1.8 ms at every `--version` (it
 * takes a backtrace at start) and grows with the image. libgcc asks _Unwind_Find_FDE for each
 * frame's FDE; machrun links with --wrap=_Unwind_Find_FDE, and for a pc inside a Mach-O image
 * with __unwind_info the function's compact entry is looked up by binary search and turned
 * into a CIE+FDE pair of its own, kept for the rest of the process. Other pcs (machrun's own
 * code, frames a JIT registered, images without __unwind_info, converted whole as before) go
 * to libgcc's own lookup. */
struct dwarf_eh_bases {
    void *tbase, *dbase, *func;
};
const void *__real__Unwind_Find_FDE(void *pc, struct dwarf_eh_bases *bases);
const void *__wrap__Unwind_Find_FDE(void *pc, struct dwarf_eh_bases *bases);

static uint32_t rd32u(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

struct lazy_fde {
    uintptr_t start;      /* the function's first byte: the key */
    const uint8_t *fde;   /* NULL: the function has no FDE to give */
};
static pthread_mutex_t lazy_lock = PTHREAD_MUTEX_INITIALIZER;
static struct lazy_fde *lazy_tab;
static size_t lazy_cap, lazy_n;

static struct lazy_fde *lazy_find(uintptr_t start)
{
    if (!lazy_cap)
        return NULL;
    for (size_t i = (start >> 4) & (lazy_cap - 1);; i = (i + 1) & (lazy_cap - 1)) {
        if (!lazy_tab[i].start)
            return &lazy_tab[i];
        if (lazy_tab[i].start == start)
            return &lazy_tab[i];
    }
}
static struct lazy_fde *lazy_slot(uintptr_t start)
{
    if ((lazy_n + 1) * 2 > lazy_cap) {
        size_t ncap = lazy_cap ? lazy_cap * 2 : 256;
        struct lazy_fde *old = lazy_tab, *nt = calloc(ncap, sizeof *nt);
        if (!nt)
            return NULL;
        size_t ocap = lazy_cap;
        lazy_tab = nt;
        lazy_cap = ncap;
        for (size_t i = 0; i < ocap; i++)
            if (old[i].start)
                *lazy_find(old[i].start) = old[i];
        free(old);
    }
    struct lazy_fde *e = lazy_find(start);
    if (!e->start)
        lazy_n++;
    return e;
}

/* The compact entry covering image offset pc: its function [*fstart, *fend), encoding and
 * LSDA (0: none). False when __unwind_info does not cover pc. */
static bool compact_entry(const uint8_t *u, uint64_t usize, const struct unwind_header *h, uint32_t pc,
                          uint32_t *fstart, uint32_t *fend, uint32_t *enc, uint32_t *lsda)
{
    if (h->index_count < 2)
        return false;
    uint32_t lo = 0, hi = h->index_count - 1; /* the last index entry only ends the one before */
    uint32_t e[3], next[3];
    while (lo < hi) { /* the last first-level entry whose function offset is <= pc */
        uint32_t mid = lo + (hi - lo + 1) / 2;
        memcpy(e, u + h->index_off + 12 * mid, 12);
        if (e[0] <= pc)
            lo = mid;
        else
            hi = mid - 1;
    }
    if (lo + 1 >= h->index_count)
        return false;
    memcpy(e, u + h->index_off + 12 * lo, 12);
    memcpy(next, u + h->index_off + 12 * (lo + 1), 12);
    if (pc < e[0] || pc >= next[0] || !e[1] || e[1] + 12ull > usize)
        return false;
    const uint8_t *page = u + e[1];
    uint32_t kind;
    uint16_t epo, ecount;
    memcpy(&kind, page, 4);
    memcpy(&epo, page + 4, 2);
    memcpy(&ecount, page + 6, 2);
    if (!ecount)
        return false;
    size_t width = kind == 2 ? 8 : kind == 3 ? 4 : 0;
    if (!width || e[1] + epo + (uint64_t)width * ecount > usize)
        return false;
#define ENTRY_START(j) (kind == 2 ? rd32u(page + epo + 8 * (j)) : e[0] + (rd32u(page + epo + 4 * (j)) & 0xffffff))
    uint32_t l = 0, r = ecount - 1u;
    while (l < r) {
        uint32_t mid = l + (r - l + 1) / 2;
        if (ENTRY_START(mid) <= pc)
            l = mid;
        else
            r = mid - 1;
    }
    *fstart = ENTRY_START(l);
    *fend = l + 1u < ecount ? ENTRY_START(l + 1) : next[0];
#undef ENTRY_START
    if (pc < *fstart || pc >= *fend)
        return false;
    if (kind == 2) {
        *enc = rd32u(page + epo + 8 * l + 4);
    } else {
        uint16_t eno, encount;
        memcpy(&eno, page + 8, 2);
        memcpy(&encount, page + 10, 2);
        uint32_t ei = rd32u(page + epo + 4 * l) >> 24;
        if (ei < h->common_count)
            *enc = rd32u(u + h->common_off + 4 * ei);
        else if (ei - h->common_count < encount && e[1] + eno + 4ull * (ei - h->common_count + 1) <= usize)
            *enc = rd32u(page + eno + 4 * (ei - h->common_count));
        else
            return false;
    }
    *lsda = 0;
    if (*enc & 0x40000000u) { /* the LSDA index is sorted by function offset */
        uint32_t a = e[2], b = next[2];
        if (b > usize || a > b)
            return true;
        uint32_t n = (b - a) / 8, x = 0, y = n;
        while (x < y) {
            uint32_t mid = x + (y - x) / 2, f = rd32u(u + a + 8 * mid);
            if (f == *fstart) {
                *lsda = rd32u(u + a + 8 * mid + 4);
                break;
            }
            if (f < *fstart)
                x = mid + 1;
            else
                y = mid;
        }
    }
    return true;
}

/* The CIE+FDE of the function covering pc in img (with __unwind_info), made on first request. */
static const uint8_t *lazy_fde_for(const struct dyld_image *img, const struct mo_section *sec, uintptr_t pc,
                                  uintptr_t *func)
{
    const uint8_t *u = (const uint8_t *)(uintptr_t)(sec->addr + img->map.slide);
    uintptr_t base = (uintptr_t)img->map.base;
    struct unwind_header h;
    memcpy(&h, u, sizeof h);
    if (h.version != 1 || (uint64_t)h.index_off + (uint64_t)h.index_count * 12 > sec->size ||
        (uint64_t)h.common_off + (uint64_t)h.common_count * 4 > sec->size ||
        (uint64_t)h.pers_off + h.pers_count * 4ull > sec->size || pc < base || pc - base > UINT32_MAX)
        return NULL;
    uint32_t fstart, fend, enc, lsda;
    if (!compact_entry(u, sec->size, &h, (uint32_t)(pc - base), &fstart, &fend, &enc, &lsda))
        return NULL;
    *func = base + fstart;
    pthread_mutex_lock(&lazy_lock);
    struct lazy_fde *e = lazy_find(base + fstart);
    if (e && e->start) {
        const uint8_t *f = e->fde;
        pthread_mutex_unlock(&lazy_lock);
        return f;
    }
    struct buf b = { malloc(256), 0, 256 };
    const uint8_t *fde = NULL;
    if (b.p) {
        uint32_t pi = (enc >> 28) & 3;
        uint64_t pers = 0, only = 0;
        if (pi && pi <= h.pers_count)
            memcpy(&pers, (const void *)(base + rd32u(u + h.pers_off + 4 * (pi - 1))), 8);
        if (h.pers_count == 1)
            memcpy(&only, (const void *)(base + rd32u(u + h.pers_off)), 8);
        if ((enc & 0x0f000000u) == 0x04000000u) { /* UNWIND_X86_64_MODE_DWARF: copy its FDE */
            const struct mo_section *ehs = mo_find_section(&img->file.mo, "__TEXT", "__eh_frame");
            struct ehsec eh = { 0 };
            if (ehs) {
                eh.p = (const uint8_t *)(uintptr_t)(ehs->addr + img->map.slide);
                eh.size = ehs->size;
                eh.only_personality = only;
                if (copy_fde(&b, &eh, enc & 0x00ffffffu) && eh.ncie == 1)
                    fde = b.p + eh.cie_dst[0] + 4 + rd32u(b.p + eh.cie_dst[0]);
            }
        } else {
            if (pi == 0 || pers) {
                size_t cie = emit_cie(&b, pi ? pers : 0);
                size_t at = b.n;
                if (emit_fde(&b, cie, pi != 0, base + fstart, fend - fstart, enc, lsda ? base + lsda : 0))
                    fde = b.p + at;
            }
        }
        if (!fde)
            free(b.p);
    }
    e = lazy_slot(base + fstart);
    if (e) {
        e->start = base + fstart;
        e->fde = fde;
    }
    pthread_mutex_unlock(&lazy_lock);
    return fde;
}

/* The image's __unwind_info section, if it has a usable one. */
static const struct mo_section *unwind_info(const struct dyld_image *img)
{
    const struct mo_section *sec = mo_find_section(&img->file.mo, "__TEXT", "__unwind_info");
    return sec && sec->size >= sizeof(struct unwind_header) ? sec : NULL;
}

static void ensure_registered(void);

const void *__wrap__Unwind_Find_FDE(void *pc, struct dwarf_eh_bases *bases)
{
    const struct dyld_image *img = dyld_image_containing((uintptr_t)pc);
    const struct mo_section *sec = img ? unwind_info(img) : NULL;
    if (sec) {
        uintptr_t func = 0;
        const uint8_t *fde = lazy_fde_for(img, sec, (uintptr_t)pc, &func);
        if (fde) {
            bases->tbase = NULL;
            bases->dbase = NULL;
            bases->func = (void *)func;
            return fde;
        }
    } else if (img) {
        ensure_registered(); /* an image unwound before any _Unwind_* call named it */
    }
    return __real__Unwind_Find_FDE(pc, bases);
}

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct dyld_image *registered[1024];
static unsigned nregistered;

/* Register every Mach-O image without __unwind_info not registered yet (the others are served
 * function by function by __wrap__Unwind_Find_FDE). */
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
        if (done || nregistered >= sizeof registered / sizeof registered[0] || unwind_info(img))
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
