/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv/guest_walk.c: walking a guest's own page tables.  The guest's
 * physical memory is a byte array (GMEM_PAGES pages at gpa 0); tables are
 * built in it by hand and read back through read_gpa, which refuses
 * anything outside the array or misaligned.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/guest_walk.h>
#include <hv/paging.h>
#include <hv/errno.h>

#define GMEM_PAGES	32
#define PG		4096ull

/* Table pages in guest memory (page numbers). */
enum { T5 = 1, T4 = 2, T3 = 3, T2 = 4, T1 = 5 };

struct gmem {
	u8 mem[GMEM_PAGES * PG];
	unsigned int reads;
	bool fail;		/* every read fails */
};

static struct gmem gm;

static int read_gpa(void *ctx, u64 gpa, u64 *val)
{
	struct gmem *g = ctx;

	g->reads++;
	if (g->fail || gpa % 8 || gpa >= sizeof(g->mem))
		return -1;
	memcpy(val, g->mem + gpa, 8);
	return 0;
}

static void set_pte(unsigned int table, u64 va, unsigned int level, u64 e)
{
	u64 idx = (va >> (12 + 9 * (level - 1))) & 511;

	memcpy(gm.mem + table * PG + idx * 8, &e, 8);
}

static u64 get_pte(unsigned int table, u64 va, unsigned int level)
{
	u64 idx = (va >> (12 + 9 * (level - 1))) & 511, e;

	memcpy(&e, gm.mem + table * PG + idx * 8, 8);
	return e;
}

/* The table page that holds the entry for va at this level. */
static unsigned int table_for(unsigned int level)
{
	static const unsigned int t[] = { 0, T1, T2, T3, T4, T5 };

	return t[level];
}

/*
 * A chain of tables for va down to a leaf at leaf_level mapping page
 * frame frame (of that leaf's size); every entry gets flags (P included).
 */
static void build(unsigned int levels, u64 va, unsigned int leaf_level,
		  u64 frame, u64 flags)
{
	for (unsigned int l = levels; l > leaf_level; l--)
		set_pte(table_for(l), va, l, table_for(l - 1) * PG | flags);
	set_pte(table_for(leaf_level), va, leaf_level,
		frame | flags | (leaf_level > 1 ? PTE_PS : 0));
}

static struct guest_walk walker(unsigned int levels)
{
	struct guest_walk w = {
		.cr3 = table_for(levels) * PG,
		.levels = levels,
		.read_gpa = read_gpa,
		.ctx = &gm,
	};

	return w;
}

static int walk(const struct guest_walk *w, u64 gva, bool write, u64 *gpa)
{
	*gpa = 0xbad;
	return guest_walk(w, gva, write, gpa);
}

static int setup(void **state)
{
	(void)state;
	memset(&gm, 0, sizeof(gm));
	return 0;
}

static const u64 RWP = PTE_P | PTE_RW;

static void test_4k_4level(void **state)
{
	struct guest_walk w = walker(4);
	u64 va = 0x00007f1234567abcull, gpa;

	(void)state;
	build(4, va, 1, 0x123456789000ull, RWP);
	assert_int_equal(walk(&w, va, false, &gpa), 0);
	assert_int_equal(gpa, 0x123456789abcull);
	assert_int_equal(gm.reads, 4);
	assert_int_equal(walk(&w, va, true, &gpa), 0);
	assert_int_equal(gpa, 0x123456789abcull);
	/* The neighbouring page is not mapped. */
	assert_int_equal(walk(&w, va + PG, false, &gpa), -EFAULT);
}

static void test_4k_5level(void **state)
{
	struct guest_walk w = walker(5);
	/* Bits 55:48 set, bit 56 clear: canonical only with 5 levels. */
	u64 va = 0x00ff123456789abcull, gpa;

	(void)state;
	build(5, va, 1, 0xfedcba000ull, RWP);
	assert_int_equal(walk(&w, va, true, &gpa), 0);
	assert_int_equal(gpa, 0xfedcbaabcull);
	assert_int_equal(gm.reads, 5);
	w.levels = 4;
	assert_int_equal(walk(&w, va, false, &gpa), -EFAULT);
}

static void test_upper_half(void **state)
{
	struct guest_walk w4 = walker(4), w5 = walker(5);
	u64 gpa;

	(void)state;
	build(4, 0xffffffff81234567ull, 1, 0x1234000ull, RWP);
	assert_int_equal(walk(&w4, 0xffffffff81234567ull, false, &gpa), 0);
	assert_int_equal(gpa, 0x1234567ull);
	memset(&gm, 0, sizeof(gm));
	build(5, 0xff11000000001008ull, 1, 0x77000ull, RWP);
	assert_int_equal(walk(&w5, 0xff11000000001008ull, false, &gpa), 0);
	assert_int_equal(gpa, 0x77008ull);
}

