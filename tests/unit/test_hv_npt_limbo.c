/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv/npt_limbo.c: dom0's unlinked nested-table pages wait for every CPU's
 * flush.  A page comes back only once the slowest CPU has seen its
 * generation, and while waiting it keeps its old entries but the first two.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hv/npt_limbo.h>

#define NPAGES 4

static u64 pages[NPAGES][512] __attribute__((aligned(4096)));
static void *freed[NPAGES];
static unsigned int nfreed;

static void fake_free(void *p)
{
	assert_true(nfreed < NPAGES);
	freed[nfreed++] = p;
}

static int setup(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < NPAGES; i++)
		for (unsigned int j = 0; j < 512; j++)
			pages[i][j] = 0x1000ull * j | 0x7;	/* present entries */
	nfreed = 0;
	return 0;
}

static bool was_freed(const void *p)
{
	for (unsigned int i = 0; i < nfreed; i++)
		if (freed[i] == p)
			return true;
	return false;
}

static void test_waits_for_slowest_cpu(void **state)
{
	struct npt_limbo l = { 0 };

	(void)state;
	npt_limbo_put(&l, pages[0], 5);
	npt_limbo_put(&l, pages[1], 7);
	assert_int_equal(l.pages, 2);
	/* The slowest CPU has flushed up to generation 4: nothing yet. */
	assert_int_equal(npt_limbo_reclaim(&l, 4, ~0ull, fake_free), 0);
	assert_int_equal(nfreed, 0);
	/* Generation 6: the first page only. */
	assert_int_equal(npt_limbo_reclaim(&l, 6, ~0ull, fake_free), 1);
	assert_true(was_freed(pages[0]));
	assert_false(was_freed(pages[1]));
	assert_int_equal(l.pages, 1);
	assert_int_equal(npt_limbo_reclaim(&l, 7, ~0ull, fake_free), 1);
	assert_true(was_freed(pages[1]));
	assert_null(l.head);
	assert_int_equal(l.pages, 0);
}

static void test_out_of_order_generations(void **state)
{
	struct npt_limbo l = { 0 };

	(void)state;
	npt_limbo_put(&l, pages[0], 9);
	npt_limbo_put(&l, pages[1], 3);
	npt_limbo_put(&l, pages[2], 9);
	npt_limbo_put(&l, pages[3], 4);
	/* Pages in the middle of the list come out, the others stay linked. */
	assert_int_equal(npt_limbo_reclaim(&l, 4, ~0ull, fake_free), 2);
	assert_true(was_freed(pages[1]) && was_freed(pages[3]));
	assert_int_equal(l.pages, 2);
	assert_int_equal(npt_limbo_reclaim(&l, 8, ~0ull, fake_free), 0);
	assert_int_equal(npt_limbo_reclaim(&l, 9, ~0ull, fake_free), 2);
	assert_int_equal(nfreed, 4);
	assert_null(l.head);
}

/* Bounded work: at most max pages per call, the rest on the next. */
static void test_reclaim_bounded(void **state)
{
	struct npt_limbo l = { 0 };

	(void)state;
	for (unsigned int i = 0; i < 3; i++)
		npt_limbo_put(&l, pages[i], 1);
	assert_int_equal(npt_limbo_reclaim(&l, 1, 2, fake_free), 2);
	assert_int_equal(l.pages, 1);
	assert_int_equal(npt_limbo_reclaim(&l, 1, 2, fake_free), 1);
	assert_int_equal(npt_limbo_reclaim(&l, 1, 2, fake_free), 0);
	assert_int_equal(l.pages, 0);
}

static void test_waiting_page_stays_a_valid_table(void **state)
{
	struct npt_limbo l = { 0 };

	(void)state;
	npt_limbo_put(&l, pages[0], 1);
	npt_limbo_put(&l, pages[1], 1);
	/* A stale walk finds the link words not present... */
	assert_int_equal(pages[1][0] & 1, 0);
	assert_int_equal(pages[1][1] & 1, 0);
	assert_int_equal(pages[0][0] & 1, 0);
	/* ...and every other entry as it was. */
	for (unsigned int j = 2; j < 512; j++)
		assert_int_equal(pages[1][j], 0x1000ull * j | 0x7);
	npt_limbo_reclaim(&l, 1, ~0ull, fake_free);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_waits_for_slowest_cpu, setup),
		cmocka_unit_test_setup(test_out_of_order_generations, setup),
		cmocka_unit_test_setup(test_waiting_page_stays_a_valid_table, setup),
		cmocka_unit_test_setup(test_reclaim_bounded, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
