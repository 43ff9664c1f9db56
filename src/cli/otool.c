/*
 * otool.c — `machrun otool -h | -l | -L | -f FILE...`: Mach-O headers, load commands, linked
 * libraries and fat headers printed exactly as llvm-otool-19 prints them (scripts parse this
 * output). Everything is read through src/macho (checked); a malformed file gets one line
 * and exit status 1. As llvm-otool does, a universal file shows its x86_64 slice (else its
 * first) for -h, -l and -L.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "machrun/cli.h"
#include "machrun/macho.h"

struct opts {
    bool h, l, L, f;
};

static uint32_t u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t u64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static void print_header(const struct mo_image *mo)
{
    printf("Mach header\n");
    printf("      magic cputype cpusubtype  caps    filetype ncmds sizeofcmds      flags\n");
    printf(" 0x%08x %7d %10d  0x%02x  %10u %5u %10u 0x%08x\n", mo->magic, mo->cputype,
           mo->cpusubtype & ~(int32_t)0xff000000, ((uint32_t)mo->cpusubtype & 0xff000000u) >> 24, mo->filetype,
           mo->ncmds, mo->sizeofcmds, mo->flags);
}

static void version3(uint32_t v, char *b, size_t n) { snprintf(b, n, "%u.%u.%u", v >> 16, (v >> 8) & 0xff, v & 0xff); }

/* X.Y, then .Z when Z is not zero (LC_VERSION_MIN_*, LC_BUILD_VERSION). */
static void version2(uint32_t v, char *b, size_t n)
{
    if (v & 0xff)
        snprintf(b, n, "%u.%u.%u", v >> 16, (v >> 8) & 0xff, v & 0xff);
    else
        snprintf(b, n, "%u.%u", v >> 16, (v >> 8) & 0xff);
}

static void print_dylibs(const struct mo_image *mo)
{
    struct ctx {
        const struct mo_image *mo;
    } c = { mo };
    (void)c;
    uint64_t off = 32;
    for (uint32_t i = 0; i < mo->ncmds; i++) {
        const uint8_t *p = mo->buf + off;
        uint32_t cmd = u32(p), size = u32(p + 4);
        if (cmd == 0xc || cmd == 0xd || cmd == 0x80000018 || cmd == 0x8000001f || cmd == 0x80000023 || cmd == 0x20) {
            uint32_t no = u32(p + 8);
            const char *name = no < size && memchr(p + no, 0, size - no) ? (const char *)p + no : "?";
            char cv[32], v[32];
            version3(u32(p + 20), cv, sizeof cv);
            version3(u32(p + 16), v, sizeof v);
            const char *extra = cmd == 0x80000018 ? ", weak" : cmd == 0x8000001f ? ", reexport"
                              : cmd == 0x80000023 ? ", upward" : cmd == 0x20 ? ", lazy" : "";
            printf("\t%s (compatibility version %s, current version %s%s)\n", name, cv, v, extra);
        }
        off += size;
    }
}

static const char *section_type_note(uint32_t flags, int which)
{
    uint32_t t = flags & 0xff;
    if (which == 1 && (t == 6 || t == 7 || t == 8 || t == 0x10 || t == 0x14))
        return " (index into indirect symbol table)";
    if (which == 2 && t == 8)
        return " (size of stubs)";
    return "";
}

static uint64_t object_size; /* of the slice being printed: for "(past end of file)" */

