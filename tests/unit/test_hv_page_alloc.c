/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv/page_alloc.c: the hypervisor's page pool.  The chunks given at load
 * are a real buffer at one virtual range, with physical addresses that are
 * neither contiguous nor in order (as Linux hands them to the module), two
 * of them adjacent in the wrong order to catch off-by-one chunk lookups.
 * Chunks given later (growth) are a second buffer, each at an address of
 * its own, as the hypervisor reaches them through its map of all memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/errno.h>
#include <hv/page_alloc.h>

#define NR_CHUNKS	4
#define NR_GROWN	4
#define MAX_CHUNKS	8
#define CHUNK		(2ull << 20)
#define PG		4096ull
#define POOL_BYTES	(NR_CHUNKS * CHUNK)
#define NR_PAGES	(NR_CHUNKS * POOL_CHUNK_PAGES)

static const u64 chunk_pa[NR_CHUNKS] = {
	0x10200000ull,		/* chunk 1 ends where chunk 0 starts */
	0x10000000ull,
	0x3fe00000000ull,
	0x7a400000ull,
};

/* Growth: one below all of the above, one between, one above, one adjacent. */
static const u64 grown_pa[NR_GROWN] = {
	0x200000ull,
	0x20000000ull,
	0x7fe00000000ull,
	0x10400000ull,		/* just above chunk 0 */
};

struct fixture {
	struct page_pool p;
	u8 *mem;
	u8 *grown;		/* NR_GROWN chunks, reached at grown + i * CHUNK */
	struct pool_chunk chunk[MAX_CHUNKS];
	u16 by_pa[MAX_CHUNKS], by_va[MAX_CHUNKS];
};

static struct fixture fx;

static u64 base(void)
{
	return (u64)(uintptr_t)fx.mem;
}

static u8 *page(u64 i)
{
	return fx.mem + i * PG;
}

static u8 *gpage(u32 chunk, u64 i)
{
	return fx.grown + chunk * CHUNK + i * PG;
}

static u64 gva(u32 chunk)
{
	return (u64)(uintptr_t)fx.grown + chunk * CHUNK;
}

static u64 page_index(const void *va)
{
	return ((u64)(uintptr_t)va - base()) / PG;
}

/* Every byte of [p, p + n) is c (n > 0): the first is, and each equals the next. */
static bool all_bytes(const void *p, int c, size_t n)
{
	const u8 *b = p;

	return b[0] == (u8)c && memcmp(b, b + 1, n - 1) == 0;
}

/* One buffer for all tests (fresh 16 MiB per test would be slow under ASan). */
static int group_setup(void **state)
{
	(void)state;
	fx.mem = aligned_alloc(CHUNK, POOL_BYTES);
	fx.grown = aligned_alloc(CHUNK, NR_GROWN * CHUNK);
	return fx.mem && fx.grown ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	free(fx.mem);
	free(fx.grown);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	memset(fx.mem, 0x5a, POOL_BYTES);
	memset(fx.grown, 0x6b, NR_GROWN * CHUNK);
	/* pool_init must clear whatever the slots held. */
	memset(fx.chunk, 0xff, sizeof(fx.chunk));
	pool_init(&fx.p, fx.chunk, fx.by_pa, fx.by_va, MAX_CHUNKS);
	for (u32 c = 0; c < NR_CHUNKS; c++)
		assert_int_equal(pool_add(&fx.p, chunk_pa[c], base() + c * CHUNK,
					  true, 0), 0);
	return 0;
}

static void test_init(void **state)
{
	(void)state;
	assert_int_equal(fx.p.nr_pages, NR_PAGES);
	assert_int_equal(fx.p.nr_free, NR_PAGES);
	assert_int_equal(fx.p.nr_chunks, NR_CHUNKS);
	assert_int_equal(fx.p.nr_fixed, NR_CHUNKS);
	assert_int_equal(fx.p.nr_pending, 0);
	assert_int_equal(fx.p.added, 0);
	assert_int_equal(fx.p.limit, MAX_CHUNKS);
	for (u32 c = 0; c < NR_CHUNKS; c++) {
		assert_int_equal(fx.chunk[c].state, POOL_CHUNK_ACTIVE);
		assert_true(all_bytes(fx.chunk[c].used, 0,
				      sizeof(fx.chunk[c].used)));
	}
	for (u32 c = NR_CHUNKS; c < MAX_CHUNKS; c++)
		assert_int_equal(fx.chunk[c].state, POOL_CHUNK_UNUSED);
}

