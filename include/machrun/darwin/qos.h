/* qos.h — Darwin's quality-of-service classes (<sys/qos.h> qos_class_t), as pthread and
 * libdispatch take and report them. */
#ifndef MACHRUN_DARWIN_QOS_H
#define MACHRUN_DARWIN_QOS_H

enum darwin_qos_class {
    D_QOS_CLASS_USER_INTERACTIVE = 0x21,
    D_QOS_CLASS_USER_INITIATED = 0x19,
    D_QOS_CLASS_DEFAULT = 0x15,
    D_QOS_CLASS_UTILITY = 0x11,
    D_QOS_CLASS_BACKGROUND = 0x09,
    D_QOS_CLASS_UNSPECIFIED = 0x00,
};

#endif
