/*
 * batches.c — the loader's batched fixup walks against the per-fixup ones, on real files and
 * on corrupted copies of them: mo_dyld_info_rebase_batches must name exactly the locations (in
 * order, with their types) that mo_dyld_info_rebases does, and mo_chained_fixups_batched the
 * rebases and binds mo_chained_fixups does, with the same result code when a stream is bad.
 * Built with AddressSanitizer and UBSan.
 * usage: batches FILE...   (thin x86_64 Mach-O files; others are skipped)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machrun/macho.h"

struct rec {
    uint64_t address, target;
    uint64_t kind; /* rebase type, or 100 + import index for a bind */
};
struct list {
    struct rec *v;
    size_t n, cap;
};

static void push(struct list *l, uint64_t a, uint64_t t, uint64_t k)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 1024;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v)
            abort();
    }
    l->v[l->n++] = (struct rec){ a, t, k };
}

struct ctx {
    const struct mo_image *img;
    struct list l;
};

static int one_rebase(const struct mo_rebase *r, void *c)
{
    push(&((struct ctx *)c)->l, r->address, 0, r->type);
    return 0;
}
static int batch_rebase(const struct mo_rebase_batch *b, void *vc)
{
    struct ctx *c = vc;
    for (uint32_t i = 0; i < b->n; i++)
        push(&c->l, c->img->segments[b->segment_index].vmaddr + b->segment_offset[i], 0, b->type);
    return 0;
}
static int one_chained(const struct mo_chained_fixup *f, void *c)
{
    push(&((struct ctx *)c)->l, f->address, f->is_bind ? 0 : f->target, f->is_bind ? 100 + f->import_index : 0);
    return 0;
}
static int batch_chained(const struct mo_chained_rebase_batch *b, void *vc)
{
    struct ctx *c = vc;
    for (uint32_t i = 0; i < b->n; i++)
        push(&c->l, c->img->segments[b->segment_index].vmaddr + b->segment_offset[i], b->target[i], 0);
    return 0;
}

static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->address != y->address)
        return x->address < y->address ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->target < y->target ? -1 : x->target > y->target;
}

static int same(struct list *a, struct list *b, int sorted)
{
    if (a->n != b->n)
        return 0;
    if (sorted && a->n) {
        qsort(a->v, a->n, sizeof *a->v, cmp_rec);
        qsort(b->v, b->n, sizeof *b->v, cmp_rec);
    }
    return !a->n || !memcmp(a->v, b->v, a->n * sizeof *a->v);
}

/* Compare both walks over one buffer; returns 0 when they agree. */
static int check(const char *label, const uint8_t *buf, size_t size, size_t *nfix, int quiet)
{
    struct mo_image img;
    struct mo_error e1, e2;
    if (mo_image_parse(buf, size, &img, &e1) != 0)
        return 0; /* refused by the reader: nothing to walk */
    int bad = 0;
    struct ctx a = { &img, { 0 } }, b = { &img, { 0 } };
    if (img.has_dyld_info) {
        int r1 = mo_dyld_info_rebases(&img, one_rebase, &a, &e1);
        int r2 = mo_dyld_info_rebase_batches(&img, batch_rebase, &b, &e2);
        if (r1 != r2 || !same(&a.l, &b.l, 0)) {
            if (!quiet)
                fprintf(stderr, "%s: dyld-info rebases: per-pointer %d (%zu locations), batched %d (%zu)\n", label, r1,
                        a.l.n, r2, b.l.n);
            bad = 1;
        }
        *nfix += a.l.n;
    }
    a.l.n = b.l.n = 0;
    if (img.chained_fixups.present) {
        int r1 = mo_chained_fixups(&img, one_chained, &a, &e1);
        int r2 = mo_chained_fixups_batched(&img, batch_chained, one_chained, &b, &e2);
        if (r1 != r2 || !same(&a.l, &b.l, 1)) {
            if (!quiet)
                fprintf(stderr, "%s: chained fixups: per-fixup %d (%zu), batched %d (%zu)\n", label, r1, a.l.n, r2,
                        b.l.n);
            bad = 1;
        }
        *nfix += a.l.n;
    }
    free(a.l.v);
    free(b.l.v);
    mo_image_free(&img);
    return bad;
}

int main(int argc, char **argv)
{
    int fails = 0, files = 0;
    size_t nfix = 0, mutants = 0;
    srand(12345);
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) < 0 || st.st_size < 32) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            return 2;
        }
        uint8_t *buf = malloc((size_t)st.st_size);
        if (!buf || read(fd, buf, (size_t)st.st_size) != st.st_size)
            return 2;
        close(fd);
        files++;
        fails += check(argv[i], buf, (size_t)st.st_size, &nfix, 0);
        /* corrupted copies: bytes flipped in the fixup data (the rebase opcodes or the chained
         * fixups blob), where the two walks' bounds checks must agree */
        struct mo_image img;
        struct mo_error e;
        if (mo_image_parse(buf, (size_t)st.st_size, &img, &e) == 0) {
            uint64_t lo = 0, len = 0;
            if (img.has_dyld_info && img.rebase_size)
                lo = img.rebase_off, len = img.rebase_size;
            else if (img.chained_fixups.present)
                lo = img.chained_fixups.dataoff, len = img.chained_fixups.datasize;
            mo_image_free(&img);
            uint8_t *m = malloc((size_t)st.st_size);
            for (int k = 0; len && k < 200; k++) {
                memcpy(m, buf, (size_t)st.st_size);
                for (int j = 0; j < 1 + k % 4; j++)
                    m[lo + (uint64_t)rand() % len] ^= (uint8_t)(1u << (rand() % 8));
                size_t ignore = 0;
                char label[64];
                snprintf(label, sizeof label, "%s (mutant %d)", argv[i], k);
                fails += check(label, m, (size_t)st.st_size, &ignore, 0);
                mutants++;
            }
            free(m);
        }
        free(buf);
    }
    printf("%d files, %zu fixups, %zu corrupted copies: %s\n", files, nfix, mutants, fails ? "DIFFER" : "the batched walks agree");
    return fails ? 1 : 0;
}
