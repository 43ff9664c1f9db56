/*
 * unit.c — unit tests of src/macho, built with AddressSanitizer and UBSan (tests/macho.cmake).
 *
 * Each test builds a Mach-O image in memory (a builder below: header, load commands, file
 * data at chosen offsets), runs the reader on it and asserts concrete results: segments,
 * sections, dylibs, rpaths, the entry point, rebases, binds, lazy records, chained fixups,
 * exports, symbols, fat slices; and that specific malformations give specific errors (code
 * and the words of the message): cmdsize not a multiple of 8, a command past sizeofcmds,
 * overlapping segments, strings without a terminator, overflowing counts, opcode streams
 * running off their end or looping, chains running off their page, looping tries...
 * Prints one line per failed check and a summary; exit status 1 if any failed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/macho.h"

static int checks, failures;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        checks++;                                                                     \
        if (!(cond)) {                                                                \
            failures++;                                                               \
            fprintf(stderr, "FAIL %s:%d: %s (in %s)\n", __FILE__, __LINE__, #cond, current); \
        }                                                                             \
    } while (0)
#define CHECK_EQ(a, b)                                                                                  \
    do {                                                                                                \
        unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b);                  \
        checks++;                                                                                       \
        if (a_ != b_) {                                                                                 \
            failures++;                                                                                 \
            fprintf(stderr, "FAIL %s:%d: %s == %s: 0x%llx != 0x%llx (in %s)\n", __FILE__, __LINE__, #a, #b, \
                    a_, b_, current);                                                                   \
        }                                                                                               \
    } while (0)
#define CHECK_STR(a, b)                                                                                      \
    do {                                                                                                     \
        const char *a_ = (a), *b_ = (b);                                                                     \
        checks++;                                                                                            \
        if (!a_ || strcmp(a_, b_)) {                                                                         \
            failures++;                                                                                      \
            fprintf(stderr, "FAIL %s:%d: %s is \"%s\", not \"%s\" (in %s)\n", __FILE__, __LINE__, #a,        \
                    a_ ? a_ : "(null)", b_, current);                                                        \
        }                                                                                                    \
    } while (0)
/* An error: this code, and a message containing `words`. */
#define CHECK_ERR(rc, err, code, words)                                                                  \
    do {                                                                                                 \
        checks++;                                                                                        \
        if ((rc) != (code) || !strstr((err).msg, (words))) {                                             \
            failures++;                                                                                  \
            fprintf(stderr, "FAIL %s:%d: wanted error %d \"...%s...\", got %d \"%s\" (in %s)\n", __FILE__, \
                    __LINE__, (code), (words), (rc), (rc) ? (err).msg : "", current);                    \
        }                                                                                                \
    } while (0)

static const char *current = "";

/* ---- a Mach-O builder ---- */

#define FILE_SIZE 0x4000
#define BASE 0x100000000ull

struct mb {
    uint8_t buf[FILE_SIZE];
    size_t size;
    uint32_t cmdoff;   /* where the next command goes */
    uint32_t ncmds;
};

static void w16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void w32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void w64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t r32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

static void mb_sync(struct mb *b)
{
    w32(b->buf + 16, b->ncmds);
    w32(b->buf + 20, b->cmdoff - 32);
}

static void mb_init(struct mb *b, uint32_t filetype)
{
    memset(b, 0, sizeof *b);
    b->size = FILE_SIZE;
    w32(b->buf, MO_MH_MAGIC_64);
    w32(b->buf + 4, MO_CPU_TYPE_X86_64);
    w32(b->buf + 8, 3);
    w32(b->buf + 12, filetype);
    w32(b->buf + 24, MO_MH_PIE | MO_MH_TWOLEVEL | 0x5);
    b->cmdoff = 32;
    mb_sync(b);
}

/* Append a command of `size` bytes (zeroed); returns it for the caller to fill. */
static uint8_t *mb_cmd(struct mb *b, uint32_t cmd, uint32_t size)
{
    uint8_t *c = b->buf + b->cmdoff;
    memset(c, 0, size);
    w32(c, cmd);
    w32(c + 4, size);
    b->cmdoff += size;
    b->ncmds++;
    mb_sync(b);
    return c;
}

static uint8_t *mb_segment(struct mb *b, const char *name, uint64_t vmaddr, uint64_t vmsize, uint64_t fileoff,
                           uint64_t filesize, uint32_t prot, uint32_t nsects)
{
    uint8_t *c = mb_cmd(b, 0x19, 72 + 80 * nsects);
    strncpy((char *)c + 8, name, 16);
    w64(c + 24, vmaddr);
    w64(c + 32, vmsize);
    w64(c + 40, fileoff);
    w64(c + 48, filesize);
    w32(c + 56, prot);
    w32(c + 60, prot);
    w32(c + 64, nsects);
    return c;
}

static void mb_section(uint8_t *seg, uint32_t i, const char *sect, uint64_t addr, uint64_t size, uint32_t offset,
                       uint32_t flags)
{
    uint8_t *s = seg + 72 + 80 * i;
    strncpy((char *)s, sect, 16);
    memcpy(s + 16, seg + 8, 16);
    w64(s + 32, addr);
    w64(s + 40, size);
    w32(s + 48, offset);
    w32(s + 64, flags);
}

static uint8_t *mb_str_cmd(struct mb *b, uint32_t cmd, uint32_t fixed, const char *s)
{
    uint32_t size = (uint32_t)((fixed + strlen(s) + 1 + 7) & ~7u);
    uint8_t *c = mb_cmd(b, cmd, size);
    w32(c + 8, fixed);
    memcpy(c + fixed, s, strlen(s) + 1);
    return c;
}

static void mb_data(struct mb *b, uint32_t off, const void *data, size_t n) { memcpy(b->buf + off, data, n); }

/* The first command `cmd` of the image being built. */
static uint8_t *find_cmd(struct mb *b, uint32_t cmd)
{
    uint32_t off = 32;
    for (uint32_t i = 0; i < b->ncmds; i++) {
        if (r32(b->buf + off) == cmd)
            return b->buf + off;
        off += r32(b->buf + off + 4);
    }
    return NULL;
}


