/*
 * forward.h — the forwarder pattern of src/hostlib: a function defined under its library
 * name that finds the real one in the library on first call (see include/machrun/hostlib.h).
 * The caller defines HOSTLIB_SONAME and HOSTLIB_WHAT first.
 */
#ifndef MACHRUN_HOSTLIB_FORWARD_H
#define MACHRUN_HOSTLIB_FORWARD_H

#include "machrun/hostlib.h"

#define HOSTLIB_REAL(name, type)                                                                 \
    static __typeof__(type) real_;                                                               \
    __typeof__(type) fn_ = __atomic_load_n(&real_, __ATOMIC_ACQUIRE);                            \
    if (!fn_) {                                                                                  \
        fn_ = (__typeof__(type))hostlib_sym(HOSTLIB_SONAME, HOSTLIB_WHAT, #name);                \
        __atomic_store_n(&real_, fn_, __ATOMIC_RELEASE);                                         \
    }

/* A forwarder returning RET; PARAMS is the parameter list with names, ARGS the names. */
#define HOSTLIB_FWD(ret, name, params, args)                                                     \
    ret name params                                                                              \
    {                                                                                            \
        HOSTLIB_REAL(name, ret (*) params)                                                       \
        return fn_ args;                                                                         \
    }

/* The same for a function returning void. */
#define HOSTLIB_FWD_VOID(name, params, args)                                                     \
    void name params                                                                             \
    {                                                                                            \
        HOSTLIB_REAL(name, void (*) params)                                                      \
        fn_ args;                                                                                \
    }

/* The real function NAME of type TYPE, for forwarders that do more than forward. */
#define HOSTLIB_CALL_REAL(name, type) HOSTLIB_REAL(name, type)

#endif
