/*
 * pthread_core.c — Darwin's pthreads over glibc's, with Darwin's layouts:
 *   pthread_t        a pointer to struct d_pthread; %gs of the thread points at its TSD
 *                    (slot 0 = the pthread_t, slot 6 = Go's g, keys from 256 up);
 *   pthread_mutex_t  64 bytes: __sig, then a glibc mutex in place. Darwin's static
 *                    initializers (0x32AAABA7 normal, 0x32AAABA1 error-checking, 0x32AAABA2
 *                    recursive) become initialized mutexes on first use, race-free (the
 *                    signature is claimed with a compare-and-swap);
 *   pthread_cond_t   48 bytes: __sig, then a sequence-counter condition variable on a
 *                    futex (glibc's does not fit in Darwin's 40 opaque bytes);
 *   pthread_rwlock_t 200 bytes: __sig, then a glibc rwlock; pthread_once_t 16 bytes.
 * Thread-specific data keys are TSD slots, so code that reads %gs:(key*8) sees the value.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "machrun/darwin/abi.h"
#include "machrun/darwin/futex.h"
#include "machrun/darwin/init.h"
#include "machrun/darwin/private.h"
#include "sched.h"
#include "tsd.h"

#define TSD_SLOTS 768
#define KEY_FIRST 256
#define KEY_LAST (TSD_SLOTS - 1)

struct d_pthread {
    pthread_t g;                 /* the glibc thread */
    void *(*start)(void *);
    void *arg;
    void *result;
    bool detached;
    bool is_main;
    uint64_t tid;                /* pthread_threadid_np */
    void *stackaddr;             /* top of the stack (Darwin's pthread_get_stackaddr_np) */
    size_t stacksize;
    char name[64];
    void *tsd[TSD_SLOTS];        /* the thread's TSD, where %gs points (freed with the record) */
};

static struct d_pthread main_thread = { .is_main = true };

static inline struct d_pthread *self(void)
{
    void **tsd = darwin_tsd_slots();
    return tsd ? tsd[0] : &main_thread;
}

void *darwin_pthread_self(void)
{
    return self();
}

/* A thread's stack, found on first request (pthread_getattr_np costs a sched_getaffinity call,
 * which would be one more syscall at every thread start): from the thread itself, or from
 * another one once pthread_create has stored the glibc thread. */
static void fill_stack_info(struct d_pthread *t)
{
    if (__atomic_load_n(&t->stackaddr, __ATOMIC_ACQUIRE))
        return;
    pthread_attr_t a;
    if (pthread_getattr_np(t == self() ? pthread_self() : t->g, &a) == 0) {
        void *lo;
        size_t sz;
        if (pthread_attr_getstack(&a, &lo, &sz) == 0) {
            t->stacksize = sz;
            __atomic_store_n(&t->stackaddr, (char *)lo + sz, __ATOMIC_RELEASE);
        }
        pthread_attr_destroy(&a);
    }
}

/* The main thread's stack without reading /proc/self/maps (which pthread_getattr_np does, at
 * every launch): the kernel copies the program's path (AT_EXECFN) to the very top of the stack,
 * one pointer below its end, so the top is the page boundary just above that string. The size
 * is the stack limit, as Darwin reports for the main thread (8 MiB when unlimited). */
static bool main_stack_info(struct d_pthread *t)
{
    const char *fn = (const char *)getauxval(AT_EXECFN);
    if (!fn)
        return false;
    uintptr_t end = (uintptr_t)fn + strlen(fn) + 1 + sizeof(void *);
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0 || (end & (uintptr_t)(page - 1)) != 0 || end < (uintptr_t)&fn)
        return false;
    struct rlimit rl;
    size_t size = 8u << 20;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        size = (size_t)rl.rlim_cur & ~(size_t)(page - 1);
    t->stackaddr = (void *)end;
    t->stacksize = size;
    t->tid = (uint64_t)gettid();
    return true;
}

/* The main thread gets its pthread_t once libSystem starts (darwin_init). */
void darwin_pthread_init_main(void)
{
    main_thread.g = pthread_self();
    if (!main_stack_info(&main_thread)) {
        main_thread.tid = (uint64_t)gettid();
        fill_stack_info(&main_thread);
    }
    darwin_tsd_init_thread(&main_thread);
}

/* ---- keys: TSD slots ---- */
static void (*key_dtor[TSD_SLOTS])(void *);
static atomic_bool key_used[TSD_SLOTS];
/* The highest key ever created: a thread's exit looks at the slots up to it only, not at all
 * 512 keys (most programs create a handful). */
