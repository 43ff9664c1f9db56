/*
 * tty.c — terminals and ioctl with Darwin's ABI: struct termios with 64-bit tcflag_t and
 * speed_t holding the baud rate itself, its flag bits and c_cc indices (one table per field,
 * both directions), tcgetattr/tcsetattr and friends (tcgetsid too), cfmakeraw and the speed calls, and the
 * ioctl requests programs send (FIONREAD, FIONBIO, TIOCGWINSZ, TIOCGETA...). An ioctl that
 * is not in the table fails with ENOTTY rather than reaching Linux with a foreign number.
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

struct d_termios {
    uint64_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_cc[20];
    uint64_t c_ispeed, c_ospeed;
};
_Static_assert(sizeof(struct d_termios) == 72, "Darwin termios");

struct bit {
    uint64_t darwin;
    tcflag_t linux_;
};

static const struct bit iflag_bits[] = {
    { 0x1, IGNBRK }, { 0x2, BRKINT }, { 0x4, IGNPAR }, { 0x8, PARMRK }, { 0x10, INPCK }, { 0x20, ISTRIP },
    { 0x40, INLCR }, { 0x80, IGNCR }, { 0x100, ICRNL }, { 0x200, IXON }, { 0x400, IXOFF }, { 0x800, IXANY },
    { 0x2000, IMAXBEL }, { 0x4000, IUTF8 },
};
static const struct bit oflag_bits[] = {
    { 0x1, OPOST }, { 0x2, ONLCR }, { 0x4, XTABS /* OXTABS */ }, { 0x10, OCRNL }, { 0x20, ONOCR },
    { 0x40, ONLRET },
};
static const struct bit cflag_bits[] = {
    { 0x400, CSTOPB }, { 0x800, CREAD }, { 0x1000, PARENB }, { 0x2000, PARODD }, { 0x4000, HUPCL },
    { 0x8000, CLOCAL }, { 0x30000, CRTSCTS },
};
static const struct bit lflag_bits[] = {
    { 0x1, ECHOKE }, { 0x2, ECHOE }, { 0x4, ECHOK }, { 0x8, ECHO }, { 0x10, ECHONL }, { 0x20, ECHOPRT },
    { 0x40, ECHOCTL }, { 0x80, ISIG }, { 0x100, ICANON }, { 0x400, IEXTEN }, { 0x400000, TOSTOP },
    { 0x800000, FLUSHO }, { 0x20000000, PENDIN }, { 0x80000000, NOFLSH },
};
/* c_cc: Darwin index -> Linux index */
static const struct {
    int darwin, linux_;
} cc_map[] = {
    { 0, VEOF }, { 1, VEOL }, { 2, VEOL2 }, { 3, VERASE }, { 4, VWERASE }, { 5, VKILL }, { 6, VREPRINT },
    { 8, VINTR }, { 9, VQUIT }, { 10, VSUSP }, { 12, VSTART }, { 13, VSTOP }, { 14, VLNEXT },
    { 15, VDISCARD }, { 16, VMIN }, { 17, VTIME },
};
static const struct {
    uint64_t baud;
    speed_t code;
} speeds[] = {
    { 0, B0 }, { 50, B50 }, { 75, B75 }, { 110, B110 }, { 134, B134 }, { 150, B150 }, { 200, B200 },
    { 300, B300 }, { 600, B600 }, { 1200, B1200 }, { 1800, B1800 }, { 2400, B2400 }, { 4800, B4800 },
    { 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 }, { 57600, B57600 }, { 115200, B115200 },
    { 230400, B230400 },
};

#define N(t) (sizeof t / sizeof t[0])
#define TO_L(tab, v, out)                                                                                    \
    do {                                                                                                     \
        out = 0;                                                                                             \
        for (size_t i_ = 0; i_ < N(tab); i_++)                                                               \
            if (((v) & tab[i_].darwin) == tab[i_].darwin)                                                    \
                out |= tab[i_].linux_;                                                                       \
    } while (0)
#define TO_D(tab, v, out)                                                                                    \
    do {                                                                                                     \
        out = 0;                                                                                             \
        for (size_t i_ = 0; i_ < N(tab); i_++)                                                               \
            if (((v) & tab[i_].linux_) == tab[i_].linux_)                                                    \
                out |= tab[i_].darwin;                                                                       \
    } while (0)

static speed_t speed_code(uint64_t baud)
{
    for (size_t i = 0; i < N(speeds); i++)
        if (speeds[i].baud == baud)
            return speeds[i].code;
    return (speed_t)-1;
}

static uint64_t speed_baud(speed_t code)
{
    for (size_t i = 0; i < N(speeds); i++)
        if (speeds[i].code == code)
            return speeds[i].baud;
    return 0;
}

static void to_darwin(const struct termios *l, struct d_termios *d)
{
    memset(d, 0, sizeof *d);
    TO_D(iflag_bits, l->c_iflag, d->c_iflag);
    TO_D(oflag_bits, l->c_oflag, d->c_oflag);
    TO_D(cflag_bits, l->c_cflag, d->c_cflag);
    TO_D(lflag_bits, l->c_lflag, d->c_lflag);
    switch (l->c_cflag & CSIZE) {
    case CS5: break;
    case CS6: d->c_cflag |= 0x100; break;
    case CS7: d->c_cflag |= 0x200; break;
    default: d->c_cflag |= 0x300; break;
    }
    for (size_t i = 0; i < N(cc_map); i++)
        d->c_cc[cc_map[i].darwin] = l->c_cc[cc_map[i].linux_];
    d->c_ispeed = speed_baud(cfgetispeed(l));
    d->c_ospeed = speed_baud(cfgetospeed(l));
}

