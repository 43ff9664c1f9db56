/*
 * ctype.c — Darwin's ctype: the SDK's inline isalpha()/isdigit()/... read
 * _DefaultRuneLocale.__runetype[c] for c < 256 and call ___maskrune otherwise; toupper and
 * tolower call ___toupper/___tolower. _DefaultRuneLocale is the "C" locale's table, laid
 * out as Darwin's _RuneLocale, a constant initialiser (checked against glibc's C locale by
 * the ctype test).
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <wctype.h>

#include "machrun/darwin/private.h"

#define CACHED_RUNES 256
#define CT_A 0x00000100L
#define CT_C 0x00000200L
#define CT_D 0x00000400L
#define CT_G 0x00000800L
#define CT_L 0x00001000L
#define CT_P 0x00002000L
#define CT_S 0x00004000L
#define CT_U 0x00008000L
#define CT_X 0x00010000L
#define CT_B 0x00020000L
#define CT_R 0x00040000L
#define CT_SW1 0x40000000L

struct rune_range {
    int nranges;
    void *ranges;
};

struct rune_locale {
    char magic[8];
    char encoding[32];
    int32_t (*sgetrune)(const char *, size_t, char const **);
    int (*sputrune)(int32_t, char *, size_t, char **);
    int32_t invalid_rune;
    uint32_t runetype[CACHED_RUNES];
    int32_t maplower[CACHED_RUNES];
    int32_t mapupper[CACHED_RUNES];
    struct rune_range runetype_ext, maplower_ext, mapupper_ext;
    void *variable;
    int variable_len;
    int ncharclasses;
    void *charclass_ext;
};

/* The "C" locale's classification of byte C, as Darwin's table has it: ASCII only, with a
 * digit's value (0-9, and 10-15 for hex letters) in the low bits. A constant, so that the
 * table is initialised data paged in from the file, not written at every launch. */
#define RT_UP(c) ((c) >= 'A' && (c) <= 'Z')
#define RT_LO(c) ((c) >= 'a' && (c) <= 'z')
#define RT_DIG(c) ((c) >= '0' && (c) <= '9')
#define RT_HEXL(c) (((c) >= 'a' && (c) <= 'f') || ((c) >= 'A' && (c) <= 'F'))
#define RT_SPACE(c) ((c) == ' ' || ((c) >= '\t' && (c) <= '\r'))
#define RT_CNTRL(c) ((c) < 0x20 || (c) == 0x7f)
#define RT_GRAPH(c) ((c) > 0x20 && (c) < 0x7f)
#define RT_PRINT(c) ((c) >= 0x20 && (c) < 0x7f)
#define RT_ALPHA(c) (RT_UP(c) || RT_LO(c))
#define RT(c)                                                                                       \
    ((c) >= 128 ? 0u                                                                                \
                : (uint32_t)((RT_ALPHA(c) ? CT_A : 0) | (RT_CNTRL(c) ? CT_C : 0) |                 \
                             (RT_DIG(c) ? CT_D | ((c) - '0') : 0) | (RT_GRAPH(c) ? CT_G : 0) |     \
                             (RT_LO(c) ? CT_L : 0) | (RT_GRAPH(c) && !RT_ALPHA(c) && !RT_DIG(c) ? CT_P : 0) | \
                             (RT_SPACE(c) ? CT_S : 0) | (RT_UP(c) ? CT_U : 0) |                    \
                             (RT_DIG(c) ? CT_X : 0) | (RT_HEXL(c) ? CT_X | (10 + ((c) | 0x20) - 'a') : 0) | \
                             ((c) == ' ' || (c) == '\t' ? CT_B : 0) | (RT_PRINT(c) ? CT_R | CT_SW1 : 0)))
