/*
 * math.c — libm. Darwin's and glibc's math functions share names, signatures and IEEE
 * results, so they bind straight to glibc (float, double and long double forms); Darwin's own
 * additions are implemented here: __exp10, __sincos_stret (two doubles returned in xmm0 and
 * xmm1, as a struct of two doubles is in the SysV ABI), __sinpi/__cospi/__tanpi, and the
 * __fpclassify/__isnan family behind the SDK's classification macros (Darwin's FP_* numbers
 * differ from glibc's), and __math_errhandling (MATH_ERREXCEPT), behind math_errhandling.
 */
#define _GNU_SOURCE
#include <math.h>

#include "machrun/darwin/private.h"

DARWIN_EXPORT("_acos", acos);
DARWIN_EXPORT("_acosf", acosf);
DARWIN_EXPORT("_acosl", acosl);
DARWIN_EXPORT("_asin", asin);
DARWIN_EXPORT("_asinf", asinf);
DARWIN_EXPORT("_asinl", asinl);
DARWIN_EXPORT("_atan", atan);
DARWIN_EXPORT("_atanf", atanf);
DARWIN_EXPORT("_atanl", atanl);
DARWIN_EXPORT("_atan2", atan2);
DARWIN_EXPORT("_atan2f", atan2f);
DARWIN_EXPORT("_atan2l", atan2l);
DARWIN_EXPORT("_cos", cos);
DARWIN_EXPORT("_cosf", cosf);
DARWIN_EXPORT("_cosl", cosl);
DARWIN_EXPORT("_sin", sin);
DARWIN_EXPORT("_sinf", sinf);
DARWIN_EXPORT("_sinl", sinl);
DARWIN_EXPORT("_tan", tan);
DARWIN_EXPORT("_tanf", tanf);
DARWIN_EXPORT("_tanl", tanl);
DARWIN_EXPORT("_acosh", acosh);
DARWIN_EXPORT("_acoshf", acoshf);
DARWIN_EXPORT("_acoshl", acoshl);
DARWIN_EXPORT("_asinh", asinh);
DARWIN_EXPORT("_asinhf", asinhf);
DARWIN_EXPORT("_asinhl", asinhl);
DARWIN_EXPORT("_atanh", atanh);
DARWIN_EXPORT("_atanhf", atanhf);
DARWIN_EXPORT("_atanhl", atanhl);
DARWIN_EXPORT("_cosh", cosh);
DARWIN_EXPORT("_coshf", coshf);
DARWIN_EXPORT("_coshl", coshl);
DARWIN_EXPORT("_sinh", sinh);
DARWIN_EXPORT("_sinhf", sinhf);
DARWIN_EXPORT("_sinhl", sinhl);
DARWIN_EXPORT("_tanh", tanh);
DARWIN_EXPORT("_tanhf", tanhf);
DARWIN_EXPORT("_tanhl", tanhl);
DARWIN_EXPORT("_exp", exp);
DARWIN_EXPORT("_expf", expf);
DARWIN_EXPORT("_expl", expl);
DARWIN_EXPORT("_exp2", exp2);
DARWIN_EXPORT("_exp2f", exp2f);
DARWIN_EXPORT("_exp2l", exp2l);
DARWIN_EXPORT("_expm1", expm1);
DARWIN_EXPORT("_expm1f", expm1f);
DARWIN_EXPORT("_expm1l", expm1l);
DARWIN_EXPORT("_log", log);
DARWIN_EXPORT("_logf", logf);
DARWIN_EXPORT("_logl", logl);
DARWIN_EXPORT("_log10", log10);
DARWIN_EXPORT("_log10f", log10f);
DARWIN_EXPORT("_log10l", log10l);
DARWIN_EXPORT("_log2", log2);
DARWIN_EXPORT("_log2f", log2f);
DARWIN_EXPORT("_log2l", log2l);
DARWIN_EXPORT("_log1p", log1p);
DARWIN_EXPORT("_log1pf", log1pf);
DARWIN_EXPORT("_log1pl", log1pl);
DARWIN_EXPORT("_logb", logb);
DARWIN_EXPORT("_logbf", logbf);
DARWIN_EXPORT("_logbl", logbl);
DARWIN_EXPORT("_pow", pow);
DARWIN_EXPORT("_powf", powf);
DARWIN_EXPORT("_powl", powl);
DARWIN_EXPORT("_sqrt", sqrt);
DARWIN_EXPORT("_sqrtf", sqrtf);
DARWIN_EXPORT("_sqrtl", sqrtl);
DARWIN_EXPORT("_cbrt", cbrt);
DARWIN_EXPORT("_cbrtf", cbrtf);
DARWIN_EXPORT("_cbrtl", cbrtl);
DARWIN_EXPORT("_hypot", hypot);
DARWIN_EXPORT("_hypotf", hypotf);
DARWIN_EXPORT("_hypotl", hypotl);
DARWIN_EXPORT("_ceil", ceil);
DARWIN_EXPORT("_ceilf", ceilf);
DARWIN_EXPORT("_ceill", ceill);
DARWIN_EXPORT("_floor", floor);
DARWIN_EXPORT("_floorf", floorf);
DARWIN_EXPORT("_floorl", floorl);
DARWIN_EXPORT("_round", round);
DARWIN_EXPORT("_roundf", roundf);
DARWIN_EXPORT("_roundl", roundl);
DARWIN_EXPORT("_trunc", trunc);
DARWIN_EXPORT("_truncf", truncf);
DARWIN_EXPORT("_truncl", truncl);
DARWIN_EXPORT("_rint", rint);
DARWIN_EXPORT("_rintf", rintf);
DARWIN_EXPORT("_rintl", rintl);
DARWIN_EXPORT("_nearbyint", nearbyint);
DARWIN_EXPORT("_nearbyintf", nearbyintf);
DARWIN_EXPORT("_nearbyintl", nearbyintl);
DARWIN_EXPORT("_lround", lround);
DARWIN_EXPORT("_lroundf", lroundf);
DARWIN_EXPORT("_lroundl", lroundl);
DARWIN_EXPORT("_llround", llround);
DARWIN_EXPORT("_llroundf", llroundf);
DARWIN_EXPORT("_llroundl", llroundl);
DARWIN_EXPORT("_lrint", lrint);
DARWIN_EXPORT("_lrintf", lrintf);
DARWIN_EXPORT("_lrintl", lrintl);
DARWIN_EXPORT("_llrint", llrint);
DARWIN_EXPORT("_llrintf", llrintf);
DARWIN_EXPORT("_llrintl", llrintl);
DARWIN_EXPORT("_fmod", fmod);
DARWIN_EXPORT("_fmodf", fmodf);
DARWIN_EXPORT("_fmodl", fmodl);
DARWIN_EXPORT("_remainder", remainder);
DARWIN_EXPORT("_remainderf", remainderf);
DARWIN_EXPORT("_remainderl", remainderl);
DARWIN_EXPORT("_remquo", remquo);
DARWIN_EXPORT("_remquof", remquof);
DARWIN_EXPORT("_remquol", remquol);
DARWIN_EXPORT("_fabs", fabs);
DARWIN_EXPORT("_fabsf", fabsf);
DARWIN_EXPORT("_fabsl", fabsl);
DARWIN_EXPORT("_fmin", fmin);
DARWIN_EXPORT("_fminf", fminf);
DARWIN_EXPORT("_fminl", fminl);
DARWIN_EXPORT("_fmax", fmax);
DARWIN_EXPORT("_fmaxf", fmaxf);
DARWIN_EXPORT("_fmaxl", fmaxl);
DARWIN_EXPORT("_fdim", fdim);
DARWIN_EXPORT("_fdimf", fdimf);
DARWIN_EXPORT("_fdiml", fdiml);
DARWIN_EXPORT("_fma", fma);
DARWIN_EXPORT("_fmaf", fmaf);
DARWIN_EXPORT("_fmal", fmal);
DARWIN_EXPORT("_copysign", copysign);
DARWIN_EXPORT("_copysignf", copysignf);
DARWIN_EXPORT("_copysignl", copysignl);
DARWIN_EXPORT("_nextafter", nextafter);
DARWIN_EXPORT("_nextafterf", nextafterf);
DARWIN_EXPORT("_nextafterl", nextafterl);
DARWIN_EXPORT("_frexp", frexp);
DARWIN_EXPORT("_frexpf", frexpf);
DARWIN_EXPORT("_frexpl", frexpl);
DARWIN_EXPORT("_ldexp", ldexp);
DARWIN_EXPORT("_ldexpf", ldexpf);
DARWIN_EXPORT("_ldexpl", ldexpl);
DARWIN_EXPORT("_modf", modf);
DARWIN_EXPORT("_modff", modff);
DARWIN_EXPORT("_modfl", modfl);
DARWIN_EXPORT("_scalbn", scalbn);
DARWIN_EXPORT("_scalbnf", scalbnf);
DARWIN_EXPORT("_scalbnl", scalbnl);
DARWIN_EXPORT("_scalbln", scalbln);
DARWIN_EXPORT("_scalblnf", scalblnf);
DARWIN_EXPORT("_scalblnl", scalblnl);
DARWIN_EXPORT("_ilogb", ilogb);
DARWIN_EXPORT("_ilogbf", ilogbf);
DARWIN_EXPORT("_ilogbl", ilogbl);
DARWIN_EXPORT("_erf", erf);
DARWIN_EXPORT("_erff", erff);
DARWIN_EXPORT("_erfl", erfl);
DARWIN_EXPORT("_erfc", erfc);
DARWIN_EXPORT("_erfcf", erfcf);
DARWIN_EXPORT("_erfcl", erfcl);
DARWIN_EXPORT("_tgamma", tgamma);
DARWIN_EXPORT("_tgammaf", tgammaf);
DARWIN_EXPORT("_tgammal", tgammal);
DARWIN_EXPORT("_lgamma", lgamma);
DARWIN_EXPORT("_lgammaf", lgammaf);
DARWIN_EXPORT("_lgammal", lgammal);
DARWIN_EXPORT("_nan", nan);
DARWIN_EXPORT("_nanf", nanf);
DARWIN_EXPORT("_nanl", nanl);
DARWIN_EXPORT("_nexttoward", nexttoward);
DARWIN_EXPORT("_nexttowardf", nexttowardf); 
DARWIN_EXPORT("_nexttowardl", nexttowardl);

