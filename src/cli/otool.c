/*
 * otool.c — `machrun otool -h | -l | -L | -f FILE...`: Mach-O headers, load commands, linked
 * libraries and fat headers printed exactly as llvm-otool-19 prints them (scripts parse this
 * output), and accepting and refusing the same files. The header and load commands are read
 * and checked by src/macho (mo_header_parse, mo_commands_check: LLVM's checks); a malformed
 * file gets one line on stderr and exit status 1 and ends the run, a file that is no object
 * at all gets llvm-otool's "is not an object file". A universal file shows its x86_64 slice
 * alone if it has one, else every slice. LLVM's quirks are kept where they show in the
 * output (each is commented where it is reproduced).
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

#include "machrun/input.h"
#include "machrun/macho_abi.h"
#include "machrun/cli.h"
#include "machrun/macho.h"

struct opts {
    bool h, l, L, f;
};

/* The slice being printed. Every load command was checked by mo_commands_check to lie inside
 * the file; fields are still read through r32/r64, which give 0 past the end of the file
 * (LLVM reads each command as its whole structure; the checks make that safe there). */
struct obj {
    const uint8_t *buf;
    size_t size;
    struct mo_header h;
    uint32_t ident;         /* index of an LC_IDENT, which stands for every later command */
    uint32_t object_size;   /* LLVM compares against the size truncated to 32 bits */
};

static uint32_t r32(const struct obj *o, const uint8_t *p, uint32_t off)
{
    uint64_t at = (uint64_t)(p - o->buf) + off;
    uint32_t v = 0;
    if (at + 4 <= o->size)
        memcpy(&v, o->buf + at, 4);
    return v;
}

static uint64_t r64(const struct obj *o, const uint8_t *p, uint32_t off)
{
    return r32(o, p, off) | (uint64_t)r32(o, p, off + 4) << 32;
}

/* Copy up to n bytes at p+off into dst, zero-filling what lies past the file. */
static void rbytes(const struct obj *o, const uint8_t *p, uint64_t off, void *dst, size_t n)
{
    memset(dst, 0, n);
    uint64_t at = (uint64_t)(p - o->buf) + off;
    if (at < o->size)
        memcpy(dst, o->buf + at, n < o->size - at ? n : o->size - at);
}

/* A C string at p+off, as LLVM prints it (to its NUL; bounded by the file here). */
static void pstr(const struct obj *o, const uint8_t *p, uint32_t off)
{
    uint64_t at = (uint64_t)(p - o->buf) + off;
    if (at >= o->size)
        return;
    fwrite(o->buf + at, 1, strnlen((const char *)o->buf + at, o->size - at), stdout);
}

static const char *past_end(uint64_t v, uint32_t object_size) { return v > object_size ? " (past end of file)" : ""; }

static void print_header(const struct mo_header *h)
{
    printf("Mach header\n");
    printf("      magic cputype cpusubtype  caps    filetype ncmds sizeofcmds      flags\n");
    printf(" 0x%08x %7d %10d  0x%02x  %10u %5u %10u 0x%08x\n", h->magic, h->cputype,
           h->cpusubtype & ~(int32_t)0xff000000, ((uint32_t)h->cpusubtype & 0xff000000u) >> 24, h->filetype,
           h->ncmds, h->sizeofcmds, h->flags);
}

/* X.Y, then .Z when Z is not zero (MachOObjectFile::getVersionString). */
static void version2(uint32_t v, char *b, size_t n)
{
    if (v & 0xff)
        snprintf(b, n, "%u.%u.%u", v >> 16, (v >> 8) & 0xff, v & 0xff);
    else
        snprintf(b, n, "%u.%u", v >> 16, (v >> 8) & 0xff);
}

static bool is_dylib_cmd(uint32_t cmd)
{
    return cmd == MO_LC_LOAD_DYLIB || cmd == MO_LC_ID_DYLIB || cmd == MO_LC_LOAD_WEAK_DYLIB || cmd == MO_LC_REEXPORT_DYLIB || cmd == MO_LC_LOAD_UPWARD_DYLIB || cmd == MO_LC_LAZY_LOAD_DYLIB;
}

/* Load commands in LLVM's order: after an LC_IDENT, that command again for every index. */
struct lcref {
    const uint8_t *p;
    uint32_t cmd, cmdsize;
};

static int for_each_command(const struct obj *o, int (*cb)(const struct obj *, uint32_t, const struct lcref *, void *),
                            void *ctx)
{
    uint64_t off = o->h.header_size;
    for (uint32_t i = 0; i < o->h.ncmds; i++) {
        struct lcref c = { o->buf + off, r32(o, o->buf + off, 0), r32(o, o->buf + off, 4) };
        int r = cb(o, i, &c, ctx);
        if (r)
            return r;
        if (i < o->ident)
            off += c.cmdsize;
    }
    return 0;
}

