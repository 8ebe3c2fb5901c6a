// SPDX-License-Identifier: GPL-2.0
/*
 * First-fit page allocator over the hypervisor pool's chunks (see
 * page_alloc.h).  Plain data and no locks: pool.c is the locked front the
 * rest of the hypervisor allocates with.
 */
#include <hv/errno.h>
#include <hv/page_alloc.h>
#include <hv/string.h>

#define WORDS	(POOL_CHUNK_PAGES / 64)

void pool_init(struct page_pool *p, struct pool_chunk *chunk, u16 *by_pa,
	       u16 *by_va, u32 max_chunks)
{
	memset(p, 0, sizeof(*p));
	memset(chunk, 0, max_chunks * sizeof(*chunk));
	p->chunk = chunk;
	p->by_pa = by_pa;
	p->by_va = by_va;
	p->max_chunks = max_chunks;
	p->limit = max_chunks;
}

static u64 key_of(const struct pool_chunk *c, bool pa)
{
	return pa ? c->pa : c->va;
}

/*
 * Position in order[] (sorted by pa or va) of the first chunk whose start
 * is above key: chunks are disjoint, so the one holding key, if any, is
 * just before it.
 */
static u32 upper_bound(const struct page_pool *p, const u16 *order, u64 key,
		       bool pa)
{
	u32 lo = 0, hi = p->nr_chunks;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (key_of(&p->chunk[order[mid]], pa) <= key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The chunk in use holding address key (physical or virtual), or NULL. */
static struct pool_chunk *find(const struct page_pool *p, u64 key, bool pa)
{
	const u16 *order = pa ? p->by_pa : p->by_va;
	u32 i = upper_bound(p, order, key, pa);
	struct pool_chunk *c;

	if (!i)
		return NULL;
	c = &p->chunk[order[i - 1]];
	return key - key_of(c, pa) < POOL_CHUNK_SIZE ? c : NULL;
}

/* Whether [key, key + 2 MiB) meets a chunk in use. */
static bool overlaps(const struct page_pool *p, u64 key, bool pa)
{
	const u16 *order = pa ? p->by_pa : p->by_va;
	u32 i = upper_bound(p, order, key, pa);

	if (i && key - key_of(&p->chunk[order[i - 1]], pa) < POOL_CHUNK_SIZE)
		return true;	/* the one below reaches up to key */
	return i < p->nr_chunks &&
	       key_of(&p->chunk[order[i]], pa) - key < POOL_CHUNK_SIZE;
}

static void order_insert(struct page_pool *p, u16 *order, u16 slot, bool pa)
{
	u32 i = upper_bound(p, order, key_of(&p->chunk[slot], pa), pa);

	for (u32 j = p->nr_chunks; j > i; j--)
		order[j] = order[j - 1];
	order[i] = slot;
}

static void order_remove(struct page_pool *p, u16 *order, u16 slot)
{
	u32 i = 0;

	while (order[i] != slot)
		i++;
	for (; i + 1 < p->nr_chunks; i++)
		order[i] = order[i + 1];
}

int pool_add(struct page_pool *p, u64 pa, u64 va, bool fixed, u64 gen)
{
	struct pool_chunk *c;
	u32 slot;

	if (!IS_ALIGNED(pa, POOL_CHUNK_SIZE) || !IS_ALIGNED(va, PAGE_SIZE) ||
	    pa + POOL_CHUNK_SIZE < pa || va + POOL_CHUNK_SIZE < va)
		return -EINVAL;
	if (overlaps(p, pa, true) || overlaps(p, va, false))
		return -EEXIST;
	if (p->nr_chunks >= p->limit)
		return -ENOSPC;
	for (slot = 0; p->chunk[slot].state != POOL_CHUNK_UNUSED; slot++)
		;	/* limit <= max_chunks: there is one */
	c = &p->chunk[slot];
	memset(c, 0, sizeof(*c));
	c->pa = pa;
	c->va = va;
	c->gen = gen;
	c->fixed = fixed;
	order_insert(p, p->by_pa, (u16)slot, true);
	order_insert(p, p->by_va, (u16)slot, false);
	p->nr_chunks++;
	p->end = MAX(p->end, slot + 1);
	p->nr_pages += POOL_CHUNK_PAGES;
	if (fixed) {
		c->state = POOL_CHUNK_ACTIVE;
		c->nr_free = POOL_CHUNK_PAGES;
		p->nr_free += POOL_CHUNK_PAGES;
		p->nr_fixed++;
	} else {
		c->state = POOL_CHUNK_PENDING;
		p->nr_pending++;
		p->added++;
	}
	return 0;
}

u32 pool_activate(struct page_pool *p, u64 seen)
{
	u32 n = 0;

	for (u32 i = 0; i < p->end && p->nr_pending; i++) {
		struct pool_chunk *c = &p->chunk[i];

		if (c->state != POOL_CHUNK_PENDING || c->gen > seen)
			continue;
		c->state = POOL_CHUNK_ACTIVE;
		c->nr_free = POOL_CHUNK_PAGES;
		p->nr_free += POOL_CHUNK_PAGES;
		p->nr_pending--;
		n++;
	}
	return n;
}

/* The non-fixed chunk that starts at pa, or NULL. */
static struct pool_chunk *grown_at(const struct page_pool *p, u64 pa)
{
	struct pool_chunk *c = find(p, pa, true);

	return c && c->pa == pa && !c->fixed ? c : NULL;
}

int pool_release(struct page_pool *p, u64 pa, u32 max_pages)
{
	struct pool_chunk *c = grown_at(p, pa);
	u32 n;

	if (!c)
		return -ENOENT;
	if (c->state == POOL_CHUNK_PENDING ||
	    (c->state == POOL_CHUNK_ACTIVE && c->nr_free != POOL_CHUNK_PAGES))
		return -EBUSY;
	if (c->state == POOL_CHUNK_ACTIVE) {
		/* From now on nothing is handed out of it. */
		c->state = POOL_CHUNK_LEAVING;
		c->nr_free = 0;
		c->scrubbed = 0;
		p->nr_free -= POOL_CHUNK_PAGES;
	}
	/* Free pages are zero already (pool_free): this is the guarantee. */
	n = MIN(max_pages, POOL_CHUNK_PAGES - c->scrubbed);
	memset((void *)(uintptr_t)(c->va + ((u64)c->scrubbed << PAGE_SHIFT)),
	       0, (size_t)n << PAGE_SHIFT);
	c->scrubbed += n;
	return c->scrubbed == POOL_CHUNK_PAGES ? 0 : -EAGAIN;
}

int pool_forget(struct page_pool *p, u64 pa)
{
	struct pool_chunk *c = grown_at(p, pa);
	u16 slot;

	if (!c || c->state != POOL_CHUNK_LEAVING ||
	    c->scrubbed != POOL_CHUNK_PAGES)
		return -ENOENT;
	slot = (u16)(c - p->chunk);
	order_remove(p, p->by_pa, slot);
	order_remove(p, p->by_va, slot);
	p->nr_chunks--;
	p->nr_pages -= POOL_CHUNK_PAGES;
	p->returned++;
	memset(c, 0, sizeof(*c));	/* POOL_CHUNK_UNUSED */
	while (p->end && p->chunk[p->end - 1].state == POOL_CHUNK_UNUSED)
		p->end--;
	return 0;
}

static bool test_bit(const u64 *map, u32 n)
{
	return map[n / 64] & BIT(n % 64);
}

/* Mark pages [first, first + n) of c used or free; counts what changed. */
static void set_bits(struct page_pool *p, struct pool_chunk *c, u32 first,
		     u32 n, bool used)
{
	for (u32 i = first; i < first + n; i++) {
		if (used == test_bit(c->used, i))
			continue;
		if (used) {
			c->used[i / 64] |= BIT(i % 64);
			c->nr_free--;
			p->nr_free--;
		} else {
			c->used[i / 64] &= ~BIT(i % 64);
			c->nr_free++;
			p->nr_free++;
		}
	}
}

void pool_reserve(struct page_pool *p, u64 va, u64 bytes)
{
	u64 start = va & PAGE_MASK, end = ALIGN_UP(va + bytes, PAGE_SIZE);

	if (end < start)
		return;
	/* All of it in the pool, or none of it is taken. */
	for (u64 a = start; a < end; a += PAGE_SIZE) {
		struct pool_chunk *c = find(p, a, false);

		if (!c || c->state != POOL_CHUNK_ACTIVE)
			return;
	}
	for (u64 a = start; a < end; a += PAGE_SIZE) {
		struct pool_chunk *c = find(p, a, false);

		set_bits(p, c, (u32)((a - c->va) >> PAGE_SHIFT), 1, true);
	}
}

/* The first run of n free pages in c, or -1. */
static s32 find_run(const struct pool_chunk *c, u32 n)
{
	u32 run = 0;

	if (n == 1) {
		/* Most allocations are single table pages: a word at a time. */
		for (u32 w = 0; w < WORDS; w++)
			if (~c->used[w])
				return (s32)(w * 64 + __builtin_ctzll(~c->used[w]));
		return -1;
	}
	for (u32 i = 0; i < POOL_CHUNK_PAGES; i++) {
		if (test_bit(c->used, i)) {
			run = 0;
			continue;
		}
		if (++run == n)
			return (s32)(i + 1 - n);
	}
	return -1;
}

void *pool_alloc(struct page_pool *p, u32 n, u32 keep)
{
	if (!n || n > POOL_CHUNK_PAGES || (u64)n + keep > p->nr_free)
		return NULL;
	/* Slot order: the fixed chunks first, then the oldest grown ones. */
	for (u32 i = 0; i < p->end; i++) {
		struct pool_chunk *c = &p->chunk[i];
		s32 first;
		void *va;

		if (c->state != POOL_CHUNK_ACTIVE || c->nr_free < n)
			continue;
		first = find_run(c, n);
		if (first < 0)
			continue;
		set_bits(p, c, (u32)first, n, true);
		va = (void *)(uintptr_t)(c->va + ((u64)first << PAGE_SHIFT));
		memset(va, 0, (size_t)n << PAGE_SHIFT);
		return va;
	}
	return NULL;
}

void pool_free(struct page_pool *p, void *va, u32 n)
{
	u64 addr = (u64)(uintptr_t)va;
	struct pool_chunk *c = find(p, addr, false);
	u32 first;

	if (!c || c->state != POOL_CHUNK_ACTIVE || (addr & ~PAGE_MASK) || !n)
		return;
	first = (u32)((addr - c->va) >> PAGE_SHIFT);
	if (n > POOL_CHUNK_PAGES - first)
		return;
	/* Scrub: freed pages may have held guest state. */
	memset(va, 0, (size_t)n << PAGE_SHIFT);
	set_bits(p, c, first, n, false);
}

u64 pool_va_to_pa(const struct page_pool *p, const void *va)
{
	u64 addr = (u64)(uintptr_t)va;
	const struct pool_chunk *c = find(p, addr, false);

	return c ? c->pa + (addr - c->va) : POOL_BAD_PA;
}

void *pool_pa_to_va(const struct page_pool *p, u64 pa)
{
	const struct pool_chunk *c = find(p, pa, true);

	return c ? (void *)(uintptr_t)(c->va + (pa - c->pa)) : NULL;
}

bool pool_owns_pa(const struct page_pool *p, u64 pa)
{
	return find(p, pa, true) != NULL;
}
