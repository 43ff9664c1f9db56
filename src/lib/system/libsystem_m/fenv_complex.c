/*
 * fenv_complex.c — <complex.h> and <fenv.h> for Darwin programs.
 *
 * The complex functions have Darwin's and glibc's names and the same SysV x86_64 calling
 * convention (a double complex in xmm0:xmm1, a float complex packed in xmm0, a long double
 * complex on the x87 stack), so they bind straight to glibc's libm.
 *
 * fenv: the exception bits (FE_INVALID 0x01 ... FE_INEXACT 0x20, Darwin's FE_DENORMALOPERAND
 * 0x02) and rounding modes (0, 0x400, 0x800, 0xc00) are the x86 hardware's on both sides,
 * and fexcept_t is an unsigned short on both, so those calls bind to glibc. fenv_t differs:
 * Darwin's is 16 bytes (x87 control word, x87 status word, MXCSR, 8 reserved bytes), so
 * fegetenv, fesetenv, feholdexcept and feupdateenv are machrun's, and FE_DFL_ENV is the
 * exported _FE_DFL_ENV (control 0x037f, MXCSR 0x1f80: round to nearest, all exceptions
 * masked, none raised).
 */
#define _GNU_SOURCE
#include <complex.h>
#include <fenv.h>
#include <stdint.h>
#include <string.h>

#include "machrun/darwin/private.h"

#define CX(name)                                 \
    DARWIN_EXPORT("_" #name, name);              \
    DARWIN_EXPORT("_" #name "f", name##f);       \
    DARWIN_EXPORT("_" #name "l", name##l)
CX(cabs);
CX(carg);
CX(cimag);
CX(creal);
CX(conj);
CX(cproj);
CX(cexp);
CX(clog);
CX(csqrt);
CX(cpow);
CX(csin);
CX(ccos);
CX(ctan);
CX(casin);
CX(cacos);
CX(catan);
CX(csinh);
CX(ccosh);
CX(ctanh);
CX(casinh);
CX(cacosh);
CX(catanh);

DARWIN_EXPORT("_feclearexcept", feclearexcept);
DARWIN_EXPORT("_feraiseexcept", feraiseexcept);
DARWIN_EXPORT("_fetestexcept", fetestexcept);
DARWIN_EXPORT("_fegetexceptflag", fegetexceptflag);
DARWIN_EXPORT("_fesetexceptflag", fesetexceptflag);
DARWIN_EXPORT("_fegetround", fegetround);
DARWIN_EXPORT("_fesetround", fesetround);

struct d_fenv {
    uint16_t control, status;
    uint32_t mxcsr;
    uint8_t reserved[8];
};
_Static_assert(sizeof(struct d_fenv) == 16, "Darwin fenv_t");

static struct d_fenv d_fe_dfl_env = { 0x037f, 0, 0x1f80, { 0 } };
DARWIN_EXPORT_DATA("__FE_DFL_ENV", d_fe_dfl_env);

/* The x87 environment as fnstenv stores it (28 bytes in 32-bit protected mode form). */
struct x87env {
    uint16_t control, r1, status, r2, tag, r3;
    uint32_t ip;
    uint16_t cs, op;
    uint32_t dp, ds;
};

static int d_fegetenv(struct d_fenv *e)
{
    struct x87env x;
    uint32_t m;
    __asm__ volatile("fnstenv %0\n\tfldenv %0" : "=m"(x)); /* fnstenv masks exceptions: restore */
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    memset(e, 0, sizeof *e);
    e->control = x.control;
    e->status = x.status;
    e->mxcsr = m;
    return 0;
}
DARWIN_EXPORT("_fegetenv", d_fegetenv);

static int d_fesetenv(const struct d_fenv *e)
{
    struct x87env x;
    __asm__ volatile("fnstenv %0" : "=m"(x));
    x.control = e->control;
    x.status = e->status;
    __asm__ volatile("fldenv %0" : : "m"(x));
    uint32_t m = e->mxcsr;
    __asm__ volatile("ldmxcsr %0" : : "m"(m));
    return 0;
}
DARWIN_EXPORT("_fesetenv", d_fesetenv);

/* feholdexcept: save the environment, clear the flags, go non-stop (all exceptions masked). */
static int d_feholdexcept(struct d_fenv *e)
{
    d_fegetenv(e);
    struct d_fenv h = *e;
    h.status &= (uint16_t)~0x3f;
    h.control |= 0x3f;
    h.mxcsr = (h.mxcsr & ~0x3fu) | 0x1f80u;
    return d_fesetenv(&h);
}
DARWIN_EXPORT("_feholdexcept", d_feholdexcept);

/* feupdateenv: install e, then raise what was raised before. */
static int d_feupdateenv(const struct d_fenv *e)
{
    int raised = fetestexcept(FE_ALL_EXCEPT);
    d_fesetenv(e);
    return feraiseexcept(raised);
}
DARWIN_EXPORT("_feupdateenv", d_feupdateenv);
