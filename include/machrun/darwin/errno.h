/* errno.h — Darwin's errno values by name (D_EINVAL...), generated from errno.def: what an
 * implementation stores in errno or returns as an error number. */
#ifndef MACHRUN_DARWIN_ERRNO_H
#define MACHRUN_DARWIN_ERRNO_H

enum darwin_errno {
#define DARWIN_ERRNO(name, darwin, linux_, message) D_##name = darwin,
#define LINUX_ERRNO(name, darwin, linux_)
#include "machrun/darwin/errno.def"
#undef DARWIN_ERRNO
#undef LINUX_ERRNO
};

#endif
