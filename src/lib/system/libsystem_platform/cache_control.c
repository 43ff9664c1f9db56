/*
 * cache_control.c — sys_icache_invalidate and sys_dcache_flush: x86 keeps instruction and
 * data caches coherent, so both are no-ops.
 */
#include <stddef.h>

#include "machrun/darwin/private.h"

static void d_sys_icache_invalidate(void *a, size_t n) { (void)a; (void)n; } /* coherent on x86 */
DARWIN_EXPORT("_sys_icache_invalidate", d_sys_icache_invalidate);
DARWIN_EXPORT("_sys_dcache_flush", d_sys_icache_invalidate);
