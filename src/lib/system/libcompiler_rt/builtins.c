/*
 * builtins.c — libcompiler_rt.dylib: the compiler's run-time helpers for what x86_64 has no
 * instruction for (128-bit integer division and conversions, overflow-checked multiplies,
 * complex multiplication and division, integer powers, half-precision conversions).
 *
 * Compiler-rt and GCC's libgcc implement the same helpers under the same names with the
 * same System V calling convention, so most exports are libgcc's own functions, linked into
 * machrun; the few that libgcc lacks on x86_64 (the 64- and 32-bit ones, which GCC inlines
 * there, and the __mulo*4 overflow multiplies) are written here as compiler-rt defines them.
 * Not here: __gcc_personality_v0 (it would have to drive machrun's guest unwinder) and the
 * __atomic_* library calls.
 */
#include <stdbool.h>
#include <stdint.h>

#include "machrun/darwin/private.h"

/* The helpers' ABI, as compiler-rt's and libgcc's documentation give it (libgcc's manual,
 * "The GCC low-level runtime library"); the definitions are libgcc's. */
typedef __int128 ti_int;
typedef unsigned __int128 tu_int;
ti_int __divti3(ti_int, ti_int);
ti_int __modti3(ti_int, ti_int);
tu_int __udivti3(tu_int, tu_int);
tu_int __umodti3(tu_int, tu_int);
tu_int __udivmodti4(tu_int, tu_int, tu_int *);
ti_int __multi3(ti_int, ti_int);
ti_int __ashlti3(ti_int, int);
ti_int __ashrti3(ti_int, int);
ti_int __lshrti3(ti_int, int);
ti_int __negti2(ti_int);
int __cmpti2(ti_int, ti_int);
int __ucmpti2(tu_int, tu_int);
int __clzti2(ti_int);
int __ctzti2(ti_int);
int __ffsti2(ti_int);
int __popcountti2(ti_int);
int __parityti2(ti_int);
ti_int __absvti2(ti_int);
ti_int __addvti3(ti_int, ti_int);
ti_int __subvti3(ti_int, ti_int);
ti_int __mulvti3(ti_int, ti_int);
ti_int __negvti2(ti_int);
ti_int __fixdfti(double);
ti_int __fixsfti(float);
ti_int __fixxfti(long double);
tu_int __fixunsdfti(double);
tu_int __fixunssfti(float);
tu_int __fixunsxfti(long double);
double __floattidf(ti_int);
float __floattisf(ti_int);
long double __floattixf(ti_int);
double __floatuntidf(tu_int);
float __floatuntisf(tu_int);
long double __floatuntixf(tu_int);
double _Complex __muldc3(double, double, double, double);
float _Complex __mulsc3(float, float, float, float);
long double _Complex __mulxc3(long double, long double, long double, long double);
double _Complex __divdc3(double, double, double, double);
float _Complex __divsc3(float, float, float, float);
long double _Complex __divxc3(long double, long double, long double, long double);
double __powidf2(double, int);
float __powisf2(float, int);
long double __powixf2(long double, int);
int __popcountdi2(int64_t);
int64_t __absvdi2(int64_t);
int64_t __mulvdi3(int64_t, int64_t);
float __extendhfsf2(uint16_t);
uint16_t __truncdfhf2(double);
uint16_t __truncsfhf2(float);
void __clear_cache(void *, void *);

