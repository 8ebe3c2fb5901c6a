/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page-table pages that left dom0's nested tables but may still be cached.
 *
 * dom0 runs on every CPU at once.  When its nested tables merge back into
 * a large page, the table page underneath is no longer referenced, but a
 * CPU still running dom0 may hold it in its TLB or paging-structure cache
 * and walk it again.  Reused at once (as a domain's table, a VMCB, ...),
 * its new contents would become dom0 translations.  So it waits here until
 * every CPU has flushed dom0's TLB since it was unlinked.
 *
 * The list runs through the pages themselves: word 0 links to the next,
 * word 1 holds the flush generation shifted left by one.  Both have bit 0
 * clear, so a stale walk sees two non-present entries and the rest of the
 * old, still-correct translations.
 */
#ifndef HV_NPT_LIMBO_H
#define HV_NPT_LIMBO_H

#include "types.h"

struct npt_limbo {
	u64 *head;
	u64 pages;
};

/* Hold page until every CPU has seen flush generation gen. */
void npt_limbo_put(struct npt_limbo *l, void *page, u64 gen);
/*
 * Hand back (free(page)) at most max of the pages whose generation is at
 * most seen (the caller runs with GIF clear: bounded work); returns how
 * many it freed.
 */
u64 npt_limbo_reclaim(struct npt_limbo *l, u64 seen, u64 max,
		      void (*free)(void *));

#endif /* HV_NPT_LIMBO_H */
