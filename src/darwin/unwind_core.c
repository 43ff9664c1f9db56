/*
 * unwind_core.c — the _Unwind_* functions of libSystem's libunwind, bound to libgcc's
 * unwinder (the _Unwind_Exception and context ABI is the same on x86_64). The guest's own
 * personality routines (libc++abi's __gxx_personality_v0, Rust's rust_eh_personality) are
 * called by libgcc with libgcc contexts and call these back.
 *
 * Partial: libgcc finds frames through registered DWARF FDEs. Mach-O images describe most
 * functions with compact unwind (__unwind_info), which is not yet turned into FDEs, so an
 * exception or backtrace that has to cross a guest frame stops there (a throw then ends in
 * std::terminate, a backtrace is short) — reported, not pretended.
 */
#define _GNU_SOURCE
#include <unwind.h>

#include "darwin_private.h"

extern void __register_frame(void *);
extern void __deregister_frame(void *);

DARWIN_EXPORT_PARTIAL("__Unwind_RaiseException", _Unwind_RaiseException);
DARWIN_EXPORT_PARTIAL("__Unwind_Resume", _Unwind_Resume);
DARWIN_EXPORT_PARTIAL("__Unwind_Resume_or_Rethrow", _Unwind_Resume_or_Rethrow);
DARWIN_EXPORT_PARTIAL("__Unwind_ForcedUnwind", _Unwind_ForcedUnwind);
DARWIN_EXPORT_PARTIAL("__Unwind_Backtrace", _Unwind_Backtrace);
DARWIN_EXPORT("__Unwind_DeleteException", _Unwind_DeleteException);
DARWIN_EXPORT("__Unwind_GetIP", _Unwind_GetIP);
DARWIN_EXPORT("__Unwind_GetIPInfo", _Unwind_GetIPInfo);
DARWIN_EXPORT("__Unwind_SetIP", _Unwind_SetIP);
DARWIN_EXPORT("__Unwind_GetGR", _Unwind_GetGR);
DARWIN_EXPORT("__Unwind_SetGR", _Unwind_SetGR);
DARWIN_EXPORT("__Unwind_GetCFA", _Unwind_GetCFA);
DARWIN_EXPORT("__Unwind_GetLanguageSpecificData", _Unwind_GetLanguageSpecificData);
DARWIN_EXPORT("__Unwind_GetRegionStart", _Unwind_GetRegionStart);
DARWIN_EXPORT("__Unwind_GetDataRelBase", _Unwind_GetDataRelBase);
DARWIN_EXPORT("__Unwind_GetTextRelBase", _Unwind_GetTextRelBase);
DARWIN_EXPORT("__Unwind_FindEnclosingFunction", _Unwind_FindEnclosingFunction);
DARWIN_EXPORT("___register_frame", __register_frame);
DARWIN_EXPORT("___deregister_frame", __deregister_frame);
