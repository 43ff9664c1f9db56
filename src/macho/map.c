/*
 * map.c — the segment mapper (load_machfile's mapping half, and dyld's for dylibs): reserve
 * an image's address range, choose its ASLR slide, enforce the hard __PAGEZERO of a main
 * executable, map each LC_SEGMENT_64 from the file, and give segments their final protections
 * once dyld has fixed them up.
 *
 * machrun itself is a PIE placed high by Linux (0x55..., 0x7f...), so the guest's images
 * (0x100000000 + slide for executables, wherever the kernel likes for dylibs) and the low
 * 4 GiB (__PAGEZERO) never meet machrun's own image, heap or stacks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include "machrun/macho_file.h"

#define PAGE 4096ull
#define ROUND_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))
#define ROUND_DOWN(x) ((x) & ~(PAGE - 1))
/* XNU on x86_64 slides a PIE main executable by up to 2^16 pages (256 MiB). */
#define ASLR_MAX_PAGES (1u << 16)

/* vm.mmap_min_addr, read only when an address is low enough for it to matter: Linux lets it
 * be at most a few hundred KiB in practice (Debian sets 64 KiB), so an image or __PAGEZERO
 * starting above MIN_ADDR_CEILING never needs the file (four syscalls saved at every launch). */
#define MIN_ADDR_CEILING (16ull << 20)
static uint64_t mmap_min_addr(void)
{
    static uint64_t v;
    if (v)
        return v;
    v = 65536;
    int fd = open("/proc/sys/vm/mmap_min_addr", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        char buf[32];
        ssize_t n = read(fd, buf, sizeof buf - 1);
        close(fd);
        if (n > 0) {
            buf[n] = 0;
            char *end;
            unsigned long long x = strtoull(buf, &end, 10);
            if (end != buf && x > 0)
                v = ROUND_UP(x);
        }
    }
    return v;
}

static bool below_min_addr(uint64_t addr)
{
    return addr < MIN_ADDR_CEILING && addr < mmap_min_addr();
}

static int reserve_fixed(uint64_t addr, uint64_t size)
{
    void *p = mmap((void *)addr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
                   -1, 0);
    if (p == MAP_FAILED)
        return -errno;
    if ((uint64_t)p != addr) { /* old kernels ignore FIXED_NOREPLACE */
        munmap(p, size);
        return -EEXIST;
    }
    return 0;
}

/* Reserve every unmapped page of [lo, hi): the hard __PAGEZERO even when something already
 * lives there (then only the gaps around it can be reserved, and the caller is told). */
static int reserve_gaps(uint64_t lo, uint64_t hi, bool *partial)
{
    *partial = false;
    if (reserve_fixed(lo, hi - lo) == 0)
        return 0;
    FILE *f = fopen("/proc/self/maps", "re");
    if (!f)
        return -errno;
    uint64_t cur = lo;
    unsigned long long a, b;
    char line[512];
    while (cur < hi && fgets(line, sizeof line, f)) {
        if (sscanf(line, "%llx-%llx", &a, &b) != 2 || b <= cur)
            continue;
        if (a >= hi)
            break;
        if (a > cur)
            reserve_fixed(cur, a - cur);
        *partial = true;
        cur = b;
    }
    fclose(f);
    if (cur < hi)
        reserve_fixed(cur, hi - cur);
    return 0;
}

/* Map segment I. A segment that will never be written (its initprot lacks VM_PROT_WRITE, and
 * no part of a page must be cleared past its file data) gets its final protection now, which
 * saves an mprotect per segment at every launch; the others are writable until fixups end. */
static int map_segment(const struct mo_file *f, uint32_t i, uintptr_t slide, struct mo_mapped *out,
                       struct mr_error *err)
{
    const struct mo_segment *s = &f->mo.segments[i];
    uint64_t addr = s->vmaddr + slide;
    uint64_t vmsize = ROUND_UP(s->vmsize);
    int final = (int)(s->initprot & 7);
    uint64_t fileoff = f->slice_offset + s->fileoff;
    uint64_t filesize = s->filesize < s->vmsize ? s->filesize : s->vmsize;
    bool aligned = (fileoff & (PAGE - 1)) == 0 && (addr & (PAGE - 1)) == 0;
    /* Past the file's end the kernel gives zeros; other file bytes past the segment's last
     * byte in its last page must be cleared. */
    bool tail_clear = (filesize & (PAGE - 1)) == 0 || fileoff + filesize >= f->map_size;
    bool keep_final = i < 64 && !(final & PROT_WRITE) && (filesize == 0 || (aligned && tail_clear));
    int prot = keep_final ? final : final | PROT_READ | PROT_WRITE;
    uint64_t mapped = 0;

