/* proc_system.c — system() and popen() running this same program (the Mach-O build under
 * machrun must re-enter machrun; quotes and backslashes unquoted as sh does), the child's
 * exit status through WEXITSTATUS, popen in both directions with pclose's status, and
 * command lines that need the shell (a pipeline, a redirection, $VAR). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "self_path.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        printf("child argc=%d", argc);
        for (int i = 2; i < argc; i++)
            printf(" <%s>", argv[i]);
        printf("\n");
        return 7;
    }
    if (argc > 1 && strcmp(argv[1], "echo") == 0) {
        char line[128];
        while (fgets(line, sizeof line, stdin))
            printf("echoed: %s", line);
        return 3;
    }
    char self[1024], cmd[2048];
    self_path(self, sizeof self);
    setvbuf(stdout, NULL, _IONBF, 0);

    snprintf(cmd, sizeof cmd, "'%s' child one 'two words' \"three \\\"q\\\"\" four\\ five", self);
    int st = system(cmd);
    printf("system: exited=%d status=%d\n", WIFEXITED(st), WEXITSTATUS(st));

    printf("system(NULL): %d\n", system(NULL) != 0);

    snprintf(cmd, sizeof cmd, "'%s' child from-popen", self);
    FILE *p = popen(cmd, "r");
    char line[256];
    while (p && fgets(line, sizeof line, p))
        printf("popen read: %s", line);
    st = pclose(p);
    printf("pclose: status=%d\n", WEXITSTATUS(st));

    snprintf(cmd, sizeof cmd, "'%s' echo", self);
    p = popen(cmd, "w");
    fputs("line 1\nline 2\n", p);
    st = pclose(p);
    printf("pclose (w): status=%d\n", WEXITSTATUS(st));

    st = system("echo piped | tr a-z A-Z");
    printf("shell pipeline: status=%d\n", WEXITSTATUS(st));
    setenv("MR_SYSTEM_VAR", "from the environment", 1);
    st = system("echo \"$MR_SYSTEM_VAR\"; exit 5");
    printf("shell variables: status=%d\n", WEXITSTATUS(st));
    p = popen("printf 'a\\nb\\n' | wc -l", "r");
    if (p && fgets(line, sizeof line, p))
        printf("shell popen: %d\n", atoi(line));
    pclose(p);
    return 0;
}
