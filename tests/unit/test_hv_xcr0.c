/* SPDX-License-Identifier: GPL-2.0 */
/* hv/arch/x86/xcr0.c: which XCR0 values XSETBV accepts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arch/xcr0.h>

/* CPUID 0xD.0 EDX:EAX of an AVX-512 host with MPX and PKRU (no AMX). */
#define HOST_AVX512	0x2ffull
/* ... of a host with AMX as well (Sapphire Rapids: 0x602e7). */
#define HOST_AMX	0x602e7ull
/* Every component bit there is, supervisor ones included. */
#define ALL		0xffffffffffffffffull

static void test_x87_required(void **state)
{
	(void)state;
	assert_false(xcr0_valid(0x0, HOST_AVX512));
	assert_false(xcr0_valid(0x2, HOST_AVX512));
	assert_false(xcr0_valid(0x6, HOST_AVX512));
	assert_false(xcr0_valid(0xe6, HOST_AVX512));
	assert_true(xcr0_valid(0x1, HOST_AVX512));
	assert_true(xcr0_valid(0x1, 0x1));
	/* Not even x87 when the hypervisor does not allow it. */
	assert_false(xcr0_valid(0x1, 0x0));
}

static void test_sse_avx(void **state)
{
	(void)state;
	assert_true(xcr0_valid(0x3, HOST_AVX512));
	assert_true(xcr0_valid(0x7, HOST_AVX512));
	/* AVX without SSE. */
	assert_false(xcr0_valid(0x5, HOST_AVX512));
	assert_false(xcr0_valid(0x4, HOST_AVX512));
	/* A host without AVX. */
	assert_true(xcr0_valid(0x3, 0x3));
	assert_false(xcr0_valid(0x7, 0x3));
}

static void test_avx512(void **state)
{
	(void)state;
	assert_true(xcr0_valid(0xe7, HOST_AVX512));
	assert_true(xcr0_valid(0x2e7, HOST_AVX512));
	/* Opmask without AVX (the SDM's own example of a #GP). */
	assert_false(xcr0_valid(0x23, HOST_AVX512));
	/* All three, but no AVX; or AVX but no SSE. */
	assert_false(xcr0_valid(0xe3, HOST_AVX512));
	assert_false(xcr0_valid(0xe5, HOST_AVX512));
	/* Part of the group. */
	for (u64 part = 0x20; part < 0xe0; part += 0x20)
		assert_false(xcr0_valid(0x7 | part, HOST_AVX512));
	/* A host without AVX-512. */
	assert_false(xcr0_valid(0xe7, 0x7));
}

static void test_mpx(void **state)
{
	(void)state;
	assert_false(xcr0_valid(0x8, HOST_AVX512));
	assert_false(xcr0_valid(0x10, HOST_AVX512));
	assert_false(xcr0_valid(0x8 | 0x3, HOST_AVX512));
	assert_false(xcr0_valid(0x10 | 0x3, HOST_AVX512));
	assert_false(xcr0_valid(0x18, HOST_AVX512));	/* no x87 */
	assert_true(xcr0_valid(0x18 | 0x3, HOST_AVX512));
	assert_true(xcr0_valid(0x18 | 0x1, HOST_AVX512));
	assert_true(xcr0_valid(0xff, HOST_AVX512));
	/* Not allowed: an AMD host has no MPX. */
	assert_false(xcr0_valid(0x18 | 0x3, 0x7));
	assert_false(xcr0_valid(0x18 | 0x3, 0x0f));
}

static void test_amx(void **state)
{
	(void)state;
	assert_true(xcr0_valid(0x60007, HOST_AMX));
	assert_true(xcr0_valid(0x602e7, HOST_AMX));
	/* AMX needs neither AVX nor AVX-512, only its pair. */
	assert_true(xcr0_valid(0x60001, HOST_AMX));
	assert_false(xcr0_valid(0x20007, HOST_AMX));
	assert_false(xcr0_valid(0x40007, HOST_AMX));
	assert_false(xcr0_valid(0x60006, HOST_AMX));
	/* A host without AMX. */
	assert_false(xcr0_valid(0x60007, HOST_AVX512));
	assert_false(xcr0_valid(0x60007, 0x20007));
}

static void test_outside_allowed(void **state)
{
	(void)state;
	/* PKRU: fine when allowed, not otherwise. */
	assert_true(xcr0_valid(0x203, HOST_AVX512));
	assert_false(xcr0_valid(0x203, 0xff));
	/* Bits no CPU defines yet, and high bits. */
	assert_false(xcr0_valid(0x3 | BIT(19), HOST_AMX));
	assert_false(xcr0_valid(0x3 | BIT(62), HOST_AMX));
	assert_false(xcr0_valid(0x3 | BIT(63), HOST_AMX));
	assert_true(xcr0_valid(0x3 | BIT(19), 0x3 | BIT(19)));
	/* Allowed bits need not all be set. */
	assert_true(xcr0_valid(0x3, ALL));
}

static void test_supervisor_never(void **state)
{
	static const unsigned int bits[] = { 8, 10, 11, 12, 13, 14, 15, 16 };

	(void)state;
	for (unsigned int i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		u64 b = BIT(bits[i]);

		assert_false(xcr0_valid(0x3 | b, ALL));
		assert_false(xcr0_valid(0x3 | b, HOST_AMX | b));
		assert_false(xcr0_valid(0xe7 | b, ALL));
	}
	/* Bit 9 (PKRU) is user state, between supervisor bits. */
	assert_true(xcr0_valid(0x203, ALL));
}

static void test_user_components(void **state)
{
	(void)state;
	assert_int_equal(xcr0_user_components(HOST_AMX), HOST_AMX);
	assert_int_equal(xcr0_user_components(0x1ff07), 0x207);
	assert_int_equal(xcr0_user_components(ALL), ALL & ~0x1fd00ull);
	assert_int_equal(xcr0_user_components(0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_x87_required),
		cmocka_unit_test(test_sse_avx),
		cmocka_unit_test(test_avx512),
		cmocka_unit_test(test_mpx),
		cmocka_unit_test(test_amx),
		cmocka_unit_test(test_outside_allowed),
		cmocka_unit_test(test_supervisor_never),
		cmocka_unit_test(test_user_components),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
