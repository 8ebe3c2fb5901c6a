/* SPDX-License-Identifier: GPL-2.0 */
/* hv/arch/x86/cpuid.c: the CPUID answers dom0 sees while hoisted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <arch/cpu.h>

/* Native register values the policy starts from (all bits of interest set). */
static struct cpuid_regs native(u32 leaf)
{
	struct cpuid_regs r = {
		.eax = 0xffffffffu ^ leaf,
		.ebx = 0xa5a5a5a5u,
		.ecx = 0xffffffffu,
		.edx = 0x5a5a5a5au ^ (leaf << 3),
	};

	return r;
}

static struct cpuid_regs apply(u32 leaf, u32 sub, struct cpuid_regs r)
{
	cpuid_dom0_policy(leaf, sub, &r);
	return r;
}

static void assert_regs(struct cpuid_regs got, u32 eax, u32 ebx, u32 ecx,
			u32 edx)
{
	assert_int_equal(got.eax, eax);
	assert_int_equal(got.ebx, ebx);
	assert_int_equal(got.ecx, ecx);
	assert_int_equal(got.edx, edx);
}

static void test_leaf1_hypervisor_bit(void **state)
{
	struct cpuid_regs n = native(1), r;

	(void)state;
	n.ecx = 0x7ffefbffu;		/* bit 31 clear natively */
	r = apply(1, 0, n);
	assert_regs(r, n.eax, n.ebx, n.ecx | 0x80000000u, n.edx);
	/* Already set: stays set, nothing else moves. */
	n.ecx = 0xffffffffu;
	r = apply(1, 5, n);
	assert_regs(r, n.eax, n.ebx, 0xffffffffu, n.edx);
	n.ecx = 0;
	r = apply(1, 0, n);
	assert_regs(r, n.eax, n.ebx, 0x80000000u, n.edx);
}

static void test_svm_hidden(void **state)
{
	struct cpuid_regs n = native(0x80000001u), r;

	(void)state;
	r = apply(0x80000001u, 0, n);
	assert_regs(r, n.eax, n.ebx, 0xffffffffu & ~4u, n.edx);
	n.ecx = 0x4;
	r = apply(0x80000001u, 0, n);
	assert_int_equal(r.ecx, 0);
	n.ecx = 0x00000001u;
	r = apply(0x80000001u, 0, n);
	assert_int_equal(r.ecx, 1);
}

static void test_svm_leaf_zeroed(void **state)
{
	(void)state;
	for (u32 sub = 0; sub < 3; sub++)
		assert_regs(apply(0x8000000au, sub, native(0x8000000au)), 0, 0, 0, 0);
}

static void test_hoist_base_leaf(void **state)
{
	struct cpuid_regs r;
	char sig[13];

	(void)state;
	r = apply(0x40000000u, 0, native(0x40000000u));
	assert_int_equal(r.eax, HOIST_CPUID_MAX);
	assert_int_equal(r.eax, 0x40000001u);
	memcpy(sig, &r.ebx, 4);
	memcpy(sig + 4, &r.ecx, 4);
	memcpy(sig + 8, &r.edx, 4);
	sig[12] = '\0';
	assert_string_equal(sig, "HoistHoistHV");
	/* Whatever the native answer or sub-leaf. */
	r = apply(0x40000000u, 7, (struct cpuid_regs){ 0, 0, 0, 0 });
	assert_regs(r, HOIST_CPUID_MAX, 0x73696f48u, 0x696f4874u, 0x56487473u);
}

static void test_hoist_version_leaf(void **state)
{
	(void)state;
	assert_regs(apply(0x40000001u, 0, native(0x40000001u)),
		    HOIST_VERSION_CODE, 0, 0, 0);
	assert_int_equal(HOIST_VERSION_CODE,
			 (HOIST_VERSION_MAJOR << 16) | HOIST_VERSION_MINOR);
}

static void test_other_hypervisor_leaves_zeroed(void **state)
{
	static const u32 leaves[] = {
		0x40000002u, 0x40000003u, 0x40000010u, 0x40000100u,
		0x40000101u, 0x40010000u, 0x4fffffffu, 0x4ffffffeu,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++)
		assert_regs(apply(leaves[i], 0, native(leaves[i])), 0, 0, 0, 0);
	/* A sweep over the whole range. */
	for (u64 leaf = 0x40000002u; leaf <= 0x4fffffffu; leaf += 0x10007u)
		assert_regs(apply((u32)leaf, 1, native((u32)leaf)), 0, 0, 0, 0);
}

static void test_other_leaves_untouched(void **state)
{
	static const u32 leaves[] = {
		0, 2, 4, 6, 7, 0xb, 0xd, 0x1f, 0x3fffffffu, 0x50000000u,
		0x50000001u, 0x80000000u, 0x80000002u, 0x80000008u,
		0x80000009u, 0x8000000bu, 0x8000001fu, 0xc0000000u,
		0xffffffffu,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
		for (u32 sub = 0; sub < 2; sub++) {
			struct cpuid_regs n = native(leaves[i]);

			assert_regs(apply(leaves[i], sub, n), n.eax, n.ebx,
				    n.ecx, n.edx);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leaf1_hypervisor_bit),
		cmocka_unit_test(test_svm_hidden),
		cmocka_unit_test(test_svm_leaf_zeroed),
		cmocka_unit_test(test_hoist_base_leaf),
		cmocka_unit_test(test_hoist_version_leaf),
		cmocka_unit_test(test_other_hypervisor_leaves_zeroed),
		cmocka_unit_test(test_other_leaves_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
