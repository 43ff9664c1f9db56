/*
 * exec.h — the interface of src/exec/: execve in user space. The activator table
 * (thin Mach-O, fat, #! script, ELF) and the mapping of a Mach-O image into memory.
 */
#ifndef MACHRUN_EXEC_H
#define MACHRUN_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "machrun/macho.h"

/* Exit statuses of a launch that does not reach the program, as shells use them. */
#define MR_EXIT_CANNOT_EXECUTE 126  /* found but not executable: malformed, wrong architecture */
#define MR_EXIT_NOT_FOUND      127
#define MR_EXIT_USAGE          2    /* a bad command line */

struct exec_options {
    bool no_aslr;              /* --no-aslr: slide 0 */
    bool require_signature;    /* --require-signature */
    bool no_sandbox;           /* --no-sandbox */
    bool sandbox_logging;      /* --enable-sandbox-logging */
};
extern struct exec_options exec_opts;

/* A Mach-O file opened for loading: the whole file mapped read-only and the chosen
 * thin slice parsed (what load_machfile gets from exec_activate_image). */
struct exec_file {
    char *path;                /* as given */
    int fd;
    const uint8_t *map;        /* the whole file, read-only */
    size_t map_size;
    uint64_t slice_offset;     /* offset of the thin image inside the file (fat), else 0 */
    uint64_t slice_size;
    struct mo_image mo;        /* parsed slice (points into map) */
};

/* Open and parse PATH, choosing the x86_64 slice of a fat file. On failure returns the exit
 * status (126/127) and writes a one-line message (without "machrun: ") into msg. */
int exec_open_macho(const char *path, struct exec_file *out, char *msg, size_t msglen);
/* The same with the file already open (the image activator's descriptor, which becomes the
 * exec_file's, or is closed on failure). */
int exec_open_macho_fd(int fd, const char *path, struct exec_file *out, char *msg, size_t msglen);
void exec_close(struct exec_file *f);

/* A mapped image: segments at their vm addresses plus slide. */
struct exec_mapped {
    uintptr_t slide;
    uint8_t *base;             /* slid address of the mach header (__TEXT) */
    uintptr_t start, end;      /* slid range reserved for the image */
    /* Bit i: segment i is mapped without write access (its initprot lacks it), as it will
     * stay; a fixup that lands there must call exec_unprotect_segment first. */
    uint64_t read_only;
    /* Bit i: segment i already has exactly its initprot (exec_protect_segments skips it). */
    uint64_t at_initprot;
};

/* load_machfile: reserve the image range, choose the slide (random for PIE main images
 * unless opts say no; anywhere the kernel likes for dylibs), map each segment from the file.
 * A segment whose initprot has no write access (__TEXT, __LINKEDIT) is mapped with its final
 * protection, the others writable for fixups (exec_protect_segments applies the final
 * protections). is_main: also reserve the hard __PAGEZERO. */
int exec_map_image(const struct exec_file *f, bool is_main, struct exec_mapped *out, char *msg, size_t msglen);
/* A fixup lands in read-only segment SEG (rare: text relocations): make it writable until
 * exec_protect_segments. Returns 0, or -1 with errno. */
int exec_unprotect_segment(const struct exec_file *f, struct exec_mapped *m, int seg);
/* After fixups: give each segment that lacks it its initprot. */
void exec_protect_segments(const struct exec_file *f, struct exec_mapped *m);

/* execve in user space: run PATH (Mach-O thin/fat, #! script, ELF) with argv/envp.
 * Returns only on failure, with the exit status to use (126/127) after printing one line. */
int exec_activate(const char *path, char **argv, char **envp);

/* execve on behalf of a guest (reexec.c): a Mach-O or a #! chain ending in one re-enters
 * machrun in place (the kernel's execve of machrun itself); anything else is the kernel's
 * execve. Returns -1 with the Linux errno on failure. Safe in a vfork child. */
int exec_guest_execve(const char *path, char *const argv[], char *const envp[], bool no_aslr);
/* Find machrun's own executable and the exec shim beside it (done on first need; idempotent). */
void exec_remember_self(void);
/* Whether the exec shim (libmachrun-exec.so beside machrun) is there to hand to host programs;
 * and taking its variables out of machrun's own environment at start (see reexec.c). */
bool exec_shim_available(void);
void exec_take_shim_env(void);

/* check_for_signature (signature.c): keep the entitlements; with --require-signature,
 * refuse an unsigned, modified or malformed program (exit status, message in msg). */
int exec_check_signature(const struct exec_file *f, char *msg, size_t msglen);
/* Called by dyld before the program's initializers: apply the App Sandbox if the program's
 * entitlements ask for it (and --no-sandbox was not given). -1 with msg on failure. */
int exec_apply_sandbox(char *msg, size_t msglen);

/* Jump to an LC_UNIXTHREAD entry with a fresh stack laid out as the kernel does:
 * argc, argv..., NULL, envp..., NULL, apple..., NULL. Never returns. */
_Noreturn void exec_enter_thread(uint64_t rip, int argc, char **argv, char **envp, char **apple);

#endif
