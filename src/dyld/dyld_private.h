/* dyld_private.h — declarations shared by the files of src/dyld/ only. */
#ifndef MACHRUN_DYLD_PRIVATE_H
#define MACHRUN_DYLD_PRIVATE_H

#include "machrun/dyld.h"

/* Image loading (load.c). Errors: a negative MO_E* code, or NULL, with ERR filled. */
void dyld_read_env(char **envp);
void dyld_add_image(struct dyld_image *img);
void dyld_remove_image(struct dyld_image *img);
/* An image for a Mach-O already mapped (the main image exec mapped): takes F over. */
struct dyld_image *dyld_image_for_mapped(const struct mo_file *f, const struct mo_mapped *map, bool is_main,
                                         struct mr_error *err);
/* Map a Mach-O already opened and parsed (a dylib; for ldd, the executable too). */
struct dyld_image *dyld_map_macho(struct mo_file *f, bool is_main, struct mr_error *err);
struct dyld_image *dyld_load_library(const char *name, struct dyld_image *loader, struct mr_error *err);
struct dyld_image *dyld_load_library_ex(const char *name, struct dyld_image *loader, bool is_dependency,
                                        struct mr_error *err);
int dyld_load_dependencies(struct dyld_image *from, struct mr_error *err);
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
                  struct mr_error *err);

/* Fixups (fixups.c). */
int dyld_apply_fixups(struct dyld_image *img, struct mr_error *err);
int dyld_coalesce_weak(struct mr_error *err);

/* Unresolved imports seen (trap.c), for ldd -r. */
struct dyld_unresolved { char *symbol; char *library; char *image; struct dyld_unresolved *next; };
extern struct dyld_unresolved *dyld_unresolved_list;
void dyld_note_unresolved(const char *symbol, const char *library, const char *image);

/* Link every image not yet fixed up: fixups, weak coalescing, thread-locals, protections,
 * add-image callbacks (link.c; used by dyld_start and dlopen alike). */
int dyld_link_new_images(struct mr_error *err);
/* The _dyld_register_func_for_add_image callbacks (link.c): register one, which is called at
 * once for every image already linked; and call them all for a newly linked image. */
typedef void (*dyld_image_cb)(const void *mh, intptr_t slide);
void dyld_add_image_callback(dyld_image_cb cb);
void dyld_notify_add_image(struct dyld_image *img);
/* When set, lookups do not call stub resolvers (ldd inspects without running). */
extern bool dyld_dry_run;

/* Initializers (init.c). */
void dyld_run_initializers(struct dyld_image *img);

/* Thread-local variables (tlv.c): the thunk every descriptor gets (tlv_thunk.S), and its slow
 * path, which allocates the calling thread's block of the image with that key. */
void dyld_setup_tlv(struct dyld_image *img);
struct tlv_descriptor;
void *mr_tlv_get_addr(struct tlv_descriptor *desc);
void *dyld_tlv_allocate(unsigned long key);

/* Entering an LC_UNIXTHREAD program (entry.c): a fresh stack laid out as the kernel's,
 * argc, argv..., NULL, envp..., NULL, apple..., NULL, then entry.S's mr_enter_thread switches
 * to it and jumps to rip with cleared registers. */
_Noreturn void dyld_enter_thread(uint64_t rip, int argc, char **argv, char **envp, char **apple);
_Noreturn void mr_enter_thread(uint64_t rip, uint64_t sp);

/* stub_binder.S: dyld_stub_binder (exported as libdyld's), which calls dyld_lazy_bind
 * (fixups.c) with the address the stub helper pushed and the lazy-bind offset. */
void mr_dyld_stub_binder(void);
uintptr_t dyld_lazy_bind(uintptr_t private_addr, uintptr_t offset);

#endif
