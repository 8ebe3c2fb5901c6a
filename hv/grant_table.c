// SPDX-License-Identifier: GPL-2.0
/*
 * Grant tables v1: the guest's side (query_size, set_version, the frames
 * it maps with XENMEM_add_to_physmap) and dom0's (map, unmap, copy).  See
 * grant_table.h.
 *
 * Everything here runs under d->lock: a copy or a map takes the entry,
 * uses the page and lets go before another can start, so the bits one of
 * them added are never the bits another relies on; and the domain cannot
 * start dying (its pages going back to dom0) in the middle.
 * Lock order: d->lock, then dom0's nested-table lock (domain.c).
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant_table.h>
#include <hv/guest_access.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/string.h>
#include <hoist/layout.h>

#define ENTRIES_PER_FRAME	((u32)GRANT_ENTRIES_PER_FRAME)

static struct grant_entry_v1 *entry(struct grant_table *gt, u32 ref)
{
	if (ref >= gt->nr_frames * ENTRIES_PER_FRAME)
		return NULL;
	return &gt->frames[ref / ENTRIES_PER_FRAME].va[ref % ENTRIES_PER_FRAME];
}

/* Frames 0 .. n - 1 exist afterwards, or -ENOMEM (those made stay). */
static long grow(struct grant_table *gt, u32 n)
{
	while (gt->nr_frames < n) {
		struct gnt_frame *f = &gt->frames[gt->nr_frames];
		u64 pa;

		f->va = hv_alloc_pages(1, &pa);	/* zeroed: all GTF_invalid */
		if (!f->va)
			return -ENOMEM;
		f->pa = pa;
		f->gfn = 0;
		gt->nr_frames++;
	}
	return 0;
}

long gnt_domain_init(struct domain *d, u32 max_frames)
{
	struct grant_table *gt;
	u64 bytes = (u64)max_frames * sizeof(struct gnt_frame);

	if (!max_frames || max_frames > GNTTAB_MAX_FRAMES)
		return -EINVAL;
	gt = hv_alloc_pages(1, NULL);
	if (!gt)
		return -ENOMEM;
	gt->max_frames = max_frames;
	gt->frame_pages = (u32)(ALIGN_UP(bytes, PAGE_SIZE) >> PAGE_SHIFT);
	gt->frames = hv_alloc_pages(gt->frame_pages, NULL);
	d->gnt = gt;
	if (!gt->frames)
		return -ENOMEM;	/* domain_free() frees what there is */
	/* Frame 0 from the start: the builder seeds entry 1 in it. */
	return grow(gt, 1);
}

void gnt_seed_store(struct domain *d, u64 store_gfn)
{
	struct grant_entry_v1 *e = entry(d->gnt, GNTTAB_RESERVED_XENSTORE);

	e->domid = 0;
	e->frame = (u32)store_gfn;
	__atomic_store_n(&e->flags, (u16)GTF_permit_access, __ATOMIC_RELEASE);
}

void gnt_domain_unmap_frames(struct domain *d)
{
	struct grant_table *gt = d->gnt;

	for (u32 i = 0; gt && gt->frames && i < gt->nr_frames; i++)
		if (gt->frames[i].gfn) {
			pt_unmap(&d->npt, gt->frames[i].gfn << PAGE_SHIFT,
				 PAGE_SIZE);
			gt->frames[i].gfn = 0;
		}
}

/* Back to the hypervisor's pool (zeroed there), never to dom0. */
void gnt_domain_free(struct domain *d)
{
	struct grant_table *gt = d->gnt;

	if (!gt)
		return;
	if (gt->frames) {
		for (u32 i = 0; i < gt->nr_frames; i++)
			hv_free_pages(gt->frames[i].va, 1);
		hv_free_pages(gt->frames, gt->frame_pages);
	}
	hv_free_pages(gt, 1);
	d->gnt = NULL;
}