DARWIN_EXPORT("___divti3", __divti3);
DARWIN_EXPORT("___modti3", __modti3);
DARWIN_EXPORT("___udivti3", __udivti3);
DARWIN_EXPORT("___umodti3", __umodti3);
DARWIN_EXPORT("___udivmodti4", __udivmodti4);
DARWIN_EXPORT("___multi3", __multi3);
DARWIN_EXPORT("___ashlti3", __ashlti3);
DARWIN_EXPORT("___ashrti3", __ashrti3);
DARWIN_EXPORT("___lshrti3", __lshrti3);
DARWIN_EXPORT("___negti2", __negti2);
DARWIN_EXPORT("___cmpti2", __cmpti2);
DARWIN_EXPORT("___ucmpti2", __ucmpti2);
DARWIN_EXPORT("___clzti2", __clzti2);
DARWIN_EXPORT("___ctzti2", __ctzti2);
DARWIN_EXPORT("___ffsti2", __ffsti2);
DARWIN_EXPORT("___popcountti2", __popcountti2);
DARWIN_EXPORT("___parityti2", __parityti2);
DARWIN_EXPORT("___absvti2", __absvti2);
DARWIN_EXPORT("___addvti3", __addvti3);
DARWIN_EXPORT("___subvti3", __subvti3);
DARWIN_EXPORT("___mulvti3", __mulvti3);
DARWIN_EXPORT("___negvti2", __negvti2);
DARWIN_EXPORT("___fixdfti", __fixdfti);
DARWIN_EXPORT("___fixsfti", __fixsfti);
DARWIN_EXPORT("___fixxfti", __fixxfti);
DARWIN_EXPORT("___fixunsdfti", __fixunsdfti);
DARWIN_EXPORT("___fixunssfti", __fixunssfti);
DARWIN_EXPORT("___fixunsxfti", __fixunsxfti);
DARWIN_EXPORT("___floattidf", __floattidf);
DARWIN_EXPORT("___floattisf", __floattisf);
DARWIN_EXPORT("___floattixf", __floattixf);
DARWIN_EXPORT("___floatuntidf", __floatuntidf);
DARWIN_EXPORT("___floatuntisf", __floatuntisf);
DARWIN_EXPORT("___floatuntixf", __floatuntixf);
DARWIN_EXPORT("___muldc3", __muldc3);
DARWIN_EXPORT("___mulsc3", __mulsc3);
DARWIN_EXPORT("___mulxc3", __mulxc3);
DARWIN_EXPORT("___divdc3", __divdc3);
DARWIN_EXPORT("___divsc3", __divsc3);
DARWIN_EXPORT("___divxc3", __divxc3);
DARWIN_EXPORT("___powidf2", __powidf2);
DARWIN_EXPORT("___powisf2", __powisf2);
DARWIN_EXPORT("___powixf2", __powixf2);
DARWIN_EXPORT("___popcountdi2", __popcountdi2);
DARWIN_EXPORT("___absvdi2", __absvdi2);
DARWIN_EXPORT("___mulvdi3", __mulvdi3);
DARWIN_EXPORT("___extendhfsf2", __extendhfsf2);
DARWIN_EXPORT("___gnu_h2f_ieee", __extendhfsf2);
DARWIN_EXPORT("___truncdfhf2", __truncdfhf2);
DARWIN_EXPORT("___truncsfhf2", __truncsfhf2);
DARWIN_EXPORT("___gnu_f2h_ieee", __truncsfhf2);
DARWIN_EXPORT("___clear_cache", __clear_cache);