#define ML(c) (RT_UP(c) ? (c) + 32 : (c))
#define MU(c) (RT_LO(c) ? (c) - 32 : (c))
#define R4(F, c) F(c), F(c + 1), F(c + 2), F(c + 3)
#define R16(F, c) R4(F, c), R4(F, c + 4), R4(F, c + 8), R4(F, c + 12)
#define R64(F, c) R16(F, c), R16(F, c + 16), R16(F, c + 32), R16(F, c + 48)
#define R256(F) R64(F, 0), R64(F, 64), R64(F, 128), R64(F, 192)

static struct rune_locale default_rune_locale = {
    .magic = "RuneMagA",
    .encoding = "NONE",
    .invalid_rune = 0xfffd,
    .runetype = { R256(RT) },
    .maplower = { R256(ML) },
    .mapupper = { R256(MU) },
};
DARWIN_EXPORT_DATA("__DefaultRuneLocale", default_rune_locale);
static struct rune_locale *current_rune_locale = &default_rune_locale;
DARWIN_EXPORT_DATA("__CurrentRuneLocale", current_rune_locale);

static unsigned long d___maskrune(int32_t c, unsigned long f)
{
    if (c < 0)
        return 0;
    if (c < CACHED_RUNES)
        return default_rune_locale.runetype[c] & f;
    /* Beyond Latin-1: classify with the wide-character functions of the current locale. */
    unsigned long t = 0;
    if (iswalpha((wint_t)c)) t |= CT_A;
    if (iswdigit((wint_t)c)) t |= CT_D;
    if (iswspace((wint_t)c)) t |= CT_S;
    if (iswupper((wint_t)c)) t |= CT_U;
    if (iswlower((wint_t)c)) t |= CT_L;
    if (iswpunct((wint_t)c)) t |= CT_P;
    if (iswprint((wint_t)c)) t |= CT_R;
    if (iswgraph((wint_t)c)) t |= CT_G;
    if (iswcntrl((wint_t)c)) t |= CT_C;
    return t & f;
}
DARWIN_EXPORT("___maskrune", d___maskrune);
DARWIN_EXPORT("___maskrune_l", d___maskrune);

static int32_t d___toupper(int32_t c)
{
    if (c >= 0 && c < CACHED_RUNES)
        return default_rune_locale.mapupper[c];
    return c < 0 ? c : (int32_t)towupper((wint_t)c);
}
DARWIN_EXPORT("___toupper", d___toupper);

static int32_t d___tolower(int32_t c)
{
    if (c >= 0 && c < CACHED_RUNES)
        return default_rune_locale.maplower[c];
    return c < 0 ? c : (int32_t)towlower((wint_t)c);
}
DARWIN_EXPORT("___tolower", d___tolower);

DARWIN_EXPORT("_isalnum", isalnum);
DARWIN_EXPORT("_isalpha", isalpha);
DARWIN_EXPORT("_isblank", isblank);
DARWIN_EXPORT("_iscntrl", iscntrl);
DARWIN_EXPORT("_isdigit", isdigit);
DARWIN_EXPORT("_isgraph", isgraph);
DARWIN_EXPORT("_islower", islower);
DARWIN_EXPORT("_isprint", isprint);
DARWIN_EXPORT("_ispunct", ispunct);
DARWIN_EXPORT("_isspace", isspace);
DARWIN_EXPORT("_isupper", isupper);
DARWIN_EXPORT("_isxdigit", isxdigit);
DARWIN_EXPORT("_isascii", isascii);
DARWIN_EXPORT("_toupper", toupper);
DARWIN_EXPORT("_tolower", tolower);
DARWIN_EXPORT("_iswalpha", iswalpha);
DARWIN_EXPORT("_iswdigit", iswdigit);
DARWIN_EXPORT("_iswspace", iswspace);
DARWIN_EXPORT("_iswupper", iswupper);
DARWIN_EXPORT("_iswlower", iswlower);
DARWIN_EXPORT("_iswalnum", iswalnum);
DARWIN_EXPORT("_iswprint", iswprint);
DARWIN_EXPORT("_iswpunct", iswpunct);
DARWIN_EXPORT("_towupper", towupper);
DARWIN_EXPORT("_towlower", towlower);
