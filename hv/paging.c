// SPDX-License-Identifier: GPL-2.0
/* x86-64 page-table builder shared by host and nested tables. */
#include <hv/paging.h>
#include <hv/errno.h>
#include <hv/string.h>

#define ENTRIES		512

static unsigned int level_shift(unsigned int level)
{
	/* level 1 maps 4 KiB pages, level 2 2 MiB, level 3 1 GiB, ... */
	return PAGE_SHIFT + 9 * (level - 1);
}

static unsigned int index_of(u64 va, unsigned int level)
{
	return (va >> level_shift(level)) & (ENTRIES - 1);
}

static bool is_leaf(u64 e, unsigned int level)
{
	return level == 1 || (e & PTE_PS);
}

/* The base of a leaf's range: bit 12 of a large leaf is PAT, not address. */
static u64 leaf_base(u64 e, unsigned int level)
{
	return e & PTE_ADDR_MASK & ~((1ull << level_shift(level)) - 1);
}

u64 pt_reach(const struct pt *pt)
{
	return 1ull << level_shift(pt->levels + 1);
}

/*
 * Whether the table can translate [va, va + size): below its reach, or in
 * the upper canonical half (the sign extension of the reach's top half),
 * where the hypervisor's own tables map Linux's addresses.  Anything else
 * would silently lose its high bits in index_of() and land on other
 * entries.  A range ending exactly at 2^64 is fine; one wrapping past it
 * is not.
 */
static bool va_in_reach(const struct pt *pt, u64 va, u64 size)
{
	u64 reach = pt_reach(pt), last = va + size - 1;

	if (!size)
		return true;
	if (last < va)
		return false;
	return last < reach || va >= 0 - reach / 2;
}

/* Physical addresses are bounded by what an entry can hold (52 bits). */
static bool pa_in_reach(u64 pa, u64 size)
{
	const u64 limit = PTE_ADDR_MASK + PAGE_SIZE;

	return pa <= limit && size <= limit - pa;
}

int pt_init(struct pt *pt, const struct pt_ops *ops, unsigned int levels)
{
	if (levels != 4 && levels != 5)
		return -EINVAL;
	pt->ops = ops;
	pt->levels = levels;
	pt->root = ops->alloc(ops->ctx, &pt->root_pa);
	if (!pt->root)
		return -ENOMEM;
	pt->tables = 1;
	return 0;
}

static void free_level(struct pt *pt, u64 *table, unsigned int level)
{
	for (unsigned int i = 0; level > 1 && i < ENTRIES; i++) {
		u64 e = table[i];

		if ((e & PTE_P) && !is_leaf(e, level))
			free_level(pt, pt->ops->table_va(pt->ops->ctx,
							 e & PTE_ADDR_MASK),
				   level - 1);
	}
	pt->ops->free(pt->ops->ctx, table);
	pt->tables--;
}

void pt_destroy(struct pt *pt)
{
	if (pt->root)
		free_level(pt, pt->root, pt->levels);
	pt->root = NULL;
	pt->root_pa = 0;
}

/*
 * Make entry e (at the given level) point to a next-level table, splitting
 * a large page into entries with the same translation and flags.
 */
static u64 *next_table(struct pt *pt, u64 *e, unsigned int level)
{
	u64 pa, old = *e;
	u64 *t;

	if ((old & PTE_P) && !(old & PTE_PS))
		return pt->ops->table_va(pt->ops->ctx, old & PTE_ADDR_MASK);

	t = pt->ops->alloc(pt->ops->ctx, &pa);
	if (!t)
		return NULL;
	pt->tables++;
	if (old & PTE_P) {
		u64 base = leaf_base(old, level);
		u64 flags = old & ~PTE_ADDR_MASK;
		u64 step = 1ull << level_shift(level - 1);

		if (level - 1 == 1)
			flags &= ~PTE_PS;	/* bit 7 is PAT in a 4 KiB entry */
		for (unsigned int i = 0; i < ENTRIES; i++)
			t[i] = (base + i * step) | flags;
	}
	/* Intermediate entries are permissive; leaves carry the limits. */
	*e = pa | PTE_P | PTE_RW | PTE_US;
	return t;
}

