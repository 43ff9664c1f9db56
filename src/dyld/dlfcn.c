/*
 * dlfcn.c — dyld's API to programs: dlopen/dlsym/dlclose/dladdr/dlerror with Darwin's
 * RTLD_* values and special handles, the _dyld_* image list (Mach-O images only: machrun's
 * built-in libraries have no mach header to show), add/remove-image callbacks,
 * _dyld_find_unwind_sections, and the SDK/OS version queries.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dyld_private.h"

/* Darwin's <dlfcn.h> */
#define D_RTLD_LAZY 0x1
#define D_RTLD_NOW 0x2
#define D_RTLD_LOCAL 0x4
#define D_RTLD_GLOBAL 0x8
#define D_RTLD_NOLOAD 0x10
#define D_RTLD_NODELETE 0x80
#define D_RTLD_FIRST 0x100
#define D_RTLD_NEXT ((void *)-1)
#define D_RTLD_DEFAULT ((void *)-2)
#define D_RTLD_SELF ((void *)-3)
#define D_RTLD_MAIN_ONLY ((void *)-5)

#define DL_ERROR_MAX 4096
static __thread bool dl_error_set;

static void set_error(const char *fmt, const char *a, const char *b)
{
    char *buf = darwin_thread_buffer(DARWIN_TBUF_DLERROR, DL_ERROR_MAX);
    if (buf)
        snprintf(buf, DL_ERROR_MAX, fmt, a, b);
    dl_error_set = buf != NULL;
}

uint32_t dyld_macho_image_count(void)
{
    uint32_t n = 0;
    for (struct dyld_image *i = dyld_images; i; i = i->next)
        if (!i->builtin && i->fixed)
            n++;
    return n;
}

struct dyld_image *dyld_macho_image(uint32_t index)
{
    for (struct dyld_image *i = dyld_images; i; i = i->next)
        if (!i->builtin && i->fixed && index-- == 0)
            return i;
    return NULL;
}

struct dyld_image *dyld_image_containing(uintptr_t addr)
{
    for (struct dyld_image *i = dyld_images; i; i = i->next)
        if (!i->builtin && addr >= i->map.start && addr < i->map.end)
            return i;
    return NULL;
}

/* ---- add/remove image callbacks (the add list and its calls: link.c) ---- */
static dyld_image_cb remove_cbs[64];
static int nremove;

static void d_register_add(dyld_image_cb cb)
{
    dyld_add_image_callback(cb);
}
DARWIN_EXPORT("__dyld_register_func_for_add_image", d_register_add);

static void d_register_remove(dyld_image_cb cb)
{
    if (nremove < 64)
        remove_cbs[nremove++] = cb; /* images are never unmapped (dlclose keeps them), so never called */
}
DARWIN_EXPORT("__dyld_register_func_for_remove_image", d_register_remove);

static uint32_t d_image_count(void) { return dyld_macho_image_count(); }
DARWIN_EXPORT("__dyld_image_count", d_image_count);

static const void *d_get_image_header(uint32_t i)
{
    struct dyld_image *img = dyld_macho_image(i);
    return img ? img->map.base : NULL;
}
DARWIN_EXPORT("__dyld_get_image_header", d_get_image_header);

static intptr_t d_get_image_vmaddr_slide(uint32_t i)
{
    struct dyld_image *img = dyld_macho_image(i);
    return img ? (intptr_t)img->map.slide : 0;
}
DARWIN_EXPORT("__dyld_get_image_vmaddr_slide", d_get_image_vmaddr_slide);

static const char *d_get_image_name(uint32_t i)
{
    struct dyld_image *img = dyld_macho_image(i);
    return img ? img->path : NULL;
}
DARWIN_EXPORT("__dyld_get_image_name", d_get_image_name);

static intptr_t d_get_image_slide(const void *mh)
{
    for (struct dyld_image *i = dyld_images; i; i = i->next)
        if (!i->builtin && i->map.base == mh)
            return (intptr_t)i->map.slide;
    return 0;
}
DARWIN_EXPORT("__dyld_get_image_slide", d_get_image_slide);

static bool d_get_image_uuid(const void *mh, uint8_t uuid[16])
{
    for (struct dyld_image *i = dyld_images; i; i = i->next)
        if (!i->builtin && i->map.base == mh && i->file.mo.has_uuid) {
            memcpy(uuid, i->file.mo.uuid, 16);
            return true;
        }
    return false;
}
DARWIN_EXPORT("__dyld_get_image_uuid", d_get_image_uuid);

