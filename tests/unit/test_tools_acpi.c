/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist tool: the ACPI tables of PVH guests (tools/lib/acpi.c), read back
 * the way Linux's ACPICA finds them: RSDP -> XSDT -> FADT -> DSDT, MADT.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hoist/hypercall.h>

#include "lib/acpi.h"

#define BASE	0xE0000ull

static uint8_t buf[4096];

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* The table at guest address gpa, checked: signature, length, sum. */
static const uint8_t *table(uint64_t gpa, const char *sig, uint32_t len)
{
	const uint8_t *t;

	assert_true(gpa >= BASE && gpa + ACPI_HDR_LEN <= BASE + sizeof(buf));
	t = buf + (gpa - BASE);
	assert_memory_equal(t, sig, 4);
	assert_int_equal(get32(t + 4), len);
	assert_int_equal(acpi_sum(t, len), 0);
	assert_memory_equal(t + 10, "HOIST ", 6);
	return t;
}

static void build(unsigned vcpus, struct acpi_tables *t)
{
	memset(buf, 0xEE, sizeof(buf));
	assert_int_equal(acpi_build(buf, sizeof(buf), BASE, vcpus, t), 0);
}

static void test_rsdp(void **state)
{
	struct acpi_tables t;

	(void)state;
	build(1, &t);
	assert_int_equal(t.rsdp, BASE);
	assert_memory_equal(buf, "RSD PTR ", 8);
	assert_int_equal(buf[15], 2);			/* revision */
	assert_int_equal(get32(buf + 16), 0);		/* no RSDT */
	assert_int_equal(get32(buf + 20), 36);		/* length */
	assert_int_equal(get64(buf + 24), t.xsdt);
	/* Both checksums: ACPI 1.0's 20 bytes, and all 36. */
	assert_int_equal(acpi_sum(buf, 20), 0);
	assert_int_equal(acpi_sum(buf, 36), 0);
	assert_int_equal(t.xsdt % 16, 0);
	assert_int_equal(t.size, acpi_size(1));
}

static void test_xsdt_fadt_dsdt(void **state)
{
	const uint8_t *x, *f, *d;
	struct acpi_tables t;

	(void)state;
	build(2, &t);
	x = table(t.xsdt, "XSDT", 36 + 16);
	assert_int_equal(get64(x + 36), t.fadt);
	assert_int_equal(get64(x + 44), t.madt);
	f = table(t.fadt, "FACP", 276);
	assert_int_equal(f[8], 6);			/* revision */
	/* HW_REDUCED_ACPI, RESET_REG_SUP */
	assert_int_equal(get32(f + 112), (1u << 20) | (1u << 10));
	assert_int_equal(get64(f + 140), t.dsdt);	/* X_DSDT */
	assert_int_equal(get32(f + 40), t.dsdt);	/* DSDT, the same */
	/* IA-PC boot flags: no VGA, no CMOS RTC; no 8042, no legacy. */
	assert_int_equal(f[109] | f[110] << 8, (1 << 2) | (1 << 5));
	/* No PM1, PM2, PM timer or GPE blocks, no SCI, no FACS. */
	for (unsigned off = 36; off < 40; off++)
		assert_int_equal(f[off], 0);
	for (unsigned off = 44; off < 109; off++)
		assert_int_equal(f[off], 0);
	/* Nothing else but the sleep registers (test_power_registers). */
	for (unsigned off = 148; off < 244; off++)
		assert_int_equal(f[off], 0);
	for (unsigned off = 268; off < 276; off++)
		assert_int_equal(f[off], 0);
	d = table(t.dsdt, "DSDT", 36 + 14);
	assert_int_equal(d[8], 2);
}

static void test_madt(void **state)
{
	struct acpi_tables t;
	const uint8_t *m, *e;
	unsigned n, i;

	(void)state;
	for (n = 1; n <= 8; n++) {
		build(n, &t);
		m = table(t.madt, "APIC", 44 + 8 * n);
		assert_int_equal(get32(m + 36), 0xFEE00000u);
		assert_int_equal(get32(m + 40), 0);	/* no 8259 */
		for (i = 0, e = m + 44; i < n; i++, e += 8) {
			assert_int_equal(e[0], 0);	/* Processor Local APIC */
			assert_int_equal(e[1], 8);
			assert_int_equal(e[2], i);	/* processor UID */
			assert_int_equal(e[3], i);	/* APIC id */
			assert_int_equal(get32(e + 4), 1);	/* enabled */
		}
		/* Nothing after it is touched. */
		assert_int_equal(t.madt + 44 + 8 * n - BASE, t.size);
		assert_int_equal(buf[t.size], 0xEE);
	}
}

/* Power off and reboot: the ports the hypervisor serves, and _S5. */
static void test_power_registers(void **state)
{
	struct acpi_tables t;
	const uint8_t *fadt, *dsdt;
	static const uint8_t s5[] = { 0x08, '_', 'S', '5', '_', 0x12 };

	(void)state;
	assert_int_equal(acpi_build(buf, sizeof(buf), BASE, 1, &t), 0);
	fadt = buf + (t.fadt - BASE);
	dsdt = buf + (t.dsdt - BASE);
	assert_true(get32(fadt + ACPI_FADT_FLAGS_OFF) & ACPI_FADT_RESET_REG_SUP);
	assert_int_equal(fadt[ACPI_FADT_RESET_REG_OFF], ACPI_GAS_SYSTEM_IO);
	assert_int_equal(get64(fadt + ACPI_FADT_RESET_REG_OFF + 4), HOIST_PORT_RESET);
	assert_int_equal(fadt[ACPI_FADT_RESET_VAL_OFF], HOIST_RESET_VALUE);
	assert_int_equal(get64(fadt + ACPI_FADT_SLEEP_CTL_OFF + 4),
			 HOIST_PORT_SLEEP_CTL);
	assert_int_equal(get64(fadt + ACPI_FADT_SLEEP_STS_OFF + 4),
			 HOIST_PORT_SLEEP_STS);
	assert_int_equal(get32(dsdt + 4), ACPI_DSDT_LEN);
	assert_memory_equal(dsdt + ACPI_HDR_LEN, s5, sizeof(s5));
	assert_int_equal(acpi_sum(dsdt, ACPI_DSDT_LEN), 0);
	assert_int_equal(acpi_sum(fadt, ACPI_FADT_LEN), 0);
}

static void test_bad_arguments(void **state)
{
	struct acpi_tables t;

	(void)state;
	assert_int_equal(acpi_build(buf, sizeof(buf), BASE, 0, &t), -EINVAL);
	assert_int_equal(acpi_build(buf, sizeof(buf), BASE, 256, &t), -EINVAL);
	assert_int_equal(acpi_build(buf, sizeof(buf), BASE + 8, 1, &t),
			 -EINVAL);
	assert_int_equal(acpi_build(buf, sizeof(buf), 1ull << 32, 1, &t),
			 -EINVAL);
	assert_int_equal(acpi_build(buf, acpi_size(2) - 1, BASE, 2, &t),
			 -E2BIG);
	assert_int_equal(acpi_build(buf, acpi_size(2), BASE, 2, &t), 0);
	/* 255 vCPUs still fit a page. */
	assert_true(acpi_size(255) <= sizeof(buf));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsdp),
		cmocka_unit_test(test_xsdt_fadt_dsdt),
		cmocka_unit_test(test_madt),
		cmocka_unit_test(test_power_registers),
		cmocka_unit_test(test_bad_arguments),
	};

	return cmocka_run_group_tests_name("tools_acpi", tests, NULL, NULL);
}
