/*
 * mach_exc.c — Mach ports, mach_msg and Mach exceptions, as far as a JIT needs them.
 * wasmtime on macOS catches the faults of compiled Wasm (a trap, an out-of-bounds access) as
 * Mach exceptions: it allocates a receive port, sets it as the exception port of each thread
 * that runs Wasm, and a handler thread receives exception_raise messages with mach_msg,
 * reads the faulting thread's registers (thread_get_state), redirects it
 * (thread_set_state) and replies.
 *
 * Here a port is a message queue. When a synchronous fault signal (SIGSEGV, SIGBUS, SIGILL,
 * SIGFPE, SIGTRAP) arrives in a thread — or a task — that has an exception port for its
 * exception type (EXC_BAD_ACCESS, EXC_BAD_INSTRUCTION, EXC_ARITHMETIC, EXC_BREAKPOINT),
 * signal_core.c's handler first calls the fault hook set here: the faulting thread queues a
 * (mach_)exception_raise request on the port and waits in its signal handler for the reply;
 * while it waits its registers are what thread_get_state reads and thread_set_state writes,
 * and a KERN_SUCCESS reply resumes it with them. Any other reply, as on macOS, turns the
 * exception into the signal, which then takes the guest's disposition.
 *
 * Partial: only EXCEPTION_DEFAULT behaviour (with or without MACH_EXCEPTION_CODES); messages
 * between ports are copied as plain bytes (port rights and out-of-line memory in complex
 * messages are not transferred); port sets and MACH_RCV_LARGE are not implemented.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <time.h>
#include <unistd.h>

#include "machrun/darwin/kern_return.h"
#include "machrun/darwin/private.h"
#include "machrun/darwin/signals.h"

#define MACH_SEND_MSG 0x1u
#define MACH_RCV_MSG 0x2u
#define MACH_SEND_TIMEOUT 0x10u
#define MACH_RCV_TIMEOUT 0x100u

#define TASK_PORT 0x103u
#define THREAD_PORT_BASE 0x1003u /* mach.c: mach_thread_self() is this plus the thread id */

#define MACH_PORT_RIGHT_RECEIVE 1
#define EXCEPTION_DEFAULT 1
#define MACH_EXCEPTION_CODES 0x80000000u

#define EXC_BAD_ACCESS 1
#define EXC_BAD_INSTRUCTION 2
#define EXC_ARITHMETIC 3
#define EXC_BREAKPOINT 6

#define x86_THREAD_STATE64 4
#define x86_THREAD_STATE64_COUNT 42
#define x86_EXCEPTION_STATE64 6
#define x86_EXCEPTION_STATE64_COUNT 4

/* NDR_record: what MIG stubs put in messages (little-endian, ASCII, IEEE). */
static const uint8_t d_NDR_record[8] = { 0, 0, 0, 0, 1, 0, 0, 0 };
DARWIN_EXPORT_DATA("_NDR_record", d_NDR_record);

struct msg { struct msg *next; uint32_t size; uint8_t bytes[]; };

struct port {
    uint32_t name;
    bool live;
    struct msg *head, *tail;
};

#define MAX_PORTS 256
static struct port ports[MAX_PORTS];
static uint32_t next_name = 0x2103;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER; /* a message was queued (any port) */

/* A fault waiting for its exception's reply. */
struct pending {
    struct pending *next;
    uint32_t thread;       /* the faulting thread's port name */
    uint32_t reply;        /* the reply port named in the request */
    ucontext_t *uc;
    uint64_t fault_addr;
    int32_t ret;           /* the reply's RetCode */
    uint32_t done;         /* futex word */
};
static struct pending *pendings;

struct exc_port { uint32_t mask, port; int behavior; };
static struct exc_port task_exc[16];   /* by exception type */
struct thread_exc { uint32_t thread; struct exc_port e[16]; };
static struct thread_exc *thread_excs;
static size_t n_thread_excs, cap_thread_excs;

static struct port *port_of(uint32_t name)
{
    for (int i = 0; i < MAX_PORTS; i++)
        if (ports[i].live && ports[i].name == name)
            return &ports[i];
    return NULL;
}