static void test_va_pa_round_trip(void **state)
{
	static const u64 offs[] = { 0, 1, PG, 0x12345, CHUNK - PG, CHUNK - 1 };

	(void)state;
	for (u32 c = 0; c < NR_CHUNKS; c++) {
		for (size_t k = 0; k < sizeof(offs) / sizeof(offs[0]); k++) {
			u8 *va = fx.mem + c * CHUNK + offs[k];
			u64 pa = pool_va_to_pa(&fx.p, va);

			assert_int_equal(pa, chunk_pa[c] + offs[k]);
			assert_ptr_equal(pool_pa_to_va(&fx.p, pa), va);
			assert_true(pool_owns_pa(&fx.p, pa));
		}
	}
	/* Chunk 1's last byte is just below chunk 0's first. */
	assert_ptr_equal(pool_pa_to_va(&fx.p, 0x101fffffull),
			 fx.mem + CHUNK + CHUNK - 1);
	assert_ptr_equal(pool_pa_to_va(&fx.p, 0x10200000ull), fx.mem);
}

static void test_pa_outside_pool(void **state)
{
	static const u64 outside[] = {
		0, 0x0fffffffull, 0x10400000ull, 0x3fdffffffffull,
		0x3fe00200000ull, 0x7a3fffffull, 0x7a600000ull, ~0ull,
	};

	(void)state;
	for (size_t k = 0; k < sizeof(outside) / sizeof(outside[0]); k++) {
		assert_null(pool_pa_to_va(&fx.p, outside[k]));
		assert_false(pool_owns_pa(&fx.p, outside[k]));
	}
}

static void test_reserve(void **state)
{
	u8 *p;

	(void)state;
	/* The image: three pages and one byte -> four pages. */
	pool_reserve(&fx.p, base(), 3 * PG + 1);
	assert_int_equal(fx.p.nr_free, NR_PAGES - 4);
	p = pool_alloc(&fx.p, 1, 0);
	assert_ptr_equal(p, page(4));
	/* Reserving again, or over an allocated page, changes no count. */
	pool_reserve(&fx.p, base(), 5 * PG);
	assert_int_equal(fx.p.nr_free, NR_PAGES - 5);
	/* Out-of-pool ranges are ignored. */
	pool_reserve(&fx.p, base() - PG, PG);
	pool_reserve(&fx.p, base() + POOL_BYTES, PG);
	pool_reserve(&fx.p, base() + POOL_BYTES - PG, 2 * PG);
	assert_int_equal(fx.p.nr_free, NR_PAGES - 5);
	/* The last page exactly. */
	pool_reserve(&fx.p, base() + POOL_BYTES - PG, PG);
	assert_int_equal(fx.p.nr_free, NR_PAGES - 6);
	/* Zero bytes reserve nothing. */
	pool_reserve(&fx.p, base() + 100 * PG, 0);
	assert_int_equal(fx.p.nr_free, NR_PAGES - 6);
}

/*
 * pool_reserve documents "[va, va + bytes)"; a range that starts inside a
 * page and ends inside the next touches both pages.
 */
static void test_reserve_unaligned_start_covers_both_pages(void **state)
{
	(void)state;
	pool_reserve(&fx.p, base() + 0x800, PG);
	assert_int_equal(fx.p.nr_free, NR_PAGES - 2);
	assert_ptr_equal(pool_alloc(&fx.p, 1, 0), page(2));
}

