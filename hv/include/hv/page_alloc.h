/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page allocator over the hypervisor's pool.  The pool is a set of 2 MiB
 * chunks: those the module gave at load ("fixed": the image and the
 * per-CPU state live there, they stay until rmmod) and those it gave later
 * (HOIST_HC_POOL_GROW), which go back to dom0 once wholly free.  Each chunk
 * has its own bitmap; allocations of several pages never cross a chunk, so
 * they are physically contiguous as well (the MSR and I/O permission maps
 * need that).
 *
 * A chunk's life: PENDING (the hypervisor's, but some CPU may still hold a
 * dom0 translation of it: nothing is stored in it) -> ACTIVE (pages handed
 * out) -> LEAVING (wholly free, no page handed out, being zeroed) -> gone.
 *
 * The pool is plain data: its callers lock it (pool.c) and say where each
 * chunk can be reached (its virtual address).
 */
#ifndef HV_PAGE_ALLOC_H
#define HV_PAGE_ALLOC_H

#include "types.h"

#define POOL_CHUNK_PAGES	512u
#define POOL_CHUNK_SIZE		((u64)POOL_CHUNK_PAGES << PAGE_SHIFT)

enum pool_chunk_state {
	POOL_CHUNK_UNUSED,	/* a free slot */
	POOL_CHUNK_PENDING,
	POOL_CHUNK_ACTIVE,
	POOL_CHUNK_LEAVING,
};

struct pool_chunk {
	u64 pa;
	u64 va;
	u64 gen;		/* PENDING: usable once pool_activate() sees it */
	u64 used[POOL_CHUNK_PAGES / 64];	/* 1 = page in use */
	u32 nr_free;		/* ACTIVE: pages not in use */
	u16 scrubbed;		/* LEAVING: pages zeroed so far */
	u8 state;		/* POOL_CHUNK_* */
	bool fixed;		/* given at load: never leaves */
};

struct page_pool {
	struct pool_chunk *chunk;	/* max_chunks slots */
	u16 *by_pa;		/* the slots in use, in order of physical ... */
	u16 *by_va;		/* ... and of virtual address (lookups) */
	u32 max_chunks;		/* slots */
	u32 limit;		/* the most chunks in use at once */
	u32 nr_chunks;		/* slots in use (any state but UNUSED) */
	u32 nr_fixed;
	u32 nr_pending;
	u32 end;		/* slots from here on are unused */
	u64 nr_pages;		/* pages of all chunks in use: the pool's own */
	u64 nr_free;		/* pages pool_alloc() can hand out (ACTIVE) */
	u64 added;		/* chunks added, and taken back, after the fixed */
	u64 returned;
};

/*
 * An empty pool with max_chunks slots: chunk[], by_pa[] and by_va[] have
 * max_chunks entries each (at most 65536).  limit starts at max_chunks.
 */
void pool_init(struct page_pool *p, struct pool_chunk *chunk, u16 *by_pa,
	       u16 *by_va, u32 max_chunks);
/*
 * Add the chunk at physical pa (2 MiB aligned), reached at va (page
 * aligned).  fixed: usable at once, never given back; otherwise PENDING
 * until pool_activate() sees gen.  -EINVAL for a misaligned or wrapping
 * address, -EEXIST if it overlaps a chunk in the pool (by pa or by va),
 * -ENOSPC at the limit.
 */
int pool_add(struct page_pool *p, u64 pa, u64 va, bool fixed, u64 gen);
/* PENDING chunks whose gen is at most seen become ACTIVE; returns how many. */
u32 pool_activate(struct page_pool *p, u64 seen);
/*
 * Give back the non-fixed chunk at pa (its start), max_pages of zeroing at
 * a time: the first call takes it out of use if every page is free
 * (-EBUSY otherwise, or while it is PENDING), each call zeroes up to
 * max_pages, -EAGAIN while some remain, 0 once all are zero: then the
 * caller hands it to its new owner and calls pool_forget().  -ENOENT: no
 * such chunk.
 */
int pool_release(struct page_pool *p, u64 pa, u32 max_pages);
/* Out of the pool: a chunk pool_release() returned 0 for.  -ENOENT if not. */
int pool_forget(struct page_pool *p, u64 pa);
/* Mark [va, va + bytes) as used (the image); ignored unless all in the pool. */
void pool_reserve(struct page_pool *p, u64 va, u64 bytes);
/*
 * n (1..512) contiguous zeroed pages, or NULL; keep pages of the pool stay
 * free for a caller that passes less (pool growth: see pool.c).
 */
void *pool_alloc(struct page_pool *p, u32 n, u32 keep);
/* Zero and free n pages at va; anything not allocated is ignored. */
void pool_free(struct page_pool *p, void *va, u32 n);
/* POOL_BAD_PA if va is not in the pool. */
#define POOL_BAD_PA	(~0ull)
u64 pool_va_to_pa(const struct page_pool *p, const void *va);
/* NULL if pa is not pool memory. */
void *pool_pa_to_va(const struct page_pool *p, u64 pa);
/* Any chunk of the pool's, whatever its state. */
bool pool_owns_pa(const struct page_pool *p, u64 pa);

/*
 * pool.c: the hypervisor's pool (hv.pool), from any CPU.
 *
 * n contiguous zeroed pages (their physical address in *pa unless NULL),
 * or NULL; HOIST_POOL_GROW_RESERVE pages are never handed out here.
 */
void *hv_alloc_pages(u32 n, u64 *pa);
/* One page, the reserve included: for pool growth only. */
void *hv_alloc_reserve_page(u64 *pa);
void hv_free_pages(void *va, u32 n);
/* The locked pool_* calls, for pool growth (domain.c) and HOIST_HC_INFO. */
bool hv_pool_owns(u64 pa);
int hv_pool_add(u64 pa, u64 gen);
int hv_pool_release(u64 pa, u32 max_pages);
int hv_pool_forget(u64 pa);
/* Chunks every hoisted CPU has flushed dom0's TLB past become usable. */
void hv_pool_activate(void);
struct hoist_info;
void hv_pool_info(struct hoist_info *info);
/* Page tables in the hypervisor's pool */
struct pt_ops;
extern const struct pt_ops pool_pt_ops;

#endif /* HV_PAGE_ALLOC_H */