static int d_mach_port_allocate(uint32_t task, int right, uint32_t *name)
{
    if (task != TASK_PORT)
        return KERN_INVALID_ARGUMENT;
    if (right != MACH_PORT_RIGHT_RECEIVE)
        return KERN_INVALID_VALUE; /* port sets and dead names: not implemented */
    pthread_mutex_lock(&mu);
    for (int i = 0; i < MAX_PORTS; i++)
        if (!ports[i].live) {
            ports[i] = (struct port){ next_name, true, NULL, NULL };
            next_name += 0x100;
            *name = ports[i].name;
            pthread_mutex_unlock(&mu);
            return KERN_SUCCESS;
        }
    pthread_mutex_unlock(&mu);
    return KERN_RESOURCE_SHORTAGE;
}
DARWIN_EXPORT_PARTIAL("_mach_port_allocate", d_mach_port_allocate);

/* Send rights are implied by the receive right here: MAKE_SEND/COPY_SEND/MAKE_SEND_ONCE on a
 * port this task receives from succeed. */
static int d_mach_port_insert_right(uint32_t task, uint32_t name, uint32_t poly, int type)
{
    (void)type;
    if (task != TASK_PORT)
        return KERN_INVALID_ARGUMENT;
    pthread_mutex_lock(&mu);
    bool ok = port_of(name) != NULL;
    pthread_mutex_unlock(&mu);
    if (!ok)
        return KERN_INVALID_NAME;
    return poly == name ? KERN_SUCCESS : KERN_INVALID_RIGHT;
}
DARWIN_EXPORT("_mach_port_insert_right", d_mach_port_insert_right);

static int d_mach_port_destroy(uint32_t task, uint32_t name)
{
    if (task != TASK_PORT)
        return KERN_INVALID_ARGUMENT;
    pthread_mutex_lock(&mu);
    struct port *p = port_of(name);
    if (p) {
        for (struct msg *m = p->head, *n; m; m = n) {
            n = m->next;
            free(m);
        }
        memset(p, 0, sizeof *p);
    }
    pthread_mutex_unlock(&mu);
    return KERN_SUCCESS; /* destroying a name that is not a port is not an error for callers here */
}
DARWIN_EXPORT("_mach_port_destroy", d_mach_port_destroy);

static int d_mach_port_mod_refs(uint32_t task, uint32_t name, int right, int delta)
{
    if (task != TASK_PORT)
        return KERN_INVALID_ARGUMENT;
    if (right == MACH_PORT_RIGHT_RECEIVE && delta < 0)
        return d_mach_port_destroy(task, name);
    return KERN_SUCCESS;
}
DARWIN_EXPORT_PARTIAL("_mach_port_mod_refs", d_mach_port_mod_refs);

/* ---- exception ports ---- */
static struct exc_port *thread_table(uint32_t thread, bool make)
{
    for (size_t i = 0; i < n_thread_excs; i++)
        if (thread_excs[i].thread == thread)
            return thread_excs[i].e;
    if (!make)
        return NULL;
    if (n_thread_excs == cap_thread_excs) {
        size_t c = cap_thread_excs ? cap_thread_excs * 2 : 16;
        struct thread_exc *t = realloc(thread_excs, c * sizeof *t);
        if (!t)
            return NULL;
        thread_excs = t;
        cap_thread_excs = c;
    }
    memset(&thread_excs[n_thread_excs], 0, sizeof thread_excs[0]);
    thread_excs[n_thread_excs].thread = thread;
    return thread_excs[n_thread_excs++].e;
}

static bool mach_exception(int lsig, void *vsi, void *vuc);

static void watch_faults(void)
{
    static bool watching;
    if (__atomic_exchange_n(&watching, true, __ATOMIC_ACQ_REL))
        return;
    /* Have signal_core.c's handler see the fault signals even where the guest leaves them at
     * SIG_DFL. */
    static const int sigs[] = { D_SIGILL, D_SIGTRAP, D_SIGFPE, D_SIGBUS, D_SIGSEGV };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        darwin_signal_watch(sigs[i], 1);
}

static int set_ports(struct exc_port *t, uint32_t mask, uint32_t port, int behavior)
{
    if ((behavior & ~(int)MACH_EXCEPTION_CODES) != EXCEPTION_DEFAULT && port)
        return KERN_INVALID_ARGUMENT; /* EXCEPTION_STATE(_IDENTITY): not implemented */
    if (port && !port_of(port))
        return KERN_INVALID_ARGUMENT;
    if (port) /* before the port is in place: a fault from now on is offered to it */
        darwin_signal_set_fault_hook(mach_exception);
    for (int e = 1; e < 16; e++)
        if (mask & (1u << e))
            t[e] = (struct exc_port){ mask, port, behavior };
    return KERN_SUCCESS;
}

