/*
 * uuid.c — the uuid_* calls (libSystem's libuuid): random, time-based, parse,
 * unparse (in Darwin's upper case), compare, copy, clear.
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

/* ---- uuid (libSystem's libuuid): uuid_t is 16 bytes; random (version 4) UUIDs from
 * getrandom, uuid_generate_time a version 1 UUID from the clock and a random node ---- */
#include <sys/random.h>
#include <sys/time.h>
typedef unsigned char d_uuid_t[16];

static void d_uuid_generate_random(d_uuid_t u)
{
    if (getrandom(u, 16, 0) != 16)
        for (int i = 0; i < 16; i++)
            u[i] = (unsigned char)random();
    u[6] = (u[6] & 0x0f) | 0x40;
    u[8] = (u[8] & 0x3f) | 0x80;
}
static void d_uuid_generate_time(d_uuid_t u)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    static unsigned char node[6];
    static uint16_t seq;
    if (!node[0] && !node[1]) {
        (void)!getrandom(node, sizeof node, 0);
        node[0] |= 0x01; /* multicast bit: not a real MAC, as RFC 4122 says */
        (void)!getrandom(&seq, sizeof seq, 0);
    }
    uint64_t t = ((uint64_t)tv.tv_sec * 10000000ull + (uint64_t)tv.tv_usec * 10ull) + 0x01B21DD213814000ull;
    seq++;
    u[0] = (unsigned char)(t >> 24); u[1] = (unsigned char)(t >> 16); u[2] = (unsigned char)(t >> 8); u[3] = (unsigned char)t;
    u[4] = (unsigned char)(t >> 40); u[5] = (unsigned char)(t >> 32);
    u[6] = (unsigned char)(((t >> 56) & 0x0f) | 0x10); u[7] = (unsigned char)(t >> 48);
    u[8] = (unsigned char)(((seq >> 8) & 0x3f) | 0x80); u[9] = (unsigned char)seq;
    memcpy(u + 10, node, 6);
}
static void d_uuid_clear(d_uuid_t u) { memset(u, 0, 16); }
static void d_uuid_copy(d_uuid_t dst, const d_uuid_t src) { memcpy(dst, src, 16); }
static int d_uuid_compare(const d_uuid_t a, const d_uuid_t b) { return memcmp(a, b, 16); }
static int d_uuid_is_null(const d_uuid_t u)
{
    for (int i = 0; i < 16; i++)
        if (u[i])
            return 0;
    return 1;
}
static int d_uuid_parse(const char *in, d_uuid_t u)
{
    if (strlen(in) != 36)
        return -1;
    for (int i = 0, j = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (in[i] != '-')
                return -1;
            continue;
        }
        int hi = in[i], lo = in[i + 1];
        if (!isxdigit(hi) || !isxdigit(lo))
            return -1;
        hi = isdigit(hi) ? hi - '0' : (tolower(hi) - 'a' + 10);
        lo = isdigit(lo) ? lo - '0' : (tolower(lo) - 'a' + 10);
        u[j++] = (unsigned char)(hi << 4 | lo);
        i++;
    }
    return 0;
}
static void unparse(const d_uuid_t u, char *out, const char *hex)
{
    for (int i = 0, o = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[u[i] >> 4];
        out[o++] = hex[u[i] & 15];
        out[o] = 0;
    }
}
/* Darwin's uuid_unparse writes upper case (its libuuid's default). */
static void d_uuid_unparse_upper(const d_uuid_t u, char *out) { unparse(u, out, "0123456789ABCDEF"); }
static void d_uuid_unparse_lower(const d_uuid_t u, char *out) { unparse(u, out, "0123456789abcdef"); }
DARWIN_EXPORT("_uuid_generate", d_uuid_generate_random);
DARWIN_EXPORT("_uuid_generate_random", d_uuid_generate_random);
DARWIN_EXPORT("_uuid_generate_time", d_uuid_generate_time);
DARWIN_EXPORT("_uuid_clear", d_uuid_clear);
DARWIN_EXPORT("_uuid_copy", d_uuid_copy);
DARWIN_EXPORT("_uuid_compare", d_uuid_compare);
DARWIN_EXPORT("_uuid_is_null", d_uuid_is_null);
DARWIN_EXPORT("_uuid_parse", d_uuid_parse);
DARWIN_EXPORT("_uuid_unparse", d_uuid_unparse_upper);
DARWIN_EXPORT("_uuid_unparse_upper", d_uuid_unparse_upper);
DARWIN_EXPORT("_uuid_unparse_lower", d_uuid_unparse_lower);