static atomic_int key_high = KEY_FIRST - 1;

static int d_pthread_key_create(unsigned long *key, void (*dtor)(void *))
{
    for (int k = KEY_FIRST; k <= KEY_LAST; k++) {
        bool expect = false;
        if (atomic_compare_exchange_strong(&key_used[k], &expect, true)) {
            key_dtor[k] = dtor;
            int high = atomic_load(&key_high);
            while (high < k && !atomic_compare_exchange_weak(&key_high, &high, k))
                ;
            *key = (unsigned long)k;
            return 0;
        }
    }
    return D_EAGAIN;
}
DARWIN_EXPORT("_pthread_key_create", d_pthread_key_create);

static int d_pthread_key_delete(unsigned long key)
{
    if (key < KEY_FIRST || key > KEY_LAST || !atomic_load(&key_used[key]))
        return D_EINVAL;
    key_dtor[key] = NULL;
    atomic_store(&key_used[key], false);
    return 0;
}
DARWIN_EXPORT("_pthread_key_delete", d_pthread_key_delete);

static void *d_pthread_getspecific(unsigned long key)
{
    void **tsd = darwin_tsd_slots();
    return tsd && key < TSD_SLOTS ? tsd[key] : NULL;
}
DARWIN_EXPORT("_pthread_getspecific", d_pthread_getspecific);

static int d_pthread_setspecific(unsigned long key, const void *v)
{
    void **tsd = darwin_tsd_slots();
    if (!tsd || key >= TSD_SLOTS || key == 0)
        return D_EINVAL;
    tsd[key] = (void *)v;
    return 0;
}
DARWIN_EXPORT("_pthread_setspecific", d_pthread_setspecific);

static void run_key_destructors(void)
{
    void **tsd = darwin_tsd_slots();
    if (!tsd)
        return;
    for (int round = 0; round < 4; round++) { /* PTHREAD_DESTRUCTOR_ITERATIONS */
        bool any = false;
        int high = atomic_load(&key_high);
        for (int k = KEY_FIRST; k <= high; k++) {
            void *v = tsd[k];
            if (v && key_dtor[k] && atomic_load(&key_used[k])) {
                tsd[k] = NULL;
                key_dtor[k](v);
                any = true;
            }
        }
        if (!any)
            break;
    }
}

/* ---- attributes: Darwin's pthread_attr_t is 64 bytes (sig + 56) ---- */
#define ATTR_SIG 0x54484441

/* Darwin's <pthread.h> attribute values. */
#define D_PTHREAD_CREATE_JOINABLE 1
#define D_PTHREAD_CREATE_DETACHED 2
#define D_PTHREAD_INHERIT_SCHED 1
#define D_PTHREAD_SCOPE_SYSTEM 1
#define D_PTHREAD_CANCEL_ENABLE 1
#define D_PTHREAD_PROCESS_SHARED 1
#define D_PTHREAD_PROCESS_PRIVATE 2
#define D_PTHREAD_MUTEX_NORMAL 0
#define D_PTHREAD_MUTEX_ERRORCHECK 1
#define D_PTHREAD_MUTEX_RECURSIVE 2

struct d_attr {
    long sig;
    size_t stacksize, guardsize;
    void *stackaddr;
    int detached, policy, priority, inherit, scope;
    int pad_;
};
_Static_assert(sizeof(struct d_attr) <= 64, "fits Darwin's pthread_attr_t");

static int d_pthread_attr_init(struct d_attr *a)
{
    memset(a, 0, sizeof *a);
    a->sig = ATTR_SIG;
    a->stacksize = 512 * 1024; /* Darwin's default for secondary threads */
    a->guardsize = 4096;
    a->policy = D_SCHED_OTHER; /* Darwin's value, not Linux's */
    a->priority = 31;
    a->inherit = D_PTHREAD_INHERIT_SCHED;
    a->scope = D_PTHREAD_SCOPE_SYSTEM;
    return 0;
}
DARWIN_EXPORT("_pthread_attr_init", d_pthread_attr_init);

static int d_pthread_attr_destroy(struct d_attr *a)
{
    a->sig = 0;
    return 0;
}
DARWIN_EXPORT("_pthread_attr_destroy", d_pthread_attr_destroy);

#define ATTR_CHECK(a)                                                                                    \
    do {                                                                                                 \
        if (!(a) || (a)->sig != ATTR_SIG)                                                               \
            return D_EINVAL;                                                                             \
    } while (0)