static int d_thread_set_exception_ports(uint32_t thread, uint32_t mask, uint32_t port, int behavior, int flavor)
{
    (void)flavor;
    pthread_mutex_lock(&mu);
    struct exc_port *t = thread_table(thread, true);
    int kr = t ? set_ports(t, mask, port, behavior) : KERN_FAILURE;
    pthread_mutex_unlock(&mu);
    if (kr == KERN_SUCCESS && port)
        watch_faults();
    return kr;
}
DARWIN_EXPORT_PARTIAL("_thread_set_exception_ports", d_thread_set_exception_ports);

static int d_task_set_exception_ports(uint32_t task, uint32_t mask, uint32_t port, int behavior, int flavor)
{
    (void)flavor;
    if (task != TASK_PORT)
        return KERN_INVALID_ARGUMENT;
    pthread_mutex_lock(&mu);
    int kr = set_ports(task_exc, mask, port, behavior);
    pthread_mutex_unlock(&mu);
    if (kr == KERN_SUCCESS && port)
        watch_faults();
    return kr;
}
DARWIN_EXPORT_PARTIAL("_task_set_exception_ports", d_task_set_exception_ports);

static int d_task_get_exception_ports(uint32_t task, uint32_t mask, uint32_t *masks, uint32_t *count,
                                      uint32_t *oports, int *behaviors, int *flavors)
{
    if (task != TASK_PORT)
        return KERN_INVALID_ARGUMENT;
    uint32_t n = 0, max = *count;
    pthread_mutex_lock(&mu);
    for (int e = 1; e < 16 && n < max; e++)
        if ((mask & (1u << e)) && task_exc[e].port) {
            masks[n] = 1u << e;
            oports[n] = task_exc[e].port;
            behaviors[n] = task_exc[e].behavior;
            flavors[n] = 0;
            n++;
        }
    pthread_mutex_unlock(&mu);
    *count = n;
    return KERN_SUCCESS;
}
DARWIN_EXPORT("_task_get_exception_ports", d_task_get_exception_ports);

/* ---- mach_msg ---- */
struct header { uint32_t bits, size, remote, local, voucher; int32_t id; };

static int queue(uint32_t name, const void *bytes, uint32_t size)
{
    struct port *p = port_of(name);
    if (!p)
        return MACH_SEND_INVALID_DEST;
    struct msg *m = malloc(sizeof *m + size);
    if (!m)
        return MACH_SEND_NO_BUFFER;
    m->next = NULL;
    m->size = size;
    memcpy(m->bytes, bytes, size);
    if (p->tail)
        p->tail->next = m;
    else
        p->head = m;
    p->tail = m;
    pthread_cond_broadcast(&cv);
    return 0;
}

static void futex_wake(uint32_t *w) { syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0); }

static int do_send(const struct header *h, uint32_t size)
{
    if (size < sizeof *h)
        return MACH_SEND_MSG_TOO_SMALL;
    /* A reply to an exception? */
    for (struct pending *p = pendings; p; p = p->next)
        if (p->reply == h->remote && !p->done) {
            int32_t ret = KERN_FAILURE;
            if (size >= 36)
                memcpy(&ret, (const uint8_t *)h + 32, 4); /* Head, NDR, RetCode */
            p->ret = ret;
            __atomic_store_n(&p->done, 1, __ATOMIC_RELEASE);
            futex_wake(&p->done);
            return 0;
        }
    return queue(h->remote, h, size);
}

