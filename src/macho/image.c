/*
 * image.c — parse_machfile for a thin 64-bit Mach-O: the mach_header_64 and every load
 * command, validated before use (sizes, strings, ranges inside the file and the segment,
 * overlapping segments) into struct mo_image; load command iteration and lookups.
 */
#include <stdlib.h>

#include "machrun/macho_abi.h"
#include "macho_private.h"

enum {
    LC_SEGMENT = 0x1, LC_SYMTAB = 0x2, LC_THREAD = 0x4, LC_UNIXTHREAD = 0x5, LC_DYSYMTAB = 0xb,
    LC_LOAD_DYLIB = 0xc, LC_ID_DYLIB = 0xd, LC_LOAD_DYLINKER = 0xe, LC_ID_DYLINKER = 0xf,
    LC_SEGMENT_64 = 0x19, LC_UUID = 0x1b, LC_CODE_SIGNATURE = 0x1d, LC_LAZY_LOAD_DYLIB = 0x20,
    LC_DYLD_INFO = 0x22, LC_FUNCTION_STARTS = 0x26, LC_DATA_IN_CODE = 0x29,
    LC_LOAD_WEAK_DYLIB = 0x18 | MO_LC_REQ_DYLD, LC_RPATH = 0x1c | MO_LC_REQ_DYLD,
    LC_REEXPORT_DYLIB = 0x1f | MO_LC_REQ_DYLD, LC_DYLD_INFO_ONLY = 0x22 | MO_LC_REQ_DYLD,
    LC_LOAD_UPWARD_DYLIB = 0x23 | MO_LC_REQ_DYLD, LC_MAIN = 0x28 | MO_LC_REQ_DYLD,
    LC_DYLD_EXPORTS_TRIE = 0x33 | MO_LC_REQ_DYLD, LC_DYLD_CHAINED_FIXUPS = 0x34 | MO_LC_REQ_DYLD,
};


static void copy_name16(char *dst, const uint8_t *src)
{
    memcpy(dst, src, 16);
    dst[16] = 0;
}

struct parse {
    struct mo_image *img;
    struct mo_error *err;
    uint32_t cap_seg, cap_sect, cap_dylib, cap_rpath;
};

static int cmd_fail(struct parse *p, int code, uint32_t idx, uint32_t cmd, const char *fmt, const char *detail)
{
    const char *n = mo_load_command_name(cmd);
    char name[32];
    if (!n) {
        snprintf(name, sizeof name, "cmd 0x%x", cmd);
        n = name;
    }
    char what[160];
    snprintf(what, sizeof what, fmt, detail ? detail : "");
    return mo_fail(p->err, code, (int)idx, "load command %u (%s): %s", idx, n, what);
}

/* An lc_str at `off` inside a command of `size` bytes: must point inside and be terminated. */
static const char *lc_str(const uint8_t *cmd, uint32_t size, uint32_t off)
{
    if (off < 8 || off >= size)
        return NULL;
    if (!memchr(cmd + off, 0, size - off))
        return NULL;
    return (const char *)cmd + off;
}

static void *grow(void *arr, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap)
        return arr;
    uint32_t ncap = *cap ? *cap * 2 : 8;
    while (ncap < need)
        ncap *= 2;
    void *n = realloc(arr, (size_t)ncap * elem);
    if (n)
        *cap = ncap;
    return n;
}

static int linkedit(struct parse *p, uint32_t idx, uint32_t cmd, const uint8_t *c, uint32_t size,
                    struct mo_linkedit_data *out)
{
    if (size < 16)
        return cmd_fail(p, MO_EBADCMD, idx, cmd, "cmdsize too small%s", NULL);
    out->dataoff = rd32le(c + 8);
    out->datasize = rd32le(c + 12);
    out->present = true;
    if (!in_range(out->dataoff, out->datasize, p->img->size))
        return cmd_fail(p, MO_ERANGE, idx, cmd, "data (dataoff+datasize) extends past the end of the file%s", NULL);
    return 0;
}