/* The layout of the standard image:
 *   __PAGEZERO  0..4G
 *   __TEXT      BASE+0x0000 size 0x1000, file 0x0000 (__text at +0x800, 0x100 bytes)
 *   __DATA      BASE+0x1000 size 0x1000, file 0x1000 (__data at +0x0, 0x100 bytes)
 *   __LINKEDIT  BASE+0x2000 size 0x2000, file 0x2000
 * with dyld info (rebase 0x2000, bind 0x2040, lazy 0x2080, exports 0x2100), symbols at
 * 0x2800 (strings 0x2900), two dylibs, an rpath, LC_MAIN at 0x800, a UUID. */
enum { REBASE = 0x2000, BIND = 0x2040, LAZY = 0x2080, EXPORTS = 0x2100, SYMS = 0x2800, STRS = 0x2900 };

static const uint8_t rebase_stream[] = { 0x11, 0x22, 0x10, 0x52, 0x00 };
static const uint8_t bind_stream[] = { 0x11, 0x40, '_', 'p', 'r', 'i', 'n', 't', 'f', 0, 0x51, 0x60, 0x08, 0x72, 0x20,
                                       0x90, 0x12, 0x41, '_', 'w', 'e', 'a', 'k', 'f', 0, 0x90, 0x00 };
static const uint8_t lazy_stream[] = { 0x72, 0x30, 0x11, 0x40, '_', 'l', 'a', 'z', 'y', 0, 0x90, 0x00,
                                       0x72, 0x38, 0x12, 0x40, '_', 'l', 'a', 'z', 'y', '2', 0, 0x90, 0x00 };
/* root: no terminal, children "_main" -> 14, "_re" -> 19; _main: address 0x800; _re:
 * re-export of _other from ordinal 1. */
static const uint8_t trie[] = { 0x00, 0x02, '_', 'm', 'a', 'i', 'n', 0, 14, '_', 'r', 'e', 0, 19,
                                0x03, 0x00, 0x80, 0x10, 0x00,
                                0x09, 0x08, 0x01, '_', 'o', 't', 'h', 'e', 'r', 0, 0x00 };

static uint8_t *dyld_info_cmd;   /* the LC_DYLD_INFO_ONLY of the last standard image */

static void mb_standard(struct mb *b, bool dyld_info)
{
    mb_init(b, MO_MH_EXECUTE);
    mb_segment(b, "__PAGEZERO", 0, BASE, 0, 0, 0, 0);
    uint8_t *text = mb_segment(b, "__TEXT", BASE, 0x1000, 0, 0x1000, 5, 1);
    mb_section(text, 0, "__text", BASE + 0x800, 0x100, 0x800, 0x80000400);
    uint8_t *data = mb_segment(b, "__DATA", BASE + 0x1000, 0x1000, 0x1000, 0x1000, 3, 1);
    mb_section(data, 0, "__data", BASE + 0x1000, 0x100, 0x1000, 0);
    mb_segment(b, "__LINKEDIT", BASE + 0x2000, 0x2000, 0x2000, 0x2000, 1, 0);
    if (dyld_info) {
        uint8_t *d = dyld_info_cmd = mb_cmd(b, 0x80000022, 48);
        w32(d + 8, REBASE); w32(d + 12, sizeof rebase_stream);
        w32(d + 16, BIND); w32(d + 20, sizeof bind_stream);
        w32(d + 32, LAZY); w32(d + 36, sizeof lazy_stream);
        w32(d + 40, EXPORTS); w32(d + 44, sizeof trie);
        mb_data(b, REBASE, rebase_stream, sizeof rebase_stream);
        mb_data(b, BIND, bind_stream, sizeof bind_stream);
        mb_data(b, LAZY, lazy_stream, sizeof lazy_stream);
        mb_data(b, EXPORTS, trie, sizeof trie);
    }
    uint8_t *st = mb_cmd(b, 0x2, 24);
    w32(st + 8, SYMS); w32(st + 12, 2); w32(st + 16, STRS); w32(st + 20, 16);
    uint8_t sym[32] = { 0 };
    w32(sym, 1); sym[4] = 0x0e; sym[5] = 1; w64(sym + 8, BASE + 0x800);
    w32(sym + 16, 8); sym[20] = 0x0f; sym[21] = 1; w64(sym + 24, BASE + 0x800);
    mb_data(b, SYMS, sym, sizeof sym);
    mb_data(b, STRS, "\0_local\0_main\0\0", 16);
    uint8_t *dy = mb_cmd(b, 0xb, 80);
    w32(dy + 8, 0); w32(dy + 12, 1); w32(dy + 16, 1); w32(dy + 20, 1); w32(dy + 24, 2); w32(dy + 28, 0);
    mb_str_cmd(b, 0xe, 12, "/usr/lib/dyld");
    uint8_t *m = mb_cmd(b, 0x80000028, 24);
    w64(m + 8, 0x800);
    uint8_t *l1 = mb_str_cmd(b, 0xc, 24, "/usr/lib/libSystem.B.dylib");
    w32(l1 + 16, 0x05276403); w32(l1 + 20, 0x10000);
    mb_str_cmd(b, 0x80000018, 24, "@rpath/libfoo.dylib");
    mb_str_cmd(b, 0x8000001c, 12, "@loader_path/../lib");
    uint8_t *u = mb_cmd(b, 0x1b, 24);
    for (int i = 0; i < 16; i++)
        u[8 + i] = (uint8_t)(0xa0 + i);
}

/* ---- callbacks collecting results ---- */

struct got {
    int n;
    uint64_t addr[16];
    const char *name[16];
    int ordinal[16];
    int64_t addend[16];
    bool weak[16];
    bool bind[16];
    uint64_t target[16];
};

static int got_rebase(const struct mo_rebase *r, void *c)
{
    struct got *g = c;
    if (g->n < 16)
        g->addr[g->n] = r->address;
    g->n++;
    return 0;
}

static int got_bind(const struct mo_bind *b, void *c)
{
    struct got *g = c;
    if (g->n < 16) {
        g->addr[g->n] = b->address;
        g->name[g->n] = b->name;
        g->ordinal[g->n] = b->ordinal;
        g->addend[g->n] = b->addend;
        g->weak[g->n] = b->weak_import;
    }
    g->n++;
    return 0;
}

static int got_chained(const struct mo_chained_fixup *f, void *c)
{
    struct got *g = c;
    if (g->n < 16) {
        g->addr[g->n] = f->address;
        g->bind[g->n] = f->is_bind;
        g->name[g->n] = f->name;
        g->ordinal[g->n] = f->ordinal;
        g->addend[g->n] = f->addend;
        g->weak[g->n] = f->weak_import;
        g->target[g->n] = f->target;
    }
    g->n++;
    return 0;
}

