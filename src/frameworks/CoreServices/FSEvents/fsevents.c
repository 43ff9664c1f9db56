/*
 * fsevents.c — FSEvents (CoreServices) over inotify.
 *
 * A stream watches its paths recursively, as FSEvents does: FSEventStreamStart puts an
 * inotify watch on every directory below each path (new directories are watched as they
 * appear) and starts a reader thread, which turns inotify events into FSEvents events and,
 * after the stream's latency (at once for the first event after a quiet period with
 * kFSEventStreamCreateFlagNoDefer), posts them as one batch to the run loop the stream is
 * scheduled on (cf_runloop.c), or to the dispatch queue it was given (dispatch.c). Events for one path within a batch are coalesced, their flags
 * or-ed, as FSEvents does.
 *
 * With kFSEventStreamCreateFlagFileEvents an event names the item and carries item flags
 * (Created, Removed, Modified, InodeMetaMod, Renamed, IsFile/IsDir/IsSymlink); without it,
 * the directory that changed, with a trailing slash and no flags. kFSEventStreamCreateFlag-
 * WatchRoot reports RootChanged when a watched path itself is deleted or moved;
 * UseCFTypes and UseExtendedData give the paths as a CFArray of CFStrings or of
 * dictionaries {path, fileID}. An inotify queue overflow is reported as MustScanSubDirs |
 * KernelDropped on the watched path. Partial: IgnoreSelf and MarkSelf (inotify cannot tell
 * which process made a change) and FullHistory/sinceWhen in the past (there is no event
 * database: a stream starts from now, and HistoryDone is sent at once when a past sinceWhen
 * was asked for).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "machrun/darwin/cf.h"
#include "machrun/darwin/dispatch.h"
#include "machrun/darwin/private.h"

/* FSEventStreamCreateFlags */
#define CF_USE_CF_TYPES 0x01u
#define CF_NO_DEFER 0x02u
#define CF_WATCH_ROOT 0x04u
#define CF_FILE_EVENTS 0x10u
#define CF_USE_EXTENDED 0x40u

/* FSEventStreamEventFlags */
#define EF_MUST_SCAN_SUBDIRS 0x01u
#define EF_KERNEL_DROPPED 0x04u
#define EF_HISTORY_DONE 0x10u
#define EF_ROOT_CHANGED 0x20u
#define EF_ITEM_CREATED 0x100u
#define EF_ITEM_REMOVED 0x200u
#define EF_ITEM_INODE_META 0x400u
#define EF_ITEM_RENAMED 0x800u
#define EF_ITEM_MODIFIED 0x1000u
#define EF_ITEM_IS_FILE 0x10000u
#define EF_ITEM_IS_DIR 0x20000u
#define EF_ITEM_IS_SYMLINK 0x40000u

#define EVENT_ID_SINCE_NOW UINT64_MAX

struct fs_context { long version; void *info; const void *(*retain)(const void *); void (*release)(const void *); void *desc; };
typedef void (*fs_callback)(void *stream, void *info, size_t n, void *paths, const uint32_t *flags, const uint64_t *ids);

struct ev { char *path; uint32_t flags; uint64_t ino; };
struct batch { struct cf *stream; struct ev *v; size_t n, cap; };

struct watch { int wd; char *path; };

struct stream {
    fs_callback cb;
    struct fs_context ctx;
    char **paths;   /* as given (absolute) */
    char **roots;   /* real paths, while started */
    int npaths;
    uint32_t flags;
    double latency;
    uint64_t since, last_id;
    uint64_t dev;   /* FSEventStreamCreateRelativeToDevice, else 0 */
    struct cf *rl;  /* scheduled run loop */
    void *queue;    /* or dispatch queue */
    pthread_mutex_t mu;
    bool started, invalidated, thread_live;
    pthread_t thr;
    int ifd, wake;
    struct watch *w;
    size_t nw, capw;
    struct batch pending;
};

static uint64_t global_event_id = 1000;
static uint64_t next_id(void) { return __atomic_add_fetch(&global_event_id, 1, __ATOMIC_RELAXED); }


