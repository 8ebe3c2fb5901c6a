// SPDX-License-Identifier: GPL-2.0
/*
 * What the module tells the hypervisor at load (struct hoist_boot_params):
 * the RAM map and the CPU list, checked once, believed after.
 */
#include <hv/errno.h>
#include <hv/hv.h>

bool hv_cpu_present(u32 cpu)
{
	return cpu < hv.nr_cpus &&
	       (hv.params.cpus_present[cpu / 64] & BIT(cpu % 64));
}

bool hv_pfn_is_ram(u64 pfn)
{
	const struct hoist_boot_params *bp = &hv.params;

	if (pfn >= (hv.phys_map_size >> PAGE_SHIFT))
		return false;	/* beyond what the hypervisor itself can map */
	for (u32 i = 0; i < bp->nr_ram_ranges; i++)
		if (pfn - bp->ram[i].first < bp->ram[i].count)
			return true;
	return false;
}

int hv_check_boot_params(const struct hoist_boot_params *bp)
{
	u64 pages = 0;

	if (!bp->nr_ram_ranges || bp->nr_ram_ranges > HOIST_MAX_RAM_RANGES)
		return -EINVAL;
	for (u32 i = 0; i < bp->nr_ram_ranges; i++) {
		const struct hoist_ram_range *r = &bp->ram[i];

		if (!r->count || r->first + r->count < r->first)
			return -EINVAL;
		pages += r->count;
	}
	hv.ram_pages = pages;
	hv.nr_present = 0;
	for (u32 i = 0; i < bp->nr_cpus; i++)
		hv.nr_present += hv_cpu_present(i);
	return hv.nr_present ? 0 : -EINVAL;
}
