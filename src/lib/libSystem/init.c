/*
 * init.c — libSystem's initializer and the end of the process: darwin_init runs before any
 * guest initializer (TSD of the main thread, stdio), darwin_exit is exit(3) for guests
 * (thread-local destructors of the main thread, atexit/__cxa_atexit handlers, stdio flush).
 */
#include <stdlib.h>

#include "machrun/darwin/private.h"

struct darwin_process darwin_proc;

void darwin_stdio_init(void);
void darwin_pthread_init_main(void);
void darwin_signals_init(void);
void dyld_tlv_run_main_thread_dtors(void);

void darwin_init(void)
{
    darwin_pthread_init_main(); /* the main thread's pthread_t and its TSD behind %gs */
    darwin_stdio_init();
    darwin_signals_init(); /* Darwin's default actions where Linux's differ (SIGIO) */
}

_Noreturn void darwin_exit(int status)
{
    dyld_tlv_run_main_thread_dtors();
    exit(status);
}
DARWIN_EXPORT("_exit", darwin_exit);