static void print_segment(const uint8_t *p, uint32_t size)
{
    char name[17];
    memcpy(name, p + 8, 16);
    name[16] = 0;
    printf("      cmd LC_SEGMENT_64\n");
    printf("  cmdsize %u\n", size);
    printf("  segname %s\n", name);
    printf("   vmaddr 0x%016llx\n", (unsigned long long)u64(p + 24));
    printf("   vmsize 0x%016llx\n", (unsigned long long)u64(p + 32));
    printf("  fileoff %llu\n", (unsigned long long)u64(p + 40));
    printf(" filesize %llu\n", (unsigned long long)u64(p + 48));
    printf("  maxprot 0x%08x\n", u32(p + 56));
    printf(" initprot 0x%08x\n", u32(p + 60));
    uint32_t nsects = u32(p + 64);
    printf("   nsects %u\n", nsects);
    printf("    flags 0x%x\n", u32(p + 68));
    for (uint32_t i = 0; i < nsects && 72 + (uint64_t)(i + 1) * 80 <= size; i++) {
        const uint8_t *s = p + 72 + i * 80;
        char sn[17], gn[17];
        memcpy(sn, s, 16);
        sn[16] = 0;
        memcpy(gn, s + 16, 16);
        gn[16] = 0;
        uint32_t align = u32(s + 52), flags = u32(s + 64);
        printf("Section\n");
        printf("  sectname %s\n", sn);
        printf("   segname %s\n", gn);
        printf("      addr 0x%016llx\n", (unsigned long long)u64(s + 32));
        uint64_t ssize = u64(s + 40);
        printf("      size 0x%016llx%s\n", (unsigned long long)ssize,
               (uint64_t)u32(s + 48) + ssize > object_size ? " (past end of file)" : "");
        printf("    offset %u\n", u32(s + 48));
        printf("     align 2^%u (%llu)\n", align, align < 64 ? 1ull << align : 0ull);
        printf("    reloff %u\n", u32(s + 56));
        printf("    nreloc %u\n", u32(s + 60));
        printf("     flags 0x%08x\n", flags);
        printf(" reserved1 %u%s\n", u32(s + 68), section_type_note(flags, 1));
        printf(" reserved2 %u%s\n", u32(s + 72), section_type_note(flags, 2));
    }
}

static void print_linkedit(const char *name, const uint8_t *p, uint32_t size)
{
    printf("      cmd %s\n", name);
    printf("  cmdsize %u\n", size);
    printf("  dataoff %u\n", u32(p + 8));
    printf(" datasize %u\n", u32(p + 12));
}

static void print_dylib_cmd(const char *name, const uint8_t *p, uint32_t size)
{
    uint32_t no = u32(p + 8);
    const char *s = no < size && memchr(p + no, 0, size - no) ? (const char *)p + no : "?";
    time_t ts = u32(p + 12);
    char tb[64];
    struct tm tm;
    localtime_r(&ts, &tm);
    strftime(tb, sizeof tb, "%a %b %e %H:%M:%S %Y", &tm);
    char cv[32], v[32];
    version3(u32(p + 16), v, sizeof v);
    version3(u32(p + 20), cv, sizeof cv);
    printf("          cmd %s\n", name);
    printf("      cmdsize %u\n", size);
    printf("         name %s (offset %u)\n", s, no);
    printf("   time stamp %u %s\n", u32(p + 12), tb);
    printf("      current version %s\n", v);
    printf("compatibility version %s\n", cv);
}

static void print_thread(const uint8_t *p, uint32_t size, const char *name)
{
    printf("        cmd %s\n", name);
    printf("    cmdsize %u\n", size);
    uint32_t off = 8;
    while (off + 8 <= size) {
        uint32_t flavor = u32(p + off), count = u32(p + off + 4);
        off += 8;
        if (flavor == 4 && count == 42 && off + 168 <= size) {
            uint64_t r[21];
            memcpy(r, p + off, sizeof r);
            printf("     flavor x86_THREAD_STATE64\n");
            printf("      count x86_THREAD_STATE64_COUNT\n");
            printf("   rax  0x%016llx rbx 0x%016llx rcx  0x%016llx\n", (unsigned long long)r[0], (unsigned long long)r[1], (unsigned long long)r[2]);
            printf("   rdx  0x%016llx rdi 0x%016llx rsi  0x%016llx\n", (unsigned long long)r[3], (unsigned long long)r[4], (unsigned long long)r[5]);
            printf("   rbp  0x%016llx rsp 0x%016llx r8   0x%016llx\n", (unsigned long long)r[6], (unsigned long long)r[7], (unsigned long long)r[8]);
            printf("    r9  0x%016llx r10 0x%016llx r11  0x%016llx\n", (unsigned long long)r[9], (unsigned long long)r[10], (unsigned long long)r[11]);
            printf("   r12  0x%016llx r13 0x%016llx r14  0x%016llx\n", (unsigned long long)r[12], (unsigned long long)r[13], (unsigned long long)r[14]);
            printf("   r15  0x%016llx rip 0x%016llx\n", (unsigned long long)r[15], (unsigned long long)r[16]);
            printf("rflags  0x%016llx cs  0x%016llx fs   0x%016llx\n", (unsigned long long)r[17], (unsigned long long)r[18], (unsigned long long)r[19]);
            printf("    gs  0x%016llx\n", (unsigned long long)r[20]);
        } else {
            printf("     flavor %u\n", flavor);
            printf("      count %u\n", count);
        }
        off += count * 4;
    }
}

