/*
 * cf_constant_string.c — the constant CFStrings compiler and linker put in a program
 * (CFSTR("..."): __DATA,__cfstring), and ___CFConstantStringClassReference, the class their
 * first word points to.
 *
 * Each constant is 32 bytes: isa, an info word (0x7c8: 8-bit characters; 0x7d0: UTF-16, bit
 * 0x10), a pointer to the characters (NUL-terminated in __cstring, or __ustring) and the
 * length in characters. machrun's struct cf keeps a CFString's UTF-8 bytes and byte length
 * at the same offsets (16 and 24), so is_cf, on meeting a constant, makes it a static
 * CFString in place, once: the first word becomes CF_MAGIC and CF_STRING, the info word a
 * reference count CFRetain/CFRelease never change (CF_STATIC_REFS), and UTF-16 or non-ASCII
 * 8-bit characters are converted to UTF-8 in a buffer that lives as long as the process
 * (8-bit characters are taken as ISO Latin-1, macOS's 8-bit encoding being MacRoman for the
 * few non-ASCII literals clang does not emit as UTF-16 anyway). Every CF call then works on
 * it as on any immutable string; the page is made writable for the change and given its
 * protection back. After that the isa no longer points at the class reference (nothing but
 * CF reads it here: there is no Objective-C runtime to bridge to).
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "machrun/darwin/cf.h"
#include "machrun/darwin/private.h"

/* An Objective-C class object's size on macOS (isa, superclass, cache, vtable, data): the
 * contents are never read. */
const uintptr_t cf_constant_string_class[12];
DARWIN_EXPORT_DATA("___CFConstantStringClassReference", cf_constant_string_class);

#define INFO_UNICODE 0x10

struct cfstring_const {
    const void *isa;
    uintptr_t info;
    const void *chars;
    long length;
};
_Static_assert(sizeof(struct cfstring_const) == 32 && offsetof(struct cf, u.data.bytes) == offsetof(struct cfstring_const, chars) &&
               offsetof(struct cf, u.data.len) == offsetof(struct cfstring_const, length),
               "a constant CFString and struct cf agree");

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

/* UTF-16 (lone surrogates as U+FFFD) to NUL-terminated UTF-8; *n its length in bytes. */
static uint8_t *utf8_of_utf16(const uint16_t *s, long len, long *n)
{
    uint8_t *o = malloc((size_t)len * 3 + 1), *q = o;
    if (!o)
        return NULL;
    for (long i = 0; i < len; i++) {
        uint32_t c = s[i];
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < len && s[i + 1] >= 0xdc00 && s[i + 1] < 0xe000)
            c = 0x10000 + ((c - 0xd800) << 10) + (s[++i] - 0xdc00u);
        else if (c >= 0xd800 && c < 0xe000)
            c = 0xfffd;
        if (c < 0x80)
            *q++ = (uint8_t)c;
        else if (c < 0x800) {
            *q++ = (uint8_t)(0xc0 | c >> 6);
            *q++ = (uint8_t)(0x80 | (c & 0x3f));
        } else if (c < 0x10000) {
            *q++ = (uint8_t)(0xe0 | c >> 12);
            *q++ = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
            *q++ = (uint8_t)(0x80 | (c & 0x3f));
        } else {
            *q++ = (uint8_t)(0xf0 | c >> 18);
            *q++ = (uint8_t)(0x80 | ((c >> 12) & 0x3f));
            *q++ = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
            *q++ = (uint8_t)(0x80 | (c & 0x3f));
        }
    }
    *q = 0;
    *n = q - o;
    return o;
}

/* ISO Latin-1 to UTF-8. */
static uint8_t *utf8_of_latin1(const uint8_t *s, long len, long *n)
{
    uint8_t *o = malloc((size_t)len * 2 + 1), *q = o;
    if (!o)
        return NULL;
    for (long i = 0; i < len; i++) {
        if (s[i] < 0x80)
            *q++ = s[i];
        else {
            *q++ = (uint8_t)(0xc0 | s[i] >> 6);
            *q++ = (uint8_t)(0x80 | (s[i] & 0x3f));
        }
    }
    *q = 0;
    *n = q - o;
    return o;
}

/* The protection of the mapping holding addr (/proc/self/maps), or -1. */
static int prot_at(uintptr_t addr)
{
    FILE *f = fopen("/proc/self/maps", "re");
    if (!f)
        return -1;
    char line[512];
    int prot = -1;
    while (fgets(line, sizeof line, f)) {
        uint64_t s, e;
        char perms[8];
        if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s", &s, &e, perms) == 3 && addr >= s && addr < e) {
            prot = (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0) |
                   (perms[2] == 'x' ? PROT_EXEC : 0);
            break;
        }
    }
    fclose(f);
    return prot;
}

bool cf_adopt_constant_string(const void *p)
{
    pthread_mutex_lock(&mu);
    struct cfstring_const *c = (struct cfstring_const *)p;
    if (((const struct cf *)p)->magic == CF_MAGIC) { /* another thread was first */
        pthread_mutex_unlock(&mu);
        return true;
    }
    if (c->isa != (const void *)cf_constant_string_class || c->length < 0 || (!c->chars && c->length)) {
        pthread_mutex_unlock(&mu);
        return false;
    }
    /* the characters as UTF-8: ASCII stays where it is */
    const uint8_t *bytes = c->chars ? c->chars : (const uint8_t *)"";
    long n = c->length;
    if (c->info & INFO_UNICODE) {
        bytes = utf8_of_utf16(c->chars, c->length, &n);
    } else {
        for (long i = 0; i < c->length; i++)
            if (bytes[i] >= 0x80) {
                bytes = utf8_of_latin1(c->chars, c->length, &n);
                break;
            }
    }
    if (!bytes) {
        pthread_mutex_unlock(&mu);
        return false;
    }
    /* the 32 bytes may straddle two pages */
    uintptr_t page = (uintptr_t)p & ~(uintptr_t)4095, last = ((uintptr_t)p + 31) & ~(uintptr_t)4095;
    int prot0 = prot_at(page), prot1 = last != page ? prot_at(last) : prot0;
    bool ro0 = prot0 >= 0 && !(prot0 & PROT_WRITE), ro1 = last != page && prot1 >= 0 && !(prot1 & PROT_WRITE);
    if ((ro0 && mprotect((void *)page, 4096, prot0 | PROT_WRITE) < 0) ||
        (ro1 && mprotect((void *)last, 4096, prot1 | PROT_WRITE) < 0)) {
        pthread_mutex_unlock(&mu);
        return false;
    }
    struct cf *o = (struct cf *)p;
    o->u.data.bytes = (uint8_t *)bytes;
    o->u.data.len = n;
    o->refs = CF_STATIC_REFS;
    o->pad_ = 0;
    /* magic and type together, last: a reader that sees them sees the rest */
    uint64_t head = (uint64_t)CF_MAGIC | (uint64_t)CF_STRING << 32;
    __atomic_store_n((uint64_t *)p, head, __ATOMIC_RELEASE);
    if (ro0)
        mprotect((void *)page, 4096, prot0);
    if (ro1)
        mprotect((void *)last, 4096, prot1);
    pthread_mutex_unlock(&mu);
    return true;
}