static int got_rebase_batch(const struct mo_rebase_batch *bt, void *c)
{
    struct got *g = c;
    for (uint32_t i = 0; i < bt->n; i++) {
        if (g->n < 16)
            g->addr[g->n] = bt->segment_offset[i] | (uint64_t)bt->segment_index << 56;
        g->n++;
    }
    return 0;
}

static int got_chained_batch(const struct mo_chained_rebase_batch *bt, void *c)
{
    struct got *g = c;
    for (uint32_t i = 0; i < bt->n; i++) {
        if (g->n < 16) {
            g->addr[g->n] = bt->segment_offset[i] | (uint64_t)bt->segment_index << 56;
            g->target[g->n] = bt->target[i];
            g->bind[g->n] = false;
        }
        g->n++;
    }
    return 0;
}

static int got_export(const struct mo_export *e, void *c)
{
    struct got *g = c;
    (void)e;
    g->n++;
    return 0;
}

static int parse(struct mb *b, struct mo_image *img, struct mo_error *err)
{
    memset(err, 0, sizeof *err);
    return mo_image_parse(b->buf, b->size, img, err);
}

/* ---- tests: well-formed images ---- */

static void test_standard_image(void)
{
    current = "standard image";
    struct mb b;
    mb_standard(&b, true);
    struct mo_image img;
    struct mo_error err;
    int rc = parse(&b, &img, &err);
    CHECK_EQ(rc, MO_OK);
    if (rc)
        return;
    CHECK_EQ(img.ncmds, 13);
    CHECK_EQ(img.nsegments, 4);
    CHECK_STR(img.segments[1].segname, "__TEXT");
    CHECK_EQ(img.segments[2].vmaddr, BASE + 0x1000);
    CHECK_EQ(img.nsections, 2);
    CHECK_STR(img.sections[1].sectname, "__data");
    CHECK_EQ(img.sections[1].segment_index, 2);
    CHECK_EQ(img.pagezero_index, 0);
    CHECK_EQ(img.base_vmaddr, BASE);
    CHECK_EQ(img.vm_start, BASE);
    CHECK_EQ(img.vm_end, BASE + 0x4000);
    CHECK_EQ(img.ndylibs, 2);
    CHECK_STR(img.dylibs[0].name, "/usr/lib/libSystem.B.dylib");
    CHECK_EQ(img.dylibs[0].current_version, 0x05276403);
    CHECK_EQ(img.dylibs[1].cmd, 0x80000018);
    CHECK_EQ(img.nrpaths, 1);
    CHECK_STR(img.rpaths[0], "@loader_path/../lib");
    CHECK_STR(img.dylinker, "/usr/lib/dyld");
    CHECK(img.has_main);
    CHECK_EQ(img.entryoff, 0x800);
    CHECK(img.has_uuid && img.uuid[0] == 0xa0 && img.uuid[15] == 0xaf);
    CHECK(mo_find_segment(&img, "__DATA") == &img.segments[2]);
    CHECK(mo_find_section(&img, "__TEXT", "__text") == &img.sections[0]);
    CHECK(mo_find_section(&img, "__TEXT", "__nope") == NULL);
    CHECK_EQ(mo_segment_for_addr(&img, BASE + 0x1ff8, 8), 2);
    CHECK_EQ(mo_segment_for_addr(&img, BASE + 0x1ffc, 8), -1);

    struct mo_symbol s;
    CHECK_EQ(mo_symbol_at(&img, 1, &s, &err), MO_OK);
    CHECK_STR(s.name, "_main");
    CHECK_EQ(s.value, BASE + 0x800);
    CHECK_ERR(mo_symbol_at(&img, 2, &s, &err), err, MO_ERANGE, "outside the symbol table");

    struct got g = { 0 };
    CHECK_EQ(mo_dyld_info_rebases(&img, got_rebase, &g, &err), MO_OK);
    CHECK_EQ(g.n, 2);
    CHECK_EQ(g.addr[0], BASE + 0x1010);
    CHECK_EQ(g.addr[1], BASE + 0x1018);

    /* The loader's batched walk: one batch, segment 2, offsets 0x10 and 0x18. */
    memset(&g, 0, sizeof g);
    CHECK_EQ(mo_dyld_info_rebase_batches(&img, got_rebase_batch, &g, &err), MO_OK);
    CHECK_EQ(g.n, 2);
    CHECK_EQ(g.addr[0], (uint64_t)2 << 56 | 0x10);
    CHECK_EQ(g.addr[1], (uint64_t)2 << 56 | 0x18);

    memset(&g, 0, sizeof g);
    CHECK_EQ(mo_dyld_info_binds(&img, MO_BIND_REGULAR, got_bind, &g, &err), MO_OK);
    CHECK_EQ(g.n, 2);
    CHECK_STR(g.name[0], "_printf");
    CHECK_EQ(g.ordinal[0], 1);
    CHECK_EQ(g.addend[0], 8);
    CHECK_EQ(g.addr[0], BASE + 0x1020);
    CHECK(!g.weak[0]);
    CHECK_STR(g.name[1], "_weakf");
    CHECK_EQ(g.ordinal[1], 2);
    CHECK(g.weak[1]);
    CHECK_EQ(g.addr[1], BASE + 0x1028);

    memset(&g, 0, sizeof g);
    CHECK_EQ(mo_dyld_info_binds(&img, MO_BIND_LAZY, got_bind, &g, &err), MO_OK);
    CHECK_EQ(g.n, 2);
    CHECK_STR(g.name[1], "_lazy2");
    CHECK_EQ(g.addr[1], BASE + 0x1038);
    struct mo_bind lb;
    CHECK_EQ(mo_lazy_bind_at(&img, 12, &lb, &err), MO_OK);
    CHECK_STR(lb.name, "_lazy2");
    CHECK_EQ(lb.ordinal, 2);
    CHECK_EQ(lb.lazy_offset, 12);
    CHECK_ERR(mo_lazy_bind_at(&img, sizeof lazy_stream, &lb, &err), err, MO_ERANGE, "outside the lazy bind stream");

    struct mo_export e;
    CHECK_EQ(mo_exports_lookup(&img, "_main", &e, &err), MO_OK);
    CHECK_EQ(e.address, 0x800);
    CHECK_EQ(mo_exports_lookup(&img, "_re", &e, &err), MO_OK);
    CHECK(e.flags & MO_EXPORT_REEXPORT);
    CHECK_EQ(e.reexport_ordinal, 1);
    CHECK_STR(e.reexport_name, "_other");
    CHECK_EQ(mo_exports_lookup(&img, "_ma", &e, &err), MO_ENOTFOUND);
    CHECK_EQ(mo_exports_lookup(&img, "_mainx", &e, &err), MO_ENOTFOUND);
    memset(&g, 0, sizeof g);
    CHECK_EQ(mo_exports_for_each(&img, got_export, &g, &err), MO_OK);
    CHECK_EQ(g.n, 2);

    /* The inspector's view of the same file. */
    struct mo_header h;
    uint32_t ident;
    CHECK_EQ(mo_header_parse(b.buf, b.size, &h, &err), MO_OK);
    CHECK(h.is64 && h.header_size == 32 && h.ncmds == 13);
    CHECK_EQ(mo_commands_check(b.buf, b.size, &h, &ident, &err), MO_OK);
    CHECK_EQ(ident, 13);
    mo_image_free(&img);
}