static struct stream *st_of(const void *p) { return cf_is(p, CF_FSEVENTSTREAM) ? ((const struct cf *)p)->u.ext.p : NULL; }

/* ---- batches ---- */
static void batch_add(struct batch *b, const char *path, uint32_t flags, uint64_t ino)
{
    for (size_t i = 0; i < b->n; i++)
        if (!strcmp(b->v[i].path, path)) {
            b->v[i].flags |= flags;
            return;
        }
    if (b->n == b->cap) {
        size_t c = b->cap ? b->cap * 2 : 16;
        struct ev *v = realloc(b->v, c * sizeof *v);
        if (!v)
            return;
        b->v = v;
        b->cap = c;
    }
    char *p = strdup(path);
    if (!p)
        return;
    b->v[b->n++] = (struct ev){ p, flags, ino };
}

static void batch_free(struct batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->v[i].path);
    free(b->v);
    b->v = NULL;
    b->n = b->cap = 0;
}

/* Runs on the run loop's thread (or the reader thread for a dispatch queue). */
static void deliver(void *arg)
{
    struct batch *b = arg;
    struct stream *s = st_of(b->stream);
    pthread_mutex_lock(&s->mu);
    bool live = s->started && !s->invalidated;
    pthread_mutex_unlock(&s->mu);
    if (live && b->n) {
        uint32_t *flags = malloc(b->n * sizeof *flags);
        uint64_t *ids = malloc(b->n * sizeof *ids);
        const char **cpaths = malloc(b->n * sizeof *cpaths);
        if (flags && ids && cpaths) {
            for (size_t i = 0; i < b->n; i++) {
                flags[i] = b->v[i].flags;
                ids[i] = next_id();
                cpaths[i] = b->v[i].path;
            }
            s->last_id = ids[b->n - 1];
            void *paths = cpaths;
            struct cf *arr = NULL;
            if (s->flags & CF_USE_CF_TYPES) {
                arr = d_CFArrayCreateMutable(NULL, (long)b->n, d_kCFTypeArrayCallBacks);
                for (size_t i = 0; arr && i < b->n; i++) {
                    struct cf *str = cf_string(b->v[i].path);
                    if (s->flags & CF_USE_EXTENDED) {
                        struct cf *d = cf_dict_new();
                        struct cf *k1 = cf_string("path"), *k2 = cf_string("fileID"), *num = cf_number_i64((int64_t)b->v[i].ino);
                        cf_dict_set(d, k1, str);
                        if (b->v[i].ino)
                            cf_dict_set(d, k2, num);
                        d_CFRelease(k1);
                        d_CFRelease(k2);
                        d_CFRelease(num);
                        d_CFArrayAppendValue(arr, d);
                        d_CFRelease(d);
                    } else {
                        d_CFArrayAppendValue(arr, str);
                    }
                    d_CFRelease(str);
                }
                paths = arr;
            }
            s->cb(b->stream, s->ctx.info, b->n, paths, flags, ids);
            d_CFRelease(arr);
        }
        free(flags);
        free(ids);
        free(cpaths);
    }
    batch_free(b);
    d_CFRelease(b->stream);
    free(b);
}

/* Hand the pending events to the stream's run loop or queue. Called on the reader thread. */
static void flush(struct cf *so, struct stream *s)
{
    if (!s->pending.n)
        return;
    struct batch *b = malloc(sizeof *b);
    if (!b) {
        batch_free(&s->pending);
        return;
    }
    *b = s->pending;
    memset(&s->pending, 0, sizeof s->pending);
    d_CFRetain(so);
    b->stream = so;
    if (s->queue) {
        if (!darwin_dispatch_async(s->queue, deliver, b))
            deliver(b); /* not one of dispatch.c's queues: on this thread, still one at a time */
        return;
    }
    if (!cf_runloop_post(s->rl, deliver, b)) {
        batch_free(b);
        d_CFRelease(so);
        free(b);
    }
}

