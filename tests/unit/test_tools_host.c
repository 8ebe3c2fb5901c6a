/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* hoist tool: /proc/meminfo and CPU-list parsing, host facts. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_tools_fake.h"

static void test_meminfo_fields(void **state)
{
	uint64_t kib = 0;

	(void)state;
	assert_int_equal(meminfo_parse(fake_meminfo_text, "MemTotal", &kib), 0);
	assert_int_equal(kib, 2014256);
	assert_int_equal(meminfo_parse(fake_meminfo_text, "MemFree", &kib), 0);
	assert_int_equal(kib, 1717936);
	assert_int_equal(meminfo_parse(fake_meminfo_text, "Buffers", &kib), 0);
	assert_int_equal(kib, 2136);
	assert_int_equal(meminfo_parse(fake_meminfo_text, "SwapCached", &kib),
			 0);
	assert_int_equal(kib, 0);
}

static void test_meminfo_exact_field_name(void **state)
{
	const char *text = "MemFreeX:  5 kB\nXMemFree:  6 kB\nMemFree:  7 kB";
	uint64_t kib = 0;

	(void)state;
	/* Neither a longer name nor a name inside another matches. */
	assert_int_equal(meminfo_parse(text, "MemFree", &kib), 0);
	assert_int_equal(kib, 7);
	assert_int_equal(meminfo_parse(text, "Mem", &kib), -ENOENT);
}

static void test_meminfo_missing_and_malformed(void **state)
{
	uint64_t kib = 99;

	(void)state;
	assert_int_equal(meminfo_parse(fake_meminfo_text, "Shmem", &kib),
			 -ENOENT);
	assert_int_equal(meminfo_parse("", "MemTotal", &kib), -ENOENT);
	assert_int_equal(meminfo_parse("MemTotal: lots kB\n", "MemTotal", &kib),
			 -EINVAL);
	assert_int_equal(meminfo_parse("MemTotal: 12 MB\n", "MemTotal", &kib),
			 -EINVAL);
	/* A count without a unit is not a size. */
	assert_int_equal(meminfo_parse(fake_meminfo_text, "HugePages_Total",
				       &kib), -EINVAL);
	assert_int_equal(meminfo_parse("MemTotal: 99999999999999999999 kB\n",
				       "MemTotal", &kib), -EINVAL);
	assert_int_equal(kib, 99);	/* untouched on failure */
}