DARWIN_EXPORT("_lgamma_r", lgamma_r);
DARWIN_EXPORT("_lgammaf_r", lgammaf_r);
DARWIN_EXPORT("_significand", significand);
DARWIN_EXPORT("_j0", j0);
DARWIN_EXPORT("_j1", j1);
DARWIN_EXPORT("_jn", jn);
DARWIN_EXPORT("_y0", y0);
DARWIN_EXPORT("_y1", y1);
DARWIN_EXPORT("_yn", yn);

static double d___exp10(double x) { return exp10(x); }
static float d___exp10f(float x) { return exp10f(x); }
DARWIN_EXPORT("___exp10", d___exp10);
DARWIN_EXPORT("___exp10f", d___exp10f);

struct sincos_d { double s, c; };
struct sincos_f { float s, c; };
static struct sincos_d d___sincos_stret(double x)
{
    struct sincos_d r;
    sincos(x, &r.s, &r.c);
    return r;
}
static struct sincos_f d___sincosf_stret(float x)
{
    struct sincos_f r;
    sincosf(x, &r.s, &r.c);
    return r;
}
DARWIN_EXPORT("___sincos_stret", d___sincos_stret);
DARWIN_EXPORT("___sincosf_stret", d___sincosf_stret);

/* sin(pi x) and friends, exact at integers and halves as Darwin's are. */
static double sinpi(double x)
{
    double r = fmod(x, 2.0);
    if (r == floor(r))
        return copysign(0.0, x);
    if (fabs(r) == 0.5 || fabs(r) == 1.5)
        return (r == 0.5 || r == -1.5) ? 1.0 : -1.0;
    return sin(M_PI * r);
}
static double cospi(double x)
{
    double r = fmod(fabs(x), 2.0);
    if (r == 0.5 || r == 1.5)
        return 0.0;
    if (r == 0.0)
        return 1.0;
    if (r == 1.0)
        return -1.0;
    return cos(M_PI * r);
}
static double tanpi(double x) { return sinpi(x) / cospi(x); }
static float sinpif(float x) { return (float)sinpi(x); }
static float cospif(float x) { return (float)cospi(x); }
static float tanpif(float x) { return (float)tanpi(x); }
DARWIN_EXPORT("___sinpi", sinpi);
DARWIN_EXPORT("___cospi", cospi);
DARWIN_EXPORT("___tanpi", tanpi);
DARWIN_EXPORT("___sinpif", sinpif);
DARWIN_EXPORT("___cospif", cospif);
DARWIN_EXPORT("___tanpif", tanpif);

