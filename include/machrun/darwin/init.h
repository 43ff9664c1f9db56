/* init.h — the per-area start-up calls darwin_init (libSystem/init.c) makes before any guest
 * initializer runs. */
#ifndef MACHRUN_DARWIN_INIT_H
#define MACHRUN_DARWIN_INIT_H

void darwin_pthread_init_main(void); /* pthread_core.c: the main thread's pthread_t and TSD */
void darwin_stdio_init(void);        /* stdio.c */
void darwin_signals_init(void);      /* signal_core.c: Darwin's default actions */
/* libsystem_secinit/secinit.c (_libsecinit_initializer): apply the App Sandbox if the
 * entitlements ask for it. 0, or a negative MO_E* code with ERR filled. */
struct darwin_init_info;
struct mr_error;
int darwin_secinit_initializer(const struct darwin_init_info *info, struct mr_error *err);

#endif
