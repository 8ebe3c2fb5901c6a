/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv/paging.c: the 4/5-level page-table builder, over a fake table
 * allocator.  Table pages are real aligned_alloc'ed pages; their "physical"
 * addresses are FAKE_PA_BASE + slot * 4096, which table_va maps back, so
 * any confusion between a table's va and pa shows up as a failed lookup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/paging.h>
#include <hv/errno.h>

#define FAKE_PA_BASE	0x0000007ff0000000ull
#define FAKE_SLOTS	2048

#define SZ_4K	0x1000ull
#define SZ_2M	0x200000ull
#define SZ_1G	0x40000000ull

/* The low flag bits of an intermediate entry (no PS, no NX). */
#define DIR_FLAGS	(PTE_P | PTE_RW | PTE_US)

struct fake_mem {
	void *slot[FAKE_SLOTS];
	unsigned int used;	/* slots handed out so far (never reused) */
	unsigned int live;
	unsigned int allocs;
	unsigned int frees;
	unsigned int table_vas;	/* table_va calls: what a walk costs */
	int fail_after;		/* allocs before alloc fails; -1 = never */
};

static struct fake_mem fm;

static void *fake_alloc(void *ctx, u64 *pa)
{
	struct fake_mem *m = ctx;
	void *p;

	if (m->fail_after == 0)
		return NULL;
	if (m->fail_after > 0)
		m->fail_after--;
	assert_true(m->used < FAKE_SLOTS);
	p = aligned_alloc(4096, 4096);
	assert_non_null(p);
	/* Garbage first: the allocator promises zeroed pages, so zero here. */
	memset(p, 0, 4096);
	m->slot[m->used] = p;
	*pa = FAKE_PA_BASE + (u64)m->used * 4096;
	m->used++;
	m->live++;
	m->allocs++;
	return p;
}

static void fake_free(void *ctx, void *va)
{
	struct fake_mem *m = ctx;

	for (unsigned int i = 0; i < m->used; i++) {
		if (m->slot[i] == va) {
			free(va);
			m->slot[i] = NULL;
			m->live--;
			m->frees++;
			return;
		}
	}
	fail_msg("free of a page the fake allocator never handed out: %p", va);
}

static void *fake_table_va(void *ctx, u64 pa)
{
	struct fake_mem *m = ctx;
	u64 i = (pa - FAKE_PA_BASE) / 4096;

	m->table_vas++;
	assert_true(pa >= FAKE_PA_BASE);
	assert_int_equal(pa % 4096, 0);
	assert_true(i < m->used);
	/* A freed table must never be walked again. */
	assert_non_null(m->slot[i]);
	return m->slot[i];
}

static const struct pt_ops fake_ops = {
	.alloc = fake_alloc,
	.free = fake_free,
	.table_va = fake_table_va,
	.ctx = &fm,
};

static int setup(void **state)
{
	(void)state;
	memset(&fm, 0, sizeof(fm));
	fm.fail_after = -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < fm.used; i++)
		free(fm.slot[i]);
	return 0;
}

static void init_pt(struct pt *pt, unsigned int levels)
{
	assert_int_equal(pt_init(pt, &fake_ops, levels), 0);
	assert_int_equal(pt->tables, 1);
	assert_int_equal(fm.live, 1);
}

/* The table page behind an entry (asserting it is an intermediate entry). */
static u64 *sub_table(u64 e)
{
	assert_true(e & PTE_P);
	assert_false(e & PTE_PS);
	return fake_table_va(&fm, e & PTE_ADDR_MASK);
}

/* The entry for va at the given level (walks down from the root). */
static u64 entry_at(const struct pt *pt, u64 va, unsigned int level)
{
	u64 *t = pt->root;

	for (unsigned int l = pt->levels; ; l--) {
		u64 e = t[(va >> (12 + 9 * (l - 1))) & 511];

		if (l == level)
			return e;
		t = sub_table(e);
	}
}

static void expect_map(const struct pt *pt, u64 va, u64 pa, u64 flags,
		       unsigned int shift)
{
	u64 got_pa = 0, got_flags = 0;
	unsigned int got_shift = 0;

	assert_int_equal(pt_lookup(pt, va, &got_pa, &got_flags, &got_shift), 0);
	assert_int_equal(got_pa, pa);
	assert_int_equal(got_shift, shift);
	/* Leaves above 4 KiB carry PS; a 4 KiB leaf must not (bit 7 = PAT). */
	assert_int_equal(got_flags, flags | PTE_P | (shift > 12 ? PTE_PS : 0));
}

static void expect_hole(const struct pt *pt, u64 va)
{
	u64 pa = 0xdead;

	assert_int_equal(pt_lookup(pt, va, &pa, NULL, NULL), -ENOENT);
}

static void test_init_rejects_bad_levels(void **state)
{
	struct pt pt;

	(void)state;
	assert_int_equal(pt_init(&pt, &fake_ops, 3), -EINVAL);
	assert_int_equal(pt_init(&pt, &fake_ops, 6), -EINVAL);
	assert_int_equal(pt_init(&pt, &fake_ops, 0), -EINVAL);
	assert_int_equal(fm.allocs, 0);
	fm.fail_after = 0;
	assert_int_equal(pt_init(&pt, &fake_ops, 4), -ENOMEM);
	assert_int_equal(fm.allocs, 0);
}

static void test_init_empty(void **state)
{
	(void)state;
	for (unsigned int levels = 4; levels <= 5; levels++) {
		unsigned int before = fm.used;
		struct pt pt;

		assert_int_equal(pt_init(&pt, &fake_ops, levels), 0);
		assert_int_equal(pt.tables, 1);
		assert_int_equal(pt.levels, levels);
		assert_int_equal(pt.root_pa, FAKE_PA_BASE + before * 4096ull);
		assert_ptr_equal(pt.root, fm.slot[before]);
		expect_hole(&pt, 0);
		expect_hole(&pt, 0xffff800000000000ull);
		pt_destroy(&pt);
		assert_null(pt.root);
		assert_int_equal(pt.root_pa, 0);
		assert_int_equal(pt.tables, 0);
		assert_int_equal(fm.live, 0);
	}
}

