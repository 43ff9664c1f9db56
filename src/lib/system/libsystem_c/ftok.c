/*
 * ftok.c — ftok: the SysV IPC key of a path (libsystem_c on macOS).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <termios.h>
#include <time.h>
#include <wchar.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <sched.h>
#include <search.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>
#include <wordexp.h>

#include <sys/ipc.h>
#include "machrun/darwin/abi.h"
#include "machrun/darwin/private.h"

static key_t d_ftok(const char *path, int id) { return (key_t)dret(ftok(path, id)); }
DARWIN_EXPORT("_ftok", d_ftok);
