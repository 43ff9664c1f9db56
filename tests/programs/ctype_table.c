/* ctype_table.c — every byte's classification in the C locale: Darwin's inline ctype macros
 * read _DefaultRuneLocale (a constant table in machrun), glibc's its own; both must agree, as
 * must toupper and tolower, for EOF and 0-255. */
#include <ctype.h>
#include <stdio.h>

int main(void)
{
    for (int c = -1; c < 256; c++) {
        unsigned m = 0, b = 0;
#define BIT(f) m |= (unsigned)(!!f(c)) << b++
        BIT(isalnum); BIT(isalpha); BIT(isblank); BIT(iscntrl); BIT(isdigit); BIT(isgraph);
        BIT(islower); BIT(isprint); BIT(ispunct); BIT(isspace); BIT(isupper); BIT(isxdigit);
        printf("%d %03x %d %d\n", c, m, toupper(c), tolower(c));
    }
    return 0;
}
