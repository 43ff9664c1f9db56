/* A fresh thread attribute reports the platform's own SCHED_OTHER, and an unknown policy is refused. */
#include <pthread.h>
#include <stdio.h>
#include <sched.h>
int main(void){pthread_attr_t a; int p=-1; pthread_attr_init(&a); pthread_attr_getschedpolicy(&a,&p); printf("%d %d\n", p == SCHED_OTHER, pthread_attr_setschedpolicy(&a, 12345) != 0); return 0;}
