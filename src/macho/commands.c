/*
 * commands.c — the Mach-O header and load-command table as an inspector reads them: 32- and
 * 64-bit little-endian headers of any cputype and filetype, and the checks LLVM's Mach-O
 * reader makes before it prints anything (exact sizes of fixed-size commands, lc_str offsets
 * and terminators, ranges inside the file, one-of-a-kind commands, thread state flavors and
 * counts, obsolete commands). This is deliberately not the loader's parse (mo_image_parse is
 * stricter about what can run, and only takes 64-bit images); `machrun otool` uses it so that
 * it accepts and refuses the same files llvm-otool does.
 */
#include <stdlib.h>

#include "machrun/macho_abi.h"
#include "macho_private.h"

#define FAIL(...) mo_fail(err, MO_EBADCMD, (int)i, __VA_ARGS__)

int mo_header_parse(const uint8_t *buf, size_t size, struct mo_header *h, struct mo_error *err)
{
    memset(h, 0, sizeof *h);
    if (size < 4)
        return mo_fail(err, MO_ETRUNC, -1, "file too short for a Mach-O header (%zu bytes)", size);
    uint32_t magic = rd32le(buf);
    if (magic != MO_MH_MAGIC_64 && magic != MO_MH_MAGIC)
        return mo_fail(err, MO_EBADMAGIC, -1,
                       magic == MO_MH_CIGAM_64 || magic == MO_MH_CIGAM ? "big-endian Mach-O is not supported"
                                                                      : "not a Mach-O file (bad magic)");
    h->is64 = magic == MO_MH_MAGIC_64;
    h->header_size = h->is64 ? 32 : 28;
    if (size < h->header_size)
        return mo_fail(err, MO_ETRUNC, -1, "the mach header extends past the end of the file");
    h->magic = magic;
    h->cputype = (int32_t)rd32le(buf + 4);
    h->cpusubtype = (int32_t)rd32le(buf + 8);
    h->filetype = rd32le(buf + 12);
    h->ncmds = rd32le(buf + 16);
    h->sizeofcmds = rd32le(buf + 20);
    h->flags = rd32le(buf + 24);
    if ((uint64_t)h->header_size + h->sizeofcmds > size)
        return mo_fail(err, MO_ETRUNC, -1, "load commands (sizeofcmds %u) extend past the end of the file",
                       h->sizeofcmds);
    return MO_OK;
}

/* Is [off, off+len) inside the file, as "X > size" / "X + Y > size" checks in 64 bits? */
static bool past(uint64_t off, uint64_t len, uint64_t size) { return off > size || off + len > size; }

/* An lc_str: at least `min` (the fixed part), inside the command, NUL-terminated there. */
static int check_str(const uint8_t *c, uint32_t cmdsize, uint32_t min, const char *cmdname, const char *field,
                     uint32_t i, struct mo_error *err)
{
    if (cmdsize < min)
        return FAIL("load command %u %s cmdsize too small", i, cmdname);
    uint32_t off = rd32le(c + 8);
    if (off < min)
        return FAIL("load command %u %s %s offset %u is inside the fixed part of the command", i, cmdname, field, off);
    if (off >= cmdsize)
        return FAIL("load command %u %s %s offset %u extends past the end of the command", i, cmdname, field, off);
    if (!memchr(c + off, 0, cmdsize - off))
        return FAIL("load command %u %s %s is not NUL-terminated inside the command", i, cmdname, field);
    return 0;
}

/* The file ranges claimed so far (headers, section contents and relocations, symbol and
 * string tables, linkedit data...): LLVM refuses a file where two overlap. Kept in LLVM's
 * order, which its insertion rule decides (a new range goes before the first element it ends
 * at or before, past the one it was compared with; else at the end), since which overlaps
 * that rule sees depends on it. */
struct elems {
    struct { uint64_t off, size; const char *what; } *e;
    size_t n, cap;
};