/* Classic binding (as Go's linker writes it): __DATA's section made an
 * S_NON_LAZY_SYMBOL_POINTERS of three slots naming, through the indirect symbol table, an
 * undefined weak-imported symbol of library 1, a local pointer (a rebase) and an absolute. */
static void test_classic(void)
{
    current = "classic binding";
    struct mb b;
    mb_standard(&b, false);
    uint8_t *sect = b.buf + 32 + 72 + 152 + 72;
    w64(sect + 40, 24);
    w32(sect + 64, 6);
    w32(sect + 68, 0);
    uint8_t *st = find_cmd(&b, 0x2);
    w32(st + 12, 3);
    w32(st + 20, 24);
    uint8_t sym[16] = { 0 };
    w32(sym, 14);
    sym[4] = 0x01;
    w16(sym + 6, 1 << 8 | 0x40);
    mb_data(&b, SYMS + 32, sym, sizeof sym);
    mb_data(&b, STRS, "\0_local\0_main\0_ext\0\0\0\0\0", 24);
    uint8_t *dy = find_cmd(&b, 0xb);
    w32(dy + 24, 2);
    w32(dy + 28, 1);
    w32(dy + 56, 0x2a00);
    w32(dy + 60, 3);
    const uint32_t ind[3] = { 2, 0x80000000u, 0xc0000000u };
    mb_data(&b, 0x2a00, ind, sizeof ind);
    struct mo_image img;
    struct mo_error err;
    int rc = parse(&b, &img, &err);
    CHECK_EQ(rc, MO_OK);
    if (rc)
        return;
    struct got g = { 0 };
    uint32_t v;
    CHECK_EQ(mo_indirect_symbol(&img, 1, &v, &err), MO_OK);
    CHECK_EQ(v, 0x80000000u);
    CHECK_ERR(mo_indirect_symbol(&img, 3, &v, &err), err, MO_ERANGE, "outside the table");
    CHECK_EQ(mo_classic_binds(&img, got_bind, NULL, &g, &err), MO_OK);
    CHECK_EQ(g.n, 1);
    CHECK_STR(g.name[0], "_ext");
    CHECK_EQ(g.ordinal[0], 1);
    CHECK(g.weak[0]);
    CHECK_EQ(g.addr[0], BASE + 0x1000);
    mo_image_free(&img);

    /* With a rebase callback, the local slot is reported too (same ctx: counted together). */
    CHECK_EQ(parse(&b, &img, &err), MO_OK);
    memset(&g, 0, sizeof g);
    CHECK_EQ(mo_classic_binds(&img, got_bind, got_rebase, &g, &err), MO_OK);
    CHECK_EQ(g.n, 2);
    CHECK_EQ(g.addr[1], BASE + 0x1008);
    mo_image_free(&img);

    current = "classic binding, flat namespace";
    w32(b.buf + 24, r32(b.buf + 24) & ~(uint32_t)MO_MH_TWOLEVEL);
    CHECK_EQ(parse(&b, &img, &err), MO_OK);
    memset(&g, 0, sizeof g);
    CHECK_EQ(mo_classic_binds(&img, got_bind, NULL, &g, &err), MO_OK);
    CHECK_EQ(g.ordinal[0], MO_ORDINAL_FLAT_LOOKUP);
    mo_image_free(&img);

    current = "classic binding, slots beyond the indirect table";
    w32(sect + 68, 2);
    CHECK_EQ(parse(&b, &img, &err), MO_OK);
    CHECK_ERR(mo_classic_binds(&img, got_bind, NULL, &g, &err), err, MO_ERANGE, "beyond the table");
    mo_image_free(&img);
}

/* Chained fixups (DYLD_CHAINED_PTR_64_OFFSET): a bind, a rebase and a bind with an addend on
 * one page of __DATA, imports in each of the three formats. */
static void build_chained(struct mb *b, uint32_t imports_format)
{
    mb_standard(b, false);
    uint8_t *lc = mb_cmd(b, 0x80000034, 16);
    w32(lc + 8, 0x2000);
    w32(lc + 12, 0x100);
    uint8_t *f = b->buf + 0x2000;
    uint32_t isz = imports_format == 1 ? 4 : imports_format == 2 ? 8 : 16;
    w32(f + 4, 32);                 /* starts_offset */
    w32(f + 8, 80);                 /* imports_offset */
    w32(f + 12, 80 + 2 * isz);      /* symbols_offset */
    w32(f + 16, 2);                 /* imports_count */
    w32(f + 20, imports_format);
    uint8_t *st = f + 32;           /* dyld_chained_starts_in_image */
    w32(st, 4);
    w32(st + 4 + 4 * 2, 24);        /* __DATA (segment 2) at starts + 24 */
    uint8_t *ss = st + 24;          /* dyld_chained_starts_in_segment */
    w32(ss, 24);
    w16(ss + 4, 0x1000);
    w16(ss + 6, 6);                 /* DYLD_CHAINED_PTR_64_OFFSET */
    w64(ss + 8, 0x1000);
    w16(ss + 20, 1);
    w16(ss + 22, 0x10);
    uint8_t *imp = f + 80;
    if (imports_format == 3) {
        w64(imp, 1);
        w64(imp + 16, 2 | 1u << 16 | (uint64_t)7 << 32);
        w64(imp + 24, 5);
    } else {
        w32(imp, 1);
        w32(imp + isz, 2 | 1u << 8 | 7u << 9);
        if (imports_format == 2)
            w32(imp + isz + 4, 5);
    }
    memcpy(f + 80 + 2 * isz, "_first\0_second", 15);
    uint8_t *d = b->buf + 0x1000;
    w64(d + 0x10, 0 | (uint64_t)2 << 51 | (uint64_t)1 << 63);        /* bind import 0, next +8 */
    w64(d + 0x18, 0x800 | (uint64_t)2 << 51);                          /* rebase to base+0x800 */
    w64(d + 0x20, 1 | (uint64_t)1 << 24 | (uint64_t)1 << 63);         /* bind import 1, addend 1, end */
}

