/*
 * locale_core.c — locales and wide characters with Darwin's interfaces: setlocale with
 * Darwin's LC_* numbers, newlocale/duplocale/freelocale/uselocale/querylocale with Darwin's
 * masks (locale_t NULL is the C locale, -1 the global one, as in <xlocale.h>), localeconv
 * (Darwin's struct lconv orders the int_* fields differently), the _l functions libc++ and
 * others call, the multibyte/wide conversions, wide strings and catopen/catgets.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <langinfo.h>
#include <locale.h>
#include <nl_types.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

#include "machrun/darwin/private.h"

/* ---- categories ---- */
static const int cat_to_linux[7] = { LC_ALL, LC_COLLATE, LC_CTYPE, LC_MONETARY, LC_NUMERIC, LC_TIME, LC_MESSAGES };

static int mask_to_linux(int d)
{
    int l = 0;
    if (d & (1 << 0)) l |= LC_COLLATE_MASK;
    if (d & (1 << 1)) l |= LC_CTYPE_MASK;
    if (d & (1 << 2)) l |= LC_MESSAGES_MASK;
    if (d & (1 << 3)) l |= LC_MONETARY_MASK;
    if (d & (1 << 4)) l |= LC_NUMERIC_MASK;
    if (d & (1 << 5)) l |= LC_TIME_MASK;
    return l;
}

static char *d_setlocale(int cat, const char *name)
{
    if (cat < 0 || cat > 6) {
        errno = D_EINVAL;
        return NULL;
    }
    return setlocale(cat_to_linux[cat], name);
}
DARWIN_EXPORT("_setlocale", d_setlocale);

static locale_t c_locale(void)
{
    static locale_t c;
    if (!c)
        c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    return c;
}

/* Darwin's NULL locale_t means the C locale. */
static locale_t L(locale_t d) { return d ? d : c_locale(); }

static locale_t d_newlocale(int mask, const char *name, locale_t base)
{
    locale_t b = base == LC_GLOBAL_LOCALE ? duplocale(uselocale((locale_t)0)) : base ? duplocale(base) : (locale_t)0;
    locale_t r = newlocale(mask_to_linux(mask), name, b);
    if (!r) {
        if (b)
            freelocale(b);
        errno = darwin_errno_from_linux(errno);
    }
    return r;
}
DARWIN_EXPORT("_newlocale", d_newlocale);

static locale_t d_duplocale(locale_t l) { return duplocale(l == LC_GLOBAL_LOCALE ? uselocale((locale_t)0) : L(l)); }
DARWIN_EXPORT("_duplocale", d_duplocale);

static int d_freelocale(locale_t l)
{
    if (l && l != LC_GLOBAL_LOCALE && l != c_locale())
        freelocale(l);
    return 0;
}
DARWIN_EXPORT("_freelocale", d_freelocale);

static locale_t d_uselocale(locale_t l) { return uselocale(l); }
DARWIN_EXPORT("_uselocale", d_uselocale);

static const char *d_querylocale(int mask, locale_t l)
{
    int cat = mask & (1 << 1) ? LC_CTYPE : mask & 1 ? LC_COLLATE : mask & (1 << 3) ? LC_MONETARY
            : mask & (1 << 4) ? LC_NUMERIC : mask & (1 << 5) ? LC_TIME : LC_MESSAGES;
    return nl_langinfo_l(_NL_ITEM(cat, _NL_ITEM_INDEX(-1)), L(l));
}
DARWIN_EXPORT_PARTIAL("_querylocale", d_querylocale);

/* ---- localeconv ---- */
struct d_lconv {
    char *decimal_point, *thousands_sep, *grouping, *int_curr_symbol, *currency_symbol, *mon_decimal_point,
        *mon_thousands_sep, *mon_grouping, *positive_sign, *negative_sign;
    char int_frac_digits, frac_digits, p_cs_precedes, p_sep_by_space, n_cs_precedes, n_sep_by_space, p_sign_posn,
        n_sign_posn, int_p_cs_precedes, int_n_cs_precedes, int_p_sep_by_space, int_n_sep_by_space,
        int_p_sign_posn, int_n_sign_posn;
};

static __thread struct d_lconv tls_lconv;