static int claim(struct elems *l, uint64_t off, uint64_t size, const char *what, uint32_t i, struct mo_error *err)
{
    if (size == 0)
        return 0;
    size_t at = l->n;
    for (size_t k = 0; k < l->n; k++) {
        uint64_t eo = l->e[k].off, es = l->e[k].size;
        if ((off >= eo && off < eo + es) || (off + size > eo && off + size < eo + es) ||
            (off <= eo && off + size >= eo + es))
            return FAIL("%s at offset %llu with a size of %llu overlaps %s at offset %llu with a size of %llu", what,
                        (unsigned long long)off, (unsigned long long)size, l->e[k].what, (unsigned long long)eo,
                        (unsigned long long)es);
        if (k + 1 < l->n && off + size <= l->e[k + 1].off) {
            at = k + 1;
            break;
        }
    }
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 32;
        void *ne = realloc(l->e, ncap * sizeof *l->e);
        if (!ne)
            return mo_fail(err, MO_ENOMEM, (int)i, "out of memory");
        l->e = ne;
        l->cap = ncap;
    }
    memmove(&l->e[at + 1], &l->e[at], (l->n - at) * sizeof *l->e);
    l->e[at].off = off;
    l->e[at].size = size;
    l->e[at].what = what;
    l->n++;
    return 0;
}

/* Size in 32-bit words of the thread state `flavor` for `cputype`, or 0 if unknown. */
static uint32_t thread_state_words(int32_t cputype, uint32_t flavor)
{
    if (cputype == MO_CPU_TYPE_X86_64) {
        switch (flavor) {
        case 4: return 42;   /* x86_THREAD_STATE64 */
        case 6: return 4;    /* x86_EXCEPTION_STATE64 */
        case 7: return 44;   /* x86_THREAD_STATE */
        case 8: return 133;  /* x86_FLOAT_STATE */
        case 9: return 6;    /* x86_EXCEPTION_STATE */
        }
    } else if (cputype == MO_CPU_TYPE_X86) {
        if (flavor == 1)     /* x86_THREAD_STATE32 */
            return 16;
    } else if (cputype == 18 /* CPU_TYPE_POWERPC */) {
        if (flavor == 1)     /* PPC_THREAD_STATE */
            return 40;
    } else if (cputype == MO_CPU_TYPE_ARM64 || cputype == 0x0200000c) {
        if (flavor == 6)     /* ARM_THREAD_STATE64 */
            return 68;
    } else if (cputype == MO_CPU_TYPE_ARM) {
        if (flavor == 1)     /* ARM_THREAD_STATE */
            return 17;
    }
    return 0;
}

static int check_thread(const struct mo_header *h, const uint8_t *c, uint32_t cmdsize, const char *name, uint32_t i,
                        struct mo_error *err)
{
    uint32_t off = 8, nflavor = 0;
    bool known_cpu = h->cputype == MO_CPU_TYPE_X86_64 || h->cputype == MO_CPU_TYPE_X86 || h->cputype == 18 ||
                     h->cputype == MO_CPU_TYPE_ARM64 || h->cputype == 0x0200000c || h->cputype == MO_CPU_TYPE_ARM;
    while (off < cmdsize) {
        if (cmdsize - off < 4)
            return FAIL("load command %u flavor in %s extends past the end of the command", i, name);
        uint32_t flavor = rd32le(c + off);
        off += 4;
        if (cmdsize - off < 4)
            return FAIL("load command %u count in %s extends past the end of the command", i, name);
        uint32_t count = rd32le(c + off);
        off += 4;
        if (!known_cpu)
            return FAIL("load command %u %s of unknown cputype (%d) cannot be checked", i, name, h->cputype);
        {
            uint32_t words = thread_state_words(h->cputype, flavor);
            if (!words)
                return FAIL("load command %u unknown flavor (%u) for flavor number %u in %s", i, flavor, nflavor, name);
            if (count != words)
                return FAIL("load command %u count %u is wrong for flavor %u (flavor number %u) in %s", i, count,
                            flavor, nflavor, name);
        }
        if ((uint64_t)count * 4 > cmdsize - off)
            return FAIL("load command %u thread state of flavor %u extends past the end of %s", i, flavor, name);
        off += count * 4;
        nflavor++;
    }
    return 0;
}

