/* writer.c — a Mach-O job for the launchd tests: writes its arguments and an environment
 * variable to stdout, then exits with the status given as its first argument. */
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
    printf("job says:");
    for (int i = 2; i < argc; i++)
        printf(" %s", argv[i]);
    printf(" (GREETING=%s)\n", getenv("GREETING") ? getenv("GREETING") : "unset");
    return argc > 1 ? atoi(argv[1]) : 0;
}
