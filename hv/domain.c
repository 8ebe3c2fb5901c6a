// SPDX-License-Identifier: GPL-2.0
/*
 * Domains: creation, memory donation from dom0, destruction with scrubbing.
 *
 * Ownership is kept in the nested page tables themselves: a page is dom0's
 * if dom0's NPT maps it, a domain's if that domain's NPT maps it, and the
 * hypervisor's if it is in the pool.  Donation moves a page from one table
 * to the other; nothing else records ownership, so nothing can disagree.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant_table.h>
#include <hv/guest_access.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/npt_limbo.h>
#include <hv/string.h>
#include <hoist/layout.h>
#include <hoist/xen.h>

#define POPULATE_MAX	512
#define DESTROY_BATCH	128	/* pages scrubbed per DESTROY call: 512 KiB */
#define SCRUB_BATCH	128	/* ... and per POOL_SHRINK call */

u64 dom0_tlb_gen;
/* Writers of dom0's NPT, and readers that may race with a table being freed. */
static struct spinlock dom0_npt_lock;
static struct domain *domains[HOIST_MAX_DOMAINS];
static struct spinlock table_lock;
static u32 next_domid = 1;
static u64 next_instance = 1;
static struct npt_limbo dom0_limbo;	/* under dom0_npt_lock */

/* Under dom0_npt_lock: pool_grow() is splitting dom0's tables. */
static bool dom0_npt_growing;

static void *dom0_npt_alloc(void *ctx, u64 *pa)
{
	/* Growing is how the pool gets pages when it has none left. */
	if (dom0_npt_growing)
		return hv_alloc_reserve_page(pa);
	return pool_pt_ops.alloc(ctx, pa);
}

static void *dom0_npt_table_va(void *ctx, u64 pa)
{
	return pool_pt_ops.table_va(ctx, pa);
}

/*
 * A table coalescing unlinked (under dom0_npt_lock): other CPUs may still
 * walk it from their TLB or paging-structure caches, so it is not reused
 * before all of them have flushed (see npt_limbo.h).
 */
static void dom0_npt_free(void *ctx, void *va)
{
	u64 gen = __atomic_add_fetch(&dom0_tlb_gen, 1, __ATOMIC_SEQ_CST);

	npt_limbo_put(&dom0_limbo, va, gen);
}

const struct pt_ops dom0_npt_ops = {
	.alloc = dom0_npt_alloc,
	.free = dom0_npt_free,
	.table_va = dom0_npt_table_va,
};

static void pool_put(void *va)
{
	pool_pt_ops.free(NULL, va);
}

u64 dom0_tlb_seen_min(void)
{
	u64 seen = ~0ull;

	if (!hv.cpus)
		return 0;	/* setup() has not got that far */
	for (u32 i = 0; i < hv.nr_cpus; i++) {
		const struct hv_cpu *c = &hv.cpus[i];

		if (READ_ONCE(c->hoisted))
			seen = MIN(seen, __atomic_load_n(&c->tlb_gen_seen,
							 __ATOMIC_SEQ_CST));
	}
	return seen;
}

u64 dom0_npt_reclaim(u64 max)
{
	u64 seen = dom0_tlb_seen_min(), n;

	spin_lock(&dom0_npt_lock);
	n = npt_limbo_reclaim(&dom0_limbo, seen, max, pool_put);
	spin_unlock(&dom0_npt_lock);
	return n;
}

/*
 * Until the next VMRUN into dom0 (which flushes) this CPU is in host mode,
 * so from now on it counts as flushed: dom0_npt_reclaim() relies on that.
 */
void dom0_tlb_catch_up(struct hv_cpu *c)
{
	u64 gen = __atomic_load_n(&dom0_tlb_gen, __ATOMIC_SEQ_CST);

	if (c->tlb_gen_seen != gen) {
		arch_vcpu_flush_tlb(&c->dom0);
		__atomic_store_n(&c->tlb_gen_seen, gen, __ATOMIC_SEQ_CST);
	}
}