struct dyld_unwind_sections {
    const void *mh;
    const void *dwarf_section;
    intptr_t dwarf_section_length;
    const void *compact_unwind_section;
    intptr_t compact_unwind_section_length;
};

static bool d_find_unwind_sections(void *addr, struct dyld_unwind_sections *info)
{
    struct dyld_image *img = dyld_image_containing((uintptr_t)addr);
    if (!img)
        return false;
    memset(info, 0, sizeof *info);
    info->mh = img->map.base;
    const struct mo_section *eh = mo_find_section(&img->file.mo, "__TEXT", "__eh_frame");
    const struct mo_section *cu = mo_find_section(&img->file.mo, "__TEXT", "__unwind_info");
    if (eh) {
        info->dwarf_section = (const void *)(uintptr_t)(eh->addr + img->map.slide);
        info->dwarf_section_length = (intptr_t)eh->size;
    }
    if (cu) {
        info->compact_unwind_section = (const void *)(uintptr_t)(cu->addr + img->map.slide);
        info->compact_unwind_section_length = (intptr_t)cu->size;
    }
    return true;
}
DARWIN_EXPORT("__dyld_find_unwind_sections", d_find_unwind_sections);

static const char *d_get_shared_cache_range(size_t *len)
{
    *len = 0;
    return NULL; /* there is no shared cache: every library is either built in or a file */
}
DARWIN_EXPORT("__dyld_get_shared_cache_range", d_get_shared_cache_range);

static bool d_shared_cache_some_image_overridden(void) { return false; }
DARWIN_EXPORT("__dyld_shared_cache_some_image_overridden", d_shared_cache_some_image_overridden);

/* The platform and versions machrun reports: macOS 13.0, SDK 13.0. */
#define MR_OS_VERSION 0x000d0000u
static uint32_t d_get_active_platform(void) { return 1; /* PLATFORM_MACOS */ }
static uint32_t d_get_sdk_version(const void *mh) { (void)mh; return MR_OS_VERSION; }
static uint32_t d_get_program_sdk_version(void) { return MR_OS_VERSION; }
static uint32_t d_get_min_os_version(const void *mh) { (void)mh; return 0x000a0f00u; }
DARWIN_EXPORT("_dyld_get_active_platform", d_get_active_platform);
DARWIN_EXPORT("_dyld_get_sdk_version", d_get_sdk_version);
DARWIN_EXPORT("_dyld_get_program_sdk_version", d_get_program_sdk_version);
DARWIN_EXPORT("_dyld_get_min_os_version", d_get_min_os_version);
DARWIN_EXPORT("_dyld_get_program_min_os_version", d_get_program_sdk_version);

/* ---- dlopen family ---- */
static struct dyld_image *caller_image(const void *ret)
{
    struct dyld_image *img = dyld_image_containing((uintptr_t)ret);
    return img ? img : dyld_main_image;
}

static void *do_dlopen(const char *path, int mode, const void *caller)
{
    if (!path)
        return dyld_main_image;
    if (mode & D_RTLD_NOLOAD) {
        for (struct dyld_image *i = dyld_images; i; i = i->next)
            if (!strcmp(i->path, path) || !strcmp(i->install_name, path)) {
                i->refcount++;
                return i;
            }
        return NULL;
    }
    struct mr_error err;
    struct dyld_image *img = dyld_load_library(path, caller_image(caller), &err);
    if (!img) {
        set_error("dlopen(%s): %s", path, err.msg);
        return NULL;
    }
    if (img->fixed || img->builtin) {
        img->refcount++;
        return img;
    }
    if (dyld_load_dependencies(img, &err) < 0 || dyld_link_new_images(&err) < 0) {
        set_error("dlopen(%s): %s", path, err.msg);
        return NULL;
    }
    dyld_run_initializers(NULL);
    return img;
}

static void *d_dlopen(const char *path, int mode)
{
    return do_dlopen(path, mode, __builtin_return_address(0));
}
DARWIN_EXPORT("_dlopen", d_dlopen);

static bool d_dlopen_preflight(const char *path)
{
    return access(path, R_OK) == 0 || (path[0] != '/' && path[0] != '@');
}
DARWIN_EXPORT_PARTIAL("_dlopen_preflight", d_dlopen_preflight);