static void test_chained(void)
{
    for (uint32_t fmt = 1; fmt <= 3; fmt++) {
        current = fmt == 1 ? "chained, DYLD_CHAINED_IMPORT" : fmt == 2 ? "chained, IMPORT_ADDEND" : "chained, ADDEND64";
        struct mb b;
        build_chained(&b, fmt);
        struct mo_image img;
        struct mo_error err;
        int rc = parse(&b, &img, &err);
        CHECK_EQ(rc, MO_OK);
        if (rc)
            continue;
        struct got g = { 0 };
        CHECK_EQ(mo_chained_fixups(&img, got_chained, &g, &err), MO_OK);
        CHECK_EQ(g.n, 3);
        CHECK(g.bind[0] && !g.bind[1] && g.bind[2]);
        CHECK_EQ(g.addr[0], BASE + 0x1010);
        CHECK_STR(g.name[0], "_first");
        CHECK_EQ(g.ordinal[0], 1);
        CHECK_EQ(g.target[1], BASE + 0x800);
        CHECK_STR(g.name[2], "_second");
        CHECK_EQ(g.ordinal[2], 2);
        CHECK(g.weak[2]);
        CHECK_EQ(g.addend[2], (fmt == 1 ? 1 : 6));   /* inline addend 1, plus the import's 5 */
        /* The loader's walk: the plain rebase in a batch, the binds one by one. */
        struct got bg = { 0 };
        CHECK_EQ(mo_chained_fixups_batched(&img, got_chained_batch, got_chained, &bg, &err), MO_OK);
        CHECK_EQ(bg.n, 3);
        int plain = -1;
        for (int k = 0; k < 3 && k < bg.n; k++)
            if (!bg.bind[k])
                plain = k;
        CHECK(plain >= 0);
        if (plain >= 0) {
            CHECK_EQ(bg.addr[plain], (uint64_t)2 << 56 | 0x18);
            CHECK_EQ(bg.target[plain], BASE + 0x800);
        }
        struct mo_chained_import *imps;
        uint32_t n, f;
        CHECK_EQ(mo_chained_imports(&img, &imps, &n, &f, &err), MO_OK);
        CHECK_EQ(n, 2);
        CHECK_EQ(f, fmt);
        if (n == 2)
            CHECK_STR(imps[1].name, "_second");
        free(imps);

        /* A chain whose next link runs past its page. */
        current = "chained: chain past its page";
        w64(b.buf + 0x1000 + 0xff8, (uint64_t)2 << 51);
        w16(b.buf + 0x2000 + 32 + 24 + 22, 0xff8);
        CHECK_ERR(mo_chained_fixups(&img, got_chained, &g, &err), err, MO_EOPCODE, "runs past its page");
        /* A bind naming an import that does not exist. */
        current = "chained: import out of range";
        w16(b.buf + 0x2000 + 32 + 24 + 22, 0x10);
        w64(b.buf + 0x1000 + 0x10, 9 | (uint64_t)1 << 63);
        CHECK_ERR(mo_chained_fixups(&img, got_chained, &g, &err), err, MO_EOPCODE, "uses import 9 of 2");
        /* An unknown pointer format. */
        current = "chained: unknown pointer format";
        w16(b.buf + 0x2000 + 32 + 24 + 6, 99);
        CHECK_ERR(mo_chained_fixups(&img, got_chained, &g, &err), err, MO_EOPCODE, "pointer format 99 unknown");
        /* Imports whose count overflows the table. */
        current = "chained: imports count overflows";
        w32(b.buf + 0x2000 + 16, 0x40000001);
        CHECK_ERR(mo_chained_imports(&img, &imps, &n, &f, &err), err, MO_ERANGE, "imports table extends past");
        mo_image_free(&img);
    }
}

static void test_fat(void)
{
    current = "fat";
    static uint8_t fat[0x3000];
    memset(fat, 0, sizeof fat);
    const uint32_t be[] = { 0xcafebabe, 2, 0x01000007, 3, 0x1000, 0x800, 12, 0x0100000c, 0, 0x2000, 0x800, 13 };
    for (size_t i = 0; i < sizeof be / sizeof be[0]; i++)
        w32(fat + 4 * i, __builtin_bswap32(be[i]));
    struct mo_fat f;
    struct mo_error err;
    CHECK(mo_is_fat(fat, sizeof fat));
    CHECK_EQ(mo_fat_parse(fat, sizeof fat, &f, &err), MO_OK);
    CHECK_EQ(f.nfat_arch, 2);
    CHECK_EQ(mo_fat_find(&f, MO_CPU_TYPE_ARM64), 1);
    CHECK_EQ(f.archs[1].offset, 0x2000);
    CHECK_EQ(f.archs[1].align, 13);
    CHECK_STR(mo_arch_name(f.archs[0].cputype, f.archs[0].cpusubtype), "x86_64");
    mo_fat_free(&f);
    current = "fat: slice not on its alignment";
    w32(fat + 8 + 20 + 16, __builtin_bswap32(14));
    CHECK_ERR(mo_fat_parse(fat, sizeof fat, &f, &err), err, MO_EBADCMD, "not aligned to 2^14");
    current = "fat: alignment too large";
    w32(fat + 8 + 20 + 16, __builtin_bswap32(16));
    CHECK_ERR(mo_fat_parse(fat, sizeof fat, &f, &err), err, MO_EBADCMD, "alignment 2^16 too large");
    w32(fat + 8 + 20 + 16, __builtin_bswap32(12));
    current = "fat: the same architecture twice";
    w32(fat + 8 + 20, __builtin_bswap32(0x01000007));
    w32(fat + 8 + 20 + 4, __builtin_bswap32(0x80000003));
    CHECK_ERR(mo_fat_parse(fat, sizeof fat, &f, &err), err, MO_EBADCMD, "architectures 0 and 1 are the same");
    w32(fat + 8 + 20, __builtin_bswap32(0x0100000c));
    w32(fat + 8 + 20 + 4, 0);
    current = "fat: overlapping slices";
    w32(fat + 8 + 20 + 8, __builtin_bswap32(0x1000));
    CHECK_ERR(mo_fat_parse(fat, sizeof fat, &f, &err), err, MO_EOVERLAP, "overlaps architecture 0");
    w32(fat + 8 + 20 + 8, __builtin_bswap32(0x2000));
    current = "fat: slice outside the file";
    w32(fat + 8 + 20 + 12, __builtin_bswap32(0x1001));
    CHECK_ERR(mo_fat_parse(fat, sizeof fat, &f, &err), err, MO_ERANGE, "outside the file");
    current = "fat: architecture count overflows";
    w32(fat + 4, __builtin_bswap32(0xffffffff));
    CHECK_ERR(mo_fat_parse(fat, sizeof fat, &f, &err), err, MO_ETRUNC, "runs past the end of the file");
    int32_t ct, cs;
    CHECK(mo_arch_from_name("arm64e", &ct, &cs) && ct == MO_CPU_TYPE_ARM64 && cs == 2);
    CHECK(!mo_arch_from_name("vax", &ct, &cs));
}