    if (keep_final)
        out->read_only |= 1ull << i;
    if (i < 64 && prot == final)
        out->at_initprot |= 1ull << i;
    if (filesize > 0) {
        if (aligned) {
            mapped = ROUND_UP(filesize);
            void *p = mmap((void *)addr, mapped, prot, MAP_PRIVATE | MAP_FIXED, f->fd, (off_t)fileoff);
            if (p == MAP_FAILED) {
                return mr_errorf(err, MO_EIO, "%s: cannot map segment %s: %s", f->path, s->segname, strerror(errno));
            }
            if (!tail_clear)
                memset((void *)(addr + filesize), 0, mapped - filesize);
        } else {
            /* Unaligned file data (rare): copy it in. */
            void *p = mmap((void *)ROUND_DOWN(addr), ROUND_UP(addr + vmsize) - ROUND_DOWN(addr), prot,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            if (p == MAP_FAILED) {
                return mr_errorf(err, MO_EIO, "%s: cannot map segment %s: %s", f->path, s->segname, strerror(errno));
            }
            memcpy((void *)addr, f->map + fileoff, filesize);
            mapped = vmsize;
        }
    }
    if (mapped < vmsize) {
        void *p = mmap((void *)(addr + mapped), vmsize - mapped, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (p == MAP_FAILED) {
            return mr_errorf(err, MO_EIO, "%s: cannot map segment %s: %s", f->path, s->segname, strerror(errno));
        }
    }
    return 0;
}

int mo_map_image(const struct mo_file *f, bool is_main, bool no_aslr, struct mo_mapped *out, struct mr_error *err)
{
    const struct mo_image *mo = &f->mo;
    memset(out, 0, sizeof *out);
    if (mo->vm_end <= mo->vm_start) {
        return mr_errorf(err, MO_ERANGE, "%s: malformed Mach-O: no segment to map", f->path);
    }
    uint64_t start = ROUND_DOWN(mo->vm_start);
    uint64_t size = ROUND_UP(mo->vm_end) - start;
    bool pie = mo->filetype != MO_MH_EXECUTE || (mo->flags & MO_MH_PIE);
    uintptr_t slide = 0;

    if (is_main || !pie) {
        /* The executable: at its link address plus a random slide (PIE), or fixed. */
        int tries = 0;
        for (;;) {
            slide = 0;
            if (is_main && pie && !no_aslr) {
                uint32_t r = 0;
                if (getrandom(&r, sizeof r, 0) != sizeof r)
                    r = (uint32_t)getpid() * 2654435761u;
                slide = (uintptr_t)(r % ASLR_MAX_PAGES) * PAGE;
            }
            if (below_min_addr(start + slide)) {
                return mr_errorf(err, MO_EIO, "%s: image at 0x%llx lies below vm.mmap_min_addr (0x%llx)", f->path,
                                 (unsigned long long)start, (unsigned long long)mmap_min_addr());
            }
            int rc = reserve_fixed(start + slide, size);
            if (rc == 0)
                break;
            if (!(is_main && pie && !no_aslr) || ++tries > 16) {
                return mr_errorf(err, MO_EIO, "%s: cannot reserve 0x%llx-0x%llx for the image: %s", f->path,
                                 (unsigned long long)(start + slide), (unsigned long long)(start + slide + size),
                                 strerror(-rc));
            }
        }
    } else {
        void *p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) {
            return mr_errorf(err, MO_EIO, "%s: cannot reserve %llu bytes: %s", f->path, (unsigned long long)size,
                             strerror(errno));
        }
        slide = (uintptr_t)p - start;
    }

    if (is_main && mo->pagezero_index >= 0) {
        /* The hard __PAGEZERO: nothing may ever be mapped there, so NULL and small pointers fault. */
        const struct mo_segment *pz = &mo->segments[mo->pagezero_index];
        uint64_t lo = pz->vmaddr + slide, hi = ROUND_UP(pz->vmaddr + pz->vmsize) + slide;
        if (below_min_addr(lo))
            lo = mmap_min_addr();
        bool partial = false;
        if (hi > lo) {
            int rc = reserve_gaps(lo, hi, &partial);
            if (rc < 0) {
                return mr_errorf(err, MO_EIO, "%s: cannot reserve __PAGEZERO: %s", f->path, strerror(-rc));
            }
        }
        if (partial)
            fprintf(stderr, "machrun: warning: something is mapped inside %s's __PAGEZERO; only the rest of it "
                            "faults\n", f->path);
    }

    for (uint32_t i = 0; i < mo->nsegments; i++) {
        const struct mo_segment *s = &mo->segments[i];
        if ((int)i == mo->pagezero_index || s->vmsize == 0)
            continue;
        int rc = map_segment(f, i, slide, out, err);
        if (rc < 0)
            return rc;
    }
    out->slide = slide;
    out->start = start + slide;
    out->end = start + slide + size;
    out->base = (uint8_t *)(uintptr_t)(mo->base_vmaddr + slide);
    return 0;
}

int mo_unprotect_segment(const struct mo_file *f, struct mo_mapped *m, int seg)
{
    const struct mo_segment *s = &f->mo.segments[seg];
    int prot = (int)(s->initprot & 7) | PROT_READ | PROT_WRITE;
    if (mprotect((void *)(uintptr_t)(s->vmaddr + m->slide), ROUND_UP(s->vmsize), prot) < 0)
        return -1;
    m->read_only &= ~(1ull << seg);
    m->at_initprot &= ~(1ull << seg);
    return 0;
}

void mo_protect_segments(const struct mo_file *f, struct mo_mapped *m)
{
    const struct mo_image *mo = &f->mo;
    for (uint32_t i = 0; i < mo->nsegments; i++) {
        const struct mo_segment *s = &mo->segments[i];
        if ((int)i == mo->pagezero_index || s->vmsize == 0 || (i < 64 && (m->at_initprot >> i & 1)))
            continue;
        mprotect((void *)(uintptr_t)(s->vmaddr + m->slide), ROUND_UP(s->vmsize), (int)(s->initprot & 7));
        if (i < 64)
            m->at_initprot |= 1ull << i;
    }
}
