/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* The escape-key watcher of `hoist console` (see keys.h). */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "lib/keys.h"

static struct {
	int fd;
	unsigned char escape;
	FILE *out;
	volatile sig_atomic_t raw;	/* the terminal needs restoring */
	struct termios saved;
} kw;

void keys_watch_stop(void)
{
	if (kw.raw) {
		kw.raw = 0;
		tcsetattr(kw.fd, TCSANOW, &kw.saved);
	}
}

/* A signal must not leave the terminal raw (tcsetattr is signal-safe). */
static void on_signal(int sig)
{
	keys_watch_stop();
	_exit(128 + sig);
}

/* Input only: no echo, no line editing, no signal keys; output as is,
 * so a guest's bare "\n" still starts a new line. */
static int make_raw(int fd)
{
	struct termios t;
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM };
	struct sigaction sa;
	unsigned i;

	if (tcgetattr(fd, &kw.saved) < 0)
		return -errno;
	t = kw.saved;
	t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR |
				 IGNCR | ICRNL | IXON);
	t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	if (tcsetattr(fd, TCSANOW, &t) < 0)
		return -errno;
	kw.raw = 1;
	return 0;
}

static void *watch(void *arg)
{
	unsigned char buf[64];
	ssize_t n;

	(void)arg;
	for (;;) {
		n = read(kw.fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return NULL;	/* no more keys: watch the output only */
		if (memchr(buf, kw.escape, (size_t)n))
			break;
	}
	/* Waits for a write in progress, so no line is cut in two. */
	flockfile(kw.out);
	fflush(kw.out);
	keys_watch_stop();
	_exit(0);
}

/*
 * Only the terminal of a foreground job is ours to read: in the
 * background, reading or setting it would stop the process (SIGTTIN,
 * SIGTTOU), and a pipe or a file may be the caller's input, not keys.
 */
static int foreground_tty(int fd)
{
	pid_t pgrp;

	if (!isatty(fd))
		return 0;
	pgrp = tcgetpgrp(fd);
	return pgrp >= 0 && pgrp == getpgrp();
}

int keys_watch_start(int fd, unsigned char escape, FILE *out)
{
	pthread_attr_t attr;
	pthread_t thread;
	int ret;

	kw.fd = fd;
	kw.escape = escape;
	kw.out = out;
	if (!foreground_tty(fd))
		return 0;
	if ((ret = make_raw(fd)))
		return ret;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	ret = pthread_create(&thread, &attr, watch, NULL);
	pthread_attr_destroy(&attr);
	if (ret) {
		keys_watch_stop();
		return -ret;
	}
	return 0;
}
