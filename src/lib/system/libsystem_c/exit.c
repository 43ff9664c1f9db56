/*
 * exit.c — exit(3) for guests (libsystem_c): darwin_exit runs the main thread's
 * thread-local destructors (dyld's TLV), then the atexit/__cxa_atexit handlers and the stdio
 * flush of exit. dyld's start calls it with main's return value.
 */
#include <stdlib.h>

#include "machrun/darwin/private.h"
#include "machrun/dyld.h"

_Noreturn void darwin_exit(int status)
{
    dyld_tlv_run_main_thread_dtors();
    exit(status);
}
DARWIN_EXPORT("_exit", darwin_exit);
