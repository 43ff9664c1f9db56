/* cf_normalize.c — CFStringNormalize in its four forms on each line of standard input:
 * prints, per line, the UTF-8 bytes (hex) of the D, KD, C and KC forms, for cf_normalize.py
 * to compare with Python's unicodedata (an implementation of its own). CF symbols are
 * declared here (zig's SDK has no framework headers). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef const struct __CFString *CFStringRef;
typedef struct __CFString *CFMutableStringRef;
#define kCFStringEncodingUTF8 0x08000100u
CFMutableStringRef CFStringCreateMutable(const void *, long);
void CFStringAppendCString(CFMutableStringRef, const char *, unsigned);
void CFStringNormalize(CFMutableStringRef, long);
bool CFStringGetCString(CFStringRef, char *, long, unsigned);
void CFRelease(const void *);

int main(void)
{
    static char line[1 << 16], out[1 << 18];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        for (long form = 0; form < 4; form++) {
            CFMutableStringRef s = CFStringCreateMutable(NULL, 0);
            CFStringAppendCString(s, line, kCFStringEncodingUTF8);
            CFStringNormalize(s, form);
            if (!CFStringGetCString(s, out, sizeof out, kCFStringEncodingUTF8)) {
                printf("?");
            } else {
                for (const unsigned char *p = (const unsigned char *)out; *p; p++)
                    printf("%02x", *p);
            }
            putchar(form == 3 ? '\n' : ' ');
            CFRelease(s);
        }
    }
    return 0;
}
