/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The guest's control nodes, as libxl writes them for xl shutdown,
 * reboot and sysrq (libxl_domain.c libxl__domain_pvcontrol,
 * libxl_send_sysrq).  Linux watches control/shutdown and control/sysrq
 * (drivers/xen/manage.c) and announces what it handles with
 * control/feature-poweroff|reboot = 1; without that announcement a
 * request would be written for nobody, so it is refused (-EOPNOTSUPP),
 * where libxl checks the PV driver callback for the same reason.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hoist.h"

static void control_path(char *buf, size_t size, uint32_t domid,
			 const char *node)
{
	snprintf(buf, size, "/local/domain/%u/control/%s", (unsigned)domid,
		 node);
}

/* 1 when the node reads "1", 0 when not (or missing), -errno. */
static int feature_on(const struct store_ops *ops, struct store *s,
		      uint32_t domid, const char *what)
{
	char node[64], path[STORE_PATH_MAX], *v = NULL;
	int ret;

	snprintf(node, sizeof(node), "feature-%s", what);
	control_path(path, sizeof(path), domid, node);
	ret = ops->read(s, STORE_NO_TX, path, &v);
	if (ret == -ENOENT || ret == -EACCES)
		return 0;
	if (ret)
		return ret;
	ret = !strcmp(v, "1");
	free(v);
	return ret;
}

int control_shutdown(const struct store_ops *ops, struct store *s,
		     uint32_t domid, const char *what, struct errbuf *e)
{
	char path[STORE_PATH_MAX];
	int ret = feature_on(ops, s, domid, what);

	if (ret < 0)
		return errbuf_set(e, ret, "xenstore: reading domain %u's "
				  "control/feature-%s: %s", (unsigned)domid,
				  what, strerror(-ret));
	if (!ret)
		return errbuf_set(e, -EOPNOTSUPP, "domain %u has not announced "
				  "control/feature-%s", (unsigned)domid, what);
	control_path(path, sizeof(path), domid, "shutdown");
	ret = ops->write(s, STORE_NO_TX, path, what);
	if (ret)
		return errbuf_set(e, ret, "xenstore: writing %s: %s", path,
				  strerror(-ret));
	return 0;
}

int control_sysrq(const struct store_ops *ops, struct store *s,
		  uint32_t domid, char key, struct errbuf *e)
{
	char path[STORE_PATH_MAX], value[2] = { key, '\0' }, *v = NULL;
	int ret;

	control_path(path, sizeof(path), domid, "sysrq");
	/* The node exists for a domain with a store (written at create):
	 * never create one under a domain that has none. */
	ret = ops->read(s, STORE_NO_TX, path, &v);
	free(v);
	if (ret == -ENOENT)
		return errbuf_set(e, -EOPNOTSUPP, "domain %u has no "
				  "control/sysrq node (no xenstore)",
				  (unsigned)domid);
	if (!ret)
		ret = ops->write(s, STORE_NO_TX, path, value);
	if (ret)
		return errbuf_set(e, ret, "xenstore: writing %s: %s", path,
				  strerror(-ret));
	return 0;
}