static void test_alloc_sizes_1_to_512(void **state)
{
	/*
	 * Sizes across 1..512 (each alloc and free clears n pages, so all 512
	 * sizes would cost a gigabyte of memset): the small ones, powers of
	 * two and their neighbours, and the largest.
	 */
	static const u32 sizes[] = {
		1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65,
		100, 127, 128, 129, 200, 255, 256, 257, 300, 383, 384, 385, 449,
		500, 510, 511, 512,
	};

	(void)state;
	/* Page 0 taken: a 512-page run cannot start in chunk 0 any more. */
	assert_ptr_equal(pool_alloc(&fx.p, 1, 0), page(0));
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		u32 n = sizes[k];
		u8 *p = pool_alloc(&fx.p, n, 0);
		u64 first, last;

		assert_non_null(p);
		first = page_index(p);
		last = first + n - 1;
		assert_int_equal((u64)(uintptr_t)p % PG, 0);
		assert_true(last < NR_PAGES);
		/* Inside one chunk, so physically contiguous too. */
		assert_int_equal(first / POOL_CHUNK_PAGES, last / POOL_CHUNK_PAGES);
		assert_int_equal(pool_va_to_pa(&fx.p, page(last)),
				 pool_va_to_pa(&fx.p, p) + (n - 1) * PG);
		/* First fit: chunk 0 (511 free pages) until n reaches 512. */
		assert_int_equal(first, n < POOL_CHUNK_PAGES ? 1 : POOL_CHUNK_PAGES);
		assert_true(all_bytes(p, 0, n * PG));
		assert_int_equal(fx.p.nr_free, NR_PAGES - 1 - n);
		p[0] = 0xc3;	/* the next alloc must clear this again */
		pool_free(&fx.p, p, n);
		assert_int_equal(fx.p.nr_free, NR_PAGES - 1);
	}
}

/* Allocations of mixed sizes held at once until the pool runs dry. */
static void test_allocations_never_overlap(void **state)
{
	static u8 owner[NR_PAGES];	/* 1 + allocation number mod 255 */
	u64 used = 0;
	u32 count = 0;

	(void)state;
	memset(owner, 0, sizeof(owner));
	for (u32 n = 1;; n = n % 97 + 1) {
		u8 *p = pool_alloc(&fx.p, n, 0);
		u64 first;

		if (!p)
			break;
		first = page_index(p);
		assert_int_equal(first / POOL_CHUNK_PAGES,
				 (first + n - 1) / POOL_CHUNK_PAGES);
		for (u64 i = first; i < first + n; i++) {
			assert_int_equal(owner[i], 0);
			owner[i] = (u8)(count % 255 + 1);
		}
		/* Mark the first byte of each page: a later alloc must not clear it. */
		for (u32 i = 0; i < n; i++)
			p[i * PG] = owner[first];
		used += n;
		count++;
		assert_int_equal(fx.p.nr_free, NR_PAGES - used);
	}
	assert_true(count > 50);
	/* Nothing handed out was touched by later allocations. */
	for (u64 i = 0; i < NR_PAGES; i++)
		if (owner[i])
			assert_int_equal(page(i)[0], owner[i]);
	/* What is left is too fragmented for the request that failed, but
	 * single pages still come out until nr_free reaches 0. */
	while (fx.p.nr_free) {
		u8 *p = pool_alloc(&fx.p, 1, 0);

		assert_non_null(p);
		assert_int_equal(owner[page_index(p)], 0);
		owner[page_index(p)] = 0xff;
	}
	assert_null(pool_alloc(&fx.p, 1, 0));
	for (u64 i = 0; i < NR_PAGES; i++)
		assert_int_not_equal(owner[i], 0);
}

static void test_alloc_bad_sizes(void **state)
{
	(void)state;
	assert_null(pool_alloc(&fx.p, 0, 0));
	assert_null(pool_alloc(&fx.p, POOL_CHUNK_PAGES + 1, 0));
	assert_null(pool_alloc(&fx.p, ~0u, 0));
	assert_int_equal(fx.p.nr_free, NR_PAGES);
}

static void test_no_run_crosses_a_chunk(void **state)
{
	u8 *a, *b;

	(void)state;
	/* Leave the last 10 pages of chunk 0 and all of chunk 1 free. */
	pool_reserve(&fx.p, base(), (POOL_CHUNK_PAGES - 10) * PG);
	a = pool_alloc(&fx.p, 20, 0);
	assert_ptr_equal(a, page(POOL_CHUNK_PAGES));
	b = pool_alloc(&fx.p, 10, 0);
	assert_ptr_equal(b, page(POOL_CHUNK_PAGES - 10));
	assert_int_equal(fx.p.nr_free, NR_PAGES - POOL_CHUNK_PAGES - 20);
}

