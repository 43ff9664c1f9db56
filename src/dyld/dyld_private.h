/* dyld_private.h — declarations shared by the files of src/dyld/ only. */
#ifndef MACHRUN_DYLD_PRIVATE_H
#define MACHRUN_DYLD_PRIVATE_H

#include "machrun/dyld.h"

void dyld_read_env(char **envp);
void dyld_add_image(struct dyld_image *img);
void dyld_remove_image(struct dyld_image *img);
struct dyld_image *dyld_map_macho(struct exec_file *f, bool is_main, char *msg, size_t msglen);
struct dyld_image *dyld_load_library(const char *name, struct dyld_image *loader, char *msg, size_t msglen);
struct dyld_image *dyld_load_library_ex(const char *name, struct dyld_image *loader, bool is_dependency, char *msg,
                                        size_t msglen);
int dyld_load_dependencies(struct dyld_image *from, char *msg, size_t msglen);
/* shipped.c: the root of the Darwin libraries machrun ships as files (NULL if none), and the
 * file standing for INSTALL_NAME there, if machrun ships it. */
const char *dyld_shipped_root(void);
bool dyld_shipped_path(const char *install_name, char *out, size_t outlen);

/* Symbol resolution (resolve.c). */
struct dyld_symbol {
    uintptr_t addr;
    struct dyld_image *image;   /* where it was found */
    bool weak_def;
    bool found;
};
bool dyld_lookup_in_image(struct dyld_image *img, const char *name, struct dyld_symbol *out, int depth);
/* Resolve an import of `img` by library ordinal. Unresolved non-weak imports of built-in
 * libraries get a trap; of disk libraries an error (returns false with msg). */
bool dyld_resolve(struct dyld_image *img, int ordinal, const char *name, bool weak_import, uintptr_t *out,
                  char *msg, size_t msglen);

/* Fixups (fixups.c). */
int dyld_apply_fixups(struct dyld_image *img, char *msg, size_t msglen);
int dyld_coalesce_weak(char *msg, size_t msglen);

/* Unresolved imports seen (trap.c), for ldd -r. */
struct dyld_unresolved { char *symbol; char *library; char *image; struct dyld_unresolved *next; };
extern struct dyld_unresolved *dyld_unresolved_list;
void dyld_note_unresolved(const char *symbol, const char *library, const char *image);

/* Link every image not yet fixed up: fixups, weak coalescing, thread-locals, protections,
 * add-image callbacks (start.c). */
int dyld_link_new_images(char *msg, size_t msglen);
/* When set, lookups do not call stub resolvers (ldd inspects without running). */
extern bool dyld_dry_run;
/* Notify _dyld_register_func_for_add_image callbacks of an image (dlfcn.c). */
void dyld_notify_add_image(struct dyld_image *img);

/* Initializers (init.c). */
void dyld_run_initializers(struct dyld_image *img);

/* Thread-local variables (tlv.c). */
void dyld_setup_tlv(struct dyld_image *img);

/* stub_binder.S: dyld_stub_binder (exported as libdyld's), which calls dyld_lazy_bind
 * (fixups.c) with the address the stub helper pushed and the lazy-bind offset. */
void mr_dyld_stub_binder(void);
uintptr_t dyld_lazy_bind(uintptr_t private_addr, uintptr_t offset);

#endif
