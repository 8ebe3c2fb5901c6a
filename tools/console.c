/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Attaching to a domain's console: the input forwarded by a thread
 * (console_input.c) while this one does blocking CONSOLE_READs, each
 * chunk written out and flushed at once, until the read reports the
 * domain gone (0 bytes, or ENOENT) or Ctrl-] ends the process.
 */
#include <errno.h>
#include <string.h>

#include "hoist.h"

#define CONSOLE_CHUNK	4096

static int read_error(struct hoist_env *env, uint32_t domid, int err)
{
	/* ENOTTY: a module without the command; EINVAL: one from before
	 * unknown commands were ENOTTY. */
	if (err == -EINVAL || err == -ENOTTY) {
		hoist_err(env, "console: %s refused to read domain %u's "
			  "console (%s): is the module older than hoist?",
			  HOIST_DEVICE, (unsigned)domid, strerror(-err));
		return HOIST_EXIT_FAIL;
	}
	return hoist_err_request(env, "console", err);
}

static int pump(struct hoist_env *env, struct hoist_dev *dev, uint32_t domid)
{
	char buf[CONSOLE_CHUNK];
	size_t copied;
	int ret;

	for (;;) {
		ret = hoist_dev_console_read(dev, domid, 0, buf, sizeof(buf),
					     &copied);
		if (ret == -ENOENT || (!ret && !copied))
			return HOIST_EXIT_OK;	/* the domain is gone */
		if (ret)
			return read_error(env, domid, ret);
		if (fwrite(buf, 1, copied, env->out) != copied ||
		    fflush(env->out))
			return HOIST_EXIT_FAIL;	/* reported by the caller */
	}
}

int console_attach(struct hoist_env *env, struct hoist_dev *dev,
		   uint32_t domid)
{
	struct console_input in;
	int ret;

	memset(&in, 0, sizeof(in));
	in.wake[0] = in.wake[1] = -1;
	if (env->in_fd >= 0) {
		ret = console_input_start(&in, env, dev, domid, env->in_fd);
		if (ret)
			hoist_err(env, "warning: console: cannot read the "
				  "input (%s): output only, Ctrl-] will not "
				  "work", strerror(-ret));
	}
	ret = pump(env, dev, domid);
	console_input_stop(&in);
	return ret;
}
