/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist sysrq DOMAIN KEY, as xl sysrq: writes KEY to the guest's
 * control/sysrq, which Linux handles as Alt-SysRq-KEY (manage.c).
 */
#include <string.h>

#include "hoist.h"

int cmd_sysrq(struct hoist_env *env, int argc, char **argv)
{
	struct hoist_domain_info info;
	struct hoist_dev dev;
	struct errbuf e;
	struct store *s;
	int ret;

	if (hoist_want_help(env, "sysrq", argc, argv))
		return HOIST_EXIT_OK;
	if (argc != 3)
		return hoist_err_usage(env, "sysrq", argc < 3 ?
				       "missing DOMAIN or KEY" :
				       "too many arguments", NULL);
	/* xl: "Sysrq is a single character". */
	if (strlen(argv[2]) != 1 || argv[2][0] <= ' ' || argv[2][0] > '~')
		return hoist_err_usage(env, "sysrq", "KEY must be one printable "
				       "character, not", argv[2]);
	if ((ret = domain_open(env, &dev, argv[1], &info)))
		return ret;
	if (info.domid == 0) {
		hoist_err(env, "sysrq: Domain-0 is the system running hoist: "
			  "use /proc/sysrq-trigger");
		hoist_dev_close(&dev);
		return HOIST_EXIT_FAIL;
	}
	ret = store_connect(env->store, 0, &s, &e);
	if (!ret) {
		ret = control_sysrq(env->store, s, info.domid, argv[2][0], &e);
		env->store->close(s);
	}
	if (ret)
		hoist_err(env, "sysrq: %s", e.msg);
	hoist_dev_close(&dev);
	return ret ? HOIST_EXIT_FAIL : HOIST_EXIT_OK;
}