static int d_pthread_attr_setstacksize(struct d_attr *a, size_t s)
{
    ATTR_CHECK(a);
    if (s < 16384 || (s & 4095))
        return D_EINVAL; /* Darwin requires PTHREAD_STACK_MIN and page multiples */
    a->stacksize = s;
    return 0;
}
static int d_pthread_attr_getstacksize(const struct d_attr *a, size_t *s) { ATTR_CHECK(a); *s = a->stacksize; return 0; }
static int d_pthread_attr_setdetachstate(struct d_attr *a, int d)
{
    ATTR_CHECK(a);
    if (d != D_PTHREAD_CREATE_JOINABLE && d != D_PTHREAD_CREATE_DETACHED)
        return D_EINVAL;
    a->detached = d == D_PTHREAD_CREATE_DETACHED;
    return 0;
}
static int d_pthread_attr_getdetachstate(const struct d_attr *a, int *d) { ATTR_CHECK(a); *d = a->detached ? D_PTHREAD_CREATE_DETACHED : D_PTHREAD_CREATE_JOINABLE; return 0; }
static int d_pthread_attr_setguardsize(struct d_attr *a, size_t g) { ATTR_CHECK(a); a->guardsize = g; return 0; }
static int d_pthread_attr_getguardsize(const struct d_attr *a, size_t *g) { ATTR_CHECK(a); *g = a->guardsize; return 0; }
static int d_pthread_attr_setstackaddr(struct d_attr *a, void *p) { ATTR_CHECK(a); a->stackaddr = p; return 0; }
static int d_pthread_attr_getstackaddr(const struct d_attr *a, void **p) { ATTR_CHECK(a); *p = a->stackaddr; return 0; }
static int d_pthread_attr_setstack(struct d_attr *a, void *p, size_t s)
{
    ATTR_CHECK(a);
    a->stackaddr = (char *)p + s; /* Darwin keeps the top */
    a->stacksize = s;
    return 0;
}
static int d_pthread_attr_getstack(const struct d_attr *a, void **p, size_t *s)
{
    ATTR_CHECK(a);
    *p = a->stackaddr ? (char *)a->stackaddr - a->stacksize : NULL;
    *s = a->stacksize;
    return 0;
}
struct d_sched_param {
    int sched_priority;
    char opaque[4];
};
static int d_pthread_attr_setschedparam(struct d_attr *a, const struct d_sched_param *p) { ATTR_CHECK(a); a->priority = p->sched_priority; return 0; }
static int d_pthread_attr_getschedparam(const struct d_attr *a, struct d_sched_param *p) { ATTR_CHECK(a); p->sched_priority = a->priority; return 0; }
static int d_pthread_attr_setschedpolicy(struct d_attr *a, int p)
{
    ATTR_CHECK(a);
    if (p != D_SCHED_OTHER && p != D_SCHED_FIFO && p != D_SCHED_RR)
        return D_EINVAL;
    a->policy = p;
    return 0;
}
static int d_pthread_attr_getschedpolicy(const struct d_attr *a, int *p) { ATTR_CHECK(a); *p = a->policy; return 0; }
static int d_pthread_attr_setinheritsched(struct d_attr *a, int i) { ATTR_CHECK(a); a->inherit = i; return 0; }
static int d_pthread_attr_getinheritsched(const struct d_attr *a, int *i) { ATTR_CHECK(a); *i = a->inherit; return 0; }
static int d_pthread_attr_setscope(struct d_attr *a, int s) { ATTR_CHECK(a); return s == D_PTHREAD_SCOPE_SYSTEM ? (a->scope = s, 0) : D_ENOTSUP; }
static int d_pthread_attr_getscope(const struct d_attr *a, int *s) { ATTR_CHECK(a); *s = a->scope; return 0; }
DARWIN_EXPORT("_pthread_attr_setstacksize", d_pthread_attr_setstacksize);
DARWIN_EXPORT("_pthread_attr_getstacksize", d_pthread_attr_getstacksize);
DARWIN_EXPORT("_pthread_attr_setdetachstate", d_pthread_attr_setdetachstate);
DARWIN_EXPORT("_pthread_attr_getdetachstate", d_pthread_attr_getdetachstate);
DARWIN_EXPORT("_pthread_attr_setguardsize", d_pthread_attr_setguardsize);
DARWIN_EXPORT("_pthread_attr_getguardsize", d_pthread_attr_getguardsize);
DARWIN_EXPORT("_pthread_attr_setstackaddr", d_pthread_attr_setstackaddr);
DARWIN_EXPORT("_pthread_attr_getstackaddr", d_pthread_attr_getstackaddr);
DARWIN_EXPORT("_pthread_attr_setstack", d_pthread_attr_setstack);
DARWIN_EXPORT("_pthread_attr_getstack", d_pthread_attr_getstack);
DARWIN_EXPORT("_pthread_attr_setschedparam", d_pthread_attr_setschedparam);
DARWIN_EXPORT("_pthread_attr_getschedparam", d_pthread_attr_getschedparam);
DARWIN_EXPORT("_pthread_attr_setschedpolicy", d_pthread_attr_setschedpolicy);
DARWIN_EXPORT("_pthread_attr_getschedpolicy", d_pthread_attr_getschedpolicy);
DARWIN_EXPORT("_pthread_attr_setinheritsched", d_pthread_attr_setinheritsched);
DARWIN_EXPORT("_pthread_attr_getinheritsched", d_pthread_attr_getinheritsched);
DARWIN_EXPORT("_pthread_attr_setscope", d_pthread_attr_setscope);
DARWIN_EXPORT("_pthread_attr_getscope", d_pthread_attr_getscope);

