/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist destroy DOMAIN: like `xl destroy`, silent on success.  The
 * domain's xenstore nodes go with it; a store that cannot be cleaned is
 * a warning, not a failure: the domain is gone.
 */
#include "hoist.h"

int cmd_destroy(struct hoist_env *env, int argc, char **argv)
{
	struct hoist_domain_info info;
	struct errbuf store_e;
	struct hoist_dev dev;
	int ret;

	if (hoist_want_help(env, "destroy", argc, argv))
		return HOIST_EXIT_OK;
	if ((ret = hoist_domain_arg(env, "destroy", argc, argv)) ||
	    (ret = domain_open(env, &dev, argv[1], &info)))
		return ret;
	if (info.domid == 0) {
		/* xl refuses too (xl_vmcontrol.c destroy_domain). */
		hoist_err(env, "destroy: not destroying Domain-0: it is the "
			  "system running hoist");
		ret = HOIST_EXIT_FAIL;
	} else {
		ret = domain_teardown(env, &dev, info.domid, &store_e);
		if (store_e.msg[0])
			hoist_err(env, "warning: destroy: %s", store_e.msg);
		if (ret)
			ret = hoist_err_domain(env, "destroy", argv[1], ret);
	}
	hoist_dev_close(&dev);
	return ret;
}
