/*
 * sched.c — thread scheduling parameters and quality-of-service classes as V8 (deno) and
 * other runtimes query and set them. Darwin threads run SCHED_OTHER (1) at priority 31 unless
 * told otherwise; machrun keeps what a thread asks for and reports it back, but Linux runs
 * every guest thread under its normal policy: a real-time policy or another priority is
 * remembered, not enforced (partial). QoS classes are scheduling hints on Darwin too; they
 * are remembered per thread and reported by pthread_get_qos_class_np.
 */
#define _GNU_SOURCE
#include <stdint.h>

#include "machrun/darwin/private.h"
#include "machrun/darwin/qos.h"
#include "sched.h"


struct d_sched_param { int sched_priority; char opaque[4]; };

static __thread int t_policy = D_SCHED_OTHER, t_priority = 31, t_set;
static __thread unsigned t_qos = D_QOS_CLASS_DEFAULT;
static __thread int t_qos_rel;

/* The parameters are those the calling thread set; another thread's are reported as the
 * default (machrun does not track them per pthread_t): partial. */
static int d_pthread_getschedparam(void *thread, int *policy, struct d_sched_param *param)
{
    (void)thread;
    if (policy)
        *policy = t_set ? t_policy : D_SCHED_OTHER;
    if (param)
        param->sched_priority = t_set ? t_priority : 31;
    return 0;
}
DARWIN_EXPORT_PARTIAL("_pthread_getschedparam", d_pthread_getschedparam);

static int d_pthread_setschedparam(void *thread, int policy, const struct d_sched_param *param)
{
    (void)thread;
    if (policy != D_SCHED_OTHER && policy != D_SCHED_FIFO && policy != D_SCHED_RR)
        return D_EINVAL;
    if (!param || param->sched_priority < 0 || param->sched_priority > 127)
        return D_EINVAL;
    t_policy = policy;
    t_priority = param->sched_priority;
    t_set = 1;
    return 0;
}
DARWIN_EXPORT_PARTIAL("_pthread_setschedparam", d_pthread_setschedparam);

static int valid_qos(unsigned q)
{
    return q == D_QOS_CLASS_USER_INTERACTIVE || q == D_QOS_CLASS_USER_INITIATED || q == D_QOS_CLASS_DEFAULT ||
           q == D_QOS_CLASS_UTILITY || q == D_QOS_CLASS_BACKGROUND || q == D_QOS_CLASS_UNSPECIFIED;
}

static int d_pthread_set_qos_class_self_np(unsigned qos, int rel)
{
    if (!valid_qos(qos) || rel > 0 || rel < -15)
        return D_EINVAL;
    t_qos = qos;
    t_qos_rel = rel;
    return 0;
}
DARWIN_EXPORT("_pthread_set_qos_class_self_np", d_pthread_set_qos_class_self_np);

static int d_pthread_get_qos_class_np(void *thread, unsigned *qos, int *rel)
{
    (void)thread;
    if (qos)
        *qos = t_qos;
    if (rel)
        *rel = t_qos_rel;
    return 0;
}
DARWIN_EXPORT_PARTIAL("_pthread_get_qos_class_np", d_pthread_get_qos_class_np);

static unsigned d_qos_class_self(void) { return t_qos; }
DARWIN_EXPORT("_qos_class_self", d_qos_class_self);
static unsigned d_qos_class_main(void) { return D_QOS_CLASS_USER_INTERACTIVE; }
DARWIN_EXPORT("_qos_class_main", d_qos_class_main);
