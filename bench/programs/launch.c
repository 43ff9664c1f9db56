/* launch.c — the smallest program: measures launch (mapping, fixups, symbol lookup). */
#include <stdio.h>
int main(void)
{
    puts("hi");
    return 0;
}
