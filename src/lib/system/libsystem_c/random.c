/*
 * random.c — randomness as libsystem_c offers it: arc4random family (glibc 2.36 has the
 * same functions) and the random()/srandom() and *rand48 generators. (getentropy is
 * libsystem_kernel's, CCRandomGenerateBytes libcommonCrypto's: libsystem_kernel/getentropy.c,
 * libcommonCrypto/random.c.)
 */
#define _GNU_SOURCE
#include <stdlib.h>

#include "machrun/darwin/private.h"

DARWIN_EXPORT("_arc4random", arc4random);
DARWIN_EXPORT("_arc4random_buf", arc4random_buf);
DARWIN_EXPORT("_arc4random_uniform", arc4random_uniform);

static void d_arc4random_stir(void) {}
DARWIN_EXPORT("_arc4random_stir", d_arc4random_stir); /* the kernel source needs no stirring */

static void d_arc4random_addrandom(unsigned char *dat, int datlen) { (void)dat; (void)datlen; }
DARWIN_EXPORT("_arc4random_addrandom", d_arc4random_addrandom); /* deprecated no-op on Darwin too */

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

