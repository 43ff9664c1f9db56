/*
 * termios.h — Darwin's struct termios and the terminal helpers libsystem_kernel/ioctl.c
 * (the TIOCGETA and TIOCSETA* requests) shares with libsystem_c's termios calls built on
 * them (tcgetattr, tcsetattr, cfmakeraw, openpty: libsystem_c/tty.c).
 */
#ifndef MACHRUN_DARWIN_TERMIOS_H
#define MACHRUN_DARWIN_TERMIOS_H

#include <stdint.h>
#include <termios.h>

/* Darwin's struct termios: 64-bit tcflag_t, speed_t holding the baud rate itself. */
struct d_termios {
    uint64_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_cc[20];
    uint64_t c_ispeed, c_ospeed;
};
_Static_assert(sizeof(struct d_termios) == 72, "Darwin termios");

/* tcflush's queue and tcflow's action on Darwin. */
#define D_TCIFLUSH 1
#define D_TCOFLUSH 2
#define D_TCIOFLUSH 3
#define D_TCOOFF 1
#define D_TCOON 2
#define D_TCIOFF 3
#define D_TCION 4

/* Linux's termios to Darwin's: flag bits, character size, c_cc and speeds. */
void darwin_termios_from_linux(const struct termios *l, struct d_termios *d);
/* Darwin's termios to Linux's; -1 with EINVAL for a speed Linux has no code for. */
int darwin_termios_to_linux(const struct d_termios *d, struct termios *l);

/* tcgetattr/tcsetattr with Darwin's termios (TIOCGETA; TIOCSETA, TIOCSETAW, TIOCSETAF are
 * actions 0, 1, 2; TCSASOFT 0x10 keeps the hardware settings); -1 with the Darwin errno. */
int darwin_tcgetattr(int fd, struct d_termios *t);
int darwin_tcsetattr(int fd, int action, const struct d_termios *t);

#endif