static int map_range(struct pt *pt, u64 *table, unsigned int level, u64 va,
		     u64 pa, u64 size, u64 flags, unsigned int max_shift,
		     bool unmap)
{
	while (size) {
		unsigned int shift = level_shift(level);
		u64 span = 1ull << shift;
		u64 off = va & (span - 1);
		u64 chunk = MIN(size, span - off);
		u64 *e = &table[index_of(va, level)];
		bool whole = off == 0 && chunk == span;

		if (level == 1 || (whole && unmap) ||
		    (whole && IS_ALIGNED(pa, span) && shift <= max_shift &&
		     shift <= 30)) {
			/* A leaf replaces whatever was below it. */
			if ((*e & PTE_P) && !is_leaf(*e, level))
				free_level(pt, pt->ops->table_va(pt->ops->ctx,
							*e & PTE_ADDR_MASK),
					   level - 1);
			if (unmap)
				*e = 0;
			else
				*e = pa | flags | PTE_P |
				     (level > 1 ? PTE_PS : 0);
		} else if (!unmap || (*e & PTE_P)) {
			u64 *t = next_table(pt, e, level);
			int r;

			if (!t)
				return -ENOMEM;
			r = map_range(pt, t, level - 1, va, pa, chunk, flags,
				      max_shift, unmap);
			if (r)
				return r;
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
	return 0;
}

int pt_map(struct pt *pt, u64 va, u64 pa, u64 size, u64 flags,
	   unsigned int max_shift)
{
	if (!IS_ALIGNED(va | pa | size, PAGE_SIZE) || (flags & PTE_PS) ||
	    (flags & PTE_ADDR_MASK) || !va_in_reach(pt, va, size) ||
	    !pa_in_reach(pa, size))
		return -EINVAL;
	return map_range(pt, pt->root, pt->levels, va, pa, size, flags,
			 max_shift, false);
}

int pt_unmap(struct pt *pt, u64 va, u64 size)
{
	if (!IS_ALIGNED(va | size, PAGE_SIZE) || !va_in_reach(pt, va, size))
		return -EINVAL;
	return map_range(pt, pt->root, pt->levels, va, 0, size, 0, 30, true);
}

int pt_lookup(const struct pt *pt, u64 va, u64 *pa, u64 *flags,
	      unsigned int *shift)
{
	const u64 *table = pt->root;

	if (!va_in_reach(pt, va, 1))
		return -ENOENT;
	for (unsigned int level = pt->levels; level >= 1; level--) {
		u64 e = table[index_of(va, level)];

		if (!(e & PTE_P))
			return -ENOENT;
		if (is_leaf(e, level)) {
			unsigned int s = level_shift(level);

			if (pa)
				*pa = leaf_base(e, level) |
				      (va & ((1ull << s) - 1));
			if (flags)
				*flags = e & ~PTE_ADDR_MASK;
			if (shift)
				*shift = s;
			return 0;
		}
		table = pt->ops->table_va(pt->ops->ctx, e & PTE_ADDR_MASK);
	}
	return -ENOENT;
}

/*
 * The first leaf under table (which translates from base on, at level)
 * that intersects [from, limit).  An empty entry skips its whole range in
 * one step, so the cost follows the entries present, not the addresses.
 */
static int next_leaf(const struct pt *pt, const u64 *table,
		     unsigned int level, u64 base, u64 from, u64 limit,
		     u64 *va, u64 *pa, unsigned int *shift)
{
	unsigned int s = level_shift(level);
	unsigned int i = from > base ? (from - base) >> s : 0;

	for (; i < ENTRIES; i++) {
		u64 start = base + ((u64)i << s), e = table[i];

		if (start >= limit)
			break;
		if (!(e & PTE_P))
			continue;
		if (is_leaf(e, level)) {
			*va = start;
			*pa = leaf_base(e, level);
			*shift = s;
			return 0;
		}
		if (!next_leaf(pt, pt->ops->table_va(pt->ops->ctx,
						     e & PTE_ADDR_MASK),
			       level - 1, start, from, limit, va, pa, shift))
			return 0;
	}
	return -ENOENT;
}

int pt_next_leaf(const struct pt *pt, u64 from, u64 limit, u64 *va,
		 u64 *pa, unsigned int *shift)
{
	u64 v, p;
	unsigned int s;
	int r;

	limit = MIN(limit, pt_reach(pt));
	if (from >= limit)
		return -ENOENT;
	r = next_leaf(pt, pt->root, pt->levels, 0, from, limit, &v, &p, &s);
	if (r)
		return r;
	if (va)
		*va = v;
	if (pa)
		*pa = p;
	if (shift)
		*shift = s;
	return 0;
}

/* Leaf entries with these bits apart are still "the same mapping". */
#define PTE_HW_UPDATED	(PTE_A | PTE_D)

/*
 * If the table under the entry for va at this level maps one contiguous,
 * aligned range with identical flags, replace it by one large leaf.
 */
static bool coalesce_at(struct pt *pt, u64 *e, unsigned int level)
{
	unsigned int shift = level_shift(level - 1);
	u64 *t, first, flags;

	if (!(*e & PTE_P) || is_leaf(*e, level))
		return false;
	t = pt->ops->table_va(pt->ops->ctx, *e & PTE_ADDR_MASK);
	first = t[0];
	if (!(first & PTE_P) || !is_leaf(first, level - 1))
		return false;
	flags = first & ~PTE_ADDR_MASK & ~PTE_HW_UPDATED & ~PTE_PS;
	if ((first & PTE_ADDR_MASK) & ((1ull << level_shift(level)) - 1))
		return false;
	for (unsigned int i = 1; i < ENTRIES; i++) {
		u64 x = t[i];

		if (!(x & PTE_P) || !is_leaf(x, level - 1) ||
		    (x & PTE_ADDR_MASK) != (first & PTE_ADDR_MASK) + ((u64)i << shift) ||
		    (x & ~PTE_ADDR_MASK & ~PTE_HW_UPDATED & ~PTE_PS) != flags)
			return false;
	}
	*e = (first & PTE_ADDR_MASK) | flags | PTE_PS;
	pt->ops->free(pt->ops->ctx, t);
	pt->tables--;
	return true;
}

void pt_coalesce(struct pt *pt, u64 va, unsigned int max_shift)
{
	u64 *path[6];
	u64 *table = pt->root;
	unsigned int level;

	if (!va_in_reach(pt, va, 1))
		return;
	/* Record the entries on the way down to the 2 MiB level. */
	for (level = pt->levels; level >= 2; level--) {
		u64 *e = &table[index_of(va, level)];

		path[level] = e;
		if (level == 2 || !(*e & PTE_P) || is_leaf(*e, level))
			break;
		table = pt->ops->table_va(pt->ops->ctx, *e & PTE_ADDR_MASK);
	}
	if (level != 2)
		return;
	/*
	 * A 2 MiB entry that is a leaf already (a whole 2 MiB mapped back at
	 * once: a pool chunk) merges no further down, but its 1 GiB may.
	 */
	for (level = 2; level <= 3 && level_shift(level) <= max_shift; level++)
		if (!(level == 2 && (*path[2] & PTE_PS)) &&
		    !coalesce_at(pt, path[level], level))
			return;
}