static int print_command(const struct mo_load_command *lc, void *ctx)
{
    (void)ctx;
    const uint8_t *p = lc->data;
    uint32_t size = lc->cmdsize;
    printf("Load command %u\n", lc->index);
    char a[32], b[32];
    switch (lc->cmd) {
    case 0x19:
        print_segment(p, size);
        break;
    case 0x2:
        printf("     cmd LC_SYMTAB\n");
        printf(" cmdsize %u\n", size);
        printf("  symoff %u\n", u32(p + 8));
        printf("   nsyms %u\n", u32(p + 12));
        printf("  stroff %u\n", u32(p + 16));
        printf(" strsize %u\n", u32(p + 20));
        break;
    case 0xb: {
        static const char *const f[] = { "ilocalsym", "nlocalsym", "iextdefsym", "nextdefsym", "iundefsym",
                                         "nundefsym", "tocoff", "ntoc", "modtaboff", "nmodtab", "extrefsymoff",
                                         "nextrefsyms", "indirectsymoff", "nindirectsyms", "extreloff", "nextrel",
                                         "locreloff", "nlocrel" };
        printf("            cmd LC_DYSYMTAB\n");
        printf("        cmdsize %u\n", size);
        for (int i = 0; i < 18; i++)
            printf("%15s %u\n", f[i], u32(p + 8 + 4 * i));
        break;
    }
    case 0x22:
    case 0x80000022: {
        static const char *const f[] = { "rebase_off", "rebase_size", "bind_off", "bind_size", "weak_bind_off",
                                         "weak_bind_size", "lazy_bind_off", "lazy_bind_size", "export_off",
                                         "export_size" };
        printf("            cmd %s\n", lc->cmd == 0x22 ? "LC_DYLD_INFO" : "LC_DYLD_INFO_ONLY");
        printf("        cmdsize %u\n", size);
        for (int i = 0; i < 10; i++)
            printf("%15s %u\n", f[i], u32(p + 8 + 4 * i));
        break;
    }
    case 0xc: print_dylib_cmd("LC_LOAD_DYLIB", p, size); break;
    case 0xd: print_dylib_cmd("LC_ID_DYLIB", p, size); break;
    case 0x80000018: print_dylib_cmd("LC_LOAD_WEAK_DYLIB", p, size); break;
    case 0x8000001f: print_dylib_cmd("LC_REEXPORT_DYLIB", p, size); break;
    case 0x80000023: print_dylib_cmd("LC_LOAD_UPWARD_DYLIB", p, size); break;
    case 0x20: print_dylib_cmd("LC_LAZY_LOAD_DYLIB", p, size); break;
    case 0xe:
    case 0xf: {
        uint32_t no = u32(p + 8);
        const char *s = no < size && memchr(p + no, 0, size - no) ? (const char *)p + no : "?";
        printf("          cmd %s\n", lc->cmd == 0xe ? "LC_LOAD_DYLINKER" : "LC_ID_DYLINKER");
        printf("      cmdsize %u\n", size);
        printf("         name %s (offset %u)\n", s, no);
        break;
    }
    case 0x8000001c: {
        uint32_t no = u32(p + 8);
        const char *s = no < size && memchr(p + no, 0, size - no) ? (const char *)p + no : "?";
        printf("          cmd LC_RPATH\n");
        printf("      cmdsize %u\n", size);
        printf("         path %s (offset %u)\n", s, no);
        break;
    }
    case 0x80000028:
        printf("       cmd LC_MAIN\n");
        printf("   cmdsize %u\n", size);
        printf("  entryoff %llu\n", (unsigned long long)u64(p + 8));
        printf(" stacksize %llu\n", (unsigned long long)u64(p + 16));
        break;
    case 0x5: print_thread(p, size, "LC_UNIXTHREAD"); break;
    case 0x4: print_thread(p, size, "LC_THREAD"); break;
    case 0x1b: {
        const uint8_t *u = p + 8;
        printf("     cmd LC_UUID\n");
        printf(" cmdsize %u\n", size);
        printf("    uuid %02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X\n", u[0], u[1], u[2],
               u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
        break;
    }
    case 0x2a: {
        uint64_t v = u64(p + 8);
        unsigned A = (unsigned)(v >> 40), B = (v >> 30) & 0x3ff, C = (v >> 20) & 0x3ff, D = (v >> 10) & 0x3ff,
                 E = v & 0x3ff;
        printf("      cmd LC_SOURCE_VERSION\n");
        printf("  cmdsize %u\n", size);
        if (E)
            printf("  version %u.%u.%u.%u.%u\n", A, B, C, D, E);
        else if (D)
            printf("  version %u.%u.%u.%u\n", A, B, C, D);
        else if (C)
            printf("  version %u.%u.%u\n", A, B, C);
        else
            printf("  version %u.%u\n", A, B);
        break;
    }
    case 0x32: {
        uint32_t ntools = u32(p + 20);
        version2(u32(p + 16), a, sizeof a);
        version2(u32(p + 12), b, sizeof b);
        printf("       cmd LC_BUILD_VERSION\n");
        printf("   cmdsize %u\n", size);
        printf("  platform %u\n", u32(p + 8));
        printf("       sdk %s\n", b[0] && u32(p + 16) ? a : "n/a");
        printf("     minos %s\n", b);
        printf("    ntools %u\n", ntools);
        for (uint32_t i = 0; i < ntools && 24 + 8ull * (i + 1) <= size; i++) {
            uint32_t tool = u32(p + 24 + 8 * i), ver = u32(p + 28 + 8 * i);
            char tv[32];
            version2(ver, tv, sizeof tv);
            const char *tn = tool == 1 ? "CLANG" : tool == 2 ? "SWIFT" : tool == 3 ? "LD" : NULL;
            if (tn)
                printf("      tool %s\n", tn);
            else
                printf("      tool %u\n", tool);
            printf("   version %s\n", tv);
        }
        break;
    }
    case 0x24: case 0x25: case 0x2f: case 0x30: {
        const char *n = lc->cmd == 0x24 ? "LC_VERSION_MIN_MACOSX" : lc->cmd == 0x25 ? "LC_VERSION_MIN_IPHONEOS"
                      : lc->cmd == 0x2f ? "LC_VERSION_MIN_TVOS" : "LC_VERSION_MIN_WATCHOS";
        version2(u32(p + 8), a, sizeof a);
        printf("      cmd %s\n", n);
        printf("  cmdsize %u\n", size);
        printf("  version %s\n", a);
        if (u32(p + 12))
            version2(u32(p + 12), b, sizeof b);
        else
            snprintf(b, sizeof b, "n/a");
        printf("      sdk %s\n", b);
        break;
    }
    case 0x1d: print_linkedit("LC_CODE_SIGNATURE", p, size); break;
    case 0x26: print_linkedit("LC_FUNCTION_STARTS", p, size); break;
    case 0x29: print_linkedit("LC_DATA_IN_CODE", p, size); break;
    case 0x1e: print_linkedit("LC_SEGMENT_SPLIT_INFO", p, size); break;
    case 0x2b: print_linkedit("LC_DYLIB_CODE_SIGN_DRS", p, size); break;
    case 0x2e: print_linkedit("LC_LINKER_OPTIMIZATION_HINT", p, size); break;
    case 0x80000033: print_linkedit("LC_DYLD_EXPORTS_TRIE", p, size); break;
    case 0x80000034: print_linkedit("LC_DYLD_CHAINED_FIXUPS", p, size); break;
    case 0x2c:
        printf("          cmd LC_ENCRYPTION_INFO_64\n");
        printf("      cmdsize %u\n", size);
        printf("     cryptoff %u\n", u32(p + 8));
        printf("    cryptsize %u\n", u32(p + 12));
        printf("      cryptid %u\n", u32(p + 16));
        printf("          pad %u\n", u32(p + 20));
        break;
    default: {
        const char *n = mo_load_command_name(lc->cmd);
        if (n)
            printf("      cmd %s\n", n);
        else
            printf("      cmd ?(0x%08x) Unknown load command\n", lc->cmd);
        printf("  cmdsize %u\n", size);
        break;
    }
    }
    return 0;
}

static void print_fat(const struct mo_fat *fat, const uint8_t *buf)
{
    printf("Fat headers\n");
    printf("fat_magic 0x%08x\n", fat->is64 ? MO_FAT_MAGIC_64 : MO_FAT_MAGIC);
    printf("nfat_arch %u\n", fat->nfat_arch);
    (void)buf;
    for (uint32_t i = 0; i < fat->nfat_arch; i++) {
        const struct mo_fat_arch *a = &fat->archs[i];
        printf("architecture %u\n", i);
        printf("    cputype %d\n", a->cputype);
        printf("    cpusubtype %d\n", a->cpusubtype & ~(int32_t)0xff000000);
        printf("    capabilities 0x%x\n", ((uint32_t)a->cpusubtype & 0xff000000u) >> 24);
        printf("    offset %llu\n", (unsigned long long)a->offset);
        printf("    size %llu\n", (unsigned long long)a->size);
        printf("    align 2^%u (%llu)\n", a->align, 1ull << (a->align & 63));
    }
}

static int do_file(const char *path, const struct opts *o)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "machrun: %s: %s\n", path, strerror(errno));
        return 1;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || st.st_size < 4) {
        fprintf(stderr, "machrun: %s: not a Mach-O file (too short)\n", path);
        close(fd);
        return 1;
    }
    size_t size = (size_t)st.st_size;
    uint8_t *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) {
        fprintf(stderr, "machrun: %s: %s\n", path, strerror(errno));
        return 1;
    }
    int rc = 0;
    struct mo_error err = { 0 };
    const uint8_t *slice = map;
    size_t slice_size = size;
    if (mo_is_fat(map, size)) {
        struct mo_fat fat;
        if (mo_fat_parse(map, size, &fat, &err) < 0) {
            fprintf(stderr, "machrun: %s: %s\n", path, err.msg);
            munmap(map, size);
            return 1;
        }
        if (o->f)
            print_fat(&fat, map);
        int i = mo_fat_find(&fat, MO_CPU_TYPE_X86_64);
        if (i < 0)
            i = 0;
        slice = map + fat.archs[i].offset;
        slice_size = fat.archs[i].size;
        mo_fat_free(&fat);
    }
    if (o->h || o->l || o->L) {
        struct mo_image mo;
        if (mo_image_parse(slice, slice_size, &mo, &err) < 0) {
            fprintf(stderr, "machrun: %s: %s\n", path, err.msg);
            rc = 1;
        } else {
            object_size = slice_size;
            /* llvm-otool's order: the name (for -L and -l), -L's list, -l's header and
             * commands, then -h's header. */
            if (o->L || o->l)
                printf("%s:\n", path);
            if (o->L)
                print_dylibs(&mo);
            if (o->l) {
                print_header(&mo);
                mo_for_each_load_command(&mo, print_command, NULL);
            }
            if (o->h)
                print_header(&mo);
            mo_image_free(&mo);
        }
    }
    munmap(map, size);
    return rc;
}

int cli_otool(int argc, char **argv)
{
    struct opts o = { 0 };
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "-arch") && i + 1 < argc) {
            i++; /* as llvm-otool-19: the x86_64 slice (else the first) is shown whatever the -arch */
            continue;
        }
        for (const char *c = argv[i] + 1; *c; c++) {
            switch (*c) {
            case 'h': o.h = true; break;
            case 'l': o.l = true; break;
            case 'L': o.L = true; break;
            case 'f': o.f = true; break;
            default:
                fprintf(stderr, "usage: machrun otool -h|-l|-L|-f [-arch NAME] FILE...\n");
                return MR_EXIT_USAGE;
            }
        }
    }
    if (i >= argc || !(o.h || o.l || o.L || o.f)) {
        fprintf(stderr, "usage: machrun otool -h|-l|-L|-f [-arch NAME] FILE...\n");
        return MR_EXIT_USAGE;
    }
    int rc = 0;
    for (; i < argc; i++)
        rc |= do_file(argv[i], &o);
    fflush(stdout);
    return rc;
}