int dom0_npt_lookup(u64 gpa, u64 *hpa, u64 *flags)
{
	int r;

	spin_lock(&dom0_npt_lock);
	r = pt_lookup(&hv.dom0_npt, gpa, hpa, flags, NULL);
	spin_unlock(&dom0_npt_lock);
	return r;
}

struct domain *domain_get(u32 domid)
{
	struct domain *d = NULL;

	spin_lock(&table_lock);
	for (u32 i = 0; i < HOIST_MAX_DOMAINS; i++)
		if (domains[i] && domains[i]->id == domid)
			d = domains[i];
	if (d)
		d->refs++;
	spin_unlock(&table_lock);
	return d;
}

/* Under table_lock. */
static u32 count_locked(void)
{
	u32 n = 0;

	for (u32 i = 0; i < HOIST_MAX_DOMAINS; i++)
		n += domains[i] != NULL;
	return n;
}

u32 domain_count(void)
{
	u32 n;

	spin_lock(&table_lock);
	n = count_locked();
	spin_unlock(&table_lock);
	return n;
}

/*
 * A CPU may leave (DEVIRT) only while no domain exists; once one has, the
 * hypervisor is exposed for good (see hv.h) and no domain is created
 * again.  Under table_lock, so a create cannot slip in between.
 */
bool domain_allow_devirt(void)
{
	bool ok;

	spin_lock(&table_lock);
	ok = count_locked() == 0;
	if (ok)
		hv.cpu_exposed = true;
	spin_unlock(&table_lock);
	return ok;
}

void domain_cpu_exposed(void)
{
	spin_lock(&table_lock);
	hv.cpu_exposed = true;
	spin_unlock(&table_lock);
}

/* Every present CPU is under the hypervisor (HOIST_INFO_CPU_MISSING). */
bool domain_cpus_all_hoisted(void)
{
	for (u32 i = 0; i < hv.nr_cpus; i++)
		if (hv_cpu_present(i) && !READ_ONCE(hv.cpus[i].hoisted))
			return false;
	return true;
}

static void domain_free(struct domain *d)
{
	for (u32 i = 0; i < d->nr_vcpus; i++)
		if (d->vcpus[i]) {
			arch_vcpu_free(d->vcpus[i]);
			hv_free_pages(d->vcpus[i], 1);
		}
	if (d->npt.root)
		pt_destroy(&d->npt);
	if (d->console)
		hv_free_pages(d->console, DOM_CONSOLE_PAGES);
	gnt_domain_free(d);
	hv_free_pages(d, 1);
}

/* The last reference to a destroyed domain frees what is left of it. */
void domain_put(struct domain *d)
{
	bool last;

	spin_lock(&table_lock);
	last = --d->refs == 0 && d->gone;
	spin_unlock(&table_lock);
	if (last)
		domain_free(d);
}

static bool domid_in_use(u32 id)
{
	for (u32 i = 0; i < HOIST_MAX_DOMAINS; i++)
		if (domains[i] && domains[i]->id == id)
			return true;
	return false;
}