/* Darwin's <math.h> classes and math_errhandling. */
enum { D_FP_NAN = 1, D_FP_INFINITE = 2, D_FP_ZERO = 3, D_FP_NORMAL = 4, D_FP_SUBNORMAL = 5 };
#define D_MATH_ERREXCEPT 2
static int darwin_fp(int c)
{
    switch (c) {
    case FP_NAN: return D_FP_NAN;
    case FP_INFINITE: return D_FP_INFINITE;
    case FP_ZERO: return D_FP_ZERO;
    case FP_SUBNORMAL: return D_FP_SUBNORMAL;
    default: return D_FP_NORMAL;
    }
}
static int d___fpclassifyd(double x) { return darwin_fp(fpclassify(x)); }
static int d___fpclassifyf(float x) { return darwin_fp(fpclassify(x)); }
static int d___fpclassifyl(long double x) { return darwin_fp(fpclassify(x)); }
DARWIN_EXPORT("___fpclassifyd", d___fpclassifyd);
DARWIN_EXPORT("___fpclassifyf", d___fpclassifyf);
DARWIN_EXPORT("___fpclassifyl", d___fpclassifyl);
DARWIN_EXPORT("___fpclassify", d___fpclassifyd);
static int d___isnand(double x) { return isnan(x); }
static int d___isnanf(float x) { return isnan(x); }
static int d___isnanl(long double x) { return isnan(x); }
static int d___isinfd(double x) { return isinf(x) != 0; }
static int d___isinff(float x) { return isinf(x) != 0; }
static int d___isinfl(long double x) { return isinf(x) != 0; }
static int d___isfinited(double x) { return isfinite(x); }
static int d___isfinitef(float x) { return isfinite(x); }
static int d___isfinitel(long double x) { return isfinite(x); }
static int d___isnormald(double x) { return isnormal(x); }
static int d___isnormalf(float x) { return isnormal(x); }
static int d___isnormall(long double x) { return isnormal(x); }
static int d___signbitd(double x) { return signbit(x) != 0; }
static int d___signbitf(float x) { return signbit(x) != 0; }
static int d___signbitl(long double x) { return signbit(x) != 0; }
DARWIN_EXPORT("___isnand", d___isnand);
DARWIN_EXPORT("___isnanf", d___isnanf);
DARWIN_EXPORT("___isnanl", d___isnanl);
DARWIN_EXPORT("___isinfd", d___isinfd);
DARWIN_EXPORT("___isinff", d___isinff);
DARWIN_EXPORT("___isinfl", d___isinfl);
DARWIN_EXPORT("___isfinited", d___isfinited);
DARWIN_EXPORT("___isfinitef", d___isfinitef);
DARWIN_EXPORT("___isfinitel", d___isfinitel);
DARWIN_EXPORT("___isnormald", d___isnormald);
DARWIN_EXPORT("___isnormalf", d___isnormalf);
DARWIN_EXPORT("___isnormall", d___isnormall);
DARWIN_EXPORT("___signbitd", d___signbitd);
DARWIN_EXPORT("___signbitf", d___signbitf);
DARWIN_EXPORT("___signbitl", d___signbitl);

static int d___math_errhandling(void) { return D_MATH_ERREXCEPT; } /* libm reports by exceptions */
DARWIN_EXPORT("___math_errhandling", d___math_errhandling);
