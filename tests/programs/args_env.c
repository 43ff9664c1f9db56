/* args_env.c — arguments (with spaces), the environment, stdout and stderr, exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(int argc, char **argv, char **envp)
{
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d]=<%s> len=%zu\n", i, argv[i], strlen(argv[i]));
    fprintf(stderr, "to stderr: %s\n", argc > 1 ? argv[1] : "(none)");

    int n = 0;
    while (environ[n])
        n++;
    char **copy = malloc(sizeof(char *) * (size_t)n);
    memcpy(copy, environ, sizeof(char *) * (size_t)n);
    qsort(copy, (size_t)n, sizeof(char *), cmp);
    for (int i = 0; i < n; i++)
        if (strncmp(copy[i], "HOME=", 5))
            printf("env: %s\n", copy[i]);
    printf("envp == environ: %d\n", envp == environ);

    printf("GREETING=%s\n", getenv("GREETING") ? getenv("GREETING") : "(unset)");
    setenv("GREETING", "changed", 0);
    printf("after setenv(no overwrite): %s\n", getenv("GREETING"));
    setenv("GREETING", "changed", 1);
    printf("after setenv(overwrite): %s\n", getenv("GREETING"));
    unsetenv("GREETING");
    printf("after unsetenv: %s\n", getenv("GREETING") ? "still set" : "gone");
    setenv("NEW_ONE", "x=y", 1);
    int found = 0;
    for (char **e = environ; *e; e++)
        if (!strcmp(*e, "NEW_ONE=x=y"))
            found = 1;
    printf("NEW_ONE in environ: %d\n", found);
    free(copy);
    fflush(stdout);
    fprintf(stderr, "exiting with %d\n", 40 + argc);
    return 40 + argc;
}