long domain_create(u64 max_pages, u32 nr_vcpus, u32 max_grant_frames,
		   u32 *domid)
{
	struct domain *d;
	long r = -ENOMEM;
	u32 slot;

	_Static_assert(sizeof(struct domain) <= PAGE_SIZE, "one page");
	_Static_assert(sizeof(struct vcpu) <= PAGE_SIZE, "one page");
	if (!max_pages || max_pages > hv.ram_pages ||
	    !nr_vcpus || nr_vcpus > HOIST_MAX_VCPUS ||
	    !max_grant_frames || max_grant_frames > GNTTAB_MAX_FRAMES)
		return -EINVAL;
	dom0_npt_reclaim(RECLAIM_BATCH);
	d = hv_alloc_pages(1, NULL);
	if (!d)
		return -ENOMEM;
	d->max_pages = max_pages;
	d->nr_vcpus = nr_vcpus;
	d->flags = HOIST_DOM_BUILDING | HOIST_DOM_PAUSED;
	d->console = hv_alloc_pages(DOM_CONSOLE_PAGES, NULL);
	if (!d->console || pt_init(&d->npt, &pool_pt_ops, hv.paging_levels))
		goto fail;
	r = gnt_domain_init(d, max_grant_frames);
	if (r)
		goto fail;
	r = -ENOMEM;
	for (u32 i = 0; i < nr_vcpus; i++) {
		struct vcpu *v = hv_alloc_pages(1, NULL);

		if (!v)
			goto fail;
		d->vcpus[i] = v;
		v->dom = d;
		v->id = i;
		v->state = HOIST_VCPU_OFFLINE;
		r = arch_vcpu_init(v);
		if (r)
			goto fail;
	}

	spin_lock(&table_lock);
	/*
	 * No domain while a CPU may run dom0's code natively: one offline
	 * (INIT/SIPI would start it outside the hypervisor) or one that ever
	 * did since the load.  Hoisted CPUs stay hoisted while domains exist.
	 */
	if (hv.cpu_exposed || !domain_cpus_all_hoisted()) {
		spin_unlock(&table_lock);
		r = -EBUSY;
		goto fail;
	}
	for (slot = 0; slot < HOIST_MAX_DOMAINS && domains[slot]; slot++)
		;
	if (slot == HOIST_MAX_DOMAINS || arch_domain_create(d)) {
		spin_unlock(&table_lock);
		r = -ENOSPC;
		goto fail;
	}
	while (domid_in_use(next_domid) || next_domid == 0 ||
	       next_domid >= 0x7ff0)
		next_domid = next_domid >= 0x7ff0 ? 1 : next_domid + 1;
	d->id = next_domid++;
	d->instance = next_instance++;
	domains[slot] = d;
	spin_unlock(&table_lock);

	*domid = d->id;
	hv_log("d%u: created: %lu KiB, %u vCPUs, ASID %u", d->id,
	       (unsigned long)(max_pages * 4), nr_vcpus, d->arch.asid);
	return 0;

fail:
	domain_free(d);
	return r;
}

static bool dom0_owns_locked(u64 pa, u64 size);

/* Are the n guest frames from gfn on all RAM of d (layout.h), in a row? */
static bool gfns_are_ram(const struct domain *d, u64 gfn, u64 n)
{
	u64 first, last;

	return !hoist_guest_page(gfn, d->max_pages, &first) &&
	       !hoist_guest_page(gfn + n - 1, d->max_pages, &last) &&
	       last - first == n - 1;
}

static bool pfns_are_ram(u64 pfn, u64 n)
{
	for (u64 i = 0; i < n; i++)
		if (!hv_pfn_is_ram(pfn + i))
			return false;
	return true;
}

/* The console's or the store's page, as domain_boot() set them. */
static bool is_special_page(const struct domain *d, u64 gfn)
{
	return gfn && (gfn == d->console_gfn || gfn == d->store_gfn);
}

/*
 * Move one populate entry's frame (a 4 KiB page or a 2 MiB frame) from
 * dom0 to d at gfn; undone completely on failure.
 */
