/*
 * macho.h — the interface of src/macho/: a pure Mach-O reader over a byte buffer.
 *
 * Everything here works on (const uint8_t *buf, size_t size) that the caller owns.
 * No I/O, no globals. Whatever a function allocates is released by the matching
 * *_free function. Every offset, size and count read from the file is checked
 * before use; on bad input a function returns a negative MO_E* code and fills
 * `struct mo_error` with one line: the load command index (or -1) and the problem.
 *
 * Addresses in this interface are the file's own (unslid) vm addresses unless the
 * name says "offset".
 */
#ifndef MACHRUN_MACHO_H
#define MACHRUN_MACHO_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "machrun/macho_abi.h" /* the magic numbers, load commands, section and nlist bits */

/* ---- constants (values from <mach-o/loader.h>, <mach-o/fat.h>) ---- */

#define MO_CPU_TYPE_X86_64  0x01000007
#define MO_CPU_TYPE_ARM64   0x0100000c
#define MO_CPU_TYPE_X86     7
#define MO_CPU_TYPE_ARM     12

#define MO_MH_EXECUTE  0x2
#define MO_MH_DYLIB    0x6
#define MO_MH_BUNDLE   0x8
#define MO_MH_DYLINKER 0x7

#define MO_MH_PIE      0x200000
#define MO_MH_TWOLEVEL 0x80

#define MO_VM_PROT_READ    1
#define MO_VM_PROT_WRITE   2
#define MO_VM_PROT_EXECUTE 4

/* Special library ordinals (bind opcodes and chained imports). */
#define MO_ORDINAL_SELF            0
#define MO_ORDINAL_MAIN_EXECUTABLE (-1)
#define MO_ORDINAL_FLAT_LOOKUP     (-2)
#define MO_ORDINAL_WEAK_LOOKUP     (-3)

/* ---- errors ---- */
enum {
    MO_OK = 0,
    MO_ETRUNC = -1,   /* data runs past the end of the buffer */
    MO_EBADMAGIC = -2,/* not a Mach-O / fat file */
    MO_EBADCMD = -3,  /* a malformed load command */
    MO_ERANGE = -4,   /* an offset/size outside the file or segment */
    MO_EOVERLAP = -5, /* overlapping segments */
    MO_EOPCODE = -6,  /* bad opcode stream / fixup chain / trie */
    MO_ENOARCH = -7,  /* fat file without the requested architecture */
    MO_ENOMEM = -8,
    MO_ENOTFOUND = -9,/* lookup found nothing (not a format error) */
    /* The loading half (macho_file.h) and the stages after it (exec, dyld, libSystem's
     * initializer), in struct mr_error (error.h): */
    MO_ENOENT = -10,  /* no such file (or a folder on the way is not one) */
    MO_EIO = -11,     /* the system refused: open, mmap, mprotect (its errno is in msg) */
    MO_ENOTEXEC = -12,/* a file of the wrong kind for this use (not an executable, a dylib...) */
    MO_ESYMBOL = -13, /* dyld: an import with no definition, a bad library ordinal */
    MO_ELIBRARY = -14,/* dyld: a library not found, or too old */
    MO_ESANDBOX = -15,/* libsystem_secinit: the App Sandbox the entitlements ask for cannot be applied */
    /* Returned by a callback that stops a walk (mo_*_binds, mo_chained_fixups...) after filling
     * an error of its own; the walk returns it unchanged. */
    MO_ECALLBACK = -16
};

struct mo_error {
    int code;           /* one of MO_E* */
    int cmd_index;      /* load command index, or -1 when not about a command */
    char msg[200];      /* "load command 3 (LC_SEGMENT_64): fileoff+filesize past end of file" */
};

/* ---- fat / universal ---- */
struct mo_fat_arch {
    int32_t cputype;
    int32_t cpusubtype;
    uint64_t offset;
    uint64_t size;
    uint32_t align;
    uint32_t reserved; /* fat_arch_64 only */
};

struct mo_fat {
    bool is64;          /* FAT_MAGIC_64 */
    uint32_t nfat_arch;
    struct mo_fat_arch *archs; /* nfat_arch entries, checked to lie inside the file */
};