static void test_leb(void)
{
    current = "LEB128";
    const uint8_t a[] = { 0xe5, 0x8e, 0x26 }, *p = a;
    uint64_t v;
    CHECK(mo_read_uleb(&p, a + 3, &v) && v == 624485 && p == a + 3);
    const uint8_t s[] = { 0xc0, 0xbb, 0x78 };
    int64_t sv;
    p = s;
    CHECK(mo_read_sleb(&p, s + 3, &sv) && sv == -123456);
    const uint8_t trunc[] = { 0x80, 0x80 };
    p = trunc;
    CHECK(!mo_read_uleb(&p, trunc + 2, &v) && p == trunc);
    const uint8_t big[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f };
    p = big;
    CHECK(!mo_read_uleb(&p, big + sizeof big, &v));   /* more than 64 bits */
    const uint8_t max[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 };
    p = max;
    CHECK(mo_read_uleb(&p, max + sizeof max, &v) && v == UINT64_MAX);
}

/* ---- tests: malformed images, one problem each ---- */

static void expect_parse_error(struct mb *b, const char *what, int code, const char *words)
{
    current = what;
    struct mo_image img;
    struct mo_error err;
    int rc = parse(b, &img, &err);
    CHECK_ERR(rc, err, code, words);
    if (rc == MO_OK)
        mo_image_free(&img);
}

static void test_malformed_commands(void)
{
    struct mb b;

    mb_standard(&b, true);
    w32(find_cmd(&b, 0x1b) + 4, 20);
    expect_parse_error(&b, "cmdsize not a multiple of 8", MO_EBADCMD, "cmdsize 20 is not a multiple of 8");

    mb_standard(&b, true);
    w32(b.buf + 20, r32(b.buf + 20) - 8);
    expect_parse_error(&b, "command past sizeofcmds", MO_ETRUNC, "extends past sizeofcmds");

    mb_standard(&b, true);
    w32(b.buf + 16, b.ncmds + 1);
    expect_parse_error(&b, "ncmds more than fit in sizeofcmds", MO_ETRUNC, "extends past sizeofcmds");

    mb_standard(&b, true);
    w32(b.buf + 20, FILE_SIZE);
    expect_parse_error(&b, "sizeofcmds past the file", MO_ETRUNC, "extend past the end of the file");

    mb_standard(&b, true);
    w32(find_cmd(&b, 0x1b) + 4, 0);
    expect_parse_error(&b, "cmdsize 0", MO_EBADCMD, "cmdsize 0 is not a multiple of 8");

    mb_standard(&b, true);
    {
        uint8_t *data = b.buf + 32 + 72 + 152;   /* __PAGEZERO, __TEXT+1 section: then __DATA */
        w64(data + 24, BASE + 0x800);
        w64(b.buf + 32 + 72 + 152 + 72 + 32, BASE + 0x800);   /* its section follows */
    }
    expect_parse_error(&b, "overlapping segments", MO_EOVERLAP, "segment __DATA overlaps segment __TEXT");

    mb_standard(&b, true);
    {
        uint8_t *l = find_cmd(&b, 0xc);
        memset(l + 24, 'x', r32(l + 4) - 24);
    }
    expect_parse_error(&b, "dylib name without a terminator", MO_EBADCMD, "not NUL-terminated");

    mb_standard(&b, true);
    w32(find_cmd(&b, 0x8000001c) + 8, 200);
    expect_parse_error(&b, "rpath offset past the command", MO_EBADCMD, "path offset outside the command");

    mb_standard(&b, true);
    w32(find_cmd(&b, 0x2) + 12, 0x10000001);   /* nsyms * 16 wraps 32 bits */
    expect_parse_error(&b, "symbol count overflowing", MO_ERANGE, "symbol table (symoff+nsyms*16) extends past");

    mb_standard(&b, true);
    w32(find_cmd(&b, 0xb) + 60, 0x40000001);   /* nindirectsyms * 4 wraps 32 bits */
    expect_parse_error(&b, "indirect symbol count overflowing", MO_ERANGE, "indirect symbol table extends past");

    mb_standard(&b, true);
    w32(b.buf + 32 + 72 + 64, 0x03333334);      /* __TEXT nsects * 80 wraps 32 bits */
    expect_parse_error(&b, "section count overflowing", MO_EBADCMD, "nsects does not fit in cmdsize");

    mb_standard(&b, true);
    w64(b.buf + 32 + 72 + 152 + 72 + 40, 0x2000);   /* __DATA's __data longer than its segment */
    expect_parse_error(&b, "section past its segment", MO_ERANGE, "section __data extends past its segment");

    mb_standard(&b, true);
    w64(b.buf + 32 + 72 + 152 + 48, 0x4000);        /* __DATA filesize past the end of the file */
    expect_parse_error(&b, "segment past the file", MO_ERANGE, "fileoff+filesize extends past the end of the file");

    mb_standard(&b, true);
    w32(dyld_info_cmd + 20, 0x3000);
    expect_parse_error(&b, "bind info past the file", MO_ERANGE, "bind info extends past the end of the file");

    mb_standard(&b, true);
    w64(find_cmd(&b, 0x80000028) + 8, 0x1800);
    expect_parse_error(&b, "entry point outside __TEXT", MO_ERANGE, "not inside an executable segment");

    mb_standard(&b, true);
    w32(find_cmd(&b, 0xb) + 28, 5);
    expect_parse_error(&b, "dysymtab ranges past the symbols", MO_ERANGE, "symbol ranges extend past");

    mb_standard(&b, true);
    w32(b.buf, MO_MH_MAGIC);
    expect_parse_error(&b, "32-bit image for the loader", MO_EBADMAGIC, "32-bit Mach-O is not supported");

    current = "truncated header";
    struct mo_image img;
    struct mo_error err;
    mb_standard(&b, true);
    CHECK_ERR(mo_image_parse(b.buf, 31, &img, &err), err, MO_ETRUNC, "too short for a Mach-O header");
}

