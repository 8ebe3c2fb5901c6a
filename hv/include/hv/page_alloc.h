/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page allocator over the hypervisor's pool.  The pool is a list of 2 MiB
 * chunks, mapped virtually contiguous; allocations of several pages never
 * cross a chunk so they are physically contiguous as well (the MSR and I/O
 * permission maps need that).
 */
#ifndef HV_PAGE_ALLOC_H
#define HV_PAGE_ALLOC_H

#include "types.h"

#define POOL_CHUNK_PAGES	512u

struct page_pool {
	u64 va;			/* virtual address of page 0 */
	u32 nr_chunks;
	u64 nr_pages;
	u64 nr_free;
	const u64 *chunk_pa;	/* physical address of each chunk */
	u64 *bitmap;		/* 1 = in use; nr_pages bits */
};

/* bitmap must hold nr_chunks * POOL_CHUNK_PAGES bits. */
void pool_init(struct page_pool *p, u64 va, const u64 *chunk_pa,
	       u32 nr_chunks, u64 *bitmap);
/* Mark [va, va + bytes) as used (the image, the bitmap itself). */
void pool_reserve(struct page_pool *p, u64 va, u64 bytes);
/* n contiguous zeroed pages, or NULL. */
void *pool_alloc(struct page_pool *p, u32 n);
void pool_free(struct page_pool *p, void *va, u32 n);
/* POOL_BAD_PA if va is not in the pool. */
#define POOL_BAD_PA	(~0ull)
u64 pool_va_to_pa(const struct page_pool *p, const void *va);
/* NULL if pa is not pool memory. */
void *pool_pa_to_va(const struct page_pool *p, u64 pa);
bool pool_owns_pa(const struct page_pool *p, u64 pa);

/*
 * The hypervisor's pool (hv.pool), from any CPU: n contiguous zeroed pages
 * (their physical address in *pa unless NULL), or NULL.
 */
void *hv_alloc_pages(u32 n, u64 *pa);
void hv_free_pages(void *va, u32 n);
/* Page tables in the hypervisor's pool */
struct pt_ops;
extern const struct pt_ops pool_pt_ops;

#endif /* HV_PAGE_ALLOC_H */