/* Is this a fat header? (does not validate) */
bool mo_is_fat(const uint8_t *buf, size_t size);
int mo_fat_parse(const uint8_t *buf, size_t size, struct mo_fat *out, struct mo_error *err);
void mo_fat_free(struct mo_fat *fat);
/* Index of the arch with this cputype, or -1. */
int mo_fat_find(const struct mo_fat *fat, int32_t cputype);
/* "x86_64", "arm64", "arm64e", "i386", "armv7"... from cputype/cpusubtype; never NULL. */
const char *mo_arch_name(int32_t cputype, int32_t cpusubtype);
/* cputype/cpusubtype for a name as -arch takes it; false if unknown. */
bool mo_arch_from_name(const char *name, int32_t *cputype, int32_t *cpusubtype);

/* ---- thin image ---- */
struct mo_section {
    char sectname[17];
    char segname[17];
    uint64_t addr;
    uint64_t size;
    uint32_t offset;
    uint32_t align;
    uint32_t reloff;
    uint32_t nreloc;
    uint32_t flags;
    uint32_t reserved1;
    uint32_t reserved2;
    uint32_t reserved3;
    uint32_t segment_index; /* index into mo_image.segments */
};

struct mo_segment {
    char segname[17];
    uint64_t vmaddr;
    uint64_t vmsize;
    uint64_t fileoff;
    uint64_t filesize;
    uint32_t maxprot;
    uint32_t initprot;
    uint32_t nsects;
    uint32_t flags;
    uint32_t first_section; /* index into mo_image.sections */
    uint32_t cmd_index;
};

struct mo_dylib {
    uint32_t cmd;            /* LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB,
                                LC_LOAD_UPWARD_DYLIB, LC_LAZY_LOAD_DYLIB */
    const char *name;        /* points into the buffer, NUL-terminated (checked) */
    uint32_t timestamp;
    uint32_t current_version;
    uint32_t compatibility_version;
};

struct mo_linkedit_data { uint32_t dataoff, datasize; bool present; };

/* x86_64 thread state from LC_UNIXTHREAD (x86_THREAD_STATE64, flavor 4) */
struct mo_x86_thread_state {
    uint64_t rax, rbx, rcx, rdx, rdi, rsi, rbp, rsp;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rip, rflags, cs, fs, gs;
};

struct mo_image {
    const uint8_t *buf;      /* the thin image (a fat slice already cut out) */
    size_t size;

    uint32_t magic;
    int32_t cputype;
    int32_t cpusubtype;
    uint32_t filetype;
    uint32_t ncmds;
    uint32_t sizeofcmds;
    uint32_t flags;

    struct mo_segment *segments; uint32_t nsegments;
    struct mo_section *sections; uint32_t nsections;
    struct mo_dylib *dylibs;     uint32_t ndylibs;   /* library ordinal N is dylibs[N-1] */
    const char **rpaths;         uint32_t nrpaths;   /* LC_RPATH, in order */
    const char *install_name;    /* LC_ID_DYLIB, or NULL */
    uint32_t id_current_version, id_compatibility_version;
    const char *dylinker;        /* LC_LOAD_DYLINKER, or NULL */

    bool has_main;               /* LC_MAIN */
    uint64_t entryoff;           /* LC_MAIN: file offset of main */
    uint64_t stacksize;
    bool has_unixthread;         /* LC_UNIXTHREAD (x86_64 state) */
    struct mo_x86_thread_state thread_state;

    bool has_symtab;
    uint32_t symoff, nsyms, stroff, strsize;   /* checked against the file */
    bool has_dysymtab;
    uint32_t ilocalsym, nlocalsym, iextdefsym, nextdefsym, iundefsym, nundefsym;
    uint32_t indirectsymoff, nindirectsyms;   /* checked against the file */

    bool has_dyld_info;          /* LC_DYLD_INFO or LC_DYLD_INFO_ONLY */
    uint32_t rebase_off, rebase_size, bind_off, bind_size, weak_bind_off, weak_bind_size,
             lazy_bind_off, lazy_bind_size, export_off, export_size;

