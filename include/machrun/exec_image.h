/*
 * exec_image.h — what kind of image a file is, and where execvp finds a bare name: the one
 * classifier and the one PATH walker of exec's activators (src/exec/activate.c), the guest's
 * exec calls (libsystem_kernel/process.c, libsystem_c/system.c), re-exec
 * (src/exec/reexec.c, through exec_probe.h) and the exec shim (src/shim/exec_shim.c, a
 * separate .so: hence header-only). Safe in a vfork child: no heap, only the stack and
 * system calls.
 */
#ifndef MACHRUN_EXEC_IMAGE_H
#define MACHRUN_EXEC_IMAGE_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "machrun/macho_abi.h"

/* ---- the classifier: a file's kind from its first bytes ---- */
enum exec_image_kind {
    EXEC_IMAGE_UNKNOWN,
    EXEC_IMAGE_MACHO64,         /* thin 64-bit Mach-O, little-endian (MH_MAGIC_64): what machrun runs */
    EXEC_IMAGE_MACHO64_SWAPPED, /* thin 64-bit Mach-O, big-endian (MH_CIGAM_64) */
    EXEC_IMAGE_MACHO32,         /* thin 32-bit Mach-O, either byte order (MH_MAGIC, MH_CIGAM) */
    EXEC_IMAGE_FAT,             /* universal (FAT_MAGIC or FAT_MAGIC_64, 1 to 30 architectures) */
    EXEC_IMAGE_SCRIPT,          /* #! interpreter script */
    EXEC_IMAGE_ELF32,           /* ELF, ELFCLASS32 */
    EXEC_IMAGE_ELF64,           /* ELF of any other class (ELFCLASS64; the kernel judges the rest) */
};

/* A universal header with more architectures than this is a Java class file (same magic; its
 * second word is the class file version, 43 and up). */
#define EXEC_IMAGE_FAT_MAX_ARCHS 30u

/* The kind of a file that begins with the n bytes at hdr (8 are enough). */
static inline enum exec_image_kind exec_image_classify(const unsigned char *hdr, size_t n)
{
    if (n >= 2 && hdr[0] == '#' && hdr[1] == '!')
        return EXEC_IMAGE_SCRIPT;
    if (n < 4)
        return EXEC_IMAGE_UNKNOWN;
    uint32_t le = (uint32_t)hdr[0] | (uint32_t)hdr[1] << 8 | (uint32_t)hdr[2] << 16 | (uint32_t)hdr[3] << 24;
    uint32_t be = __builtin_bswap32(le);
    if (le == MO_MH_MAGIC_64)
        return EXEC_IMAGE_MACHO64;
    if (le == MO_MH_CIGAM_64)
        return EXEC_IMAGE_MACHO64_SWAPPED;
    if (le == MO_MH_MAGIC || le == MO_MH_CIGAM)
        return EXEC_IMAGE_MACHO32;
    if (be == MO_FAT_MAGIC || be == MO_FAT_MAGIC_64) {
        if (n < 8)
            return EXEC_IMAGE_UNKNOWN;
        uint32_t nfat = (uint32_t)hdr[4] << 24 | (uint32_t)hdr[5] << 16 | (uint32_t)hdr[6] << 8 | (uint32_t)hdr[7];
        return nfat > 0 && nfat <= EXEC_IMAGE_FAT_MAX_ARCHS ? EXEC_IMAGE_FAT : EXEC_IMAGE_UNKNOWN;
    }
    if (!memcmp(hdr, "\177ELF", 4))
        return n >= 5 && hdr[4] == 1 ? EXEC_IMAGE_ELF32 : EXEC_IMAGE_ELF64;
    return EXEC_IMAGE_UNKNOWN;
}

/* Thin (any width or byte order) or universal. */
static inline bool exec_image_is_macho(enum exec_image_kind k)
{
    return k == EXEC_IMAGE_MACHO64 || k == EXEC_IMAGE_MACHO64_SWAPPED || k == EXEC_IMAGE_MACHO32 ||
           k == EXEC_IMAGE_FAT;
}

static inline bool exec_image_is_elf(enum exec_image_kind k)
{
    return k == EXEC_IMAGE_ELF32 || k == EXEC_IMAGE_ELF64;
}

/* ---- the PATH walker: execvp's candidates for a name without a slash ---- */
struct exec_path {
    const char *rest;   /* the elements not walked yet; NULL after the last */
    const char *file;
    size_t flen;
    bool eacces;        /* a candidate failed with EACCES (exec_path_note) */
    char buf[PATH_MAX]; /* the current candidate */
};

/* Walk search (a colon-separated list; the caller picks the default when PATH is unset). */
static inline void exec_path_start(struct exec_path *w, const char *search, const char *file)
{
    w->rest = search;
    w->file = file;
    w->flen = strlen(file);
    w->eacces = false;
}

/* The next candidate, in the order of the list: "DIR/file", or file itself for an empty
 * element (the current directory, as POSIX and macOS read it, a trailing one included);
 * NULL after the last. A candidate of PATH_MAX bytes or more is skipped (execve would fail
 * with ENAMETOOLONG). The string lives in w until the next call. */
static inline const char *exec_path_next(struct exec_path *w)
{
    while (w->rest) {
        const char *p = w->rest, *c = strchr(p, ':');
        size_t dlen = c ? (size_t)(c - p) : strlen(p);
        w->rest = c ? c + 1 : NULL;
        if (dlen + (dlen != 0) + w->flen >= sizeof w->buf)
            continue;
        memcpy(w->buf, p, dlen);
        if (dlen)
            w->buf[dlen++] = '/';
        memcpy(w->buf + dlen, w->file, w->flen + 1);
        return w->buf;
    }
    return NULL;
}

/* A candidate failed with (Linux) errno e: EACCES is remembered while the search goes on. */
static inline void exec_path_note(struct exec_path *w, int e)
{
    if (e == EACCES)
        w->eacces = true;
}

/* The (Linux) errno of a search that ran nothing: EACCES if a candidate was refused, else
 * ENOENT. */
static inline int exec_path_errno(const struct exec_path *w)
{
    return w->eacces ? EACCES : ENOENT;
}

/* The search without executing: 0 with the first executable candidate (access X_OK) in out;
 * else EACCES with the first candidate that exists in out (found, but not executable), or
 * ENOENT. */
static inline int exec_path_find(const char *search, const char *file, char out[PATH_MAX])
{
    struct exec_path w;
    bool seen = false;
    exec_path_start(&w, search, file);
    for (const char *c; (c = exec_path_next(&w));) {
        if (access(c, X_OK) == 0) {
            memcpy(out, c, strlen(c) + 1);
            return 0;
        }
        if (!seen && access(c, F_OK) == 0) {
            memcpy(out, c, strlen(c) + 1);
            seen = true;
        }
    }
    return seen ? EACCES : ENOENT;
}

#endif
