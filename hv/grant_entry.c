// SPDX-License-Identifier: GPL-2.0
/*
 * One grant entry, as dom0's use of it sees it.  The guest writes its
 * entries whenever it likes (Linux revokes with a cmpxchg that fails while
 * GTF_reading or GTF_writing is set), so flags and domid are read and
 * changed together, as one 32-bit word, by compare-and-exchange.
 */
#include <hv/grant_table.h>

/* flags is the low half of the word, domid the high (little-endian). */
typedef u32 __attribute__((may_alias)) entry_word;

_Static_assert(__builtin_offsetof(struct grant_entry_v1, domid) == 2,
	       "flags and domid share a word");

int gnt_entry_acquire(struct grant_entry_v1 *e, bool write, u16 *added)
{
	entry_word *w = (entry_word *)e;
	u32 old = __atomic_load_n(w, __ATOMIC_ACQUIRE);
	u16 want = GTF_reading | (write ? GTF_writing : 0);

	/* Bounded: a guest rewriting the entry in a loop must not hold us. */
	for (u32 tries = 0; tries < GNT_ACQUIRE_TRIES; tries++) {
		u16 flags = (u16)old, domid = (u16)(old >> 16);
		u32 new;

		if ((flags & GTF_type_mask) != GTF_permit_access ||
		    domid != 0 || (flags & GTF_sub_page))
			return GNTST_permission_denied;
		if (write && (flags & GTF_readonly))
			return GNTST_permission_denied;
		new = old | want;
		if (__atomic_compare_exchange_n(w, &old, new, false,
						__ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE)) {
			/* Only what was not set before is ours to clear. */
			*added = want & ~flags;
			return GNTST_okay;
		}
	}
	return GNTST_eagain;
}

void gnt_entry_release(struct grant_entry_v1 *e, u16 bits)
{
	__atomic_fetch_and(&e->flags, (u16)~bits, __ATOMIC_RELEASE);
}

bool gnt_copy_range_ok(u16 offset, u16 len)
{
	return (u32)offset + len <= 4096;
}