static void test_leaf_size_by_max_shift(void **state)
{
	struct pt pt;

	(void)state;
	init_pt(&pt, 4);
	/* Same 1 GiB, aligned everywhere, three page-size limits. */
	assert_int_equal(pt_map(&pt, 1 * SZ_1G, 5 * SZ_1G, SZ_1G, PTE_RW, 30), 0);
	assert_int_equal(pt_map(&pt, 2 * SZ_1G, 6 * SZ_1G, SZ_1G, PTE_RW, 21), 0);
	assert_int_equal(pt_map(&pt, 3 * SZ_1G, 7 * SZ_1G, SZ_1G, PTE_RW, 12), 0);
	/* root + PDPT; + 1 PD; + 1 PD + 512 PTs */
	assert_int_equal(pt.tables, 2 + 1 + 1 + 512);
	assert_int_equal(fm.live, pt.tables);

	expect_map(&pt, 1 * SZ_1G, 5 * SZ_1G, PTE_RW, 30);
	expect_map(&pt, 1 * SZ_1G + 0x3456789, 5 * SZ_1G + 0x3456789, PTE_RW, 30);
	expect_map(&pt, 2 * SZ_1G + 0x3456789, 6 * SZ_1G + 0x3456789, PTE_RW, 21);
	expect_map(&pt, 3 * SZ_1G + 0x3456789, 7 * SZ_1G + 0x3456789, PTE_RW, 12);
	expect_map(&pt, 4 * SZ_1G - 1, 8 * SZ_1G - 1, PTE_RW, 12);
	expect_hole(&pt, 0);
	expect_hole(&pt, 4 * SZ_1G);
	/* max_shift above 30 still stops at 1 GiB (no 512 GiB pages). */
	assert_int_equal(pt_map(&pt, 512 * SZ_1G, 0, 512 * SZ_1G, 0, 39), 0);
	expect_map(&pt, 700 * SZ_1G, 188 * SZ_1G, 0, 30);
	assert_int_equal(entry_at(&pt, 512 * SZ_1G, 4) & 0xfff, DIR_FLAGS);
	pt_destroy(&pt);
	assert_int_equal(fm.live, 0);
}

static void test_leaf_size_by_alignment(void **state)
{
	struct pt pt;
	u64 va = SZ_1G - SZ_4K;
	u64 pa = 9 * SZ_1G - SZ_4K;

	(void)state;
	init_pt(&pt, 4);
	/* 4 KiB up to the 1 GiB boundary, one 2 MiB page, 4 KiB after. */
	assert_int_equal(pt_map(&pt, va, pa, SZ_4K + SZ_2M + SZ_4K, 0, 30), 0);
	expect_map(&pt, va, pa, 0, 12);
	expect_map(&pt, SZ_1G, 9 * SZ_1G, 0, 21);
	expect_map(&pt, SZ_1G + SZ_2M - 8, 9 * SZ_1G + SZ_2M - 8, 0, 21);
	expect_map(&pt, SZ_1G + SZ_2M, 9 * SZ_1G + SZ_2M, 0, 12);
	expect_hole(&pt, va - SZ_4K);
	expect_hole(&pt, SZ_1G + SZ_2M + SZ_4K);

	/* va 1 GiB-aligned but pa only 2 MiB-aligned: 2 MiB pages. */
	assert_int_equal(pt_map(&pt, 4 * SZ_1G, 3 * SZ_1G + SZ_2M, SZ_1G, 0, 30), 0);
	expect_map(&pt, 4 * SZ_1G, 3 * SZ_1G + SZ_2M, 0, 21);
	expect_map(&pt, 5 * SZ_1G - 1, 4 * SZ_1G + SZ_2M - 1, 0, 21);
	/* pa only 4 KiB-aligned: 4 KiB pages. */
	assert_int_equal(pt_map(&pt, 6 * SZ_1G, 3 * SZ_1G + SZ_4K, SZ_2M, 0, 30), 0);
	expect_map(&pt, 6 * SZ_1G + 0x1234, 3 * SZ_1G + 0x2234, 0, 12);
	/* 1 GiB-aligned start, size 1 GiB + 4 KiB: one 1 GiB page, one 4 KiB. */
	assert_int_equal(pt_map(&pt, 8 * SZ_1G, 8 * SZ_1G, SZ_1G + SZ_4K, 0, 30), 0);
	expect_map(&pt, 8 * SZ_1G, 8 * SZ_1G, 0, 30);
	expect_map(&pt, 9 * SZ_1G, 9 * SZ_1G, 0, 12);
	expect_hole(&pt, 9 * SZ_1G + SZ_4K);
	/* Zero size maps nothing and succeeds. */
	assert_int_equal(pt_map(&pt, 20 * SZ_1G, 0, 0, 0, 30), 0);
	expect_hole(&pt, 20 * SZ_1G);
	pt_destroy(&pt);
	assert_int_equal(fm.live, 0);
}