/* GNTTABOP_*, from the domU itself (count: always one struct here). */
long gnt_guest_op(struct vcpu *v, u64 cmd, u64 arg, u64 count)
{
	struct domain *d = v->dom;
	struct gnttab_query_size qs;
	struct gnttab_set_version sv;
	struct gnttab_get_version gv;

	switch (cmd) {
	case GNTTABOP_query_size:
		if (count != 1)
			return -EINVAL;
		if (copy_from_guest(v, &qs, arg, sizeof(qs)))
			return -EFAULT;
		if (qs.dom != DOMID_SELF && qs.dom != d->id) {
			qs.status = GNTST_bad_domain;
		} else {
			spin_lock(&d->lock);
			qs.nr_frames = d->gnt->nr_frames;
			spin_unlock(&d->lock);
			qs.max_nr_frames = d->gnt->max_frames;
			qs.status = GNTST_okay;
		}
		return copy_to_guest(v, arg, &qs, sizeof(qs));
	case GNTTABOP_set_version:
		if (count != 1)
			return -EINVAL;
		if (copy_from_guest(v, &sv, arg, sizeof(sv)))
			return -EFAULT;
		if (sv.version == 1)
			return 0;
		/* Version 2 refused, as QEMU does: the table stays v1. */
		sv.version = 1;
		if (copy_to_guest(v, arg, &sv, sizeof(sv)))
			return -EFAULT;
		return -ENOSYS;
	case GNTTABOP_get_version:
		if (count != 1)
			return -EINVAL;
		if (copy_from_guest(v, &gv, arg, sizeof(gv)))
			return -EFAULT;
		if (gv.dom != DOMID_SELF && gv.dom != d->id)
			return -EPERM;
		gv.version = 1;
		return copy_to_guest(v, arg, &gv, sizeof(gv));
	default:
		/* Mapping, copying, transfer: dom0's business, not a domU's. */
		return -ENOSYS;
	}
}

/* A frame outside the guest's RAM and special pages, within its reach. */
static bool gfn_free_for_frame(const struct domain *d, u64 gfn)
{
	u64 n;

	return gfn && gfn < (1ull << (hv.max_phys_bits - PAGE_SHIFT)) &&
	       hoist_guest_page(gfn, d->max_pages, &n) &&
	       !hoist_guest_is_special(gfn);
}

/*
 * XENMEM_add_to_physmap, XENMAPSPACE_grant_table: frame idx (grown to)
 * appears at gfn.  As in Xen, a frame mapped elsewhere moves, and one
 * grant frame at gfn gives way; anything else there is refused.
 */
long gnt_add_to_physmap(struct vcpu *v, u64 idx, u64 gfn)
{
	struct domain *d = v->dom;
	struct grant_table *gt = d->gnt;
	u64 gpa = gfn << PAGE_SHIFT, hpa, flags;
	long r;

	if (idx >= gt->max_frames || !gfn_free_for_frame(d, gfn))
		return -EINVAL;
	spin_lock(&d->lock);
	if (d->flags & HOIST_DOM_DYING) {
		r = -EINVAL;
		goto out;
	}
	if (!pt_lookup(&d->npt, gpa, &hpa, &flags, NULL)) {
		u32 i;

		for (i = 0; i < gt->nr_frames && gt->frames[i].gfn != gfn; i++)
			;
		if (!(flags & PTE_GNT_FRAME) || i == gt->nr_frames) {
			r = -EBUSY;
			goto out;
		}
		if (i == idx) {
			r = 0;	/* there already */
			goto out;
		}
		pt_unmap(&d->npt, gpa, PAGE_SIZE);
		gt->frames[i].gfn = 0;
	}
	/*
	 * A frame needs at most one table per level below the root where it
	 * lands, and unmapping leaves them: a guest moving frames all over
	 * its address space must not take the pool's pages with it.
	 */
	if (!gt->npt_tables_base)
		gt->npt_tables_base = d->npt.tables;
	if (d->npt.tables > gt->npt_tables_base + 4 * gt->max_frames + 4) {
		r = -ENOMEM;
		goto out;
	}
	r = grow(gt, (u32)idx + 1);
	if (r)
		goto out;
	r = pt_map(&d->npt, gpa, gt->frames[idx].pa, PAGE_SIZE,
		   PTE_RW | PTE_US | PTE_GNT_FRAME, PAGE_SHIFT);
	if (r)
		goto out;
	if (gt->frames[idx].gfn)
		pt_unmap(&d->npt, gt->frames[idx].gfn << PAGE_SHIFT, PAGE_SIZE);
	gt->frames[idx].gfn = gfn;
out:
	spin_unlock(&d->lock);
	return r;
}

/*
 * Under d->lock: the host address of the guest's frame gfn if dom0 may be
 * given it: a page of the guest's RAM or its store page, never a grant
 * frame, its shared_info or anything of the hypervisor's.
 */
