/*
 * jit.c — pthread_jit_write_protect_np and its _supported_ probe: MAP_JIT pages are always
 * writable and executable on x86_64, as on Intel Macs, so the toggle is a no-op and reports
 * itself unsupported.
 */
#include "machrun/darwin/private.h"

static void d_pthread_jit_write_protect_np(int enabled) { (void)enabled; }
DARWIN_EXPORT("_pthread_jit_write_protect_np", d_pthread_jit_write_protect_np);
static int d_pthread_jit_write_protect_supported_np(void) { return 0; }
DARWIN_EXPORT("_pthread_jit_write_protect_supported_np", d_pthread_jit_write_protect_supported_np);