static int parse_segment(struct parse *p, uint32_t idx, const uint8_t *c, uint32_t size)
{
    struct mo_image *img = p->img;
    if (size < 72)
        return cmd_fail(p, MO_EBADCMD, idx, LC_SEGMENT_64, "cmdsize too small for a segment%s", NULL);
    uint32_t nsects = rd32le(c + 64);
    if ((uint64_t)nsects * 80 > (uint64_t)size - 72)
        return cmd_fail(p, MO_EBADCMD, idx, LC_SEGMENT_64, "nsects does not fit in cmdsize%s", NULL);
    struct mo_segment *segs = grow(img->segments, &p->cap_seg, img->nsegments + 1, sizeof *segs);
    if (!segs)
        return mo_fail(p->err, MO_ENOMEM, (int)idx, "out of memory");
    img->segments = segs;
    struct mo_segment *s = &segs[img->nsegments];
    memset(s, 0, sizeof *s);
    copy_name16(s->segname, c + 8);
    s->vmaddr = rd64le(c + 24);
    s->vmsize = rd64le(c + 32);
    s->fileoff = rd64le(c + 40);
    s->filesize = rd64le(c + 48);
    s->maxprot = rd32le(c + 56);
    s->initprot = rd32le(c + 60);
    s->nsects = nsects;
    s->flags = rd32le(c + 68);
    s->cmd_index = idx;
    s->first_section = img->nsections;
    if (!in_range(s->fileoff, s->filesize, img->size))
        return cmd_fail(p, MO_ERANGE, idx, LC_SEGMENT_64, "segment %s: fileoff+filesize extends past the end of the file",
                        s->segname);
    if (s->vmaddr + s->vmsize < s->vmaddr)
        return cmd_fail(p, MO_ERANGE, idx, LC_SEGMENT_64, "segment %s: vmaddr+vmsize overflows", s->segname);
    if (s->filesize > s->vmsize && s->vmsize != 0)
        return cmd_fail(p, MO_ERANGE, idx, LC_SEGMENT_64, "segment %s: filesize larger than vmsize", s->segname);
    /* As dyld's segment validation: protections are VM_PROT_READ|WRITE|EXECUTE only. */
    if ((s->initprot | s->maxprot) & ~(uint32_t)(MO_VM_PROT_READ | MO_VM_PROT_WRITE | MO_VM_PROT_EXECUTE))
        return cmd_fail(p, MO_EBADCMD, idx, LC_SEGMENT_64, "segment %s: protection has unknown bits set", s->segname);
    struct mo_section *sects = grow(img->sections, &p->cap_sect, img->nsections + nsects, sizeof *sects);
    if (!sects && nsects)
        return mo_fail(p->err, MO_ENOMEM, (int)idx, "out of memory");
    if (sects)
        img->sections = sects;
    for (uint32_t i = 0; i < nsects; i++) {
        const uint8_t *q = c + 72 + (size_t)i * 80;
        struct mo_section *x = &img->sections[img->nsections + i];
        memset(x, 0, sizeof *x);
        copy_name16(x->sectname, q);
        copy_name16(x->segname, q + 16);
        x->addr = rd64le(q + 32);
        x->size = rd64le(q + 40);
        x->offset = rd32le(q + 48);
        x->align = rd32le(q + 52);
        x->reloff = rd32le(q + 56);
        x->nreloc = rd32le(q + 60);
        x->flags = rd32le(q + 64);
        x->reserved1 = rd32le(q + 68);
        x->reserved2 = rd32le(q + 72);
        x->reserved3 = rd32le(q + 76);
        x->segment_index = img->nsegments;
        char what[96];
        /* A segment with no memory (vmsize 0, as Go's __DWARF) holds file-only sections. */
        if (s->vmsize != 0 &&
            (x->addr < s->vmaddr || x->addr + x->size < x->addr || x->addr + x->size > s->vmaddr + s->vmsize)) {
            snprintf(what, sizeof what, "section %.16s extends past its segment %.16s", x->sectname, s->segname);
            return cmd_fail(p, MO_ERANGE, idx, LC_SEGMENT_64, "%s", what);
        }
        uint32_t type = x->flags & 0xff;
        bool zerofill = type == MO_S_ZEROFILL || type == MO_S_GB_ZEROFILL || type == MO_S_THREAD_LOCAL_ZEROFILL;
        if (!zerofill && x->size && x->offset && !in_range(x->offset, x->size, img->size)) {
            snprintf(what, sizeof what, "section %.16s: offset+size extends past the end of the file", x->sectname);
            return cmd_fail(p, MO_ERANGE, idx, LC_SEGMENT_64, "%s", what);
        }
        if (x->nreloc && !in_range(x->reloff, (uint64_t)x->nreloc * 8, img->size)) {
            snprintf(what, sizeof what, "section %.16s: relocation entries extend past the end of the file",
                     x->sectname);
            return cmd_fail(p, MO_ERANGE, idx, LC_SEGMENT_64, "%s", what);
        }
    }
    img->nsections += nsects;
    img->nsegments++;
    return 0;
}

