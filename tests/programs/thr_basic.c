/* thr_basic.c — threads: statically initialized mutexes (normal, recursive, error-checking),
 * condition variables, rwlocks, once, keys with destructors, thread-locals in threads, join
 * values, timed waits that time out, detached threads. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
#ifdef __APPLE__
static pthread_mutex_t rm = PTHREAD_RECURSIVE_MUTEX_INITIALIZER;
static pthread_mutex_t em = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER;
#else
static pthread_mutex_t rm = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static pthread_mutex_t em = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
#endif
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static long counter;
static int once_runs;
static _Thread_local int tls = 100;
static pthread_key_t key;
static int dtor_calls;

static void once_fn(void) { once_runs++; }
static void dtor(void *v) { __atomic_add_fetch(&dtor_calls, 1, __ATOMIC_SEQ_CST); free(v); }

static void *worker(void *arg)
{
    long id = (long)arg;
    pthread_once(&once, once_fn);
    for (int i = 0; i < 10000; i++) {
        pthread_mutex_lock(&m);
        counter++;
        pthread_mutex_unlock(&m);
    }
    tls += (int)id;
    int *v = malloc(sizeof *v);
    *v = (int)id;
    pthread_setspecific(key, v);
    pthread_rwlock_rdlock(&rw);
    pthread_rwlock_unlock(&rw);
    return (void *)(long)(tls * 10);
}

static int queue[8], qn;
static void *producer(void *arg)
{
    (void)arg;
    for (int i = 1; i <= 5; i++) {
        pthread_mutex_lock(&m);
        queue[qn++] = i * i;
        pthread_cond_signal(&cv);
        pthread_mutex_unlock(&m);
    }
    return NULL;
}

int main(void)
{
    pthread_key_create(&key, dtor);
    pthread_t t[8];
    for (long i = 0; i < 8; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    long sum = 0;
    for (int i = 0; i < 8; i++) {
        void *r;
        pthread_join(t[i], &r);
        sum += (long)r;
    }
    printf("counter=%ld once_runs=%d join sum=%ld main tls=%d dtor calls=%d\n", counter, once_runs, sum, tls,
           dtor_calls);

    pthread_t p;
    pthread_create(&p, NULL, producer, NULL);
    int got = 0, total = 0;
    pthread_mutex_lock(&m);
    while (got < 5) {
        while (qn == 0)
            pthread_cond_wait(&cv, &m);
        total += queue[--qn];
        got++;
    }
    pthread_mutex_unlock(&m);
    pthread_join(p, NULL);
    printf("consumed %d items, total %d\n", got, total);

    int r1 = pthread_mutex_lock(&rm), r2 = pthread_mutex_lock(&rm), r3 = pthread_mutex_unlock(&rm);
    int r4 = pthread_mutex_unlock(&rm);
    printf("recursive: %d %d %d %d\n", r1, r2, r3, r4);
    int a = pthread_mutex_lock(&em), b = pthread_mutex_lock(&em), c = pthread_mutex_unlock(&em);
    printf("errorcheck relock: %d %s %d\n", a, b == EDEADLK ? "EDEADLK" : "other", c);
    int d = pthread_mutex_trylock(&m), e = pthread_mutex_trylock(&m);
    printf("trylock: %d %s\n", d, e == EBUSY ? "EBUSY" : "other");
    pthread_mutex_unlock(&m);

    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 20000000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&m);
    int tw = pthread_cond_timedwait(&cv, &m, &ts);
    pthread_mutex_unlock(&m);
    printf("timedwait: %s\n", tw == ETIMEDOUT ? "ETIMEDOUT" : "other");

    int w = pthread_rwlock_wrlock(&rw);
    int tr = pthread_rwlock_tryrdlock(&rw);
    pthread_rwlock_unlock(&rw);
    printf("rwlock: wr=%d tryrd=%s\n", w, tr == EBUSY ? "EBUSY" : "other");

    pthread_attr_t at;
    pthread_attr_init(&at);
    size_t ss = 0;
    pthread_attr_setstacksize(&at, 1 << 20);
    pthread_attr_getstacksize(&at, &ss);
    printf("stacksize: %zu\n", ss);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    int ds = 0;
    pthread_attr_getdetachstate(&at, &ds);
    printf("detached attr: %d\n", ds == PTHREAD_CREATE_DETACHED);
    pthread_attr_destroy(&at);
    printf("self equal: %d\n", pthread_equal(pthread_self(), pthread_self()));
    return 0;
}
