/* lifecycle.c — constructors, destructors, atexit order, thread-local variables, exit(). */
#include <stdio.h>
#include <stdlib.h>

static _Thread_local int tls_counter = 5;
static _Thread_local char tls_buf[32];
static int order;

__attribute__((constructor)) static void ctor1(void) { printf("ctor1 order=%d\n", order++); }
__attribute__((constructor)) static void ctor2(void) { printf("ctor2 order=%d\n", order++); }
__attribute__((destructor)) static void dtor1(void) { printf("dtor1\n"); }

static void at1(void) { printf("atexit 1\n"); }
static void at2(void) { printf("atexit 2\n"); }

int main(void)
{
    printf("main order=%d tls=%d\n", order, tls_counter);
    tls_counter += 10;
    snprintf(tls_buf, sizeof tls_buf, "tls %d", tls_counter);
    printf("%s\n", tls_buf);
    atexit(at1);
    atexit(at2);
    exit(7);
}
