/*
 * atfork.c — pthread_atfork: glibc's handlers run in Darwin's order (prepare in reverse
 * registration order, parent and child in registration order).
 */
#define _GNU_SOURCE
#include <pthread.h>

#include "machrun/darwin/private.h"

static int d_pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void))
{
    return dreturn_err(pthread_atfork(prepare, parent, child));
}
DARWIN_EXPORT("_pthread_atfork", d_pthread_atfork);