static long donate_frame(struct domain *d, u64 gfn, u64 entry)
{
	u64 n = hoist_pop_pages(entry), size = n << PAGE_SHIFT;
	u64 pfn = entry & HOIST_POP_PFN_MASK;
	u64 hpa = pfn << PAGE_SHIFT, gpa = gfn << PAGE_SHIFT;
	unsigned int shift = n == 1 ? 12 : 21;
	long r;

	/*
	 * Into the guest's RAM or its console or store page (one 4 KiB page);
	 * only RAM dom0 owns, and that the hypervisor can map to scrub it.
	 */
	if ((entry & ~(HOIST_POP_PFN_MASK | HOIST_POP_2M | HOIST_POP_ZERO)) ||
	    !IS_ALIGNED(pfn | gfn, n) ||
	    (!gfns_are_ram(d, gfn, n) &&
	     (n != 1 || !is_special_page(d, gfn))) ||
	    d->pages + n > d->max_pages || !pfns_are_ram(pfn, n))
		return -EINVAL;
	if (!pt_next_leaf(&d->npt, gpa, gpa + size, NULL, NULL, NULL))
		return -EEXIST;
	spin_lock(&dom0_npt_lock);
	/* dom0 must own it: mapped (identity) in its NPT, not the pool's. */
	if (!dom0_owns_locked(hpa, size) || hv_pool_owns(hpa) ||
	    hv_pool_owns(hpa + size - 1)) {
		r = -EPERM;
		goto out;
	}
	r = pt_map(&d->npt, gpa, hpa, size, PTE_RW | PTE_US, shift);
	if (r)
		goto out;
	r = pt_unmap(&hv.dom0_npt, hpa, size);
	if (r) {
		pt_unmap(&d->npt, gpa, size);
		goto out;
	}
	d->pages += n;
out:
	spin_unlock(&dom0_npt_lock);
	/*
	 * dom0 reaches it no more (but for stale TLB entries, flushed before
	 * the domain first runs: domain_seal()); the guest does not yet.
	 */
	if (!r && (entry & HOIST_POP_ZERO))
		memset(phys_to_virt(hpa), 0, size);
	return r;
}

long domain_populate(struct vcpu *caller, struct domain *d, u64 gfn,
		     u64 entries_gva, u64 count)
{
	u64 entries[64];
	u64 done = 0, zeroed = 0;
	long r = 0;

	if (!count || count > POPULATE_MAX)
		return -EINVAL;
	spin_lock(&d->lock);
	if ((d->flags & (HOIST_DOM_BUILDING | HOIST_DOM_DYING)) !=
	    HOIST_DOM_BUILDING)
		r = -EINVAL;
	while (done < count && !r && zeroed < HOIST_POP_BUDGET) {
		u64 n = MIN(count - done, ARRAY_SIZE(entries));

		if (copy_from_guest(caller, entries, entries_gva + done * 8,
				    n * 8)) {
			r = -EFAULT;
			break;
		}
		/* Bounded work: at most HOIST_POP_BUDGET pages zeroed. */
		for (u64 i = 0; i < n && !r && zeroed < HOIST_POP_BUDGET; i++) {
			r = donate_frame(d, gfn, entries[i]);
			if (r)
				break;
			done++;
			gfn += hoist_pop_pages(entries[i]);
			if (entries[i] & HOIST_POP_ZERO)
				zeroed += hoist_pop_pages(entries[i]);
		}
	}
	/*
	 * Other CPUs may cache dom0 translations of these pages.  Bumped
	 * before the lock goes, so a seal (under it) sees the new generation.
	 */
	if (done)
		__atomic_fetch_add(&dom0_tlb_gen, 1, __ATOMIC_SEQ_CST);
	spin_unlock(&d->lock);
	/* Short of count: the budget is spent, or the next entry failed. */
	return done ? (long)done : r;
}

long domain_boot(struct domain *d, u32 vcpu, const struct hoist_vcpu_boot *b)
{
	long r = 0;

	/*
	 * The store page is a special page apart from the console's, with a
	 * port the guest may bind (HOIST_EVTCHN_ALLOC_UNBOUND gave it).
	 */
	if (vcpu >= d->nr_vcpus || b->wc_nsec >= 1000000000u ||
	    (b->console_gfn && !hoist_guest_is_special(b->console_gfn)) ||
	    (b->store_gfn && (!hoist_guest_is_special(b->store_gfn) ||
			      b->store_gfn == b->console_gfn ||
			      !b->store_port ||
			      b->store_port >= DOM_EVTCHN_PORTS)) ||
	    (!b->store_gfn && b->store_port))
		return -EINVAL;
	spin_lock(&d->lock);
	/* Once: the special pages (the console's) never move. */
	if ((d->flags & (HOIST_DOM_BUILDING | HOIST_DOM_DYING)) !=
	    HOIST_DOM_BUILDING)
		r = -EINVAL;
	else if (d->booted)
		r = -EBUSY;
	if (!r) {
		struct vcpu *v = d->vcpus[vcpu];

		arch_vcpu_set_pvh_entry(v, b->entry, b->start_info);
		v->state = HOIST_VCPU_RUNNABLE;
		d->console_gfn = b->console_gfn;
		d->store_gfn = b->store_gfn;
		d->store_port = b->store_port;
		if (b->store_gfn)
			gnt_seed_store(d, b->store_gfn);
		xen_time_init(d, b->tsc, b->wc_sec, b->wc_nsec);
		d->booted = true;
	}
	spin_unlock(&d->lock);
	return r;
}