/* ---- threads ---- */
static void *trampoline(void *vt)
{
    struct d_pthread *t = vt;
    t->tid = (uint64_t)gettid();
    darwin_tsd_init_thread_in(t, t->tsd);
    void *r = t->start(t->arg);
    t->result = r;
    run_key_destructors();
    return r;
}

static int d_pthread_create(struct d_pthread **out, const struct d_attr *a, void *(*start)(void *), void *arg)
{
    if (a && a->sig != ATTR_SIG)
        return D_EINVAL;
    struct d_pthread *t = calloc(1, sizeof *t);
    if (!t)
        return D_EAGAIN;
    t->start = start;
    t->arg = arg;
    pthread_attr_t la;
    pthread_attr_init(&la);
    size_t ss = a ? a->stacksize : 512 * 1024;
    if (a && a->stackaddr)
        pthread_attr_setstack(&la, (char *)a->stackaddr - a->stacksize, a->stacksize);
    else
        pthread_attr_setstacksize(&la, ss < (size_t)PTHREAD_STACK_MIN ? (size_t)PTHREAD_STACK_MIN : ss);
    if (a && a->guardsize)
        pthread_attr_setguardsize(&la, a->guardsize);
    if (a && a->detached) {
        pthread_attr_setdetachstate(&la, PTHREAD_CREATE_DETACHED);
        t->detached = true;
    }
    *out = t; /* visible to the new thread's first instructions, as on Darwin */
    int e = pthread_create(&t->g, &la, trampoline, t);
    pthread_attr_destroy(&la);
    if (e) {
        free(t);
        return darwin_errno_from_linux(e);
    }
    return 0;
}
DARWIN_EXPORT("_pthread_create", d_pthread_create);

static int d_pthread_join(struct d_pthread *t, void **ret)
{
    if (!t || t == self())
        return t ? D_EDEADLK : D_ESRCH;
    void *r;
    int e = pthread_join(t->g, &r);
    if (e)
        return darwin_errno_from_linux(e);
    if (ret)
        *ret = r;
    if (!t->is_main)
        free(t);
    return 0;
}
DARWIN_EXPORT("_pthread_join", d_pthread_join);
DARWIN_EXPORT("_pthread_join$NOCANCEL", d_pthread_join);

static int d_pthread_detach(struct d_pthread *t)
{
    t->detached = true;
    return dreturn_err(pthread_detach(t->g)); /* the d_pthread lives on: its TSD points at it */
}
DARWIN_EXPORT("_pthread_detach", d_pthread_detach);

static void d_pthread_exit(void *v)
{
    struct d_pthread *t = self();
    t->result = v;
    run_key_destructors();
    pthread_exit(v);
}
DARWIN_EXPORT("_pthread_exit", d_pthread_exit);

static struct d_pthread *d_pthread_self(void) { return self(); }
DARWIN_EXPORT("_pthread_self", d_pthread_self);

static int d_pthread_equal(void *a, void *b) { return a == b; }
DARWIN_EXPORT("_pthread_equal", d_pthread_equal);

static int d_pthread_main_np(void) { return self()->is_main; }
DARWIN_EXPORT("_pthread_main_np", d_pthread_main_np);

static int d_pthread_threadid_np(struct d_pthread *t, uint64_t *id)
{
    if (!id)
        return D_EINVAL;
    *id = (t ? t : self())->tid;
    return 0;
}
DARWIN_EXPORT("_pthread_threadid_np", d_pthread_threadid_np);

