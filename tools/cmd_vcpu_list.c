/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist vcpu-list [DOMAIN ...]: `xl vcpu-list` (xl_vcpu.c), byte for
 * byte, including xl's quirk that the CPU column follows VCPU without a
 * space:
 *
 *   Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)
 *   hello                                1     0    1   -b-       0.2  all / all
 *
 * State: r running, b blocked, and p in the third place for a vCPU that
 * is offline (xl prints "--p" with CPU "-" for those) or, Hoist's
 * addition, paused.  Hoist does not pin vCPUs: affinity is "all / all".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hoist.h"

void vcpu_list_print_header(FILE *out)
{
	fprintf(out, "%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU",
		"CPU", "State", "Time(s)", "Affinity (Hard / Soft)");
}

void vcpu_list_print_row(FILE *out, const char *name,
			 const struct hoist_vcpu_info *v)
{
	int offline = v->state == HOIST_VCPU_OFFLINE;

	fprintf(out, "%-32s %5u %5u", name, (unsigned)v->domid,
		(unsigned)v->vcpu);
	if (offline || v->cpu < 0)
		fprintf(out, "%5c", '-');
	else
		fprintf(out, "%5u", (unsigned)v->cpu);
	fprintf(out, " %3c%c%c ", v->state == HOIST_VCPU_RUNNING ? 'r' : '-',
		v->state == HOIST_VCPU_BLOCKED ? 'b' : '-',
		offline || v->state == HOIST_VCPU_PAUSED ? 'p' : '-');
	/* xl: (float)vcpu_time / 1e9 */
	fprintf(out, "%9.1f  all / all\n", (double)(float)v->cpu_time_ns / 1e9);
}

static int print_domain(struct hoist_env *env, struct hoist_dev *dev,
			const struct hoist_domain_info *d)
{
	struct hoist_vcpu_info buf[HOIST_MAX_VCPUS], *v = buf;
	size_t n, i;
	uint32_t count;
	int ret;

	if (d->domid == 0) {
		if (dom0_vcpus(env->host, &v, &n))
			return 0;	/* no /sys: nothing known to print */
	} else {
		ret = hoist_dev_vcpu_list(dev, d->domid, buf, HOIST_MAX_VCPUS,
					  &count);
		if (ret == -ENOENT)
			return 0;	/* destroyed since the list was read */
		if (ret)
			return hoist_err_request(env, "listing vCPUs", ret);
		n = count;
	}
	for (i = 0; i < n; i++)
		vcpu_list_print_row(env->out, d->name, &v[i]);
	if (v != buf)
		free(v);
	return 0;
}

int cmd_vcpu_list(struct hoist_env *env, int argc, char **argv)
{
	const struct hoist_domain_info *d;
	struct hoist_dev dev;
	struct domains doms;
	size_t i;
	int ret;

	if (hoist_want_help(env, "vcpu-list", argc, argv))
		return HOIST_EXIT_OK;
	if (argc > 1 && argv[1][0] == '-')
		return hoist_err_usage(env, "vcpu-list", "unknown option",
				       argv[1]);
	ret = hoist_dev_open(&dev, env->dev);
	if (ret)
		return hoist_err_open(env, ret);
	ret = domains_fetch(env, &dev, &doms);
	for (i = 1; !ret && (int)i < argc; i++)
		if (!domains_find(&doms, argv[i])) {
			hoist_err(env, "Domain '%s' does not exist.", argv[i]);
			ret = HOIST_EXIT_FAIL;
		}
	if (!ret)
		vcpu_list_print_header(env->out);
	for (i = 0; !ret && i < (argc > 1 ? (size_t)argc - 1 : doms.n); i++) {
		d = argc > 1 ? domains_find(&doms, argv[i + 1]) : &doms.d[i];
		ret = print_domain(env, &dev, d);
	}
	hoist_dev_close(&dev);
	return ret;
}
