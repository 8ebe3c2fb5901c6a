// SPDX-License-Identifier: GPL-2.0
/* Which of dom0's port writes reset or sleep the machine (arch/platform.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arch/platform.h>

/* QEMU's PIIX4: PM1a_CNT at 0x604, no PM1b, FADT reset register 0xCF9. */
static const struct hoist_platform piix4 = {
	.pm1a_cnt = 0x604, .reset_port = 0xcf9,
};
/* A machine with PM1b and a reset register of its own. */
static const struct hoist_platform two_blocks = {
	.pm1a_cnt = 0x1804, .pm1b_cnt = 0x1904, .reset_port = 0xb2,
};

static void test_guarded_ports(void **state)
{
	(void)state;
	assert_true(platform_port_guarded(&piix4, 0xcf9));
	assert_true(platform_port_guarded(&piix4, 0x64));
	assert_true(platform_port_guarded(&piix4, 0x92));
	assert_true(platform_port_guarded(&piix4, 0x604));
	assert_true(platform_port_guarded(&piix4, 0x605));
	assert_false(platform_port_guarded(&piix4, 0x603));
	assert_false(platform_port_guarded(&piix4, 0x606));
	assert_false(platform_port_guarded(&piix4, 0x60));	/* 8042 data */
	assert_false(platform_port_guarded(&piix4, 0x3f8));
	assert_false(platform_port_guarded(&piix4, 0));
	assert_true(platform_port_guarded(&two_blocks, 0x1905));
	assert_true(platform_port_guarded(&two_blocks, 0xb2));
}

static void test_reset_control(void **state)
{
	(void)state;
	assert_false(platform_write_safe(&piix4, 0xcf9, 1, 0x06));
	assert_false(platform_write_safe(&piix4, 0xcf9, 1, 0x02));
	/* A wider write that reaches 0xCF9 from below. */
	assert_false(platform_write_safe(&piix4, 0xcf8, 2, 0x0000));
	assert_false(platform_write_safe(&two_blocks, 0xb2, 1, 0x00));
}

static void test_kbc(void **state)
{
	(void)state;
	assert_false(platform_write_safe(&piix4, 0x64, 1, 0xfe));
	assert_false(platform_write_safe(&piix4, 0x64, 1, 0xf0));
	assert_false(platform_write_safe(&piix4, 0x64, 1, 0xd1));
	assert_true(platform_write_safe(&piix4, 0x64, 1, 0xad));	/* disable kbd */
	assert_true(platform_write_safe(&piix4, 0x64, 1, 0x20));	/* read CCB */
}

static void test_port_92(void **state)
{
	(void)state;
	assert_false(platform_write_safe(&piix4, 0x92, 1, 0x01));
	assert_false(platform_write_safe(&piix4, 0x92, 1, 0x03));
	assert_true(platform_write_safe(&piix4, 0x92, 1, 0x02));	/* A20 only */
}

static void test_sleep(void **state)
{
	(void)state;
	/* S3 (SLP_TYP 1) and S5 (0) with SLP_EN, as a word and as bytes. */
	assert_false(platform_write_safe(&piix4, 0x604, 2, 0x2400));
	assert_false(platform_write_safe(&piix4, 0x604, 2, 0x2000));
	assert_false(platform_write_safe(&piix4, 0x605, 1, 0x24));
	assert_false(platform_write_safe(&piix4, 0x604, 4, 0x2400));
	assert_false(platform_write_safe(&piix4, 0x603, 4, 0x240000));
	/* SLP_TYP without SLP_EN, SCI_EN: harmless. */
	assert_true(platform_write_safe(&piix4, 0x604, 2, 0x0401));
	assert_true(platform_write_safe(&piix4, 0x604, 1, 0xff));
	assert_true(platform_write_safe(&piix4, 0x605, 1, 0x04));
	assert_false(platform_write_safe(&two_blocks, 0x1904, 2, 0x3c00));
	assert_true(platform_write_safe(&two_blocks, 0x1804, 2, 0x0001));
}

static void test_no_fadt(void **state)
{
	static const struct hoist_platform none = { 0 };

	(void)state;
	assert_false(platform_write_safe(&none, 0xcf9, 1, 0x06));
	assert_true(platform_write_safe(&none, 0x604, 2, 0x2400));
	assert_true(platform_write_safe(&none, 0x1, 2, 0x2020));
	assert_false(platform_port_guarded(&none, 0x1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guarded_ports),
		cmocka_unit_test(test_reset_control),
		cmocka_unit_test(test_kbc),
		cmocka_unit_test(test_port_92),
		cmocka_unit_test(test_sleep),
		cmocka_unit_test(test_no_fadt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
