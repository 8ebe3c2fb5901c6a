// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's memory grows with the work.  When a hypercall that
 * allocates in the hypervisor (a domain's creation, the donation of its
 * memory) fails with -ENOMEM, the module gives the hypervisor one more
 * 2 MiB chunk from Linux (HOIST_HC_POOL_GROW), has every CPU flush dom0's
 * TLB so that the hypervisor may use it, and calls again.  After a domain
 * is destroyed it takes back every grown chunk that is wholly free again
 * (HOIST_HC_POOL_SHRINK, which zeroes it) and frees it to Linux.  The
 * chunks given at load (main.c) stay until rmmod.
 */
#define pr_fmt(fmt) "hoist: " fmt

#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <hoist/image.h>
#include "hoist.h"

static unsigned int max_hv_mb;
module_param(max_hv_mb, uint, 0444);
MODULE_PARM_DESC(max_hv_mb, "Most memory the hypervisor may own in MiB, its start included (0: its own limit, 2048)");

#define CHUNK_ORDER	(HOIST_CHUNK_SHIFT - PAGE_SHIFT)
/*
 * Chunks one call may add before it gives up: no hypercall needs more
 * than a chunk or two (a populate that ran short returns what it did, and
 * the count starts again), so a call still short of memory after this
 * many has another problem than the pool's size.
 */
#define GROW_TRIES	8

struct hv_chunk {
	struct list_head node;
	struct page *page;
};

static DEFINE_MUTEX(pool_lock);		/* everything below */
static LIST_HEAD(grown);		/* chunks given after the load */
static unsigned int nr_grown;
static unsigned int load_chunks, limit;
static unsigned long grow_gen;		/* bumped by each grow: see grow() */

unsigned int hoist_pool_limit(unsigned int at_load)
{
	u64 mb = max_hv_mb ? max_hv_mb :
		 HOIST_POOL_MAX_CHUNKS * (HOIST_CHUNK_SIZE >> 20);

	load_chunks = at_load;
	limit = min_t(u64, DIV_ROUND_UP(mb, HOIST_CHUNK_SIZE >> 20),
		      HOIST_POOL_MAX_CHUNKS);
	if (limit < at_load) {
		pr_err("max_hv_mb=%u is below the %u MiB the hypervisor starts with\n",
		       max_hv_mb, at_load * 2);
		return 0;
	}
	return limit;
}

/* Every CPU flushes dom0's TLB; the tables and chunks waiting for it come back. */
static void tlb_sync_reclaim(void)
{
	hoist_tlb_sync_all();
	while (hoist_hypercall(HOIST_HC_TLB_SYNC, 0, 0, 0) > 0)
		cond_resched();	/* bounded per call: see HOIST_HC_TLB_SYNC */
}

/*
 * One more chunk for the hypervisor, unless another caller added one since
 * this one saw grow_gen == seen (then it just tries again): 0, or -ENOMEM
 * when Linux has no 2 MiB block or the limit is reached.
 */
static int grow(unsigned long seen)
{
	struct hv_chunk *c;
	long r = 0;

	mutex_lock(&pool_lock);
	if (grow_gen != seen)
		goto out;
	r = -ENOMEM;
	if (load_chunks + nr_grown >= limit)
		goto out;
	c = kmalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		goto out;
	c->page = alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN,
			      CHUNK_ORDER);
	if (!c->page) {
		kfree(c);
		goto out;
	}
	r = hoist_hypercall(HOIST_HC_POOL_GROW, page_to_phys(c->page), 0, 0);
	if (r) {
		/* -ENOSPC: the hypervisor's limit, the same as ours. */
		if (r != -ENOSPC && r != -ENOMEM)
			pr_err("the hypervisor refused a chunk (%ld)\n", r);
		__free_pages(c->page, CHUNK_ORDER);
		kfree(c);
		r = -ENOMEM;
		goto out;
	}
	list_add_tail(&c->node, &grown);
	nr_grown++;
	grow_gen++;
	/* The hypervisor uses the chunk once no CPU can reach it as dom0. */
	tlb_sync_reclaim();
out:
	mutex_unlock(&pool_lock);
	return r;
}

long hoist_hypercall_grow(unsigned long nr, unsigned long a1,
			  unsigned long a2, unsigned long a3)
{
	unsigned int tries;
	long r;

	for (tries = 0;; tries++) {
		unsigned long seen = READ_ONCE(grow_gen);

		r = hoist_hypercall(nr, a1, a2, a3);
		if (r != -ENOMEM || tries == GROW_TRIES)
			return r;
		r = grow(seen);
		if (r)
			return r;
	}
}

long hoist_populate_grow(u32 domid, unsigned long gfn, u64 *pfns,
			 unsigned long n)
{
	unsigned int tries = 0;

	while (n) {
		unsigned long seen = READ_ONCE(grow_gen);
		long r = hoist_hypercall4(HOIST_HC_DOMAIN_POPULATE, domid, gfn,
					  (unsigned long)pfns, n);

		if (r > 0 && r <= n) {
			/* Part or all of it: on with the rest. */
			for (; r; r--, pfns++, n--)
				gfn += hoist_pop_pages(*pfns);
			tries = 0;
			continue;
		}
		if (r != -ENOMEM || tries++ == GROW_TRIES)
			return r < 0 ? r : -EIO;
		r = grow(seen);
		if (r)
			return r;
	}
	return 0;
}

/* The hypervisor gives c back, zeroed: 0, or why not. */
static long give_back(struct hv_chunk *c)
{
	long r;

	while ((r = hoist_hypercall(HOIST_HC_POOL_SHRINK,
				    page_to_phys(c->page), 0, 0)) == -EAGAIN)
		cond_resched();	/* it zeroes a bounded part per call */
	return r;
}

void hoist_pool_shrink(void)
{
	struct hv_chunk *c, *next;
	unsigned int back;

	mutex_lock(&pool_lock);
	do {
		back = 0;
		list_for_each_entry_safe(c, next, &grown, node) {
			phys_addr_t pa = page_to_phys(c->page);
			long r = give_back(c);

			if (r == -EBUSY)
				continue;	/* pages in use */
			if (r)	/* not ours to free: better lost than shared */
				pr_err("chunk at %pa: the hypervisor says %ld; leaving it\n",
				       &pa, r);
			else
				__free_pages(c->page, CHUNK_ORDER);
			list_del(&c->node);
			kfree(c);
			nr_grown--;
			back += !r;
		}
		/*
		 * dom0's tables merge back over each chunk returned; the table
		 * pages they free come back to the pool after every CPU's
		 * flush, and may leave another chunk wholly free.
		 */
		if (back)
			tlb_sync_reclaim();
	} while (back && nr_grown);
	mutex_unlock(&pool_lock);
}

/*
 * rmmod, every CPU native again: the hypervisor is gone, and what is left
 * of its chunks is Linux's, zeroed first (they held its state).
 */
void hoist_pool_free_all(void)
{
	struct hv_chunk *c, *next;

	mutex_lock(&pool_lock);
	list_for_each_entry_safe(c, next, &grown, node) {
		memset(page_address(c->page), 0, HOIST_CHUNK_SIZE);
		__free_pages(c->page, CHUNK_ORDER);
		list_del(&c->node);
		kfree(c);
	}
	nr_grown = 0;
	mutex_unlock(&pool_lock);
}
