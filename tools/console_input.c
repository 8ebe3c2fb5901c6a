/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The keyboard side of `hoist console`: a thread that reads the input
 * and queues it for the guest's hvc0 (HOIST_IOC_CONSOLE_WRITE) while the
 * caller prints the guest's output, so both directions run at once.
 *
 *   a foreground terminal  raw mode (term.h); Ctrl-] detaches, as in
 *                          `xl console`: the output is flushed, the
 *                          terminal restored and the process ends with 0
 *   a pipe, FIFO or file   bytes forwarded as they come (Ctrl-] still
 *                          detaches); at EOF input ends and the output
 *                          goes on until the domain is gone
 *   a background terminal  not read at all (reading would stop the job)
 *
 * A full ring (0 bytes taken) is retried after a short sleep.  The
 * thread waits in poll() on the input and on a pipe of its own, through
 * which console_input_stop() wakes it.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "hoist.h"
#include "lib/term.h"

#define INPUT_CHUNK		256
#define RETRY_MIN_MS		10	/* a full ring: the guest reads soon */
#define RETRY_MAX_MS		100

/* Waits up to ms (-1: for ever) for fd or the stop pipe: 1 fd readable,
 * 0 timeout, -1 stop requested. */
static int wait_for(struct console_input *ci, int fd, int ms)
{
	struct pollfd p[2] = {
		{ .fd = ci->wake[0], .events = POLLIN },
		{ .fd = fd, .events = POLLIN },
	};
	int n;

	do
		n = poll(p, fd >= 0 ? 2 : 1, ms);
	while (n < 0 && errno == EINTR);
	if (n < 0 || p[0].revents)
		return -1;
	return n > 0 ? 1 : 0;
}

static void input_error(struct console_input *ci, int err)
{
	struct hoist_env *env = ci->env;

	if (err == -EINVAL || err == -ENOTTY)
		hoist_err(env, "console: domain %u does not take console "
			  "input (%s refused it: a module older than hoist, "
			  "or no console ring); showing output only",
			  (unsigned)ci->domid, HOIST_DEVICE);
	else
		hoist_err(env, "console: sending input to domain %u: %s; "
			  "showing output only", (unsigned)ci->domid,
			  strerror(-err));
	fflush(env->err);
}

/* Queues len bytes for the guest: 0, or 1 to stop reading input. */
static int forward(struct console_input *ci, const char *buf, size_t len)
{
	int delay = RETRY_MIN_MS;
	size_t n, written;
	int ret;

	while (len) {
		n = len > HOIST_CONSOLE_WRITE_MAX ? HOIST_CONSOLE_WRITE_MAX : len;
		ret = hoist_dev_console_write(ci->dev, ci->domid, buf, n,
					      &written);
		if (ret == -ENOENT)
			return 1;	/* gone: the output side ends too */
		if (ret) {
			input_error(ci, ret);
			return 1;
		}
		if (!written) {
			if (wait_for(ci, -1, delay) < 0)
				return 1;
			delay = delay * 2 > RETRY_MAX_MS ? RETRY_MAX_MS :
				delay * 2;
			continue;
		}
		delay = RETRY_MIN_MS;
		buf += written;
		len -= written;
	}
	return 0;
}

/* Ctrl-]: waits for a write in progress, so no line is cut in two. */
static void detach(struct console_input *ci)
{
	flockfile(ci->env->out);
	fflush(ci->env->out);
	fflush(ci->env->err);
	term_restore();
	_exit(HOIST_EXIT_OK);
}

static void *input_thread(void *arg)
{
	struct console_input *ci = arg;
	char buf[INPUT_CHUNK], *esc;
	ssize_t n;

	for (;;) {
		if (wait_for(ci, ci->fd, -1) < 0)
			return NULL;
		n = read(ci->fd, buf, sizeof(buf));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return NULL;	/* EOF: the output goes on */
		esc = memchr(buf, CONSOLE_ESCAPE, (size_t)n);
		if (forward(ci, buf, esc ? (size_t)(esc - buf) : (size_t)n))
			return NULL;
		if (esc)
			detach(ci);
	}
}

int console_input_start(struct console_input *ci, struct hoist_env *env,
			struct hoist_dev *dev, uint32_t domid, int fd)
{
	int ret;

	memset(ci, 0, sizeof(*ci));
	ci->env = env;
	ci->dev = dev;
	ci->domid = domid;
	ci->fd = fd;
	ci->wake[0] = ci->wake[1] = -1;
	if (isatty(fd) && !term_is_foreground(fd))
		return 0;
	if (pipe(ci->wake) < 0)
		return -errno;
	if (isatty(fd) && (ret = term_raw(fd)))
		goto fail;
	ret = -pthread_create(&ci->thread, NULL, input_thread, ci);
	if (!ret) {
		ci->running = 1;
		return 0;
	}
	term_restore();
fail:
	close(ci->wake[0]);
	close(ci->wake[1]);
	ci->wake[0] = ci->wake[1] = -1;
	return ret;
}

void console_input_stop(struct console_input *ci)
{
	if (ci->running) {
		/* Wakes the thread wherever it waits; it reads nothing more. */
		if (write(ci->wake[1], "", 1) < 0)
			pthread_cancel(ci->thread);
		pthread_join(ci->thread, NULL);
		ci->running = 0;
	}
	term_restore();
	if (ci->wake[0] >= 0) {
		close(ci->wake[0]);
		close(ci->wake[1]);
		ci->wake[0] = ci->wake[1] = -1;
	}
}
