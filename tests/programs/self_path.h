/* self_path.h — the running program's own path, for the process tests that start themselves
 * again: _NSGetExecutablePath on macOS, /proc/self/exe natively. */
#ifndef SELF_PATH_H
#define SELF_PATH_H
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#ifdef __APPLE__
#include <mach-o/dyld.h>
#endif

static void self_path(char *buf, size_t n)
{
#ifdef __APPLE__
    uint32_t size = (uint32_t)n;
    _NSGetExecutablePath(buf, &size);
#else
    ssize_t r = readlink("/proc/self/exe", buf, n - 1);
    buf[r > 0 ? r : 0] = 0;
#endif
}
#endif