long domain_seal(struct domain *d)
{
	long r = 0;

	spin_lock(&d->lock);
	if ((d->flags & (HOIST_DOM_BUILDING | HOIST_DOM_DYING)) !=
	    HOIST_DOM_BUILDING || console_ring_attach(d)) {
		r = -EINVAL;
	} else {
		evtchn_domain_init(d);
		/* Every populate so far bumped the generation under this lock. */
		d->tlb_gen = __atomic_load_n(&dom0_tlb_gen, __ATOMIC_SEQ_CST);
		d->flags &= ~HOIST_DOM_BUILDING;
	}
	spin_unlock(&d->lock);
	if (!r)
		hv_log("d%u: sealed with %lu pages", d->id,
		       (unsigned long)d->pages);
	return r;
}

bool domain_tlb_synced(const struct domain *d)
{
	for (u32 i = 0; i < hv.nr_cpus; i++) {
		const struct hv_cpu *c = &hv.cpus[i];

		if (c->hoisted && __atomic_load_n(&c->tlb_gen_seen,
						  __ATOMIC_ACQUIRE) < d->tlb_gen)
			return false;
	}
	return true;
}

u32 domain_stop_reason(const struct domain *d)
{
	u32 f = READ_ONCE(d->flags);

	if (f & HOIST_DOM_SHUTDOWN)
		return HOIST_RUN_SHUTDOWN;
	if (f & (HOIST_DOM_PAUSED | HOIST_DOM_DYING))
		return HOIST_RUN_PAUSED;
	return VCPU_STOP_NONE;
}

void domain_shutdown(struct domain *d, u32 reason)
{
	spin_lock(&d->lock);
	if (!(d->flags & HOIST_DOM_SHUTDOWN)) {
		d->shutdown_reason = reason;
		d->flags |= HOIST_DOM_SHUTDOWN;
		hv_log("d%u: shutdown, reason %u", d->id, reason);
	}
	spin_unlock(&d->lock);
}

void domain_crash(struct domain *d, const char *why, u64 detail)
{
	hv_log("d%u: crashed: %s %lx", d->id, why, (unsigned long)detail);
	domain_shutdown(d, SHUTDOWN_crash);
}

/*
 * Under dom0_npt_lock: dom0's NPT maps all of [pa, pa + size) to itself,
 * so it is dom0's (the pool, a domain's pages are unmapped there).
 */
static bool dom0_owns_locked(u64 pa, u64 size)
{
	for (u64 a = pa; a - pa < size;) {
		unsigned int shift;
		u64 hpa;

		if (pt_lookup(&hv.dom0_npt, a, &hpa, NULL, &shift) || hpa != a)
			return false;
		a = (a | ((1ull << shift) - 1)) + 1;	/* the next leaf */
	}
	return true;
}

