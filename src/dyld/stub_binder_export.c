/*
 * stub_binder_export.c — libdyld's dyld_stub_binder export: the lazy-binding entry point of
 * stub_binder.S, which old (non-chained-fixup) binaries' stub helpers jump to.
 */
#include "machrun/darwin/private.h"

#include "dyld_private.h"

DARWIN_EXPORT("dyld_stub_binder", mr_dyld_stub_binder);
