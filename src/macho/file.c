/*
 * file.c — opening a Mach-O file for loading: map it read-only, pick the x86_64 slice of a
 * universal file, parse the thin image. Used by exec for the main image and by dyld for
 * every dylib; MO_ENOENT tells the shell's 127 (not found) from the rest (126).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machrun/input.h"
#include "machrun/macho_file.h"

static void list_archs(const struct mo_fat *fat, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = 0;
    for (uint32_t i = 0; i < fat->nfat_arch && used + 2 < n; i++) {
        int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "",
                         mo_arch_name(fat->archs[i].cputype, fat->archs[i].cpusubtype));
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
    }
}

int mo_file_open(const char *path, struct mo_file *out, struct mr_error *err)
{
    const char *why;
    int fd = mr_open_input(path, &why);
    if (fd < 0) {
        int e = errno;
        memset(out, 0, sizeof *out);
        out->fd = -1;
        if (why)
            return mr_errorf(err, MO_ENOTEXEC, "%s: %s", path, why);
        return mr_errorf(err, (e == ENOENT || e == ENOTDIR) ? MO_ENOENT : MO_EIO, "%s: %s", path, strerror(e));
    }
    return mo_file_open_fd(fd, path, out, err);
}

int mo_file_open_fd(int fd, const char *path, struct mo_file *out, struct mr_error *err)
{
    memset(out, 0, sizeof *out);
    out->fd = -1;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return mr_errorf(err, MO_ENOTEXEC, "%s: %s", path, S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
    }
    if (st.st_size < 4) {
        close(fd);
        return mr_errorf(err, MO_ETRUNC, "%s: file too short to be a Mach-O (%lld bytes)", path, (long long)st.st_size);
    }
    size_t size = (size_t)st.st_size;
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        int e = errno;
        close(fd);
        return mr_errorf(err, MO_EIO, "%s: cannot map file: %s", path, strerror(e));
    }
    out->fd = fd;
    out->map = map;
    out->map_size = size;
    out->path = strdup(path);
    out->slice_offset = 0;
    out->slice_size = size;

    struct mo_error perr = { 0 };
    if (mo_is_fat(map, size)) {
        struct mo_fat fat;
        if (mo_fat_parse(map, size, &fat, &perr) < 0) {
            mo_file_close(out);
            return mr_errorf(err, perr.code, "%s: malformed universal file: %s", path, perr.msg);
        }
        int i = mo_fat_find(&fat, MO_CPU_TYPE_X86_64);
        if (i < 0) {
            char archs[128];
            list_archs(&fat, archs, sizeof archs);
            mo_fat_free(&fat);
            mo_file_close(out);
            return mr_errorf(err, MO_ENOARCH, "%s: no x86_64 code in this file (it has %s): cannot execute", path,
                             archs);
        }
        out->slice_offset = fat.archs[i].offset;
        out->slice_size = fat.archs[i].size;
        mo_fat_free(&fat);
    }
    if (mo_image_parse((const uint8_t *)map + out->slice_offset, out->slice_size, &out->mo, &perr) < 0) {
        mo_file_close(out);
        return mr_errorf(err, perr.code, "%s: malformed Mach-O: %s", path, perr.msg);
    }
    if (out->mo.cputype != MO_CPU_TYPE_X86_64) {
        int32_t cpu = out->mo.cputype, sub = out->mo.cpusubtype;
        mo_file_close(out);
        return mr_errorf(err, MO_ENOARCH, "%s: no x86_64 code in this file (it has %s): cannot execute", path,
                         mo_arch_name(cpu, sub));
    }
    return 0;
}

void mo_file_close(struct mo_file *f)
{
    if (f->mo.buf)
        mo_image_free(&f->mo);
    if (f->map)
        munmap((void *)f->map, f->map_size);
    if (f->fd >= 0)
        close(f->fd);
    free(f->path);
    memset(f, 0, sizeof *f);
    f->fd = -1;
}
