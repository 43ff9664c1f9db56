/*
 * link.c — linking the images loaded so far, for dyld_start and dlopen alike: fixups of every
 * image not yet fixed up, weak coalescing, thread-locals, final protections; then the
 * add-image callbacks (_dyld_register_func_for_add_image) hear of each newly linked image.
 */
#include "dyld_private.h"

static dyld_image_cb add_cbs[64];
static int nadd;

void dyld_notify_add_image(struct dyld_image *img)
{
    for (int k = 0; k < nadd; k++)
        add_cbs[k](img->map.base, (intptr_t)img->map.slide);
}

void dyld_add_image_callback(dyld_image_cb cb)
{
    if (nadd < 64)
        add_cbs[nadd++] = cb;
    for (struct dyld_image *i = dyld_images; i; i = i->next)
        if (!i->builtin && i->fixed)
            cb(i->map.base, (intptr_t)i->map.slide);
}

int dyld_link_new_images(struct mr_error *err)
{
    for (struct dyld_image *i = dyld_images; i; i = i->next)
        if (!i->builtin && !i->fixed && dyld_apply_fixups(i, err) < 0)
            return -1;
    if (dyld_coalesce_weak(err) < 0)
        return -1;
    for (struct dyld_image *i = dyld_images; i; i = i->next) {
        if (i->builtin || i->fixed)
            continue;
        dyld_setup_tlv(i);
        mo_protect_segments(&i->file, &i->map);
        i->fixed = true;
        dyld_notify_add_image(i);
    }
    return 0;
}