/* A stream in the standard image's rebase (or bind) slot, decoded; its error. */
static int run_stream(bool bind, const uint8_t *s, size_t n, struct mo_error *err, int *count)
{
    struct mb b;
    mb_standard(&b, true);
    memset(b.buf + REBASE, 0, 0x40);
    memset(b.buf + BIND, 0, 0x40);
    mb_data(&b, bind ? BIND : REBASE, s, n);
    w32(dyld_info_cmd + (bind ? 20 : 12), (uint32_t)n);
    struct mo_image img;
    int rc = parse(&b, &img, err);
    if (rc)
        return 1000 + rc;
    struct got g = { 0 };
    rc = bind ? mo_dyld_info_binds(&img, MO_BIND_REGULAR, got_bind, &g, err)
              : mo_dyld_info_rebases(&img, got_rebase, &g, err);
    *count = g.n;
    mo_image_free(&img);
    return rc;
}

static void test_malformed_streams(void)
{
    struct mo_error err;
    int n;
    current = "rebase ULEB running off the stream";
    const uint8_t r1[] = { 0x11, 0x22, 0x80, 0x80 };
    CHECK_ERR(run_stream(false, r1, sizeof r1, &err, &n), err, MO_EOPCODE, "run past the end of their data");

    current = "rebase unknown opcode";
    const uint8_t r2[] = { 0x11, 0x22, 0x10, 0x90 };
    CHECK_ERR(run_stream(false, r2, sizeof r2, &err, &n), err, MO_EOPCODE, "rebase opcode 0x90 unknown");

    current = "rebase outside its segment";
    const uint8_t r3[] = { 0x11, 0x22, 0xf8, 0x1f, 0x52 };   /* 0xff8, twice: the second is past */
    CHECK_ERR(run_stream(false, r3, sizeof r3, &err, &n), err, MO_EOPCODE, "outside segment __DATA");
    CHECK_EQ(n, 1);

    current = "rebase segment index out of range";
    const uint8_t r4[] = { 0x11, 0x29, 0x00, 0x51 };
    CHECK_ERR(run_stream(false, r4, sizeof r4, &err, &n), err, MO_EOPCODE, "segment index 9 out of range");

    current = "rebase in __PAGEZERO";
    const uint8_t r5[] = { 0x11, 0x20, 0x00, 0x51 };
    CHECK_ERR(run_stream(false, r5, sizeof r5, &err, &n), err, MO_EOPCODE, "which has no access");

    current = "rebase looping in place";   /* count 2^60, skip -8: the location never moves */
    const uint8_t r6[] = { 0x11, 0x22, 0x10, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10,
                           0xf8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 };
    CHECK_ERR(run_stream(false, r6, sizeof r6, &err, &n), err, MO_EOPCODE, "a loop");
    CHECK_EQ(n, 0);

    current = "rebase stream re-setting the same slots over and over";
    uint8_t r7[2 + 3 * 600];
    size_t k = 0;
    r7[k++] = 0x11;
    for (int i = 0; i < 600 && k + 3 <= sizeof r7; i++) {   /* 512 slots each, over the budget */
        r7[k++] = 0x22;
        r7[k++] = 0x00;
        r7[k++] = 0x60;
        if (k + 2 > sizeof r7)
            break;
        r7[k++] = 0x80;
        r7[k++] = 0x04;
    }
    CHECK_ERR(run_stream(false, r7, k, &err, &n), err, MO_EOPCODE, "more locations than the image has");

    current = "bind name without a terminator";
    const uint8_t b1[] = { 0x11, 0x40, '_', 'x', 'y' };
    CHECK_ERR(run_stream(true, b1, sizeof b1, &err, &n), err, MO_EOPCODE, "symbol name not terminated");

    current = "bind without a symbol";
    const uint8_t b2[] = { 0x11, 0x72, 0x10, 0x90 };
    CHECK_ERR(run_stream(true, b2, sizeof b2, &err, &n), err, MO_EOPCODE, "bind without a symbol name");

    current = "bind SLEB running off the stream";
    const uint8_t b3[] = { 0x11, 0x40, '_', 'x', 0, 0x60, 0xff };
    CHECK_ERR(run_stream(true, b3, sizeof b3, &err, &n), err, MO_EOPCODE, "run past the end of their data");

    current = "bind library ordinal too large";
    const uint8_t b4[] = { 0x20, 0x80, 0x80, 0x04 };
    CHECK_ERR(run_stream(true, b4, sizeof b4, &err, &n), err, MO_EOPCODE, "library ordinal 65536 too large");

    current = "bind looping in place";
    const uint8_t b5[] = { 0x11, 0x40, '_', 'x', 0, 0x72, 0x10, 0xc0, 0xff, 0xff, 0xff, 0xff, 0x0f,
                           0xf8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 };
    CHECK_ERR(run_stream(true, b5, sizeof b5, &err, &n), err, MO_EOPCODE, "a loop");

    current = "special ordinal and a good bind";
    const uint8_t b6[] = { 0x3e, 0x40, '_', 'y', 0, 0x72, 0x10, 0x90, 0x00 };   /* ordinal -2 (flat) */
    CHECK_EQ(run_stream(true, b6, sizeof b6, &err, &n), MO_OK);
    CHECK_EQ(n, 1);
}

