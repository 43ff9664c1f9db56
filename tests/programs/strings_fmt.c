/* strings_fmt.c — string functions and printf/scanf formatting. */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int main(void)
{
    char buf[128];
    const char *s = "The quick brown fox";
    printf("strlen=%zu strchr=%s strrchr=%s strstr=%s\n", strlen(s), strchr(s, 'q'), strrchr(s, 'o'), strstr(s, "brown"));
    printf("strcmp=%d strncmp=%d strcasecmp=%d\n", strcmp("abc", "abd") < 0, strncmp("abc", "abd", 2), strcasecmp("HeLLo", "hello"));
    strcpy(buf, "alpha");
    strcat(buf, "-beta");
    strncat(buf, "-gamma-delta", 6);
    printf("buf=%s spn=%zu cspn=%zu\n", buf, strspn(buf, "alph"), strcspn(buf, "-"));
    char tok[] = "a,b,,c";
    for (char *p = strtok(tok, ","); p; p = strtok(NULL, ","))
        printf("tok=%s\n", p);
    char *d = strdup("duplicate");
    printf("strdup=%s memcmp=%d\n", d, memcmp(d, "dup", 3));
    free(d);
    memset(buf, 'x', 10);
    buf[10] = 0;
    printf("memset=%s\n", buf);
    memmove(buf + 2, buf, 5);
    printf("%d %i %u %x %X %o %c %%\n", -42, 17, 3000000000u, 0xbeef, 0xcafe, 8, 'Z');
    printf("[%5d] [%-5d] [%05d] [%+d] [% d]\n", 42, 42, 42, 42, 42);
    printf("%ld %lld %lu %zu %jd\n", LONG_MIN, LLONG_MAX, ULONG_MAX, (size_t)12345, (intmax_t)-7);
    printf("%f %.3f %e %g %g %a\n", 3.14159, 2.0 / 3, 12345.678, 0.0001, 1e20, 1.0);
    printf("[%10.4s] [%-10s] [%.*s]\n", "abcdefgh", "left", 3, "precision");
    printf("%s\n", (char *)0 == NULL ? "null check ok" : "bad");
    snprintf(buf, 8, "%s", "truncated string");
    printf("snprintf=%s ret=%d\n", buf, snprintf(NULL, 0, "%d", 123456));
    int a, b;
    char w[16];
    float f;
    int n = sscanf("12 34 word 2.5", "%d %d %15s %f", &a, &b, w, &f);
    printf("sscanf n=%d a=%d b=%d w=%s f=%.1f\n", n, a, b, w, f);
    printf("strtol=%ld strtoul=%lu atoi=%d strtod=%.2f\n", strtol("-0x1f", NULL, 16), strtoul("777", NULL, 8), atoi("  99x"), strtod("1.5e2", NULL));
    printf("toupper=%c isdigit=%d isspace=%d isalpha=%d\n", toupper('q'), !!isdigit('7'), !!isspace('\t'), !!isalpha('3'));
    char *out;
    int len = asprintf(&out, "%s-%d", "asprintf", 7);
    printf("%s %d\n", out, len);
    free(out);
    return 0;
}
