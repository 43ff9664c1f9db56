/* forkexec.c — fork and exec of a child program given as argv[1] (a Mach-O under machrun). */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    int ok = 0;
    for (int i = 0; i < 50; i++) {
        pid_t p = fork();
        if (p == 0) {
            execl(argv[1], argv[1], (char *)NULL);
            _exit(127);
        }
        int st;
        waitpid(p, &st, 0);
        ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    printf("%d\n", ok);
    return 0;
}
