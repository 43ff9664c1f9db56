/* image_unit.c — the classifier and the PATH walker of include/machrun/exec_image.h, which
 * exec's activators, the guest's exec calls, re-exec and the exec shim share. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machrun/exec_image.h"

static int failures;
#define CHECK(c)                                                              \
    do {                                                                      \
        if (!(c)) {                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
            failures++;                                                       \
        }                                                                     \
    } while (0)

static enum exec_image_kind kind(const char *bytes, size_t n)
{
    return exec_image_classify((const unsigned char *)bytes, n);
}

static void classify(void)
{
    CHECK(kind("\xcf\xfa\xed\xfe\x07\x00\x00\x01", 8) == EXEC_IMAGE_MACHO64);
    CHECK(kind("\xcf\xfa\xed\xfe", 4) == EXEC_IMAGE_MACHO64);
    CHECK(kind("\xfe\xed\xfa\xcf\x00\x00\x00\x00", 8) == EXEC_IMAGE_MACHO64_SWAPPED);
    CHECK(kind("\xce\xfa\xed\xfe\x07\x00\x00\x00", 8) == EXEC_IMAGE_MACHO32);
    CHECK(kind("\xfe\xed\xfa\xce\x00\x00\x00\x07", 8) == EXEC_IMAGE_MACHO32);
    CHECK(kind("\xca\xfe\xba\xbe\x00\x00\x00\x02", 8) == EXEC_IMAGE_FAT);
    CHECK(kind("\xca\xfe\xba\xbf\x00\x00\x00\x01", 8) == EXEC_IMAGE_FAT);
    CHECK(kind("\xca\xfe\xba\xbe\x00\x00\x00\x1e", 8) == EXEC_IMAGE_FAT);      /* 30 */
    CHECK(kind("\xca\xfe\xba\xbe\x00\x00\x00\x1f", 8) == EXEC_IMAGE_UNKNOWN);  /* 31 */
    CHECK(kind("\xca\xfe\xba\xbe\x00\x00\x00\x34", 8) == EXEC_IMAGE_UNKNOWN);  /* Java class 52 */
    CHECK(kind("\xca\xfe\xba\xbe\x00\x00\x00\x00", 8) == EXEC_IMAGE_UNKNOWN);  /* no archs */
    CHECK(kind("\xca\xfe\xba\xbe\x00\x00", 6) == EXEC_IMAGE_UNKNOWN);          /* short */
    CHECK(kind("\xbe\xba\xfe\xca\x02\x00\x00\x00", 8) == EXEC_IMAGE_UNKNOWN);  /* FAT_CIGAM */
    CHECK(kind("#!/bin/sh\n", 10) == EXEC_IMAGE_SCRIPT);
    CHECK(kind("#!", 2) == EXEC_IMAGE_SCRIPT);
    CHECK(kind("#", 1) == EXEC_IMAGE_UNKNOWN);
    CHECK(kind("\177ELF\001\001\001", 7) == EXEC_IMAGE_ELF32);
    CHECK(kind("\177ELF\002\001\001", 7) == EXEC_IMAGE_ELF64);
    CHECK(kind("\177ELF", 4) == EXEC_IMAGE_ELF64);
    CHECK(kind("\177EL", 3) == EXEC_IMAGE_UNKNOWN);
    CHECK(kind("hello world", 11) == EXEC_IMAGE_UNKNOWN);
    CHECK(kind("", 0) == EXEC_IMAGE_UNKNOWN);
    CHECK(exec_image_is_macho(EXEC_IMAGE_FAT) && exec_image_is_macho(EXEC_IMAGE_MACHO32) &&
          !exec_image_is_macho(EXEC_IMAGE_SCRIPT) && !exec_image_is_macho(EXEC_IMAGE_ELF64));
    CHECK(exec_image_is_elf(EXEC_IMAGE_ELF32) && !exec_image_is_elf(EXEC_IMAGE_UNKNOWN));
}

/* The candidates for file on search, joined by '|'. */
static const char *walk(const char *search, const char *file)
{
    static char out[8192];
    struct exec_path w;
    out[0] = 0;
    exec_path_start(&w, search, file);
    for (const char *c; (c = exec_path_next(&w));) {
        if (out[0])
            strcat(out, "|");
        strcat(out, c);
    }
    return out;
}

static void touch(const char *path, mode_t mode)
{
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
    CHECK(fd >= 0);
    close(fd);
    chmod(path, mode);
}

static void path_walk(void)
{
    CHECK(!strcmp(walk("/a:/b", "x"), "/a/x|/b/x"));
    CHECK(!strcmp(walk(":/a", "x"), "x|/a/x"));     /* an empty element is the current directory */
    CHECK(!strcmp(walk("/a:", "x"), "/a/x|x"));     /* a trailing one too */
    CHECK(!strcmp(walk("/a::/b", "x"), "/a/x|x|/b/x"));
    CHECK(!strcmp(walk("", "x"), "x"));
    char longdir[PATH_MAX + 8];
    memset(longdir, 'd', sizeof longdir - 1);
    longdir[0] = '/';
    longdir[sizeof longdir - 1] = 0;
    char search[sizeof longdir + 16];
    snprintf(search, sizeof search, "/a:%s:/b", longdir);
    CHECK(!strcmp(walk(search, "x"), "/a/x|/b/x")); /* too long for PATH_MAX: skipped */

    struct exec_path w;
    exec_path_start(&w, "/a", "x");
    CHECK(exec_path_errno(&w) == ENOENT);
    exec_path_note(&w, ENOENT);
    CHECK(exec_path_errno(&w) == ENOENT);
    exec_path_note(&w, EACCES);
    exec_path_note(&w, ENOENT);
    CHECK(exec_path_errno(&w) == EACCES); /* remembered while the search goes on */

    char dir[] = "/tmp/machrun-image-unit-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char a[256], b[256], p[512], both[1024], out[PATH_MAX];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    mkdir(a, 0755);
    mkdir(b, 0755);
    snprintf(p, sizeof p, "%s/prog", a);
    touch(p, 0644); /* a/prog exists but may not run (no x bit: not even for root) */
    snprintf(p, sizeof p, "%s/prog", b);
    touch(p, 0755);
    snprintf(both, sizeof both, "%s/none:%s:%s", dir, a, b);
    CHECK(exec_path_find(both, "prog", out) == 0 && !strcmp(out, p));
    CHECK(exec_path_find(a, "prog", out) == EACCES && !strncmp(out, a, strlen(a)));
    CHECK(exec_path_find(both, "missing", out) == ENOENT);
    snprintf(p, sizeof p, "%s/prog", a);
    unlink(p);
    snprintf(p, sizeof p, "%s/prog", b);
    unlink(p);
    rmdir(a);
    rmdir(b);
    rmdir(dir);
}

int main(void)
{
    classify();
    path_walk();
    if (failures)
        return 1;
    puts("exec_image: classifier and PATH walker ok");
    return 0;
}
