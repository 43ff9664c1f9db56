/*
 * tty.c — terminals with Darwin's ABI: tcgetattr/tcsetattr and friends (tcgetsid too),
 * cfmakeraw and the speed calls on Darwin's struct termios, ttyname, and pseudo-terminals
 * (posix_openpt, grantpt, unlockpt, ptsname, openpty). Darwin's termios and its conversion
 * are ioctl's, which libsystem_kernel exports (libsystem_kernel/ioctl.c,
 * machrun/darwin/termios.h).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "machrun/darwin/private.h"
#include "machrun/darwin/termios.h"

/* tcgetattr and tcsetattr are the TIOCGETA and TIOCSETA* requests of ioctl, whose Darwin
 * termios conversion is libsystem_kernel's (libsystem_kernel/ioctl.c). */
DARWIN_EXPORT("_tcgetattr", darwin_tcgetattr);
DARWIN_EXPORT("_tcsetattr", darwin_tcsetattr);

static void d_cfmakeraw(struct d_termios *t)
{
    struct termios l;
    if (darwin_termios_to_linux(t, &l) < 0)
        memset(&l, 0, sizeof l);
    cfmakeraw(&l);
    darwin_termios_from_linux(&l, t);
}
DARWIN_EXPORT("_cfmakeraw", d_cfmakeraw);

static uint64_t d_cfgetispeed(const struct d_termios *t) { return t->c_ispeed; }
static uint64_t d_cfgetospeed(const struct d_termios *t) { return t->c_ospeed; }
static int d_cfsetispeed(struct d_termios *t, uint64_t s) { t->c_ispeed = s; return 0; }
static int d_cfsetospeed(struct d_termios *t, uint64_t s) { t->c_ospeed = s; return 0; }
static int d_cfsetspeed(struct d_termios *t, uint64_t s) { t->c_ispeed = t->c_ospeed = s; return 0; }
DARWIN_EXPORT("_cfgetispeed", d_cfgetispeed);
DARWIN_EXPORT("_cfgetospeed", d_cfgetospeed);
DARWIN_EXPORT("_cfsetispeed", d_cfsetispeed);
DARWIN_EXPORT("_cfsetospeed", d_cfsetospeed);
DARWIN_EXPORT("_cfsetspeed", d_cfsetspeed);

static int d_tcdrain(int fd) { return dret(tcdrain(fd)); }
static int d_tcflush(int fd, int q) { return dret(tcflush(fd, q == D_TCIFLUSH ? TCIFLUSH : q == D_TCOFLUSH ? TCOFLUSH : TCIOFLUSH)); }
static int d_tcflow(int fd, int a) { return dret(tcflow(fd, a == D_TCOOFF ? TCOOFF : a == D_TCOON ? TCOON : a == D_TCIOFF ? TCIOFF : TCION)); }
static int d_tcsendbreak(int fd, int d) { return dret(tcsendbreak(fd, d)); }
DARWIN_EXPORT("_tcdrain", d_tcdrain);
DARWIN_EXPORT("_tcflush", d_tcflush);
DARWIN_EXPORT("_tcflow", d_tcflow);
DARWIN_EXPORT("_tcsendbreak", d_tcsendbreak);

static char *d_ttyname(int fd)
{
    char *r = ttyname(fd);
    if (!r)
        errno = darwin_errno_from_linux(errno);
    return r;
}
DARWIN_EXPORT("_ttyname", d_ttyname);
static int d_ttyname_r(int fd, char *b, size_t n) { return dreturn_err(ttyname_r(fd, b, n)); }
DARWIN_EXPORT("_ttyname_r", d_ttyname_r);
DARWIN_EXPORT("_ctermid", ctermid);


/* Pseudo-terminals: O_RDWR 2 agrees; Darwin's O_NOCTTY is 0x20000. */
static int d_posix_openpt(int flags)
{
    int l = (flags & 3) | ((flags & 0x20000) ? O_NOCTTY : 0);
    return dret(posix_openpt(l));
}
DARWIN_EXPORT("_posix_openpt", d_posix_openpt);
static int d_grantpt(int fd) { return dret(grantpt(fd)); }
static int d_unlockpt(int fd) { return dret(unlockpt(fd)); }
static char *d_ptsname(int fd)
{
    char *r = ptsname(fd);
    if (!r)
        errno = darwin_errno_from_linux(errno);
    return r;
}
DARWIN_EXPORT("_grantpt", d_grantpt);
DARWIN_EXPORT("_unlockpt", d_unlockpt);
DARWIN_EXPORT("_ptsname", d_ptsname);

/* openpty(3): a pseudo-terminal pair, the slave's name (Darwin callers give 128 bytes or
 * more), Darwin termios and winsize applied to the slave when given. */
static int d_openpty(int *amaster, int *aslave, char *name, const struct d_termios *termp, const void *winp)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m < 0)
        return dret(-1);
    char sname[128];
    if (grantpt(m) < 0 || unlockpt(m) < 0 || ptsname_r(m, sname, sizeof sname) != 0) {
        int e = errno;
        close(m);
        errno = e;
        return dret(-1);
    }
    int s = open(sname, O_RDWR | O_NOCTTY);
    if (s < 0) {
        int e = errno;
        close(m);
        errno = e;
        return dret(-1);
    }
    fcntl(m, F_SETFD, 0); /* as Darwin's: neither end is close-on-exec */
    if (termp) {
        struct termios lt;
        if (tcgetattr(s, &lt) == 0 && darwin_termios_to_linux(termp, &lt) == 0)
            tcsetattr(s, TCSANOW, &lt);
    }
    if (winp)
        ioctl(s, TIOCSWINSZ, winp); /* struct winsize agrees */
    if (name)
        strcpy(name, sname);
    *amaster = m;
    *aslave = s;
    return 0;
}
DARWIN_EXPORT("_openpty", d_openpty);

/* tcgetsid: the session of the terminal's controlling process (glibc's, same ABI). */
static pid_t d_tcgetsid(int fd) { return dret(tcgetsid(fd)); }
DARWIN_EXPORT("_tcgetsid", d_tcgetsid);
