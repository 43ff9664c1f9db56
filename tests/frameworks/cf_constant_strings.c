/* cf_constant_strings.c — constant CFStrings (CFSTR, clang's __cfstring section: an ASCII
 * literal in 8-bit form, a non-ASCII one in UTF-16) through CoreFoundation's string calls:
 * lengths in UTF-16 units, C strings, UTF-16 bytes, CFEqual and CFHash against the same
 * text made at run time, dictionary keys both ways, CFRetain/CFRelease leaving them alone,
 * the type id, comparisons, a copy. CF symbols are declared here (zig's SDK has no
 * framework headers). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef const struct __CFString *CFStringRef;
typedef const void *CFTypeRef;
typedef struct { long location, length; } CFRange;
#define CFSTR(s) ((CFStringRef)__builtin___CFStringMakeConstantString("" s ""))
extern const char kCFTypeDictionaryKeyCallBacks[], kCFTypeDictionaryValueCallBacks[];
CFStringRef CFStringCreateWithCString(const void *, const char *, unsigned);
CFStringRef CFStringCreateCopy(const void *, CFStringRef);
long CFStringGetLength(CFStringRef);
bool CFStringGetCString(CFStringRef, char *, long, unsigned);
const char *CFStringGetCStringPtr(CFStringRef, unsigned);
long CFStringGetBytes(CFStringRef, CFRange, unsigned, unsigned char, bool, unsigned char *, long, long *);
long CFStringCompare(CFStringRef, CFStringRef, unsigned long);
bool CFStringHasPrefix(CFStringRef, CFStringRef);
bool CFEqual(CFTypeRef, CFTypeRef);
unsigned long CFHash(CFTypeRef);
unsigned long CFGetTypeID(CFTypeRef);
unsigned long CFStringGetTypeID(void);
long CFGetRetainCount(CFTypeRef);
CFTypeRef CFRetain(CFTypeRef);
void CFRelease(CFTypeRef);
void *CFDictionaryCreateMutable(const void *, long, const void *, const void *);
void CFDictionarySetValue(void *, const void *, const void *);
const void *CFDictionaryGetValue(const void *, const void *);
#define UTF8 0x08000100u
#define UTF16LE 0x14000100u

static void show(const char *what, CFStringRef s)
{
    char buf[64];
    bool ok = CFStringGetCString(s, buf, sizeof buf, UTF8);
    printf("%s: length %ld, \"%s\"%s\n", what, CFStringGetLength(s), ok ? buf : "?", ok ? "" : " (failed)");
}

int main(void)
{
    CFStringRef ascii = CFSTR("hello, world"), accented = CFSTR("h\u00e9llo \u20ac"), emoji = CFSTR("a\U0001F600b");
    CFStringRef empty = CFSTR("");
    show("ascii", ascii);
    show("accented", accented);
    show("emoji", emoji);
    show("empty", empty);
    printf("type is CFString: %d\n", CFGetTypeID(ascii) == CFStringGetTypeID() && CFGetTypeID(emoji) == CFStringGetTypeID());
    printf("C string pointer of ascii: %s\n", CFStringGetCStringPtr(ascii, UTF8) ? CFStringGetCStringPtr(ascii, UTF8) : "NULL");

    unsigned char u16[32];
    long used = 0, n = CFStringGetBytes(emoji, (CFRange){ 0, CFStringGetLength(emoji) }, UTF16LE, 0, false, u16, sizeof u16, &used);
    printf("emoji as UTF-16LE: %ld units, %ld bytes:", n, used);
    for (long i = 0; i < used; i++)
        printf(" %02x", u16[i]);
    printf("\n");

    CFStringRef made = CFStringCreateWithCString(NULL, "hello, world", UTF8);
    CFStringRef made2 = CFStringCreateWithCString(NULL, "h\xc3\xa9llo \xe2\x82\xac", UTF8);
    printf("CFEqual ascii: %d, accented: %d, different: %d\n", CFEqual(ascii, made), CFEqual(made2, accented),
           CFEqual(ascii, accented));
    printf("CFHash equal: %d %d\n", CFHash(ascii) == CFHash(made), CFHash(accented) == CFHash(made2));
    printf("same literal, same object: %d\n", CFSTR("hello, world") == ascii);
    printf("compare: %ld %ld, prefix: %d\n", CFStringCompare(ascii, made, 0), CFStringCompare(CFSTR("abc"), CFSTR("abd"), 0),
           CFStringHasPrefix(ascii, CFSTR("hello")));

    void *d = CFDictionaryCreateMutable(NULL, 0, kCFTypeDictionaryKeyCallBacks, kCFTypeDictionaryValueCallBacks);
    CFDictionarySetValue(d, CFSTR("key"), CFSTR("value"));
    CFDictionarySetValue(d, made2, CFSTR("euro"));
    CFStringRef k = CFStringCreateWithCString(NULL, "key", UTF8);
    const void *v1 = CFDictionaryGetValue(d, k), *v2 = CFDictionaryGetValue(d, accented);
    printf("dictionary: made key finds %s, constant key finds %s\n", v1 && CFEqual(v1, CFSTR("value")) ? "value" : "nothing",
           v2 && CFEqual(v2, CFSTR("euro")) ? "euro" : "nothing");
    CFRelease(d);

    long rc = CFGetRetainCount(ascii);
    for (int i = 0; i < 5; i++)
        CFRetain(ascii);
    for (int i = 0; i < 10; i++)
        CFRelease(ascii);
    printf("retain/release leave it: %d, still \"%s\"\n", CFGetRetainCount(ascii) == rc, CFStringGetCStringPtr(ascii, UTF8));
    CFStringRef copy = CFStringCreateCopy(NULL, accented);
    printf("copy equal: %d\n", CFEqual(copy, accented));
    CFRelease(copy);
    CFRelease(made);
    CFRelease(made2);
    CFRelease(k);
    return 0;
}
