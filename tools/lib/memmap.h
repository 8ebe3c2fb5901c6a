/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The memory map a PVH guest finds in hvm_start_info (version 1), for the
 * layout of include/hoist/layout.h (libxl's for PVH guests), in address
 * order:
 *
 *   RAM       [0, 0xA0000)            Linux wants low RAM for its
 *                                     real-mode trampoline
 *   reserved  [0xA0000, 0x100000)     legacy hole; backed and zeroed
 *                                     (Linux scans it for firmware
 *                                     tables); holds the start info and
 *                                     the ACPI tables
 *   RAM       [0x100000, min(memory, HOIST_GUEST_HOLE_START))
 *   reserved  [HOIST_GUEST_HOLE_START, 4 GiB)
 *                                     the hole below 4 GiB: the special
 *                                     pages (the console ring) are in it
 *   RAM       [4 GiB, 4 GiB + what did not fit below the hole)
 *                                     only for guests larger than that
 */
#ifndef HOIST_TOOLS_MEMMAP_H
#define HOIST_TOOLS_MEMMAP_H

#include <stdint.h>
#include <hoist/layout.h>
#include <hoist/xen.h>

#define PVH_LOW_RAM_END		0xA0000ull	/* 640 KiB */
#define PVH_HOLE_END		0x100000ull	/* 1 MiB */
#define PVH_PAGE		4096ull
#define PVH_MEMMAP_MAX		5

/*
 * Fills m (PVH_MEMMAP_MAX entries) for mem bytes of memory (> 1 MiB,
 * page-aligned); returns the number of entries.
 */
unsigned pvh_memmap_build(uint64_t mem, struct hvm_memmap_table_entry *m);

/* Does [addr, addr + len) lie inside one RAM entry? */
int pvh_memmap_is_ram(const struct hvm_memmap_table_entry *m, unsigned n,
		      uint64_t addr, uint64_t len);

#endif /* HOIST_TOOLS_MEMMAP_H */
