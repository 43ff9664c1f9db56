/* first_fd.c — the descriptor a fresh program's first open gets: the same under machrun as
 * natively (the loader closes the image it mapped, as XNU does). */
#include <stdio.h>
#include <fcntl.h>
int main(void) { printf("fd %d\n", open("/dev/null", O_RDONLY)); return 0; }
