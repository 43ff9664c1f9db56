/* fuzz_macho.c — libFuzzer target over src/macho: fat headers, the header and load commands
 * (as the loader parses them and as otool checks them),
 * symbols, every dyld-info stream (with lazy records at arbitrary offsets), chained fixups and
 * imports, classic binds, and the exports trie (iteration and lookup). Built with
 * AddressSanitizer and UBSan, so it doubles as the parser's sanitizer test. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/macho.h"

static int on_bind(const struct mo_bind *b, void *c) { (void)b; (void)c; return 0; }
static int on_rebase(const struct mo_rebase *r, void *c) { (void)r; (void)c; return 0; }
static int on_chained(const struct mo_chained_fixup *f, void *c) { (void)f; (void)c; return 0; }
static int on_export(const struct mo_export *e, void *c) { (void)e; (void)c; return 0; }
static int on_cmd(const struct mo_load_command *lc, void *c) { (void)lc; (void)c; return 0; }

static void thin(const uint8_t *data, size_t size)
{
    struct mo_image mo;
    struct mo_error err;
    struct mo_header h;
    uint32_t ident;
    if (mo_header_parse(data, size, &h, &err) == 0)
        mo_commands_check(data, size, &h, &ident, &err);
    if (mo_image_parse(data, size, &mo, &err) < 0)
        return;
    mo_for_each_load_command(&mo, on_cmd, NULL);
    for (uint32_t i = 0; i < mo.nsyms && i < 256; i++) {
        struct mo_symbol s;
        mo_symbol_at(&mo, i, &s, &err);
    }
    for (uint32_t i = 0; i < mo.nindirectsyms && i < 256; i++) {
        uint32_t v;
        mo_indirect_symbol(&mo, i, &v, &err);
    }
    mo_dyld_info_rebases(&mo, on_rebase, NULL, &err);
    mo_dyld_info_binds(&mo, MO_BIND_REGULAR, on_bind, NULL, &err);
    mo_dyld_info_binds(&mo, MO_BIND_WEAK, on_bind, NULL, &err);
    mo_dyld_info_binds(&mo, MO_BIND_LAZY, on_bind, NULL, &err);
    for (uint32_t off = 0; off < mo.lazy_bind_size && off < 64; off++) {
        struct mo_bind b;
        mo_lazy_bind_at(&mo, off, &b, &err);
    }
    mo_chained_fixups(&mo, on_chained, NULL, &err);
    struct mo_chained_import *imports;
    uint32_t n, fmt;
    if (mo_chained_imports(&mo, &imports, &n, &fmt, &err) == 0)
        free(imports);
    mo_classic_binds(&mo, on_bind, on_rebase, NULL, &err);
    mo_exports_for_each(&mo, on_export, NULL, &err);
    struct mo_export e;
    mo_exports_lookup(&mo, "_main", &e, &err);
    mo_exports_lookup(&mo, "__mh_execute_header", &e, &err);
    mo_segment_for_addr(&mo, mo.vm_start, 8);
    mo_image_free(&mo);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mo_error err;
    if (mo_is_fat(data, size)) {
        struct mo_fat fat;
        if (mo_fat_parse(data, size, &fat, &err) == 0) {
            for (uint32_t i = 0; i < fat.nfat_arch; i++)
                thin(data + fat.archs[i].offset, fat.archs[i].size);
            mo_fat_free(&fat);
        }
        return 0;
    }
    thin(data, size);
    return 0;
}
