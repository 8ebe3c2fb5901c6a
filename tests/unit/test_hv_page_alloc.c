/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv/page_alloc.c: the hypervisor's page pool.  The pool's virtual range is
 * a real buffer; its 2 MiB chunks get physical addresses that are neither
 * contiguous nor in order (as Linux hands them to the module), two of them
 * adjacent in the wrong order to catch off-by-one chunk lookups.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/hv.h>
#include <hv/page_alloc.h>

/* hv.pool, behind hv_alloc_pages(): these tests take pools of their own. */
struct hv hv;

#define NR_CHUNKS	4
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

struct fixture {
	struct page_pool p;
	u8 *mem;
	u64 bitmap[NR_PAGES / 64];
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

/* One buffer for all tests (fresh 8 MiB per test would be slow under ASan). */
static int group_setup(void **state)
{
	(void)state;
	fx.mem = aligned_alloc(CHUNK, POOL_BYTES);
	return fx.mem ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	free(fx.mem);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	memset(fx.mem, 0x5a, POOL_BYTES);
	/* pool_init must clear whatever the bitmap held. */
	memset(fx.bitmap, 0xff, sizeof(fx.bitmap));
	pool_init(&fx.p, base(), chunk_pa, NR_CHUNKS, fx.bitmap);
	return 0;
}

static void test_init(void **state)
{
	(void)state;
	assert_int_equal(fx.p.nr_pages, NR_PAGES);
	assert_int_equal(fx.p.nr_free, NR_PAGES);
	assert_int_equal(fx.p.nr_chunks, NR_CHUNKS);
	assert_int_equal(fx.p.va, base());
	assert_true(all_bytes(fx.bitmap, 0, sizeof(fx.bitmap)));
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
	p = pool_alloc(&fx.p, 1);
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
	assert_ptr_equal(pool_alloc(&fx.p, 1), page(2));
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
	assert_ptr_equal(pool_alloc(&fx.p, 1), page(0));
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		u32 n = sizes[k];
		u8 *p = pool_alloc(&fx.p, n);
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
		u8 *p = pool_alloc(&fx.p, n);
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
		u8 *p = pool_alloc(&fx.p, 1);

		assert_non_null(p);
		assert_int_equal(owner[page_index(p)], 0);
		owner[page_index(p)] = 0xff;
	}
	assert_null(pool_alloc(&fx.p, 1));
	for (u64 i = 0; i < NR_PAGES; i++)
		assert_int_not_equal(owner[i], 0);
}

static void test_alloc_bad_sizes(void **state)
{
	(void)state;
	assert_null(pool_alloc(&fx.p, 0));
	assert_null(pool_alloc(&fx.p, POOL_CHUNK_PAGES + 1));
	assert_null(pool_alloc(&fx.p, ~0u));
	assert_int_equal(fx.p.nr_free, NR_PAGES);
}

static void test_no_run_crosses_a_chunk(void **state)
{
	u8 *a, *b;

	(void)state;
	/* Leave the last 10 pages of chunk 0 and all of chunk 1 free. */
	pool_reserve(&fx.p, base(), (POOL_CHUNK_PAGES - 10) * PG);
	a = pool_alloc(&fx.p, 20);
	assert_ptr_equal(a, page(POOL_CHUNK_PAGES));
	b = pool_alloc(&fx.p, 10);
	assert_ptr_equal(b, page(POOL_CHUNK_PAGES - 10));
	assert_int_equal(fx.p.nr_free, NR_PAGES - POOL_CHUNK_PAGES - 20);
}

static void test_exhaustion(void **state)
{
	u8 *chunks[NR_CHUNKS];

	(void)state;
	for (u32 c = 0; c < NR_CHUNKS; c++) {
		chunks[c] = pool_alloc(&fx.p, POOL_CHUNK_PAGES);
		assert_ptr_equal(chunks[c], fx.mem + c * CHUNK);
	}
	assert_int_equal(fx.p.nr_free, 0);
	assert_null(pool_alloc(&fx.p, 1));
	/* One free page per chunk: single pages fit, pairs do not. */
	for (u32 c = 0; c < NR_CHUNKS; c++)
		pool_free(&fx.p, chunks[c] + (c * 7 + 3) * PG, 1);
	assert_int_equal(fx.p.nr_free, NR_CHUNKS);
	assert_null(pool_alloc(&fx.p, 2));
	assert_null(pool_alloc(&fx.p, NR_CHUNKS + 1));
	for (u32 c = 0; c < NR_CHUNKS; c++)
		assert_ptr_equal(pool_alloc(&fx.p, 1),
				 chunks[c] + (c * 7 + 3) * PG);
	assert_null(pool_alloc(&fx.p, 1));
	assert_int_equal(fx.p.nr_free, 0);
}

static void test_alloc_returns_zeroed(void **state)
{
	u8 *p;

	(void)state;
	/* setup() filled the whole pool with 0x5a: stale contents. */
	p = pool_alloc(&fx.p, 3);
	assert_ptr_equal(p, page(0));
	assert_true(all_bytes(p, 0, 3 * PG));
	/* Only the allocation is cleared. */
	assert_true(all_bytes(page(3), 0x5a, PG));
}

static void test_free_scrubs_and_counts(void **state)
{
	u8 *a, *b;

	(void)state;
	a = pool_alloc(&fx.p, 4);
	b = pool_alloc(&fx.p, 2);
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
	assert_ptr_equal(pool_alloc(&fx.p, 4), a);
	assert_ptr_equal(pool_alloc(&fx.p, 1), b + PG);
	assert_int_equal(fx.p.nr_free, NR_PAGES - 6);
}

static void test_free_garbage_ignored(void **state)
{
	u8 *a;

	(void)state;
	a = pool_alloc(&fx.p, 2);
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
	a = pool_alloc(&fx.p, 1);
	b = pool_alloc(&fx.p, 1);
	assert_ptr_equal(b, a + PG);
	memset(a, 0xaa, PG);
	memset(b, 0xbb, PG);
	pool_free(&fx.p, a + 0x100, 1);
	assert_true(all_bytes(b, 0xbb, PG));
	assert_true(all_bytes(a, 0xaa, PG));
	assert_int_equal(fx.p.nr_free, NR_PAGES - 2);
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
	};
#undef T

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
