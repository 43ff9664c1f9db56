/* mem_mmap.c — anonymous and file mappings, protections, msync, madvise, aligned allocation. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef __APPLE__
#include <malloc/malloc.h>
#define usable(p) malloc_size(p)
#else
#include <malloc.h>
#define usable(p) malloc_usable_size(p)
#endif

int main(void)
{
    size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    char *a = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    printf("anon mmap ok: %d zeroed: %d\n", a != MAP_FAILED, a[0] == 0 && a[4 * pg - 1] == 0);
    strcpy(a, "anonymous memory");
    printf("content: %s\n", a);
    printf("mprotect read-only: %d\n", mprotect(a, pg, PROT_READ));
    printf("madvise dontneed: %d\n", madvise(a + pg, pg, MADV_DONTNEED));
    printf("munmap: %d\n", munmap(a, 4 * pg));
    printf("bad flags rejected: %d\n", mmap(NULL, pg, PROT_READ, 0x7fff0000, -1, 0) == MAP_FAILED);

    int fd = open("mapped.bin", O_RDWR | O_CREAT | O_TRUNC, 0600);
    ftruncate(fd, (off_t)pg);
    char *m = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    memcpy(m, "written through the mapping", 28);
    printf("msync: %d\n", msync(m, pg, MS_SYNC));
    char buf[32] = { 0 };
    pread(fd, buf, 28, 0);
    printf("read back: %s\n", buf);
    munmap(m, pg);
    close(fd);
    unlink("mapped.bin");

    void *p = NULL;
    int prc = posix_memalign(&p, 64, 100);
    printf("posix_memalign(64): %d aligned: %d\n", prc, p && ((uintptr_t)p & 63) == 0);
    printf("usable size >= 100: %d\n", usable(p) >= 100);
    free(p);
    char *big = malloc(1 << 20);
    memset(big, 1, 1 << 20);
    big = realloc(big, 2 << 20);
    printf("realloc keeps content: %d\n", big[12345] == 1);
    free(big);
    void *al = aligned_alloc(4096, 8192);
    printf("aligned_alloc page aligned: %d\n", ((uintptr_t)al & 4095) == 0);
    free(al);
    return 0;
}
