/* cpu.c — CPU-bound work with no library calls in the loop: guest code runs natively. */
#include <stdio.h>
int main(void)
{
    unsigned long count = 0;
    for (unsigned n = 2; n < 3000000; n++) {
        int prime = 1;
        for (unsigned d = 2; d * d <= n; d++)
            if (n % d == 0) {
                prime = 0;
                break;
            }
        count += prime;
    }
    printf("%lu\n", count);
    return 0;
}