static int parse_dylib(struct parse *p, uint32_t idx, uint32_t cmd, const uint8_t *c, uint32_t size)
{
    struct mo_image *img = p->img;
    if (size < 24)
        return cmd_fail(p, MO_EBADCMD, idx, cmd, "cmdsize too small%s", NULL);
    const char *name = lc_str(c, size, rd32le(c + 8));
    if (!name)
        return cmd_fail(p, MO_EBADCMD, idx, cmd, "name offset outside the command or not NUL-terminated%s", NULL);
    if (cmd == LC_ID_DYLIB) {
        img->install_name = name;
        img->id_current_version = rd32le(c + 16);
        img->id_compatibility_version = rd32le(c + 20);
        return 0;
    }
    struct mo_dylib *d = grow(img->dylibs, &p->cap_dylib, img->ndylibs + 1, sizeof *d);
    if (!d)
        return mo_fail(p->err, MO_ENOMEM, (int)idx, "out of memory");
    img->dylibs = d;
    d[img->ndylibs].cmd = cmd;
    d[img->ndylibs].name = name;
    d[img->ndylibs].timestamp = rd32le(c + 12);
    d[img->ndylibs].current_version = rd32le(c + 16);
    d[img->ndylibs].compatibility_version = rd32le(c + 20);
    img->ndylibs++;
    return 0;
}

static int parse_thread(struct parse *p, uint32_t idx, uint32_t cmd, const uint8_t *c, uint32_t size)
{
    struct mo_image *img = p->img;
    uint32_t off = 8;
    while (off + 8 <= size) {
        uint32_t flavor = rd32le(c + off), count = rd32le(c + off + 4);
        off += 8;
        if ((uint64_t)count * 4 > size - off)
            return cmd_fail(p, MO_EBADCMD, idx, cmd, "thread state count runs past the command%s", NULL);
        if (flavor == 4 /* x86_THREAD_STATE64 */ && count == 42 && img->cputype == MO_CPU_TYPE_X86_64) {
            uint64_t r[21];
            memcpy(r, c + off, sizeof r);
            struct mo_x86_thread_state *t = &img->thread_state;
            t->rax = r[0]; t->rbx = r[1]; t->rcx = r[2]; t->rdx = r[3]; t->rdi = r[4]; t->rsi = r[5];
            t->rbp = r[6]; t->rsp = r[7]; t->r8 = r[8]; t->r9 = r[9]; t->r10 = r[10]; t->r11 = r[11];
            t->r12 = r[12]; t->r13 = r[13]; t->r14 = r[14]; t->r15 = r[15]; t->rip = r[16];
            t->rflags = r[17]; t->cs = r[18]; t->fs = r[19]; t->gs = r[20];
            if (cmd == LC_UNIXTHREAD)
                img->has_unixthread = true;
        }
        off += count * 4;
    }
    return 0;
}

