/* proc_shell.c — system() and popen() of command lines only a shell can run, that start this
 * very program (a Mach-O under machrun): a redirection, a pipeline, && and a subshell, an
 * assignment in front, through `sh -c` and through `env`; the shell and the programs it
 * starts see the environment they were given. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "self_path.h"

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "child")) {
        const char *v = getenv("GREETING");
        printf("child %s%s\n", argc > 2 ? argv[2] : "-", v ? v : "");
        return argc > 3 ? atoi(argv[3]) : 0;
    }
    char self[4096], cmd[8192];
    self_path(self, sizeof self);
    snprintf(cmd, sizeof cmd, "'%s' child redirected > out.txt && cat out.txt", self);
    int st = system(cmd);
    printf("system redirect: exit %d\n", WEXITSTATUS(st));
    snprintf(cmd, sizeof cmd, "'%s' child piped | tr a-z A-Z", self);
    st = system(cmd);
    printf("system pipe: exit %d\n", WEXITSTATUS(st));
    snprintf(cmd, sizeof cmd, "GREETING=' hello' '%s' child assigned; ('%s' child sub x 3); echo status $?", self, self);
    st = system(cmd);
    printf("system compound: exit %d\n", WEXITSTATUS(st));
    snprintf(cmd, sizeof cmd, "env GREETING=' via env' '%s' child env 5", self);
    st = system(cmd);
    printf("system env: exit %d\n", WEXITSTATUS(st));
    fflush(stdout);
    snprintf(cmd, sizeof cmd, "'%s' child popen | sed 's/child/CHILD/'", self);
    FILE *f = popen(cmd, "r");
    char line[256];
    while (f && fgets(line, sizeof line, f))
        printf("popen read: %s", line);
    int pst = f ? pclose(f) : -1;
    printf("pclose: %d\n", WEXITSTATUS(pst));
    st = system("env | grep -c -e LD_PRELOAD -e MACHRUN; echo ${LD_PRELOAD:-unset} ${MACHRUN_EXE:-unset}");
    printf("environment clean: exit %d\n", WEXITSTATUS(st));
    return 0;
}