/* Darwin names only the calling thread. */
static int d_pthread_setname_np(const char *name)
{
    struct d_pthread *t = self();
    snprintf(t->name, sizeof t->name, "%s", name);
    char comm[16];
    snprintf(comm, sizeof comm, "%s", name);
    prctl(PR_SET_NAME, comm, 0, 0, 0);
    return 0;
}
DARWIN_EXPORT("_pthread_setname_np", d_pthread_setname_np);

static int d_pthread_getname_np(struct d_pthread *t, char *buf, size_t n)
{
    if (!t)
        return D_ESRCH;
    snprintf(buf, n, "%s", t->name);
    return 0;
}
DARWIN_EXPORT("_pthread_getname_np", d_pthread_getname_np);

static void *d_pthread_get_stackaddr_np(struct d_pthread *t)
{
    fill_stack_info(t);
    return t->stackaddr;
}
static size_t d_pthread_get_stacksize_np(struct d_pthread *t)
{
    fill_stack_info(t);
    return t->stacksize;
}
DARWIN_EXPORT("_pthread_get_stackaddr_np", d_pthread_get_stackaddr_np);
DARWIN_EXPORT("_pthread_get_stacksize_np", d_pthread_get_stacksize_np);

static uint32_t d_pthread_mach_thread_np(struct d_pthread *t) { return 0x1003u + (uint32_t)(t ? t->tid : 0); }
DARWIN_EXPORT("_pthread_mach_thread_np", d_pthread_mach_thread_np);

static int d_pthread_is_threaded_np(void) { return 1; }
DARWIN_EXPORT("_pthread_is_threaded_np", d_pthread_is_threaded_np);

static int d_sched_yield(void) { return dret(sched_yield()); }
DARWIN_EXPORT("_sched_yield", d_sched_yield);
static void d_pthread_yield_np(void) { sched_yield(); }
DARWIN_EXPORT("_pthread_yield_np", d_pthread_yield_np);

static int d_pthread_setcancelstate(int s, int *old) { return dreturn_err(pthread_setcancelstate(s == D_PTHREAD_CANCEL_ENABLE ? PTHREAD_CANCEL_ENABLE : PTHREAD_CANCEL_DISABLE, old)); }
DARWIN_EXPORT_PARTIAL("_pthread_setcancelstate", d_pthread_setcancelstate);

/* Linux's signal numbers for pthread_kill: signal_core.c's table (machrun/darwin/abi.h). */
static int d_pthread_kill(struct d_pthread *t, int sig)
{
    int l = sig == 0 ? 0 : linux_sig_from_darwin(sig);
    if (sig && l <= 0)
        return D_EINVAL;
    return dreturn_err(pthread_kill(t->g, l));
}
DARWIN_EXPORT("_pthread_kill", d_pthread_kill);

/* ---- mutexes ---- */
#define MUTEX_SIG 0x4D555458L
#define MUTEX_SIG_STATIC 0x32AAABA7L
#define MUTEX_SIG_STATIC_ERRCHK 0x32AAABA1L
#define MUTEX_SIG_STATIC_RECURSIVE 0x32AAABA2L
#define MUTEX_SIG_STATIC_FIRSTFIT 0x32AAABA3L
#define MUTEX_SIG_INITIALIZING 0x1L

struct d_mutex {
    _Atomic long sig;
    pthread_mutex_t m;
};
_Static_assert(sizeof(struct d_mutex) <= 64, "fits Darwin's pthread_mutex_t");

struct d_mutexattr {
    long sig;
    uint8_t type, pshared, protocol, pad_[5];
};
_Static_assert(sizeof(struct d_mutexattr) == 16, "Darwin's pthread_mutexattr_t is 16 bytes");
#define MUTEXATTR_SIG 0x4D545841L

