/*
 * exec.h — the interface of src/exec/: execve in user space. The activator table
 * (thin Mach-O, fat, #! script, ELF); for a Mach-O, the main image loaded (opened, its
 * signature checked, mapped) into a struct exec_load_result that goes on to dyld_start.
 */
#ifndef MACHRUN_EXEC_H
#define MACHRUN_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "machrun/macho_file.h"

/* Exit statuses of a launch that does not reach the program, as shells use them. */
#define MR_EXIT_CANNOT_EXECUTE 126  /* found but not executable: malformed, wrong architecture */
#define MR_EXIT_NOT_FOUND      127
#define MR_EXIT_USAGE          2    /* a bad command line */

/* machrun's own options for a launch, from the command line (src/cli/run.c). */
struct exec_options {
    bool no_aslr;              /* --no-aslr: slide 0 */
    bool require_signature;    /* --require-signature */
    bool no_sandbox;           /* --no-sandbox */
    bool sandbox_logging;      /* --enable-sandbox-logging */
};

/* How the program is entered. */
enum exec_entry_kind {
    EXEC_ENTRY_NONE,           /* neither: dyld reports it once the initializers have run */
    EXEC_ENTRY_MAIN,           /* LC_MAIN: main(argc, argv, envp, apple), called by dyld */
    EXEC_ENTRY_THREAD          /* LC_UNIXTHREAD: jump to rip with the kernel's initial stack */
};

/* What the Mach-O image activator hands to dyld, as XNU's load_machfile fills a
 * load_result_t: the main image opened and mapped, its entry, what check_for_signature
 * found, the options of the launch, and the strings of the new process. */
struct exec_load_result {
    struct mo_file file;       /* the main image (its descriptor closed once mapped) */
    struct mo_mapped map;      /* where it is mapped, with its slide */
    enum exec_entry_kind entry_kind;
    uint64_t entry;            /* slid: LC_MAIN's entryoff from the header, or LC_UNIXTHREAD's rip */
    char *entitlements;        /* XML plist of the signature's entitlements slot, or NULL */
    size_t entitlements_len;
    char *identifier;          /* the signing identifier, or NULL */
    struct exec_options opts;
    int argc;
    char **argv, **envp;
    char **apple;              /* "executable_path=...", ... (exec_add_apple_strings) */
};

/* The exit status of a launch that failed with MO_E* CODE: 127 when the file is not there,
 * else 126. */
int exec_exit_status(int code);

/* execve in user space: run PATH (Mach-O thin/fat, #! script, ELF) with argv/envp and
 * machrun's options. Returns only on failure, with the exit status to use (126/127) after
 * printing one line. */
int exec_activate(const char *path, char **argv, char **envp, const struct exec_options *opts);

/* execve on behalf of a guest (reexec.c): a Mach-O or a #! chain ending in one re-enters
 * machrun in place (the kernel's execve of machrun itself), without ASLR if no_aslr or if
 * this process was launched so (XNU's P_DISABLE_ASLR, kept across exec); anything else is
 * the kernel's execve. Returns -1 with the Linux errno on failure. Safe in a vfork child. */
int exec_guest_execve(const char *path, char *const argv[], char *const envp[], bool no_aslr);
/* Find machrun's own executable and the exec shim beside it (done on first need; idempotent). */
void exec_remember_self(void);
/* Whether the exec shim (libmachrun-exec.so beside machrun) is there to hand to host programs;
 * and taking its variables out of machrun's own environment at start (see reexec.c). */
bool exec_shim_available(void);
void exec_take_shim_env(void);

#endif