static bool search_image(struct dyld_image *img, const char *name, struct dyld_symbol *s, int depth)
{
    if (!img || depth > 32)
        return false;
    if (dyld_lookup_in_image(img, name, s, 0))
        return true;
    for (uint32_t k = 0; k < img->ndeps; k++)
        if (search_image(img->deps[k], name, s, depth + 1))
            return true;
    return false;
}

static void *d_dlsym(void *handle, const char *sym)
{
    char name[1024];
    snprintf(name, sizeof name, "_%s", sym);
    struct dyld_symbol s;
    bool found = false;
    if (handle == D_RTLD_DEFAULT) {
        for (struct dyld_image *i = dyld_images; i && !found; i = i->next)
            found = dyld_lookup_in_image(i, name, &s, 0);
    } else if (handle == D_RTLD_NEXT || handle == D_RTLD_SELF) {
        struct dyld_image *me = caller_image(__builtin_return_address(0));
        struct dyld_image *i = handle == D_RTLD_NEXT ? me->next : me;
        for (; i && !found; i = i->next)
            found = dyld_lookup_in_image(i, name, &s, 0);
    } else if (handle == D_RTLD_MAIN_ONLY) {
        found = dyld_lookup_in_image(dyld_main_image, name, &s, 0);
    } else {
        struct dyld_image *img = handle;
        bool valid = false;
        for (struct dyld_image *i = dyld_images; i; i = i->next)
            if (i == img)
                valid = true;
        if (!valid) {
            set_error("dlsym(%s, %s): invalid handle", "?", sym);
            return NULL;
        }
        found = search_image(img, name, &s, 0);
    }
    if (!found) {
        char h[32];
        snprintf(h, sizeof h, "%p", handle);
        set_error("dlsym(%s, %s): symbol not found", h, sym);
        return NULL;
    }
    return (void *)s.addr;
}
DARWIN_EXPORT("_dlsym", d_dlsym);

static int d_dlclose(void *handle)
{
    struct dyld_image *img = handle;
    for (struct dyld_image *i = dyld_images; i; i = i->next)
        if (i == img) {
            if (img->refcount > 0)
                img->refcount--;
            return 0; /* images stay mapped (as dyld does for images with live references) */
        }
    set_error("dlclose(%s): invalid handle%s", "?", "");
    return -1;
}
DARWIN_EXPORT_PARTIAL("_dlclose", d_dlclose);

static char *d_dlerror(void)
{
    if (!dl_error_set)
        return NULL;
    dl_error_set = false;
    return darwin_thread_buffer(DARWIN_TBUF_DLERROR, DL_ERROR_MAX);
}
DARWIN_EXPORT("_dlerror", d_dlerror);

typedef struct {
    const char *dli_fname;
    void *dli_fbase;
    const char *dli_sname;
    void *dli_saddr;
} d_Dl_info;

static int d_dladdr(const void *addr, d_Dl_info *info)
{
    memset(info, 0, sizeof *info);
    struct dyld_image *img = dyld_image_containing((uintptr_t)addr);
    if (!img) {
        /* An implementation of machrun's own built-in libraries? */
        const struct darwin_export *b = __start_darwin_exports, *e = b + darwin_export_count();
        for (const struct darwin_export *x = b; x < e; x++)
            if (darwin_export_addr(x) == addr) {
                info->dli_fname = dyld_builtin_libs[x->lib].install_name;
                info->dli_sname = x->name + 1;
                info->dli_saddr = darwin_export_addr(x);
                return 1;
            }
        return 0;
    }
    info->dli_fname = img->path;
    info->dli_fbase = img->map.base;
    const struct mo_image *mo = &img->file.mo;
    uint64_t target = (uintptr_t)addr - img->map.slide, best = 0;
    const char *best_name = NULL;
    for (uint32_t k = 0; k < mo->nsyms; k++) {
        struct mo_symbol s;
        struct mo_error err;
        if (mo_symbol_at(mo, k, &s, &err) < 0)
            break;
        if ((s.type & 0xe0) || (s.type & 0x0e) != 0x0e || !s.name[0])
            continue; /* stabs, and anything not defined in a section */
        if (s.value <= target && s.value >= best) {
            best = s.value;
            best_name = s.name;
        }
    }
    if (best_name) {
        info->dli_sname = best_name[0] == '_' ? best_name + 1 : best_name;
        info->dli_saddr = (void *)(uintptr_t)(best + img->map.slide);
    }
    return 1;
}
DARWIN_EXPORT("_dladdr", d_dladdr);
