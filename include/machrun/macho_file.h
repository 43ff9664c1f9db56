/*
 * macho_file.h — the loading half of src/macho/ (file.c, map.c): a Mach-O file opened for
 * loading, and its segments mapped into memory. macho.h stays a pure reader over a buffer;
 * this is what both the kernel's load_machfile (src/exec, the main image) and dyld (src/dyld,
 * every dylib) do with a file, so it lives upstream of both.
 *
 * Errors follow the pipeline's convention (error.h): a negative MO_E* code and one line in
 * struct mr_error (MO_ENOENT when the file does not exist; the line names the file).
 */
#ifndef MACHRUN_MACHO_FILE_H
#define MACHRUN_MACHO_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "machrun/error.h"
#include "machrun/macho.h"

/* A Mach-O file opened for loading: the whole file mapped read-only and the chosen
 * thin slice parsed. */
struct mo_file {
    char *path;                /* as given */
    int fd;
    const uint8_t *map;        /* the whole file, read-only */
    size_t map_size;
    uint64_t slice_offset;     /* offset of the thin image inside the file (fat), else 0 */
    uint64_t slice_size;
    struct mo_image mo;        /* parsed slice (points into map) */
};

/* Open and parse PATH, choosing the x86_64 slice of a fat file. The message is one line
 * without "machrun: ". */
int mo_file_open(const char *path, struct mo_file *out, struct mr_error *err);
/* The same with the file already open (the image activator's descriptor, which becomes the
 * mo_file's, or is closed on failure). */
int mo_file_open_fd(int fd, const char *path, struct mo_file *out, struct mr_error *err);
void mo_file_close(struct mo_file *f);

/* A mapped image: segments at their vm addresses plus slide. */
struct mo_mapped {
    uintptr_t slide;
    uint8_t *base;             /* slid address of the mach header (__TEXT) */
    uintptr_t start, end;      /* slid range reserved for the image */
    /* Bit i: segment i is mapped without write access (its initprot lacks it), as it will
     * stay; a fixup that lands there must call mo_unprotect_segment first. */
    uint64_t read_only;
    /* Bit i: segment i already has exactly its initprot (mo_protect_segments skips it). */
    uint64_t at_initprot;
};

/* Reserve the image range, choose the slide (random for a PIE main image unless no_aslr;
 * anywhere the kernel likes for dylibs), map each segment from the file. A segment whose
 * initprot has no write access (__TEXT, __LINKEDIT) is mapped with its final protection, the
 * others writable for fixups (mo_protect_segments applies the final protections). is_main:
 * also reserve the hard __PAGEZERO. */
int mo_map_image(const struct mo_file *f, bool is_main, bool no_aslr, struct mo_mapped *out,
                 struct mr_error *err);
/* A fixup lands in read-only segment SEG (rare: text relocations): make it writable until
 * mo_protect_segments. Returns 0, or -1 with errno. */
int mo_unprotect_segment(const struct mo_file *f, struct mo_mapped *m, int seg);
/* After fixups: give each segment that lacks it its initprot. */
void mo_protect_segments(const struct mo_file *f, struct mo_mapped *m);

#endif
