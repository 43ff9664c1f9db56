/*
 * plist.c — the libplist functions machrun uses (entitlements in src/sandbox and
 * src/codesign, launchd jobs, `machrun codesign`), opened on first use.
 *
 * libplist lives in its own namespace with its own malloc (see hostlib.c), while machrun's
 * callers free() what libplist documents as theirs to free: strings from
 * plist_get_string_val, keys from plist_dict_next_item, and the iterator itself. Those are
 * copied into machrun's heap here and the originals freed by libplist's own free(). A
 * dictionary iterator is a snapshot, made in plist_dict_new_iter, of every (key, value) pair,
 * in one allocation, so that the caller's free(iter) releases all of it.
 */
#include <stdlib.h>
#include <string.h>

#include <plist/plist.h>

#define HOSTLIB_SONAME "libplist-2.0.so.3"
#define HOSTLIB_WHAT "property lists"
#include "forward.h"

HOSTLIB_FWD(plist_type, plist_get_node_type, (plist_t node), (node))
HOSTLIB_FWD(plist_t, plist_dict_get_item, (plist_t node, const char *key), (node, key))
HOSTLIB_FWD(uint32_t, plist_dict_get_size, (plist_t node), (node))
HOSTLIB_FWD(uint32_t, plist_array_get_size, (plist_t node), (node))
HOSTLIB_FWD(plist_t, plist_array_get_item, (plist_t node, uint32_t n), (node, n))
HOSTLIB_FWD_VOID(plist_get_bool_val, (plist_t node, uint8_t *val), (node, val))
HOSTLIB_FWD_VOID(plist_get_uint_val, (plist_t node, uint64_t *val), (node, val))
HOSTLIB_FWD_VOID(plist_free, (plist_t plist), (plist))
HOSTLIB_FWD_VOID(plist_from_xml, (const char *xml, uint32_t length, plist_t *plist), (xml, length, plist))
HOSTLIB_FWD_VOID(plist_from_memory, (const char *data, uint32_t length, plist_t *plist), (data, length, plist))

/* libplist's free(), for what it allocated. */
static void lib_free(void *p)
{
    HOSTLIB_REAL(free, void (*)(void *))
    fn_(p);
}

/* A copy in machrun's heap of a string libplist allocated; the original is freed. */
static char *adopt(char *s)
{
    if (!s)
        return NULL;
    char *c = strdup(s);
    lib_free(s);
    return c;
}

void plist_get_string_val(plist_t node, char **val)
{
    HOSTLIB_REAL(plist_get_string_val, void (*)(plist_t, char **))
    char *s = NULL;
    fn_(node, &s);
    *val = adopt(s);
}

struct dict_snapshot {
    uint32_t n, next;
    struct { const char *key; plist_t val; } item[];   /* the key strings follow the items */
};

void plist_dict_new_iter(plist_t node, plist_dict_iter *iter)
{
    void (*lib_new)(plist_t, plist_dict_iter *);
    void (*lib_next)(plist_t, plist_dict_iter, char **, plist_t *);
    {
        HOSTLIB_REAL(plist_dict_new_iter, void (*)(plist_t, plist_dict_iter *))
        lib_new = fn_;
    }
    {
        HOSTLIB_REAL(plist_dict_next_item, void (*)(plist_t, plist_dict_iter, char **, plist_t *))
        lib_next = fn_;
    }
    *iter = NULL;
    uint32_t cap = plist_dict_get_size(node);
    char **keys = calloc(cap ? cap : 1, sizeof *keys);
    plist_t *vals = calloc(cap ? cap : 1, sizeof *vals);
    plist_dict_iter it = NULL;
    uint32_t n = 0;
    size_t bytes = 0;
    if (keys && vals)
        lib_new(node, &it);
    if (it) {
        for (; n < cap; n++) {
            keys[n] = NULL;
            lib_next(node, it, &keys[n], &vals[n]);
            if (!keys[n])
                break;
            bytes += strlen(keys[n]) + 1;
        }
        lib_free(it);
    }
    struct dict_snapshot *s = malloc(sizeof *s + n * sizeof s->item[0] + bytes);
    if (s) {
        s->n = n;
        s->next = 0;
        char *text = (char *)&s->item[n];
        for (uint32_t i = 0; i < n; i++) {
            size_t len = strlen(keys[i]) + 1;
            memcpy(text, keys[i], len);
            s->item[i].key = text;
            s->item[i].val = vals[i];
            text += len;
        }
        *iter = s;
    }
    for (uint32_t i = 0; i < n; i++)
        lib_free(keys[i]);
    free(keys);
    free(vals);
}

void plist_dict_next_item(plist_t node, plist_dict_iter iter, char **key, plist_t *val)
{
    (void)node;
    struct dict_snapshot *s = iter;
    if (key)
        *key = NULL;
    if (val)
        *val = NULL;
    if (!s || s->next >= s->n)
        return;
    if (key)
        *key = strdup(s->item[s->next].key);
    if (val)
        *val = s->item[s->next].val;
    s->next++;
}