static int print_dylib_line(const struct obj *o, uint32_t i, const struct lcref *c, void *ctx)
{
    (void)ctx;
    if (!is_dylib_cmd(c->cmd))
        return 0;
    uint32_t no = r32(o, c->p, 8), cv = r32(o, c->p, 20), v = r32(o, c->p, 16);
    if (no < c->cmdsize) {
        printf("\t");
        pstr(o, c->p, no);
        const char *extra = c->cmd == MO_LC_LOAD_WEAK_DYLIB ? ", weak" : c->cmd == MO_LC_REEXPORT_DYLIB ? ", reexport"
                          : c->cmd == MO_LC_LOAD_UPWARD_DYLIB ? ", upward" : c->cmd == MO_LC_LAZY_LOAD_DYLIB ? ", lazy" : "";
        printf(" (compatibility version %u.%u.%u, current version %u.%u.%u%s)\n", cv >> 16, (cv >> 8) & 0xff,
               cv & 0xff, v >> 16, (v >> 8) & 0xff, v & 0xff, extra);
    } else {
        const char *n = mo_load_command_name(c->cmd);
        printf("\tBad offset (%u) for name of %s command %u\n", no, n, i);
    }
    return 0;
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

static void print_segment(const struct obj *o, const struct lcref *c)
{
    const uint8_t *p = c->p;
    bool s64 = c->cmd == MO_LC_SEGMENT_64;
    uint32_t os = o->object_size;
    /* LLVM prints the segment name as a C string from its copy of the structure: past 16
     * characters it runs into vmaddr (and on, up to the first NUL). */
    uint8_t seg[72];
    rbytes(o, p, 0, seg, s64 ? 72 : 56);
    uint64_t vmaddr, vmsize, fileoff, filesize;
    uint32_t maxprot, initprot, nsects, flags, hdr = s64 ? 72 : 56, ssz = s64 ? 80 : 68;
    if (s64) {
        vmaddr = r64(o, p, 24); vmsize = r64(o, p, 32); fileoff = r64(o, p, 40); filesize = r64(o, p, 48);
        maxprot = r32(o, p, 56); initprot = r32(o, p, 60); nsects = r32(o, p, 64); flags = r32(o, p, 68);
    } else {
        vmaddr = r32(o, p, 24); vmsize = r32(o, p, 28); fileoff = r32(o, p, 32); filesize = r32(o, p, 36);
        maxprot = r32(o, p, 40); initprot = r32(o, p, 44); nsects = r32(o, p, 48); flags = r32(o, p, 52);
    }
    printf("      cmd %s\n", s64 ? "LC_SEGMENT_64" : "LC_SEGMENT");
    printf("  cmdsize %u%s\n", c->cmdsize, c->cmdsize != hdr + (uint64_t)nsects * ssz ? " Inconsistent size" : "");
    printf("  segname %.*s\n", (int)strnlen((const char *)seg + 8, (s64 ? 72u : 56u) - 8), (const char *)seg + 8);
    if (s64) {
        printf("   vmaddr 0x%016llx\n", (unsigned long long)vmaddr);
        printf("   vmsize 0x%016llx\n", (unsigned long long)vmsize);
    } else {
        printf("   vmaddr 0x%08llx\n", (unsigned long long)vmaddr);
        printf("   vmsize 0x%08llx\n", (unsigned long long)vmsize);
    }
    printf("  fileoff %llu%s\n", (unsigned long long)fileoff, past_end(fileoff, os));
    printf(" filesize %llu%s\n", (unsigned long long)filesize, past_end(fileoff + filesize, os));
    printf("  maxprot 0x%08x\n", maxprot);
    printf(" initprot 0x%08x\n", initprot);
    printf("   nsects %u\n", nsects);
    printf("    flags 0x%x\n", flags);
    for (uint32_t i = 0; i < nsects && hdr + (uint64_t)(i + 1) * ssz <= c->cmdsize; i++) {
        uint32_t so = hdr + i * ssz;
        char sn[16], gn[16];
        rbytes(o, p, so, sn, 16);
        rbytes(o, p, so + 16, gn, 16);
        uint64_t addr, size;
        uint32_t offset, align, reloff, nreloc, sflags, res1, res2;
        if (s64) {
            addr = r64(o, p, so + 32); size = r64(o, p, so + 40); offset = r32(o, p, so + 48);
            align = r32(o, p, so + 52); reloff = r32(o, p, so + 56); nreloc = r32(o, p, so + 60);
            sflags = r32(o, p, so + 64); res1 = r32(o, p, so + 68); res2 = r32(o, p, so + 72);
        } else {
            addr = r32(o, p, so + 32); size = r32(o, p, so + 36); offset = r32(o, p, so + 40);
            align = r32(o, p, so + 44); reloff = r32(o, p, so + 48); nreloc = r32(o, p, so + 52);
            sflags = r32(o, p, so + 56); res1 = r32(o, p, so + 60); res2 = r32(o, p, so + 64);
        }
        printf("Section\n");
        printf("  sectname %.16s\n", sn);
        printf("   segname %.16s%s\n", gn,
               o->h.filetype != 1 /* MH_OBJECT */ && strncmp((const char *)seg + 8, gn, 16) ? " (does not match segment)"
                                                                                           : "");
        if (s64) {
            printf("      addr 0x%016llx\n", (unsigned long long)addr);
            printf("      size 0x%016llx", (unsigned long long)size);
        } else {
            printf("      addr 0x%08llx\n", (unsigned long long)addr);
            printf("      size 0x%08llx", (unsigned long long)size);
        }
        printf("%s\n", (sflags & 1 /* S_ZEROFILL bit */) && offset + size > os ? " (past end of file)" : "");
        printf("    offset %u%s\n", offset, past_end(offset, os));
        /* LLVM computes 1 << align in 32 bits; x86 takes the shift count modulo 32. */
        printf("     align 2^%u (%u)\n", align, 1u << (align & 31));
        printf("    reloff %u%s\n", reloff, past_end(reloff, os));
        printf("    nreloc %u%s\n", nreloc, past_end(reloff + (uint64_t)nreloc * 8, os));
        printf("     flags 0x%08x\n", sflags);
        printf(" reserved1 %u%s\n", res1, section_type_note(sflags, 1));
        printf(" reserved2 %u%s\n", res2, section_type_note(sflags, 2));
    }
}

static const char *incorrect(bool bad) { return bad ? " Incorrect size" : ""; }

static void print_linkedit(const struct obj *o, const struct lcref *c)
{
    uint32_t off = r32(o, c->p, 8), size = r32(o, c->p, 12);
    printf("      cmd %s\n", mo_load_command_name(c->cmd));
    printf("  cmdsize %u%s\n", c->cmdsize, incorrect(c->cmdsize != 16));
    printf("  dataoff %u%s\n", off, past_end(off, o->object_size));
    printf(" datasize %u%s\n", size, past_end((uint64_t)off + size, o->object_size));
}

/* "          cmd NAME" / "      cmdsize N" / "<label> STRING (offset N)" for the lc_str commands. */
static void print_str_cmd(const struct obj *o, const struct lcref *c, const char *label, uint32_t fixed)
{
    uint32_t no = r32(o, c->p, 8);
    printf("          cmd %s\n", mo_load_command_name(c->cmd));
    printf("      cmdsize %u%s\n", c->cmdsize, incorrect(c->cmdsize < fixed));
    if (no >= c->cmdsize) {
        printf("%s ?(bad offset %u)\n", label, no);
    } else {
        printf("%s ", label);
        pstr(o, c->p, no);
        printf(" (offset %u)\n", no);
    }
}

static void print_dylib_cmd(const struct obj *o, const struct lcref *c)
{
    uint32_t ts = r32(o, c->p, 12), v = r32(o, c->p, 16), cv = r32(o, c->p, 20);
    print_str_cmd(o, c, "         name", 24);
    time_t t = ts;
    char tb[64];
    if (!ctime_r(&t, tb))
        snprintf(tb, sizeof tb, "\n");
    printf("   time stamp %u %s", ts, tb);
    if (v == 0xffffffff)
        printf("      current version n/a\n");
    else
        printf("      current version %u.%u.%u\n", v >> 16, (v >> 8) & 0xff, v & 0xff);
    if (cv == 0xffffffff)
        printf("compatibility version n/a\n");
    else
        printf("compatibility version %u.%u.%u\n", cv >> 16, (cv >> 8) & 0xff, cv & 0xff);
}

/* ---- thread states (LC_THREAD, LC_UNIXTHREAD) ---- */

static void print_x86_64_regs(const uint64_t *r)
{
    printf("   rax  0x%016llx rbx 0x%016llx rcx  0x%016llx\n", (unsigned long long)r[0], (unsigned long long)r[1], (unsigned long long)r[2]);
    printf("   rdx  0x%016llx rdi 0x%016llx rsi  0x%016llx\n", (unsigned long long)r[3], (unsigned long long)r[4], (unsigned long long)r[5]);
    printf("   rbp  0x%016llx rsp 0x%016llx r8   0x%016llx\n", (unsigned long long)r[6], (unsigned long long)r[7], (unsigned long long)r[8]);
    printf("    r9  0x%016llx r10 0x%016llx r11  0x%016llx\n", (unsigned long long)r[9], (unsigned long long)r[10], (unsigned long long)r[11]);
    printf("   r12  0x%016llx r13 0x%016llx r14  0x%016llx\n", (unsigned long long)r[12], (unsigned long long)r[13], (unsigned long long)r[14]);
    printf("   r15  0x%016llx rip 0x%016llx\n", (unsigned long long)r[15], (unsigned long long)r[16]);
    printf("rflags  0x%016llx cs  0x%016llx fs   0x%016llx\n", (unsigned long long)r[17], (unsigned long long)r[18], (unsigned long long)r[19]);
    printf("    gs  0x%016llx\n", (unsigned long long)r[20]);
}

static void print_x86_32_regs(const uint32_t *r)
{
    printf("\t    eax 0x%08x ebx    0x%08x ecx 0x%08x edx 0x%08x\n", r[0], r[1], r[2], r[3]);
    printf("\t    edi 0x%08x esi    0x%08x ebp 0x%08x esp 0x%08x\n", r[4], r[5], r[6], r[7]);
    printf("\t    ss  0x%08x eflags 0x%08x eip 0x%08x cs  0x%08x\n", r[8], r[9], r[10], r[11]);
    printf("\t    ds  0x%08x es     0x%08x fs  0x%08x gs  0x%08x\n", r[12], r[13], r[14], r[15]);
}

static void print_mmst(const uint8_t *r)
{
    printf("\t      mmst_reg  ");
    for (int f = 0; f < 10; f++)
        printf("%02x ", r[f]);
    printf("\n\t      mmst_rsrv ");
    for (int f = 10; f < 16; f++)
        printf("%02x ", r[f]);
    printf("\n");
}

/* x86_float_state64_t (524 bytes), laid out as <mach/i386/_structs.h> has it. */
static void print_x86_float_state(const uint8_t *s)
{
    int32_t res0, res1;
    uint16_t fcw, fsw, fop, cs, rsrv2, ds, rsrv3;
    uint32_t ip, dp, mxcsr, mxcsrmask, reserved1;
    memcpy(&res0, s, 4); memcpy(&res1, s + 4, 4);
    memcpy(&fcw, s + 8, 2); memcpy(&fsw, s + 10, 2);
    memcpy(&fop, s + 14, 2); memcpy(&ip, s + 16, 4); memcpy(&cs, s + 20, 2); memcpy(&rsrv2, s + 22, 2);
    memcpy(&dp, s + 24, 4); memcpy(&ds, s + 28, 2); memcpy(&rsrv3, s + 30, 2);
    memcpy(&mxcsr, s + 32, 4); memcpy(&mxcsrmask, s + 36, 4); memcpy(&reserved1, s + 520, 4);
#define BIT(v, n) (((v) >> (n)) & 1)
    printf("\t    fpu_reserved[0] %d fpu_reserved[1] %d\n", res0, res1);
    printf("\t    control: invalid %u denorm %u zdiv %u ovrfl %u undfl %u precis %u\n", BIT(fcw, 0), BIT(fcw, 1),
           BIT(fcw, 2), BIT(fcw, 3), BIT(fcw, 4), BIT(fcw, 5));
    unsigned pc = (fcw >> 8) & 3, rc = (fcw >> 10) & 3;
    printf("\t\t     pc ");
    if (pc == 0)
        printf("FP_PREC_24B ");
    else if (pc == 2)
        printf("FP_PREC_53B ");
    else if (pc == 3)
        printf("FP_PREC_64B ");
    else
        printf("%u ", pc);
    static const char *const rcs[4] = { "FP_RND_NEAR ", "FP_RND_DOWN ", "FP_RND_UP ", "FP_CHOP " };
    printf("rc %s\n", rcs[rc]);
    printf("\t    status: invalid %u denorm %u zdiv %u ovrfl %u undfl %u precis %u stkflt %u\n", BIT(fsw, 0),
           BIT(fsw, 1), BIT(fsw, 2), BIT(fsw, 3), BIT(fsw, 4), BIT(fsw, 5), BIT(fsw, 6));
    printf("\t            errsumm %u c0 %u c1 %u c2 %u tos %u c3 %u busy %u\n", BIT(fsw, 7), BIT(fsw, 8), BIT(fsw, 9),
           BIT(fsw, 10), (fsw >> 11) & 7, BIT(fsw, 14), BIT(fsw, 15));
#undef BIT
    printf("\t    fpu_ftw 0x%02x fpu_rsrv1 0x%02x fpu_fop 0x%04x fpu_ip 0x%08x\n", s[12], s[13], fop, ip);
    printf("\t    fpu_cs 0x%04x fpu_rsrv2 0x%04x fpu_dp 0x%08x fpu_ds 0x%04x\n", cs, rsrv2, dp, ds);
    printf("\t    fpu_rsrv3 0x%04x fpu_mxcsr 0x%08x fpu_mxcsrmask 0x%08x\n", rsrv3, mxcsr, mxcsrmask);
    for (int k = 0; k < 8; k++) {
        printf("\t    fpu_stmm%d:\n", k);
        print_mmst(s + 40 + 16 * k);
    }
    for (int k = 0; k < 16; k++) {
        printf("\t    fpu_xmm%d:\n", k);
        printf("\t      xmm_reg ");
        for (int f = 0; f < 16; f++)
            printf("%02x ", s[168 + 16 * k + f]);
        printf("\n");
    }
    printf("\t    fpu_rsrv4:\n");
    for (int f = 0; f < 6; f++) {
        printf("\t            ");
        /* LLVM indexes fpu_rsrv4[f * g] (sic), and the bytes are signed chars. */
        for (int g = 0; g < 16; g++)
            printf("%02x ", (uint32_t)(int32_t)(int8_t)s[424 + f * g]);
        printf("\n");
    }
    printf("\t    fpu_reserved1 0x%08x\n", reserved1);
}

static void print_x86_exception_state(const uint8_t *s)
{
    uint16_t trapno;
    uint32_t err;
    uint64_t fault;
    memcpy(&trapno, s, 2);
    memcpy(&err, s + 4, 4);
    memcpy(&fault, s + 8, 8);
    printf("\t    trapno 0x%08x err 0x%08x faultvaddr 0x%016llx\n", trapno, err, (unsigned long long)fault);
}

static void print_thread(const struct obj *o, const struct lcref *c)
{
    printf("        cmd %s\n", c->cmd == MO_LC_THREAD ? "LC_THREAD" : "LC_UNIXTHREAD");
    printf("    cmdsize %u%s\n", c->cmdsize, incorrect(c->cmdsize < 16));
    int32_t cpu = o->h.cputype;
    uint64_t begin = 8, end = c->cmdsize;
    while (begin < end) {
        uint32_t flavor = 0, count = 0;
        /* As LLVM: a word is read only when more than 4 bytes are left. */
        if (end - begin > 4) {
            flavor = r32(o, c->p, (uint32_t)begin);
            begin += 4;
        } else {
            begin = end;
        }
        if (end - begin > 4) {
            count = r32(o, c->p, (uint32_t)begin);
            begin += 4;
        } else {
            begin = end;
        }
        uint64_t left = end - begin;
        /* Reads `n` bytes of state (zero-filled when fewer are left) and advances. */
#define TAKE(buf, n)                                                        \
    do {                                                                    \
        uint64_t take_ = left >= (n) ? (n) : left;                          \
        memset((buf), 0, (n));                                              \
        rbytes(o, c->p, begin, (buf), take_);                               \
        begin += take_;                                                     \
    } while (0)
        if (cpu == MO_CPU_TYPE_X86_64 && flavor == 4) {
            printf("     flavor x86_THREAD_STATE64\n");
            if (count == 42)
                printf("      count x86_THREAD_STATE64_COUNT\n");
            else
                printf("      count %u (not x86_THREAD_STATE64_COUNT)\n", count);
            uint64_t r[21];
            TAKE(r, sizeof r);
            print_x86_64_regs(r);
        } else if ((cpu == MO_CPU_TYPE_X86_64 || cpu == MO_CPU_TYPE_X86) && flavor == 7) {
            printf("     flavor x86_THREAD_STATE\n");
            if (count == 44)
                printf("      count x86_THREAD_STATE_COUNT\n");
            else
                printf("      count %u (not x86_THREAD_STATE_COUNT)\n", count);
            uint8_t ts[176];
            TAKE(ts, sizeof ts);
            uint32_t tf, tc;
            memcpy(&tf, ts, 4);
            memcpy(&tc, ts + 4, 4);
            uint32_t want = cpu == MO_CPU_TYPE_X86_64 ? 4 : 1, wantc = cpu == MO_CPU_TYPE_X86_64 ? 42 : 16;
            const char *fn = cpu == MO_CPU_TYPE_X86_64 ? "x86_THREAD_STATE64" : "x86_THREAD_STATE32";
            if (tf == want) {
                printf("\t    tsh.flavor %s ", fn);
                if (tc == wantc)
                    printf("tsh.count %s_COUNT\n", fn);
                else
                    printf("tsh.count %u (not %s_COUNT\n", tc, fn);
                if (cpu == MO_CPU_TYPE_X86_64) {
                    uint64_t r[21];
                    memcpy(r, ts + 8, sizeof r);
                    print_x86_64_regs(r);
                } else {
                    uint32_t r[16];
                    memcpy(r, ts + 8, sizeof r);
                    print_x86_32_regs(r);
                }
            } else {
                printf("\t    tsh.flavor %u  tsh.count %u\n", tf, tc);
            }
        } else if (cpu == MO_CPU_TYPE_X86_64 && flavor == 8) {
            printf("     flavor x86_FLOAT_STATE\n");
            if (count == 133)
                printf("      count x86_FLOAT_STATE_COUNT\n");
            else
                printf("      count %u (not x86_FLOAT_STATE_COUNT)\n", count);
            uint8_t fs[532];
            TAKE(fs, sizeof fs);
            uint32_t ff, fc;
            memcpy(&ff, fs, 4);
            memcpy(&fc, fs + 4, 4);
            if (ff == 5) {
                printf("\t    fsh.flavor x86_FLOAT_STATE64 ");
                if (fc == 131)
                    printf("fsh.count x86_FLOAT_STATE64_COUNT\n");
                else
                    printf("fsh.count %u (not x86_FLOAT_STATE64_COUNT\n", fc);
                print_x86_float_state(fs + 8);
            } else {
                printf("\t    fsh.flavor %u  fsh.count %u\n", ff, fc);
            }
        } else if (cpu == MO_CPU_TYPE_X86_64 && flavor == 9) {
            printf("     flavor x86_EXCEPTION_STATE\n");
            if (count == 6)
                printf("      count x86_EXCEPTION_STATE_COUNT\n");
            else
                printf("      count %u (not x86_EXCEPTION_STATE_COUNT)\n", count);
            uint8_t es[24];
            TAKE(es, sizeof es);
            uint32_t ef, ec;
            memcpy(&ef, es, 4);
            memcpy(&ec, es + 4, 4);
            if (ef == 6) {
                printf("\t    esh.flavor x86_EXCEPTION_STATE64\n");
                if (ec == 4)
                    printf("\t    esh.count x86_EXCEPTION_STATE64_COUNT\n");
                else
                    printf("\t    esh.count %u (not x86_EXCEPTION_STATE64_COUNT\n", ec);
                print_x86_exception_state(es + 8);
            } else {
                printf("\t    esh.flavor %u  esh.count %u\n", ef, ec);
            }
        } else if (cpu == MO_CPU_TYPE_X86_64 && flavor == 6) {
            printf("     flavor x86_EXCEPTION_STATE64\n");
            if (count == 4)
                printf("      count x86_EXCEPTION_STATE64_COUNT\n");
            else
                printf("      count %u (not x86_EXCEPTION_STATE64_COUNT)\n", count);
            uint8_t es[16];
            TAKE(es, sizeof es);
            print_x86_exception_state(es);
        } else if (cpu == MO_CPU_TYPE_X86 && flavor == 1) {
            printf("     flavor i386_THREAD_STATE\n");
            if (count == 16)
                printf("      count i386_THREAD_STATE_COUNT\n");
            else
                printf("      count %u (not x86_THREAD_STATE32_COUNT)\n", count);
            uint32_t r[16];
            TAKE(r, sizeof r);
            print_x86_32_regs(r);
        } else if (cpu == MO_CPU_TYPE_ARM && flavor == 1) {
            printf("     flavor ARM_THREAD_STATE\n");
            if (count == 17)
                printf("      count ARM_THREAD_STATE_COUNT\n");
            else
                printf("      count %u (not ARM_THREAD_STATE_COUNT)\n", count);
            uint32_t r[17];
            TAKE(r, sizeof r);
            printf("\t    r0  0x%08x r1     0x%08x r2  0x%08x r3  0x%08x\n", r[0], r[1], r[2], r[3]);
            printf("\t    r4  0x%08x r5     0x%08x r6  0x%08x r7  0x%08x\n", r[4], r[5], r[6], r[7]);
            printf("\t    r8  0x%08x r9     0x%08x r10 0x%08x r11 0x%08x\n", r[8], r[9], r[10], r[11]);
            printf("\t    r12 0x%08x sp     0x%08x lr  0x%08x pc  0x%08x\n", r[12], r[13], r[14], r[15]);
            printf("\t   cpsr 0x%08x\n", r[16]);
        } else if ((cpu == MO_CPU_TYPE_ARM64 || cpu == 0x0200000c) && flavor == 6) {
            printf("     flavor ARM_THREAD_STATE64\n");
            if (count == 68)
                printf("      count ARM_THREAD_STATE64_COUNT\n");
            else
                printf("      count %u (not ARM_THREAD_STATE64_COUNT)\n", count);
            uint64_t x[34];
            TAKE(x, sizeof x);
            for (int k = 0; k < 27; k += 3)
                printf("\t    x%-2d 0x%016llx x%-2d 0x%016llx x%-2d 0x%016llx\n", k, (unsigned long long)x[k], k + 1,
                       (unsigned long long)x[k + 1], k + 2, (unsigned long long)x[k + 2]);
            printf("\t    x27 0x%016llx x28 0x%016llx  fp 0x%016llx\n", (unsigned long long)x[27],
                   (unsigned long long)x[28], (unsigned long long)x[29]);
            printf("\t     lr 0x%016llx sp  0x%016llx  pc 0x%016llx\n", (unsigned long long)x[30],
                   (unsigned long long)x[31], (unsigned long long)x[32]);
            printf("\t   cpsr 0x%08x\n", (uint32_t)x[33]);
        } else {
            bool known = cpu == MO_CPU_TYPE_X86_64 || cpu == MO_CPU_TYPE_X86 || cpu == MO_CPU_TYPE_ARM ||
                         cpu == MO_CPU_TYPE_ARM64 || cpu == 0x0200000c;
            printf("     flavor %u%s\n", flavor, known ? " (unknown)" : "");
            printf("      count %u\n", count);
            printf("      state %s\n", known ? "(unknown)" : "(Unknown cputype/cpusubtype)");
            begin += (uint64_t)count * 4;
        }
#undef TAKE
    }
}

static int print_command(const struct obj *o, uint32_t index, const struct lcref *c, void *ctx)
{
    (void)ctx;
    const uint8_t *p = c->p;
    uint32_t size = c->cmdsize, os = o->object_size;
    printf("Load command %u\n", index);
    char a[32], b[32];
    switch (c->cmd) {
    case MO_LC_SEGMENT_64:
    case MO_LC_SEGMENT:
        print_segment(o, c);
        break;
    case MO_LC_SYMTAB: {
        uint32_t symoff = r32(o, p, 8), nsyms = r32(o, p, 12), stroff = r32(o, p, 16), strsize = r32(o, p, 20);
        printf("     cmd LC_SYMTAB\n");
        printf(" cmdsize %u%s\n", size, incorrect(size != 24));
        printf("  symoff %u%s\n", symoff, past_end(symoff, os));
        printf("   nsyms %u%s\n", nsyms, past_end(symoff + (uint64_t)nsyms * (o->h.is64 ? 16 : 12), os));
        printf("  stroff %u%s\n", stroff, past_end(stroff, os));
        printf(" strsize %u%s\n", strsize, past_end((uint64_t)stroff + strsize, os));
        break;
    }
    case MO_LC_DYSYMTAB: {
        /* nsyms comes from the LC_SYMTAB (mo_commands_check requires one). */
        uint32_t nsyms = 0;
        uint64_t off = o->h.header_size;
        for (uint32_t i = 0; i < o->h.ncmds && i <= o->ident; i++) {
            if (r32(o, o->buf + off, 0) == 0x2) {
                nsyms = r32(o, o->buf + off, 12);
                break;
            }
            off += r32(o, o->buf + off, 4);
        }
        uint32_t v[18];
        for (int i = 0; i < 18; i++)
            v[i] = r32(o, p, 8 + 4 * i);
        printf("            cmd LC_DYSYMTAB\n");
        printf("        cmdsize %u%s\n", size, incorrect(size != 80));
        static const char *const names[3][2] = { { "ilocalsym", "nlocalsym" }, { "iextdefsym", "nextdefsym" },
                                                 { "iundefsym", "nundefsym" } };
        for (int k = 0; k < 3; k++) {
            printf("%15s %u%s\n", names[k][0], v[2 * k], v[2 * k] > nsyms ? " (greater than the number of symbols)" : "");
            printf("%15s %u%s\n", names[k][1], v[2 * k + 1],
                   (uint64_t)v[2 * k] + v[2 * k + 1] > nsyms ? " (past the end of the symbol table)" : "");
        }
        static const char *const tabs[6][2] = { { "tocoff", "ntoc" }, { "modtaboff", "nmodtab" },
                                                { "extrefsymoff", "nextrefsyms" }, { "indirectsymoff", "nindirectsyms" },
                                                { "extreloff", "nextrel" }, { "locreloff", "nlocrel" } };
        const uint32_t elem[6] = { 8, o->h.is64 ? 56u : 52u, 4, 4, 8, 8 };
        for (int k = 0; k < 6; k++) {
            uint32_t toff = v[6 + 2 * k], n = v[7 + 2 * k];
            printf("%15s %u%s\n", tabs[k][0], toff, past_end(toff, os));
            printf("%15s %u%s\n", tabs[k][1], n, past_end((uint64_t)n * elem[k] + toff, os));
        }
        break;
    }
    case MO_LC_DYLD_INFO:
    case MO_LC_DYLD_INFO_ONLY: {
        static const char *const f[] = { "rebase_off", "rebase_size", "bind_off", "bind_size", "weak_bind_off",
                                         "weak_bind_size", "lazy_bind_off", "lazy_bind_size", "export_off",
                                         "export_size" };
        printf("            cmd %s\n", c->cmd == MO_LC_DYLD_INFO ? "LC_DYLD_INFO" : "LC_DYLD_INFO_ONLY");
        printf("        cmdsize %u%s\n", size, incorrect(size != 48));
        for (int i = 0; i < 10; i += 2) {
            uint32_t off = r32(o, p, 8 + 4 * i), sz = r32(o, p, 12 + 4 * i);
            printf("%15s %u%s\n", f[i], off, past_end(off, os));
            printf("%15s %u%s\n", f[i + 1], sz, past_end((uint64_t)off + sz, os));
        }
        break;
    }
    case MO_LC_LOAD_DYLIB: case MO_LC_ID_DYLIB: case MO_LC_LOAD_WEAK_DYLIB: case MO_LC_REEXPORT_DYLIB: case MO_LC_LOAD_UPWARD_DYLIB: case MO_LC_LAZY_LOAD_DYLIB:
        print_dylib_cmd(o, c);
        break;
    case MO_LC_LOAD_DYLINKER: case MO_LC_ID_DYLINKER: case MO_LC_DYLD_ENVIRONMENT:
        print_str_cmd(o, c, "         name", 12);
        break;
    case MO_LC_RPATH:
        print_str_cmd(o, c, "         path", 12);
        break;
    case MO_LC_SUB_FRAMEWORK: print_str_cmd(o, c, "     umbrella", 12); break;
    case MO_LC_SUB_UMBRELLA: print_str_cmd(o, c, " sub_umbrella", 12); break;
    case MO_LC_SUB_CLIENT: print_str_cmd(o, c, "       client", 12); break;
    case MO_LC_SUB_LIBRARY: print_str_cmd(o, c, "  sub_library", 12); break;
    case MO_LC_MAIN:
        printf("       cmd LC_MAIN\n");
        printf("   cmdsize %u%s\n", size, incorrect(size != 24));
        printf("  entryoff %llu\n", (unsigned long long)r64(o, p, 8));
        printf(" stacksize %llu\n", (unsigned long long)r64(o, p, 16));
        break;
    case MO_LC_UNIXTHREAD:
    case MO_LC_THREAD:
        print_thread(o, c);
        break;
    case MO_LC_UUID: {
        uint8_t u[16];
        rbytes(o, p, 8, u, 16);
        printf("     cmd LC_UUID\n");
        printf(" cmdsize %u%s\n", size, incorrect(size != 24));
        printf("    uuid %02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X\n", u[0], u[1], u[2],
               u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
        break;
    }
    case MO_LC_SOURCE_VERSION: {
        uint64_t v = r64(o, p, 8);
        unsigned A = (unsigned)(v >> 40) & 0xffffff, B = (v >> 30) & 0x3ff, C = (v >> 20) & 0x3ff,
                 D = (v >> 10) & 0x3ff, E = v & 0x3ff;
        printf("      cmd LC_SOURCE_VERSION\n");
        printf("  cmdsize %u%s\n", size, incorrect(size != 16));
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
    case MO_LC_BUILD_VERSION: {
        uint32_t ntools = r32(o, p, 20), sdk = r32(o, p, 16);
        version2(sdk, a, sizeof a);
        version2(r32(o, p, 12), b, sizeof b);
        printf("       cmd LC_BUILD_VERSION\n");
        printf("   cmdsize %u%s\n", size, incorrect(size != 24 + (uint64_t)ntools * 8));
        printf("  platform %u\n", r32(o, p, 8));
        printf("       sdk %s\n", sdk ? a : "n/a");
        printf("     minos %s\n", b);
        printf("    ntools %u\n", ntools);
        /* LLVM keeps one table of tool pointers, refilled by each LC_BUILD_VERSION (resized
         * to its ntools; entries past that keep what an earlier, longer command put there),
         * and prints tool i of every command from it: from the last command with more than
         * i tools. */
        for (uint32_t i = 0; i < ntools; i++) {
            const uint8_t *src = NULL;
            uint64_t off = o->h.header_size;
            for (uint32_t k = 0; k < o->h.ncmds && k <= o->ident; k++) {
                const uint8_t *q = o->buf + off;
                if (r32(o, q, 0) == 0x32 && r32(o, q, 20) > i)
                    src = q + 24 + 8 * i;
                if (k == o->ident)
                    break;
                off += r32(o, q, 4);
            }
            uint32_t tool = src ? r32(o, src, 0) : 0, ver = src ? r32(o, src, 4) : 0;
            char tv[32];
            version2(ver, tv, sizeof tv);
            printf("      tool %u\n", tool);
            printf("   version %s\n", tv);
        }
        break;
    }
    case MO_LC_VERSION_MIN_MACOSX: case MO_LC_VERSION_MIN_IPHONEOS: case MO_LC_VERSION_MIN_TVOS: case MO_LC_VERSION_MIN_WATCHOS: {
        uint32_t v = r32(o, p, 8), sdk = r32(o, p, 12);
        printf("      cmd %s\n", mo_load_command_name(c->cmd));
        printf("  cmdsize %u%s\n", size, incorrect(size != 16));
        version2(v, a, sizeof a);
        printf("  version %s\n", a);
        if (sdk == 0)
            snprintf(b, sizeof b, "n/a");
        else
            version2(sdk, b, sizeof b);
        printf("      sdk %s\n", b);
        break;
    }
    case MO_LC_NOTE: {
        char owner[16];
        rbytes(o, p, 8, owner, 16);
        printf("       cmd LC_NOTE\n");
        printf("   cmdsize %u%s\n", size, incorrect(size != 40));
        printf("data_owner %.16s\n", owner);
        printf("    offset %llu\n", (unsigned long long)r64(o, p, 24));
        printf("      size %llu\n", (unsigned long long)r64(o, p, 32));
        break;
    }
    case MO_LC_CODE_SIGNATURE: case MO_LC_FUNCTION_STARTS: case MO_LC_DATA_IN_CODE: case MO_LC_SEGMENT_SPLIT_INFO: case MO_LC_DYLIB_CODE_SIGN_DRS: case MO_LC_LINKER_OPTIMIZATION_HINT: case MO_LC_ATOM_INFO: case MO_LC_DYLD_EXPORTS_TRIE: case MO_LC_DYLD_CHAINED_FIXUPS:
        print_linkedit(o, c);
        break;
    case MO_LC_ENCRYPTION_INFO:
    case MO_LC_ENCRYPTION_INFO_64: {
        bool e64 = c->cmd == MO_LC_ENCRYPTION_INFO_64;
        uint32_t off = r32(o, p, 8), sz = r32(o, p, 12);
        printf("          cmd %s\n", e64 ? "LC_ENCRYPTION_INFO_64" : "LC_ENCRYPTION_INFO");
        printf("      cmdsize %u%s\n", size, incorrect(size != (e64 ? 24u : 20u)));
        printf("     cryptoff %u%s\n", off, past_end(off, os));
        printf("    cryptsize %u%s\n", sz, past_end(sz, os));
        printf("      cryptid %u\n", r32(o, p, 16));
        if (e64)
            printf("          pad %u\n", r32(o, p, 20));
        break;
    }
    case MO_LC_LINKER_OPTION: {
        uint32_t count = r32(o, p, 8), n = 0;
        printf("     cmd LC_LINKER_OPTION\n");
        printf(" cmdsize %u%s\n", size, incorrect(size < 12));
        printf("   count %u\n", count);
        uint32_t at = 12;
        while (at < size) {
            if (p[at] == 0) {
                at++;
                continue;
            }
            size_t len = strnlen((const char *)p + at, size - at);
            printf("  string #%u %.*s\n", ++n, (int)len, (const char *)p + at);
            at += (uint32_t)len + 1;
        }
        if (count != n)
            printf("   count %u does not match number of strings %u\n", count, n);
        break;
    }
    case MO_LC_ROUTINES:
        printf("          cmd LC_ROUTINES\n");
        printf("      cmdsize %u%s\n", size, incorrect(size != 40));
        printf(" init_address 0x%08x\n", r32(o, p, 8));
        printf("  init_module %u\n", r32(o, p, 12));
        for (int k = 0; k < 6; k++)
            printf("    reserved%d %u\n", k + 1, r32(o, p, 16 + 4 * k));
        break;
    case MO_LC_ROUTINES_64:
        printf("          cmd LC_ROUTINES_64\n");
        printf("      cmdsize %u%s\n", size, incorrect(size != 72));
        printf(" init_address 0x%016llx\n", (unsigned long long)r64(o, p, 8));
        printf("  init_module %llu\n", (unsigned long long)r64(o, p, 16));
        for (int k = 0; k < 6; k++)
            printf("    reserved%d %llu\n", k + 1, (unsigned long long)r64(o, p, 24 + 8 * k));
        break;
    default:
        printf("      cmd ?(0x%08x)\n", c->cmd);
        printf("  cmdsize %u\n", size);
        break;
    }
    return 0;
}

static void print_fat(const struct mo_fat *fat)
{
    printf("Fat headers\n");
    printf("fat_magic 0x%08x\n", MO_FAT_MAGIC); /* sic: llvm-otool prints FAT_MAGIC for FAT_MAGIC_64 too */
    printf("nfat_arch %u\n", fat->nfat_arch);
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

/* LLVM's name for an architecture (MachOObjectFile::getArchTriple's ArchFlag), or "". */
static const char *arch_flag(int32_t cputype, int32_t cpusubtype)
{
    static const struct { int32_t cpu, sub; const char *name; } t[] = {
        { 7, 3, "i386" }, { 0x01000007, 3, "x86_64" }, { 0x01000007, 8, "x86_64h" },
        { 12, 5, "armv4t" }, { 12, 7, "armv5e" }, { 12, 8, "xscale" }, { 12, 6, "armv6" }, { 12, 14, "armv6m" },
        { 12, 9, "armv7" }, { 12, 16, "armv7em" }, { 12, 12, "armv7k" }, { 12, 15, "armv7m" }, { 12, 11, "armv7s" },
        { 0x0100000c, 0, "arm64" }, { 0x0100000c, 2, "arm64e" }, { 0x0200000c, 1, "arm64_32" },
        { 18, 0, "ppc" }, { 0x01000012, 0, "ppc64" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (t[i].cpu == cputype && t[i].sub == (cpusubtype & 0xffffff))
            return t[i].name;
    return "";
}

/* One Mach-O (a thin file, or a slice `index` of a universal one whose header said
 * `fat_cputype`): checked, then printed as the flags ask, under "PATH:" or
 * "PATH (architecture LABEL):". */
static int do_slice(const char *path, const char *label, const uint8_t *slice, size_t slice_size, int32_t fat_cputype,
                    int index, const struct opts *o)
{
    struct mo_error err = { 0 };
    /* The slice is read and checked whatever the flags (-f alone too), as llvm-otool does. */
    struct obj ob = { .buf = slice, .size = slice_size, .object_size = (uint32_t)slice_size };
    if (mo_header_parse(slice, slice_size, &ob.h, &err) < 0 ||
        mo_commands_check(slice, slice_size, &ob.h, &ob.ident, &err) < 0) {
        if (label && *label)
            fprintf(stderr, "machrun: %s (architecture %s): %s\n", path, label, err.msg);
        else
            fprintf(stderr, "machrun: %s: %s\n", path, err.msg);
        return 1;
    }
    if (index >= 0 && ob.h.cputype != fat_cputype) {
        fprintf(stderr, "machrun: %s: universal header architecture %d: cputype does not match the Mach-O header\n",
                path, index);
        return 1;
    }
    /* llvm-otool's order: the name (for -L and -l), -L's list, -l's header and commands,
     * then -h's header. */
    if (o->L || o->l) {
        if (label && *label)
            printf("%s (architecture %s):\n", path, label);
        else
            printf("%s:\n", path);
    }
    if (o->L)
        for_each_command(&ob, print_dylib_line, NULL);
    if (o->l) {
        print_header(&ob.h);
        for_each_command(&ob, print_command, NULL);
    }
    if (o->h)
        print_header(&ob.h);
    return 0;
}

static int do_file(const char *path, const struct opts *o)
{
    const char *why;
    int fd = mr_open_input(path, &why);
    if (fd < 0) {
        fprintf(stderr, "machrun: %s: %s\n", path, why ? why : strerror(errno));
        return 1;
    }
    struct stat st;
    if (fstat(fd, &st) < 0) {
        fprintf(stderr, "machrun: %s: %s\n", path, strerror(errno));
        close(fd);
        return 1;
    }
    size_t size = (size_t)st.st_size;
    uint8_t *map = size ? mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
    close(fd);
    if (map == MAP_FAILED) {
        fprintf(stderr, "machrun: %s: %s\n", path, strerror(errno));
        return 1;
    }
    /* What llvm-otool says, on stdout and with status 0, of a file that is no kind of object
     * file it knows: not a Mach-O or universal magic (nor ELF or an archive, which get an
     * error below), or a Mach-O magic with no room for the header. */
    /* (read big-endian: a little-endian Mach-O's magic reads as its CIGAM) */
    uint32_t magic = size >= 4 ? (uint32_t)map[0] << 24 | (uint32_t)map[1] << 16 | (uint32_t)map[2] << 8 | map[3] : 0;
    bool le = magic == MO_MH_CIGAM_64 || magic == MO_MH_CIGAM;
    bool macho = le || magic == MO_MH_MAGIC_64 || magic == MO_MH_MAGIC;
    bool known = macho || magic == MO_FAT_MAGIC || magic == MO_FAT_MAGIC_64 || magic == 0x7f454c46 /* ELF */ ||
                 (size >= 8 && !memcmp(map, "!<arch>\n", 8));
    /* LLVM's identify_magic takes a Mach-O's file type from the header bytes folded into 16
     * bits (the high bytes shifted out, as it computes them) and knows types 1 to 12 only. */
    uint16_t ftype = 0;
    if (macho && size >= 16)
        ftype = le ? (uint16_t)(map[12] | map[13] << 8 | map[14] << 12)
                   : (uint16_t)(map[13] << 12 | map[14] << 8 | map[15]);
    if (!known || (macho && (size < (magic == MO_MH_CIGAM_64 || magic == MO_MH_MAGIC_64 ? 32u : 28u) || ftype < 1 ||
                             ftype > 12))) {
        printf("%s: is not an object file\n", path);
        if (map)
            munmap(map, size);
        return 0;
    }
    int rc = 0;
    struct mo_error err = { 0 };
    if (!mo_is_fat(map, size)) {
        rc = do_slice(path, NULL, map, size, 0, -1, o);
    } else {
        struct mo_fat fat;
        if (mo_fat_parse(map, size, &fat, &err) < 0) {
            fprintf(stderr, "machrun: %s: %s\n", path, err.msg);
            munmap(map, size);
            return 1;
        }
        if (o->f)
            print_fat(&fat);
        /* As llvm-otool (whatever -arch says): the slice of the host architecture, x86_64,
         * alone if there is one; else every slice, named when there are several. */
        int host = -1;
        for (uint32_t i = 0; i < fat.nfat_arch && host < 0; i++)
            if (!strcmp(arch_flag(fat.archs[i].cputype, fat.archs[i].cpusubtype), "x86_64"))
                host = (int)i;
        for (uint32_t i = host >= 0 ? (uint32_t)host : 0; i < fat.nfat_arch && !rc; i++) {
            const struct mo_fat_arch *a = &fat.archs[i];
            const char *label = host < 0 && fat.nfat_arch > 1 ? arch_flag(a->cputype, a->cpusubtype) : NULL;
            rc = do_slice(path, label, map + a->offset, a->size, a->cputype, (int)i, o);
            if (host >= 0)
                break;
        }
        mo_fat_free(&fat);
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
    /* As llvm-otool: the first file that cannot be read or is malformed ends the run. */
    int rc = 0;
    for (; i < argc && !rc; i++)
        rc = do_file(argv[i], &o);
    fflush(stdout);
    return rc;
}