static void test_exhaustion(void **state)
{
	u8 *chunks[NR_CHUNKS];

	(void)state;
	for (u32 c = 0; c < NR_CHUNKS; c++) {
		chunks[c] = pool_alloc(&fx.p, POOL_CHUNK_PAGES, 0);
		assert_ptr_equal(chunks[c], fx.mem + c * CHUNK);
	}
	assert_int_equal(fx.p.nr_free, 0);
	assert_null(pool_alloc(&fx.p, 1, 0));
	/* One free page per chunk: single pages fit, pairs do not. */
	for (u32 c = 0; c < NR_CHUNKS; c++)
		pool_free(&fx.p, chunks[c] + (c * 7 + 3) * PG, 1);
	assert_int_equal(fx.p.nr_free, NR_CHUNKS);
	assert_null(pool_alloc(&fx.p, 2, 0));
	assert_null(pool_alloc(&fx.p, NR_CHUNKS + 1, 0));
	for (u32 c = 0; c < NR_CHUNKS; c++)
		assert_ptr_equal(pool_alloc(&fx.p, 1, 0),
				 chunks[c] + (c * 7 + 3) * PG);
	assert_null(pool_alloc(&fx.p, 1, 0));
	assert_int_equal(fx.p.nr_free, 0);
}

static void test_alloc_returns_zeroed(void **state)
{
	u8 *p;

	(void)state;
	/* setup() filled the whole pool with 0x5a: stale contents. */
	p = pool_alloc(&fx.p, 3, 0);
	assert_ptr_equal(p, page(0));
	assert_true(all_bytes(p, 0, 3 * PG));
	/* Only the allocation is cleared. */
	assert_true(all_bytes(page(3), 0x5a, PG));
}

static void test_free_scrubs_and_counts(void **state)
{
	u8 *a, *b;

	(void)state;
	a = pool_alloc(&fx.p, 4, 0);
	b = pool_alloc(&fx.p, 2, 0);
	assert_ptr_equal(b, a + 4 * PG);
	memset(a, 0xaa, 4 * PG);
	memset(b, 0xbb, 2 * PG);
	pool_free(&fx.p, a, 4);
	assert_int_equal(fx.p.nr_free, NR_PAGES - 2);
	assert_true(all_bytes(a, 0, 4 * PG));
	assert_true(all_bytes(b, 0xbb, 2 * PG));
	/* A double free does not inflate the count. */
	pool_free(&fx.p, a, 4);
	assert_int_equal(fx.p.nr_free, NR_PAGES - 2);
	/* Freeing part of an allocation frees just those pages. */
	pool_free(&fx.p, b + PG, 1);
	assert_int_equal(fx.p.nr_free, NR_PAGES - 1);
	assert_true(all_bytes(b, 0xbb, PG));
	/* First fit reuses the lowest hole. */
	assert_ptr_equal(pool_alloc(&fx.p, 4, 0), a);
	assert_ptr_equal(pool_alloc(&fx.p, 1, 0), b + PG);
	assert_int_equal(fx.p.nr_free, NR_PAGES - 6);
}

static void test_free_garbage_ignored(void **state)
{
	u8 *a;

	(void)state;
	a = pool_alloc(&fx.p, 2, 0);
	memset(a, 0xaa, 2 * PG);
	/* Fill the last page (free) with a pattern to see it stays. */
	memset(page(NR_PAGES - 1), 0x77, PG);
	pool_free(&fx.p, NULL, 1);
	pool_free(&fx.p, (void *)(uintptr_t)(base() - PG), 1);
	pool_free(&fx.p, (void *)(uintptr_t)0x1000, 1);
	pool_free(&fx.p, (void *)(uintptr_t)(base() + POOL_BYTES), 1);
	pool_free(&fx.p, (void *)(uintptr_t)(base() + POOL_BYTES + 100 * PG), 3);
	/* A range running past the end of the pool. */
	pool_free(&fx.p, page(NR_PAGES - 1), 2);
	assert_int_equal(fx.p.nr_free, NR_PAGES - 2);
	assert_true(all_bytes(a, 0xaa, 2 * PG));
	assert_true(all_bytes(page(NR_PAGES - 1), 0x77, PG));
}