static void check_identity_hole(unsigned int levels)
{
	const u64 flags = PTE_RW | PTE_NX | PTE_G;
	const u64 hole = 0x8040200000ull;	/* in the 2nd 512 GiB slot */
	unsigned int base_tables = levels == 5 ? 4 : 3;
	struct pt pt;
	u64 *pd;

	init_pt(&pt, levels);
	assert_int_equal(pt_map(&pt, 0, 0, 1ull << 40, flags, 30), 0);
	/* root (+ one P4D) + two PDPTs of 1 GiB leaves */
	assert_int_equal(pt.tables, base_tables);
	expect_map(&pt, 0, 0, flags, 30);
	expect_map(&pt, 0x123456789aull, 0x123456789aull, flags, 30);
	expect_map(&pt, (1ull << 40) - 1, (1ull << 40) - 1, flags, 30);
	expect_hole(&pt, 1ull << 40);

	assert_int_equal(pt_unmap(&pt, hole, SZ_2M), 0);
	assert_int_equal(pt.tables, base_tables + 1);
	assert_int_equal(fm.live, pt.tables);
	expect_hole(&pt, hole);
	expect_hole(&pt, hole + 0x1234);
	expect_hole(&pt, hole + SZ_2M - 1);
	/* Neighbours in the split 1 GiB keep their translation and flags. */
	expect_map(&pt, hole - 1, hole - 1, flags, 21);
	expect_map(&pt, hole - SZ_2M, hole - SZ_2M, flags, 21);
	expect_map(&pt, hole + SZ_2M, hole + SZ_2M, flags, 21);
	expect_map(&pt, 0x8040000000ull, 0x8040000000ull, flags, 21);
	expect_map(&pt, 0x807fffffffull, 0x807fffffffull, flags, 21);
	/* The other 1 GiB pages are untouched. */
	expect_map(&pt, 0x8000000000ull, 0x8000000000ull, flags, 30);
	expect_map(&pt, 0x8080000000ull, 0x8080000000ull, flags, 30);
	/* The split PD: 511 leaves with the original flags, one empty. */
	assert_int_equal(entry_at(&pt, hole, 3),
			 (entry_at(&pt, hole, 3) & PTE_ADDR_MASK) | DIR_FLAGS);
	pd = sub_table(entry_at(&pt, hole, 3));
	for (unsigned int i = 0; i < 512; i++) {
		u64 want = 0x8040000000ull + i * SZ_2M;

		if (i == 1) {
			assert_int_equal(pd[i], 0);
			continue;
		}
		assert_int_equal(pd[i], want | flags | PTE_P | PTE_PS);
	}

	/* Map the hole again (to somewhere else), then restore identity. */
	assert_int_equal(pt_map(&pt, hole, 0x7700000000ull, SZ_2M, PTE_RW, 30), 0);
	expect_map(&pt, hole + 0x10, 0x7700000010ull, PTE_RW, 21);
	assert_int_equal(pt.tables, base_tables + 1);
	assert_int_equal(pt_map(&pt, 0x8040000000ull, 0x8040000000ull, SZ_1G,
				flags, 30), 0);
	/* The 1 GiB leaf replaced the split PD, which was freed. */
	assert_int_equal(pt.tables, base_tables);
	assert_int_equal(fm.live, base_tables);
	expect_map(&pt, hole, hole, flags, 30);

	/* Unmapping all of it drops the PDPTs (whole 512 GiB entries). */
	assert_int_equal(pt_unmap(&pt, 0, 1ull << 40), 0);
	assert_int_equal(pt.tables, levels == 5 ? 2 : 1);
	assert_int_equal(fm.live, pt.tables);
	expect_hole(&pt, 0);
	expect_hole(&pt, hole - 1);
	expect_hole(&pt, (1ull << 40) - 1);

	pt_destroy(&pt);
	assert_int_equal(fm.live, 0);
	assert_int_equal(fm.allocs, fm.frees);
}

static void test_identity_2t_hole_4level(void **state)
{
	(void)state;
	check_identity_hole(4);
}

static void test_identity_2t_hole_5level(void **state)
{
	(void)state;
	check_identity_hole(5);
}

static void test_unmap_then_map_4k(void **state)
{
	struct pt pt;
	u64 va = 0x40000000ull, pa = 0x100000000ull;

	(void)state;
	init_pt(&pt, 4);
	assert_int_equal(pt_map(&pt, va, pa, SZ_2M, PTE_RW, 12), 0);
	assert_int_equal(pt.tables, 4);
	assert_int_equal(pt_unmap(&pt, va + 5 * SZ_4K, SZ_4K), 0);
	assert_int_equal(pt.tables, 4);
	expect_hole(&pt, va + 5 * SZ_4K);
	expect_hole(&pt, va + 6 * SZ_4K - 1);
	expect_map(&pt, va + 4 * SZ_4K, pa + 4 * SZ_4K, PTE_RW, 12);
	expect_map(&pt, va + 6 * SZ_4K, pa + 6 * SZ_4K, PTE_RW, 12);
	assert_int_equal(pt_map(&pt, va + 5 * SZ_4K, 0x5000, SZ_4K, PTE_NX, 30), 0);
	expect_map(&pt, va + 5 * SZ_4K + 0xabc, 0x5abc, PTE_NX, 12);
	/* Unmapping what is not mapped allocates nothing and succeeds. */
	assert_int_equal(pt_unmap(&pt, 0x7000000000ull, SZ_1G + SZ_4K), 0);
	assert_int_equal(pt_unmap(&pt, va + SZ_2M, SZ_2M), 0);
	assert_int_equal(pt.tables, 4);
	assert_int_equal(fm.allocs, 4);
	/* Unmap of the whole 2 MiB frees its page table. */
	assert_int_equal(pt_unmap(&pt, va, SZ_2M), 0);
	assert_int_equal(pt.tables, 3);
	assert_int_equal(fm.live, 3);
	expect_hole(&pt, va + 5 * SZ_4K);
	expect_hole(&pt, va);
	pt_destroy(&pt);
	assert_int_equal(fm.live, 0);
}

static void test_large_over_split_frees_tables(void **state)
{
	struct pt pt;

	(void)state;
	init_pt(&pt, 4);
	/* 1 GiB of 4 KiB pages: root, PDPT, PD, 512 PTs. */
	assert_int_equal(pt_map(&pt, 0, 0, SZ_1G, PTE_RW, 12), 0);
	assert_int_equal(pt.tables, 515);
	assert_int_equal(fm.live, 515);
	expect_map(&pt, 0x3ffff123, 0x3ffff123, PTE_RW, 12);
	/* One 1 GiB page over it: PD and all PTs go. */
	assert_int_equal(pt_map(&pt, 0, 0x80000000ull, SZ_1G, 0, 30), 0);
	assert_int_equal(pt.tables, 2);
	assert_int_equal(fm.live, 2);
	assert_int_equal(fm.frees, 513);
	expect_map(&pt, 0x3ffff123, 0xbffff123, 0, 30);
	/* 2 MiB pages over one split 2 MiB range. */
	assert_int_equal(pt_unmap(&pt, SZ_4K, SZ_4K), 0);
	assert_int_equal(pt.tables, 4);
	assert_int_equal(pt_map(&pt, 0, 0, SZ_2M, 0, 21), 0);
	assert_int_equal(pt.tables, 3);
	assert_int_equal(fm.live, 3);
	expect_map(&pt, SZ_4K, SZ_4K, 0, 21);
	/* The rest of the split 1 GiB still translates as before. */
	expect_map(&pt, SZ_2M, 0x80000000ull + SZ_2M, 0, 21);
	pt_destroy(&pt);
	assert_int_equal(fm.live, 0);
	assert_int_equal(fm.allocs, fm.frees);
}

