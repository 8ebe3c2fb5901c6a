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
#define TABLE_COUNTS \
	"cpuid                   1520       3040\n" \
	"vmmcall                   37         74\n" \
	"msr                       88        176\n" \
	"npf                        3          6\n" \
	"svm_insn                   0          0\n" \
	"init                       0          1\n" \
	"shutdown                   0          0\n" \
	"intr                       0          0\n" \
	"nmi                        0          0\n" \
	"smi                        0          0\n" \
	"hlt                       12         24\n" \
	"ioio                       4          8\n" \
	"vintr                      0          0\n" \
	"xsetbv                     0          0\n" \
	"invd                       0          0\n" \
	"rdpmc                      0          0\n" \
	"other                      5         10\n" \
	"total                   1669       3339\n" \
	"hypercalls                37         74\n" \
	"hv_access_blocked          0          0\n" \
	"refused                    0          2\n"
#define TABLE_ROWS TABLE_COUNTS \
	"hc_max_ns              41250      82500\n"

static void test_stats_all_cpus(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "stats", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out, TABLE_HEAD TABLE_ROWS);
	assert_string_equal(r.err, "");
	assert_int_equal(fake_dev.stats_reads, 2);
	assert_int_equal(fake_dev.stats_flags_seen, 0);
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
		"intr                       0\n"
		"nmi                        0\n"
		"smi                        0\n"
		"hlt                       24\n"
		"ioio                       8\n"
		"vintr                      0\n"
		"xsetbv                     0\n"
		"invd                       0\n"
		"rdpmc                      0\n"
		"other                     10\n"
		"total                   3339\n"
		"hypercalls                74\n"
		"hv_access_blocked          0\n"
		"refused                    2\n"
		"hc_max_ns              82500\n");
	assert_int_equal(fake_dev.stats_flags_seen, 0);
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
	line = strchr(line, '\n') + 1;
	assert_memory_equal(line, "refused ", 8);
	line = strchr(line, '\n') + 1;
	assert_memory_equal(line, "hc_max_ns ", 10);
	assert_string_equal(strchr(line, '\n'), "\n");
	free(buf);
}

/* The printed exit rows, read back, add up to the printed total. */
static void test_stats_exit_rows_sum_to_total(void **state)
{
	static const char *const names[] = HOIST_STAT_NAMES;
	struct hoist_cpu_stats s[2];
	uint64_t sum[2] = { 0, 0 }, total[2];
	char *buf = calloc(1, 8192), *line, name[32];
	unsigned i, c;
	FILE *f;

	(void)state;
	assert_non_null(buf);
	memset(s, 0, sizeof(s));
	for (c = 0; c < 2; c++) {
		s[c].cpu = c;
		for (i = 0; i < HOIST_STAT_NR; i++) {
			s[c].exits[i] = (i + 1) * 1000003ull * (c + 1) + i * i;
			s[c].exits_total += s[c].exits[i];
		}
		s[c].hypercalls = 99;
		s[c].refused = 7;
		s[c].hc_max_ns = 123456789;
	}
	f = fmemopen(buf, 8192, "w");
	assert_non_null(f);
	stats_print_table(f, s, 2);
	fclose(f);

	line = strchr(buf, '\n') + 1;
	for (i = 0; i < HOIST_STAT_NR; i++) {
		unsigned long long v[2];

		assert_int_equal(sscanf(line, "%31s %llu %llu", name, &v[0],
					&v[1]), 3);
		assert_string_equal(name, names[i]);
		sum[0] += v[0];
		sum[1] += v[1];
		line = strchr(line, '\n') + 1;
	}
	{
		unsigned long long t[2];

		assert_int_equal(sscanf(line, "%31s %llu %llu", name, &t[0],
					&t[1]), 3);
		total[0] = t[0];
		total[1] = t[1];
	}
	assert_string_equal(name, "total");
	for (c = 0; c < 2; c++) {
		assert_int_equal(total[c], s[c].exits_total);
		assert_int_equal(sum[c], total[c]);
	}
	free(buf);
}