/*
 * A pointer into the middle of a page is not something pool_alloc ever
 * returned; freeing it must not scrub the next page nor free the page.
 */
static void test_free_misaligned_ignored(void **state)
{
	u8 *a, *b;

	(void)state;
	a = pool_alloc(&fx.p, 1, 0);
	b = pool_alloc(&fx.p, 1, 0);
	assert_ptr_equal(b, a + PG);
	memset(a, 0xaa, PG);
	memset(b, 0xbb, PG);
	pool_free(&fx.p, a + 0x100, 1);
	assert_true(all_bytes(b, 0xbb, PG));
	assert_true(all_bytes(a, 0xaa, PG));
	assert_int_equal(fx.p.nr_free, NR_PAGES - 2);
}

/* Every fixed page allocated: what comes next comes from grown chunks. */
static void fill_fixed(void)
{
	for (u32 c = 0; c < NR_CHUNKS; c++)
		assert_ptr_equal(pool_alloc(&fx.p, POOL_CHUNK_PAGES, 0),
				 fx.mem + c * CHUNK);
}

static void test_add_refused_changes_nothing(void **state)
{
	(void)state;
	/* Misaligned: physical (2 MiB), virtual (a page). */
	assert_int_equal(pool_add(&fx.p, grown_pa[0] + PG, gva(0), false, 1),
			 -EINVAL);
	assert_int_equal(pool_add(&fx.p, grown_pa[0], gva(0) + 8, false, 1),
			 -EINVAL);
	/* Wrapping past the top of the address space. */
	assert_int_equal(pool_add(&fx.p, ~0ull & ~(CHUNK - 1), gva(0), false,
				  1), -EINVAL);
	assert_int_equal(pool_add(&fx.p, grown_pa[0], 0 - PG, false, 1),
			 -EINVAL);
	/* Already in the pool, by physical or by virtual address. */
	assert_int_equal(pool_add(&fx.p, chunk_pa[2], gva(0), false, 1),
			 -EEXIST);
	assert_int_equal(pool_add(&fx.p, chunk_pa[2], gva(0), true, 0),
			 -EEXIST);
	assert_int_equal(pool_add(&fx.p, grown_pa[0], base() + CHUNK / 2,
				  false, 1), -EEXIST);
	assert_int_equal(pool_add(&fx.p, grown_pa[0], base() - CHUNK + PG,
				  false, 1), -EEXIST);
	assert_int_equal(pool_add(&fx.p, grown_pa[0],
				  base() + POOL_BYTES - PG, false, 1), -EEXIST);
	/* At the limit. */
	fx.p.limit = NR_CHUNKS;
	assert_int_equal(pool_add(&fx.p, grown_pa[0], gva(0), false, 1),
			 -ENOSPC);
	assert_int_equal(fx.p.nr_chunks, NR_CHUNKS);
	assert_int_equal(fx.p.nr_pages, NR_PAGES);
	assert_int_equal(fx.p.nr_free, NR_PAGES);
	assert_int_equal(fx.p.nr_pending, 0);
	assert_int_equal(fx.p.added, 0);
	assert_false(pool_owns_pa(&fx.p, grown_pa[0]));
	/* Right next to a chunk, both ways, is fine. */
	fx.p.limit = MAX_CHUNKS;
	assert_int_equal(pool_add(&fx.p, grown_pa[3], base() + POOL_BYTES,
				  false, 1), 0);
	assert_int_equal(pool_add(&fx.p, grown_pa[0], base() - CHUNK, false,
				  1), 0);
}

