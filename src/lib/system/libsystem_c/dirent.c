/*
 * dirent.c — the <dirent.h> calls (libsystem_c's on macOS) with Darwin's $INODE64 struct
 * dirent (and the legacy 32-bit-inode one behind plain readdir) over glibc's DIR: opendir,
 * fdopendir, closedir, readdir(_r), rewinddir/telldir/seekdir, dirfd, scandir, alphasort.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "machrun/darwin/private.h"

/* ---- directories ($INODE64 dirent) ---- */
struct d_dirent64 {
    uint64_t d_ino, d_seekoff;
    uint16_t d_reclen, d_namlen;
    uint8_t d_type;
    char d_name[1024];
};
struct d_dirent32 {
    uint32_t d_ino;
    uint16_t d_reclen;
    uint8_t d_type, d_namlen;
    char d_name[256];
};

typedef struct d_dir {
    DIR *g;
    struct d_dirent64 ent;
    struct d_dirent32 ent32;
} d_DIR;

static d_DIR *wrap_dir(DIR *g)
{
    if (!g) {
        errno = darwin_errno_from_linux(errno);
        return NULL;
    }
    d_DIR *d = calloc(1, sizeof *d);
    if (!d) {
        closedir(g);
        errno = D_ENOMEM;
        return NULL;
    }
    d->g = g;
    return d;
}

static d_DIR *d_opendir(const char *p) { return wrap_dir(opendir(p)); }
static d_DIR *d_fdopendir(int fd) { return wrap_dir(fdopendir(fd)); }
DARWIN_EXPORT("_opendir$INODE64", d_opendir);
DARWIN_EXPORT("_opendir", d_opendir);
DARWIN_EXPORT("_fdopendir$INODE64", d_fdopendir);
DARWIN_EXPORT("_fdopendir", d_fdopendir);
DARWIN_EXPORT("___opendir2$INODE64", d_opendir);

static int d_closedir(d_DIR *d)
{
    int r = closedir(d->g);
    free(d);
    return dret(r);
}
DARWIN_EXPORT("_closedir", d_closedir);

static void fill64(const struct dirent *e, struct d_dirent64 *o)
{
    size_t n = strnlen(e->d_name, sizeof e->d_name - 1);
    o->d_ino = e->d_ino;
    o->d_seekoff = (uint64_t)e->d_off;
    o->d_namlen = (uint16_t)n;
    o->d_type = e->d_type; /* DT_* agree */
    memcpy(o->d_name, e->d_name, n);
    o->d_name[n] = 0;
    o->d_reclen = (uint16_t)((offsetof(struct d_dirent64, d_name) + n + 1 + 3) & ~3u);
}

static struct d_dirent64 *d_readdir64(d_DIR *d)
{
    errno = 0;
    struct dirent *e = readdir(d->g);
    if (!e) {
        if (errno)
            errno = darwin_errno_from_linux(errno);
        return NULL;
    }
    fill64(e, &d->ent);
    return &d->ent;
}
DARWIN_EXPORT("_readdir$INODE64", d_readdir64);

static struct d_dirent32 *d_readdir32(d_DIR *d)
{
    struct d_dirent64 *e = d_readdir64(d);
    if (!e)
        return NULL;
    size_t n = e->d_namlen > 255 ? 255 : e->d_namlen;
    d->ent32.d_ino = (uint32_t)e->d_ino;
    d->ent32.d_type = e->d_type;
    d->ent32.d_namlen = (uint8_t)n;
    memcpy(d->ent32.d_name, e->d_name, n);
    d->ent32.d_name[n] = 0;
    d->ent32.d_reclen = (uint16_t)((offsetof(struct d_dirent32, d_name) + n + 1 + 3) & ~3u);
    return &d->ent32;
}
DARWIN_EXPORT("_readdir", d_readdir32);

static int d_readdir_r64(d_DIR *d, struct d_dirent64 *entry, struct d_dirent64 **result)
{
    errno = 0;
    struct d_dirent64 *e = d_readdir64(d);
    if (!e) {
        *result = NULL;
        return errno;
    }
    memcpy(entry, e, offsetof(struct d_dirent64, d_name) + e->d_namlen + 1);
    *result = entry;
    return 0;
}
DARWIN_EXPORT("_readdir_r$INODE64", d_readdir_r64);

static void d_rewinddir(d_DIR *d) { rewinddir(d->g); }
static long d_telldir(d_DIR *d) { return telldir(d->g); }
static void d_seekdir(d_DIR *d, long loc) { seekdir(d->g, loc); }
static int d_dirfd(d_DIR *d) { return dirfd(d->g); }
DARWIN_EXPORT("_rewinddir$INODE64", d_rewinddir);
DARWIN_EXPORT("_rewinddir", d_rewinddir);
DARWIN_EXPORT("_telldir$INODE64", d_telldir);
DARWIN_EXPORT("_telldir", d_telldir);
DARWIN_EXPORT("_seekdir$INODE64", d_seekdir);
DARWIN_EXPORT("_seekdir", d_seekdir);
DARWIN_EXPORT("_dirfd", d_dirfd);

/* scandir with Darwin dirents: entries are malloc'd copies the caller frees. */
static int d_scandir64(const char *dir, struct d_dirent64 ***list, int (*sel)(const struct d_dirent64 *),
                       int (*cmp)(const struct d_dirent64 **, const struct d_dirent64 **))
{
    d_DIR *d = d_opendir(dir);
    if (!d)
        return -1;
    struct d_dirent64 **v = NULL, *e;
    size_t n = 0, cap = 0;
    while ((e = d_readdir64(d)) != NULL) {
        if (sel && !sel(e))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            struct d_dirent64 **nv = realloc(v, cap * sizeof *nv);
            if (!nv)
                goto oom;
            v = nv;
        }
        size_t sz = offsetof(struct d_dirent64, d_name) + e->d_namlen + 1;
        v[n] = malloc(sizeof **v);
        if (!v[n])
            goto oom;
        memcpy(v[n], e, sz);
        n++;
    }
    d_closedir(d);
    if (cmp && n > 1)
        qsort(v, n, sizeof *v, (int (*)(const void *, const void *))cmp);
    *list = v;
    return (int)n;
oom:
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    d_closedir(d);
    errno = D_ENOMEM;
    return -1;
}
DARWIN_EXPORT("_scandir$INODE64", d_scandir64);

static int d_alphasort64(const struct d_dirent64 **a, const struct d_dirent64 **b)
{
    return strcoll((*a)->d_name, (*b)->d_name);
}
DARWIN_EXPORT("_alphasort$INODE64", d_alphasort64);