static int d_pthread_mutexattr_init(struct d_mutexattr *a)
{
    a->sig = MUTEXATTR_SIG;
    a->type = D_PTHREAD_MUTEX_NORMAL;
    a->pshared = D_PTHREAD_PROCESS_PRIVATE;
    a->protocol = 0;
    return 0;
}
static int d_pthread_mutexattr_destroy(struct d_mutexattr *a) { a->sig = 0; return 0; }
static int d_pthread_mutexattr_settype(struct d_mutexattr *a, int t)
{
    if (t < D_PTHREAD_MUTEX_NORMAL || t > D_PTHREAD_MUTEX_RECURSIVE) /* DEFAULT is NORMAL */
        return D_EINVAL;
    a->type = t;
    return 0;
}
static int d_pthread_mutexattr_gettype(const struct d_mutexattr *a, int *t) { *t = a->type; return 0; }
static int d_pthread_mutexattr_setpshared(struct d_mutexattr *a, int p) { a->pshared = p; return 0; }
static int d_pthread_mutexattr_getpshared(const struct d_mutexattr *a, int *p) { *p = a->pshared; return 0; }
static int d_pthread_mutexattr_setprotocol(struct d_mutexattr *a, int p) { a->protocol = p; return 0; }
static int d_pthread_mutexattr_getprotocol(const struct d_mutexattr *a, int *p) { *p = a->protocol; return 0; }
static int d_pthread_mutexattr_setpolicy_np(struct d_mutexattr *a, int p) { (void)a; (void)p; return 0; }
DARWIN_EXPORT("_pthread_mutexattr_init", d_pthread_mutexattr_init);
DARWIN_EXPORT("_pthread_mutexattr_destroy", d_pthread_mutexattr_destroy);
DARWIN_EXPORT("_pthread_mutexattr_settype", d_pthread_mutexattr_settype);
DARWIN_EXPORT("_pthread_mutexattr_gettype", d_pthread_mutexattr_gettype);
DARWIN_EXPORT("_pthread_mutexattr_setpshared", d_pthread_mutexattr_setpshared);
DARWIN_EXPORT("_pthread_mutexattr_getpshared", d_pthread_mutexattr_getpshared);
DARWIN_EXPORT("_pthread_mutexattr_setprotocol", d_pthread_mutexattr_setprotocol);
DARWIN_EXPORT("_pthread_mutexattr_getprotocol", d_pthread_mutexattr_getprotocol);
DARWIN_EXPORT("_pthread_mutexattr_setpolicy_np", d_pthread_mutexattr_setpolicy_np);

static int init_mutex(struct d_mutex *m, int type, int pshared)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, type == D_PTHREAD_MUTEX_ERRORCHECK  ? PTHREAD_MUTEX_ERRORCHECK
                                  : type == D_PTHREAD_MUTEX_RECURSIVE ? PTHREAD_MUTEX_RECURSIVE
                                                                      : PTHREAD_MUTEX_NORMAL);
    if (pshared == D_PTHREAD_PROCESS_SHARED)
        pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    int e = pthread_mutex_init(&m->m, &a);
    pthread_mutexattr_destroy(&a);
    return e;
}

static int d_pthread_mutex_init(struct d_mutex *m, const struct d_mutexattr *a)
{
    int e = init_mutex(m, a ? a->type : D_PTHREAD_MUTEX_NORMAL, a ? a->pshared : D_PTHREAD_PROCESS_PRIVATE);
    if (e)
        return darwin_errno_from_linux(e);
    atomic_store_explicit(&m->sig, MUTEX_SIG, memory_order_release);
    return 0;
}
DARWIN_EXPORT("_pthread_mutex_init", d_pthread_mutex_init);

/* The glibc mutex of a Darwin mutex, initialising one set up by a static initializer. */
static pthread_mutex_t *mutex_of(struct d_mutex *m)
{
    long s = atomic_load_explicit(&m->sig, memory_order_acquire);
    if (__builtin_expect(s == MUTEX_SIG, 1))
        return &m->m;
    if (s == MUTEX_SIG_STATIC || s == MUTEX_SIG_STATIC_FIRSTFIT)
        return &m->m; /* all-zero opaque bytes are glibc's PTHREAD_MUTEX_INITIALIZER */
    if (s == MUTEX_SIG_STATIC_ERRCHK || s == MUTEX_SIG_STATIC_RECURSIVE) {
        if (atomic_compare_exchange_strong(&m->sig, &s, MUTEX_SIG_INITIALIZING)) {
            init_mutex(m, s == MUTEX_SIG_STATIC_ERRCHK ? 1 : 2, 2);
            atomic_store_explicit(&m->sig, MUTEX_SIG, memory_order_release);
            return &m->m;
        }
    }
    while (atomic_load_explicit(&m->sig, memory_order_acquire) == MUTEX_SIG_INITIALIZING)
        sched_yield();
    s = atomic_load_explicit(&m->sig, memory_order_acquire);
    return s == MUTEX_SIG ? &m->m : NULL;
}

