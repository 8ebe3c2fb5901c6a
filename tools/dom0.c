/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Domain-0 as `hoist list` and `hoist vcpu-list` show it.  The
 * hypervisor does not list dom0 (it is the host kernel, not a domain it
 * built), so its row comes from the host, as Xen would count it: all of
 * the memory, one vCPU per online CPU, and the time the CPUs were busy.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hoist.h"

#define NS_PER_TICK	(1000000000ull / HOST_USER_HZ)

static uint64_t busy_ns(const char *stat, const char *cpu)
{
	uint64_t ticks;

	return stat && !procstat_busy_ticks(stat, cpu, &ticks) ?
	       ticks * NS_PER_TICK : 0;
}

void dom0_info(const struct host_ops *host, struct hoist_domain_info *info)
{
	char *text = NULL;
	uint32_t *cpus;
	uint64_t kib;
	size_t n;

	memset(info, 0, sizeof(*info));
	strcpy(info->name, DOM0_NAME);
	info->flags = HOIST_DOM_RUNNING;	/* xl shows dom0 as r----- */
	if (!host_read_text(host, HOST_MEMINFO, &text)) {
		if (!meminfo_parse(text, "MemTotal", &kib))
			info->mem_kb = kib;
		free(text);
	}
	if (!host_online_cpus(host, &cpus, &n)) {
		info->vcpus = info->vcpus_online = (uint32_t)n;
		free(cpus);
	}
	if (!host_read_text(host, HOST_PROC_STAT, &text)) {
		info->cpu_time_ns = busy_ns(text, "cpu");
		free(text);
	}
}

int dom0_vcpus(const struct host_ops *host, struct hoist_vcpu_info **vcpus,
	       size_t *n)
{
	char *stat = NULL, name[16];
	uint32_t *cpus;
	size_t i;
	int ret = host_online_cpus(host, &cpus, n);

	*vcpus = NULL;
	if (ret)
		return ret;
	*vcpus = calloc(*n + 1, sizeof(**vcpus));
	if (!*vcpus) {
		free(cpus);
		return -ENOMEM;
	}
	host_read_text(host, HOST_PROC_STAT, &stat);
	for (i = 0; i < *n; i++) {
		snprintf(name, sizeof(name), "cpu%u", (unsigned)cpus[i]);
		(*vcpus)[i] = (struct hoist_vcpu_info){
			.domid = 0, .vcpu = cpus[i],
			.state = HOIST_VCPU_RUNNING, .cpu = (int32_t)cpus[i],
			.cpu_time_ns = busy_ns(stat, name),
		};
	}
	free(stat);
	free(cpus);
	return 0;
}
