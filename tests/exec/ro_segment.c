/* ro_segment.c — pointers (two rebases and a bind) in a segment whose initprot is read-only
 * (-segprot __ROPTRS r r): machrun maps such segments read-only from the start and must make
 * this one writable for its fixups, then read-only again, so that a write to it faults. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
static int x = 42;
static const char hello[] = "read-only pointers fixed up";
__attribute__((section("__ROPTRS,__ptrs"), used)) static const void *const tbl[] = { hello, &x, (const void *)&puts };
static sigjmp_buf env;
static void on_fault(int sig) { siglongjmp(env, sig); }
int main(void)
{
    puts((const char *)tbl[0]);
    printf("%d %d\n", *(const int *)tbl[1], tbl[2] == (const void *)&puts);
    signal(SIGSEGV, on_fault);
    signal(SIGBUS, on_fault);
    if (sigsetjmp(env, 1) == 0) {
        *(const void *volatile *)&tbl[1] = 0;
        puts("the write went through");
    } else {
        puts("a write faults");
    }
    return 0;
}