static void test_2m_page(void **state)
{
	struct guest_walk w = walker(4);
	u64 va = 0x7fffc0312345ull, gpa;

	(void)state;
	/* Bit 12 of a large-page entry is PAT, not address. */
	build(4, va, 2, 0x40000000ull | BIT(12), RWP);
	assert_int_equal(walk(&w, va, false, &gpa), 0);
	assert_int_equal(gpa, 0x40000000ull | (va & 0x1fffff));
	assert_int_equal(gm.reads, 3);
}

static void test_1g_page(void **state)
{
	struct guest_walk w = walker(5);
	u64 va = 0x00ab00c012345678ull, gpa;

	(void)state;
	build(5, va, 3, 0x3c0000000ull | BIT(12), RWP | PTE_NX);
	assert_int_equal(walk(&w, va, true, &gpa), 0);
	assert_int_equal(gpa, 0x3c0000000ull | (va & 0x3fffffff));
	assert_int_equal(gm.reads, 3);
}

static void test_high_bits_not_in_gpa(void **state)
{
	struct guest_walk w = walker(4);
	u64 va = 0x1000ull, gpa;
	/* NX, protection keys (62:59) and software bits (58:52) around the address. */
	const u64 high = PTE_NX | (0xfull << 59) | (0x7full << 52);

	(void)state;
	build(4, va, 1, 0xabc000ull, RWP | high | PTE_A | PTE_D | PTE_US | PTE_G);
	assert_int_equal(walk(&w, va + 0x10, false, &gpa), 0);
	assert_int_equal(gpa, 0xabc010ull);
}

static void test_not_present_each_level(void **state)
{
	(void)state;
	for (unsigned int levels = 4; levels <= 5; levels++) {
		for (unsigned int leaf = 1; leaf <= 3; leaf++) {
			for (unsigned int l = levels; l >= leaf; l--) {
				struct guest_walk w = walker(levels);
				u64 va = 0x00001234c0000000ull | (leaf == 1 ? 0x5000 : 0);
				u64 gpa;

				memset(&gm, 0, sizeof(gm));
				build(levels, va, leaf, 0x80000000ull, RWP);
				assert_int_equal(walk(&w, va, false, &gpa), 0);
				set_pte(table_for(l), va, l,
					get_pte(table_for(l), va, l) & ~PTE_P);
				assert_int_equal(walk(&w, va, false, &gpa), -EFAULT);
				assert_int_equal(walk(&w, va, true, &gpa), -EFAULT);
			}
		}
	}
}

static void test_read_only_each_level(void **state)
{
	(void)state;
	for (unsigned int levels = 4; levels <= 5; levels++) {
		for (unsigned int leaf = 1; leaf <= 3; leaf++) {
			for (unsigned int l = levels; l >= leaf; l--) {
				struct guest_walk w = walker(levels);
				u64 va = 0x0000000040000000ull | (leaf == 1 ? 0x7000 : 0);
				u64 gpa;

				memset(&gm, 0, sizeof(gm));
				build(levels, va, leaf, 0xc0000000ull, RWP);
				set_pte(table_for(l), va, l,
					get_pte(table_for(l), va, l) & ~PTE_RW);
				/* Reads work, writes fault. */
				assert_int_equal(walk(&w, va + 8, false, &gpa), 0);
				assert_int_equal(gpa, 0xc0000008ull);
				assert_int_equal(walk(&w, va + 8, true, &gpa), -EFAULT);
			}
		}
	}
}

static void test_ps_at_level_4_and_5(void **state)
{
	u64 va = 0x0000008000000000ull, gpa;
	struct guest_walk w;

	(void)state;
	/* A "512 GiB page" in a PML4 entry is reserved: fault, not a translation. */
	w = walker(4);
	set_pte(T4, va, 4, 0x8000000000ull | RWP | PTE_PS);
	assert_int_equal(walk(&w, va, false, &gpa), -EFAULT);
	/* The same in a PML5 entry. */
	memset(&gm, 0, sizeof(gm));
	w = walker(5);
	set_pte(T5, va, 5, RWP | PTE_PS);
	assert_int_equal(walk(&w, va, false, &gpa), -EFAULT);
	/* And a PS PML4 entry under a sane PML5 entry. */
	memset(&gm, 0, sizeof(gm));
	set_pte(T5, va, 5, T4 * PG | RWP);
	set_pte(T4, va, 4, RWP | PTE_PS);
	assert_int_equal(walk(&w, va, false, &gpa), -EFAULT);
}

static u64 sign_extend(u64 va, unsigned int bits)
{
	u64 sign = 1ull << (bits - 1);

	va &= (1ull << bits) - 1;
	return (va ^ sign) - sign;
}

