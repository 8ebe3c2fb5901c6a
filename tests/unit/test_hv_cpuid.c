/* SPDX-License-Identifier: GPL-2.0 */
/* hv/arch/x86/cpuid.c: the CPUID answers dom0 and domUs see. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <arch/cpu.h>
#include <hoist/xen.h>

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
	/* The ABI's layout, spelled out here: "0.1" is 0x00000001. */
	const u32 want = ((u32)HOIST_VERSION_MAJOR << 16) |
			 (u32)HOIST_VERSION_MINOR;
	struct cpuid_regs r;

	(void)state;
	r = apply(0x40000001u, 0, native(0x40000001u));
	assert_regs(r, want, 0, 0, 0);
	assert_int_equal(r.eax >> 16, HOIST_VERSION_MAJOR);
	assert_int_equal(r.eax & 0xffff, HOIST_VERSION_MINOR);
	/* Whatever the native answer or sub-leaf. */
	r = apply(0x40000001u, 3, (struct cpuid_regs){ 0, 0, 0, 0 });
	assert_regs(r, want, 0, 0, 0);
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

/* domU: the host's answer is all ones, so every cleared bit shows. */
static const struct cpuid_regs ones = {
	0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu
};

static struct cpuid_regs domu(u32 leaf, u32 sub, u32 vcpu,
			      struct cpuid_regs r)
{
	cpuid_domu_policy(leaf, sub, vcpu, &r);
	return r;
}

static void test_domu_leaf1(void **state)
{
	struct cpuid_regs n = native(1), r;

	(void)state;
	/* MWAIT (ECX 3), MCE (EDX 7), MCA (EDX 14) go; APIC ID = vCPU. */
	r = domu(1, 0, 3, ones);
	assert_regs(r, 0xffffffffu, 0x03ffffffu, 0xfffffff7u, 0xffffbf7fu);
	/* Hypervisor (ECX 31) and x2APIC (ECX 21) appear from nothing. */
	r = domu(1, 0, 0, (struct cpuid_regs){ 0, 0, 0, 0 });
	assert_regs(r, 0, 0, 0x80200000u, 0);
	/* Everything else as the host says; the APIC ID byte replaced. */
	r = domu(1, 0, 0xab, n);
	assert_regs(r, n.eax, (n.ebx & 0x00ffffffu) | 0xab000000u,
		    n.ecx & ~0x8u, n.edx & ~0x4080u);
	r = domu(1, 0, 255, n);
	assert_int_equal(r.ebx >> 24, 255);
}

static void test_domu_leaf7_rdpid(void **state)
{
	(void)state;
	/* Sub-leaf 0: RDPID (ECX 22) hidden, the rest kept. */
	assert_regs(domu(7, 0, 1, ones), 0xffffffffu, 0xffffffffu,
		    ~(1u << 22), 0xffffffffu);
	/* Sub-leaf 1 is another set of features: untouched. */
	assert_regs(domu(7, 1, 1, ones), 0xffffffffu, 0xffffffffu,
		    0xffffffffu, 0xffffffffu);
}

static void test_domu_topology_ids(void **state)
{
	struct cpuid_regs n = native(0xb);

	(void)state;
	/* Leaf 0xb: EDX is the x2APIC ID, every sub-leaf. */
	for (u32 sub = 0; sub < 3; sub++)
		assert_regs(domu(0xb, sub, 5, n), n.eax, n.ebx, n.ecx, 5);
	n = native(0x8000001eu);
	assert_regs(domu(0x8000001eu, 0, 7, n), 7, n.ebx, n.ecx, n.edx);
	assert_regs(domu(0x8000001eu, 0, 0, ones), 0, 0xffffffffu,
		    0xffffffffu, 0xffffffffu);
}

static void test_domu_leaves_zeroed(void **state)
{
	/* MWAIT, the PMU, SME/SEV, SVM. */
	static const u32 leaves[] = { 5, 0xa, 0x8000001fu, 0x8000000au };

	(void)state;
	for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++)
		for (u32 sub = 0; sub < 2; sub++)
			assert_regs(domu(leaves[i], sub, 1, ones), 0, 0, 0, 0);
}