static struct d_lconv *conv(const struct lconv *l)
{
    struct d_lconv *d = &tls_lconv;
    d->decimal_point = l->decimal_point;
    d->thousands_sep = l->thousands_sep;
    d->grouping = l->grouping;
    d->int_curr_symbol = l->int_curr_symbol;
    d->currency_symbol = l->currency_symbol;
    d->mon_decimal_point = l->mon_decimal_point;
    d->mon_thousands_sep = l->mon_thousands_sep;
    d->mon_grouping = l->mon_grouping;
    d->positive_sign = l->positive_sign;
    d->negative_sign = l->negative_sign;
    d->int_frac_digits = l->int_frac_digits;
    d->frac_digits = l->frac_digits;
    d->p_cs_precedes = l->p_cs_precedes;
    d->p_sep_by_space = l->p_sep_by_space;
    d->n_cs_precedes = l->n_cs_precedes;
    d->n_sep_by_space = l->n_sep_by_space;
    d->p_sign_posn = l->p_sign_posn;
    d->n_sign_posn = l->n_sign_posn;
    d->int_p_cs_precedes = l->int_p_cs_precedes;
    d->int_n_cs_precedes = l->int_n_cs_precedes;
    d->int_p_sep_by_space = l->int_p_sep_by_space;
    d->int_n_sep_by_space = l->int_n_sep_by_space;
    d->int_p_sign_posn = l->int_p_sign_posn;
    d->int_n_sign_posn = l->int_n_sign_posn;
    return d;
}

static struct d_lconv *d_localeconv(void) { return conv(localeconv()); }
DARWIN_EXPORT("_localeconv", d_localeconv);

static struct d_lconv *d_localeconv_l(locale_t l)
{
    locale_t old = uselocale(L(l));
    struct d_lconv *r = conv(localeconv());
    uselocale(old);
    return r;
}
DARWIN_EXPORT("_localeconv_l", d_localeconv_l);

/* ---- the _l functions ---- */
static int d___mb_cur_max(void) { return (int)MB_CUR_MAX; }
DARWIN_EXPORT("____mb_cur_max", d___mb_cur_max);
static int d___mb_cur_max_l(locale_t l)
{
    locale_t old = uselocale(L(l));
    int r = (int)MB_CUR_MAX;
    uselocale(old);
    return r;
}
DARWIN_EXPORT("____mb_cur_max_l", d___mb_cur_max_l);

static int32_t d___tolower_l(int32_t c, locale_t l) { return c < 0 ? c : (int32_t)towlower_l((wint_t)c, L(l)); }
static int32_t d___toupper_l(int32_t c, locale_t l) { return c < 0 ? c : (int32_t)towupper_l((wint_t)c, L(l)); }
DARWIN_EXPORT("____tolower_l", d___tolower_l);
DARWIN_EXPORT("____toupper_l", d___toupper_l);

/* A helper that runs a conversion with a locale installed for the calling thread. */
#define WITH_LOCALE(l, expr)                                                                             \
    ({                                                                                                   \
        locale_t old_ = uselocale(L(l));                                                                 \
        __typeof__(expr) r_ = (expr);                                                                    \
        uselocale(old_);                                                                                 \
        r_;                                                                                              \
    })