/* What libgcc leaves to the instruction set on x86_64: 64- and 32-bit arithmetic. */
static int64_t rt_divdi3(int64_t a, int64_t b) { return a / b; }
static int64_t rt_moddi3(int64_t a, int64_t b) { return a % b; }
static uint64_t rt_udivdi3(uint64_t a, uint64_t b) { return a / b; }
static uint64_t rt_umoddi3(uint64_t a, uint64_t b) { return a % b; }
static uint64_t rt_udivmoddi4(uint64_t a, uint64_t b, uint64_t *rem)
{
    if (rem)
        *rem = a % b;
    return a / b;
}
static int64_t rt_muldi3(int64_t a, int64_t b) { return (int64_t)((uint64_t)a * (uint64_t)b); }
static int64_t rt_ashldi3(int64_t a, int b) { return (int64_t)((uint64_t)a << b); }
static int64_t rt_ashrdi3(int64_t a, int b) { return a >> b; }
static int64_t rt_lshrdi3(int64_t a, int b) { return (int64_t)((uint64_t)a >> b); }
static int64_t rt_negdi2(int64_t a) { return (int64_t)(0 - (uint64_t)a); }
static int rt_cmpdi2(int64_t a, int64_t b) { return a < b ? 0 : a > b ? 2 : 1; }
static int rt_ucmpdi2(uint64_t a, uint64_t b) { return a < b ? 0 : a > b ? 2 : 1; }
static int rt_clzdi2(int64_t a) { return __builtin_clzll((uint64_t)a); }
static int rt_clzsi2(int32_t a) { return __builtin_clz((uint32_t)a); }
static int rt_ctzdi2(int64_t a) { return __builtin_ctzll((uint64_t)a); }
static int rt_ctzsi2(int32_t a) { return __builtin_ctz((uint32_t)a); }
static int rt_ffsdi2(int64_t a) { return __builtin_ffsll(a); }
static int rt_paritydi2(int64_t a) { return __builtin_parityll((uint64_t)a); }
static int rt_paritysi2(int32_t a) { return __builtin_parity((uint32_t)a); }
static int rt_popcountsi2(int32_t a) { return __builtin_popcount((uint32_t)a); }
static int64_t rt_fixdfdi(double a) { return (int64_t)a; }
static int64_t rt_fixsfdi(float a) { return (int64_t)a; }
static int64_t rt_fixxfdi(long double a) { return (int64_t)a; }
static uint64_t rt_fixunsdfdi(double a) { return a <= 0 ? 0 : (uint64_t)a; }
static uint32_t rt_fixunsdfsi(double a) { return a <= 0 ? 0 : (uint32_t)a; }
static uint64_t rt_fixunssfdi(float a) { return a <= 0 ? 0 : (uint64_t)a; }
static uint32_t rt_fixunssfsi(float a) { return a <= 0 ? 0 : (uint32_t)a; }
static uint64_t rt_fixunsxfdi(long double a) { return a <= 0 ? 0 : (uint64_t)a; }
static uint32_t rt_fixunsxfsi(long double a) { return a <= 0 ? 0 : (uint32_t)a; }
static double rt_floatdidf(int64_t a) { return (double)a; }
static float rt_floatdisf(int64_t a) { return (float)a; }
static long double rt_floatdixf(int64_t a) { return (long double)a; }
static double rt_floatundidf(uint64_t a) { return (double)a; }
static float rt_floatundisf(uint64_t a) { return (float)a; }
static long double rt_floatundixf(uint64_t a) { return (long double)a; }

/* Overflow-checked multiplies: the product, and *overflow set to 1 when it does not fit. */
static int32_t rt_mulosi4(int32_t a, int32_t b, int *overflow)
{
    int32_t r;
    *overflow = __builtin_mul_overflow(a, b, &r);
    return r;
}
static int64_t rt_mulodi4(int64_t a, int64_t b, int *overflow)
{
    int64_t r;
    *overflow = __builtin_mul_overflow(a, b, &r);
    return r;
}
static ti_int rt_muloti4(ti_int a, ti_int b, int *overflow)
{
    /* Done in unsigned arithmetic (GCC would turn __builtin_mul_overflow on __int128 back
     * into a call to __muloti4, which libgcc does not have). */
    tu_int ua = a < 0 ? -(tu_int)a : (tu_int)a, ub = b < 0 ? -(tu_int)b : (tu_int)b;
    bool neg = (a < 0) != (b < 0);
    tu_int limit = neg ? (tu_int)1 << 127 : ((tu_int)1 << 127) - 1;
    *overflow = ua != 0 && ub > limit / ua;
    return (ti_int)((tu_int)a * (tu_int)b);
}
/* Overflow-trapping arithmetic: abort on overflow, as compiler-rt does. */
static int32_t rt_absvsi2(int32_t a)
{
    if (a == INT32_MIN)
        __builtin_trap();
    return a < 0 ? -a : a;
}
static int64_t rt_addvdi3(int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        __builtin_trap();
    return r;
}
static int32_t rt_addvsi3(int32_t a, int32_t b)
{
    int32_t r;
    if (__builtin_add_overflow(a, b, &r))
        __builtin_trap();
    return r;
}
static int64_t rt_subvdi3(int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_sub_overflow(a, b, &r))
        __builtin_trap();
    return r;
}
static int32_t rt_subvsi3(int32_t a, int32_t b)
{
    int32_t r;
    if (__builtin_sub_overflow(a, b, &r))
        __builtin_trap();
    return r;
}
static int32_t rt_mulvsi3(int32_t a, int32_t b)
{
    int32_t r;
    if (__builtin_mul_overflow(a, b, &r))
        __builtin_trap();
    return r;
}
static int64_t rt_negvdi2(int64_t a)
{
    if (a == INT64_MIN)
        __builtin_trap();
    return -a;
}
static int32_t rt_negvsi2(int32_t a)
{
    if (a == INT32_MIN)
        __builtin_trap();
    return -a;
}

