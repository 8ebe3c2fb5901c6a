// SPDX-License-Identifier: GPL-2.0
/* Page-table pages waiting for every CPU's flush (see npt_limbo.h). */
#include <hv/npt_limbo.h>

void npt_limbo_put(struct npt_limbo *l, void *page, u64 gen)
{
	u64 *t = page;

	t[0] = (u64)(uintptr_t)l->head;
	t[1] = gen << 1;
	l->head = t;
	l->pages++;
}

u64 npt_limbo_reclaim(struct npt_limbo *l, u64 seen, u64 max,
		      void (*free)(void *))
{
	u64 **link = &l->head, n = 0;

	while (*link && n < max) {
		u64 *t = *link;

		if ((t[1] >> 1) > seen) {
			link = (u64 **)&t[0];
			continue;
		}
		*link = (u64 *)(uintptr_t)t[0];
		free(t);
		l->pages--;
		n++;
	}
	return n;
}
