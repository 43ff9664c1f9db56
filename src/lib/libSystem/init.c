/*
 * init.c — libSystem's initializer: darwin_init runs before any guest initializer (TSD of
 * the main thread, stdio, Darwin's default signal actions), and last libsystem_secinit's,
 * which puts the App Sandbox in force before any of the program's own code runs. The end of
 * the process, exit(3), is libsystem_c/exit.c.
 */

#include "machrun/darwin/init.h"
#include "machrun/darwin/private.h"

struct darwin_process darwin_proc;

int darwin_init(const struct darwin_init_info *info, struct mr_error *err)
{
    darwin_pthread_init_main(); /* the main thread's pthread_t and its TSD behind %gs */
    darwin_stdio_init();
    darwin_signals_init(); /* Darwin's default actions where Linux's differ (SIGIO) */
    return darwin_secinit_initializer(info, err);
}