/* ---- watches ---- */
static const char *wd_path(struct stream *s, int wd)
{
    for (size_t i = 0; i < s->nw; i++)
        if (s->w[i].wd == wd)
            return s->w[i].path;
    return NULL;
}

static void wd_forget(struct stream *s, int wd)
{
    for (size_t i = 0; i < s->nw; i++)
        if (s->w[i].wd == wd) {
            free(s->w[i].path);
            s->w[i] = s->w[--s->nw];
            return;
        }
}

#define IN_MASK (IN_CREATE | IN_DELETE | IN_MODIFY | IN_ATTRIB | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)

static void add_watch(struct stream *s, const char *path)
{
    int wd = inotify_add_watch(s->ifd, path, IN_MASK | IN_DONT_FOLLOW);
    if (wd < 0)
        return;
    for (size_t i = 0; i < s->nw; i++)
        if (s->w[i].wd == wd)
            return; /* already watched (two roots overlap) */
    if (s->nw == s->capw) {
        size_t c = s->capw ? s->capw * 2 : 32;
        struct watch *w = realloc(s->w, c * sizeof *w);
        if (!w) {
            inotify_rm_watch(s->ifd, wd);
            return;
        }
        s->w = w;
        s->capw = c;
    }
    char *p = strdup(path);
    if (!p) {
        inotify_rm_watch(s->ifd, wd);
        return;
    }
    s->w[s->nw++] = (struct watch){ wd, p };
}

static uint32_t kind_of(const char *path, bool isdir, uint64_t *ino)
{
    struct stat st;
    if (lstat(path, &st) == 0) {
        *ino = st.st_ino;
        if (S_ISLNK(st.st_mode))
            return EF_ITEM_IS_SYMLINK;
        return S_ISDIR(st.st_mode) ? EF_ITEM_IS_DIR : EF_ITEM_IS_FILE;
    }
    *ino = 0;
    return isdir ? EF_ITEM_IS_DIR : EF_ITEM_IS_FILE;
}

static void record(struct stream *s, const char *dir, const char *item, uint32_t flags, bool isdir)
{
    uint64_t ino = 0;
    if (s->flags & CF_FILE_EVENTS) {
        flags |= kind_of(item, isdir, &ino);
        batch_add(&s->pending, item, flags, ino);
    } else {
        /* Directory-level events: the directory, with a trailing slash, and no item flags. */
        char d[PATH_MAX + 1]; /* room for the slash after a PATH_MAX-long directory */
        snprintf(d, sizeof d, "%s%s", dir, strcmp(dir, "/") ? "/" : "");
        batch_add(&s->pending, d, flags & ~(uint32_t)(EF_ITEM_CREATED | EF_ITEM_REMOVED | EF_ITEM_INODE_META |
                                                      EF_ITEM_RENAMED | EF_ITEM_MODIFIED), 0);
    }
}

/* Watch a directory tree; with `report`, report what is in it as created (it appeared
 * between the directory's creation and its watch). */
