/*
 * fp.c — the floating-point functions CarbonCore (CoreServices) exports from its old <fp.h>
 * and <fenv.h>: programs that link CoreServices before libSystem bind these names to
 * CoreServices (seen in deno: exp2, log2, fmax, fmin, modff, nextafterf, feclearexcept,
 * feraiseexcept), so CarbonCore re-exports libsystem_m's implementations of them.
 */
#include "machrun/darwin.h"

DARWIN_REEXPORT("_exp2");
DARWIN_REEXPORT("_log2");
DARWIN_REEXPORT("_fmax");
DARWIN_REEXPORT("_fmin");
DARWIN_REEXPORT("_fdim");
DARWIN_REEXPORT("_modff");
DARWIN_REEXPORT("_nextafterf");
DARWIN_REEXPORT("_feclearexcept");
DARWIN_REEXPORT("_fegetexceptflag");
DARWIN_REEXPORT("_feraiseexcept");
DARWIN_REEXPORT("_fesetexceptflag");
DARWIN_REEXPORT("_fetestexcept");
DARWIN_REEXPORT("_fegetround");
DARWIN_REEXPORT("_fesetround");
DARWIN_REEXPORT("_fegetenv");
DARWIN_REEXPORT("_feholdexcept");
DARWIN_REEXPORT("_fesetenv");
DARWIN_REEXPORT("_feupdateenv");
