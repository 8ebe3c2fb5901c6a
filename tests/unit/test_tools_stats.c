/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* hoist stats: the table layout and which CPUs it shows. */
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

/* The fake's CPU0 and CPU1 (CPU1 counts twice as much, plus one INIT). */
#define TABLE_HEAD "Reason                  CPU0       CPU1\n"
#define TABLE_ROWS \
	"cpuid                   1520       3040\n" \
	"vmmcall                   37         74\n" \
	"msr                       88        176\n" \
	"npf                        3          6\n" \
	"svm_insn                   0          0\n" \
	"init                       0          1\n" \
	"shutdown                   0          0\n" \
	"other                      5         10\n" \
	"total                   1653       3307\n" \
	"hypercalls                37         74\n" \
	"hv_access_blocked          0          0\n"

static void test_stats_all_cpus(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "stats", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out, TABLE_HEAD TABLE_ROWS);
	assert_string_equal(r.err, "");
	assert_int_equal(fake_dev.stats_reads, 2);
	assert_int_equal(fake_dev.opens, fake_dev.closes);
	assert_false(fake_dev.bad_request);
	fake_run_free(&r);
}

static void test_stats_one_cpu(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "stats", "1", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out,
		"Reason                  CPU1\n"
		"cpuid                   3040\n"
		"vmmcall                   74\n"
		"msr                      176\n"
		"npf                        6\n"
		"svm_insn                   0\n"
		"init                       1\n"
		"shutdown                   0\n"
		"other                     10\n"
		"total                   3307\n"
		"hypercalls                74\n"
		"hv_access_blocked          0\n");
	assert_int_equal(fake_dev.stats_reads, 1);
	fake_run_free(&r);
}

static void test_stats_skips_cpus_hypervisor_rejects(void **state)
{
	struct fake_run r;

	(void)state;
	/* Four CPUs present, the hypervisor runs on two of them. */
	fake_host.present = "0-3\n";
	fake_run(&r, "stats", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out, TABLE_HEAD TABLE_ROWS);
	assert_int_equal(fake_dev.stats_reads, 4);
	fake_run_free(&r);
}

static void test_stats_sparse_present(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.stats_cpus = 8;
	fake_host.present = "1,3\n";
	fake_run(&r, "stats", NULL);
	assert_int_equal(r.ret, 0);
	assert_non_null(strstr(r.out, "Reason                  CPU1       CPU3\n"));
	/* CPU3's counts are four times CPU0's. */
	assert_non_null(strstr(r.out, "cpuid                   3040       6080\n"));
	fake_run_free(&r);
}

static void test_stats_without_sysfs(void **state)
{
	struct fake_run r;

	(void)state;
	/* No /sys: ask for the CPUs the hypervisor says it has. */
	fake_host.present = NULL;
	fake_run(&r, "stats", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out, TABLE_HEAD TABLE_ROWS);
	assert_int_equal(fake_dev.info_reads, 1);
	fake_run_free(&r);
}

static void test_stats_unknown_cpu(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "stats", "7", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "hoist: stats: CPU 7: the hypervisor has "
			    "no such CPU\n");
	fake_run_free(&r);
}

static void test_stats_no_cpu_at_all(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.stats_cpus = 0;
	fake_run(&r, "stats", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "hoist: stats: the hypervisor has "
			    "statistics for no CPU\n");
	fake_run_free(&r);
}

static void test_stats_ioctl_error(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.stats_err = -EFAULT;
	fake_run(&r, "stats", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "hoist: reading statistics of CPU 0: "
			    "Bad address\n");
	assert_int_equal(fake_dev.opens, fake_dev.closes);
	fake_run_free(&r);
}

static void test_stats_bad_arguments(void **state)
{
	static const char *const bad[] = { "x", "-1", "1x", "", "4294967296" };
	struct fake_run r;
	char want[96];
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fake_run(&r, "stats", bad[i], NULL);
		assert_int_equal(r.ret, 1);
		snprintf(want, sizeof(want), "hoist: stats: invalid CPU '%s'; "
			 "try 'hoist help stats'\n", bad[i]);
		assert_string_equal(r.err, want);
		fake_run_free(&r);
	}
	fake_run(&r, "stats", "0", "1", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: stats: unexpected argument '1'; "
			    "try 'hoist help stats'\n");
	fake_run_free(&r);
	assert_int_equal(fake_dev.opens, 0);
}