static void watch_tree(struct stream *s, const char *dir, bool report, int depth)
{
    add_watch(s, dir);
    if (depth > 64)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[PATH_MAX];
        if (snprintf(p, sizeof p, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", e->d_name) >= (int)sizeof p)
            continue;
        bool isdir = e->d_type == DT_DIR;
        if (e->d_type == DT_UNKNOWN) {
            struct stat st;
            isdir = lstat(p, &st) == 0 && S_ISDIR(st.st_mode);
        }
        if (report)
            record(s, dir, p, EF_ITEM_CREATED, isdir);
        if (isdir)
            watch_tree(s, p, report, depth + 1);
    }
    closedir(d);
}

static bool is_root(struct stream *s, const char *path)
{
    for (int i = 0; i < s->npaths; i++)
        if (s->roots[i] && !strcmp(s->roots[i], path))
            return true;
    return false;
}

static void handle(struct stream *s, const struct inotify_event *e)
{
    if (e->mask & IN_Q_OVERFLOW) {
        for (int i = 0; i < s->npaths; i++)
            if (s->roots[i])
                batch_add(&s->pending, s->roots[i], EF_MUST_SCAN_SUBDIRS | EF_KERNEL_DROPPED, 0);
        return;
    }
    const char *dir = wd_path(s, e->wd);
    if (!dir)
        return;
    if (e->mask & IN_IGNORED) {
        wd_forget(s, e->wd);
        return;
    }
    char item[PATH_MAX];
    if (e->len && e->name[0])
        snprintf(item, sizeof item, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", e->name);
    else
        snprintf(item, sizeof item, "%s", dir);
    bool isdir = e->mask & IN_ISDIR;
    char parent[PATH_MAX];
    snprintf(parent, sizeof parent, "%s", item);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent)
        *slash = 0;
    else if (slash)
        slash[1] = 0;

    if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
        if (is_root(s, dir)) {
            if (s->flags & CF_WATCH_ROOT)
                batch_add(&s->pending, dir, EF_ROOT_CHANGED, 0);
            /* A watched file (not directory) removed: its parent would report it on macOS. */
            struct stat st;
            if ((e->mask & IN_DELETE_SELF) && !(stat(dir, &st) == 0))
                record(s, parent, dir, EF_ITEM_REMOVED, false);
        }
        return;
    }
    if (!e->len) {
        /* An event on a watched file itself (a path that is a file). */
        uint32_t f = 0;
        if (e->mask & IN_MODIFY) f |= EF_ITEM_MODIFIED;
        if (e->mask & IN_ATTRIB) f |= EF_ITEM_INODE_META;
        if (f)
            record(s, parent, item, f, false);
        return;
    }
    uint32_t f = 0;
    if (e->mask & IN_CREATE) f |= EF_ITEM_CREATED;
    if (e->mask & IN_DELETE) f |= EF_ITEM_REMOVED;
    if (e->mask & IN_MODIFY) f |= EF_ITEM_MODIFIED;
    if (e->mask & IN_ATTRIB) f |= EF_ITEM_INODE_META;
    if (e->mask & (IN_MOVED_FROM | IN_MOVED_TO)) f |= EF_ITEM_RENAMED;
    if (f)
        record(s, dir, item, f, isdir);
    if (isdir && (e->mask & (IN_CREATE | IN_MOVED_TO)))
        watch_tree(s, item, true, 0);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *reader(void *arg)
{
    struct cf *so = arg;
    struct stream *s = st_of(so);
    double first = 0, last_flush = 0;
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        int timeout = -1;
        if (s->pending.n) {
            double left = first + s->latency - now_s();
            timeout = left <= 0 ? 0 : (int)(left * 1000) + 1;
        }
        struct pollfd p[2] = { { s->ifd, POLLIN, 0 }, { s->wake, POLLIN, 0 } };
        int n = poll(p, 2, timeout);
        if (n < 0 && errno != EINTR)
            break;
        if (p[1].revents)
            break;
        if (n > 0 && (p[0].revents & POLLIN)) {
            ssize_t r = read(s->ifd, buf, sizeof buf);
            bool was_empty = !s->pending.n;
            for (ssize_t off = 0; r > 0 && off < r;) {
                const struct inotify_event *e = (const struct inotify_event *)(buf + off);
                handle(s, e);
                off += (ssize_t)sizeof *e + e->len;
            }
            if (was_empty && s->pending.n) {
                first = now_s();
                if ((s->flags & CF_NO_DEFER) && first - last_flush >= s->latency) {
                    flush(so, s);
                    last_flush = now_s();
                }
            }
        }
        if (s->pending.n && now_s() >= first + s->latency) {
            flush(so, s);
            last_flush = now_s();
        }
    }
    batch_free(&s->pending);
    return NULL;
}

static void stop_thread(struct stream *s)
{
    if (!s->thread_live)
        return;
    uint64_t one = 1;
    if (write(s->wake, &one, sizeof one) < 0) { /* eventfd writes of 1 do not fail */ }
    pthread_join(s->thr, NULL);
    s->thread_live = false;
    close(s->ifd);
    close(s->wake);
    for (size_t i = 0; i < s->nw; i++)
        free(s->w[i].path);
    s->nw = 0;
    for (int i = 0; i < s->npaths; i++) {
        free(s->roots[i]);
        s->roots[i] = NULL;
    }
}

