/*
 * random.c — CommonCrypto's random numbers: CCRandomGenerateBytes (libcommonCrypto,
 * re-exported by libSystem), from the kernel's entropy source 256 bytes at a time.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

/* <CommonCrypto/CommonCryptoError.h> CCRNGStatus. */
#define kCCSuccess 0
#define kCCRNGFailure (-4307)

static int d_CCRandomGenerateBytes(void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n > 0) {
        size_t k = n > 256 ? 256 : n;
        if (getentropy(p, k) != 0)
            return kCCRNGFailure;
        p += k;
        n -= k;
    }
    return kCCSuccess;
}
DARWIN_EXPORT("_CCRandomGenerateBytes", d_CCRandomGenerateBytes);
