/*
 * sched.h — Darwin's scheduling policies (<sys/sched.h>: SCHED_OTHER is 1 on Darwin, 0 on
 * Linux), shared by the thread attributes (pthread_core.c) and the per-thread parameters
 * (sched.c) of libsystem_pthread.
 */
#ifndef MACHRUN_LIBSYSTEM_PTHREAD_SCHED_H
#define MACHRUN_LIBSYSTEM_PTHREAD_SCHED_H

#define D_SCHED_OTHER 1
#define D_SCHED_FIFO 4
#define D_SCHED_RR 2

#endif