static void test_stats_not_loaded_and_not_root(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.open_err = -ENOENT;
	fake_run(&r, "stats", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: /dev/hoist not found: the hoist "
			    "module is not loaded (insmod hoist.ko)\n");
	fake_run_free(&r);
	fake_dev.open_err = -EACCES;
	fake_run(&r, "stats", "0", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: permission denied opening "
			    "/dev/hoist: run as root\n");
	fake_run_free(&r);
}

static void test_stats_table_widens(void **state)
{
	struct hoist_cpu_stats s[2];
	char *buf = malloc(4096);
	FILE *f;

	(void)state;
	assert_non_null(buf);
	memset(buf, 0, 4096);
	memset(s, 0, sizeof(s));
	s[0].cpu = 12345678;			/* "CPU12345678": 11 wide */
	s[1].cpu = 1;
	s[1].exits[HOIST_STAT_NPF] = UINT64_MAX; /* 20 digits */
	s[1].exits_total = UINT64_MAX;
	f = fmemopen(buf, 4096, "w");
	assert_non_null(f);
	stats_print_table(f, s, 2);
	fclose(f);
	assert_memory_equal(buf,
		"Reason            CPU12345678                 CPU1\n"
		"cpuid                       0                    0\n"
		"vmmcall                     0                    0\n"
		"msr                         0                    0\n"
		"npf                         0 18446744073709551615\n",
		5 * 51);
	assert_non_null(strstr(buf, "\ntotal                       0 "
			       "18446744073709551615\n"));
	free(buf);
}

static void test_stats_table_rows_follow_abi(void **state)
{
	static const char *const names[] = HOIST_STAT_NAMES;
	struct hoist_cpu_stats s;
	char *buf = malloc(4096), *line;
	unsigned i;
	FILE *f;

	(void)state;
	assert_non_null(buf);
	memset(buf, 0, 4096);
	memset(&s, 0, sizeof(s));
	f = fmemopen(buf, 4096, "w");
	assert_non_null(f);
	stats_print_table(f, &s, 1);
	fclose(f);
	/* Header, one row per HOIST_STAT_NAMES entry in order, 3 more. */
	line = strchr(buf, '\n') + 1;
	for (i = 0; i < HOIST_STAT_NR; i++) {
		assert_memory_equal(line, names[i], strlen(names[i]));
		assert_int_equal(line[strlen(names[i])], ' ');
		line = strchr(line, '\n') + 1;
	}
	assert_memory_equal(line, "total ", 6);
	line = strchr(line, '\n') + 1;
	assert_memory_equal(line, "hypercalls ", 11);
	line = strchr(line, '\n') + 1;
	assert_memory_equal(line, "hv_access_blocked ", 18);
	assert_string_equal(strchr(line, '\n'), "\n");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_stats_all_cpus, fake_setup),
		cmocka_unit_test_setup(test_stats_one_cpu, fake_setup),
		cmocka_unit_test_setup(test_stats_skips_cpus_hypervisor_rejects,
				       fake_setup),
		cmocka_unit_test_setup(test_stats_sparse_present, fake_setup),
		cmocka_unit_test_setup(test_stats_without_sysfs, fake_setup),
		cmocka_unit_test_setup(test_stats_unknown_cpu, fake_setup),
		cmocka_unit_test_setup(test_stats_no_cpu_at_all, fake_setup),
		cmocka_unit_test_setup(test_stats_ioctl_error, fake_setup),
		cmocka_unit_test_setup(test_stats_bad_arguments, fake_setup),
		cmocka_unit_test_setup(test_stats_not_loaded_and_not_root,
				       fake_setup),
		cmocka_unit_test(test_stats_table_widens),
		cmocka_unit_test(test_stats_table_rows_follow_abi),
	};

	return cmocka_run_group_tests_name("tools_stats", tests, NULL, NULL);
}