long pool_grow(u64 pa)
{
	u64 gen;
	long r;

	if (!IS_ALIGNED(pa, HOIST_CHUNK_SIZE))
		return -EINVAL;
	for (u64 i = 0; i < POOL_CHUNK_PAGES; i++)
		if (!hv_pfn_is_ram((pa >> PAGE_SHIFT) + i))
			return -EINVAL;
	/*
	 * From the check to the add, so that no donation or other grow can
	 * take the same memory in between.
	 */
	spin_lock(&dom0_npt_lock);
	if (!dom0_owns_locked(pa, HOIST_CHUNK_SIZE) || hv_pool_owns(pa)) {
		r = -EPERM;
		goto out;
	}
	/* Chunks are added only here, under this lock: the count holds. */
	if (READ_ONCE(hv.pool.nr_chunks) >= hv.pool.limit) {
		r = -ENOSPC;
		goto out;
	}
	/* At most one split (a 1 GiB page); nothing changes if it fails. */
	dom0_npt_growing = true;
	r = pt_unmap(&hv.dom0_npt, pa, HOIST_CHUNK_SIZE);
	dom0_npt_growing = false;
	if (r)
		goto out;
	/*
	 * Another CPU may still reach the chunk through a dom0 translation it
	 * cached: the pool stores nothing in it before every hoisted CPU has
	 * flushed past this generation (hv_pool_activate()).
	 */
	gen = __atomic_add_fetch(&dom0_tlb_gen, 1, __ATOMIC_SEQ_CST);
	r = hv_pool_add(pa, gen);
	if (r) {	/* cannot happen after the checks; dom0's again */
		pt_map(&hv.dom0_npt, pa, pa, HOIST_CHUNK_SIZE, PTE_RW | PTE_US,
		       30);
		pt_coalesce(&hv.dom0_npt, pa, 30);
	}
out:
	spin_unlock(&dom0_npt_lock);
	return r;
}

long pool_shrink(u64 pa)
{
	long r;

	if (!IS_ALIGNED(pa, HOIST_CHUNK_SIZE))
		return -EINVAL;
	r = hv_pool_release(pa, SCRUB_BATCH);
	if (r)
		return r;	/* -EAGAIN: more to zero; -EBUSY, -ENOENT */
	spin_lock(&dom0_npt_lock);
	/*
	 * Out of the pool first, under the lock a grow takes: -ENOENT if a
	 * racing shrink of the same chunk got here first (it may even have
	 * been given again since, and must not be mapped for dom0 then).
	 */
	r = hv_pool_forget(pa);
	if (!r) {
		/* Its 2 MiB entry's table has stayed since the grow split it. */
		r = pt_map(&hv.dom0_npt, pa, pa, HOIST_CHUNK_SIZE,
			   PTE_RW | PTE_US, 30);
		if (r)
			hv_log("pool: chunk at %lx lost: no way back to dom0 (%ld)",
			       (unsigned long)pa, r);
		else
			pt_coalesce(&hv.dom0_npt, pa, 30);
	}
	spin_unlock(&dom0_npt_lock);
	return r;
}

/* Scrub a frame (4 KiB or 2 MiB) and give it back to dom0, merging its NPT. */
static void return_frame(u64 hpa, u64 size)
{
	memset(phys_to_virt(hpa), 0, size);
	spin_lock(&dom0_npt_lock);
	pt_map(&hv.dom0_npt, hpa, hpa, size, PTE_RW | PTE_US,
	       size == PAGE_SIZE ? 12 : 21);
	pt_coalesce(&hv.dom0_npt, hpa, 30);
	spin_unlock(&dom0_npt_lock);
}

/*
 * Forget the guest pages the hypervisor writes on dom0's behalf (console
 * ring, event bits) before any page goes back.  Their users hold
 * evtchn_lock (console) or d->lock (a stopped vCPU's report) while they
 * touch them; the scrub itself runs under d->lock.
 */
static void forget_guest_pages(struct domain *d)
{
	spin_lock(&d->evtchn_lock);
	d->cons_ring = NULL;
	d->shared_info = NULL;
	for (u32 i = 0; i < d->nr_vcpus; i++)
		d->vcpus[i]->vcpu_info = NULL;
	spin_unlock(&d->evtchn_lock);
}

/*
 * Scrub and return frames until DESTROY_BATCH pages are done (a 2 MiB
 * frame is done whole); true when none are left.
 */
