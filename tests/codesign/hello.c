/* hello.c — the codesign tests' program: prints a line that depends on its arguments and
 * carries a table big enough that __TEXT spans several pages (so several page hashes). */
#include <stdio.h>
#include <string.h>

static const char table[3 * 4096] = "codesign test table";

int main(int argc, char **argv)
{
    unsigned sum = 0;
    for (size_t i = 0; i < sizeof table; i++)
        sum += (unsigned char)table[i];
    printf("hello %d %s %u\n", argc, argc > 1 ? argv[1] : "-", sum % 1000);
    return 0;
}
