/* stdio_files.c — fopen modes, reading and writing, seeking, getc/putc, ungetc, fgets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    FILE *f = fopen("data.txt", "w");
    if (!f) {
        perror("fopen");
        return 1;
    }
    for (int i = 0; i < 5; i++)
        fprintf(f, "line %d: %s\n", i, i % 2 ? "odd" : "even");
    fputs("tail\n", f);
    putc('!', f);
    fputc('\n', f);
    printf("ftell after write=%ld\n", ftell(f));
    fclose(f);

    f = fopen("data.txt", "r");
    char line[64];
    int n = 0;
    while (fgets(line, sizeof line, f))
        printf("read[%d]=%s", n++, line);
    printf("feof=%d ferror=%d\n", feof(f) != 0, ferror(f) != 0);
    rewind(f);
    int c = getc(f);
    printf("first char=%c\n", c);
    ungetc('X', f);
    printf("after ungetc=%c\n", getc(f));
    fseek(f, -6, SEEK_END);
    printf("at -6 from end: ");
    while ((c = fgetc(f)) != EOF)
        putchar(c == '\n' ? '|' : c);
    putchar('\n');
    fclose(f);

    f = fopen("data.txt", "a+");
    fwrite("appended\n", 1, 9, f);
    fseek(f, 0, SEEK_SET);
    char big[256];
    size_t got = fread(big, 1, sizeof big, f);
    printf("fread got %zu bytes, last line starts with %.8s\n", got, big + got - 9);
    fclose(f);

    printf("missing file: %s\n", fopen("no/such/file", "r") == NULL ? "NULL" : "opened?");
    perror("perror says");
    unlink("data.txt");
    printf("fileno(stdout)=%d fileno(stderr)=%d\n", fileno(stdout), fileno(stderr));
    return 0;
}
