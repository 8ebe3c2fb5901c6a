/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Translate a guest virtual address through the guest's own page tables
 * (long mode, 4- or 5-level, 4 KiB / 2 MiB / 1 GiB pages, or paging off).
 * Every table read goes through read_gpa, so the caller decides which guest
 * physical pages may be read at all.
 */
#ifndef HV_GUEST_WALK_H
#define HV_GUEST_WALK_H

#include <hv/types.h>

struct guest_walk {
	u64 cr3;
	unsigned int levels;	/* 4 or 5; 0 = paging disabled */
	int (*read_gpa)(void *ctx, u64 gpa, u64 *val);
	void *ctx;
};

/* 0 and *gpa on success, -EFAULT if not mapped (or not writable for write). */
int guest_walk(const struct guest_walk *w, u64 gva, bool write, u64 *gpa);

#endif /* HV_GUEST_WALK_H */
