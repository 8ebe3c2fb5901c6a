/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 page tables, 4- or 5-level, used both for the hypervisor's own
 * address space and for nested page tables (same format; nested entries
 * need P, RW and US because nested walks are user accesses).
 */
#ifndef HV_PAGING_H
#define HV_PAGING_H

#include "types.h"

#define PTE_P		BIT(0)
#define PTE_RW		BIT(1)
#define PTE_US		BIT(2)
#define PTE_PWT		BIT(3)
#define PTE_PCD		BIT(4)
#define PTE_A		BIT(5)
#define PTE_D		BIT(6)
#define PTE_PS		BIT(7)
#define PTE_G		BIT(8)
#define PTE_NX		BIT(63)
#define PTE_ADDR_MASK	0x000ffffffffff000ull

struct pt_ops {
	/* A zeroed page for a table; returns its virtual address. */
	void *(*alloc)(void *ctx, u64 *pa);
	void (*free)(void *ctx, void *va);
	/* Where a table at physical address pa can be accessed. */
	void *(*table_va)(void *ctx, u64 pa);
	void *ctx;
};

struct pt {
	const struct pt_ops *ops;
	u64 *root;
	u64 root_pa;
	unsigned int levels;	/* 4 or 5 */
	unsigned int tables;	/* table pages in use, root included */
};

int pt_init(struct pt *pt, const struct pt_ops *ops, unsigned int levels);
/*
 * Bytes of address the table's depth translates: 2^48 with 4 levels, 2^57
 * with 5.  pt_map, pt_unmap and pt_lookup take addresses below it, or in
 * the upper canonical half (the sign extension of its top half, for the
 * hypervisor's own address space); anything else is refused (-EINVAL, or
 * -ENOENT from pt_lookup) rather than wrapped onto other entries.
 * Physical addresses go up to 2^52 (what an entry holds), whatever the
 * depth.
 */
u64 pt_reach(const struct pt *pt);
/* Free every table page (not the mapped memory). */
void pt_destroy(struct pt *pt);
/*
 * Map [va, va + size) to [pa, pa + size) with flags (PTE_* without PS),
 * using pages up to 1 << max_shift bytes (12, 21 or 30) where alignment
 * allows.  Replaces existing mappings, splitting larger pages as needed.
 */
int pt_map(struct pt *pt, u64 va, u64 pa, u64 size, u64 flags,
	   unsigned int max_shift);
/* Remove the translations of [va, va + size), splitting larger pages. */
int pt_unmap(struct pt *pt, u64 va, u64 size);
/*
 * Merge the tables around va back into 2 MiB (and, up to max_shift, 1 GiB)
 * leaves where they map one contiguous range with the same flags.  The
 * 1 GiB is tried also when va's 2 MiB is a leaf already.
 */
void pt_coalesce(struct pt *pt, u64 va, unsigned int max_shift);
/* Translate va; returns 0 and fills pa/flags/shift, or -ENOENT. */
int pt_lookup(const struct pt *pt, u64 va, u64 *pa, u64 *flags,
	      unsigned int *shift);
/*
 * The first mapped leaf whose range meets [from, limit), in address order
 * (limit is capped at pt_reach(): an upper-half address is seen as its low
 * bits).  Returns 0 with the leaf's own start in *va (below from when the
 * leaf straddles it), its first physical address in *pa and its size,
 * 1 << *shift; or -ENOENT.  Each leaf is seen once by
 *	for (from = 0; !pt_next_leaf(pt, from, limit, &va, &pa, &s);
 *	     from = va + (1ull << s))
 * and empty subtrees cost one step each, so walking a sparse table is
 * cheap whatever the range.  Any output may be NULL.
 */
int pt_next_leaf(const struct pt *pt, u64 from, u64 limit, u64 *va,
		 u64 *pa, unsigned int *shift);

#endif /* HV_PAGING_H */
