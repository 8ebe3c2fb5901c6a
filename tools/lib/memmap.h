/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The memory map a PVH guest finds in hvm_start_info (version 1), laid
 * out as xl does for PVH guests, in address order:
 *
 *   RAM       [0, 0xA0000)            Linux wants low RAM for its
 *                                     real-mode trampoline
 *   reserved  [0xA0000, 0x100000)     legacy hole; backed and zeroed
 *                                     (Linux scans it for firmware
 *                                     tables); holds the start info and
 *                                     the ACPI tables
 *   RAM       [0x100000, end of memory)
 *   reserved  the console page        (when there is one)
 *
 * A guest whose memory reaches the console page (4 GiB guests) has its
 * RAM split around it.
 */
#ifndef HOIST_TOOLS_MEMMAP_H
#define HOIST_TOOLS_MEMMAP_H

#include <stdint.h>
#include <hoist/xen.h>

#define PVH_LOW_RAM_END		0xA0000ull	/* 640 KiB */
#define PVH_HOLE_END		0x100000ull	/* 1 MiB */
#define PVH_PAGE		4096ull
#define PVH_MEMMAP_MAX		5

/*
 * Fills m (PVH_MEMMAP_MAX entries) for mem bytes of memory (> 1 MiB,
 * page-aligned) and the console page at console_gpa (0: none); returns
 * the number of entries.
 */
unsigned pvh_memmap_build(uint64_t mem, uint64_t console_gpa,
			  struct hvm_memmap_table_entry *m);

/* Does [addr, addr + len) lie inside one RAM entry? */
int pvh_memmap_is_ram(const struct hvm_memmap_table_entry *m, unsigned n,
		      uint64_t addr, uint64_t len);

#endif /* HOIST_TOOLS_MEMMAP_H */
