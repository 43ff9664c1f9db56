/*
 * file.c — opening a Mach-O file for loading: map it read-only, pick the x86_64 slice of a
 * universal file, parse the thin image with src/macho. The messages follow the shell's
 * conventions (127 not found, 126 found but cannot be executed).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machrun/exec.h"

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

int exec_open_macho(const char *path, struct exec_file *out, char *msg, size_t msglen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        memset(out, 0, sizeof *out);
        out->fd = -1;
        snprintf(msg, msglen, "%s: %s", path, strerror(e));
        return (e == ENOENT || e == ENOTDIR) ? MR_EXIT_NOT_FOUND : MR_EXIT_CANNOT_EXECUTE;
    }
    return exec_open_macho_fd(fd, path, out, msg, msglen);
}

int exec_open_macho_fd(int fd, const char *path, struct exec_file *out, char *msg, size_t msglen)
{
    memset(out, 0, sizeof *out);
    out->fd = -1;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        snprintf(msg, msglen, "%s: %s", path, S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
        close(fd);
        return MR_EXIT_CANNOT_EXECUTE;
    }
    if (st.st_size < 4) {
        snprintf(msg, msglen, "%s: file too short to be a Mach-O (%lld bytes)", path, (long long)st.st_size);
        close(fd);
        return MR_EXIT_CANNOT_EXECUTE;
    }
    size_t size = (size_t)st.st_size;
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        snprintf(msg, msglen, "%s: cannot map file: %s", path, strerror(errno));
        close(fd);
        return MR_EXIT_CANNOT_EXECUTE;
    }
    out->fd = fd;
    out->map = map;
    out->map_size = size;
    out->path = strdup(path);
    out->slice_offset = 0;
    out->slice_size = size;

    struct mo_error err = { 0 };
    if (mo_is_fat(map, size)) {
        struct mo_fat fat;
        if (mo_fat_parse(map, size, &fat, &err) < 0) {
            snprintf(msg, msglen, "%s: malformed universal file: %s", path, err.msg);
            exec_close(out);
            return MR_EXIT_CANNOT_EXECUTE;
        }
        int i = mo_fat_find(&fat, MO_CPU_TYPE_X86_64);
        if (i < 0) {
            char archs[128];
            list_archs(&fat, archs, sizeof archs);
            snprintf(msg, msglen, "%s: no x86_64 code in this file (it has %s): cannot execute", path, archs);
            mo_fat_free(&fat);
            exec_close(out);
            return MR_EXIT_CANNOT_EXECUTE;
        }
        out->slice_offset = fat.archs[i].offset;
        out->slice_size = fat.archs[i].size;
        mo_fat_free(&fat);
    }
    if (mo_image_parse((const uint8_t *)map + out->slice_offset, out->slice_size, &out->mo, &err) < 0) {
        snprintf(msg, msglen, "%s: malformed Mach-O: %s", path, err.msg);
        exec_close(out);
        return MR_EXIT_CANNOT_EXECUTE;
    }
    if (out->mo.cputype != MO_CPU_TYPE_X86_64) {
        snprintf(msg, msglen, "%s: no x86_64 code in this file (it has %s): cannot execute", path,
                 mo_arch_name(out->mo.cputype, out->mo.cpusubtype));
        exec_close(out);
        return MR_EXIT_CANNOT_EXECUTE;
    }
    return 0;
}

void exec_close(struct exec_file *f)
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