static void test_non_canonical(void **state)
{
	static const u64 bad4[] = {
		0x0000800000000000ull, 0xffff7fffffffffffull,
		0x8000000000000000ull, 0x0001000000000000ull,
	};
	static const u64 bad5[] = {
		0x0100000000000000ull, 0xfeffffffffffffffull,
		0x8000000000000000ull,
	};
	u64 gpa;

	(void)state;
	/*
	 * Each address gets a complete chain for its index bits, so only the
	 * canonical check can refuse it.
	 */
	for (size_t k = 0; k < sizeof(bad4) / sizeof(bad4[0]); k++) {
		struct guest_walk w = walker(4);

		memset(&gm, 0, sizeof(gm));
		build(4, bad4[k], 1, 0x5000, RWP);
		assert_int_equal(walk(&w, bad4[k], false, &gpa), -EFAULT);
		assert_int_equal(gm.reads, 0);
		/* Its canonical twin (same index bits) does translate. */
		assert_int_equal(walk(&w, sign_extend(bad4[k], 48), false, &gpa), 0);
		assert_int_equal(gpa, 0x5000 | (bad4[k] & 0xfff));
		gm.reads = 0;
	}
	for (size_t k = 0; k < sizeof(bad5) / sizeof(bad5[0]); k++) {
		struct guest_walk w = walker(5);

		memset(&gm, 0, sizeof(gm));
		build(5, bad5[k], 1, 0x5000, RWP);
		assert_int_equal(walk(&w, bad5[k], false, &gpa), -EFAULT);
		assert_int_equal(gm.reads, 0);
		assert_int_equal(walk(&w, sign_extend(bad5[k], 57), false, &gpa), 0);
		assert_int_equal(gpa, 0x5000 | (bad5[k] & 0xfff));
	}
}

static void test_cr3_pcid_and_noflush(void **state)
{
	struct guest_walk w = walker(4);
	u64 va = 0x401000ull, gpa;

	(void)state;
	build(4, va, 1, 0x9000ull, RWP);
	w.cr3 |= 0x123 | BIT(63);
	assert_int_equal(walk(&w, va + 0x42, false, &gpa), 0);
	assert_int_equal(gpa, 0x9042ull);
	w = walker(5);
	memset(&gm, 0, sizeof(gm));
	build(5, va, 2, 0x200000ull, RWP);
	w.cr3 |= 0xfff | BIT(63);
	assert_int_equal(walk(&w, va + 0x42, true, &gpa), 0);
	assert_int_equal(gpa, 0x201042ull);
}

static void test_paging_disabled_identity(void **state)
{
	struct guest_walk w = walker(4);
	u64 gpa;

	(void)state;
	w.levels = 0;
	w.cr3 = 0xdead000;
	assert_int_equal(walk(&w, 0x12345678ull, false, &gpa), 0);
	assert_int_equal(gpa, 0x12345678ull);
	assert_int_equal(walk(&w, 0xffffffffull, true, &gpa), 0);
	assert_int_equal(gpa, 0xffffffffull);
	assert_int_equal(gm.reads, 0);
}

static void test_bad_levels(void **state)
{
	struct guest_walk w = walker(4);
	u64 gpa;

	(void)state;
	build(4, 0x1000, 1, 0x2000, RWP);
	w.levels = 3;
	assert_int_equal(walk(&w, 0x1000, false, &gpa), -EFAULT);
	w.levels = 6;
	assert_int_equal(walk(&w, 0x1000, false, &gpa), -EFAULT);
}

static void test_read_failure(void **state)
{
	struct guest_walk w = walker(4);
	u64 va = 0x1000, gpa;

	(void)state;
	build(4, va, 1, 0x2000, RWP);
	assert_int_equal(walk(&w, va, false, &gpa), 0);
	/* Every read fails. */
	gm.fail = true;
	assert_int_equal(walk(&w, va, false, &gpa), -EFAULT);
	gm.fail = false;
	/* CR3 beyond guest memory. */
	w.cr3 = GMEM_PAGES * PG;
	assert_int_equal(walk(&w, va, false, &gpa), -EFAULT);
	/* A middle entry pointing beyond guest memory. */
	w = walker(4);
	set_pte(T3, va, 3, 0x7654321000ull | RWP);
	assert_int_equal(walk(&w, va, false, &gpa), -EFAULT);
	assert_int_equal(gpa, 0xbad);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_4k_4level),
		T(test_4k_5level),
		T(test_upper_half),
		T(test_2m_page),
		T(test_1g_page),
		T(test_high_bits_not_in_gpa),
		T(test_not_present_each_level),
		T(test_read_only_each_level),
		T(test_ps_at_level_4_and_5),
		T(test_non_canonical),
		T(test_cr3_pcid_and_noflush),
		T(test_paging_disabled_identity),
		T(test_bad_levels),
		T(test_read_failure),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