static double d_strtod_l(const char *s, char **e, locale_t l) { return strtod_l(s, e, L(l)); }
static float d_strtof_l(const char *s, char **e, locale_t l) { return strtof_l(s, e, L(l)); }
static long double d_strtold_l(const char *s, char **e, locale_t l) { return strtold_l(s, e, L(l)); }
static long long d_strtoll_l(const char *s, char **e, int b, locale_t l) { return strtoll_l(s, e, b, L(l)); }
static unsigned long long d_strtoull_l(const char *s, char **e, int b, locale_t l) { return strtoull_l(s, e, b, L(l)); }
static long d_strtol_l(const char *s, char **e, int b, locale_t l) { return strtol_l(s, e, b, L(l)); }
static unsigned long d_strtoul_l(const char *s, char **e, int b, locale_t l) { return strtoul_l(s, e, b, L(l)); }
static int d_strcoll_l(const char *a, const char *b, locale_t l) { return strcoll_l(a, b, L(l)); }
static size_t d_strxfrm_l(char *d, const char *s, size_t n, locale_t l) { return strxfrm_l(d, s, n, L(l)); }
static int d_wcscoll_l(const wchar_t *a, const wchar_t *b, locale_t l) { return wcscoll_l(a, b, L(l)); }
static size_t d_wcsxfrm_l(wchar_t *d, const wchar_t *s, size_t n, locale_t l) { return wcsxfrm_l(d, s, n, L(l)); }
/* libc++'s time_put formats through strftime_l with its C locale, which is NULL on Darwin. */
static size_t d_strftime_l(char *s, size_t n, const char *fmt, const struct tm *tm, locale_t l)
{
    return strftime_l(s, n, fmt, tm, L(l));
}
DARWIN_EXPORT("_strftime_l", d_strftime_l);
DARWIN_EXPORT("_strtod_l", d_strtod_l);
DARWIN_EXPORT("_strtof_l", d_strtof_l);
DARWIN_EXPORT("_strtold_l", d_strtold_l);
DARWIN_EXPORT("_strtoll_l", d_strtoll_l);
DARWIN_EXPORT("_strtoull_l", d_strtoull_l);
DARWIN_EXPORT("_strtol_l", d_strtol_l);
DARWIN_EXPORT("_strtoul_l", d_strtoul_l);
DARWIN_EXPORT("_strcoll_l", d_strcoll_l);
DARWIN_EXPORT("_strxfrm_l", d_strxfrm_l);
DARWIN_EXPORT("_wcscoll_l", d_wcscoll_l);
DARWIN_EXPORT("_wcsxfrm_l", d_wcsxfrm_l);

static int d_mbtowc_l(wchar_t *w, const char *s, size_t n, locale_t l) { return WITH_LOCALE(l, mbtowc(w, s, n)); }
static size_t d_mbrtowc_l(wchar_t *w, const char *s, size_t n, mbstate_t *ps, locale_t l) { return WITH_LOCALE(l, mbrtowc(w, s, n, ps)); }
static size_t d_mbrlen_l(const char *s, size_t n, mbstate_t *ps, locale_t l) { return WITH_LOCALE(l, mbrlen(s, n, ps)); }
static size_t d_mbsrtowcs_l(wchar_t *d, const char **s, size_t n, mbstate_t *ps, locale_t l) { return WITH_LOCALE(l, mbsrtowcs(d, s, n, ps)); }
static size_t d_mbsnrtowcs_l(wchar_t *d, const char **s, size_t nms, size_t n, mbstate_t *ps, locale_t l) { return WITH_LOCALE(l, mbsnrtowcs(d, s, nms, n, ps)); }
static size_t d_wcrtomb_l(char *s, wchar_t w, mbstate_t *ps, locale_t l) { return WITH_LOCALE(l, wcrtomb(s, w, ps)); }
static size_t d_wcsnrtombs_l(char *d, const wchar_t **s, size_t nwc, size_t n, mbstate_t *ps, locale_t l) { return WITH_LOCALE(l, wcsnrtombs(d, s, nwc, n, ps)); }
static size_t d_wcsrtombs_l(char *d, const wchar_t **s, size_t n, mbstate_t *ps, locale_t l) { return WITH_LOCALE(l, wcsrtombs(d, s, n, ps)); }
static wint_t d_btowc_l(int c, locale_t l) { return WITH_LOCALE(l, btowc(c)); }
static int d_wctob_l(wint_t c, locale_t l) { return WITH_LOCALE(l, wctob(c)); }
DARWIN_EXPORT("_mbtowc_l", d_mbtowc_l);
DARWIN_EXPORT("_mbrtowc_l", d_mbrtowc_l);
DARWIN_EXPORT("_mbrlen_l", d_mbrlen_l);
DARWIN_EXPORT("_mbsrtowcs_l", d_mbsrtowcs_l);
DARWIN_EXPORT("_mbsnrtowcs_l", d_mbsnrtowcs_l);
DARWIN_EXPORT("_wcrtomb_l", d_wcrtomb_l);
DARWIN_EXPORT("_wcsnrtombs_l", d_wcsnrtombs_l);
DARWIN_EXPORT("_wcsrtombs_l", d_wcsrtombs_l);
DARWIN_EXPORT("_btowc_l", d_btowc_l);
DARWIN_EXPORT("_wctob_l", d_wctob_l);

