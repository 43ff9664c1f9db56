/*
 * ctype.c — Darwin's ctype: the SDK's inline isalpha()/isdigit()/... read
 * _DefaultRuneLocale.__runetype[c] for c < 256 and call ___maskrune otherwise; toupper and
 * tolower call ___toupper/___tolower. _DefaultRuneLocale is the "C" locale's table, laid
 * out as Darwin's _RuneLocale, filled at start from the C locale's classification.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <wctype.h>

#include "darwin_private.h"

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

static struct rune_locale default_rune_locale;
DARWIN_EXPORT_DATA("__DefaultRuneLocale", default_rune_locale);
static struct rune_locale *current_rune_locale = &default_rune_locale;
DARWIN_EXPORT_DATA("__CurrentRuneLocale", current_rune_locale);

static uint32_t classify(int c)
{
    uint32_t t = 0;
    if (c >= 128)
        return 0; /* the C locale classifies ASCII only */
    if (isalpha(c)) t |= CT_A;
    if (iscntrl(c)) t |= CT_C;
    if (isdigit(c)) t |= CT_D | (uint32_t)(c - '0');
    if (isgraph(c)) t |= CT_G;
    if (islower(c)) t |= CT_L;
    if (ispunct(c)) t |= CT_P;
    if (isspace(c)) t |= CT_S;
    if (isupper(c)) t |= CT_U;
    if (isxdigit(c)) {
        t |= CT_X;
        if (!isdigit(c))
            t |= (uint32_t)(10 + (tolower(c) - 'a'));
    }
    if (isblank(c)) t |= CT_B;
    if (isprint(c)) t |= CT_R | CT_SW1;
    return t;
}

__attribute__((constructor)) static void init_rune_locale(void)
{
    struct rune_locale *r = &default_rune_locale;
    memcpy(r->magic, "RuneMagA", 8);
    strcpy(r->encoding, "NONE");
    r->invalid_rune = 0xfffd;
    for (int c = 0; c < CACHED_RUNES; c++) {
        r->runetype[c] = classify(c);
        r->maplower[c] = c < 128 ? tolower(c) : c;
        r->mapupper[c] = c < 128 ? toupper(c) : c;
    }
}

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