static bool return_some_pages(struct domain *d)
{
	u64 va, hpa, done = 0;
	unsigned int shift;

	while (done < DESTROY_BATCH) {
		u64 size;

		if (pt_next_leaf(&d->npt, d->destroy_cursor, ~0ull, &va, &hpa,
				 &shift))
			return true;
		size = 1ull << shift;
		d->destroy_cursor = va + size;
		/* Donation maps 4 KiB pages and 2 MiB frames only. */
		if ((shift == PAGE_SHIFT || shift == 21) &&
		    d->pages >= size >> PAGE_SHIFT) {
			return_frame(hpa & ~(size - 1), size);
			d->pages -= size >> PAGE_SHIFT;
		}
		done += size >> PAGE_SHIFT;
	}
	return false;
}

long domain_destroy(struct domain *d)
{
	bool done, first;
	u32 slot;

	spin_lock(&d->lock);
	/* dom0 still reaches some of its pages: nothing changes. */
	gnt_domain_reclaim(d, dom0_tlb_seen_min());
	if (gnt_domain_busy(d)) {
		spin_unlock(&d->lock);
		return -EBUSY;
	}
	d->flags |= HOIST_DOM_DYING;	/* no run, populate or boot from now */
	for (u32 i = 0; i < d->nr_vcpus; i++)
		if (READ_ONCE(d->vcpus[i]->state) == HOIST_VCPU_RUNNING) {
			spin_unlock(&d->lock);
			return -EBUSY;	/* it stops at its next exit */
		}
	first = !d->scrubbing;
	spin_unlock(&d->lock);
	if (first)	/* lock order: evtchn_lock may be taken before d->lock */
		forget_guest_pages(d);

	spin_lock(&d->lock);
	/* Hypervisor pages: they must not go back to dom0 with the rest. */
	if (first)
		gnt_domain_unmap_frames(d);
	d->scrubbing = true;
	/* Bounded work per call: the hypervisor runs with GIF clear. */
	done = return_some_pages(d);
	spin_unlock(&d->lock);
	if (!done)
		return -EAGAIN;

	spin_lock(&table_lock);
	if (d->gone) {
		spin_unlock(&table_lock);
		return -ENOENT;	/* a racing destroy finished it */
	}
	for (slot = 0; slot < HOIST_MAX_DOMAINS && domains[slot] != d; slot++)
		;
	if (slot < HOIST_MAX_DOMAINS)
		domains[slot] = NULL;
	arch_domain_destroy(d);
	d->gone = true;
	spin_unlock(&table_lock);
	if (d->pages)
		hv_log("d%u: %lu pages unaccounted at destroy", d->id,
		       (unsigned long)d->pages);
	hv_log("d%u: destroyed, memory scrubbed and returned", d->id);
	return 0;	/* the last domain_put() frees d */
}

void domain_info(const struct domain *d, struct hoist_hc_domain_info *info)
{
	u32 running = 0, blocked = 0, online = 0;

	memset(info, 0, sizeof(*info));
	info->domid = d->id;
	info->flags = d->flags & (HOIST_DOM_PAUSED | HOIST_DOM_SHUTDOWN |
				  HOIST_DOM_DYING | HOIST_DOM_BUILDING);
	info->shutdown_reason = d->shutdown_reason;
	info->nr_vcpus = d->nr_vcpus;
	info->pages = d->pages;
	info->max_pages = d->max_pages;
	for (u32 i = 0; i < d->nr_vcpus; i++) {
		const struct vcpu *v = d->vcpus[i];
		u32 s = READ_ONCE(v->state);

		info->cpu_time_ns += v->cpu_time_ns;
		if (s == HOIST_VCPU_OFFLINE)
			continue;
		online++;
		if (s == HOIST_VCPU_BLOCKED)
			blocked++;
		else
			running++;
	}
	info->vcpus_online = online;
	if (!(info->flags & (HOIST_DOM_PAUSED | HOIST_DOM_SHUTDOWN)))
		info->flags |= running ? HOIST_DOM_RUNNING :
			       blocked ? HOIST_DOM_BLOCKED : 0;
	info->console_bytes = d->con_head - d->con_tail;
}

