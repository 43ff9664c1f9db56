/* hello.c — the README's demo: a macOS program that prints its arguments and environment. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    printf("Hello from a Mach-O program running on Linux under machrun!\n");
    for (int i = 0; i < argc; i++)
        printf("argv[%d] = %s\n", i, argv[i]);
    const char *user = getenv("USER");
    printf("USER = %s\n", user ? user : "(unset)");
    return 0;
}