static void test_stats_reset_max(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "stats", "-r", NULL);
	assert_int_equal(r.ret, 0);
	/* The values before the reset are the ones printed. */
	assert_string_equal(r.out, TABLE_HEAD TABLE_ROWS);
	assert_int_equal(fake_dev.stats_reads, 2);
	assert_int_equal(fake_dev.stats_flags_seen, HOIST_STATS_RESET_MAX);
	assert_false(fake_dev.bad_request);
	fake_run_free(&r);
	fake_run(&r, "stats", NULL);
	assert_string_equal(r.out, TABLE_HEAD TABLE_COUNTS
			    "hc_max_ns                  0          0\n");
	assert_int_equal(fake_dev.stats_flags_seen, 0);
	fake_run_free(&r);

	/* With one CPU, before or after it, long or short: only that CPU. */
	fake_reset();
	fake_run(&r, "stats", "1", "--reset-max", NULL);
	assert_int_equal(r.ret, 0);
	assert_non_null(strstr(r.out, "\nhc_max_ns              82500\n"));
	assert_int_equal(fake_dev.stats_reads, 1);
	assert_int_equal(fake_dev.stats_flags_seen, HOIST_STATS_RESET_MAX);
	assert_int_equal(fake_dev.stats[1].hc_max_ns, 0);
	assert_int_equal(fake_dev.stats[0].hc_max_ns, 41250);
	fake_run_free(&r);
	fake_reset();
	fake_run(&r, "stats", "-r", "0", NULL);
	assert_int_equal(r.ret, 0);
	assert_int_equal(fake_dev.stats[0].hc_max_ns, 0);
	assert_int_equal(fake_dev.stats[1].hc_max_ns, 82500);
	fake_run_free(&r);
	/* Said twice is said once. */
	fake_run(&r, "stats", "-r", "-r", NULL);
	assert_int_equal(r.ret, 0);
	assert_int_equal(fake_dev.stats_flags_seen, HOIST_STATS_RESET_MAX);
	fake_run_free(&r);
}

static void test_stats_bad_options(void **state)
{
	static const char *const bad[] = { "-x", "-", "--reset", "-R", "-rr" };
	struct fake_run r;
	char want[96];
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fake_run(&r, "stats", bad[i], NULL);
		assert_int_equal(r.ret, 1);
		assert_string_equal(r.out, "");
		snprintf(want, sizeof(want), "hoist: stats: unknown option "
			 "'%s'; try 'hoist help stats'\n", bad[i]);
		assert_string_equal(r.err, want);
		fake_run_free(&r);
	}
	fake_run(&r, "stats", "0", "-r", "-q", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: stats: unknown option '-q'; "
			    "try 'hoist help stats'\n");
	fake_run_free(&r);
	fake_run(&r, "stats", "-r", "0", "1", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: stats: unexpected argument '1'; "
			    "try 'hoist help stats'\n");
	fake_run_free(&r);
	fake_run(&r, "stats", "-r", "x", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: stats: invalid CPU 'x'; "
			    "try 'hoist help stats'\n");
	fake_run_free(&r);
	/* Help wins wherever it is. */
	fake_run(&r, "stats", "-x", "--help", NULL);
	assert_int_equal(r.ret, 0);
	assert_memory_equal(r.out, "Usage: hoist stats", 18);
	fake_run_free(&r);
	assert_int_equal(fake_dev.opens, 0);
}

/* The request: only the flags ioctl.h defines go out. */
static void test_dev_cpu_stats_flags(void **state)
{
	struct hoist_cpu_stats st;
	struct hoist_dev dev;

	(void)state;
	assert_int_equal(hoist_dev_open(&dev, &fake_dev_ops), 0);
	assert_int_equal(hoist_dev_cpu_stats(&dev, 0, 2, &st), -EINVAL);
	assert_int_equal(hoist_dev_cpu_stats(&dev, 0, 1u << 31, &st), -EINVAL);
	assert_int_equal(fake_dev.stats_reads, 0);
	assert_int_equal(hoist_dev_cpu_stats(&dev, 1, HOIST_STATS_RESET_MAX,
					     &st), 0);
	assert_int_equal(fake_dev.stats_flags_seen, HOIST_STATS_RESET_MAX);
	assert_int_equal(st.hc_max_ns, 82500);
	assert_int_equal(st.hc_max_nr, HOIST_HC_INFO);
	assert_int_equal(st.refused, 2);
	assert_int_equal(hoist_dev_cpu_stats(&dev, 1, 0, &st), 0);
	assert_int_equal(fake_dev.stats_flags_seen, 0);
	assert_int_equal(st.hc_max_ns, 0);
	assert_int_equal(st.hc_max_nr, 0);
	assert_int_equal(st.exits_total, 3339);
	hoist_dev_close(&dev);
	assert_false(fake_dev.bad_request);
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
		cmocka_unit_test(test_stats_exit_rows_sum_to_total),
		cmocka_unit_test_setup(test_stats_reset_max, fake_setup),
		cmocka_unit_test_setup(test_stats_bad_options, fake_setup),
		cmocka_unit_test_setup(test_dev_cpu_stats_flags, fake_setup),
	};

	return cmocka_run_group_tests_name("tools_stats", tests, NULL, NULL);
}
