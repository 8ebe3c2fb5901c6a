// SPDX-License-Identifier: GPL-2.0
/*
 * xen_hcbench: the cost of an in-kernel hypercall round trip in a Xen
 * guest, measured from a stock kernel (the Linux guest of the benchmarks,
 * guests/linux).  Loaded only to measure: it prints one line
 *
 *   hcbench: xen_version round trip <ns> ns median <ticks> ticks
 *
 * the per-call median of BATCHES batches of CALLS HYPERVISOR_xen_version
 * (XENVER_version) calls, timed with ktime (ns) and the TSC (ticks).  It
 * loads only if the measurement succeeded, and does nothing more: rmmod it
 * to measure again.
 *
 * xen_version(XENVER_version) is the cheapest hypercall every Xen answers
 * on its own: it measures the world switch, not a service.  Debian's 6.1
 * kernels since 6.1.121 have no hypercall page: HYPERVISOR_xen_version()
 * calls the exported static call trampoline (__SCT__xen_hypercall), which
 * runs VMMCALL (AMD) or VMCALL (Intel) directly.
 */
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sort.h>
#include <asm/msr.h>
#include <asm/xen/hypercall.h>
#include <xen/interface/version.h>
#include <xen/xen.h>

#define BATCHES	5

static unsigned int calls = 2000;
module_param(calls, uint, 0444);
MODULE_PARM_DESC(calls, "hypercalls per batch (default 2000)");

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * One batch on one CPU (the TSCs of a guest's vCPUs need not agree).
 * Returns the first failed call's result, else 0.
 */
static int batch(u64 *ns, u64 *ticks)
{
	u64 t0, c0, c1, t1;
	unsigned int i;
	int ret = 0;

	preempt_disable();
	t0 = ktime_get_ns();
	c0 = rdtsc_ordered();
	for (i = 0; i < calls; i++) {
		int v = HYPERVISOR_xen_version(XENVER_version, NULL);

		if (v < 0 && !ret)
			ret = v;
	}
	c1 = rdtsc_ordered();
	t1 = ktime_get_ns();
	preempt_enable();
	*ns = (t1 - t0) / calls;
	*ticks = (c1 - c0) / calls;
	return ret;
}

static int __init xen_hcbench_init(void)
{
	u64 ns[BATCHES], ticks[BATCHES];
	int i, ret, version;

	if (!xen_domain()) {
		pr_info("hcbench: not running on Xen\n");
		return -ENODEV;
	}
	if (!calls) {
		pr_info("hcbench: calls must be at least 1\n");
		return -EINVAL;
	}
	version = HYPERVISOR_xen_version(XENVER_version, NULL);
	if (version < 0) {
		pr_info("hcbench: xen_version failed: %d\n", version);
		return version;
	}
	for (i = 0; i < BATCHES; i++) {
		ret = batch(&ns[i], &ticks[i]);
		if (ret) {
			pr_info("hcbench: xen_version failed: %d\n", ret);
			return ret;
		}
		cond_resched();
	}
	sort(ns, BATCHES, sizeof(ns[0]), cmp_u64, NULL);
	sort(ticks, BATCHES, sizeof(ticks[0]), cmp_u64, NULL);
	pr_info("hcbench: xen_version round trip %llu ns median %llu ticks\n",
		ns[BATCHES / 2], ticks[BATCHES / 2]);
	return 0;
}
module_init(xen_hcbench_init);

static void __exit xen_hcbench_exit(void)
{
}
module_exit(xen_hcbench_exit);

MODULE_DESCRIPTION("Xen guest hypercall round trip benchmark");
MODULE_LICENSE("GPL");
