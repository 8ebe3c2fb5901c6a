/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist shutdown [-w] DOMAIN.  xl writes "poweroff" to the guest's
 * control/shutdown xenstore node and, with -w, waits for the shutdown.
 * Hoist has no xenstore yet, so there is no way to ask the guest: the
 * command finds the domain and says so.  Once a request exists, only
 * shutdown_request() changes; -w is then hoist_dev_domain_wait().
 */
#include <errno.h>
#include <string.h>

#include "hoist.h"

static int shutdown_request(struct hoist_env *env, struct hoist_dev *dev,
			    const struct hoist_domain_info *info)
{
	(void)dev;
	hoist_err(env, "shutdown: domain %s has no PV control interface yet; "
		  "use 'hoist destroy'", info->name);
	return -ENOSYS;
}

int cmd_shutdown(struct hoist_env *env, int argc, char **argv)
{
	struct hoist_domain_info info;
	struct hoist_dev dev;
	int wait = 0, ret;

	if (hoist_want_help(env, "shutdown", argc, argv))
		return HOIST_EXIT_OK;
	if (argc > 1 && (!strcmp(argv[1], "-w") || !strcmp(argv[1], "--wait"))) {
		wait = 1;
		argc--;
		argv++;
	}
	if ((ret = hoist_domain_arg(env, "shutdown", argc, argv)) ||
	    (ret = domain_open(env, &dev, argv[1], &info)))
		return ret;
	if (info.domid == 0) {
		hoist_err(env, "shutdown: not shutting down Domain-0: it is the "
			  "system running hoist");
		ret = HOIST_EXIT_FAIL;
	} else if (shutdown_request(env, &dev, &info)) {
		ret = HOIST_EXIT_FAIL;
	} else if (wait) {
		ret = hoist_dev_domain_wait(&dev, info.domid, &info);
		ret = ret == -ENOENT ? 0 : ret ?
		      hoist_err_request(env, "shutdown", ret) : 0;
	}
	hoist_dev_close(&dev);
	return ret;
}