static int parse_command(struct parse *p, uint32_t idx, uint32_t cmd, const uint8_t *c, uint32_t size)
{
    struct mo_image *img = p->img;
    switch (cmd) {
    case LC_SEGMENT_64:
        return parse_segment(p, idx, c, size);
    case LC_SEGMENT:
        return cmd_fail(p, MO_EBADCMD, idx, cmd, "32-bit segment in a 64-bit image%s", NULL);
    case LC_SYMTAB:
        if (size < 24)
            return cmd_fail(p, MO_EBADCMD, idx, cmd, "cmdsize too small%s", NULL);
        img->has_symtab = true;
        img->symoff = rd32le(c + 8);
        img->nsyms = rd32le(c + 12);
        img->stroff = rd32le(c + 16);
        img->strsize = rd32le(c + 20);
        if (!in_range(img->symoff, (uint64_t)img->nsyms * 16, img->size))
            return cmd_fail(p, MO_ERANGE, idx, cmd, "symbol table (symoff+nsyms*16) extends past the end of the file%s", NULL);
        if (!in_range(img->stroff, img->strsize, img->size))
            return cmd_fail(p, MO_ERANGE, idx, cmd, "string table (stroff+strsize) extends past the end of the file%s", NULL);
        return 0;
    case LC_DYSYMTAB:
        if (size < 80)
            return cmd_fail(p, MO_EBADCMD, idx, cmd, "cmdsize too small%s", NULL);
        img->has_dysymtab = true;
        img->ilocalsym = rd32le(c + 8);
        img->nlocalsym = rd32le(c + 12);
        img->iextdefsym = rd32le(c + 16);
        img->nextdefsym = rd32le(c + 20);
        img->iundefsym = rd32le(c + 24);
        img->nundefsym = rd32le(c + 28);
        img->indirectsymoff = rd32le(c + 56);
        img->nindirectsyms = rd32le(c + 60);
        if (!in_range(img->indirectsymoff, (uint64_t)img->nindirectsyms * 4, img->size))
            return cmd_fail(p, MO_ERANGE, idx, cmd, "indirect symbol table extends past the end of the file%s", NULL);
        return 0;
    case LC_LOAD_DYLIB:
    case LC_LOAD_WEAK_DYLIB:
    case LC_REEXPORT_DYLIB:
    case LC_LOAD_UPWARD_DYLIB:
    case LC_LAZY_LOAD_DYLIB:
    case LC_ID_DYLIB:
        return parse_dylib(p, idx, cmd, c, size);
    case LC_LOAD_DYLINKER:
    case LC_ID_DYLINKER:
        if (size < 12 || !(img->dylinker = lc_str(c, size, rd32le(c + 8))))
            return cmd_fail(p, MO_EBADCMD, idx, cmd, "name offset outside the command or not NUL-terminated%s", NULL);
        return 0;
    case LC_RPATH: {
        const char *r;
        if (size < 12 || !(r = lc_str(c, size, rd32le(c + 8))))
            return cmd_fail(p, MO_EBADCMD, idx, cmd, "path offset outside the command or not NUL-terminated%s", NULL);
        const char **rp = grow(img->rpaths, &p->cap_rpath, img->nrpaths + 1, sizeof *rp);
        if (!rp)
            return mo_fail(p->err, MO_ENOMEM, (int)idx, "out of memory");
        img->rpaths = rp;
        rp[img->nrpaths++] = r;
        return 0;
    }
    case LC_MAIN:
        if (size < 24)
            return cmd_fail(p, MO_EBADCMD, idx, cmd, "cmdsize too small%s", NULL);
        img->has_main = true;
        img->entryoff = rd64le(c + 8);
        img->stacksize = rd64le(c + 16);
        return 0;
    case LC_UNIXTHREAD:
    case LC_THREAD:
        return parse_thread(p, idx, cmd, c, size);
    case LC_UUID:
        if (size < 24)
            return cmd_fail(p, MO_EBADCMD, idx, cmd, "cmdsize too small%s", NULL);
        img->has_uuid = true;
        memcpy(img->uuid, c + 8, 16);
        return 0;
    case LC_DYLD_INFO:
    case LC_DYLD_INFO_ONLY: {
        if (size < 48)
            return cmd_fail(p, MO_EBADCMD, idx, cmd, "cmdsize too small%s", NULL);
        img->has_dyld_info = true;
        uint32_t v[10];
        for (int i = 0; i < 10; i++)
            v[i] = rd32le(c + 8 + 4 * i);
        static const char *const what[5] = { "rebase", "bind", "weak bind", "lazy bind", "export" };
        for (int i = 0; i < 5; i++)
            if (!in_range(v[2 * i], v[2 * i + 1], img->size))
                return cmd_fail(p, MO_ERANGE, idx, cmd, "%s info extends past the end of the file", what[i]);
        img->rebase_off = v[0]; img->rebase_size = v[1];
        img->bind_off = v[2]; img->bind_size = v[3];
        img->weak_bind_off = v[4]; img->weak_bind_size = v[5];
        img->lazy_bind_off = v[6]; img->lazy_bind_size = v[7];
        img->export_off = v[8]; img->export_size = v[9];
        return 0;
    }
    case LC_DYLD_CHAINED_FIXUPS:
        return linkedit(p, idx, cmd, c, size, &img->chained_fixups);
    case LC_DYLD_EXPORTS_TRIE:
        return linkedit(p, idx, cmd, c, size, &img->exports_trie);
    case LC_CODE_SIGNATURE:
        return linkedit(p, idx, cmd, c, size, &img->code_signature);
    case LC_FUNCTION_STARTS:
        return linkedit(p, idx, cmd, c, size, &img->function_starts);
    case LC_DATA_IN_CODE:
        return linkedit(p, idx, cmd, c, size, &img->data_in_code);
    default:
        return 0; /* other commands carry nothing the loader needs; printers read them raw */
    }
}

