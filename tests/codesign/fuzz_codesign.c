/*
 * fuzz_codesign.c — libFuzzer target for src/codesign/: a whole thin Mach-O through
 * cs_check_image (Mach-O parse, SuperBlob/CodeDirectory parse, page and slot hashing), and
 * the same bytes taken as a bare SuperBlob through cs_parse + cs_verify.
 */
#include <stdint.h>
#include <stdlib.h>

#include "machrun/codesign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cs_check c;
    cs_check_image(data, size, &c);
    cs_check_free(&c);
    struct cs_signature s;
    char err[200], why[200];
    if (cs_parse(data, size, &s, err, sizeof err) == 0)
        cs_verify(data, size, size, &s, why, sizeof why);
    return 0;
}
