/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Attaching to a domain's console: blocking CONSOLE_READs, each chunk
 * written out and flushed at once, until the read reports the domain
 * gone (0 bytes, or ENOENT) or the escape key ends the process.
 */
#include <errno.h>
#include <string.h>

#include "hoist.h"
#include "lib/keys.h"

#define CONSOLE_CHUNK	4096

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
			return hoist_err_request(env, "console", ret);
		if (fwrite(buf, 1, copied, env->out) != copied ||
		    fflush(env->out))
			return HOIST_EXIT_FAIL;	/* reported by the caller */
	}
}

int console_attach(struct hoist_env *env, struct hoist_dev *dev,
		   uint32_t domid)
{
	int ret;

	if (env->in_fd >= 0) {
		ret = keys_watch_start(env->in_fd, CONSOLE_ESCAPE, env->out);
		if (ret)
			hoist_err(env, "warning: console: cannot watch the "
				  "keyboard (%s): Ctrl-] will not work",
				  strerror(-ret));
	}
	ret = pump(env, dev, domid);
	keys_watch_stop();
	return ret;
}
