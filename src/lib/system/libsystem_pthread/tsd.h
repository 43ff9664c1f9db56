/* tsd.h — what tsd.c offers pthread_core.c (private to libsystem_pthread): the TSD array of a
 * thread whose pthread record holds it. darwin_tsd_init_thread, which other libraries call, is
 * in machrun/darwin/private.h. */
#ifndef MACHRUN_LIBSYSTEM_PTHREAD_TSD_H
#define MACHRUN_LIBSYSTEM_PTHREAD_TSD_H

/* Set %gs for the calling thread to slots (in its pthread record, freed with it). */
void darwin_tsd_init_thread_in(void *pthread_self, void **slots);
/* The calling thread's TSD slots, NULL before darwin_tsd_init_thread. */
void **darwin_tsd_slots(void);

#endif