static int d_mach_msg(struct header *msg, uint32_t option, uint32_t send_size, uint32_t rcv_size, uint32_t rcv_name,
                      uint32_t timeout, uint32_t notify)
{
    (void)notify;
    pthread_mutex_lock(&mu);
    if (option & MACH_SEND_MSG) {
        int r = do_send(msg, send_size);
        if (r) {
            pthread_mutex_unlock(&mu);
            return r;
        }
    }
    if (!(option & MACH_RCV_MSG)) {
        pthread_mutex_unlock(&mu);
        return 0;
    }
    struct timespec end;
    if (option & MACH_RCV_TIMEOUT) {
        clock_gettime(CLOCK_REALTIME, &end);
        end.tv_sec += timeout / 1000;
        end.tv_nsec += (long)(timeout % 1000) * 1000000L;
        if (end.tv_nsec >= 1000000000L) {
            end.tv_sec++;
            end.tv_nsec -= 1000000000L;
        }
    }
    for (;;) {
        struct port *p = port_of(rcv_name);
        if (!p) {
            pthread_mutex_unlock(&mu);
            return MACH_RCV_INVALID_NAME;
        }
        if (p->head) {
            struct msg *m = p->head;
            if (m->size > rcv_size) {
                pthread_mutex_unlock(&mu);
                return MACH_RCV_TOO_LARGE;
            }
            p->head = m->next;
            if (!p->head)
                p->tail = NULL;
            pthread_mutex_unlock(&mu);
            memcpy(msg, m->bytes, m->size);
            msg->size = m->size;
            msg->local = rcv_name;
            if (rcv_size >= m->size + 8) {
                uint32_t trailer[2] = { 0, 8 }; /* MACH_MSG_TRAILER_FORMAT_0, its size */
                memcpy((uint8_t *)msg + m->size, trailer, 8);
            }
            free(m);
            return 0;
        }
        int rc;
        if (option & MACH_RCV_TIMEOUT)
            rc = pthread_cond_timedwait(&cv, &mu, &end);
        else
            rc = pthread_cond_wait(&cv, &mu);
        if (rc == ETIMEDOUT) {
            pthread_mutex_unlock(&mu);
            return MACH_RCV_TIMED_OUT;
        }
    }
}
DARWIN_EXPORT_PARTIAL("_mach_msg", d_mach_msg);
DARWIN_EXPORT_PARTIAL("_mach_msg_overwrite", d_mach_msg);

/* ---- thread state of a thread stopped in an exception ---- */
static struct pending *stopped(uint32_t thread)
{
    for (struct pending *p = pendings; p; p = p->next)
        if (p->thread == thread && !p->done)
            return p;
    return NULL;
}

static const int reg_order[17] = { REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RDI, REG_RSI, REG_RBP, REG_RSP, REG_R8,
                                   REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15, REG_RIP };

static int d_thread_get_state(uint32_t thread, int flavor, uint32_t *state, uint32_t *count)
{
    pthread_mutex_lock(&mu);
    struct pending *p = stopped(thread);
    int kr = KERN_SUCCESS;
    if (!p) {
        kr = KERN_FAILURE; /* a running thread's state: not implemented */
    } else if (flavor == x86_THREAD_STATE64 && *count >= x86_THREAD_STATE64_COUNT) {
        uint64_t s[21];
        greg_t *g = p->uc->uc_mcontext.gregs;
        for (int i = 0; i < 17; i++)
            s[i] = (uint64_t)g[reg_order[i]];
        s[17] = (uint64_t)g[REG_EFL];
        s[18] = (uint64_t)g[REG_CSGSFS] & 0xffff;
        s[19] = s[20] = 0;
        memcpy(state, s, sizeof s);
        *count = x86_THREAD_STATE64_COUNT;
    } else if (flavor == x86_EXCEPTION_STATE64 && *count >= x86_EXCEPTION_STATE64_COUNT) {
        greg_t *g = p->uc->uc_mcontext.gregs;
        uint32_t es[4];
        es[0] = (uint32_t)(g[REG_TRAPNO] & 0xffff); /* trapno, cpu 0 */
        es[1] = (uint32_t)g[REG_ERR];
        memcpy(&es[2], &p->fault_addr, 8);
        memcpy(state, es, sizeof es);
        *count = x86_EXCEPTION_STATE64_COUNT;
    } else {
        kr = KERN_INVALID_ARGUMENT;
    }
    pthread_mutex_unlock(&mu);
    return kr;
}
DARWIN_EXPORT_PARTIAL("_thread_get_state", d_thread_get_state);

static int d_thread_set_state(uint32_t thread, int flavor, const uint32_t *state, uint32_t count)
{
    pthread_mutex_lock(&mu);
    struct pending *p = stopped(thread);
    int kr = KERN_SUCCESS;
    if (!p) {
        kr = KERN_FAILURE;
    } else if (flavor == x86_THREAD_STATE64 && count >= x86_THREAD_STATE64_COUNT) {
        uint64_t s[21];
        memcpy(s, state, sizeof s);
        greg_t *g = p->uc->uc_mcontext.gregs;
        for (int i = 0; i < 17; i++)
            g[reg_order[i]] = (greg_t)s[i];
        g[REG_EFL] = (greg_t)s[17];
    } else {
        kr = KERN_INVALID_ARGUMENT;
    }
    pthread_mutex_unlock(&mu);
    return kr;
}
DARWIN_EXPORT_PARTIAL("_thread_set_state", d_thread_set_state);

