/* kern_return.h — Darwin's Mach return codes: kern_return_t (<mach/kern_return.h>) and the
 * mach_msg_return_t values machrun reports (<mach/message.h>). */
#ifndef MACHRUN_DARWIN_KERN_RETURN_H
#define MACHRUN_DARWIN_KERN_RETURN_H

#define KERN_SUCCESS 0
#define KERN_INVALID_ADDRESS 1
#define KERN_PROTECTION_FAILURE 2
#define KERN_NO_SPACE 3
#define KERN_INVALID_ARGUMENT 4
#define KERN_FAILURE 5
#define KERN_RESOURCE_SHORTAGE 6
#define KERN_INVALID_NAME 15
#define KERN_INVALID_RIGHT 17
#define KERN_INVALID_VALUE 18
#define KERN_NOT_SUPPORTED 46
#define KERN_OPERATION_TIMED_OUT 49

#define MACH_SEND_MSG_TOO_SMALL 0x10000002
#define MACH_SEND_INVALID_DEST 0x10000003
#define MACH_SEND_NO_BUFFER 0x10000005
#define MACH_RCV_INVALID_NAME 0x10004002
#define MACH_RCV_TIMED_OUT 0x10004003
#define MACH_RCV_TOO_LARGE 0x10004004

#endif