static void test_malformed_trie(void)
{
    struct mb b;
    struct mo_image img;
    struct mo_error err;
    struct got g;
    struct mo_export e;

    current = "trie: a node that is its own child";
    mb_standard(&b, true);
    const uint8_t loop[] = { 0x00, 0x01, 'a', 0, 0x00 };
    mb_data(&b, EXPORTS, loop, sizeof loop);
    w32(dyld_info_cmd + 44, sizeof loop);
    CHECK_EQ(parse(&b, &img, &err), MO_OK);
    memset(&g, 0, sizeof g);
    int rc = mo_exports_for_each(&img, got_export, &g, &err);
    CHECK(rc == MO_EOPCODE && (strstr(err.msg, "a loop") != NULL));
    rc = mo_exports_lookup(&img, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", &e, &err);
    CHECK_ERR(rc, err, MO_EOPCODE, "deeper than");
    mo_image_free(&img);

    current = "trie: child offset past the trie";
    mb_standard(&b, true);
    const uint8_t far[] = { 0x00, 0x01, 'a', 0, 0x7f };
    mb_data(&b, EXPORTS, far, sizeof far);
    w32(dyld_info_cmd + 44, sizeof far);
    CHECK_EQ(parse(&b, &img, &err), MO_OK);
    CHECK_ERR(mo_exports_for_each(&img, got_export, &g, &err), err, MO_EOPCODE, "outside the trie");
    CHECK_ERR(mo_exports_lookup(&img, "a", &e, &err), err, MO_EOPCODE, "outside the trie");
    mo_image_free(&img);

    current = "trie: terminal size past the trie";
    mb_standard(&b, true);
    const uint8_t term[] = { 0x40, 0x00 };
    mb_data(&b, EXPORTS, term, sizeof term);
    w32(dyld_info_cmd + 44, sizeof term);
    CHECK_EQ(parse(&b, &img, &err), MO_OK);
    CHECK_ERR(mo_exports_for_each(&img, got_export, &g, &err), err, MO_EOPCODE, "bad terminal size");
    mo_image_free(&img);

    current = "trie: edge label without a terminator";
    mb_standard(&b, true);
    const uint8_t label[] = { 0x00, 0x01, 'a', 'b' };
    mb_data(&b, EXPORTS, label, sizeof label);
    w32(dyld_info_cmd + 44, sizeof label);
    CHECK_EQ(parse(&b, &img, &err), MO_OK);
    CHECK_ERR(mo_exports_for_each(&img, got_export, &g, &err), err, MO_EOPCODE, "edge label not terminated");
    mo_image_free(&img);

    current = "trie: stub and resolver";
    mb_standard(&b, true);
    const uint8_t stub[] = { 0x00, 0x01, '_', 's', 0, 6, 0x04, 0x10, 0x90, 0x01, 0x20, 0x00 };
    mb_data(&b, EXPORTS, stub, sizeof stub);
    w32(dyld_info_cmd + 44, sizeof stub);
    CHECK_EQ(parse(&b, &img, &err), MO_OK);
    CHECK_EQ(mo_exports_lookup(&img, "_s", &e, &err), MO_OK);
    CHECK(e.flags & MO_EXPORT_STUB_AND_RESOLVER);
    CHECK_EQ(e.address, 0x90);
    CHECK_EQ(e.resolver, 0x20);
    mo_image_free(&img);
}

/* The inspector's checks (mo_commands_check), which follow LLVM's reader. */
static void expect_check_error(struct mb *b, const char *what, const char *words)
{
    current = what;
    struct mo_header h;
    struct mo_error err = { 0 };
    uint32_t ident;
    int rc = mo_header_parse(b->buf, b->size, &h, &err);
    if (rc == MO_OK)
        rc = mo_commands_check(b->buf, b->size, &h, &ident, &err);
    checks++;
    if (rc >= 0 || !strstr(err.msg, words)) {
        failures++;
        fprintf(stderr, "FAIL %s:%d: wanted an error \"...%s...\", got %d \"%s\" (in %s)\n", __FILE__, __LINE__, words,
                rc, rc ? err.msg : "", what);
    }
}

static void test_inspector_checks(void)
{
    struct mb b;
    mb_standard(&b, true);
    {
        uint8_t *u = find_cmd(&b, 0x1b);
        w32(u + 4, 32);
        w32(b.buf + 20, r32(b.buf + 20) + 8);
        b.cmdoff += 8;
    }
    expect_check_error(&b, "LC_UUID of the wrong size", "LC_UUID command 12 has incorrect cmdsize");

    mb_standard(&b, true);
    {
        uint8_t *lo = mb_cmd(&b, 0x2d, 16);
        w32(lo + 8, 2);
        memcpy(lo + 12, "-lz", 4);
    }
    expect_check_error(&b, "LC_LINKER_OPTION count", "string count 2 does not match");

    mb_standard(&b, true);
    mb_cmd(&b, 0x1b, 24);
    expect_check_error(&b, "two LC_UUIDs", "more than one LC_UUID");

    mb_standard(&b, true);
    w32(find_cmd(&b, 0x2) + 8, 0x1000);      /* the symbols now overlap __DATA's __data */
    expect_check_error(&b, "symbol table over section contents", "symbol table at offset 4096");

    mb_standard(&b, true);
    mb_cmd(&b, 0x10, 24);
    expect_check_error(&b, "obsolete LC_PREBOUND_DYLIB", "obsolete");

    mb_init(&b, MO_MH_DYLIB);
    mb_segment(&b, "__TEXT", BASE, 0x1000, 0, 0x1000, 5, 0);
    expect_check_error(&b, "dylib without LC_ID_DYLIB", "no LC_ID_DYLIB");

    current = "LC_IDENT stops the walk";
    mb_standard(&b, true);
    mb_cmd(&b, 0x8, 16);
    mb_cmd(&b, 0x1b, 40);   /* never looked at */
    struct mo_header h;
    struct mo_error err;
    uint32_t ident = 0;
    CHECK_EQ(mo_header_parse(b.buf, b.size, &h, &err), MO_OK);
    CHECK_EQ(mo_commands_check(b.buf, b.size, &h, &ident, &err), MO_OK);
    CHECK_EQ(ident, 13);

    current = "32-bit header";
    mb_init(&b, MO_MH_EXECUTE);
    w32(b.buf, MO_MH_MAGIC);
    CHECK_EQ(mo_header_parse(b.buf, b.size, &h, &err), MO_OK);
    CHECK(!h.is64 && h.header_size == 28);
    CHECK_ERR(mo_header_parse(b.buf, 20, &h, &err), err, MO_ETRUNC, "mach header extends past the end");
    w32(b.buf, 0x12345678);
    CHECK_ERR(mo_header_parse(b.buf, b.size, &h, &err), err, MO_EBADMAGIC, "bad magic");
}

int main(void)
{
    test_standard_image();
    test_classic();
    test_chained();
    test_fat();
    test_leb();
    test_malformed_commands();
    test_malformed_streams();
    test_malformed_trie();
    test_inspector_checks();
    printf("macho unit tests: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
