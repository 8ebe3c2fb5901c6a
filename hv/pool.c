// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's pool (hv.pool), locked, as the rest of the hypervisor
 * allocates from it: page_alloc.c's allocator over the chunks the module
 * gave at load and those it gives later (HOIST_HC_POOL_GROW, domain.c).
 *
 * Where chunks are reached: those given at load at the address the module
 * mapped them (hv.params.pool_va, the same in Linux and here: setup() and
 * cpu_entry() run there before the switch of CR3); those given later only
 * here, through the map of all physical memory (PHYS_MAP_BASE), which
 * never changes.  So growing and shrinking touch none of the hypervisor's
 * own page tables, and no CPU can hold a stale translation of a chunk's
 * address that a later chunk would reuse.
 *
 * Lock order: the dom0 NPT lock (domain.c) before pool_lock.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hv.h>
#include <hv/page_alloc.h>
#include <hv/paging.h>
#include <hv/spinlock.h>

static struct spinlock pool_lock;	/* hv.pool, taken from any CPU */
static struct pool_chunk chunks[HOIST_POOL_MAX_CHUNKS];
static u16 by_pa[HOIST_POOL_MAX_CHUNKS], by_va[HOIST_POOL_MAX_CHUNKS];

_Static_assert(sizeof(struct pool_chunk) == 96,
	       "image.h states the bookkeeping per chunk");

void hv_pool_init(void)
{
	pool_init(&hv.pool, chunks, by_pa, by_va, HOIST_POOL_MAX_CHUNKS);
}

/* Under pool_lock. */
static void activate_locked(void)
{
	if (hv.pool.nr_pending)
		pool_activate(&hv.pool, dom0_tlb_seen_min());
}

static void *alloc(u32 n, u64 *pa, u32 keep)
{
	void *p;

	spin_lock(&pool_lock);
	p = pool_alloc(&hv.pool, n, keep);
	if (!p && hv.pool.nr_pending) {
		activate_locked();
		p = pool_alloc(&hv.pool, n, keep);
	}
	if (p && pa)
		*pa = pool_va_to_pa(&hv.pool, p);
	spin_unlock(&pool_lock);
	return p;
}

void *hv_alloc_pages(u32 n, u64 *pa)
{
	return alloc(n, pa, HOIST_POOL_GROW_RESERVE);
}

void *hv_alloc_reserve_page(u64 *pa)
{
	return alloc(1, pa, 0);
}

void hv_free_pages(void *va, u32 n)
{
	u64 addr = (u64)(uintptr_t)va;

	spin_lock(&pool_lock);
	/*
	 * A table is freed at the address pt_table_va() gave, in the map of
	 * all memory: the pool knows a chunk given at load by its own.
	 */
	if (addr - PHYS_MAP_BASE < hv.phys_map_size)
		va = pool_pa_to_va(&hv.pool, addr - PHYS_MAP_BASE);
	pool_free(&hv.pool, va, n);
	spin_unlock(&pool_lock);
}

bool hv_pool_owns(u64 pa)
{
	bool r;

	spin_lock(&pool_lock);
	r = pool_owns_pa(&hv.pool, pa);
	spin_unlock(&pool_lock);
	return r;
}

int hv_pool_add(u64 pa, u64 gen)
{
	int r;

	spin_lock(&pool_lock);
	r = pool_add(&hv.pool, pa, (u64)(uintptr_t)phys_to_virt(pa), false,
		     gen);
	spin_unlock(&pool_lock);
	return r;
}

int hv_pool_release(u64 pa, u32 max_pages)
{
	int r;

	/*
	 * Zeroing runs under the lock: at most max_pages, and the chunk must
	 * not change state meanwhile.
	 */
	spin_lock(&pool_lock);
	r = pool_release(&hv.pool, pa, max_pages);
	spin_unlock(&pool_lock);
	return r;
}

int hv_pool_forget(u64 pa)
{
	int r;

	spin_lock(&pool_lock);
	r = pool_forget(&hv.pool, pa);
	spin_unlock(&pool_lock);
	return r;
}

void hv_pool_activate(void)
{
	spin_lock(&pool_lock);
	activate_locked();
	spin_unlock(&pool_lock);
}

void hv_pool_info(struct hoist_info *info)
{
	const struct page_pool *p = &hv.pool;

	spin_lock(&pool_lock);
	info->hv_pages_total = p->nr_pages;
	info->hv_pages_free = p->nr_free;
	info->hv_chunks = p->nr_chunks;
	info->hv_chunks_load = p->nr_fixed;
	info->hv_chunks_max = p->limit;
	info->hv_chunks_pending = p->nr_pending;
	info->hv_chunks_added = p->added;
	info->hv_chunks_returned = p->returned;
	spin_unlock(&pool_lock);
}

static void *pt_alloc(void *ctx, u64 *pa)
{
	(void)ctx;
	return hv_alloc_pages(1, pa);
}

static void pt_free(void *ctx, void *va)
{
	(void)ctx;
	hv_free_pages(va, 1);
}

/*
 * Every table walk: no lock, no lookup once setup is done.  setup() runs in
 * Linux's address space, where only the chunks given at load are mapped
 * (at the module's address); everything after it that walks a table runs
 * in the hypervisor's own, where the map of all memory reaches every page.
 * (A lookup in the pool's order would need pool_lock: chunks come and go.)
 */
static void *pt_table_va(void *ctx, u64 pa)
{
	(void)ctx;
	if (READ_ONCE(hv.setup_done))
		return phys_to_virt(pa);
	return pool_pa_to_va(&hv.pool, pa);
}

const struct pt_ops pool_pt_ops = {
	.alloc = pt_alloc,
	.free = pt_free,
	.table_va = pt_table_va,
};
