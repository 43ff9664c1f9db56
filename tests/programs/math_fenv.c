/* math_fenv.c — <complex.h> functions (double, float and long double) and <fenv.h>:
 * rounding modes, raising/testing/clearing exceptions, fegetenv/fesetenv round trips,
 * feholdexcept/feupdateenv and FE_DFL_ENV. Darwin's fenv_t is not glibc's: behaviour is
 * compared, not bytes. */
#include <complex.h>
#include <fenv.h>
#include <math.h>
#include <stdio.h>

static volatile double zero = 0.0, one = 1.0, three = 3.0, big = 1e308;

static void show_flags(const char *what)
{
    int f = fetestexcept(FE_ALL_EXCEPT);
    printf("%s:%s%s%s%s%s\n", what, f & FE_INVALID ? " INVALID" : "", f & FE_DIVBYZERO ? " DIVBYZERO" : "",
           f & FE_OVERFLOW ? " OVERFLOW" : "", f & FE_UNDERFLOW ? " UNDERFLOW" : "", f & FE_INEXACT ? " INEXACT" : "");
}

int main(void)
{
    double complex z = 3.0 + 4.0 * I, w = 1.0 - 1.0 * I;
    printf("cabs=%.6f carg=%.6f creal=%.1f cimag=%.1f conj=%.1f%+.1fi\n", cabs(z), carg(z), creal(z), cimag(z),
           creal(conj(z)), cimag(conj(z)));
    double complex e = cexp(I * M_PI), s = csqrt(-4.0 + 0.0 * I), p = cpow(w, 2.0), l = clog(z);
    printf("cexp(i pi)=%.6f%+.6fi csqrt(-4)=%.6f%+.6fi cpow=%.6f%+.6fi clog=%.6f%+.6fi\n", creal(e), cimag(e) + 0.0,
           creal(s), cimag(s), creal(p), cimag(p) + 0.0, creal(l), cimag(l));
    double complex t = csin(w), c = ccos(w), at = catanh(0.5 + 0.0 * I);
    printf("csin=%.6f%+.6fi ccos=%.6f%+.6fi catanh=%.6f%+.6fi\n", creal(t), cimag(t), creal(c), cimag(c), creal(at),
           cimag(at));
    float complex zf = 1.0f + 1.0f * I;
    long double complex zl = 2.0L + 2.0L * I;
    printf("cabsf=%.5f csqrtf=%.5f%+.5fi cabsl=%.10Lf cexpl=%.6Lf\n", cabsf(zf), crealf(csqrtf(zf)), cimagf(csqrtf(zf)),
           cabsl(zl), creall(cexpl(zl)));

    printf("round nearest=%d\n", fegetround() == FE_TONEAREST);
    volatile double x = 2.5;
    int modes[] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO };
    const char *names[] = { "nearest", "upward", "downward", "towardzero" };
    for (int i = 0; i < 4; i++) {
        /* computed in the mode, printed in round-to-nearest (printf itself honours the mode) */
        fesetround(modes[i]);
        volatile double neg = -x;
        volatile double a = rint(x), b = rint(neg), third = one / three; /* volatile: gcc moves */
        volatile long c = lrint(x + 1.0);                                  /* FP work across calls */
        fesetround(FE_TONEAREST);
        printf("  %s: rint(2.5)=%.1f rint(-2.5)=%.1f lrint(3.5)=%ld 1/3=%a\n", names[i], a, b, c, third);
    }

    feclearexcept(FE_ALL_EXCEPT);
    show_flags("none");
    volatile double r = one / zero;
    show_flags("1/0");
    feclearexcept(FE_ALL_EXCEPT);
    r = zero / zero;
    show_flags("0/0");
    feclearexcept(FE_ALL_EXCEPT);
    r = big * big;
    show_flags("big*big");
    feclearexcept(FE_ALL_EXCEPT);
    r = one / 3.0;
    show_flags("1/3");
    (void)r;
    feraiseexcept(FE_UNDERFLOW);
    show_flags("raised UNDERFLOW");
    fexcept_t saved;
    fegetexceptflag(&saved, FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    fesetexceptflag(&saved, FE_UNDERFLOW);
    show_flags("restored UNDERFLOW only");

    fenv_t env;
    feclearexcept(FE_ALL_EXCEPT);
    fesetround(FE_UPWARD);
    fegetenv(&env);
    fesetround(FE_DOWNWARD);
    feraiseexcept(FE_INEXACT);
    fesetenv(&env);
    printf("fesetenv back: upward=%d", fegetround() == FE_UPWARD);
    show_flags(" flags");
    fesetenv(FE_DFL_ENV);
    printf("FE_DFL_ENV: nearest=%d", fegetround() == FE_TONEAREST);
    show_flags(" flags");

    feraiseexcept(FE_DIVBYZERO);
    fenv_t held;
    feholdexcept(&held);
    show_flags("after feholdexcept");
    r = big * big;
    show_flags("overflow while held");
    feupdateenv(&held);
    show_flags("after feupdateenv");
    feclearexcept(FE_ALL_EXCEPT);
    return 0;
}