static int check(const uint8_t *buf, size_t size, const struct mo_header *h, uint32_t *ident_index,
                 struct elems *el, struct mo_error *err)
{
    *ident_index = h->ncmds;
    uint64_t cmds_end = (uint64_t)h->header_size + h->sizeofcmds;
    uint64_t off = h->header_size;
    const uint8_t *seen[0x40] = { 0 };  /* one-of-a-kind commands, by cmd & 0x3f */
    bool has_symtab = false, has_dysymtab = false, has_id = false;
    uint32_t nsyms = 0;
    uint32_t dy[6] = { 0 };
    uint32_t i = 0;
    int r;
    if ((r = claim(el, 0, cmds_end, "Mach-O headers", 0, err)))
        return r;
    if (h->ncmds && h->sizeofcmds < 8)
        return mo_fail(err, MO_ETRUNC, 0, "load command 0 extends past the end of all load commands (sizeofcmds %u)",
                       h->sizeofcmds);
    for (i = 0; i < h->ncmds; i++) {
        if (i > 0 && off + 8 > cmds_end)
            return mo_fail(err, MO_ETRUNC, (int)i, "load command %u extends past the end of all load commands", i);
        if (off + 8 > size)
            return mo_fail(err, MO_ETRUNC, (int)i, "load command %u extends past the end of the file", i);
        const uint8_t *c = buf + off;
        uint32_t cmd = rd32le(c), cmdsize = rd32le(c + 4);
        if (off + cmdsize > size)
            return mo_fail(err, MO_ETRUNC, (int)i, "load command %u extends past the end of the file", i);
        if (cmdsize < 8)
            return FAIL("load command %u with size less than 8 bytes", i);
        if (h->is64 ? cmdsize % 8 && !(h->filetype == 4 /* MH_CORE */ && cmd == MO_LC_THREAD && cmdsize % 4 == 0)
                    : cmdsize % 4)
            return FAIL("load command %u cmdsize %u is not a multiple of %d", i, cmdsize, h->is64 ? 8 : 4);
        const char *name = mo_load_command_name(cmd);
        uint32_t key = cmd & 0x3f;
        bool once = false;   /* set for commands that may appear only once */
        switch (cmd) {
        case MO_LC_SEGMENT_64:
        case MO_LC_SEGMENT: {  /* LC_SEGMENT */
            bool s64 = cmd == MO_LC_SEGMENT_64;
            uint32_t ssz = s64 ? 72 : 56, sect = s64 ? 80 : 68;
            if (cmdsize < ssz)
                return FAIL("load command %u %s cmdsize too small", i, name);
            uint64_t vmaddr, vmsize, fileoff, filesize;
            if (s64) {
                vmaddr = rd64le(c + 24); vmsize = rd64le(c + 32); fileoff = rd64le(c + 40); filesize = rd64le(c + 48);
            } else {
                vmaddr = rd32le(c + 24); vmsize = rd32le(c + 28); fileoff = rd32le(c + 32); filesize = rd32le(c + 36);
            }
            uint32_t nsects = rd32le(c + (s64 ? 64 : 48));
            if ((uint64_t)nsects * sect > cmdsize - ssz)
                return FAIL("load command %u inconsistent cmdsize in %s for the number of sections", i, name);
            bool check_file = h->filetype != 9 /* MH_DYLIB_STUB */ && h->filetype != 10 /* MH_DSYM */;
            for (uint32_t j = 0; j < nsects; j++) {
                const uint8_t *s = c + ssz + (size_t)j * sect;
                uint64_t addr, ssize;
                uint32_t so, reloff, nreloc, flags;
                if (s64) {
                    addr = rd64le(s + 32); ssize = rd64le(s + 40); so = rd32le(s + 48);
                    reloff = rd32le(s + 56); nreloc = rd32le(s + 60); flags = rd32le(s + 64);
                } else {
                    addr = rd32le(s + 32); ssize = rd32le(s + 36); so = rd32le(s + 40);
                    reloff = rd32le(s + 48); nreloc = rd32le(s + 52); flags = rd32le(s + 56);
                }
                bool contents = check_file && flags != 0x1 && flags != 0x12;  /* S_ZEROFILL, S_THREAD_LOCAL_ZEROFILL */
                if (contents && so > size)
                    return FAIL("offset of section %u in %s command %u extends past the end of the file", j, name, i);
                if (contents && fileoff == 0 && so < cmds_end && ssize != 0)
                    return FAIL("offset of section %u in %s command %u is inside the headers", j, name, i);
                if (contents && (uint64_t)so + ssize > size)
                    return FAIL("offset plus size of section %u in %s command %u extends past the end of the file",
                                j, name, i);
                if (contents && ssize > filesize)
                    return FAIL("size of section %u in %s command %u is greater than the segment", j, name, i);
                if (check_file && ssize != 0 && addr < vmaddr)
                    return FAIL("addr of section %u in %s command %u is below the segment's vmaddr", j, name, i);
                if (vmsize != 0 && ssize != 0 && addr + ssize > vmaddr + vmsize)
                    return FAIL("addr plus size of section %u in %s command %u extends past the segment", j, name, i);
                if (contents && (r = claim(el, so, ssize, "section contents", i, err)))
                    return r;
                if (reloff > size || (uint64_t)reloff + (uint64_t)nreloc * 8 > size)
                    return FAIL("relocation entries of section %u in %s command %u extend past the end of the file",
                                j, name, i);
                if ((r = claim(el, reloff, (uint64_t)nreloc * 8, "section relocation entries", i, err)))
                    return r;
            }
            if (fileoff > size || fileoff + filesize > size)
                return FAIL("load command %u fileoff plus filesize in %s extends past the end of the file", i, name);
            if (vmsize != 0 && filesize > vmsize)
                return FAIL("load command %u filesize in %s greater than vmsize", i, name);
            break;
        }
        case MO_LC_SYMTAB:
            if (cmdsize != 24)
                return FAIL("%s command %u has incorrect cmdsize", name, i);
            if (has_symtab)
                return FAIL("more than one LC_SYMTAB command");
            has_symtab = true;
            nsyms = rd32le(c + 12);
            if (past(rd32le(c + 8), (uint64_t)nsyms * (h->is64 ? 16 : 12), size))
                return FAIL("symbol table of LC_SYMTAB command %u extends past the end of the file", i);
            if ((r = claim(el, rd32le(c + 8), (uint64_t)nsyms * (h->is64 ? 16 : 12), "symbol table", i, err)))
                return r;
            if (past(rd32le(c + 16), rd32le(c + 20), size))
                return FAIL("string table of LC_SYMTAB command %u extends past the end of the file", i);
            if ((r = claim(el, rd32le(c + 16), rd32le(c + 20), "string table", i, err)))
                return r;
            break;
        case MO_LC_DYSYMTAB: {  /* LC_DYSYMTAB */
            if (cmdsize != 80)
                return FAIL("%s command %u has incorrect cmdsize", name, i);
            if (has_dysymtab)
                return FAIL("more than one LC_DYSYMTAB command");
            has_dysymtab = true;
            for (int k = 0; k < 6; k++)
                dy[k] = rd32le(c + 8 + 4 * k);
            static const struct { uint32_t at, elem; const char *what; } t[] = {
                { 32, 8, "table of contents" }, { 40, 0, "module table" }, { 48, 4, "referenced symbols" },
                { 56, 4, "indirect symbol table" }, { 64, 8, "external relocations" }, { 72, 8, "local relocations" },
            };
            for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
                uint32_t elem = t[k].elem ? t[k].elem : (h->is64 ? 56 : 52);
                if (past(rd32le(c + t[k].at), (uint64_t)rd32le(c + t[k].at + 4) * elem, size))
                    return FAIL("%s of LC_DYSYMTAB command %u extends past the end of the file", t[k].what, i);
                if ((r = claim(el, rd32le(c + t[k].at), (uint64_t)rd32le(c + t[k].at + 4) * elem, t[k].what, i, err)))
                    return r;
            }
            break;
        }
        case MO_LC_DYLD_INFO:
        case MO_LC_DYLD_INFO_ONLY: /* LC_DYLD_INFO(_ONLY) */
            if (cmdsize != 48)
                return FAIL("%s command %u has incorrect cmdsize", name, i);
            if (seen[0x22])
                return FAIL("more than one LC_DYLD_INFO and or LC_DYLD_INFO_ONLY command");
            seen[0x22] = c;
            static const char *const streams[5] = { "dyld rebase info", "dyld bind info", "dyld weak bind info",
                                                    "dyld lazy bind info", "dyld export info" };
            for (int k = 0; k < 5; k++) {
                if (past(rd32le(c + 8 + 8 * k), rd32le(c + 12 + 8 * k), size))
                    return FAIL("%s of %s command %u extends past the end of the file", streams[k], name, i);
                if ((r = claim(el, rd32le(c + 8 + 8 * k), rd32le(c + 12 + 8 * k), streams[k], i, err)))
                    return r;
            }
            break;
        case MO_LC_CODE_SIGNATURE: case MO_LC_SEGMENT_SPLIT_INFO: case MO_LC_FUNCTION_STARTS: case MO_LC_DATA_IN_CODE: case MO_LC_DYLIB_CODE_SIGN_DRS: case MO_LC_LINKER_OPTIMIZATION_HINT:
        case MO_LC_DYLD_EXPORTS_TRIE: case MO_LC_DYLD_CHAINED_FIXUPS:   /* linkedit_data_command */
            if (cmdsize != 16)
                return FAIL("%s command %u has incorrect cmdsize", name, i);
            if (seen[key])
                return FAIL("more than one %s command", name);
            if (past(rd32le(c + 8), rd32le(c + 12), size))
                return FAIL("dataoff plus datasize of %s command %u extends past the end of the file", name, i);
            if ((r = claim(el, rd32le(c + 8), rd32le(c + 12), name, i, err)))
                return r;
            once = true;
            break;
        case MO_LC_UUID:
        case MO_LC_SOURCE_VERSION:
        case MO_LC_MAIN:
            if (cmdsize != (cmd == MO_LC_SOURCE_VERSION ? 16u : 24u))
                return FAIL("%s command %u has incorrect cmdsize", name, i);
            once = true;
            break;
        case MO_LC_ID_DYLIB:
        case MO_LC_LOAD_DYLIB: case MO_LC_LOAD_WEAK_DYLIB: case MO_LC_LAZY_LOAD_DYLIB: case MO_LC_REEXPORT_DYLIB: case MO_LC_LOAD_UPWARD_DYLIB: {
            r = check_str(c, cmdsize, 24, name, "name", i, err);
            if (r)
                return r;
            if (cmd == MO_LC_ID_DYLIB) {
                if (has_id)
                    return FAIL("more than one LC_ID_DYLIB command");
                if (h->filetype != MO_MH_DYLIB && h->filetype != 9)
                    return FAIL("LC_ID_DYLIB load command in a file that is not a dynamic library");
                has_id = true;
            }
            break;
        }
        case MO_LC_LOAD_DYLINKER: case MO_LC_ID_DYLINKER: case MO_LC_DYLD_ENVIRONMENT:   /* LC_LOAD_DYLINKER, LC_ID_DYLINKER, LC_DYLD_ENVIRONMENT */
        case MO_LC_RPATH:
        case MO_LC_SUB_FRAMEWORK: case MO_LC_SUB_UMBRELLA: case MO_LC_SUB_CLIENT: case MO_LC_SUB_LIBRARY: {  /* LC_SUB_* */
            r = check_str(c, cmdsize, 12, name, cmd == MO_LC_RPATH ? "path" : "name", i, err);
            if (r)
                return r;
            break;
        }
        case MO_LC_VERSION_MIN_MACOSX: case MO_LC_VERSION_MIN_IPHONEOS: case MO_LC_VERSION_MIN_TVOS: case MO_LC_VERSION_MIN_WATCHOS:    /* LC_VERSION_MIN_* */
            if (cmdsize != 16)
                return FAIL("load command %u %s has incorrect cmdsize", i, name);
            if (seen[0x24])
                return FAIL("more than one LC_VERSION_MIN_* command");
            seen[0x24] = c;
            break;
        case MO_LC_NOTE:
            if (cmdsize != 40)
                return FAIL("load command %u LC_NOTE has incorrect cmdsize", i);
            if (past(rd64le(c + 24), rd64le(c + 32), size))
                return FAIL("offset plus size of LC_NOTE command %u extends past the end of the file", i);
            if ((r = claim(el, rd64le(c + 24), rd64le(c + 32), "LC_NOTE data", i, err)))
                return r;
            break;
        case MO_LC_BUILD_VERSION:
            if (cmdsize < 24 || cmdsize != 24 + (uint64_t)rd32le(c + 20) * 8)
                return FAIL("load command %u LC_BUILD_VERSION has incorrect cmdsize", i);
            break;
        case MO_LC_ENCRYPTION_INFO:
        case MO_LC_ENCRYPTION_INFO_64:
            if (cmdsize != (cmd == MO_LC_ENCRYPTION_INFO ? 20u : 24u))
                return FAIL("%s command %u has incorrect cmdsize", name, i);
            if (seen[0x21])
                return FAIL("more than one LC_ENCRYPTION_INFO and or LC_ENCRYPTION_INFO_64 command");
            seen[0x21] = c;
            if (past(rd32le(c + 8), rd32le(c + 12), size))
                return FAIL("cryptoff plus cryptsize of %s command %u extends past the end of the file", name, i);
            break;
        case MO_LC_LINKER_OPTION: { /* LC_LINKER_OPTION */
            if (cmdsize < 12)
                return FAIL("load command %u LC_LINKER_OPTION cmdsize too small", i);
            uint32_t count = rd32le(c + 8), n = 0, at = 12;
            while (at < cmdsize) {
                if (c[at] == 0) {
                    at++;
                    continue;
                }
                const uint8_t *z = memchr(c + at, 0, cmdsize - at);
                if (!z)
                    return FAIL("load command %u LC_LINKER_OPTION string #%u is not NUL-terminated", i, n + 1);
                n++;
                at = (uint32_t)(z - c) + 1;
            }
            if (n != count)
                return FAIL("load command %u LC_LINKER_OPTION string count %u does not match number of strings", i,
                            count);
            break;
        }
        case MO_LC_ROUTINES:
        case MO_LC_ROUTINES_64:
            if (cmdsize != (cmd == MO_LC_ROUTINES ? 40u : 72u))
                return FAIL("%s command %u has incorrect cmdsize", name, i);
            if (seen[0x11])
                return FAIL("more than one LC_ROUTINES and or LC_ROUTINES_64 command");
            seen[0x11] = c;
            break;
        case MO_LC_UNIXTHREAD:
        case MO_LC_THREAD: {  /* LC_THREAD */
            r = check_thread(h, c, cmdsize, name, i, err);
            if (r)
                return r;
            once = cmd == MO_LC_UNIXTHREAD;
            break;
        }
        case MO_LC_TWOLEVEL_HINTS:
            if (cmdsize != 16)
                return FAIL("%s command %u has incorrect cmdsize", name, i);
            if (seen[key])
                return FAIL("more than one LC_TWOLEVEL_HINTS command");
            if (past(rd32le(c + 8), (uint64_t)rd32le(c + 12) * 4, size))
                return FAIL("hints of LC_TWOLEVEL_HINTS command %u extend past the end of the file", i);
            if ((r = claim(el, rd32le(c + 8), (uint64_t)rd32le(c + 12) * 4, "two level hints", i, err)))
                return r;
            once = true;
            break;
        case MO_LC_ATOM_INFO:   /* LC_ATOM_INFO: printed as linkedit data, but not checked by LLVM 19 */
            break;
        case MO_LC_IDENT:    /* LC_IDENT: LLVM's reader stops looking here (every later entry is this one) */
            *ident_index = i;
            i = h->ncmds;
            continue;
        case MO_LC_SYMSEG: case MO_LC_LOADFVMLIB: case MO_LC_IDFVMLIB: case MO_LC_FVMFILE: case MO_LC_PREPAGE: case MO_LC_PREBOUND_DYLIB: case MO_LC_PREBIND_CKSUM:
            return FAIL("load command %u %s is obsolete and not supported", i, name);
        default:
            break;
        }
        if (once) {
            if (seen[key])
                return FAIL("more than one %s command", name);
            seen[key] = c;
        }
        off += cmdsize;
    }
    if (has_dysymtab && !has_symtab)
        return mo_fail(err, MO_EBADCMD, -1, "LC_DYSYMTAB load command without an LC_SYMTAB load command");
    if (has_dysymtab) {
        static const char *const what[3] = { "local", "external", "undefined" };
        for (int k = 0; k < 3; k++) {
            uint32_t first = dy[2 * k], n = dy[2 * k + 1];
            if (n != 0 && (first > nsyms || (uint64_t)first + n > nsyms))
                return mo_fail(err, MO_ERANGE, -1, "LC_DYSYMTAB %s symbols extend past the end of the symbol table",
                               what[k]);
        }
    }
    if ((h->filetype == MO_MH_DYLIB || h->filetype == 9) && !has_id)
        return mo_fail(err, MO_EBADCMD, -1, "no LC_ID_DYLIB load command in a dynamic library");
    return MO_OK;
}

int mo_commands_check(const uint8_t *buf, size_t size, const struct mo_header *h, uint32_t *ident_index,
                      struct mo_error *err)
{
    struct elems el = { 0 };
    int r = check(buf, size, h, ident_index, &el, err);
    free(el.e);
    return r;
}
