/*
 * trie.c — the exports trie (LC_DYLD_INFO export_off or LC_DYLD_EXPORTS_TRIE): exact lookup
 * and full iteration, with re-exports and stub-and-resolver entries. Node offsets are checked
 * against the trie's size and the walk's depth is bounded, so a looping trie cannot hang.
 */
#include <stdlib.h>

#include "macho_private.h"

#define MAX_DEPTH 128
#define MAX_NAME 4096

static bool trie_of(const struct mo_image *img, const uint8_t **start, uint32_t *size)
{
    if (img->exports_trie.present) {
        *start = img->buf + img->exports_trie.dataoff;
        *size = img->exports_trie.datasize;
        return true;
    }
    if (img->has_dyld_info && img->export_size) {
        *start = img->buf + img->export_off;
        *size = img->export_size;
        return true;
    }
    return false;
}

/* Decode the terminal info at p (its size already read). */
static int read_terminal(const uint8_t *p, const uint8_t *end, struct mo_export *e, struct mo_error *err)
{
    memset(e, 0, sizeof *e);
    if (!mo_read_uleb(&p, end, &e->flags))
        return mo_fail(err, MO_EOPCODE, -1, "exports trie: truncated flags");
    if (e->flags & MO_EXPORT_REEXPORT) {
        if (!mo_read_uleb(&p, end, &e->reexport_ordinal))
            return mo_fail(err, MO_EOPCODE, -1, "exports trie: truncated re-export ordinal");
        const uint8_t *nul = memchr(p, 0, (size_t)(end - p));
        if (!nul)
            return mo_fail(err, MO_EOPCODE, -1, "exports trie: re-export name not terminated");
        e->reexport_name = (const char *)p;
        return 0;
    }
    if (!mo_read_uleb(&p, end, &e->address))
        return mo_fail(err, MO_EOPCODE, -1, "exports trie: truncated address");
    if ((e->flags & MO_EXPORT_STUB_AND_RESOLVER) && !mo_read_uleb(&p, end, &e->resolver))
        return mo_fail(err, MO_EOPCODE, -1, "exports trie: truncated resolver");
    return 0;
}

int mo_exports_lookup(const struct mo_image *img, const char *name, struct mo_export *out, struct mo_error *err)
{
    const uint8_t *t;
    uint32_t size;
    if (!trie_of(img, &t, &size) || size == 0)
        return MO_ENOTFOUND;
    const uint8_t *end = t + size;
    uint64_t node = 0;
    const char *s = name;
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
        if (node >= size)
            return mo_fail(err, MO_EOPCODE, -1, "exports trie: node offset 0x%llx outside the trie",
                           (unsigned long long)node);
        const uint8_t *p = t + node;
        uint64_t tsize;
        if (!mo_read_uleb(&p, end, &tsize) || tsize > (uint64_t)(end - p))
            return mo_fail(err, MO_EOPCODE, -1, "exports trie: bad terminal size");
        if (*s == 0) {
            if (tsize == 0)
                return MO_ENOTFOUND;
            int rc = read_terminal(p, p + tsize, out, err);
            if (rc)
                return rc;
            out->name = name;
            return MO_OK;
        }
        p += tsize;
        if (p >= end)
            return mo_fail(err, MO_EOPCODE, -1, "exports trie: truncated child count");
        uint8_t nchild = *p++;
        bool found = false;
        for (unsigned c = 0; c < nchild; c++) {
            const uint8_t *label = p;
            const uint8_t *nul = memchr(p, 0, (size_t)(end - p));
            if (!nul)
                return mo_fail(err, MO_EOPCODE, -1, "exports trie: edge label not terminated");
            p = nul + 1;
            uint64_t child;
            if (!mo_read_uleb(&p, end, &child))
                return mo_fail(err, MO_EOPCODE, -1, "exports trie: truncated child offset");
            size_t llen = (size_t)(nul - label);
            if (llen && !strncmp((const char *)label, s, llen)) {
                s += llen;
                node = child;
                found = true;
                break;
            }
        }
        if (!found)
            return MO_ENOTFOUND;
    }
    return mo_fail(err, MO_EOPCODE, -1, "exports trie deeper than %d levels (a loop?)", MAX_DEPTH);
}

struct walk {
    const uint8_t *t, *end;
    uint32_t size;
    char name[MAX_NAME];
    mo_export_cb cb;
    void *ctx;
    struct mo_error *err;
    unsigned nodes;
};

static int walk_node(struct walk *w, uint64_t node, size_t nlen, int depth)
{
    if (depth > MAX_DEPTH)
        return mo_fail(w->err, MO_EOPCODE, -1, "exports trie deeper than %d levels (a loop?)", MAX_DEPTH);
    if (node >= w->size)
        return mo_fail(w->err, MO_EOPCODE, -1, "exports trie: node offset 0x%llx outside the trie",
                       (unsigned long long)node);
    if (++w->nodes > w->size)
        return mo_fail(w->err, MO_EOPCODE, -1, "exports trie visits more nodes than it has bytes (a loop?)");
    const uint8_t *p = w->t + node;
    uint64_t tsize;
    if (!mo_read_uleb(&p, w->end, &tsize) || tsize > (uint64_t)(w->end - p))
        return mo_fail(w->err, MO_EOPCODE, -1, "exports trie: bad terminal size");
    if (tsize) {
        struct mo_export e;
        int rc = read_terminal(p, p + tsize, &e, w->err);
        if (rc)
            return rc;
        w->name[nlen] = 0;
        e.name = w->name;
        if ((rc = w->cb(&e, w->ctx)) != 0)
            return rc;
    }
    p += tsize;
    if (p >= w->end)
        return mo_fail(w->err, MO_EOPCODE, -1, "exports trie: truncated child count");
    uint8_t nchild = *p++;
    for (unsigned c = 0; c < nchild; c++) {
        const uint8_t *label = p;
        const uint8_t *nul = memchr(p, 0, (size_t)(w->end - p));
        if (!nul)
            return mo_fail(w->err, MO_EOPCODE, -1, "exports trie: edge label not terminated");
        p = nul + 1;
        uint64_t child;
        if (!mo_read_uleb(&p, w->end, &child))
            return mo_fail(w->err, MO_EOPCODE, -1, "exports trie: truncated child offset");
        size_t llen = (size_t)(nul - label);
        if (nlen + llen >= MAX_NAME)
            return mo_fail(w->err, MO_EOPCODE, -1, "exports trie: symbol name longer than %d", MAX_NAME);
        memcpy(w->name + nlen, label, llen);
        int rc = walk_node(w, child, nlen + llen, depth + 1);
        if (rc)
            return rc;
    }
    return 0;
}

int mo_exports_for_each(const struct mo_image *img, mo_export_cb cb, void *ctx, struct mo_error *err)
{
    const uint8_t *t;
    uint32_t size;
    if (!trie_of(img, &t, &size) || size == 0)
        return MO_OK;
    struct walk *w = malloc(sizeof *w);
    if (!w)
        return mo_fail(err, MO_ENOMEM, -1, "out of memory");
    w->t = t;
    w->end = t + size;
    w->size = size;
    w->cb = cb;
    w->ctx = ctx;
    w->err = err;
    w->nodes = 0;
    int rc = walk_node(w, 0, 0, 0);
    free(w);
    return rc;
}
