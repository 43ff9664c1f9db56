/* threads.c — thread creation and join. */
#include <pthread.h>
#include <stdio.h>

static void *work(void *arg) { return arg; }

int main(void)
{
    long n = 0;
    for (int i = 0; i < 2000; i++) {
        pthread_t t;
        void *r;
        pthread_create(&t, NULL, work, (void *)1);
        pthread_join(t, &r);
        n += (long)r;
    }
    printf("%ld\n", n);
    return 0;
}
