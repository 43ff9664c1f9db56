/* unimpl.c — calls a function of a system framework that machrun does not implement. */
#include <stdio.h>
extern int machrun_test_unimplemented(int);
int main(void)
{
    printf("before the call\n");
    fflush(stdout);
    return machrun_test_unimplemented(1);
}