static int to_linux(const struct d_termios *d, struct termios *l)
{
    memset(l, 0, sizeof *l);
    TO_L(iflag_bits, d->c_iflag, l->c_iflag);
    TO_L(oflag_bits, d->c_oflag, l->c_oflag);
    TO_L(cflag_bits, d->c_cflag, l->c_cflag);
    TO_L(lflag_bits, d->c_lflag, l->c_lflag);
    static const tcflag_t sizes[4] = { CS5, CS6, CS7, CS8 };
    l->c_cflag |= sizes[(d->c_cflag >> 8) & 3];
    for (size_t i = 0; i < N(cc_map); i++)
        l->c_cc[cc_map[i].linux_] = d->c_cc[cc_map[i].darwin];
    speed_t is = speed_code(d->c_ispeed), os = speed_code(d->c_ospeed);
    if (is == (speed_t)-1 || os == (speed_t)-1) {
        errno = D_EINVAL;
        return -1;
    }
    cfsetispeed(l, is);
    cfsetospeed(l, os);
    return 0;
}

static int d_tcgetattr(int fd, struct d_termios *t)
{
    struct termios l;
    if (tcgetattr(fd, &l) < 0)
        return dret(-1);
    to_darwin(&l, t);
    return 0;
}
DARWIN_EXPORT("_tcgetattr", d_tcgetattr);

static int d_tcsetattr(int fd, int action, const struct d_termios *t)
{
    struct termios l;
    if (to_linux(t, &l) < 0)
        return -1;
    /* TCSANOW 0, TCSADRAIN 1, TCSAFLUSH 2 agree; TCSASOFT (0x10) leaves hardware settings. */
    if (action & 0x10) {
        struct termios cur;
        if (tcgetattr(fd, &cur) == 0) {
            l.c_cflag = cur.c_cflag;
            cfsetispeed(&l, cfgetispeed(&cur));
            cfsetospeed(&l, cfgetospeed(&cur));
        }
    }
    return dret(tcsetattr(fd, action & 3, &l));
}
DARWIN_EXPORT("_tcsetattr", d_tcsetattr);

static void d_cfmakeraw(struct d_termios *t)
{
    struct termios l;
    if (to_linux(t, &l) < 0)
        memset(&l, 0, sizeof l);
    cfmakeraw(&l);
    to_darwin(&l, t);
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
static int d_tcflush(int fd, int q) { return dret(tcflush(fd, q == 1 ? TCIFLUSH : q == 2 ? TCOFLUSH : TCIOFLUSH)); }
static int d_tcflow(int fd, int a) { return dret(tcflow(fd, a == 1 ? TCOOFF : a == 2 ? TCOON : a == 3 ? TCIOFF : TCION)); }
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

/* ---- ioctl ---- */
#define D_FIOCLEX 0x20006601ul
#define D_FIONCLEX 0x20006602ul
#define D_FIONREAD 0x4004667ful
#define D_FIONBIO 0x8004667eul
#define D_FIOASYNC 0x8004667dul
#define D_TIOCGWINSZ 0x40087468ul
#define D_TIOCSWINSZ 0x80087467ul
#define D_TIOCSCTTY 0x20007461ul
#define D_TIOCNOTTY 0x20007471ul
#define D_TIOCGPGRP 0x40047477ul
#define D_TIOCSPGRP 0x80047476ul
#define D_TIOCOUTQ 0x40047473ul
#define D_TIOCEXCL 0x2000740dul
#define D_TIOCNXCL 0x2000740eul
#define D_TIOCGETA 0x40487413ul
#define D_TIOCSETA 0x80487414ul
#define D_TIOCSETAW 0x80487415ul
#define D_TIOCSETAF 0x80487416ul

static int d_ioctl(int fd, unsigned long req, void *arg)
{
    switch (req) {
    case D_FIOCLEX: return dret(ioctl(fd, FIOCLEX));
    case D_FIONCLEX: return dret(ioctl(fd, FIONCLEX));
    case D_FIONREAD: return dret(ioctl(fd, FIONREAD, arg));
    case D_FIONBIO: return dret(ioctl(fd, FIONBIO, arg));
    case D_FIOASYNC: return dret(ioctl(fd, FIOASYNC, arg));
    case D_TIOCGWINSZ: return dret(ioctl(fd, TIOCGWINSZ, arg)); /* struct winsize agrees */
    case D_TIOCSWINSZ: return dret(ioctl(fd, TIOCSWINSZ, arg));
    case D_TIOCSCTTY: return dret(ioctl(fd, TIOCSCTTY, 0));
    case D_TIOCNOTTY: return dret(ioctl(fd, TIOCNOTTY));
    case D_TIOCGPGRP: return dret(ioctl(fd, TIOCGPGRP, arg));
    case D_TIOCSPGRP: return dret(ioctl(fd, TIOCSPGRP, arg));
    case D_TIOCOUTQ: return dret(ioctl(fd, TIOCOUTQ, arg));
    case D_TIOCEXCL: return dret(ioctl(fd, TIOCEXCL));
    case D_TIOCNXCL: return dret(ioctl(fd, TIOCNXCL));
    case D_TIOCGETA: return d_tcgetattr(fd, arg);
    case D_TIOCSETA: return d_tcsetattr(fd, 0, arg);
    case D_TIOCSETAW: return d_tcsetattr(fd, 1, arg);
    case D_TIOCSETAF: return d_tcsetattr(fd, 2, arg);
    default:
        errno = D_ENOTTY; /* ENOTTY: a request machrun does not know */
        return -1;
    }
}
DARWIN_EXPORT_PARTIAL("_ioctl", d_ioctl);

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
        if (tcgetattr(s, &lt) == 0 && to_linux(termp, &lt) == 0)
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