    struct mo_linkedit_data chained_fixups;   /* LC_DYLD_CHAINED_FIXUPS */
    struct mo_linkedit_data exports_trie;     /* LC_DYLD_EXPORTS_TRIE */
    struct mo_linkedit_data code_signature;   /* LC_CODE_SIGNATURE */
    struct mo_linkedit_data function_starts;  /* LC_FUNCTION_STARTS */
    struct mo_linkedit_data data_in_code;     /* LC_DATA_IN_CODE */

    bool has_uuid; uint8_t uuid[16];
    uint64_t base_vmaddr;        /* vmaddr of the segment with fileoff 0 and filesize>0 (__TEXT) */
    uint64_t vm_start, vm_end;   /* lowest/highest vm address of all segments except __PAGEZERO */
    int pagezero_index;          /* index of __PAGEZERO (vmaddr 0, no file data, no prot) or -1 */
};

/* Parse a thin 64-bit Mach-O. Does not copy buf: the image points into it. */
int mo_image_parse(const uint8_t *buf, size_t size, struct mo_image *out, struct mo_error *err);
void mo_image_free(struct mo_image *img);

/* Load command iteration, for printers (otool -l) and checks. */
struct mo_load_command {
    uint32_t index, cmd, cmdsize;
    uint64_t offset;            /* file offset of the command */
    const uint8_t *data;        /* cmdsize bytes, inside the buffer */
};
/* Calls cb for each load command in order (after header validation); stops early if cb
 * returns non-zero and returns that value. */
int mo_for_each_load_command(const struct mo_image *img,
                             int (*cb)(const struct mo_load_command *lc, void *ctx), void *ctx);
/* "LC_SEGMENT_64" etc., or NULL for unknown values. */
const char *mo_load_command_name(uint32_t cmd);

/* Segment containing vm address [addr, addr+len); index or -1. */
int mo_segment_for_addr(const struct mo_image *img, uint64_t addr, uint64_t len);
/* Section by names; NULL if absent. */
const struct mo_section *mo_find_section(const struct mo_image *img, const char *seg, const char *sect);
const struct mo_segment *mo_find_segment(const struct mo_image *img, const char *seg);

/* ---- header and load commands as an inspector sees them (commands.c) ----
 * Unlike mo_image_parse (what the loader accepts: 64-bit, consistent, runnable), these read
 * 32- and 64-bit little-endian headers of any cputype/filetype and check the load-command
 * table the way LLVM's Mach-O reader does, so `machrun otool` accepts and refuses the same
 * files llvm-otool does. */
struct mo_header {
    uint32_t magic;          /* MO_MH_MAGIC or MO_MH_MAGIC_64 */
    bool is64;
    uint32_t header_size;    /* 28 or 32: the first load command's offset */
    int32_t cputype, cpusubtype;
    uint32_t filetype, ncmds, sizeofcmds, flags;
};
int mo_header_parse(const uint8_t *buf, size_t size, struct mo_header *h, struct mo_error *err);
/* Every load command checked: cmdsize (>= 8, a multiple of 8 or 4, inside the file and
 * sizeofcmds), exact sizes of fixed-size commands, lc_str offsets and terminators, file
 * ranges, commands that may appear once, thread flavors and counts, obsolete commands, an
 * LC_ID_DYLIB in a dylib. LLVM's reader stops at an LC_IDENT and shows it in place of every
 * later command; *ident_index is that command's index, or ncmds. */
int mo_commands_check(const uint8_t *buf, size_t size, const struct mo_header *h, uint32_t *ident_index,
                      struct mo_error *err);

/* ---- symbol table ---- */
struct mo_symbol {
    const char *name;    /* "" when n_strx is 0; checked to be NUL-terminated in the table */
    uint8_t type, sect;
    uint16_t desc;
    uint64_t value;
};
int mo_symbol_at(const struct mo_image *img, uint32_t index, struct mo_symbol *out, struct mo_error *err);
/* Indirect symbol table entry i (INDIRECT_SYMBOL_LOCAL/ABS flags kept as is). */
int mo_indirect_symbol(const struct mo_image *img, uint32_t i, uint32_t *out, struct mo_error *err);