static void test_destroy_frees_everything(void **state)
{
	struct pt pt;

	(void)state;
	init_pt(&pt, 5);
	assert_int_equal(pt_map(&pt, 0, 0, 4 * SZ_1G, PTE_RW, 30), 0);
	assert_int_equal(pt_map(&pt, 0xff11000000000000ull, 0, 3 * SZ_2M, 0, 21), 0);
	assert_int_equal(pt_map(&pt, 0x7f0000001000ull, 0x1000, 40 * SZ_4K, 0, 12), 0);
	assert_int_equal(pt_unmap(&pt, SZ_1G + 7 * SZ_4K, SZ_4K), 0);
	assert_true(pt.tables > 8);
	assert_int_equal(fm.live, pt.tables);
	pt_destroy(&pt);
	assert_int_equal(pt.tables, 0);
	assert_int_equal(fm.live, 0);
	assert_int_equal(fm.allocs, fm.frees);
	assert_null(pt.root);
	/* A second destroy is harmless. */
	pt_destroy(&pt);
	assert_int_equal(fm.frees, fm.allocs);
}

static void test_misaligned_einval(void **state)
{
	struct pt pt;

	(void)state;
	init_pt(&pt, 4);
	assert_int_equal(pt_map(&pt, 0x1001, 0, SZ_4K, 0, 12), -EINVAL);
	assert_int_equal(pt_map(&pt, 0, 0x800, SZ_4K, 0, 12), -EINVAL);
	assert_int_equal(pt_map(&pt, 0, 0, SZ_4K + 1, 0, 12), -EINVAL);
	assert_int_equal(pt_map(&pt, 0, 0, 0xfff, 0, 12), -EINVAL);
	/* Flags must not carry PS or address bits. */
	assert_int_equal(pt_map(&pt, 0, 0, SZ_4K, PTE_PS, 12), -EINVAL);
	assert_int_equal(pt_map(&pt, 0, 0, SZ_4K, 0x1000, 12), -EINVAL);
	assert_int_equal(pt_map(&pt, 0, 0, SZ_4K, 1ull << 51, 12), -EINVAL);
	assert_int_equal(pt_unmap(&pt, 0x10, SZ_4K), -EINVAL);
	assert_int_equal(pt_unmap(&pt, 0, 0x10), -EINVAL);
	assert_int_equal(fm.allocs, 1);
	expect_hole(&pt, 0);
	pt_destroy(&pt);
}

static void test_intermediate_and_leaf_bits(void **state)
{
	struct pt pt;
	u64 va = 0x7f1234567000ull;

	(void)state;
	init_pt(&pt, 5);
	/* A read-only, no-execute, supervisor page: limits only on the leaf. */
	assert_int_equal(pt_map(&pt, va, 0xabcdef000ull, SZ_4K, PTE_NX, 30), 0);
	for (unsigned int l = 5; l >= 2; l--) {
		u64 e = entry_at(&pt, va, l);

		assert_int_equal(e & ~PTE_ADDR_MASK, DIR_FLAGS);
	}
	assert_int_equal(entry_at(&pt, va, 1), 0xabcdef000ull | PTE_P | PTE_NX);
	expect_map(&pt, va + 0xfff, 0xabcdeffffull, PTE_NX, 12);

	/* Every 4 KiB leaf from a split 2 MiB page lacks PS, keeps the rest. */
	const u64 f = PTE_RW | PTE_US | PTE_PCD | PTE_PWT | PTE_G | PTE_NX;

	assert_int_equal(pt_map(&pt, SZ_1G, 0x200000000ull, SZ_2M, f, 30), 0);
	assert_int_equal(entry_at(&pt, SZ_1G, 2), 0x200000000ull | f | PTE_P | PTE_PS);
	assert_int_equal(pt_unmap(&pt, SZ_1G + 100 * SZ_4K, SZ_4K), 0);
	assert_int_equal(entry_at(&pt, SZ_1G, 2) & ~PTE_ADDR_MASK, DIR_FLAGS);
	{
		u64 *t = sub_table(entry_at(&pt, SZ_1G, 2));

		for (unsigned int i = 0; i < 512; i++) {
			if (i == 100) {
				assert_int_equal(t[i], 0);
				continue;
			}
			assert_int_equal(t[i], (0x200000000ull + i * SZ_4K) | f | PTE_P);
			assert_false(t[i] & PTE_PS);
		}
	}
	expect_map(&pt, SZ_1G + 99 * SZ_4K, 0x200000000ull + 99 * SZ_4K, f, 12);
	/* Splitting 1 GiB -> 2 MiB keeps PS on the 2 MiB leaves. */
	assert_int_equal(pt_map(&pt, 4 * SZ_1G, 0, SZ_1G, PTE_NX | PTE_RW, 30), 0);
	assert_int_equal(pt_unmap(&pt, 4 * SZ_1G + 3 * SZ_2M + SZ_4K, SZ_4K), 0);
	expect_map(&pt, 4 * SZ_1G + 2 * SZ_2M, 2 * SZ_2M, PTE_NX | PTE_RW, 21);
	expect_map(&pt, 4 * SZ_1G + 3 * SZ_2M, 3 * SZ_2M, PTE_NX | PTE_RW, 12);
	expect_hole(&pt, 4 * SZ_1G + 3 * SZ_2M + SZ_4K);
	expect_map(&pt, 4 * SZ_1G + 3 * SZ_2M + 2 * SZ_4K, 3 * SZ_2M + 2 * SZ_4K,
		   PTE_NX | PTE_RW, 12);
	pt_destroy(&pt);
	assert_int_equal(fm.live, 0);
}

static void test_remap_replaces_part_of_large_page(void **state)
{
	struct pt pt;

	(void)state;
	init_pt(&pt, 4);
	assert_int_equal(pt_map(&pt, 0, 0, SZ_1G, PTE_RW, 30), 0);
	/* One 4 KiB page inside the 1 GiB page now points elsewhere. */
	assert_int_equal(pt_map(&pt, 0x12345000, 0x999000, SZ_4K, PTE_NX, 30), 0);
	assert_int_equal(pt.tables, 4);
	expect_map(&pt, 0x12345008, 0x999008, PTE_NX, 12);
	expect_map(&pt, 0x12344008, 0x12344008, PTE_RW, 12);
	expect_map(&pt, 0x12346008, 0x12346008, PTE_RW, 12);
	expect_map(&pt, 0x12200000, 0x12200000, PTE_RW, 12);
	expect_map(&pt, 0x121fffff, 0x121fffff, PTE_RW, 21);
	expect_map(&pt, 0x12400000, 0x12400000, PTE_RW, 21);
	/* Lookup tolerates NULL outputs. */
	assert_int_equal(pt_lookup(&pt, 0x12345000, NULL, NULL, NULL), 0);
	pt_destroy(&pt);
	assert_int_equal(fm.live, 0);
}

