/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* hoist pause DOMAIN, hoist unpause DOMAIN: like xl, silent on success. */
#include "hoist.h"

typedef int (*domid_op)(struct hoist_dev *dev, uint32_t domid);

static int pause_cmd(struct hoist_env *env, const char *cmd,
		     const char *doing, domid_op op, int argc, char **argv)
{
	struct hoist_domain_info info;
	struct hoist_dev dev;
	int ret;

	if (hoist_want_help(env, cmd, argc, argv))
		return HOIST_EXIT_OK;
	if ((ret = hoist_domain_arg(env, cmd, argc, argv)) ||
	    (ret = domain_open(env, &dev, argv[1], &info)))
		return ret;
	if (info.domid == 0) {
		/* Pausing dom0 would stop the machine hoist runs on. */
		hoist_err(env, "%s: not %s Domain-0: it is the system "
			  "running hoist", cmd, doing);
		ret = HOIST_EXIT_FAIL;
	} else {
		ret = op(&dev, info.domid);
		if (ret)
			ret = hoist_err_domain(env, cmd, argv[1], ret);
	}
	hoist_dev_close(&dev);
	return ret;
}

int cmd_pause(struct hoist_env *env, int argc, char **argv)
{
	return pause_cmd(env, "pause", "pausing", hoist_dev_domain_pause, argc, argv);
}

int cmd_unpause(struct hoist_env *env, int argc, char **argv)
{
	return pause_cmd(env, "unpause", "unpausing",
			 hoist_dev_domain_unpause, argc, argv);
}