static bool guest_frame(struct domain *d, u64 gfn, u64 *hpa)
{
	u64 n, flags, pa;

	if (hoist_guest_page(gfn, d->max_pages, &n) &&
	    (!d->store_gfn || gfn != d->store_gfn))
		return false;
	if (pt_lookup(&d->npt, gfn << PAGE_SHIFT, &pa, &flags, NULL) ||
	    !(flags & PTE_RW) || (flags & PTE_GNT_FRAME))
		return false;
	pa &= PAGE_MASK;
	if (d->shared_info &&
	    pa == (u64)(uintptr_t)d->shared_info - PHYS_MAP_BASE)
		return false;
	if (!hv_pfn_is_ram(pa >> PAGE_SHIFT) || hv_pool_owns(pa))
		return false;
	*hpa = pa;
	return true;
}

/* Under d->lock. */
static struct gnt_map *find_map(struct grant_table *gt, u32 ref)
{
	for (u32 i = 0; i < GNT_MAPS_MAX; i++) {
		struct gnt_map *m = &gt->maps[i];

		if ((m->count || m->releasing) && m->ref == ref)
			return m;
	}
	return NULL;
}

static struct gnt_map *map_of_page(struct grant_table *gt, u64 hpa)
{
	for (u32 i = 0; i < GNT_MAPS_MAX; i++) {
		struct gnt_map *m = &gt->maps[i];

		if ((m->count || m->releasing) && m->hpa == hpa)
			return m;
	}
	return NULL;
}

static struct gnt_map *free_map(struct grant_table *gt)
{
	for (u32 i = 0; i < GNT_MAPS_MAX; i++)
		if (!gt->maps[i].count && !gt->maps[i].releasing)
			return &gt->maps[i];
	return NULL;
}

/* Under d->lock: clear the bits of unmaps every CPU has flushed past. */
void gnt_domain_reclaim(struct domain *d, u64 seen)
{
	struct grant_table *gt = d->gnt;

	for (u32 i = 0; gt && i < GNT_MAPS_MAX && gt->nr_maps; i++) {
		struct gnt_map *m = &gt->maps[i];

		if (!m->releasing || m->release_gen > seen)
			continue;
		gnt_entry_release(entry(gt, m->ref), m->held);
		memset(m, 0, sizeof(*m));
		gt->nr_maps--;
		dom0_gnt_releasing_done();
	}
}

bool gnt_domain_busy(struct domain *d)
{
	return d->gnt && d->gnt->nr_maps;
}

/* Map again, or more widely, a ref dom0 holds (or is letting go of). */
static long remap(struct grant_table *gt, struct gnt_map *m, bool rw)
{
	long r;

	if (rw && !m->rw) {
		u16 added;

		switch (gnt_entry_acquire(entry(gt, m->ref), true, &added)) {
		case GNTST_okay:
			break;
		case GNTST_eagain:
			return -EBUSY;
		default:
			return -EPERM;
		}
		r = dom0_npt_grant_map(m->hpa, true);
		if (r) {
			gnt_entry_release(entry(gt, m->ref), added);
			return r;
		}
		m->held |= added;
		m->rw = true;
	} else if (m->releasing) {
		r = dom0_npt_grant_map(m->hpa, m->rw);
		if (r)
			return r;
	}
	if (m->releasing) {
		m->releasing = false;
		dom0_gnt_releasing_done();
	}
	m->count++;
	return (long)(m->hpa >> PAGE_SHIFT);
}

long gnt_map(struct domain *d, u32 ref, u32 flags)
{
	struct grant_table *gt = d->gnt;
	bool rw = !(flags & HOIST_GNT_MAP_RO);
	struct grant_entry_v1 *e;
	struct gnt_map *m;
	u16 added;
	u64 hpa;
	long r;

	if (flags & ~HOIST_GNT_MAP_RO)
		return -EINVAL;
	spin_lock(&d->lock);
	if (d->flags & HOIST_DOM_DYING) {
		r = -ENOENT;
		goto out;
	}
	r = -EINVAL;
	e = (d->flags & HOIST_DOM_BUILDING) ? NULL : entry(gt, ref);
	if (!e)
		goto out;
	gnt_domain_reclaim(d, dom0_tlb_seen_min());
	m = find_map(gt, ref);
	if (m) {
		r = remap(gt, m, rw);
		goto out;
	}
	r = -ENOSPC;
	m = free_map(gt);
	if (!m)
		goto out;
	switch (gnt_entry_acquire(e, rw, &added)) {
	case GNTST_okay:
		break;
	case GNTST_eagain:
		r = -EBUSY;
		goto out;
	default:
		r = -EPERM;
		goto out;
	}
	/* The frame as the guest wrote it before granting. */
	if (!guest_frame(d, READ_ONCE(e->frame), &hpa)) {
		r = -EPERM;
		gnt_entry_release(e, added);
		goto out;
	}
	/*
	 * One map per page: two refs of one frame would share dom0's entry,
	 * and the first unmap would take it from the other.
	 */
	if (map_of_page(gt, hpa)) {
		r = -EBUSY;
		gnt_entry_release(e, added);
		goto out;
	}
	r = dom0_npt_grant_map(hpa, rw);
	if (r) {
		gnt_entry_release(e, added);
		goto out;
	}
	m->ref = ref;
	m->count = 1;
	m->hpa = hpa;
	m->held = added;
	m->rw = rw;
	gt->nr_maps++;
	r = (long)(hpa >> PAGE_SHIFT);
out:
	spin_unlock(&d->lock);
	return r;
}