static void test_grown_chunk_pending_until_flushed(void **state)
{
	u8 *p;

	(void)state;
	fill_fixed();
	assert_int_equal(pool_add(&fx.p, grown_pa[0], gva(0), false, 5), 0);
	/* The hypervisor's (counted, owned) but not handed out yet. */
	assert_int_equal(fx.p.nr_pages, NR_PAGES + POOL_CHUNK_PAGES);
	assert_int_equal(fx.p.nr_free, 0);
	assert_int_equal(fx.p.nr_pending, 1);
	assert_int_equal(fx.p.added, 1);
	assert_true(pool_owns_pa(&fx.p, grown_pa[0] + CHUNK - 1));
	assert_null(pool_alloc(&fx.p, 1, 0));
	/* A CPU has not flushed to generation 5 yet. */
	assert_int_equal(pool_activate(&fx.p, 4), 0);
	assert_null(pool_alloc(&fx.p, 1, 0));
	assert_int_equal(pool_activate(&fx.p, 5), 1);
	assert_int_equal(pool_activate(&fx.p, 6), 0);
	assert_int_equal(fx.p.nr_pending, 0);
	assert_int_equal(fx.p.nr_free, POOL_CHUNK_PAGES);
	/* dom0 may have written it meanwhile: handed out zeroed all the same. */
	p = pool_alloc(&fx.p, 2, 0);
	assert_ptr_equal(p, gpage(0, 0));
	assert_true(all_bytes(p, 0, 2 * PG));
	assert_true(all_bytes(gpage(0, 2), 0x6b, PG));
	assert_int_equal(pool_va_to_pa(&fx.p, p + PG + 5), grown_pa[0] + PG + 5);
}

static void test_grown_lookups(void **state)
{
	static const u64 outside[] = {
		0x1fffffull, 0x400000ull, 0x1fffffffull, 0x20200000ull,
		0x10600000ull, 0x7fdffffffffull, 0x80000000000ull,
	};

	(void)state;
	for (u32 g = 0; g < NR_GROWN; g++)
		assert_int_equal(pool_add(&fx.p, grown_pa[g], gva(g), false,
					  g), 0);
	assert_int_equal(pool_activate(&fx.p, ~0ull), NR_GROWN);
	for (u32 g = 0; g < NR_GROWN; g++) {
		u8 *va = gpage(g, 0) + 0x12345;

		assert_int_equal(pool_va_to_pa(&fx.p, va),
				 grown_pa[g] + 0x12345);
		assert_ptr_equal(pool_pa_to_va(&fx.p, grown_pa[g] + 0x12345),
				 va);
		assert_ptr_equal(pool_pa_to_va(&fx.p, grown_pa[g] + CHUNK - 1),
				 gpage(g, 0) + CHUNK - 1);
	}
	/* The chunks given at load are still found among them. */
	for (u32 c = 0; c < NR_CHUNKS; c++)
		assert_ptr_equal(pool_pa_to_va(&fx.p, chunk_pa[c] + PG),
				 page(c * POOL_CHUNK_PAGES + 1));
	/* Chunk 0 ends where grown chunk 3 starts. */
	assert_ptr_equal(pool_pa_to_va(&fx.p, 0x103fffffull),
			 fx.mem + CHUNK - 1);
	assert_ptr_equal(pool_pa_to_va(&fx.p, 0x10400000ull), gpage(3, 0));
	for (size_t k = 0; k < sizeof(outside) / sizeof(outside[0]); k++)
		assert_false(pool_owns_pa(&fx.p, outside[k]));
	assert_int_equal(pool_va_to_pa(&fx.p, fx.grown + NR_GROWN * CHUNK),
			 POOL_BAD_PA);
}

/* Fixed chunks first, then grown ones by slot: the oldest, or a reused one. */
static void test_alloc_order(void **state)
{
	u8 *a, *b;

	(void)state;
	assert_int_equal(pool_add(&fx.p, grown_pa[1], gva(1), false, 0), 0);
	assert_int_equal(pool_add(&fx.p, grown_pa[0], gva(0), false, 0), 0);
	pool_activate(&fx.p, 0);
	fill_fixed();
	a = pool_alloc(&fx.p, 1, 0);
	assert_ptr_equal(a, gpage(1, 0));
	b = pool_alloc(&fx.p, POOL_CHUNK_PAGES, 0);
	assert_ptr_equal(b, gpage(0, 0));
	pool_free(&fx.p, a, 1);
	pool_free(&fx.p, b, POOL_CHUNK_PAGES);
	/* The first chunk goes; the next one grown takes its slot. */
	assert_int_equal(pool_release(&fx.p, grown_pa[1], 512), 0);
	assert_int_equal(pool_forget(&fx.p, grown_pa[1]), 0);
	assert_int_equal(pool_add(&fx.p, grown_pa[2], gva(2), false, 0), 0);
	pool_activate(&fx.p, 0);
	assert_ptr_equal(pool_alloc(&fx.p, 1, 0), gpage(2, 0));
	assert_int_equal(fx.p.end, NR_CHUNKS + 2);
}