static void test_upper_half_5level(void **state)
{
	struct pt pt;
	const u64 va = 0xff11000000000000ull;

	(void)state;
	init_pt(&pt, 5);
	assert_int_equal(pt_map(&pt, va, 0x40000000ull, SZ_1G + SZ_2M + SZ_4K,
				PTE_RW | PTE_NX, 30), 0);
	/* Bits 56:48 of the address index the root. */
	assert_true(pt.root[(va >> 48) & 511] & PTE_P);
	assert_int_equal((va >> 48) & 511, 0x111);
	for (unsigned int i = 0; i < 512; i++)
		if (i != 0x111)
			assert_int_equal(pt.root[i], 0);
	expect_map(&pt, va + 0x1234567, 0x41234567ull, PTE_RW | PTE_NX, 30);
	expect_map(&pt, va + SZ_1G + 0x1234, 0x80001234ull, PTE_RW | PTE_NX, 21);
	expect_map(&pt, va + SZ_1G + SZ_2M + 0x34, 0x80200034ull,
		   PTE_RW | PTE_NX, 12);
	expect_hole(&pt, va + SZ_1G + SZ_2M + SZ_4K);
	expect_hole(&pt, va - SZ_4K);
	/* The same low bits in the lower half are a different slot. */
	expect_hole(&pt, va & ((1ull << 48) - 1));
	assert_int_equal(pt_unmap(&pt, va, SZ_1G), 0);
	expect_hole(&pt, va + 0x1234567);
	expect_map(&pt, va + SZ_1G, 0x80000000ull, PTE_RW | PTE_NX, 21);
	pt_destroy(&pt);
	assert_int_equal(fm.live, 0);
}

static void test_upper_half_4level(void **state)
{
	struct pt pt;
	const u64 va = 0xffff888000000000ull;	/* Linux's direct map */

	(void)state;
	init_pt(&pt, 4);
	assert_int_equal(pt_map(&pt, va, 0, 4 * SZ_1G, PTE_RW | PTE_NX | PTE_G, 30), 0);
	assert_int_equal((va >> 39) & 511, 0x111);
	assert_true(pt.root[0x111] & PTE_P);
	expect_map(&pt, va + 0x12345678, 0x12345678, PTE_RW | PTE_NX | PTE_G, 30);
	expect_map(&pt, va + 4 * SZ_1G - 1, 4 * SZ_1G - 1, PTE_RW | PTE_NX | PTE_G, 30);
	expect_hole(&pt, va + 4 * SZ_1G);
	/* The top of the address space. */
	assert_int_equal(pt_map(&pt, 0xfffffffffffff000ull, 0x3000, SZ_4K, 0, 30), 0);
	expect_map(&pt, 0xffffffffffffffffull, 0x3fff, 0, 12);
	assert_true(pt.root[511] & PTE_P);
	pt_destroy(&pt);
	assert_int_equal(fm.live, 0);
}

static void test_enomem_no_leak(void **state)
{
	struct pt pt;

	(void)state;
	init_pt(&pt, 4);
	/* Room for the PDPT only: the PD cannot be allocated. */
	fm.fail_after = 1;
	assert_int_equal(pt_map(&pt, 0, 0, SZ_4K, 0, 12), -ENOMEM);
	assert_int_equal(pt.tables, 2);
	assert_int_equal(fm.live, 2);
	expect_hole(&pt, 0);
	/* Splitting a 1 GiB page for an unmap needs a table too. */
	fm.fail_after = -1;
	assert_int_equal(pt_map(&pt, SZ_1G, SZ_1G, SZ_1G, 0, 30), 0);
	fm.fail_after = 0;
	assert_int_equal(pt_unmap(&pt, SZ_1G, SZ_4K), -ENOMEM);
	/* Nothing was lost: the 1 GiB page is still there. */
	expect_map(&pt, SZ_1G, SZ_1G, 0, 30);
	fm.fail_after = -1;
	pt_destroy(&pt);
	assert_int_equal(fm.live, 0);
	assert_int_equal(fm.allocs, fm.frees);
}

static void test_reach(void **state)
{
	struct pt pt;

	(void)state;
	init_pt(&pt, 4);
	assert_int_equal(pt_reach(&pt), 1ull << 48);
	pt_destroy(&pt);
	init_pt(&pt, 5);
	assert_int_equal(pt_reach(&pt), 1ull << 57);
	pt_destroy(&pt);
}

/*
 * Every way past the reach is refused before anything changes: the marker
 * page at 0 keeps its translation and no table is allocated or freed.
 */
static void check_refused_beyond_reach(struct pt *pt)
{
	const u64 reach = pt_reach(pt);
	unsigned int allocs = fm.allocs, frees = fm.frees;

	/* The wrap that used to overwrite the low entries. */
	assert_int_equal(pt_map(pt, 0, 0, reach + SZ_4K, PTE_RW, 30), -EINVAL);
	assert_int_equal(pt_map(pt, 0, 0, 1ull << 58, PTE_RW, 30), -EINVAL);
	assert_int_equal(pt_map(pt, reach, 0, SZ_4K, PTE_RW, 12), -EINVAL);
	assert_int_equal(pt_map(pt, reach - SZ_4K, 0, 2 * SZ_4K, PTE_RW, 12),
			 -EINVAL);
	assert_int_equal(pt_map(pt, 1ull << 60, 0x5000, SZ_4K, 0, 12), -EINVAL);
	/* Wrapping past 2^64. */
	assert_int_equal(pt_map(pt, 0xfffffffffffff000ull, 0, 2 * SZ_4K, 0, 12),
			 -EINVAL);
	assert_int_equal(pt_map(pt, SZ_4K, 0, 0xfffffffffffff000ull, 0, 12),
			 -EINVAL);
	/* From the top of the lower half into the non-canonical gap. */
	assert_int_equal(pt_map(pt, (0 - reach / 2) - SZ_4K, 0, 2 * SZ_4K, 0,
				12), -EINVAL);
	assert_int_equal(pt_unmap(pt, 0, reach + SZ_4K), -EINVAL);
	assert_int_equal(pt_unmap(pt, reach, SZ_4K), -EINVAL);
	assert_int_equal(pt_unmap(pt, 0xfffffffffffff000ull, 2 * SZ_4K),
			 -EINVAL);
	expect_map(pt, 0, 0x77000, PTE_NX, 12);
	assert_int_equal(fm.allocs, allocs);
	assert_int_equal(fm.frees, frees);
	/* Lookups beyond the reach find nothing, not the low entries. */
	expect_hole(pt, reach);
	expect_hole(pt, reach + 0x123);
	expect_hole(pt, 1ull << 60);
	expect_hole(pt, 0 - reach / 2 - 1);
}