long gnt_unmap(struct domain *d, u32 ref, u64 frame)
{
	struct gnt_map *m;
	long r = -ENOENT;

	spin_lock(&d->lock);
	m = d->gnt ? find_map(d->gnt, ref) : NULL;
	if (m && m->count && m->hpa >> PAGE_SHIFT == frame) {
		r = 0;
		if (!--m->count) {
			/*
			 * Gone from dom0's tables; the guest gets it back once
			 * every CPU flushed (HOIST_HC_TLB_SYNC reclaims).
			 */
			m->release_gen = dom0_npt_grant_unmap(m->hpa);
			m->releasing = true;
			dom0_gnt_releasing_add();
		}
	}
	spin_unlock(&d->lock);
	return r;
}

/* One copy between a grant and a dom0 frame: its GNTST_* status. */
static s16 copy_one(const struct gnttab_copy *op)
{
	bool to_guest = op->flags == GNTCOPY_dest_gref;
	const struct gnttab_copy_ptr *g = to_guest ? &op->dest : &op->source;
	const struct gnttab_copy_ptr *l = to_guest ? &op->source : &op->dest;
	struct grant_entry_v1 *e;
	struct domain *d;
	u64 ghpa, lhpa;
	u16 added;
	s16 st;

	if ((op->flags != GNTCOPY_dest_gref &&
	     op->flags != GNTCOPY_source_gref) ||
	    !gnt_copy_range_ok(op->source.offset, op->len) ||
	    !gnt_copy_range_ok(op->dest.offset, op->len))
		return GNTST_bad_copy_arg;
	if ((l->domid != DOMID_SELF && l->domid != 0) ||
	    g->domid == 0 || g->domid >= DOMID_SELF)
		return GNTST_bad_domain;
	if (l->u.gmfn >= (1ull << (52 - PAGE_SHIFT)))
		return GNTST_bad_page;
	lhpa = l->u.gmfn << PAGE_SHIFT;
	d = domain_get(g->domid);
	if (!d)
		return GNTST_bad_domain;
	spin_lock(&d->lock);
	st = GNTST_bad_domain;
	if (d->flags & (HOIST_DOM_DYING | HOIST_DOM_BUILDING))
		goto out;
	st = GNTST_bad_gntref;
	e = entry(d->gnt, g->u.ref);
	if (!e)
		goto out;
	st = (s16)gnt_entry_acquire(e, to_guest, &added);
	if (st)
		goto out;
	st = GNTST_bad_page;
	if (guest_frame(d, READ_ONCE(e->frame), &ghpa)) {
		u8 *gp = phys_to_virt(ghpa), *lp = phys_to_virt(lhpa);

		/* dom0's side stays dom0's while it copies (the lock). */
		st = dom0_frame_copy(lhpa, to_guest ? gp + g->offset :
				     lp + l->offset,
				     to_guest ? lp + l->offset :
				     gp + g->offset, op->len, !to_guest);
	}
	gnt_entry_release(e, added);
out:
	spin_unlock(&d->lock);
	domain_put(d);
	return st;
}

long gnt_copy(struct vcpu *c, u64 ops_gva, u64 count)
{
	u64 i;

	if (count > HOIST_GNT_COPY_BATCH)
		return -EINVAL;
	for (i = 0; i < count; i++) {
		u64 at = ops_gva + i * sizeof(struct gnttab_copy);
		struct gnttab_copy op;

		if (copy_from_guest(c, &op, at, sizeof(op)))
			break;
		op.status = copy_one(&op);
		if (copy_to_guest(c, at + __builtin_offsetof(struct gnttab_copy,
							     status),
				  &op.status, sizeof(op.status)))
			break;
	}
	return i ? (long)i : (count ? -EFAULT : 0);
}
