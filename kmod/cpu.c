// SPDX-License-Identifier: GPL-2.0
/*
 * Moving CPUs under the hypervisor and back, and keeping CPU hotplug
 * consistent with it: a CPU coming online is hoisted before it runs
 * anything else of ours, and a hoisted CPU refuses to go offline (an
 * offline CPU is later woken with INIT, which would reset it from under
 * the hypervisor).
 */
#define pr_fmt(fmt) "hoist: " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <asm/msr.h>
#include "hoist.h"

struct cpumask hoist_cpus;
static long (*hv_cpu_entry)(u32 cpu);
static DEFINE_PER_CPU(long, hoist_result);
static enum cpuhp_state hoist_hp_state;

static void hoist_this_cpu(void *unused)
{
	unsigned int cpu = smp_processor_id();
	long r = hv_cpu_entry(cpu);

	/* Here we are either dom0 on this CPU (r == 0) or still native. */
	this_cpu_write(hoist_result, r);
	if (!r)
		cpumask_set_cpu(cpu, &hoist_cpus);
}

static void release_this_cpu(void *unused)
{
	unsigned int cpu = smp_processor_id();
	long r = hoist_vmmcall(HOIST_HC_DEVIRT, 0, 0, 0);
	u64 efer;

	rdmsrl(MSR_EFER, efer);
	if (r || (efer & EFER_SVME))
		pr_err("cpu %u: still under the hypervisor (%ld)\n", cpu, r);
	else
		cpumask_clear_cpu(cpu, &hoist_cpus);
}

static int hoist_cpu_online(unsigned int cpu)
{
	unsigned long flags;
	long r;

	local_irq_save(flags);
	hoist_this_cpu(NULL);
	r = this_cpu_read(hoist_result);
	local_irq_restore(flags);
	if (r)
		pr_err("cpu %u: hoist failed (%ld); refusing to bring it online\n",
		       cpu, r);
	else
		pr_info("cpu %u: hoisted on coming online\n", cpu);
	return r;
}

static int hoist_cpu_offline(unsigned int cpu)
{
	if (!cpumask_test_cpu(cpu, &hoist_cpus))
		return 0;
	pr_warn("cpu %u: cannot go offline while hoisted (rmmod hoist first)\n",
		cpu);
	return -EBUSY;
}

int hoist_all_cpus(long (*entry)(u32 cpu))
{
	unsigned int cpu, failed = 0;
	int r;

	hv_cpu_entry = entry;
	cpus_read_lock();
	on_each_cpu(hoist_this_cpu, NULL, 1);
	for_each_online_cpu(cpu) {
		long res = per_cpu(hoist_result, cpu);

		if (res) {
			pr_err("cpu %u: hoist failed (%ld)\n", cpu, res);
			r = res;
			failed++;
		}
	}
	if (failed)
		goto undo;
	r = cpuhp_setup_state_nocalls_cpuslocked(CPUHP_AP_ONLINE_DYN,
						 "hoist:online",
						 hoist_cpu_online,
						 hoist_cpu_offline);
	if (r < 0)
		goto undo;
	hoist_hp_state = r;
	cpus_read_unlock();
	return 0;

undo:
	on_each_cpu_mask(&hoist_cpus, release_this_cpu, NULL, 1);
	cpus_read_unlock();
	return r;
}

void hoist_release_all_cpus(void)
{
	cpus_read_lock();
	if (hoist_hp_state > 0)
		cpuhp_remove_state_nocalls_cpuslocked(hoist_hp_state);
	hoist_hp_state = 0;
	on_each_cpu_mask(&hoist_cpus, release_this_cpu, NULL, 1);
	cpus_read_unlock();
}

long hoist_hypercall(unsigned long nr, unsigned long a1, unsigned long a2,
		     unsigned long a3)
{
	int cpu = get_cpu();
	long r = -ENXIO;

	if (cpumask_test_cpu(cpu, &hoist_cpus))
		r = hoist_vmmcall(nr, a1, a2, a3);
	put_cpu();
	return r;
}

long hoist_hypercall4(unsigned long nr, unsigned long a1, unsigned long a2,
		      unsigned long a3, unsigned long a4)
{
	int cpu = get_cpu();
	long r = -ENXIO;

	if (cpumask_test_cpu(cpu, &hoist_cpus))
		r = hoist_vmmcall4(nr, a1, a2, a3, a4);
	put_cpu();
	return r;
}

static void tlb_sync_one(void *unused)
{
	hoist_vmmcall(HOIST_HC_TLB_SYNC, 0, 0, 0);
}

/*
 * Every CPU drops dom0's cached view of memory the hypervisor took away
 * or gave back (a vCPU run returns -EAGAIN for it; a destroy needs it).
 */
void hoist_tlb_sync_all(void)
{
	on_each_cpu(tlb_sync_one, NULL, 1);
}
