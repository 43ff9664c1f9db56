/* blocks.h — the Blocks ABI layout (a block literal and its descriptor) and the Blocks
 * runtime entry points of libsystem_blocks/blocks.c that libdispatch uses to copy and
 * release the blocks handed to it. */
#ifndef MACHRUN_DARWIN_BLOCKS_H
#define MACHRUN_DARWIN_BLOCKS_H

#include <stdint.h>

struct block_desc { unsigned long reserved, size; void (*copy)(void *dst, const void *src); void (*dispose)(const void *); };
struct block { void *isa; volatile int32_t flags; int32_t reserved; void (*invoke)(void *, ...); struct block_desc *desc; };

/* _Block_copy / _Block_release. */
void *d__Block_copy(const void *arg);
void d__Block_release(const void *arg);

#endif
