/*
 * resolve.c — symbol lookup as dyld does it: two-level namespace by library ordinal (with
 * self, main-executable, flat and weak lookups), exports tries with re-exports, stub
 * resolvers and absolute symbols, re-exported dylibs, and the built-in libraries' tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/macho_abi.h"
#include "dyld_private.h"

bool dyld_dry_run;


static bool lookup_symtab(struct dyld_image *img, const char *name, struct dyld_symbol *out)
{
    const struct mo_image *mo = &img->file.mo;
    if (!mo->has_symtab)
        return false;
    uint32_t first = 0, count = mo->nsyms;
    if (mo->has_dysymtab) {
        first = mo->iextdefsym;
        count = mo->nextdefsym;
    }
    for (uint32_t i = first; i < first + count && i < mo->nsyms; i++) {
        struct mo_symbol s;
        struct mo_error err;
        if (mo_symbol_at(mo, i, &s, &err) < 0)
            return false;
        if ((s.type & MO_N_EXT) && (s.type & MO_N_TYPE) == MO_N_SECT && !strcmp(s.name, name)) {
            out->addr = (uintptr_t)s.value + img->map.slide;
            out->image = img;
            out->weak_def = (s.desc & MO_N_WEAK_DEF) != 0;
            out->found = true;
            return true;
        }
    }
    return false;
}

bool dyld_lookup_in_image(struct dyld_image *img, const char *name, struct dyld_symbol *out, int depth)
{
    memset(out, 0, sizeof *out);
    if (!img || depth > 32)
        return false;
    if (img->builtin) {
        const struct darwin_export *x = dyld_builtin_lookup_in(img->builtin_lib, name);
        if (!x)
            return false;
        out->addr = (uintptr_t)darwin_export_addr(x);
        out->image = img;
        out->found = true;
        return true;
    }
    const struct mo_image *mo = &img->file.mo;
    struct mo_export e;
    struct mo_error err;
    if ((mo->exports_trie.present || (mo->has_dyld_info && mo->export_size)) &&
        mo_exports_lookup(mo, name, &e, &err) == 0) {
        if (e.flags & MO_EXPORT_REEXPORT) {
            if (e.reexport_ordinal == 0 || e.reexport_ordinal > img->ndeps)
                return false;
            const char *n = (e.reexport_name && e.reexport_name[0]) ? e.reexport_name : name;
            return dyld_lookup_in_image(img->deps[e.reexport_ordinal - 1], n, out, depth + 1);
        }
        uintptr_t base = (uintptr_t)img->map.base;
        switch (e.flags & MO_EXPORT_KIND_MASK) {
        case MO_EXPORT_KIND_ABSOLUTE:
            out->addr = (uintptr_t)e.address;
            break;
        default:
            if ((e.flags & MO_EXPORT_STUB_AND_RESOLVER) && !dyld_dry_run) {
                uintptr_t (*resolver)(void) = (uintptr_t(*)(void))(base + e.resolver);
                out->addr = resolver();
            } else {
                out->addr = base + (uintptr_t)e.address;
            }
        }
        out->image = img;
        out->weak_def = (e.flags & MO_EXPORT_WEAK_DEFINITION) != 0;
        out->found = true;
        return true;
    }
    if (!mo->exports_trie.present && !(mo->has_dyld_info && mo->export_size) && lookup_symtab(img, name, out))
        return true;
    /* Re-exported libraries (LC_REEXPORT_DYLIB). */
    for (uint32_t i = 0; i < mo->ndylibs; i++)
        if (mo->dylibs[i].cmd == MO_LC_REEXPORT_DYLIB && dyld_lookup_in_image(img->deps[i], name, out, depth + 1))
            return true;
    return false;
}

static const char *short_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

bool dyld_resolve(struct dyld_image *img, int ordinal, const char *name, bool weak_import, uintptr_t *out,
                  struct mr_error *err)
{
    struct dyld_symbol sym;
    struct dyld_image *target = NULL;
    bool found = false;
    *out = 0;
    /* An image linked with a flat namespace (no MH_TWOLEVEL) looks every symbol up in all
     * images, whatever library its ordinal names. */
    if (ordinal > 0 && !(img->file.mo.flags & MO_MH_TWOLEVEL))
        ordinal = MO_ORDINAL_FLAT_LOOKUP;
    if (ordinal > 0) {
        if ((uint32_t)ordinal > img->ndeps) {
            mr_errorf(err, MO_ESYMBOL, "%s: bind to %s uses library ordinal %d but the image loads only %u libraries",
                      img->path, name, ordinal, img->ndeps);
            return false;
        }
        target = img->deps[ordinal - 1];
        if (!target) /* a weak dylib that is absent */
            return true;
        found = dyld_lookup_in_image(target, name, &sym, 0);
    } else if (ordinal == MO_ORDINAL_SELF) {
        target = img;
        found = dyld_lookup_in_image(img, name, &sym, 0);
    } else if (ordinal == MO_ORDINAL_MAIN_EXECUTABLE) {
        target = dyld_main_image;
        found = dyld_lookup_in_image(dyld_main_image, name, &sym, 0);
    } else if (ordinal == MO_ORDINAL_FLAT_LOOKUP || ordinal == MO_ORDINAL_WEAK_LOOKUP) {
        for (struct dyld_image *i = dyld_images; i && !found; i = i->next)
            found = dyld_lookup_in_image(i, name, &sym, 0);
    } else {
        mr_errorf(err, MO_ESYMBOL, "%s: bind to %s uses unknown library ordinal %d", img->path, name, ordinal);
        return false;
    }
    if (found) {
        *out = sym.addr;
        return true;
    }
    if (weak_import)
        return true;
    if (!target || target->builtin) {
        /* A Darwin library machrun stands in for: never a silent stub. */
        const char *lib = target ? short_name(target->install_name) : "flat namespace";
        dyld_note_unresolved(name, lib, img->path);
        *out = (uintptr_t)dyld_make_trap(name, lib);
        return true;
    }
    mr_errorf(err, MO_ESYMBOL, "Symbol not found: %s, referenced from %s, expected in %s", name, img->path,
              target->path);
    return false;
}
