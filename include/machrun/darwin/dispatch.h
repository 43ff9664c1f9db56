/* dispatch.h — what libdispatch/dispatch.c offers other areas (FSEvents): handing work to a
 * dispatch queue. */
#ifndef MACHRUN_DARWIN_DISPATCH_H
#define MACHRUN_DARWIN_DISPATCH_H

#include <stdbool.h>

/* Hand fn(ctx) to the dispatch queue p; false if p is none. */
bool darwin_dispatch_async(void *queue, void (*fn)(void *), void *ctx);

#endif
