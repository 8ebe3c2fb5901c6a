/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The guest-physical layout of a PVH domain, as libxl lays out a PVH guest
 * without a device model (libxl_dom.c, libxl__build_hvm): RAM from 0 up to
 * the hole below 4 GiB, the rest of it from 4 GiB on.
 *
 *   RAM        [0, min(memory, HOLE_START))
 *   hole       [HOLE_START, 4 GiB): never RAM.  libxl starts it at the
 *              lowest of the ACPI tables' address (0xFC000000), the local
 *              APIC (0xFEE00000) and the special pages; it holds the
 *              special pages (SPECIAL_*), one of which is the console ring.
 *   RAM        [4 GiB, 4 GiB + memory - (HOLE_START)), when memory is more
 *              than HOLE_START
 *
 * The toolstack writes the memory map from it (tools/lib/memmap.c), the
 * module places a domain's pages by it (page n of the domain's memory is
 * at hoist_guest_gfn(n)), and the hypervisor donates no frame into the
 * hole but the special pages.  The legacy range [0xA0000, 0x100000) is
 * backed like RAM and reserved in the memory map (memmap.h).
 */
#ifndef HOIST_LAYOUT_H
#define HOIST_LAYOUT_H

#include "types.h"

#define HOIST_GUEST_HOLE_START		0xFC000000ull
#define HOIST_GUEST_HIGH_START		0x100000000ull
/* Xen's X86_HVM_END_SPECIAL_REGION and X86_HVM_NR_SPECIAL_PAGES. */
#define HOIST_GUEST_SPECIAL_END_PFN	0xFF000ull
#define HOIST_GUEST_NR_SPECIAL		8ull
#define HOIST_GUEST_SPECIAL_PFN(n) \
	(HOIST_GUEST_SPECIAL_END_PFN - HOIST_GUEST_NR_SPECIAL + (n))
/* libxc's SPECIALPAGE_CONSOLE: 0xFEFFF. */
#define HOIST_GUEST_CONSOLE_PFN		HOIST_GUEST_SPECIAL_PFN(7)
/* libxc's SPECIALPAGE_XENSTORE: 0xFEFFC. */
#define HOIST_GUEST_STORE_PFN		HOIST_GUEST_SPECIAL_PFN(4)

#define HOIST_GUEST_LOW_PAGES		(HOIST_GUEST_HOLE_START >> 12)
#define HOIST_GUEST_HIGH_PFN		(HOIST_GUEST_HIGH_START >> 12)

/* The guest frame of page n of a domain's memory. */
static inline uint64_t hoist_guest_gfn(uint64_t n)
{
	return n < HOIST_GUEST_LOW_PAGES ? n :
	       n - HOIST_GUEST_LOW_PAGES + HOIST_GUEST_HIGH_PFN;
}

/*
 * Which page of a domain of nr_pages a guest frame is: 0 with it in *n,
 * or -1 for a frame that is not the domain's RAM (the hole, or beyond).
 */
static inline int hoist_guest_page(uint64_t gfn, uint64_t nr_pages,
				   uint64_t *n)
{
	uint64_t i;

	if (gfn < HOIST_GUEST_LOW_PAGES)
		i = gfn;
	else if (gfn >= HOIST_GUEST_HIGH_PFN)
		i = gfn - HOIST_GUEST_HIGH_PFN + HOIST_GUEST_LOW_PAGES;
	else
		return -1;
	if (i >= nr_pages)
		return -1;
	*n = i;
	return 0;
}

/* Is gfn one of the special pages in the hole? */
static inline int hoist_guest_is_special(uint64_t gfn)
{
	return gfn >= HOIST_GUEST_SPECIAL_PFN(0) &&
	       gfn < HOIST_GUEST_SPECIAL_END_PFN;
}

#endif /* HOIST_LAYOUT_H */