static void test_domu_ext_features(void **state)
{
	struct cpuid_regs n = native(0x80000001u);

	(void)state;
	/* SVM (ECX 2), PERFCTR_CORE (ECX 23), RDTSCP (EDX 27). */
	assert_regs(domu(0x80000001u, 0, 0, ones), 0xffffffffu, 0xffffffffu,
		    ~((1u << 2) | (1u << 23)), ~(1u << 27));
	assert_regs(domu(0x80000001u, 0, 0, n), n.eax, n.ebx,
		    n.ecx & ~((1u << 2) | (1u << 23)), n.edx & ~(1u << 27));
}

static void test_domu_xen_leaves(void **state)
{
	struct cpuid_regs r;
	char sig[13];

	(void)state;
	r = domu(0x40000000u, 0, 1, ones);
	assert_int_equal(r.eax, 0x40000005u);
	memcpy(sig, &r.ebx, 4);
	memcpy(sig + 4, &r.ecx, 4);
	memcpy(sig + 8, &r.edx, 4);
	sig[12] = '\0';
	assert_string_equal(sig, "XenVMMXenVMM");
	/* Xen 4.17. */
	assert_regs(domu(0x40000001u, 0, 1, ones), 0x00040011u, 0, 0, 0);
	/* One hypercall page, installed through MSR 0x40000000. */
	assert_regs(domu(0x40000002u, 0, 1, ones), 1, 0x40000000u, 0, 0);
	/* HVM features: the vCPU id is given, in EBX. */
	assert_regs(domu(0x40000004u, 0, 3, ones),
		    XEN_HVM_CPUID_VCPU_ID_PRESENT, 3, 0, 0);
	assert_int_equal(XEN_HVM_CPUID_VCPU_ID_PRESENT, 1u << 3);
	assert_regs(domu(0x40000004u, 0, 0, ones), 1u << 3, 0, 0, 0);
}

static void test_domu_other_hypervisor_leaves_zeroed(void **state)
{
	/* Past Xen's last leaf (0x40000005), up to the end of the range. */
	static const u32 leaves[] = {
		0x40000006u, 0x40000007u, 0x40000100u, 0x40010000u,
		0x4ffffffeu, 0x4fffffffu,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++)
		assert_regs(domu(leaves[i], 0, 1, ones), 0, 0, 0, 0);
	for (u64 leaf = 0x40000006u; leaf <= 0x4fffffffu; leaf += 0x10007u)
		assert_regs(domu((u32)leaf, 1, 2, ones), 0, 0, 0, 0);
}

static void test_domu_other_leaves_untouched(void **state)
{
	static const u32 leaves[] = {
		0, 2, 4, 6, 0xd, 0x1f, 0x3fffffffu, 0x50000000u,
		0x80000000u, 0x80000008u, 0x8000001du, 0xc0000000u,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
		for (u32 sub = 0; sub < 2; sub++) {
			struct cpuid_regs n = native(leaves[i]);

			assert_regs(domu(leaves[i], sub, 1, n), n.eax, n.ebx,
				    n.ecx, n.edx);
			assert_regs(domu(leaves[i], sub, 1, ones), 0xffffffffu,
				    0xffffffffu, 0xffffffffu, 0xffffffffu);
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
		cmocka_unit_test(test_domu_leaf1),
		cmocka_unit_test(test_domu_leaf7_rdpid),
		cmocka_unit_test(test_domu_topology_ids),
		cmocka_unit_test(test_domu_leaves_zeroed),
		cmocka_unit_test(test_domu_ext_features),
		cmocka_unit_test(test_domu_xen_leaves),
		cmocka_unit_test(test_domu_other_hypervisor_leaves_zeroed),
		cmocka_unit_test(test_domu_other_leaves_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
