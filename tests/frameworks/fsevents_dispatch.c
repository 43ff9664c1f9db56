/* fsevents_dispatch.c — machrun's frameworks without an npm tool in between: Blocks and
 * libdispatch (serial, global and main queues, groups, after, once), FSEvents delivered on a
 * dispatch queue and on a thread's CFRunLoop, and CFString's UTF-16 view of UTF-8 text.
 * Framework symbols are declared here (zig's SDK has no framework headers) and bound by
 * name at run time. usage: fsevents_dispatch DIR (an empty folder to watch) */
#include <dispatch/dispatch.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef const void *CFTypeRef;
typedef void *FSEventStreamRef;
typedef unsigned int Flags;
typedef unsigned long long EventId;
typedef struct { long location, length; } CFRange;
extern const char kCFTypeArrayCallBacks[];
extern CFTypeRef kCFRunLoopDefaultMode;
CFTypeRef CFStringCreateWithCString(const void *, const char *, unsigned);
long CFStringGetLength(CFTypeRef);
long CFStringGetBytes(CFTypeRef, CFRange, unsigned, unsigned char, bool, unsigned char *, long, long *);
CFTypeRef CFArrayCreate(const void *, const void **, long, const void *);
void CFRelease(CFTypeRef);
CFTypeRef CFRunLoopGetCurrent(void);
void CFRunLoopRun(void);
void CFRunLoopStop(CFTypeRef);
bool CFRunLoopIsWaiting(CFTypeRef);
CFTypeRef CFURLCreateFromFileSystemRepresentation(const void *, const char *, long, bool);
CFTypeRef CFURLCreateWithBytes(const void *, const char *, long, unsigned, CFTypeRef);
CFTypeRef CFURLGetString(CFTypeRef);
bool CFStringGetCString(CFTypeRef, char *, long, unsigned);
CFTypeRef LSCopyDefaultApplicationURLForURL(CFTypeRef, unsigned, CFTypeRef *);
long CFErrorGetCode(CFTypeRef);
typedef void (*Callback)(const void *, void *, size_t, void *, const Flags *, const EventId *);
FSEventStreamRef FSEventStreamCreate(const void *, Callback, void *, CFTypeRef, EventId, double, unsigned);
void FSEventStreamSetDispatchQueue(FSEventStreamRef, dispatch_queue_t);
void FSEventStreamScheduleWithRunLoop(FSEventStreamRef, CFTypeRef, CFTypeRef);
bool FSEventStreamStart(FSEventStreamRef);
void FSEventStreamStop(FSEventStreamRef);
void FSEventStreamInvalidate(FSEventStreamRef);
void FSEventStreamRelease(FSEventStreamRef);
#define UTF8 0x08000100u
#define UTF16LE 0x14000100u
#define SINCE_NOW 0xFFFFFFFFFFFFFFFFull
#define FILE_EVENTS 0x10u
#define NO_DEFER 0x02u
#define CREATED 0x100u
#define IS_FILE 0x10000u
#define IS_DIR 0x20000u

static const char *dir;
static dispatch_semaphore_t got;
static const char *volatile want;

static void callback(const void *s, void *info, size_t n, void *paths, const Flags *flags, const EventId *ids)
{
    (void)s;
    (void)ids;
    char **p = paths;
    for (size_t i = 0; i < n; i++) {
        const char *name = strncmp(p[i], dir, strlen(dir)) ? p[i] : p[i] + strlen(dir);
        if (!want || strcmp(name, want))
            continue;
        /* The first event names the file as created (its write may come in the same event or a
         * later one, as the events are batched). */
        want = NULL;
        printf("%s: %s%s%s%s\n", (const char *)info, name, flags[i] & CREATED ? " created" : "",
               flags[i] & IS_FILE ? " file" : "", flags[i] & IS_DIR ? " dir" : "");
        fflush(stdout);
        dispatch_semaphore_signal(got);
    }
}

static void touch(const char *name, const char *text)
{
    char f[1024];
    snprintf(f, sizeof f, "%s%s", dir, name);
    FILE *fp = fopen(f, "w");
    fputs(text, fp);
    fclose(fp);
}

static FSEventStreamRef stream(const char *label)
{
    CFTypeRef d = CFStringCreateWithCString(NULL, dir, UTF8);
    CFTypeRef paths = CFArrayCreate(NULL, &d, 1, kCFTypeArrayCallBacks);
    struct { long version; void *info; void *retain, *release, *desc; } ctx = { 0, (void *)label, 0, 0, 0 };
    FSEventStreamRef s = FSEventStreamCreate(NULL, callback, &ctx, paths, SINCE_NOW, 0.05, FILE_EVENTS | NO_DEFER);
    CFRelease(paths);
    CFRelease(d);
    return s;
}