int mo_image_parse(const uint8_t *buf, size_t size, struct mo_image *out, struct mo_error *err)
{
    memset(out, 0, sizeof *out);
    out->pagezero_index = -1;
    if (size < 32)
        return mo_fail(err, MO_ETRUNC, -1, "file too short for a Mach-O header (%zu bytes)", size);
    uint32_t magic = rd32le(buf);
    if (magic != MO_MH_MAGIC_64)
        return mo_fail(err, MO_EBADMAGIC, -1, magic == MO_MH_MAGIC ? "32-bit Mach-O is not supported"
                                                                   : "not a 64-bit Mach-O file (bad magic)");
    struct parse p = { .img = out, .err = err };
    out->buf = buf;
    out->size = size;
    out->magic = magic;
    out->cputype = (int32_t)rd32le(buf + 4);
    out->cpusubtype = (int32_t)rd32le(buf + 8);
    out->filetype = rd32le(buf + 12);
    out->ncmds = rd32le(buf + 16);
    out->sizeofcmds = rd32le(buf + 20);
    out->flags = rd32le(buf + 24);
    if (!in_range(32, out->sizeofcmds, size)) {
        mo_fail(err, MO_ETRUNC, -1, "load commands (sizeofcmds %u) extend past the end of the file", out->sizeofcmds);
        goto bad;
    }
    uint64_t off = 32, end = 32 + (uint64_t)out->sizeofcmds;
    for (uint32_t i = 0; i < out->ncmds; i++) {
        if (end - off < 8) {
            mo_fail(err, MO_ETRUNC, (int)i, "load command %u extends past sizeofcmds", i);
            goto bad;
        }
        uint32_t cmd = rd32le(buf + off), cmdsize = rd32le(buf + off + 4);
        if (cmdsize < 8 || cmdsize % 8 != 0) {
            const char *n = mo_load_command_name(cmd);
            mo_fail(err, MO_EBADCMD, (int)i, "load command %u (%s): cmdsize %u is not a multiple of 8", i,
                    n ? n : "unknown", cmdsize);
            goto bad;
        }
        if (cmdsize > end - off) {
            cmd_fail(&p, MO_ETRUNC, i, cmd, "cmdsize extends past sizeofcmds%s", NULL);
            goto bad;
        }
        if (parse_command(&p, i, cmd, buf + off, cmdsize) < 0)
            goto bad;
        off += cmdsize;
    }

    /* Segments: find __PAGEZERO and the image range; refuse overlapping segments. */
    out->vm_start = UINT64_MAX;
    for (uint32_t i = 0; i < out->nsegments; i++) {
        const struct mo_segment *s = &out->segments[i];
        if (s->vmaddr == 0 && s->filesize == 0 && s->initprot == 0 && s->vmsize > 0 && out->filetype == MO_MH_EXECUTE) {
            out->pagezero_index = (int)i;
            continue;
        }
        if (s->vmsize == 0)
            continue;
        if (s->vmaddr < out->vm_start)
            out->vm_start = s->vmaddr;
        if (s->vmaddr + s->vmsize > out->vm_end)
            out->vm_end = s->vmaddr + s->vmsize;
        if (s->fileoff == 0 && s->filesize > 0)
            out->base_vmaddr = s->vmaddr;
        for (uint32_t j = 0; j < i; j++) {
            const struct mo_segment *t = &out->segments[j];
            if ((int)j == out->pagezero_index || t->vmsize == 0)
                continue;
            if (s->vmaddr < t->vmaddr + t->vmsize && t->vmaddr < s->vmaddr + s->vmsize) {
                mo_fail(err, MO_EOVERLAP, (int)s->cmd_index, "load command %u (LC_SEGMENT_64): segment %s overlaps segment %s",
                        s->cmd_index, s->segname, t->segname);
                goto bad;
            }
        }
    }
    if (out->vm_start == UINT64_MAX)
        out->vm_start = out->vm_end = 0;
    if (out->has_main) {
        /* entryoff is a file offset inside __TEXT. */
        bool ok = false;
        for (uint32_t i = 0; i < out->nsegments; i++) {
            const struct mo_segment *s = &out->segments[i];
            if (s->initprot & MO_VM_PROT_EXECUTE && out->entryoff >= s->fileoff && out->entryoff < s->fileoff + s->filesize)
                ok = true;
        }
        if (!ok) {
            mo_fail(err, MO_ERANGE, -1, "LC_MAIN entryoff 0x%llx is not inside an executable segment",
                    (unsigned long long)out->entryoff);
            goto bad;
        }
    }
    if (out->has_unixthread) {
        /* The thread's rip must be code of this image, not an address machrun would jump to
         * blindly (XNU faults the new process; machrun must refuse before it jumps). */
        bool ok = false;
        for (uint32_t i = 0; i < out->nsegments; i++) {
            const struct mo_segment *s = &out->segments[i];
            if (s->initprot & MO_VM_PROT_EXECUTE && out->thread_state.rip >= s->vmaddr &&
                out->thread_state.rip < s->vmaddr + s->vmsize)
                ok = true;
        }
        if (!ok) {
            mo_fail(err, MO_ERANGE, -1, "LC_UNIXTHREAD rip 0x%llx is not inside an executable segment",
                    (unsigned long long)out->thread_state.rip);
            goto bad;
        }
    }
    /* Tables dyld reads at launch (initializers, terminators, thread-local descriptors) must
     * lie in a readable segment, and inside it. */
    for (uint32_t i = 0; i < out->nsections; i++) {
        const struct mo_section *x = &out->sections[i];
        uint32_t t = x->flags & MO_SECTION_TYPE;
        if (t != MO_S_MOD_INIT_FUNC_POINTERS && t != MO_S_MOD_TERM_FUNC_POINTERS && t != MO_S_INIT_FUNC_OFFSETS &&
            t != MO_S_THREAD_LOCAL_VARIABLES)
            continue;
        const struct mo_segment *in = NULL;
        for (uint32_t j = 0; j < out->nsegments; j++) {
            const struct mo_segment *g = &out->segments[j];
            if (x->addr >= g->vmaddr && x->addr + x->size >= x->addr && x->addr + x->size <= g->vmaddr + g->vmsize)
                in = g;
        }
        if (!in || !(in->initprot & MO_VM_PROT_READ)) {
            mo_fail(err, MO_ERANGE, -1, "section %s,%s is not inside a readable segment", x->segname, x->sectname);
            goto bad;
        }
    }
    if (out->nsyms && out->has_dysymtab) {
        if ((uint64_t)out->ilocalsym + out->nlocalsym > out->nsyms ||
            (uint64_t)out->iextdefsym + out->nextdefsym > out->nsyms ||
            (uint64_t)out->iundefsym + out->nundefsym > out->nsyms) {
            mo_fail(err, MO_ERANGE, -1, "LC_DYSYMTAB symbol ranges extend past the symbol table");
            goto bad;
        }
    }
    return MO_OK;
bad:
    {
        int code = err ? err->code : MO_EBADCMD;
        mo_image_free(out);
        return code ? code : MO_EBADCMD;
    }
}