/* ---- fixups: a uniform view of dyld-info opcodes and chained fixups ---- */
enum mo_bind_kind { MO_BIND_REGULAR, MO_BIND_WEAK, MO_BIND_LAZY };

struct mo_bind {
    enum mo_bind_kind kind;
    uint64_t address;       /* unslid vm address of the pointer to write */
    int segment_index;
    uint64_t segment_offset;
    int64_t addend;
    int ordinal;            /* >0 library ordinal, or MO_ORDINAL_* */
    const char *name;       /* symbol name as in the file, e.g. "_printf" */
    uint8_t type;           /* BIND_TYPE_POINTER=1 (others are errors on x86_64) */
    bool weak_import;       /* BIND_SYMBOL_FLAGS_WEAK_IMPORT: missing is NULL, not an error */
    bool non_weak_definition; /* weak-bind stream: BIND_SYMBOL_FLAGS_NON_WEAK_DEFINITION */
    uint32_t lazy_offset;   /* MO_BIND_LAZY: offset of this record in the lazy stream */
};

struct mo_rebase {
    uint64_t address;       /* unslid vm address of the pointer */
    int segment_index;
    uint64_t segment_offset;
    uint8_t type;           /* REBASE_TYPE_POINTER=1, TEXT_ABSOLUTE32=2 */
};

typedef int (*mo_bind_cb)(const struct mo_bind *b, void *ctx);
typedef int (*mo_rebase_cb)(const struct mo_rebase *r, void *ctx);

/* Decode the dyld-info streams. Callbacks may return non-zero to stop (the value is returned).
 * Bounds: every address must fall inside its segment; an opcode stream that runs off its end,
 * an unknown opcode, a ULEB128 overflow or a loop (DO_*_TIMES counts exceeding the segment)
 * is MO_EOPCODE. */
int mo_dyld_info_rebases(const struct mo_image *img, mo_rebase_cb cb, void *ctx, struct mo_error *err);
/* The same stream in batches, for the loader (one call per batch instead of per pointer): up to
 * MO_REBASE_BATCH offsets within one segment, all of one type, each already checked to lie
 * inside the segment. The callbacks of a stream that turns out bad have been made for the
 * locations before the bad one. */
#define MO_REBASE_BATCH 512
struct mo_rebase_batch {
    int segment_index;
    uint8_t type;
    uint32_t n;
    uint64_t segment_offset[MO_REBASE_BATCH];
};
typedef int (*mo_rebase_batch_cb)(const struct mo_rebase_batch *b, void *ctx);
int mo_dyld_info_rebase_batches(const struct mo_image *img, mo_rebase_batch_cb cb, void *ctx, struct mo_error *err);
int mo_dyld_info_binds(const struct mo_image *img, enum mo_bind_kind kind, mo_bind_cb cb, void *ctx,
                       struct mo_error *err);
/* Decode the single lazy bind record at `offset` in the lazy stream (what dyld_stub_binder does). */
int mo_lazy_bind_at(const struct mo_image *img, uint32_t offset, struct mo_bind *out, struct mo_error *err);

/* Classic binding (images with neither dyld-info nor chained fixups, as Go's internal linker
 * writes them): each slot of the S_NON_LAZY_SYMBOL_POINTERS / S_LAZY_SYMBOL_POINTERS
 * sections names its symbol through the indirect symbol table; an undefined symbol's
 * library ordinal is GET_LIBRARY_ORDINAL(n_desc). Reported as MO_BIND_REGULAR records;
 * INDIRECT_SYMBOL_LOCAL slots as rebases (rcb, may be NULL). */
int mo_classic_binds(const struct mo_image *img, mo_bind_cb cb, mo_rebase_cb rcb, void *ctx, struct mo_error *err);

/* Chained fixups (LC_DYLD_CHAINED_FIXUPS). Walks every chain in the file data and reports
 * each fixup location. For a bind, `b` is filled (kind MO_BIND_REGULAR, ordinal, name,
 * addend, weak_import) and r is NULL. For a rebase, `r` is filled with the location and
 * `target` is the unslid vm address the pointer must hold (high8 folded in); b is NULL. */