void domain_console_put(struct domain *d, const char *s, size_t n)
{
	spin_lock(&d->lock);
	for (size_t i = 0; i < n; i++)
		d->console[d->con_head++ % DOM_CONSOLE_SIZE] = s[i];
	if (d->con_head - d->con_tail > DOM_CONSOLE_SIZE)
		d->con_tail = d->con_head - DOM_CONSOLE_SIZE;
	d->console_new = true;
	spin_unlock(&d->lock);
}

size_t domain_console_get(struct domain *d, char *dst, size_t len)
{
	size_t n = 0;

	spin_lock(&d->lock);
	while (d->con_tail < d->con_head && n < len)
		dst[n++] = d->console[d->con_tail++ % DOM_CONSOLE_SIZE];
	spin_unlock(&d->lock);
	return n;
}

/*
 * dom0's maps of grants.  A guest page in a 2 MiB frame left a 2 MiB hole
 * in dom0's tables: mapping one page of it splits the hole, and the empty
 * table goes (through the limbo) once the last such page is unmapped.
 */
long dom0_npt_grant_map(u64 hpa, bool rw)
{
	long r;

	spin_lock(&dom0_npt_lock);
	r = pt_map(&hv.dom0_npt, hpa, hpa, PAGE_SIZE,
		   PTE_US | (rw ? PTE_RW : 0), PAGE_SHIFT);
	spin_unlock(&dom0_npt_lock);
	return r;
}

u64 dom0_npt_grant_unmap(u64 hpa)
{
	u64 base = hpa & ~(HOIST_CHUNK_SIZE - 1);

	spin_lock(&dom0_npt_lock);
	pt_unmap(&hv.dom0_npt, hpa, PAGE_SIZE);
	if (pt_next_leaf(&hv.dom0_npt, base, base + HOIST_CHUNK_SIZE, NULL,
			 NULL, NULL))
		pt_unmap(&hv.dom0_npt, base, HOIST_CHUNK_SIZE);
	spin_unlock(&dom0_npt_lock);
	return __atomic_add_fetch(&dom0_tlb_gen, 1, __ATOMIC_SEQ_CST);
}

s16 dom0_frame_copy(u64 lhpa, void *dst, const void *src, u16 len,
		    bool local_dest)
{
	s16 st = GNTST_permission_denied;
	u64 pa, flags;

	if (!hv_pfn_is_ram(lhpa >> PAGE_SHIFT))
		return st;
	spin_lock(&dom0_npt_lock);
	/*
	 * Its own page: mapped to itself in dom0's tables (a domain's pages
	 * and the pool are not), writable if written; a grant dom0 maps
	 * qualifies as the grant allows.
	 */
	if (!pt_lookup(&hv.dom0_npt, lhpa, &pa, &flags, NULL) &&
	    pa == lhpa && (!local_dest || (flags & PTE_RW)) &&
	    !hv_pool_owns(lhpa)) {
		memcpy(dst, src, len);
		st = GNTST_okay;
	}
	spin_unlock(&dom0_npt_lock);
	return st;
}

static u32 gnt_releasing;	/* unmaps not yet released, all domains */

void dom0_gnt_releasing_add(void)
{
	__atomic_fetch_add(&gnt_releasing, 1, __ATOMIC_SEQ_CST);
}

void dom0_gnt_releasing_done(void)
{
	__atomic_fetch_sub(&gnt_releasing, 1, __ATOMIC_SEQ_CST);
}

void domain_gnt_reclaim_all(void)
{
	u64 seen;

	if (!__atomic_load_n(&gnt_releasing, __ATOMIC_SEQ_CST))
		return;
	seen = dom0_tlb_seen_min();
	for (u32 i = 0; i < HOIST_MAX_DOMAINS; i++) {
		struct domain *d;

		spin_lock(&table_lock);
		d = domains[i];
		if (d)
			d->refs++;
		spin_unlock(&table_lock);
		if (!d)
			continue;
		spin_lock(&d->lock);
		gnt_domain_reclaim(d, seen);
		spin_unlock(&d->lock);
		domain_put(d);
	}
}