static void test_depth_cap_4level(void **state)
{
	const u64 reach = 1ull << 48;
	struct pt pt;

	(void)state;
	init_pt(&pt, 4);
	assert_int_equal(pt_map(&pt, 0, 0x77000, SZ_4K, PTE_NX, 12), 0);
	check_refused_beyond_reach(&pt);
	/* 52-bit physical addresses, 4-level or not (see 5-level below). */
	assert_int_equal(pt_map(&pt, 0, 1ull << 52, SZ_4K, 0, 12), -EINVAL);
	expect_map(&pt, 0, 0x77000, PTE_NX, 12);

	/* All of the reach, in 1 GiB pages: root + 512 PDPTs. */
	assert_int_equal(pt_map(&pt, 0, 0, reach, PTE_RW, 30), 0);
	assert_int_equal(pt.tables, 1 + 512);
	assert_int_equal(fm.live, pt.tables);
	expect_map(&pt, 0, 0, PTE_RW, 30);
	expect_map(&pt, reach - 1, reach - 1, PTE_RW, 30);
	expect_hole(&pt, reach);
	/* The upper canonical half is the top half of the reach. */
	expect_map(&pt, 0xffff800000000000ull, reach / 2, PTE_RW, 30);
	expect_map(&pt, 0xffffffffffffffffull, reach - 1, PTE_RW, 30);
	assert_int_equal(pt_unmap(&pt, 0, reach), 0);
	assert_int_equal(pt.tables, 1);
	expect_hole(&pt, 0);
	expect_hole(&pt, reach - 1);
	pt_destroy(&pt);
	assert_int_equal(fm.live, 0);
}

static void test_depth_cap_5level(void **state)
{
	const u64 reach = 1ull << 57;
	struct pt pt;

	(void)state;
	init_pt(&pt, 5);
	assert_int_equal(pt_map(&pt, 0, 0x77000, SZ_4K, PTE_NX, 12), 0);
	check_refused_beyond_reach(&pt);

	/* The last GiB of the reach, and past it by one page. */
	assert_int_equal(pt_map(&pt, reach - SZ_1G, 0, SZ_1G + SZ_4K, PTE_RW,
				30), -EINVAL);
	assert_int_equal(pt_map(&pt, reach - SZ_1G, 0, SZ_1G, PTE_RW, 30), 0);
	expect_map(&pt, reach - 1, SZ_1G - 1, PTE_RW, 30);
	expect_hole(&pt, reach);
	/* 4-level addresses are ordinary ones here. */
	assert_int_equal(pt_map(&pt, 1ull << 48, SZ_1G, SZ_4K, 0, 12), 0);
	expect_map(&pt, 1ull << 48, SZ_1G, 0, 12);
	expect_map(&pt, 0, 0x77000, PTE_NX, 12);

	/* Physical addresses stop at 2^52, whatever the depth. */
	assert_int_equal(pt_map(&pt, SZ_1G, (1ull << 52) - SZ_4K, SZ_4K, 0, 12),
			 0);
	expect_map(&pt, SZ_1G, (1ull << 52) - SZ_4K, 0, 12);
	assert_int_equal(pt_map(&pt, SZ_2M, (1ull << 52) - SZ_4K, 2 * SZ_4K, 0,
				12), -EINVAL);
	assert_int_equal(pt_map(&pt, SZ_2M, 1ull << 52, SZ_4K, 0, 12), -EINVAL);
	assert_int_equal(pt_map(&pt, SZ_2M, 0xfffffffffffff000ull, SZ_4K, 0,
				12), -EINVAL);
	expect_hole(&pt, SZ_2M);

	/* Unmapping all of the reach is one step per root entry. */
	assert_int_equal(pt_unmap(&pt, 0, reach), 0);
	assert_int_equal(pt.tables, 1);
	expect_hole(&pt, 0);
	expect_hole(&pt, reach - 1);
	pt_destroy(&pt);
	assert_int_equal(fm.live, 0);
}

struct leaf {
	u64 va, pa;
	unsigned int shift;
};

/* Walks [from, limit) with the documented loop; returns leaves found. */
static unsigned int walk(const struct pt *pt, u64 from, u64 limit,
			 struct leaf *out, unsigned int max)
{
	unsigned int n = 0;
	struct leaf l;

	while (!pt_next_leaf(pt, from, limit, &l.va, &l.pa, &l.shift)) {
		assert_true(n < max);
		/* Each leaf once, in order, meeting the range. */
		assert_true(n == 0 || l.va >= out[n - 1].va +
				       (1ull << out[n - 1].shift));
		assert_true(l.va + (1ull << l.shift) > from);
		assert_true(l.va < limit);
		out[n++] = l;
		from = l.va + (1ull << l.shift);
	}
	return n;
}