DARWIN_EXPORT("___divdi3", rt_divdi3);
DARWIN_EXPORT("___moddi3", rt_moddi3);
DARWIN_EXPORT("___udivdi3", rt_udivdi3);
DARWIN_EXPORT("___umoddi3", rt_umoddi3);
DARWIN_EXPORT("___udivmoddi4", rt_udivmoddi4);
DARWIN_EXPORT("___muldi3", rt_muldi3);
DARWIN_EXPORT("___ashldi3", rt_ashldi3);
DARWIN_EXPORT("___ashrdi3", rt_ashrdi3);
DARWIN_EXPORT("___lshrdi3", rt_lshrdi3);
DARWIN_EXPORT("___negdi2", rt_negdi2);
DARWIN_EXPORT("___cmpdi2", rt_cmpdi2);
DARWIN_EXPORT("___ucmpdi2", rt_ucmpdi2);
DARWIN_EXPORT("___clzdi2", rt_clzdi2);
DARWIN_EXPORT("___clzsi2", rt_clzsi2);
DARWIN_EXPORT("___ctzdi2", rt_ctzdi2);
DARWIN_EXPORT("___ctzsi2", rt_ctzsi2);
DARWIN_EXPORT("___ffsdi2", rt_ffsdi2);
DARWIN_EXPORT("___paritydi2", rt_paritydi2);
DARWIN_EXPORT("___paritysi2", rt_paritysi2);
DARWIN_EXPORT("___popcountsi2", rt_popcountsi2);
DARWIN_EXPORT("___fixdfdi", rt_fixdfdi);
DARWIN_EXPORT("___fixsfdi", rt_fixsfdi);
DARWIN_EXPORT("___fixxfdi", rt_fixxfdi);
DARWIN_EXPORT("___fixunsdfdi", rt_fixunsdfdi);
DARWIN_EXPORT("___fixunsdfsi", rt_fixunsdfsi);
DARWIN_EXPORT("___fixunssfdi", rt_fixunssfdi);
DARWIN_EXPORT("___fixunssfsi", rt_fixunssfsi);
DARWIN_EXPORT("___fixunsxfdi", rt_fixunsxfdi);
DARWIN_EXPORT("___fixunsxfsi", rt_fixunsxfsi);
DARWIN_EXPORT("___floatdidf", rt_floatdidf);
DARWIN_EXPORT("___floatdisf", rt_floatdisf);
DARWIN_EXPORT("___floatdixf", rt_floatdixf);
DARWIN_EXPORT("___floatundidf", rt_floatundidf);
DARWIN_EXPORT("___floatundisf", rt_floatundisf);
DARWIN_EXPORT("___floatundixf", rt_floatundixf);
DARWIN_EXPORT("___mulosi4", rt_mulosi4);
DARWIN_EXPORT("___mulodi4", rt_mulodi4);
DARWIN_EXPORT("___muloti4", rt_muloti4);
DARWIN_EXPORT("___absvsi2", rt_absvsi2);
DARWIN_EXPORT("___addvdi3", rt_addvdi3);
DARWIN_EXPORT("___addvsi3", rt_addvsi3);
DARWIN_EXPORT("___subvdi3", rt_subvdi3);
DARWIN_EXPORT("___subvsi3", rt_subvsi3);
DARWIN_EXPORT("___mulvsi3", rt_mulvsi3);
DARWIN_EXPORT("___negvdi2", rt_negvdi2);
DARWIN_EXPORT("___negvsi2", rt_negvsi2);
