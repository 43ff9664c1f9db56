/*
 * ioctl.c — ioctl(2) with Darwin's request numbers, and the Darwin termios its TIOCGETA and
 * TIOCSETA* requests carry: struct termios with 64-bit tcflag_t and speed_t holding the
 * baud rate itself, its flag bits and c_cc indices (one table per field, both directions),
 * shared with libsystem_c's termios calls (machrun/darwin/termios.h). The requests programs
 * send (FIONREAD, FIONBIO, TIOCGWINSZ, TIOCGETA...) are translated; one that is not in the
 * table fails with ENOTTY rather than reaching Linux with a foreign number.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>

#include "machrun/darwin/private.h"
#include "machrun/darwin/termios.h"

/* ---- Darwin's termios ---- */
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

void darwin_termios_from_linux(const struct termios *l, struct d_termios *d)
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

int darwin_termios_to_linux(const struct d_termios *d, struct termios *l)
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

int darwin_tcgetattr(int fd, struct d_termios *t)
{
    struct termios l;
    if (tcgetattr(fd, &l) < 0)
        return dret(-1);
    darwin_termios_from_linux(&l, t);
    return 0;
}

int darwin_tcsetattr(int fd, int action, const struct d_termios *t)
{
    struct termios l;
    if (darwin_termios_to_linux(t, &l) < 0)
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

/* ---- ioctl: the requests programs send, by Darwin number ---- */
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
    case D_TIOCGETA: return darwin_tcgetattr(fd, arg);
    case D_TIOCSETA: return darwin_tcsetattr(fd, 0, arg);
    case D_TIOCSETAW: return darwin_tcsetattr(fd, 1, arg);
    case D_TIOCSETAF: return darwin_tcsetattr(fd, 2, arg);
    default:
        errno = D_ENOTTY; /* a request machrun does not know */
        return -1;
    }
}
DARWIN_EXPORT_PARTIAL("_ioctl", d_ioctl);