static void test_next_leaf_sparse(void **state)
{
	static const struct leaf want[] = {
		{ 0, 0x10000, 12 },
		{ 511 * SZ_4K, 0x11000, 12 },
		{ 512 * SZ_4K, 0x12000, 12 },
		{ (1ull << 20) * SZ_4K, 0x13000, 12 },
		{ 6 * SZ_1G, 0x40200000ull, 21 },
		{ 5ull << 39, 7 * SZ_1G, 30 },
	};
	struct leaf got[8];
	struct pt pt;
	u64 va, pa;
	unsigned int shift, n;

	(void)state;
	init_pt(&pt, 4);
	assert_int_equal(pt_next_leaf(&pt, 0, pt_reach(&pt), &va, &pa, &shift),
			 -ENOENT);
	for (unsigned int i = 0; i < 6; i++)
		assert_int_equal(pt_map(&pt, want[i].va, want[i].pa,
					1ull << want[i].shift, PTE_RW, 30), 0);
	n = walk(&pt, 0, UINT64_MAX, got, 8);
	assert_int_equal(n, 6);
	for (unsigned int i = 0; i < n; i++) {
		assert_int_equal(got[i].va, want[i].va);
		assert_int_equal(got[i].pa, want[i].pa);
		assert_int_equal(got[i].shift, want[i].shift);
	}

	/* A leaf straddling from is reported from its own start. */
	assert_int_equal(pt_next_leaf(&pt, 6 * SZ_1G + 5 * SZ_4K, UINT64_MAX,
				      &va, &pa, &shift), 0);
	assert_int_equal(va, 6 * SZ_1G);
	assert_int_equal(pa, 0x40200000ull);
	assert_int_equal(shift, 21);
	/* Just past it: the 1 GiB leaf, from well before its start. */
	assert_int_equal(pt_next_leaf(&pt, 6 * SZ_1G + SZ_2M, UINT64_MAX,
				      &va, NULL, NULL), 0);
	assert_int_equal(va, 5ull << 39);
	/* limit is exclusive; any output may be NULL. */
	assert_int_equal(pt_next_leaf(&pt, SZ_4K, 511 * SZ_4K, &va, &pa,
				      &shift), -ENOENT);
	assert_int_equal(pt_next_leaf(&pt, SZ_4K, 511 * SZ_4K + 1, NULL, NULL,
				      NULL), 0);
	assert_int_equal(pt_next_leaf(&pt, SZ_4K, 511 * SZ_4K + 1, &va, NULL,
				      NULL), 0);
	assert_int_equal(va, 511 * SZ_4K);
	assert_int_equal(pt_next_leaf(&pt, SZ_4K, SZ_4K, &va, &pa, &shift),
			 -ENOENT);
	assert_int_equal(pt_next_leaf(&pt, 7, 3, &va, &pa, &shift), -ENOENT);
	assert_int_equal(pt_next_leaf(&pt, (5ull << 39) + SZ_1G, UINT64_MAX,
				      &va, &pa, &shift), -ENOENT);
	assert_int_equal(pt_next_leaf(&pt, pt_reach(&pt), UINT64_MAX, &va, &pa,
				      &shift), -ENOENT);
	/* A sub-range: the three pages around the first table boundary. */
	n = walk(&pt, 2 * SZ_4K, (1ull << 20) * SZ_4K, got, 8);
	assert_int_equal(n, 2);
	assert_int_equal(got[0].va, 511 * SZ_4K);
	assert_int_equal(got[1].va, 512 * SZ_4K);
	/* Unmapped pages leave an empty page table behind: still no leaf. */
	assert_int_equal(pt_unmap(&pt, 0, SZ_4K), 0);
	assert_int_equal(pt_unmap(&pt, 511 * SZ_4K, 2 * SZ_4K), 0);
	n = walk(&pt, 0, UINT64_MAX, got, 8);
	assert_int_equal(n, 3);
	assert_int_equal(got[0].va, (1ull << 20) * SZ_4K);
	pt_destroy(&pt);
	assert_int_equal(fm.live, 0);
}

static void test_next_leaf_each_once(void **state)
{
	struct leaf *got = calloc(2048, sizeof(*got));
	u64 bytes = 0, hole = 5 * SZ_1G + 7 * SZ_2M + 3 * SZ_4K;
	unsigned int n, small = 0;
	struct pt pt;

	(void)state;
	assert_non_null(got);
	init_pt(&pt, 5);
	/* 1 GiB pages, one split to 2 MiB, one of those to 4 KiB, a hole. */
	assert_int_equal(pt_map(&pt, 4 * SZ_1G, 4 * SZ_1G, 4 * SZ_1G, PTE_RW,
				30), 0);
	assert_int_equal(pt_unmap(&pt, hole, SZ_4K), 0);
	n = walk(&pt, 0, UINT64_MAX, got, 2048);
	assert_int_equal(n, 3 + 511 + 511);
	for (unsigned int i = 0; i < n; i++) {
		assert_int_equal(got[i].pa, got[i].va);	/* identity */
		assert_true(got[i].va + (1ull << got[i].shift) <= hole ||
			    got[i].va > hole);
		bytes += 1ull << got[i].shift;
		small += got[i].shift == 12;
	}
	assert_int_equal(bytes, 4 * SZ_1G - SZ_4K);
	assert_int_equal(small, 511);
	/* Starting inside a leaf, every later leaf still comes once. */
	n = walk(&pt, 4 * SZ_1G + 0x1234, 6 * SZ_1G, got, 2048);
	assert_int_equal(got[0].va, 4 * SZ_1G);
	assert_int_equal(got[0].shift, 30);
	assert_int_equal(n, 1 + 511 + 511);
	pt_destroy(&pt);
	free(got);
}

static void test_next_leaf_skips_empty_quickly(void **state)
{
	const u64 reach = 1ull << 57;
	u64 va, pa;
	unsigned int shift;
	struct pt pt;

	(void)state;
	init_pt(&pt, 5);
	assert_int_equal(pt_map(&pt, 0, 0x1000, SZ_4K, 0, 12), 0);
	fm.table_vas = 0;
	/* 2^57 bytes, nothing after page 0: one path down, no more. */
	assert_int_equal(pt_next_leaf(&pt, SZ_4K, UINT64_MAX, &va, &pa,
				      &shift), -ENOENT);
	assert_int_equal(fm.table_vas, 4);
	/* The last page of the reach: one more path. */
	assert_int_equal(pt_map(&pt, reach - SZ_4K, 0x2000, SZ_4K, 0, 12), 0);
	fm.table_vas = 0;
	assert_int_equal(pt_next_leaf(&pt, SZ_4K, UINT64_MAX, &va, &pa,
				      &shift), 0);
	assert_int_equal(va, reach - SZ_4K);
	assert_int_equal(pa, 0x2000);
	assert_int_equal(shift, 12);
	assert_int_equal(fm.table_vas, 8);
	/* Starting past page 0's subtree does not even enter it. */
	fm.table_vas = 0;
	assert_int_equal(pt_next_leaf(&pt, 1ull << 48, UINT64_MAX, &va, NULL,
				      NULL), 0);
	assert_int_equal(va, reach - SZ_4K);
	assert_int_equal(fm.table_vas, 4);
	pt_destroy(&pt);
}

