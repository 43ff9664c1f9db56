/*
 * unicode.h — Unicode normalization as the Darwin kernel's file system and CoreFoundation
 * both need it (libsystem_kernel/unicode_norm.c): APFS looks names up regardless of their
 * normalization, CFStringNormalize converts strings.
 */
#ifndef MACHRUN_DARWIN_UNICODE_H
#define MACHRUN_DARWIN_UNICODE_H

#include <stddef.h>
#include <stdint.h>

/* Forms as kCFStringNormalizationForm* numbers them. */
enum { DU_NORM_D = 0, DU_NORM_KD = 1, DU_NORM_C = 2, DU_NORM_KC = 3 };

/* Normalize N code points; returns the length of *out (malloc'd), or -1 out of memory. */
long darwin_unicode_normalize(const uint32_t *in, long n, int form, uint32_t **out);

/* UTF-8 text S in FORM into OUT (NUL-terminated); false if it does not fit, is not valid
 * UTF-8, or is already in that form (then OUT is left alone). */
int darwin_utf8_normalize(const char *s, int form, char *out, size_t outlen);

#endif
