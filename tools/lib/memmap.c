/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* The PVH guest's memory map (see memmap.h). */
#include "lib/memmap.h"

static unsigned add(struct hvm_memmap_table_entry *m, unsigned n,
		    uint64_t start, uint64_t end, uint32_t type)
{
	if (end <= start)
		return n;
	m[n] = (struct hvm_memmap_table_entry){
		.addr = start, .size = end - start, .type = type,
	};
	return n + 1;
}

unsigned pvh_memmap_build(uint64_t mem, struct hvm_memmap_table_entry *m)
{
	uint64_t low_end = mem < HOIST_GUEST_HOLE_START ? mem :
			   HOIST_GUEST_HOLE_START;
	uint64_t high = mem - low_end;
	unsigned n = 0;

	n = add(m, n, 0, PVH_LOW_RAM_END, XEN_HVM_MEMMAP_TYPE_RAM);
	n = add(m, n, PVH_LOW_RAM_END, PVH_HOLE_END,
		XEN_HVM_MEMMAP_TYPE_RESERVED);
	n = add(m, n, PVH_HOLE_END, low_end, XEN_HVM_MEMMAP_TYPE_RAM);
	n = add(m, n, HOIST_GUEST_HOLE_START, HOIST_GUEST_HIGH_START,
		XEN_HVM_MEMMAP_TYPE_RESERVED);
	return add(m, n, HOIST_GUEST_HIGH_START, HOIST_GUEST_HIGH_START + high,
		   XEN_HVM_MEMMAP_TYPE_RAM);
}
int pvh_memmap_is_ram(const struct hvm_memmap_table_entry *m, unsigned n,
		      uint64_t addr, uint64_t len)
{
	unsigned i;

	if (addr + len < addr)
		return 0;
	for (i = 0; i < n; i++)
		if (m[i].type == XEN_HVM_MEMMAP_TYPE_RAM && addr >= m[i].addr &&
		    addr + len <= m[i].addr + m[i].size)
			return 1;
	return 0;
}
