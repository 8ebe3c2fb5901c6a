/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Grant tables v1 (docs/architecture.md, "Grants").  A domU's table lives
 * in hypervisor pages, up to max_frames of them, allocated as the guest
 * maps them (XENMEM_add_to_physmap, XENMAPSPACE_grant_table) at a frame
 * outside its RAM; dom0 never reaches them.  dom0 uses a domU's grants to
 * it by map (rings, the store page: the page appears in dom0's nested
 * tables while mapped) and by copy (the hypervisor copies, nothing is
 * mapped).  While dom0 uses a grant, its entry holds GTF_reading (and
 * GTF_writing): the guest cannot revoke it meanwhile.
 */
#ifndef HV_GRANT_TABLE_H
#define HV_GRANT_TABLE_H

#include <hv/types.h>
#include <hoist/xen.h>

/* dom0's maps of one domain's grants at once (rings, the store page). */
#define GNT_MAPS_MAX	120
/* A software bit of nested entries: a grant frame, hypervisor memory. */
#define PTE_GNT_FRAME	BIT(9)

/* One ref dom0 maps: count maps, or waiting for every CPU's flush. */
struct gnt_map {
	u32 ref;
	u32 count;		/* 0: free, or releasing */
	u64 hpa;		/* the guest's page */
	u64 release_gen;	/* releasing: once every CPU saw this */
	u16 held;		/* GTF_reading | GTF_writing we set */
	bool releasing;
	bool rw;		/* dom0's nested entry is writable */
};

struct gnt_frame {
	struct grant_entry_v1 *va;	/* NULL: not allocated yet */
	u64 pa;
	u64 gfn;			/* where the guest sees it; 0: nowhere */
};

struct grant_table {
	u32 max_frames;
	u32 nr_frames;		/* frames 0 .. nr_frames - 1 allocated */
	u32 nr_maps;		/* slots with count or releasing */
	u32 frame_pages;	/* pages of frames[] */
	u32 npt_tables_base;	/* the guest's nested tables at its first add */
	struct gnt_frame *frames;	/* max_frames of them */
	struct gnt_map maps[GNT_MAPS_MAX];
};

_Static_assert(sizeof(struct grant_table) <= 4096, "one page");

/*
 * grant_entry.c: the pure part, also built for the unit tests.
 *
 * Take a grant for dom0's use: atomically (the guest may change the entry
 * at any time) check it is GTF_permit_access to domain 0, not sub-page or
 * transitive, writable if write, and add GTF_reading (and GTF_writing if
 * write).  Returns GNTST_okay with the bits it added in *added, or the
 * reason it refused: GNTST_eagain if the guest changed the entry under
 * it GNT_ACQUIRE_TRIES times.  The guest's frame is read only after this.
 */
#define GNT_ACQUIRE_TRIES	64
int gnt_entry_acquire(struct grant_entry_v1 *e, bool write, u16 *added);
/* Drop bits acquire added. */
void gnt_entry_release(struct grant_entry_v1 *e, u16 bits);
/* Is [offset, offset + len) within one 4 KiB page? */
bool gnt_copy_range_ok(u16 offset, u16 len);

struct domain;
struct vcpu;

/* grant_table.c */
long gnt_domain_init(struct domain *d, u32 max_frames);
/* At boot: entry 1 (xenstore) grants the store page to dom0. */
void gnt_seed_store(struct domain *d, u64 store_gfn);
/* At destroy, before any page goes back: the frames leave the guest. */
void gnt_domain_unmap_frames(struct domain *d);
void gnt_domain_free(struct domain *d);
/* Maps dom0 holds or has not yet released (destroy must wait). */
bool gnt_domain_busy(struct domain *d);
/* Release the grants whose unmap every CPU has flushed past. */
void gnt_domain_reclaim(struct domain *d, u64 seen);

long gnt_guest_op(struct vcpu *v, u64 cmd, u64 arg, u64 count);
long gnt_add_to_physmap(struct vcpu *v, u64 idx, u64 gfn);

/* dom0's hypercalls (HOIST_HC_GNT_*). */
long gnt_map(struct domain *d, u32 ref, u32 flags);
long gnt_unmap(struct domain *d, u32 ref, u64 frame);
long gnt_copy(struct vcpu *c, u64 ops_gva, u64 count);

#endif /* HV_GRANT_TABLE_H */