static int d_pthread_mutex_lock(struct d_mutex *m)
{
    pthread_mutex_t *g = mutex_of(m);
    return g ? dreturn_err(pthread_mutex_lock(g)) : D_EINVAL;
}
static int d_pthread_mutex_trylock(struct d_mutex *m)
{
    pthread_mutex_t *g = mutex_of(m);
    return g ? dreturn_err(pthread_mutex_trylock(g)) : D_EINVAL;
}
static int d_pthread_mutex_unlock(struct d_mutex *m)
{
    pthread_mutex_t *g = mutex_of(m);
    return g ? dreturn_err(pthread_mutex_unlock(g)) : D_EINVAL;
}
static int d_pthread_mutex_destroy(struct d_mutex *m)
{
    pthread_mutex_t *g = mutex_of(m);
    if (!g)
        return D_EINVAL;
    int e = pthread_mutex_destroy(g);
    if (!e)
        atomic_store(&m->sig, 0);
    return dreturn_err(e);
}
DARWIN_EXPORT("_pthread_mutex_lock", d_pthread_mutex_lock);
DARWIN_EXPORT("_pthread_mutex_trylock", d_pthread_mutex_trylock);
DARWIN_EXPORT("_pthread_mutex_unlock", d_pthread_mutex_unlock);
DARWIN_EXPORT("_pthread_mutex_destroy", d_pthread_mutex_destroy);

/* ---- condition variables: a sequence counter on a futex ---- */
#define COND_SIG 0x434F4E44L
#define COND_SIG_STATIC 0x3CB0B1BBL
struct d_cond {
    _Atomic long sig;
    _Atomic uint32_t seq;
    uint32_t pad_[9];
};
_Static_assert(sizeof(struct d_cond) <= 48, "fits Darwin's pthread_cond_t");


static int d_pthread_cond_init(struct d_cond *c, const void *attr)
{
    (void)attr;
    atomic_store(&c->seq, 0);
    atomic_store_explicit(&c->sig, COND_SIG, memory_order_release);
    return 0;
}
DARWIN_EXPORT("_pthread_cond_init", d_pthread_cond_init);

static int d_pthread_cond_destroy(struct d_cond *c)
{
    atomic_store(&c->sig, 0);
    return 0;
}
DARWIN_EXPORT("_pthread_cond_destroy", d_pthread_cond_destroy);

static bool cond_ok(struct d_cond *c)
{
    long s = atomic_load_explicit(&c->sig, memory_order_acquire);
    return s == COND_SIG || s == COND_SIG_STATIC;
}

/* Wait with an absolute CLOCK_REALTIME deadline, a relative timeout, or none. */
static int cond_wait(struct d_cond *c, struct d_mutex *m, const struct timespec *abs, const struct timespec *rel)
{
    if (!cond_ok(c))
        return D_EINVAL;
    pthread_mutex_t *g = mutex_of(m);
    if (!g)
        return D_EINVAL;
    uint32_t seq = atomic_load_explicit(&c->seq, memory_order_acquire);
    int e = pthread_mutex_unlock(g);
    if (e)
        return darwin_errno_from_linux(e);
    int r;
    if (abs)
        r = futex(&c->seq, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME, seq, abs,
                  FUTEX_BITSET_MATCH_ANY);
    else
        r = futex(&c->seq, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, seq, rel, 0);
    int werr = r < 0 ? errno : 0;
    pthread_mutex_lock(g);
    if (werr == ETIMEDOUT)
        return D_ETIMEDOUT;
    return 0;      /* woken, changed before we slept, or interrupted: callers re-check */
}

static int d_pthread_cond_wait(struct d_cond *c, struct d_mutex *m) { return cond_wait(c, m, NULL, NULL); }
static int d_pthread_cond_timedwait(struct d_cond *c, struct d_mutex *m, const struct timespec *abs)
{
    if (abs->tv_nsec < 0 || abs->tv_nsec >= 1000000000)
        return D_EINVAL;
    return cond_wait(c, m, abs, NULL);
}
static int d_pthread_cond_timedwait_relative_np(struct d_cond *c, struct d_mutex *m, const struct timespec *rel)
{
    if (rel->tv_nsec < 0 || rel->tv_nsec >= 1000000000)
        return D_EINVAL;
    return cond_wait(c, m, NULL, rel);
}
DARWIN_EXPORT("_pthread_cond_wait", d_pthread_cond_wait);
DARWIN_EXPORT("_pthread_cond_wait$NOCANCEL", d_pthread_cond_wait);
DARWIN_EXPORT("_pthread_cond_timedwait", d_pthread_cond_timedwait);
DARWIN_EXPORT("_pthread_cond_timedwait$NOCANCEL", d_pthread_cond_timedwait);
DARWIN_EXPORT("_pthread_cond_timedwait_relative_np", d_pthread_cond_timedwait_relative_np);

