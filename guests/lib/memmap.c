/*
 * The memory map in start_info (version >= 1): E820-style entries.  Guest
 * RAM is what the RAM entries cover.  Reserved entries may be backed (Xen
 * puts ACPI tables and console pages there) and may lie far above RAM
 * (firmware maps list MMIO windows), so "not backed" means: above the end
 * of RAM and covered by no entry at all.
 */
#include "guest.h"

const struct hvm_memmap_table_entry *memmap_entries(
	const struct hvm_start_info *si, unsigned int *nr)
{
	if (!si || si->version < 1 || !si->memmap_paddr ||
	    !si->memmap_entries) {
		*nr = 0;
		return NULL;
	}
	*nr = si->memmap_entries;
	return (const struct hvm_memmap_table_entry *)(uintptr_t)
		si->memmap_paddr;
}

uint64_t memmap_ram_bytes(const struct hvm_start_info *si)
{
	unsigned int nr;
	const struct hvm_memmap_table_entry *e = memmap_entries(si, &nr);
	uint64_t sum = 0;

	for (unsigned int i = 0; i < nr; i++)
		if (e[i].type == XEN_HVM_MEMMAP_TYPE_RAM)
			sum += e[i].size;
	return sum;
}

uint64_t memmap_ram_top(const struct hvm_start_info *si)
{
	unsigned int nr;
	const struct hvm_memmap_table_entry *e = memmap_entries(si, &nr);
	uint64_t top = 0;

	for (unsigned int i = 0; i < nr; i++)
		if (e[i].type == XEN_HVM_MEMMAP_TYPE_RAM &&
		    e[i].addr + e[i].size > top)
			top = e[i].addr + e[i].size;
	return top;
}

bool memmap_covers(const struct hvm_start_info *si, uint64_t addr,
		   uint64_t len)
{
	unsigned int nr;
	const struct hvm_memmap_table_entry *e = memmap_entries(si, &nr);

	for (unsigned int i = 0; i < nr; i++)
		if (addr < e[i].addr + e[i].size && e[i].addr < addr + len)
			return true;
	return false;
}
