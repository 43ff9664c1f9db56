/*
 * forward.h — the forwarder pattern of src/hostlib: a function defined under its library
 * name that finds the real one in the library on first call (see include/machrun/hostlib.h).
 * The caller defines HOSTLIB_SONAME and HOSTLIB_WHAT first.
 */
#ifndef MACHRUN_HOSTLIB_FORWARD_H
#define MACHRUN_HOSTLIB_FORWARD_H

#include "machrun/hostlib.h"

/* In a forwarder: fn_, the real NAME of type TYPE (also for forwarders that do more). */
#define HOSTLIB_REAL(name, type) HOSTLIB_RESOLVE(HOSTLIB_SONAME, HOSTLIB_WHAT, name, type)

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


#endif
