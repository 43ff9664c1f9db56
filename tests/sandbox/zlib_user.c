/* zlib_user.c — a Mach-O program that uses /usr/lib/libz.1.dylib after its sandbox is in
 * place (see hostlib.sh): it compresses and restores a string and reads a file it may. */
#include <stdio.h>
#include <string.h>

const char *zlibVersion(void);
int compress(unsigned char *dst, unsigned long *dstlen, const unsigned char *src, unsigned long srclen);
int uncompress(unsigned char *dst, unsigned long *dstlen, const unsigned char *src, unsigned long srclen);

int main(int argc, char **argv)
{
    const char *msg = "the same bytes, compressed inside a sandbox, the same bytes";
    unsigned char z[256], back[256];
    unsigned long zl = sizeof z, bl = sizeof back;
    int c = compress(z, &zl, (const unsigned char *)msg, strlen(msg) + 1);
    int u = uncompress(back, &bl, z, zl);
    printf("zlib %c: compress %d uncompress %d round trip %s\n", zlibVersion()[0], c, u,
           u == 0 && !strcmp((char *)back, msg) ? "ok" : "broken");
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "r");
        printf("open %s: %s\n", strrchr(argv[i], '/') + 1, f ? "ok" : "denied");
        if (f)
            fclose(f);
    }
    return 0;
}
