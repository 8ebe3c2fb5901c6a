/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Raw terminal input and its restoration (see term.h). */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "lib/term.h"

static struct {
	int fd;
	volatile sig_atomic_t raw;	/* the terminal needs restoring */
	struct termios saved;
	int atexit_done;
} tm;

void term_restore(void)
{
	if (tm.raw) {
		tm.raw = 0;
		tcsetattr(tm.fd, TCSANOW, &tm.saved);	/* signal-safe */
	}
}

static void on_signal(int sig)
{
	term_restore();
	_exit(128 + sig);
}

int term_is_foreground(int fd)
{
	pid_t pgrp;

	if (!isatty(fd))
		return 0;
	pgrp = tcgetpgrp(fd);
	return pgrp >= 0 && pgrp == getpgrp();
}

int term_raw(int fd)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM };
	struct sigaction sa;
	struct termios t;
	unsigned i;

	if (tcgetattr(fd, &tm.saved) < 0)
		return -errno;
	tm.fd = fd;
	t = tm.saved;
	t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR |
				 IGNCR | ICRNL | IXON);
	t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	if (!tm.atexit_done && !atexit(term_restore))
		tm.atexit_done = 1;
	if (tcsetattr(fd, TCSANOW, &t) < 0)
		return -errno;
	tm.raw = 1;
	return 0;
}