struct mo_chained_fixup {
    uint64_t address;          /* unslid vm address of the location */
    int segment_index;
    uint64_t segment_offset;
    uint16_t pointer_format;   /* DYLD_CHAINED_PTR_* */
    bool is_bind;
    /* rebase */
    uint64_t target;           /* unslid vm address (or offset from base for *_OFFSET formats,
                                  already converted to a vm address) */
    /* bind */
    uint32_t import_index;
    int ordinal;
    const char *name;
    int64_t addend;            /* import addend + inline addend */
    bool weak_import;
    /* arm64e authentication, for printers */
    bool auth; uint8_t key; bool addr_div; uint16_t diversity;
};
typedef int (*mo_chained_cb)(const struct mo_chained_fixup *f, void *ctx);
int mo_chained_fixups(const struct mo_image *img, mo_chained_cb cb, void *ctx, struct mo_error *err);
/* The same walk for the loader: plain (unauthenticated) rebases go to rcb in batches of up to
 * MO_CHAINED_BATCH locations of one segment with their unslid targets; binds, authenticated
 * rebases and the plain rebases of DYLD_CHAINED_PTR_ARM64E (whose targets are vm addresses,
 * not offsets) go to cb one by one. On a bad chain, the callbacks for the fixups
 * before the bad one have been made. */
#define MO_CHAINED_BATCH 512
struct mo_chained_rebase_batch {
    int segment_index;
    uint32_t n;
    uint64_t segment_offset[MO_CHAINED_BATCH];
    uint64_t target[MO_CHAINED_BATCH];
};
typedef int (*mo_chained_rebase_batch_cb)(const struct mo_chained_rebase_batch *b, void *ctx);
int mo_chained_fixups_batched(const struct mo_image *img, mo_chained_rebase_batch_cb rcb, mo_chained_cb cb,
                              void *ctx, struct mo_error *err);

/* Chained-fixups header info and imports, for printers. */
struct mo_chained_import { int ordinal; const char *name; int64_t addend; bool weak_import; };
int mo_chained_imports(const struct mo_image *img, struct mo_chained_import **out, uint32_t *count,
                       uint32_t *imports_format, struct mo_error *err); /* free(*out) */

/* ---- exports trie (LC_DYLD_INFO export_off or LC_DYLD_EXPORTS_TRIE) ---- */
#define MO_EXPORT_KIND_MASK          0x03
#define MO_EXPORT_KIND_REGULAR       0x00
#define MO_EXPORT_KIND_THREAD_LOCAL  0x01
#define MO_EXPORT_KIND_ABSOLUTE      0x02
#define MO_EXPORT_WEAK_DEFINITION    0x04
#define MO_EXPORT_REEXPORT           0x08
#define MO_EXPORT_STUB_AND_RESOLVER  0x10

struct mo_export {
    const char *name;        /* full name (iteration: a buffer valid during the callback) */
    uint64_t flags;
    uint64_t address;        /* offset from the image base (__TEXT vmaddr) */
    uint64_t resolver;       /* STUB_AND_RESOLVER: resolver offset; address is the stub */
    uint64_t reexport_ordinal;
    const char *reexport_name; /* REEXPORT: imported name ("" = same name); points into buffer */
};
/* Exact lookup; MO_ENOTFOUND if absent. Loop- and bounds-safe. */
int mo_exports_lookup(const struct mo_image *img, const char *name, struct mo_export *out, struct mo_error *err);
typedef int (*mo_export_cb)(const struct mo_export *e, void *ctx);
int mo_exports_for_each(const struct mo_image *img, mo_export_cb cb, void *ctx, struct mo_error *err);

/* ---- helpers ---- */
/* Read a ULEB128/SLEB128 from [*p, end); false on overflow or truncation. */
bool mo_read_uleb(const uint8_t **p, const uint8_t *end, uint64_t *out);
bool mo_read_sleb(const uint8_t **p, const uint8_t *end, int64_t *out);
/* Version 0xXXXXYYZZ as "X.Y.Z" into buf. */
void mo_version_string(uint32_t v, char *buf, size_t n);

#endif