static void test_next_leaf_upper_half(void **state)
{
	const u64 va0 = 0xffff888000000000ull;
	u64 va, pa;
	unsigned int shift;
	struct pt pt;

	(void)state;
	init_pt(&pt, 4);
	assert_int_equal(pt_map(&pt, va0, 0, SZ_1G, PTE_RW, 30), 0);
	/* Seen as its low 48 bits. */
	assert_int_equal(pt_next_leaf(&pt, 0, UINT64_MAX, &va, &pa, &shift), 0);
	assert_int_equal(va, va0 & ((1ull << 48) - 1));
	assert_int_equal(pa, 0);
	assert_int_equal(shift, 30);
	assert_int_equal(pt_next_leaf(&pt, va0, UINT64_MAX, &va, &pa, &shift),
			 -ENOENT);
	pt_destroy(&pt);
}

/* Merging back: 4 KiB pages into 2 MiB, 2 MiB leaves into 1 GiB. */
static void test_coalesce_4k_to_1g(void **state)
{
	struct pt pt;
	u64 base = 3 * SZ_1G;

	(void)state;
	init_pt(&pt, 4);
	assert_int_equal(pt_map(&pt, base, base, SZ_1G, PTE_RW | PTE_US, 30), 0);
	assert_int_equal(pt.tables, 2);
	/* Donation: one page out splits down to 4 KiB (PD and PT). */
	assert_int_equal(pt_unmap(&pt, base + 5 * SZ_2M + SZ_4K, SZ_4K), 0);
	assert_int_equal(pt.tables, 4);
	/* Nothing to merge while it is out. */
	pt_coalesce(&pt, base + 5 * SZ_2M + SZ_4K, 30);
	assert_int_equal(pt.tables, 4);
	/* Back, with other flags: the PT stays. */
	assert_int_equal(pt_map(&pt, base + 5 * SZ_2M + SZ_4K,
				base + 5 * SZ_2M + SZ_4K, SZ_4K, PTE_RW, 12), 0);
	pt_coalesce(&pt, base + 5 * SZ_2M + SZ_4K, 30);
	assert_int_equal(pt.tables, 4);
	/* Back as it was: the PT and the PD go, one 1 GiB leaf again. */
	assert_int_equal(pt_map(&pt, base + 5 * SZ_2M + SZ_4K,
				base + 5 * SZ_2M + SZ_4K, SZ_4K,
				PTE_RW | PTE_US, 12), 0);
	pt_coalesce(&pt, base + 5 * SZ_2M + SZ_4K, 30);
	assert_int_equal(pt.tables, 2);
	assert_int_equal(fm.live, 2);
	expect_map(&pt, base + 123, base + 123, PTE_RW | PTE_US, 30);
	/* max_shift 21: the 2 MiB merge only. */
	assert_int_equal(pt_unmap(&pt, base, SZ_4K), 0);
	assert_int_equal(pt_map(&pt, base, base, SZ_4K, PTE_RW | PTE_US, 12), 0);
	pt_coalesce(&pt, base, 21);
	assert_int_equal(pt.tables, 3);
	expect_map(&pt, base, base, PTE_RW | PTE_US, 21);
	pt_destroy(&pt);
	assert_int_equal(fm.live, 0);
}

/*
 * A whole 2 MiB taken out and mapped back as one leaf (a hypervisor pool
 * chunk going back to dom0): its 1 GiB merges, although there is no
 * 2 MiB merge to do first.
 */
static void test_coalesce_2m_leaf_to_1g(void **state)
{
	struct pt pt;
	u64 base = SZ_1G, chunk = SZ_1G + 7 * SZ_2M;

	(void)state;
	init_pt(&pt, 5);
	assert_int_equal(pt_map(&pt, base, base, SZ_1G, PTE_RW | PTE_US, 30), 0);
	assert_int_equal(pt.tables, 3);
	assert_int_equal(pt_unmap(&pt, chunk, SZ_2M), 0);
	assert_int_equal(pt.tables, 4);	/* the PD, no PT */
	expect_hole(&pt, chunk + SZ_4K);
	assert_int_equal(pt_map(&pt, chunk, chunk, SZ_2M, PTE_RW | PTE_US, 30), 0);
	assert_int_equal(pt.tables, 4);
	expect_map(&pt, chunk + SZ_4K, chunk + SZ_4K, PTE_RW | PTE_US, 21);
	pt_coalesce(&pt, chunk, 30);
	assert_int_equal(pt.tables, 3);
	assert_int_equal(fm.live, 3);
	expect_map(&pt, chunk + SZ_4K, chunk + SZ_4K, PTE_RW | PTE_US, 30);
	/* Up to 2 MiB only: the 2 MiB leaf stays as it is. */
	assert_int_equal(pt_unmap(&pt, chunk, SZ_2M), 0);
	assert_int_equal(pt_map(&pt, chunk, chunk, SZ_2M, PTE_RW | PTE_US, 30), 0);
	pt_coalesce(&pt, chunk, 21);
	assert_int_equal(pt.tables, 4);
	/* Another 2 MiB of that GiB still out: no 1 GiB merge. */
	assert_int_equal(pt_unmap(&pt, base, SZ_2M), 0);
	pt_coalesce(&pt, chunk, 30);
	assert_int_equal(pt.tables, 4);
	expect_hole(&pt, base);
	pt_destroy(&pt);
	assert_int_equal(fm.live, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_rejects_bad_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_init_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_leaf_size_by_max_shift, setup, teardown),
		cmocka_unit_test_setup_teardown(test_leaf_size_by_alignment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identity_2t_hole_4level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identity_2t_hole_5level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmap_then_map_4k, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_over_split_frees_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroy_frees_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_misaligned_einval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intermediate_and_leaf_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remap_replaces_part_of_large_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upper_half_5level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upper_half_4level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enomem_no_leak, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reach, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth_cap_4level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth_cap_5level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_leaf_sparse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_leaf_each_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_leaf_skips_empty_quickly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_leaf_upper_half, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coalesce_4k_to_1g, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coalesce_2m_leaf_to_1g, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