static void stream_fin(struct cf *o)
{
    struct stream *s = o->u.ext.p;
    stop_thread(s);
    if (s->rl && !s->invalidated)
        cf_runloop_sources(s->rl, -1);
    if (s->ctx.release && s->ctx.info)
        s->ctx.release(s->ctx.info);
    for (int i = 0; i < s->npaths; i++)
        free(s->paths[i]);
    free(s->paths);
    free(s->roots);
    free(s->w);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

/* ---- the API ---- */
static struct cf *create(fs_callback cb, const struct fs_context *ctx, struct cf *paths, const char *prefix,
                         uint64_t dev, uint64_t since, double latency, uint32_t flags)
{
    if (!cb || !cf_is(paths, CF_ARRAY) || paths->u.array.n == 0)
        return NULL;
    struct cf *o = cf_new(CF_FSEVENTSTREAM);
    struct stream *s = calloc(1, sizeof *s);
    if (!o || !s) {
        free(o);
        free(s);
        return NULL;
    }
    s->cb = cb;
    if (ctx) {
        s->ctx = *ctx;
        if (s->ctx.retain && s->ctx.info)
            s->ctx.info = (void *)s->ctx.retain(s->ctx.info);
    }
    long n = paths->u.array.n;
    s->paths = calloc((size_t)n, sizeof *s->paths);
    s->roots = calloc((size_t)n, sizeof *s->roots);
    for (long i = 0; s->paths && s->roots && i < n; i++) {
        struct cf *p = paths->u.array.v[i];
        if (!cf_is(p, CF_STRING))
            continue;
        const char *str = (const char *)p->u.data.bytes;
        char *full = NULL;
        if (prefix)
            (void)!asprintf(&full, "%s/%s", strcmp(prefix, "/") ? prefix : "", str[0] == '/' ? str + 1 : str);
        else if (str[0] != '/') {
            char cwd[PATH_MAX];
            if (getcwd(cwd, sizeof cwd))
                (void)!asprintf(&full, "%s/%s", cwd, str);
        } else
            full = strdup(str);
        if (full)
            s->paths[s->npaths++] = full;
    }
    s->flags = flags;
    s->latency = latency > 0 ? latency : 0;
    s->since = since;
    s->dev = dev;
    s->last_id = since == EVENT_ID_SINCE_NOW ? global_event_id : since;
    s->ifd = s->wake = -1;
    pthread_mutex_init(&s->mu, NULL);
    o->u.ext.p = s;
    o->u.ext.fin = stream_fin;
    return o;
}

static struct cf *d_FSEventStreamCreate(const void *alloc, fs_callback cb, const struct fs_context *ctx, struct cf *paths,
                                        uint64_t since, double latency, uint32_t flags)
{
    (void)alloc;
    return create(cb, ctx, paths, NULL, 0, since, latency, flags);
}
DARWIN_EXPORT_PARTIAL("_FSEventStreamCreate", d_FSEventStreamCreate);

/* The mount point of a device, from /proc/self/mountinfo. */
static char *mount_point_of(uint64_t dev)
{
    FILE *f = fopen("/proc/self/mountinfo", "re");
    if (!f)
        return NULL;
    char line[4096], *found = NULL;
    while (!found && fgets(line, sizeof line, f)) {
        unsigned maj, min;
        char mp[PATH_MAX];
        if (sscanf(line, "%*d %*d %u:%u %*s %4095s", &maj, &min, mp) == 3) {
            /* Darwin's dev_t: major in the top 8 bits, minor in the low 24. */
            uint64_t d = ((uint64_t)maj << 24) | min;
            if (d == dev || makedev(maj, min) == dev)
                found = strdup(mp);
        }
    }
    fclose(f);
    return found;
}

static struct cf *d_FSEventStreamCreateRelativeToDevice(const void *alloc, fs_callback cb, const struct fs_context *ctx,
                                                        int32_t dev, struct cf *paths, uint64_t since, double latency,
                                                        uint32_t flags)
{
    (void)alloc;
    char *mp = mount_point_of((uint32_t)dev);
    if (!mp)
        return NULL;
    struct cf *o = create(cb, ctx, paths, mp, (uint32_t)dev, since, latency, flags);
    free(mp);
    return o;
}
DARWIN_EXPORT_PARTIAL("_FSEventStreamCreateRelativeToDevice", d_FSEventStreamCreateRelativeToDevice);

static void d_FSEventStreamScheduleWithRunLoop(struct cf *so, struct cf *rl, const void *mode)
{
    (void)mode;
    struct stream *s = st_of(so);
    if (!s || !cf_is(rl, CF_RUNLOOP) || s->rl || s->queue)
        return;
    s->rl = rl;
    cf_runloop_sources(rl, +1);
}
DARWIN_EXPORT("_FSEventStreamScheduleWithRunLoop", d_FSEventStreamScheduleWithRunLoop);

static void d_FSEventStreamUnscheduleFromRunLoop(struct cf *so, struct cf *rl, const void *mode)
{
    (void)mode;
    struct stream *s = st_of(so);
    if (!s || s->rl != rl || !rl)
        return;
    if (!s->invalidated)
        cf_runloop_sources(rl, -1);
    s->rl = NULL;
}
DARWIN_EXPORT("_FSEventStreamUnscheduleFromRunLoop", d_FSEventStreamUnscheduleFromRunLoop);

/* A dispatch queue: each batch's callback is queued on it. */
static void d_FSEventStreamSetDispatchQueue(struct cf *so, void *queue)
{
    struct stream *s = st_of(so);
    if (!s || s->rl)
        return;
    s->queue = queue;
}
DARWIN_EXPORT("_FSEventStreamSetDispatchQueue", d_FSEventStreamSetDispatchQueue);

static bool d_FSEventStreamStart(struct cf *so)
{
    struct stream *s = st_of(so);
    if (!s || (!s->rl && !s->queue) || s->invalidated)
        return false;
    pthread_mutex_lock(&s->mu);
    if (s->started) {
        pthread_mutex_unlock(&s->mu);
        return false;
    }
    s->ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    s->wake = eventfd(0, EFD_CLOEXEC);
    if (s->ifd < 0 || s->wake < 0) {
        if (s->ifd >= 0) close(s->ifd);
        if (s->wake >= 0) close(s->wake);
        pthread_mutex_unlock(&s->mu);
        return false;
    }
    for (int i = 0; i < s->npaths; i++) {
        char real[PATH_MAX];
        if (!realpath(s->paths[i], real))
            continue; /* FSEvents watches paths that do not exist yet; machrun cannot: partial */
        s->roots[i] = strdup(real);
        struct stat st;
        if (stat(real, &st) == 0 && S_ISDIR(st.st_mode))
            watch_tree(s, real, false, 0);
        else
            add_watch(s, real);
    }
    if (s->since != EVENT_ID_SINCE_NOW && s->since < global_event_id)
        batch_add(&s->pending, s->npaths ? s->paths[0] : "/", EF_HISTORY_DONE, 0);
    s->started = true;
    s->thread_live = pthread_create(&s->thr, NULL, reader, so) == 0;
    if (!s->thread_live) {
        s->started = false;
        close(s->ifd);
        close(s->wake);
    }
    bool ok = s->started;
    pthread_mutex_unlock(&s->mu);
    return ok;
}
DARWIN_EXPORT_PARTIAL("_FSEventStreamStart", d_FSEventStreamStart);

static void d_FSEventStreamStop(struct cf *so)
{
    struct stream *s = st_of(so);
    if (!s)
        return;
    pthread_mutex_lock(&s->mu);
    bool was = s->started;
    s->started = false;
    pthread_mutex_unlock(&s->mu);
    if (was)
        stop_thread(s);
}
DARWIN_EXPORT("_FSEventStreamStop", d_FSEventStreamStop);

static void d_FSEventStreamInvalidate(struct cf *so)
{
    struct stream *s = st_of(so);
    if (!s)
        return;
    pthread_mutex_lock(&s->mu);
    bool was = s->invalidated;
    s->invalidated = true;
    pthread_mutex_unlock(&s->mu);
    if (!was && s->rl)
        cf_runloop_sources(s->rl, -1);
}
DARWIN_EXPORT("_FSEventStreamInvalidate", d_FSEventStreamInvalidate);

static void d_FSEventStreamRelease(struct cf *so) { d_CFRelease(so); }
static void d_FSEventStreamRetain(struct cf *so) { d_CFRetain(so); }
DARWIN_EXPORT("_FSEventStreamRelease", d_FSEventStreamRelease);
DARWIN_EXPORT("_FSEventStreamRetain", d_FSEventStreamRetain);

static uint64_t d_FSEventStreamGetLatestEventId(struct cf *so)
{
    struct stream *s = st_of(so);
    return s ? s->last_id : 0;
}
DARWIN_EXPORT("_FSEventStreamGetLatestEventId", d_FSEventStreamGetLatestEventId);

static int32_t d_FSEventStreamGetDeviceBeingWatched(struct cf *so)
{
    struct stream *s = st_of(so);
    return s ? (int32_t)s->dev : 0;
}
DARWIN_EXPORT("_FSEventStreamGetDeviceBeingWatched", d_FSEventStreamGetDeviceBeingWatched);

static struct cf *d_FSEventStreamCopyPathsBeingWatched(struct cf *so)
{
    struct stream *s = st_of(so);
    if (!s)
        return NULL;
    struct cf *a = d_CFArrayCreateMutable(NULL, s->npaths, d_kCFTypeArrayCallBacks);
    for (int i = 0; a && i < s->npaths; i++) {
        struct cf *str = cf_string(s->paths[i]);
        d_CFArrayAppendValue(a, str);
        d_CFRelease(str);
    }
    return a;
}
DARWIN_EXPORT("_FSEventStreamCopyPathsBeingWatched", d_FSEventStreamCopyPathsBeingWatched);

/* Events are handed over after the latency; a flush cannot hurry the reader thread, so it
 * returns the latest id delivered so far: partial. */
static uint64_t d_FSEventStreamFlushSync(struct cf *so) { return d_FSEventStreamGetLatestEventId(so); }
static uint64_t d_FSEventStreamFlushAsync(struct cf *so) { return d_FSEventStreamGetLatestEventId(so); }
DARWIN_EXPORT_PARTIAL("_FSEventStreamFlushSync", d_FSEventStreamFlushSync);
DARWIN_EXPORT_PARTIAL("_FSEventStreamFlushAsync", d_FSEventStreamFlushAsync);

static uint64_t d_FSEventsGetCurrentEventId(void) { return __atomic_load_n(&global_event_id, __ATOMIC_RELAXED); }
DARWIN_EXPORT("_FSEventsGetCurrentEventId", d_FSEventsGetCurrentEventId);

/* There is no event database to purge; only root may purge on macOS, and then it succeeds. */
static bool d_FSEventsPurgeEventsForDeviceUpToEventId(int32_t dev, uint64_t id)
{
    (void)dev;
    (void)id;
    return geteuid() == 0;
}
DARWIN_EXPORT("_FSEventsPurgeEventsForDeviceUpToEventId", d_FSEventsPurgeEventsForDeviceUpToEventId);

static uint64_t d_FSEventsGetLastEventIdForDeviceBeforeTime(int32_t dev, double t)
{
    (void)dev;
    (void)t;
    return __atomic_load_n(&global_event_id, __ATOMIC_RELAXED);
}
DARWIN_EXPORT_PARTIAL("_FSEventsGetLastEventIdForDeviceBeforeTime", d_FSEventsGetLastEventIdForDeviceBeforeTime);
