/* darwin_fsctl_sect.c — macOS-only calls (compared with darwin_fsctl_sect.expected):
 * fsctl/ffsctl with FSIOC_SYNC_VOLUME (full and base command) and FSIOC_FIOSEEKDATA, an
 * unknown request (ENOTTY) and bad options (EINVAL); getsectdata of the main executable
 * (unslid: plus the slide it is getsectiondata's address); os_signpost_enabled, false when
 * no tool records signposts, and the emit call then recording nothing. */
#include <errno.h>
#include <fcntl.h>
#include <mach-o/dyld.h>
#include <mach-o/loader.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioccom.h>
#include <sys/types.h>
#include <unistd.h>

/* <sys/fsctl.h>, <mach-o/getsect.h> and <os/signpost.h> are not in zig's SDK headers. */
int fsctl(const char *path, unsigned long request, void *data, unsigned int options);
int ffsctl(int fd, unsigned long request, void *data, unsigned int options);
#define FSIOC_SYNC_VOLUME _IOW('A', 1, uint32_t)
#define FSCTL_SYNC_VOLUME IOCBASECMD(FSIOC_SYNC_VOLUME)
#define FSIOC_FIOSEEKDATA _IOWR('A', 17, off_t)
#define FSCTL_SYNC_WAIT (1 << 1)
char *getsectdata(const char *segname, const char *sectname, unsigned long *size);
uint8_t *getsectiondata(const struct mach_header_64 *mhp, const char *segname, const char *sectname,
                        unsigned long *size);
typedef struct os_log_s *os_log_t;
extern struct os_log_s _os_log_default;
_Bool os_signpost_enabled(os_log_t log);
void _os_signpost_emit_with_name_impl(void *dso, os_log_t log, uint8_t type, uint64_t spid, const char *name,
                                      const char *format, uint8_t *buf, uint32_t size);
extern const struct mach_header_64 __dso_handle;

static const char *ename(int e)
{
    return e == 0 ? "0" : e == ENOTTY ? "ENOTTY" : e == EINVAL ? "EINVAL" : e == ENOENT ? "ENOENT" : "other";
}

int main(void)
{
    char path[] = "/tmp/machrun_fsctl_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, "data", 4) != 4)
        return 1;
    uint32_t how = FSCTL_SYNC_WAIT;
    int r = fsctl(path, FSIOC_SYNC_VOLUME, &how, 0);
    printf("fsctl FSIOC_SYNC_VOLUME: %d %s\n", r, ename(r ? errno : 0));
    r = fsctl(path, FSCTL_SYNC_VOLUME, (void *)(uintptr_t)how, 0);
    printf("fsctl FSCTL_SYNC_VOLUME: %d %s\n", r, ename(r ? errno : 0));
    off_t off = 0;
    r = ffsctl(fd, FSIOC_FIOSEEKDATA, &off, 0);
    printf("ffsctl FSIOC_FIOSEEKDATA: %d offset %lld\n", r, (long long)off);
    errno = 0;
    r = fsctl(path, _IOW('z', 99, int), &how, 0);
    printf("fsctl unknown: %d %s\n", r, ename(errno));
    errno = 0;
    r = fsctl(path, FSIOC_SYNC_VOLUME, &how, 0x80);
    printf("fsctl bad options: %d %s\n", r, ename(errno));
    errno = 0;
    r = fsctl("/nonexistent/machrun", FSIOC_SYNC_VOLUME, &how, 0);
    printf("fsctl missing: %d %s\n", r, ename(errno));
    close(fd);
    unlink(path);

    unsigned long size = 0, size2 = 0;
    char *unslid = getsectdata("__TEXT", "__text", &size);
    uint8_t *slid = getsectiondata(&__dso_handle, "__TEXT", "__text", &size2);
    printf("getsectdata: size %s, unslid + slide %s\n", size && size == size2 ? "matches" : "differs",
           unslid && unslid + _dyld_get_image_vmaddr_slide(0) == (char *)slid ? "matches" : "differs");
    printf("getsectdata holds main: %d\n", unslid && (char *)(uintptr_t)main >= unslid + _dyld_get_image_vmaddr_slide(0) &&
                                                (char *)(uintptr_t)main < unslid + _dyld_get_image_vmaddr_slide(0) + size);
    printf("getsectdata missing: %s\n", getsectdata("__DATA", "__nothing", &size) ? "found" : "NULL");

    printf("os_signpost_enabled: %d\n", os_signpost_enabled(&_os_log_default));
    _os_signpost_emit_with_name_impl((void *)&__dso_handle, &_os_log_default, 0, 1, "interval", "", NULL, 0);
    printf("emitted\n");
    return 0;
}
