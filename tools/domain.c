/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Finding domains for the commands: the hypervisor's list behind a
 * Domain-0 row, and DOMAIN arguments as libxl reads them
 * (libxl_domain_qualifier_to_domid: all digits is an id, else a name).
 */
#include <string.h>

#include "hoist.h"

int domains_fetch(struct hoist_env *env, struct hoist_dev *dev,
		  struct domains *doms)
{
	uint32_t count;
	int ret;

	dom0_info(env->host, &doms->d[0]);
	ret = hoist_dev_domain_list(dev, doms->d + 1, HOIST_MAX_DOMAINS,
				    &count);
	if (ret)
		return hoist_err_request(env, "listing domains", ret);
	doms->n = 1 + count;
	return 0;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

const struct hoist_domain_info *domains_find(const struct domains *doms,
					     const char *q)
{
	uint32_t id;
	size_t i;

	if (all_digits(q)) {
		if (hoist_parse_u32(q, &id))
			return NULL;
		for (i = 0; i < doms->n; i++)
			if (doms->d[i].domid == id)
				return &doms->d[i];
		return NULL;
	}
	for (i = 0; i < doms->n; i++)
		if (!strcmp(doms->d[i].name, q))
			return &doms->d[i];
	return NULL;
}

int domain_resolve(struct hoist_env *env, struct hoist_dev *dev,
		   const char *q, struct hoist_domain_info *info)
{
	const struct hoist_domain_info *found;
	struct domains doms;
	int ret = domains_fetch(env, dev, &doms);

	if (ret)
		return ret;
	found = domains_find(&doms, q);
	if (!found) {
		/* xl's words (xl_info.c). */
		hoist_err(env, "Domain '%s' does not exist.", q);
		return HOIST_EXIT_FAIL;
	}
	*info = *found;
	return 0;
}

int domain_open(struct hoist_env *env, struct hoist_dev *dev, const char *q,
		struct hoist_domain_info *info)
{
	int ret = hoist_dev_open(dev, env->dev);

	if (ret)
		return hoist_err_open(env, ret);
	ret = domain_resolve(env, dev, q, info);
	if (ret)
		hoist_dev_close(dev);
	return ret;
}