/* ---- raising ---- */
static int exception_of(int lsig) /* Linux signal → Mach exception type */
{
    switch (lsig) {
    case SIGSEGV: case SIGBUS: return EXC_BAD_ACCESS;
    case SIGILL: return EXC_BAD_INSTRUCTION;
    case SIGFPE: return EXC_ARITHMETIC;
    case SIGTRAP: return EXC_BREAKPOINT;
    default: return 0;
    }
}

/* signal_core.c's fault hook, first for every fault signal once a port is set. True when an
 * exception port took the fault and asked the thread to go on (with the registers it may have
 * changed in uc). */
static bool mach_exception(int lsig, void *vsi, void *vuc)
{
    siginfo_t *si = vsi;
    int exc = exception_of(lsig);
    if (!exc || si->si_code <= 0) /* only faults the CPU raised, not kill() */
        return false;
    uint32_t thread = THREAD_PORT_BASE + (uint32_t)syscall(SYS_gettid);
    pthread_mutex_lock(&mu);
    struct exc_port *t = thread_table(thread, false);
    struct exc_port ep = t && t[exc].port ? t[exc] : task_exc[exc];
    if (!ep.port || !port_of(ep.port)) {
        pthread_mutex_unlock(&mu);
        return false;
    }
    static uint32_t reply_seq = 0x7000003;
    struct pending p = { .thread = thread, .reply = reply_seq += 0x100, .uc = vuc,
                         .fault_addr = (uint64_t)(uintptr_t)si->si_addr, .ret = KERN_FAILURE, .done = 0 };
    /* exception_raise / mach_exception_raise request (MIG layout, 4-byte packed). */
    bool wide = ep.behavior & MACH_EXCEPTION_CODES;
    uint8_t m[84];
    memset(m, 0, sizeof m);
    uint32_t size = wide ? 84 : 76;
    struct header h = { 0x80000000u | 18u /* complex; remote: MACH_MSG_TYPE_PORT_SEND_ONCE */, size, p.reply,
                        ep.port, 0, wide ? 2405 : 2401 };
    memcpy(m, &h, sizeof h);
    uint32_t ndesc = 2;
    memcpy(m + 24, &ndesc, 4);
    uint32_t desc_tail = (17u << 16); /* pad2 0, disposition MACH_MSG_TYPE_PORT_SEND, type PORT */
    memcpy(m + 28, &thread, 4);
    memcpy(m + 36, &desc_tail, 4);
    uint32_t task = TASK_PORT;
    memcpy(m + 40, &task, 4);
    memcpy(m + 48, &desc_tail, 4);
    memcpy(m + 52, d_NDR_record, 8);
    int32_t e32 = exc, ncodes = 2;
    memcpy(m + 60, &e32, 4);
    memcpy(m + 64, &ncodes, 4);
    int64_t code0 = exc == EXC_BAD_ACCESS ? (si->si_code == SEGV_ACCERR ? KERN_PROTECTION_FAILURE : KERN_INVALID_ADDRESS)
                                          : 1; /* EXC_I386_INVOP, EXC_I386_DIV, EXC_I386_SGL */
    int64_t code1 = exc == EXC_BAD_ACCESS ? (int64_t)(uintptr_t)si->si_addr : 0;
    if (wide) {
        memcpy(m + 68, &code0, 8);
        memcpy(m + 76, &code1, 8);
    } else {
        int32_t c0 = (int32_t)code0, c1 = (int32_t)code1;
        memcpy(m + 68, &c0, 4);
        memcpy(m + 72, &c1, 4);
    }
    p.next = pendings;
    pendings = &p;
    int qr = queue(ep.port, m, size);
    pthread_mutex_unlock(&mu);
    if (qr == 0)
        while (!__atomic_load_n(&p.done, __ATOMIC_ACQUIRE))
            syscall(SYS_futex, &p.done, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    pthread_mutex_lock(&mu);
    for (struct pending **pp = &pendings; *pp; pp = &(*pp)->next)
        if (*pp == &p) {
            *pp = p.next;
            break;
        }
    pthread_mutex_unlock(&mu);
    return qr == 0 && p.ret == KERN_SUCCESS;
}