static void test_keep_leaves_a_reserve(void **state)
{
	(void)state;
	pool_reserve(&fx.p, base(), POOL_BYTES - 3 * PG);
	assert_int_equal(fx.p.nr_free, 3);
	assert_null(pool_alloc(&fx.p, 2, 2));
	assert_null(pool_alloc(&fx.p, 1, 3));
	assert_non_null(pool_alloc(&fx.p, 1, 2));
	assert_null(pool_alloc(&fx.p, 1, 2));
	/* The reserve is there for a caller that passes less. */
	assert_non_null(pool_alloc(&fx.p, 1, 0));
	assert_non_null(pool_alloc(&fx.p, 1, 0));
	assert_null(pool_alloc(&fx.p, 1, 0));
}

static void test_release_refusals(void **state)
{
	u8 *p;

	(void)state;
	/* Not a grown chunk: one given at load, a middle, an unknown one. */
	assert_int_equal(pool_release(&fx.p, chunk_pa[0], 512), -ENOENT);
	assert_int_equal(pool_add(&fx.p, grown_pa[0], gva(0), false, 7), 0);
	assert_int_equal(pool_release(&fx.p, grown_pa[0] + PG, 512), -ENOENT);
	assert_int_equal(pool_release(&fx.p, grown_pa[1], 512), -ENOENT);
	/* Still pending: the flush has not been seen. */
	assert_int_equal(pool_release(&fx.p, grown_pa[0], 512), -EBUSY);
	assert_int_equal(pool_forget(&fx.p, grown_pa[0]), -ENOENT);
	pool_activate(&fx.p, 7);
	fill_fixed();
	p = pool_alloc(&fx.p, 1, 0);
	assert_ptr_equal(p, gpage(0, 0));
	/* One page in use. */
	assert_int_equal(pool_release(&fx.p, grown_pa[0], 512), -EBUSY);
	assert_int_equal(fx.p.nr_free, POOL_CHUNK_PAGES - 1);
	assert_int_equal(fx.p.nr_pages, NR_PAGES + POOL_CHUNK_PAGES);
	pool_free(&fx.p, p, 1);
	assert_int_equal(pool_release(&fx.p, grown_pa[0], 512), 0);
	assert_int_equal(pool_forget(&fx.p, grown_pa[0]), 0);
	assert_int_equal(fx.p.nr_pages, NR_PAGES);
	assert_int_equal(fx.p.nr_free, 0);
	assert_int_equal(fx.p.returned, 1);
	assert_false(pool_owns_pa(&fx.p, grown_pa[0]));
	assert_int_equal(pool_forget(&fx.p, grown_pa[0]), -ENOENT);
	assert_int_equal(pool_release(&fx.p, grown_pa[0], 512), -ENOENT);
}