static CFTypeRef loop;
static FSEventStreamRef rl_stream;
static void *loop_thread(void *arg)
{
    (void)arg;
    loop = CFRunLoopGetCurrent();
    rl_stream = stream("run loop");
    FSEventStreamScheduleWithRunLoop(rl_stream, loop, kCFRunLoopDefaultMode);
    FSEventStreamStart(rl_stream);
    CFRunLoopRun();
    printf("run loop stopped\n");
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    char d[1024];
    snprintf(d, sizeof d, "%s/", argv[1]);
    dir = d;

    __block int sum = 0;
    dispatch_queue_t q = dispatch_queue_create("test.serial", NULL);
    for (int i = 0; i < 100; i++)
        dispatch_async(q, ^{ sum += i; });
    dispatch_sync(q, ^{ printf("serial queue %s: sum %d\n", dispatch_queue_get_label(q), sum); });
    dispatch_group_t g = dispatch_group_create();
    __block long squares = 0;
    for (int i = 1; i <= 10; i++)
        dispatch_group_async(g, dispatch_get_global_queue(DISPATCH_QUEUE_PRIORITY_DEFAULT, 0),
                             ^{ __sync_fetch_and_add(&squares, (long)i * i); });
    printf("group wait %ld: %ld\n", dispatch_group_wait(g, DISPATCH_TIME_FOREVER), squares);
    dispatch_semaphore_t s = dispatch_semaphore_create(0);
    dispatch_after(dispatch_time(DISPATCH_TIME_NOW, 30 * NSEC_PER_MSEC), q, ^{ dispatch_semaphore_signal(s); });
    printf("after: %ld\n", dispatch_semaphore_wait(s, dispatch_time(DISPATCH_TIME_NOW, 5 * NSEC_PER_SEC)));
    static dispatch_once_t once;
    __block int runs = 0;
    for (int i = 0; i < 3; i++)
        dispatch_once(&once, ^{ runs++; });
    printf("once: %d\n", runs);

    CFTypeRef str = CFStringCreateWithCString(NULL, "h\xc3\xa9llo \xf0\x9f\x99\x82", UTF8);
    long used = 0, n = CFStringGetLength(str);
    long conv = CFStringGetBytes(str, (CFRange){ 0, n }, UTF16LE, 0, false, NULL, 0, &used);
    printf("CFString: %ld UTF-16 units, %ld converted, %ld bytes as UTF-16\n", n, conv, used);
    CFRelease(str);

    char buf[256];
    CFTypeRef u = CFURLCreateFromFileSystemRepresentation(NULL, "/tmp/a b", 8, true);
    CFStringGetCString(CFURLGetString(u), buf, sizeof buf, UTF8);
    printf("CFURL: %s\n", buf);
    CFTypeRef w = CFURLCreateWithBytes(NULL, "https://example.com/x?y", 23, UTF8, NULL), err = NULL;
    CFStringGetCString(CFURLGetString(w), buf, sizeof buf, UTF8);
    printf("CFURL: %s\n", buf);
    CFTypeRef app = LSCopyDefaultApplicationURLForURL(w, 0xffffffff, &err);
    printf("default application: %s, error %ld\n", app ? "some" : "none", err ? CFErrorGetCode(err) : 0);
    CFRelease(err);
    CFRelease(w);
    CFRelease(u);

    got = dispatch_semaphore_create(0);
    FSEventStreamRef qs = stream("queue");
    FSEventStreamSetDispatchQueue(qs, q);
    printf("start on a queue: %d\n", FSEventStreamStart(qs));
    want = "a.txt";
    touch("a.txt", "x");
    printf("waited: %ld\n", dispatch_semaphore_wait(got, dispatch_time(DISPATCH_TIME_NOW, 5 * NSEC_PER_SEC)));
    FSEventStreamStop(qs);
    FSEventStreamInvalidate(qs);
    FSEventStreamRelease(qs);

    pthread_t t;
    pthread_create(&t, NULL, loop_thread, NULL);
    while (!loop || !CFRunLoopIsWaiting(loop))
        sched_yield();
    want = "b.txt";
    touch("b.txt", "y");
    printf("waited: %ld\n", dispatch_semaphore_wait(got, dispatch_time(DISPATCH_TIME_NOW, 5 * NSEC_PER_SEC)));
    while (!CFRunLoopIsWaiting(loop))
        sched_yield();
    CFRunLoopStop(loop);
    pthread_join(t, NULL);
    FSEventStreamStop(rl_stream);
    FSEventStreamInvalidate(rl_stream);
    FSEventStreamRelease(rl_stream);

    dispatch_release(q);
    dispatch_release(g);
    dispatch_async(dispatch_get_main_queue(), ^{
        printf("main queue\n");
        exit(0);
    });
    dispatch_main();
}
