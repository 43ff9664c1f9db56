/*
 * random.c — randomness as Darwin offers it: arc4random family (glibc 2.36 has the same
 * functions), getentropy (at most 256 bytes, EIO on failure, as both document), and the
 * random()/srandom() generator.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

DARWIN_EXPORT("_arc4random", arc4random);
DARWIN_EXPORT("_arc4random_buf", arc4random_buf);
DARWIN_EXPORT("_arc4random_uniform", arc4random_uniform);

static void d_arc4random_stir(void) {}
DARWIN_EXPORT("_arc4random_stir", d_arc4random_stir); /* the kernel source needs no stirring */

static void d_arc4random_addrandom(unsigned char *dat, int datlen) { (void)dat; (void)datlen; }
DARWIN_EXPORT("_arc4random_addrandom", d_arc4random_addrandom); /* deprecated no-op on Darwin too */

static int d_getentropy(void *buf, size_t n)
{
    return dret(getentropy(buf, n));
}
DARWIN_EXPORT("_getentropy", d_getentropy);

DARWIN_EXPORT("_random", random);
DARWIN_EXPORT("_srandom", srandom);
DARWIN_EXPORT("_initstate", initstate);
DARWIN_EXPORT("_setstate", setstate);
DARWIN_EXPORT("_drand48", drand48);
DARWIN_EXPORT("_erand48", erand48);
DARWIN_EXPORT("_lrand48", lrand48);
DARWIN_EXPORT("_nrand48", nrand48);
DARWIN_EXPORT("_mrand48", mrand48);
DARWIN_EXPORT("_jrand48", jrand48);
DARWIN_EXPORT("_srand48", srand48);
DARWIN_EXPORT("_seed48", seed48);
DARWIN_EXPORT("_lcong48", lcong48);

/* CommonCrypto's CCRandomGenerateBytes (libcommonCrypto, re-exported by libSystem):
 * kCCSuccess 0, kCCRNGFailure -4307. */
static int d_CCRandomGenerateBytes(void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n > 0) {
        size_t k = n > 256 ? 256 : n;
        if (getentropy(p, k) != 0)
            return -4307;
        p += k;
        n -= k;
    }
    return 0;
}
DARWIN_EXPORT("_CCRandomGenerateBytes", d_CCRandomGenerateBytes);
