// SPDX-License-Identifier: GPL-2.0
#include <hv/guest_walk.h>
#include <hv/errno.h>
#include <hv/paging.h>

/* CR3 holds PCID (bits 11:0) on hosts with PCID, and bit 63 is no-flush. */
#define CR3_ADDR_MASK	0x000ffffffffff000ull

static bool canonical(u64 va, unsigned int levels)
{
	unsigned int bits = levels == 5 ? 57 : 48;
	s64 sx = (s64)(va << (64 - bits)) >> (64 - bits);

	return (u64)sx == va;
}

int guest_walk(const struct guest_walk *w, u64 gva, bool write, u64 *gpa)
{
	u64 table = w->cr3 & CR3_ADDR_MASK;

	if (w->levels == 0) {
		*gpa = gva;
		return 0;
	}
	if ((w->levels != 4 && w->levels != 5) || !canonical(gva, w->levels))
		return -EFAULT;

	for (unsigned int level = w->levels; level >= 1; level--) {
		unsigned int shift = 12 + 9 * (level - 1);
		u64 idx = (gva >> shift) & 511;
		u64 e;

		if (w->read_gpa(w->ctx, table + idx * 8, &e))
			return -EFAULT;
		if (!(e & PTE_P) || (write && !(e & PTE_RW)))
			return -EFAULT;
		if (level == 1 || ((e & PTE_PS) && level <= 3)) {
			u64 mask = (1ull << shift) - 1;

			*gpa = (e & PTE_ADDR_MASK & ~mask) | (gva & mask);
			return 0;
		}
		if (e & PTE_PS)
			return -EFAULT;	/* PS is reserved at levels 4 and 5 */
		table = e & PTE_ADDR_MASK;
	}
	return -EFAULT;
}
