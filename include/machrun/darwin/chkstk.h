/*
 * chkstk.h — the stack probe of libsystem_pthread/chkstk.S (exported as ___chkstk_darwin).
 */
#ifndef MACHRUN_DARWIN_CHKSTK_H
#define MACHRUN_DARWIN_CHKSTK_H

void mr_chkstk_darwin(void);

#endif
