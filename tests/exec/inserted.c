/* inserted.c — a library for DYLD_INSERT_LIBRARIES: its constructor runs before the program's. */
#include <stdio.h>
__attribute__((constructor)) static void announce(void) { printf("inserted library constructor\n"); }