static void test_cpulist_forms(void **state)
{
	uint32_t cpus[16];
	size_t n;

	(void)state;
	assert_int_equal(cpulist_parse("0-3\n", cpus, 16, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(cpus[0], 0);
	assert_int_equal(cpus[3], 3);

	assert_int_equal(cpulist_parse("0,2-3,7", cpus, 16, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(cpus[0], 0);
	assert_int_equal(cpus[1], 2);
	assert_int_equal(cpus[2], 3);
	assert_int_equal(cpus[3], 7);

	assert_int_equal(cpulist_parse("5\n", cpus, 16, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(cpus[0], 5);

	assert_int_equal(cpulist_parse("\n", cpus, 16, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(cpulist_parse("", cpus, 16, &n), 0);
	assert_int_equal(n, 0);
}

static void test_cpulist_errors(void **state)
{
	static const char *const bad[] = {
		"3-1", "a", "0-", "-1", "1,,2", "1,", "0 1", "0-3\n\n",
		"4294967296", "1-2-3",
	};
	uint32_t cpus[4];
	unsigned i;
	size_t n;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(cpulist_parse(bad[i], cpus, 4, &n), -EINVAL);
	assert_int_equal(cpulist_parse("0-4", cpus, 4, &n), -E2BIG);
	assert_int_equal(cpulist_parse("0-4294967295", NULL, 0, &n), -E2BIG);
}

static void test_cpulist_count_only(void **state)
{
	size_t n;

	(void)state;
	assert_int_equal(cpulist_parse("0-63,128-191\n", NULL, 0, &n), 0);
	assert_int_equal(n, 128);
}

static void test_host_facts(void **state)
{
	struct host_facts f;

	(void)state;
	fake_host.present = "0,2-5\n";
	host_facts_read(&fake_host_ops, &f);
	assert_true(f.have_uname);
	assert_string_equal(f.uts.nodename, "dom0");
	assert_true(f.have_cpus);
	assert_int_equal(f.nr_cpus, 5);
	assert_int_equal(f.max_cpu_id, 5);
	assert_true(f.have_mem);
	assert_int_equal(f.total_kib, 2014256);
	assert_int_equal(f.free_kib, 1801232);	/* MemAvailable */
}

static void test_host_facts_missing(void **state)
{
	struct host_facts f;

	(void)state;
	fake_host.uname_err = -EFAULT;
	fake_host.present = NULL;
	fake_host.meminfo = "MemTotal: 100 kB\n";	/* no MemAvailable */
	host_facts_read(&fake_host_ops, &f);
	assert_false(f.have_uname);
	assert_false(f.have_cpus);
	assert_false(f.have_mem);
}

static void test_present_cpus(void **state)
{
	uint32_t *cpus;
	size_t n;

	(void)state;
	fake_host.present = "0-2,6\n";
	assert_int_equal(host_present_cpus(&fake_host_ops, &cpus, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(cpus[3], 6);
	free(cpus);

	fake_host.present = "garbage";
	assert_int_equal(host_present_cpus(&fake_host_ops, &cpus, &n),
			 -EINVAL);
	assert_null(cpus);
	fake_host.present = NULL;
	assert_int_equal(host_present_cpus(&fake_host_ops, &cpus, &n),
			 -ENOENT);
}

static void test_procstat_busy(void **state)
{
	uint64_t t = 0;

	(void)state;
	/* user + nice + system + irq + softirq + steal */
	assert_int_equal(procstat_busy_ticks(fake_stat_text, "cpu", &t), 0);
	assert_int_equal(t, 10132 + 153 + 21045 + 0 + 1317 + 0);
	assert_int_equal(procstat_busy_ticks(fake_stat_text, "cpu1", &t), 0);
	assert_int_equal(t, 5066 + 77 + 10523 + 659);
	assert_int_equal(procstat_busy_ticks(fake_stat_text, "cpu2", &t),
			 -ENOENT);
	assert_int_equal(procstat_busy_ticks("cpu0 1 2 3 4 5 6 7 8 9 10\n",
					     "cpu", &t), -ENOENT);
	/* guest and guest_nice are inside user and nice: not added again. */
	assert_int_equal(procstat_busy_ticks("cpu  1 2 3 4 5 6 7 8 100 100\n",
					     "cpu", &t), 0);
	assert_int_equal(t, 1 + 2 + 3 + 6 + 7 + 8);
	/* Old kernels print fewer fields. */
	assert_int_equal(procstat_busy_ticks("cpu  1 2 3 4\n", "cpu", &t), 0);
	assert_int_equal(t, 6);
	assert_int_equal(procstat_busy_ticks("cpu  1 2 3\n", "cpu", &t),
			 -EINVAL);
	assert_int_equal(procstat_busy_ticks("cpu  1 x 3 4\n", "cpu", &t),
			 -EINVAL);
}

static void test_online_cpus(void **state)
{
	uint32_t *cpus;
	size_t n;

	fake_setup(state);
	fake_host.online = "0,2-3\n";
	assert_int_equal(host_online_cpus(&fake_host_ops, &cpus, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(cpus[2], 3);
	free(cpus);
	fake_host.online = NULL;
	assert_int_equal(host_online_cpus(&fake_host_ops, &cpus, &n), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_procstat_busy),
		cmocka_unit_test(test_online_cpus),
		cmocka_unit_test(test_meminfo_fields),
		cmocka_unit_test(test_meminfo_exact_field_name),
		cmocka_unit_test(test_meminfo_missing_and_malformed),
		cmocka_unit_test(test_cpulist_forms),
		cmocka_unit_test(test_cpulist_errors),
		cmocka_unit_test(test_cpulist_count_only),
		cmocka_unit_test_setup(test_host_facts, fake_setup),
		cmocka_unit_test_setup(test_host_facts_missing, fake_setup),
		cmocka_unit_test_setup(test_present_cpus, fake_setup),
	};

	return cmocka_run_group_tests_name("tools_host", tests, NULL, NULL);
}
