/*
 * bsd_sort.c — the BSD sorts of stdlib.h: heapsort and mergesort (stable).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <termios.h>
#include <time.h>
#include <wchar.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <sched.h>
#include <search.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>
#include <wordexp.h>

#include "machrun/darwin/abi.h"
#include "machrun/darwin/private.h"

static int d_heapsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (size == 0) {
        errno = D_EINVAL;
        return -1;
    }
    qsort(base, n, size, cmp);
    return 0;
}
DARWIN_EXPORT("_heapsort", d_heapsort);

/* mergesort: stable; Darwin's needs size >= sizeof(void *) / 2 and says EINVAL otherwise. */
static int d_mergesort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (size < sizeof(void *) / 2) {
        errno = D_EINVAL;
        return -1;
    }
    if (n < 2)
        return 0;
    char *a = base, *tmp = malloc(n * size);
    if (!tmp) {
        errno = D_ENOMEM;
        return -1;
    }
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (cmp(a + j * size, a + i * size) < 0)
                    memcpy(tmp + k++ * size, a + j++ * size, size);
                else
                    memcpy(tmp + k++ * size, a + i++ * size, size);
            }
            while (i < mid)
                memcpy(tmp + k++ * size, a + i++ * size, size);
            while (j < hi)
                memcpy(tmp + k++ * size, a + j++ * size, size);
        }
        memcpy(a, tmp, n * size);
    }
    free(tmp);
    return 0;
}
DARWIN_EXPORT("_mergesort", d_mergesort);
