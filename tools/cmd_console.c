/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist console DOMAIN: like `xl console`, the guest's output until the
 * domain is gone or Ctrl-] is typed, and what is typed (or piped in)
 * sent to the guest's hvc0 meanwhile (console.c, console_input.c).
 */
#include "hoist.h"

int cmd_console(struct hoist_env *env, int argc, char **argv)
{
	struct hoist_domain_info info;
	struct hoist_dev dev;
	int ret;

	if (hoist_want_help(env, "console", argc, argv))
		return HOIST_EXIT_OK;
	if ((ret = hoist_domain_arg(env, "console", argc, argv)) ||
	    (ret = domain_open(env, &dev, argv[1], &info)))
		return ret;
	if (info.domid == 0) {
		hoist_err(env, "console: Domain-0 has no console to attach to: "
			  "it is the system running hoist");
		ret = HOIST_EXIT_FAIL;
	} else {
		ret = console_attach(env, &dev, info.domid);
	}
	hoist_dev_close(&dev);
	return ret;
}
