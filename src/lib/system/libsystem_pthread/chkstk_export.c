/*
 * chkstk_export.c — libsystem_pthread's ___chkstk_darwin export: the stack probe of chkstk.S
 * (assembly, which cannot carry a DARWIN_EXPORT itself).
 */
#include "machrun/darwin/chkstk.h"
#include "machrun/darwin/private.h"

DARWIN_EXPORT("____chkstk_darwin", mr_chkstk_darwin);
