/*
 * fsctl.c — fsctl(2) and ffsctl(2): file-system control requests on a path or a descriptor
 * (sys/fsctl.h). The requests that have a Linux counterpart are mapped: FSIOC_SYNC_VOLUME
 * (syncfs of the volume holding the file) and FSIOC_FIOSEEKHOLE/FSIOC_FIOSEEKDATA (lseek
 * SEEK_HOLE/SEEK_DATA, the offset in and out through data). A request no file system here
 * answers fails with ENOTTY, as XNU's VNOP_IOCTL does for one the file system does not know.
 * Both the full _IOW/_IOWR numbers and their IOCBASECMD forms (FSCTL_*) are accepted.
 * Partial: the HFS/APFS-specific requests (FSIOC_CAS_BSDFLAGS, the snapshot and graft
 * requests...) have no Linux file system behind them and fail with ENOTTY.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <sys/types.h>
#include <unistd.h>

#include "machrun/darwin/private.h"

#define IOCBASECMD(x) ((x) & ~(0x1fffUL << 16))
#define FSIOC_SYNC_VOLUME 0x80044101UL  /* _IOW('A', 1, uint32_t) */
#define FSIOC_FIOSEEKHOLE 0xc0084110UL  /* _IOWR('A', 16, off_t) */
#define FSIOC_FIOSEEKDATA 0xc0084111UL  /* _IOWR('A', 17, off_t) */
#define FSCTL_SYNC_WAIT 0x2
#define FSOPT_NOFOLLOW 0x1

static int fsctl_fd(int fd, unsigned long cmd, void *data)
{
    unsigned long base = IOCBASECMD(cmd);
    if (base == IOCBASECMD(FSIOC_SYNC_VOLUME)) {
        /* FSCTL_SYNC_FULLSYNC and FSCTL_SYNC_WAIT: syncfs writes the volume and waits for it */
        return dret(syncfs(fd));
    }
    if (base == IOCBASECMD(FSIOC_FIOSEEKHOLE) || base == IOCBASECMD(FSIOC_FIOSEEKDATA)) {
        if (!data) {
            errno = D_EFAULT;
            return -1;
        }
        off_t r = lseek(fd, *(off_t *)data, base == IOCBASECMD(FSIOC_FIOSEEKHOLE) ? SEEK_HOLE : SEEK_DATA);
        if (r < 0)
            return dret(-1);
        *(off_t *)data = r;
        return 0;
    }
    errno = D_ENOTTY;
    return -1;
}

static int d_ffsctl(int fd, unsigned long cmd, void *data, unsigned int options)
{
    if (options & ~(unsigned)FSOPT_NOFOLLOW) {
        errno = D_EINVAL;
        return -1;
    }
    return fsctl_fd(fd, cmd, data);
}
DARWIN_EXPORT_PARTIAL("_ffsctl", d_ffsctl);

static int d_fsctl(const char *path, unsigned long cmd, void *data, unsigned int options)
{
    if (options & ~(unsigned)FSOPT_NOFOLLOW) {
        errno = D_EINVAL;
        return -1;
    }
    /* a file is opened read-only to reach it; a symbolic link with FSOPT_NOFOLLOW is reached
     * through an O_PATH descriptor, which only the volume requests can use (its parent's
     * volume is its own) */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (options & FSOPT_NOFOLLOW ? O_NOFOLLOW : 0));
    if (fd < 0 && errno == EACCES)
        fd = open(path, O_PATH | O_CLOEXEC | (options & FSOPT_NOFOLLOW ? O_NOFOLLOW : 0));
    if (fd < 0 && errno == ELOOP && (options & FSOPT_NOFOLLOW))
        fd = open(path, O_PATH | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return dret(-1);
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0 && (fl & O_PATH) && IOCBASECMD(cmd) == IOCBASECMD(FSIOC_SYNC_VOLUME)) {
        /* syncfs needs an open file: sync the volume with the whole-system sync */
        close(fd);
        sync();
        return 0;
    }
    int r = fsctl_fd(fd, cmd, data);
    int e = errno;
    close(fd);
    errno = e;
    return r;
}
DARWIN_EXPORT_PARTIAL("_fsctl", d_fsctl);
