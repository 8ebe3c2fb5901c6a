// SPDX-License-Identifier: GPL-2.0
/*
 * First-fit page allocator over the hypervisor pool (see page_alloc.h),
 * and the locked front of it the rest of the hypervisor allocates with.
 */
#include <hv/hv.h>
#include <hv/page_alloc.h>
#include <hv/paging.h>
#include <hv/spinlock.h>
#include <hv/string.h>

static struct spinlock pool_lock;	/* hv.pool, taken from any CPU */

static bool test_bit(const u64 *map, u64 n)
{
	return map[n / 64] & BIT(n % 64);
}

static void set_bits(struct page_pool *p, u64 first, u64 n, bool used)
{
	for (u64 i = first; i < first + n; i++) {
		if (used == test_bit(p->bitmap, i))
			continue;
		if (used) {
			p->bitmap[i / 64] |= BIT(i % 64);
			p->nr_free--;
		} else {
			p->bitmap[i / 64] &= ~BIT(i % 64);
			p->nr_free++;
		}
	}
}

void pool_init(struct page_pool *p, u64 va, const u64 *chunk_pa,
	       u32 nr_chunks, u64 *bitmap)
{
	p->va = va;
	p->chunk_pa = chunk_pa;
	p->nr_chunks = nr_chunks;
	p->nr_pages = (u64)nr_chunks * POOL_CHUNK_PAGES;
	p->nr_free = p->nr_pages;
	p->bitmap = bitmap;
	memset(bitmap, 0, ALIGN_UP(p->nr_pages, 64) / 8);
}

void pool_reserve(struct page_pool *p, u64 va, u64 bytes)
{
	u64 start = va & PAGE_MASK, end = ALIGN_UP(va + bytes, PAGE_SIZE);
	u64 first = (start - p->va) >> PAGE_SHIFT;
	u64 n = (end - start) >> PAGE_SHIFT;

	if (va < p->va || first + n > p->nr_pages)
		return;
	set_bits(p, first, n, true);
}

void *pool_alloc(struct page_pool *p, u32 n)
{
	u64 run = 0;

	if (!n || n > POOL_CHUNK_PAGES || n > p->nr_free)
		return NULL;
	for (u64 i = 0; i < p->nr_pages; i++) {
		if (i % POOL_CHUNK_PAGES == 0)
			run = 0;	/* runs never cross a chunk */
		if (test_bit(p->bitmap, i)) {
			run = 0;
			continue;
		}
		if (++run == n) {
			u64 first = i + 1 - n;
			void *va = (void *)(uintptr_t)(p->va +
						       (first << PAGE_SHIFT));

			set_bits(p, first, n, true);
			memset(va, 0, (size_t)n << PAGE_SHIFT);
			return va;
		}
	}
	return NULL;
}

void pool_free(struct page_pool *p, void *va, u32 n)
{
	u64 addr = (u64)(uintptr_t)va;
	u64 first = (addr - p->va) >> PAGE_SHIFT;

	if (!va || addr < p->va || (addr & ~PAGE_MASK) || !n ||
	    first + n > p->nr_pages)
		return;
	/* Scrub: freed pages may have held guest state. */
	memset(va, 0, (size_t)n << PAGE_SHIFT);
	set_bits(p, first, n, false);
}

u64 pool_va_to_pa(const struct page_pool *p, const void *va)
{
	u64 off = (u64)(uintptr_t)va - p->va;

	if (off >= p->nr_pages << PAGE_SHIFT)
		return POOL_BAD_PA;
	return p->chunk_pa[off >> 21] + (off & ((1ull << 21) - 1));
}

void *pool_pa_to_va(const struct page_pool *p, u64 pa)
{
	for (u32 i = 0; i < p->nr_chunks; i++)
		if (pa - p->chunk_pa[i] < (1ull << 21))
			return (void *)(uintptr_t)(p->va + ((u64)i << 21) +
						   (pa - p->chunk_pa[i]));
	return NULL;
}

bool pool_owns_pa(const struct page_pool *p, u64 pa)
{
	return pool_pa_to_va(p, pa) != NULL;
}

void *hv_alloc_pages(u32 n, u64 *pa)
{
	void *p;

	spin_lock(&pool_lock);
	p = pool_alloc(&hv.pool, n);
	spin_unlock(&pool_lock);
	if (p && pa)
		*pa = pool_va_to_pa(&hv.pool, p);
	return p;
}

void hv_free_pages(void *va, u32 n)
{
	spin_lock(&pool_lock);
	pool_free(&hv.pool, va, n);
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

static void *pt_table_va(void *ctx, u64 pa)
{
	(void)ctx;
	return pool_pa_to_va(&hv.pool, pa);
}

const struct pt_ops pool_pt_ops = {
	.alloc = pt_alloc,
	.free = pt_free,
	.table_va = pt_table_va,
};
