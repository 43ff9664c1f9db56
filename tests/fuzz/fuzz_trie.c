/* fuzz_trie.c — libFuzzer target over the exports trie alone: the input is the trie
 * (LC_DYLD_EXPORTS_TRIE data), walked in full and looked up by the names the walk found and
 * by a few fixed ones. A name the walk reports must be NUL-terminated and short enough; a
 * lookup of it must not fail with anything but "not found" or a format error. Built with
 * AddressSanitizer and UBSan. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/macho.h"

struct seen {
    char names[16][64];
    int n;
};

static int on_export(const struct mo_export *e, void *c)
{
    struct seen *s = c;
    size_t len = strlen(e->name);
    if (len >= 4096)
        abort();
    if ((e->flags & MO_EXPORT_REEXPORT) && !e->reexport_name)
        abort();
    if (s->n < 16 && len < 64)
        memcpy(s->names[s->n++], e->name, len + 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 24))
        return 0;
    struct mo_image img;
    memset(&img, 0, sizeof img);
    img.buf = data;
    img.size = size;
    img.magic = MO_MH_MAGIC_64;
    img.cputype = MO_CPU_TYPE_X86_64;
    img.filetype = MO_MH_DYLIB;
    img.pagezero_index = -1;
    img.base_vmaddr = 0x100000000ull;
    img.exports_trie = (struct mo_linkedit_data){ 0, (uint32_t)size, true };
    struct mo_error err;
    struct seen s = { .n = 0 };
    mo_exports_for_each(&img, on_export, &s, &err);
    static const char *const fixed[] = { "_main", "__mh_execute_header", "_lib_value", "", "_" };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        struct mo_export e;
        mo_exports_lookup(&img, fixed[i], &e, &err);
    }
    for (int i = 0; i < s.n; i++) {
        struct mo_export e;
        int rc = mo_exports_lookup(&img, s.names[i], &e, &err);
        if (rc != 0 && rc != MO_ENOTFOUND && rc != MO_EOPCODE)
            abort();
    }
    return 0;
}
