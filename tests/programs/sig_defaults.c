/* sig_defaults.c — Darwin's default actions where Linux's differ: SIGIO is discarded on
 * Darwin (it ends a Linux process), as are SIGURG, SIGWINCH and SIGCHLD on both; sigaction
 * still reports SIG_DFL; a handler installed later runs; SIG_DFL again discards. macOS-only
 * behaviour: checked against sig_defaults.expected. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static void on_io(int s) { got = s; }

int main(void)
{
    int sigs[] = { SIGIO, SIGURG, SIGWINCH, SIGCHLD };
    const char *names[] = { "SIGIO", "SIGURG", "SIGWINCH", "SIGCHLD" };
    for (int i = 0; i < 4; i++) {
        struct sigaction old;
        sigaction(sigs[i], NULL, &old);
        raise(sigs[i]);
        printf("%s: default %s, still running\n", names[i], old.sa_handler == SIG_DFL ? "SIG_DFL" : "other");
    }
    struct sigaction sa = { 0 };
    sa.sa_handler = on_io;
    sigaction(SIGIO, &sa, NULL);
    raise(SIGIO);
    printf("handler ran: %s\n", got == SIGIO ? "yes" : "no");
    sa.sa_handler = SIG_DFL;
    sigaction(SIGIO, &sa, NULL);
    kill(getpid(), SIGIO);
    printf("SIGIO back to SIG_DFL: still running\n");
    fflush(stdout);
    return 0;
}