static int d_vsnprintf_l(char *b, size_t n, locale_t l, const char *f, va_list ap)
{
    locale_t old = uselocale(L(l));
    char *fixed = darwin_format_fix(f, ap);
    int r = vsnprintf(b, n, fixed ? fixed : f, ap);
    free(fixed);
    uselocale(old);
    return r;
}
static int d_snprintf_l(char *b, size_t n, locale_t l, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = d_vsnprintf_l(b, n, l, f, ap);
    va_end(ap);
    return r;
}
static int d_vasprintf_l(char **out, locale_t l, const char *f, va_list ap)
{
    locale_t old = uselocale(L(l));
    char *fixed = darwin_format_fix(f, ap);
    int r = vasprintf(out, fixed ? fixed : f, ap);
    free(fixed);
    uselocale(old);
    return r;
}
static int d_asprintf_l(char **out, locale_t l, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = d_vasprintf_l(out, l, f, ap);
    va_end(ap);
    return r;
}
static int d_vsscanf_l(const char *s, locale_t l, const char *f, va_list ap)
{
    locale_t old = uselocale(L(l));
    int r = vsscanf(s, f, ap);
    uselocale(old);
    return r;
}
static int d_sscanf_l(const char *s, locale_t l, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = d_vsscanf_l(s, l, f, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_vsnprintf_l", d_vsnprintf_l);
DARWIN_EXPORT("_snprintf_l", d_snprintf_l);
DARWIN_EXPORT("_vasprintf_l", d_vasprintf_l);
DARWIN_EXPORT("_asprintf_l", d_asprintf_l);
DARWIN_EXPORT("_vsscanf_l", d_vsscanf_l);
DARWIN_EXPORT("_sscanf_l", d_sscanf_l);

/* ---- multibyte and wide characters (wchar_t is 32-bit on both) ---- */
DARWIN_EXPORT("_mbtowc", mbtowc);
DARWIN_EXPORT("_wctomb", wctomb);
DARWIN_EXPORT("_mbrtowc", mbrtowc);
DARWIN_EXPORT("_wcrtomb", wcrtomb);
DARWIN_EXPORT("_mbrlen", mbrlen);
DARWIN_EXPORT("_mblen", mblen);
DARWIN_EXPORT("_mbstowcs", mbstowcs);
DARWIN_EXPORT("_wcstombs", wcstombs);
DARWIN_EXPORT("_mbsrtowcs", mbsrtowcs);
DARWIN_EXPORT("_wcsrtombs", wcsrtombs);
DARWIN_EXPORT("_mbsnrtowcs", mbsnrtowcs);
DARWIN_EXPORT("_wcsnrtombs", wcsnrtombs);
DARWIN_EXPORT("_mbsinit", mbsinit);
DARWIN_EXPORT("_btowc", btowc);
DARWIN_EXPORT("_wctob", wctob);
DARWIN_EXPORT("_wcslen", wcslen);
DARWIN_EXPORT("_wcsnlen", wcsnlen);
DARWIN_EXPORT("_wcscmp", wcscmp);
DARWIN_EXPORT("_wcsncmp", wcsncmp);
DARWIN_EXPORT("_wcscpy", wcscpy);
DARWIN_EXPORT("_wcsncpy", wcsncpy);
DARWIN_EXPORT("_wcscat", wcscat);
DARWIN_EXPORT("_wcschr", wcschr);
DARWIN_EXPORT("_wcsrchr", wcsrchr);
DARWIN_EXPORT("_wcsstr", wcsstr);
DARWIN_EXPORT("_wcsdup", wcsdup);
DARWIN_EXPORT("_wcscoll", wcscoll);
DARWIN_EXPORT("_wcsxfrm", wcsxfrm);
DARWIN_EXPORT("_wcsspn", wcsspn);
DARWIN_EXPORT("_wcscspn", wcscspn);
DARWIN_EXPORT("_wcspbrk", wcspbrk);
DARWIN_EXPORT("_wcstok", wcstok);
DARWIN_EXPORT("_wmemchr", wmemchr);
DARWIN_EXPORT("_wmemcmp", wmemcmp);
DARWIN_EXPORT("_wmemcpy", wmemcpy);
DARWIN_EXPORT("_wmemmove", wmemmove);
DARWIN_EXPORT("_wmemset", wmemset);
DARWIN_EXPORT("_wcstol", wcstol);
DARWIN_EXPORT("_wcstoul", wcstoul);
DARWIN_EXPORT("_wcstoll", wcstoll);
DARWIN_EXPORT("_wcstoull", wcstoull);
DARWIN_EXPORT("_wcstof", wcstof);
DARWIN_EXPORT("_wcstod", wcstod);
DARWIN_EXPORT("_wcstold", wcstold);
DARWIN_EXPORT("_wcwidth", wcwidth);
DARWIN_EXPORT("_wcswidth", wcswidth);
DARWIN_EXPORT("_wctype", wctype);
DARWIN_EXPORT("_iswctype", iswctype);
DARWIN_EXPORT("_wctrans", wctrans);
DARWIN_EXPORT("_towctrans", towctrans);
DARWIN_EXPORT("_iswcntrl", iswcntrl);
DARWIN_EXPORT("_iswgraph", iswgraph);
DARWIN_EXPORT("_iswxdigit", iswxdigit);
DARWIN_EXPORT("_iswblank", iswblank);

static int d_vswprintf(wchar_t *b, size_t n, const wchar_t *f, va_list ap) { return dret(vswprintf(b, n, f, ap)); }
static int d_swprintf(wchar_t *b, size_t n, const wchar_t *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = d_vswprintf(b, n, f, ap);
    va_end(ap);
    return r;
}
DARWIN_EXPORT("_vswprintf", d_vswprintf);
DARWIN_EXPORT("_swprintf", d_swprintf);

/* ---- message catalogs ---- */
static nl_catd d_catopen(const char *name, int flag) { return catopen(name, flag ? NL_CAT_LOCALE : 0); }
DARWIN_EXPORT("_catopen", d_catopen);
DARWIN_EXPORT("_catgets", catgets);
DARWIN_EXPORT("_catclose", catclose);
/* nl_langinfo: Darwin's item numbers (langinfo.h: CODESET 0 ... D_MD_ORDER 57) differ from
 * glibc's, so each is looked up in a table; Darwin's answers where glibc's differ: the C
 * locale's codeset is "US-ASCII", YESSTR/NOSTR are "yes"/"no" there, CRNCYSTR is empty when
 * there is no currency, D_MD_ORDER (Darwin's own) is "md". */
static nl_item linux_langinfo_item(int d)
{
    static const nl_item head[] = { CODESET, D_T_FMT, D_FMT, T_FMT, T_FMT_AMPM, AM_STR, PM_STR };
    static const nl_item tail[] = { ERA, ERA_D_FMT, ERA_D_T_FMT, ERA_T_FMT, ALT_DIGITS, RADIXCHAR, THOUSEP,
                                    YESEXPR, NOEXPR, __YESSTR, __NOSTR, CRNCYSTR };
    if (d >= 0 && d <= 6)
        return head[d];
    if (d >= 7 && d <= 13)
        return DAY_1 + (d - 7);
    if (d >= 14 && d <= 20)
        return ABDAY_1 + (d - 14);
    if (d >= 21 && d <= 32)
        return MON_1 + (d - 21);
    if (d >= 33 && d <= 44)
        return ABMON_1 + (d - 33);
    if (d >= 45 && d <= 56)
        return tail[d - 45];
    return -1;
}

static char *d_nl_langinfo_l(int item, locale_t l)
{
    static char empty[] = "";
    if (item == 57) /* D_MD_ORDER */
        return (char *)"md";
    nl_item li = linux_langinfo_item(item);
    if (li == -1)
        return empty;
    locale_t loc = l ? L(l) : uselocale((locale_t)0);
    char *v = nl_langinfo_l(li, loc);
    if (item == 0 && v && strcmp(v, "ANSI_X3.4-1968") == 0)
        return (char *)"US-ASCII";
    if ((item == 54 || item == 55) && v && !*v)
        return (char *)(item == 54 ? "yes" : "no");
    if (item == 56 && v && strcmp(v, "-") == 0)
        return empty;
    return v ? v : empty;
}
static char *d_nl_langinfo(int item) { return d_nl_langinfo_l(item, (locale_t)0); }
DARWIN_EXPORT("_nl_langinfo", d_nl_langinfo);
DARWIN_EXPORT("_nl_langinfo_l", d_nl_langinfo_l);

