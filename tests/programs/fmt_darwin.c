/* fmt_darwin.c — printf output that is Darwin's own (compared with fmt_darwin.expected):
 * %p of a null pointer is "0x0" (glibc prints "(nil)"), with flags, widths and * widths. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    void *nil = NULL;
    printf("[%p]\n", nil);
    printf("[%10p]\n", nil);
    printf("[%-10p]|\n", nil);
    printf("[%*p] %d\n", 6, nil, 42);
    printf("%s %p %s %d\n", "a", nil, "b", 7);
    char buf[64];
    snprintf(buf, sizeof buf, "%p|%p", nil, (void *)0x1234);
    printf("%s\n", buf);
    char *s;
    asprintf(&s, "%5.2f %p %ld", 3.14159, nil, 99L);
    printf("%s\n", s);
    free(s);
    fprintf(stderr, "to stderr: %p\n", nil);
    printf("non-null starts with 0x: %d\n", snprintf(buf, sizeof buf, "%p", (void *)buf) > 2 && !strncmp(buf, "0x", 2));
    printf("%%p literal: 100%%\n");
    return 0;
}
