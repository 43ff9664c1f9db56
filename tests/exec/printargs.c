/* printargs.c — prints its arguments: the interpreter of the #! test and the fat/thin test. */
#include <stdio.h>
int main(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        printf("[%d] %s\n", i, argv[i]);
    return argc;
}