static int d_pthread_cond_signal(struct d_cond *c)
{
    if (!cond_ok(c))
        return D_EINVAL;
    atomic_fetch_add_explicit(&c->seq, 1, memory_order_release);
    futex(&c->seq, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, 0);
    return 0;
}
static int d_pthread_cond_broadcast(struct d_cond *c)
{
    if (!cond_ok(c))
        return D_EINVAL;
    atomic_fetch_add_explicit(&c->seq, 1, memory_order_release);
    futex(&c->seq, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT_MAX, NULL, 0);
    return 0;
}
DARWIN_EXPORT("_pthread_cond_signal", d_pthread_cond_signal);
DARWIN_EXPORT("_pthread_cond_broadcast", d_pthread_cond_broadcast);

static int d_pthread_condattr_init(long *a) { *a = 0x434E4441L; return 0; }
static int d_pthread_condattr_destroy(long *a) { *a = 0; return 0; }
DARWIN_EXPORT("_pthread_condattr_init", d_pthread_condattr_init);
DARWIN_EXPORT("_pthread_condattr_destroy", d_pthread_condattr_destroy);

/* ---- read-write locks ---- */
#define RWLOCK_SIG 0x52574C4BL
#define RWLOCK_SIG_STATIC 0x2DA8B3B4L
struct d_rwlock {
    _Atomic long sig;
    pthread_rwlock_t rw;
};
_Static_assert(sizeof(struct d_rwlock) <= 200, "fits Darwin's pthread_rwlock_t");

static pthread_rwlock_t *rw_of(struct d_rwlock *r)
{
    long s = atomic_load_explicit(&r->sig, memory_order_acquire);
    return (s == RWLOCK_SIG || s == RWLOCK_SIG_STATIC) ? &r->rw : NULL; /* zero bytes are glibc's initializer */
}
static int d_pthread_rwlock_init(struct d_rwlock *r, const void *attr)
{
    (void)attr;
    int e = pthread_rwlock_init(&r->rw, NULL);
    if (!e)
        atomic_store_explicit(&r->sig, RWLOCK_SIG, memory_order_release);
    return dreturn_err(e);
}
static int d_pthread_rwlock_destroy(struct d_rwlock *r)
{
    pthread_rwlock_t *g = rw_of(r);
    if (!g)
        return D_EINVAL;
    atomic_store(&r->sig, 0);
    return dreturn_err(pthread_rwlock_destroy(g));
}
#define RW_OP(name, call)                                                                                \
    static int d_pthread_rwlock_##name(struct d_rwlock *r)                                               \
    {                                                                                                    \
        pthread_rwlock_t *g = rw_of(r);                                                                  \
        return g ? dreturn_err(call(g)) : D_EINVAL;                                                      \
    }                                                                                                    \
    DARWIN_EXPORT("_pthread_rwlock_" #name, d_pthread_rwlock_##name)
RW_OP(rdlock, pthread_rwlock_rdlock);
RW_OP(wrlock, pthread_rwlock_wrlock);
RW_OP(tryrdlock, pthread_rwlock_tryrdlock);
RW_OP(trywrlock, pthread_rwlock_trywrlock);
RW_OP(unlock, pthread_rwlock_unlock);
DARWIN_EXPORT("_pthread_rwlock_init", d_pthread_rwlock_init);
DARWIN_EXPORT("_pthread_rwlock_destroy", d_pthread_rwlock_destroy);

/* ---- once ---- */
#define ONCE_SIG_STATIC 0x30B1BCBAL
struct d_once {
    long sig;
    _Atomic uint32_t state; /* 0 not run, 1 running, 2 done */
    uint32_t pad_;
};

static int d_pthread_once(struct d_once *o, void (*fn)(void))
{
    uint32_t s = atomic_load_explicit(&o->state, memory_order_acquire);
    if (s == 2)
        return 0;
    s = 0;
    if (atomic_compare_exchange_strong(&o->state, &s, 1)) {
        fn();
        atomic_store_explicit(&o->state, 2, memory_order_release);
        futex(&o->state, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT_MAX, NULL, 0);
        return 0;
    }
    while ((s = atomic_load_explicit(&o->state, memory_order_acquire)) != 2)
        futex(&o->state, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, s, NULL, 0);
    return 0;
}
DARWIN_EXPORT("_pthread_once", d_pthread_once);
