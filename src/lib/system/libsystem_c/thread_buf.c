/*
 * thread_buf.c — the per-thread buffers Darwin functions return their results in (basename,
 * dirname, dlerror), allocated on a thread's first use and freed when the thread exits.
 * As __thread arrays they were 12 KiB of every thread's static TLS, which glibc clears at
 * each thread's start: three pages written per thread, used or not.
 */
#include <pthread.h>
#include <stdlib.h>

#include "machrun/darwin.h"

static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static __thread void *bufs[DARWIN_TBUF_COUNT];

static void free_bufs(void *unused)
{
    (void)unused;
    for (int i = 0; i < DARWIN_TBUF_COUNT; i++) {
        free(bufs[i]);
        bufs[i] = NULL;
    }
}

static void make_key(void)
{
    pthread_key_create(&key, free_bufs);
}

void *darwin_thread_buffer(enum darwin_tbuf which, size_t size)
{
    if (!bufs[which]) {
        pthread_once(&once, make_key);
        bufs[which] = malloc(size);
        pthread_setspecific(key, (void *)1); /* a non-NULL value, so that the destructor runs */
    }
    return bufs[which];
}