/* Zeroed a batch at a time; meanwhile out of use, still owned. */
static void test_release_is_a_continuation(void **state)
{
	u32 calls = 0;
	int r;

	(void)state;
	assert_int_equal(pool_add(&fx.p, grown_pa[2], gva(2), false, 0), 0);
	pool_activate(&fx.p, 0);
	fill_fixed();
	assert_int_equal(fx.p.nr_free, POOL_CHUNK_PAGES);
	/* What the memory held (setup: 0x6b) must all be zero at the end. */
	while ((r = pool_release(&fx.p, grown_pa[2], 100)) == -EAGAIN) {
		calls++;
		assert_int_equal(fx.p.nr_free, 0);
		assert_null(pool_alloc(&fx.p, 1, 0));
		assert_true(pool_owns_pa(&fx.p, grown_pa[2]));
		assert_int_equal(fx.p.nr_pages, NR_PAGES + POOL_CHUNK_PAGES);
		/* Not before every page is zero. */
		assert_int_equal(pool_forget(&fx.p, grown_pa[2]), -ENOENT);
		assert_true(all_bytes(gpage(2, calls * 100), 0x6b, PG));
	}
	assert_int_equal(r, 0);
	assert_int_equal(calls, 5);	/* 100 .. 500, then the last 12 */
	assert_true(all_bytes(gpage(2, 0), 0, CHUNK));
	/* Freeing into it now does nothing. */
	pool_free(&fx.p, gpage(2, 3), 1);
	assert_int_equal(fx.p.nr_free, 0);
	assert_int_equal(pool_forget(&fx.p, grown_pa[2]), 0);
	assert_int_equal(fx.p.nr_chunks, NR_CHUNKS);
	assert_int_equal(fx.p.end, NR_CHUNKS);
}

/* Many grows and give-backs in shuffled order: everything comes back. */
static void test_cycles_are_exact(void **state)
{
	u32 seed = 12345;
	u8 *held[NR_GROWN * 4];
	u32 nheld = 0;

	(void)state;
	for (u32 round = 0; round < 50; round++) {
		u32 order[NR_GROWN];

		for (u32 g = 0; g < NR_GROWN; g++)
			order[g] = g;
		for (u32 g = NR_GROWN - 1; g > 0; g--) {
			u32 j, t;

			seed = seed * 1103515245 + 12345;
			j = (seed >> 16) % (g + 1);
			t = order[g];
			order[g] = order[j];
			order[j] = t;
		}
		for (u32 g = 0; g < NR_GROWN; g++)
			assert_int_equal(pool_add(&fx.p, grown_pa[order[g]],
						  gva(order[g]), false, round),
					 0);
		assert_int_equal(pool_activate(&fx.p, round), NR_GROWN);
		/* Use some of it: whole chunks and single pages. */
		for (u32 k = 0; k < NR_GROWN * 4; k++) {
			held[nheld] = pool_alloc(&fx.p, k % 3 ? 1 : 300, 0);
			assert_non_null(held[nheld]);
			nheld++;
		}
		for (u32 k = 0; k < nheld; k++)
			pool_free(&fx.p, held[k], k % 3 ? 1 : 300);
		nheld = 0;
		for (u32 g = 0; g < NR_GROWN; g++) {
			u64 pa = grown_pa[order[NR_GROWN - 1 - g]];

			assert_int_equal(pool_release(&fx.p, pa, 512), 0);
			assert_int_equal(pool_forget(&fx.p, pa), 0);
		}
		assert_int_equal(fx.p.nr_chunks, NR_CHUNKS);
		assert_int_equal(fx.p.nr_pages, NR_PAGES);
		assert_int_equal(fx.p.nr_free, NR_PAGES);
		for (u32 c = 0; c < NR_CHUNKS; c++)
			assert_ptr_equal(pool_pa_to_va(&fx.p, chunk_pa[c]),
					 fx.mem + c * CHUNK);
	}
	assert_int_equal(fx.p.added, 50 * NR_GROWN);
	assert_int_equal(fx.p.returned, 50 * NR_GROWN);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_init),
		T(test_va_pa_round_trip),
		T(test_pa_outside_pool),
		T(test_reserve),
		T(test_reserve_unaligned_start_covers_both_pages),
		T(test_alloc_sizes_1_to_512),
		T(test_allocations_never_overlap),
		T(test_alloc_bad_sizes),
		T(test_no_run_crosses_a_chunk),
		T(test_exhaustion),
		T(test_alloc_returns_zeroed),
		T(test_free_scrubs_and_counts),
		T(test_free_garbage_ignored),
		T(test_free_misaligned_ignored),
		T(test_add_refused_changes_nothing),
		T(test_grown_chunk_pending_until_flushed),
		T(test_grown_lookups),
		T(test_alloc_order),
		T(test_keep_leaves_a_reserve),
		T(test_release_refusals),
		T(test_release_is_a_continuation),
		T(test_cycles_are_exact),
	};
#undef T

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