void mo_image_free(struct mo_image *img)
{
    free(img->segments);
    free(img->sections);
    free(img->dylibs);
    free((void *)img->rpaths);
    memset(img, 0, sizeof *img);
    img->pagezero_index = -1;
}

int mo_for_each_load_command(const struct mo_image *img, int (*cb)(const struct mo_load_command *lc, void *ctx),
                             void *ctx)
{
    uint64_t off = 32, end = 32 + (uint64_t)img->sizeofcmds;
    for (uint32_t i = 0; i < img->ncmds && end - off >= 8; i++) {
        struct mo_load_command lc = { i, rd32le(img->buf + off), rd32le(img->buf + off + 4), off, img->buf + off };
        if (lc.cmdsize < 8 || lc.cmdsize > end - off)
            break;
        int r = cb(&lc, ctx);
        if (r)
            return r;
        off += lc.cmdsize;
    }
    return 0;
}

int mo_segment_for_addr(const struct mo_image *img, uint64_t addr, uint64_t len)
{
    for (uint32_t i = 0; i < img->nsegments; i++) {
        const struct mo_segment *s = &img->segments[i];
        if (addr >= s->vmaddr && addr - s->vmaddr <= s->vmsize && len <= s->vmsize - (addr - s->vmaddr))
            return (int)i;
    }
    return -1;
}

const struct mo_section *mo_find_section(const struct mo_image *img, const char *seg, const char *sect)
{
    for (uint32_t i = 0; i < img->nsections; i++)
        if (!strcmp(img->sections[i].segname, seg) && !strcmp(img->sections[i].sectname, sect))
            return &img->sections[i];
    return NULL;
}

const struct mo_segment *mo_find_segment(const struct mo_image *img, const char *seg)
{
    for (uint32_t i = 0; i < img->nsegments; i++)
        if (!strcmp(img->segments[i].segname, seg))
            return &img->segments[i];
    return NULL;
}
