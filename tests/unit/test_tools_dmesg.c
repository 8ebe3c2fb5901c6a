/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* hoist dmesg [-c]: what is asked of /dev/hoist and what is printed. */
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

static const char sample_log[] =
	"(HV) hoist 0.1.0: 2 CPUs, npt 5 levels, 32 MiB\n"
	"(HV) cpu0: hoisted\n"
	"(HV) cpu1: hoisted\n";

static void set_log(const char *text, size_t len)
{
	fake_dev.log = text;
	fake_dev.log_len = len;
}

static void test_dmesg_prints_log(void **state)
{
	struct fake_run r;

	(void)state;
	set_log(sample_log, strlen(sample_log));
	fake_run(&r, "dmesg", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out, sample_log);
	assert_string_equal(r.err, "");
	/* One read, with the largest buffer the ABI allows, no clear. */
	assert_int_equal(fake_dev.log_reads, 1);
	assert_int_equal(fake_dev.log_len_seen, HOIST_LOG_MAX);
	assert_int_equal(fake_dev.log_clear_seen, 0);
	assert_false(fake_dev.bad_request);
	assert_int_equal(fake_dev.opens, fake_dev.closes);
	fake_run_free(&r);
}

static void test_dmesg_clear(void **state)
{
	static const char *const forms[] = { "-c", "--clear" };
	struct fake_run r;
	unsigned i;

	(void)state;
	set_log(sample_log, strlen(sample_log));
	for (i = 0; i < 2; i++) {
		fake_run(&r, "dmesg", forms[i], NULL);
		assert_int_equal(r.ret, 0);
		assert_string_equal(r.out, sample_log);
		assert_int_equal(fake_dev.log_clear_seen, 1);
		fake_run_free(&r);
	}
}

static void test_dmesg_empty_log(void **state)
{
	struct fake_run r;

	(void)state;
	set_log("", 0);
	fake_run(&r, "dmesg", NULL);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.out_len, 0);
	fake_run_free(&r);
}

static void test_dmesg_adds_final_newline(void **state)
{
	struct fake_run r;

	(void)state;
	set_log("(HV) partial line", 17);
	fake_run(&r, "dmesg", NULL);
	assert_string_equal(r.out, "(HV) partial line\n");
	fake_run_free(&r);
}

static void test_dmesg_drops_trailing_nuls(void **state)
{
	static const char with_nul[] = "(HV) one\n\0\0";
	struct fake_run r;

	(void)state;
	set_log(with_nul, sizeof(with_nul));
	fake_run(&r, "dmesg", NULL);
	assert_int_equal(r.out_len, 9);
	assert_string_equal(r.out, "(HV) one\n");
	fake_run_free(&r);
}

static void test_dmesg_bad_reply(void **state)
{
	struct fake_run r;

	(void)state;
	set_log(sample_log, strlen(sample_log));
	fake_dev.log_overclaim = 1;
	fake_run(&r, "dmesg", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "hoist: reading the hypervisor log: "
			    "Input/output error (bad reply from /dev/hoist?)\n");
	fake_run_free(&r);
}

static void test_dmesg_errors(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.open_err = -ENOENT;
	fake_run(&r, "dmesg", "-c", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: /dev/hoist not found: the hoist "
			    "module is not loaded (insmod hoist.ko)\n");
	fake_run_free(&r);

	fake_dev.open_err = -EPERM;
	fake_run(&r, "dmesg", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: permission denied opening "
			    "/dev/hoist: run as root\n");
	fake_run_free(&r);

	fake_dev.open_err = -EMFILE;
	fake_run(&r, "dmesg", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: cannot open /dev/hoist: Too many "
			    "open files\n");
	fake_run_free(&r);

	fake_dev.open_err = 0;
	fake_dev.log_err = -EPERM;
	fake_run(&r, "dmesg", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: reading the hypervisor log: "
			    "permission denied: run as root\n");
	fake_run_free(&r);
}

static void test_dmesg_usage(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "dmesg", "-x", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: dmesg: unknown option '-x'; try "
			    "'hoist help dmesg'\n");
	fake_run_free(&r);
	fake_run(&r, "dmesg", "now", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: dmesg: unexpected argument 'now'; "
			    "try 'hoist help dmesg'\n");
	fake_run_free(&r);
	assert_int_equal(fake_dev.opens, 0);
	/* Help wins over the rest, and reads nothing. */
	fake_run(&r, "dmesg", "-c", "--help", NULL);
	assert_int_equal(r.ret, 0);
	assert_memory_equal(r.out, "Usage: hoist dmesg [-c]\n", 24);
	assert_int_equal(fake_dev.log_reads, 0);
	fake_run_free(&r);
}

static void test_dmesg_library_checks_length(void **state)
{
	struct hoist_dev dev;
	char buf[4];
	size_t copied = 99;

	(void)state;
	assert_int_equal(hoist_dev_open(&dev, &fake_dev_ops), 0);
	assert_int_equal(hoist_dev_log_read(&dev, buf, 0, 0, &copied), -EINVAL);
	assert_int_equal(copied, 0);
	assert_int_equal(hoist_dev_log_read(&dev, buf,
					    (size_t)HOIST_LOG_MAX + 1, 0,
					    &copied), -EINVAL);
	/* Refused before reaching the device. */
	assert_int_equal(fake_dev.log_reads, 0);
	set_log("abcdef", 6);
	assert_int_equal(hoist_dev_log_read(&dev, buf, sizeof(buf), 0,
					    &copied), 0);
	assert_int_equal(copied, 4);
	assert_memory_equal(buf, "abcd", 4);
	hoist_dev_close(&dev);
	assert_int_equal(fake_dev.closes, 1);
	hoist_dev_close(&dev);		/* closing twice is harmless */
	assert_int_equal(fake_dev.closes, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_dmesg_prints_log, fake_setup),
		cmocka_unit_test_setup(test_dmesg_clear, fake_setup),
		cmocka_unit_test_setup(test_dmesg_empty_log, fake_setup),
		cmocka_unit_test_setup(test_dmesg_adds_final_newline, fake_setup),
		cmocka_unit_test_setup(test_dmesg_drops_trailing_nuls,
				       fake_setup),
		cmocka_unit_test_setup(test_dmesg_bad_reply, fake_setup),
		cmocka_unit_test_setup(test_dmesg_errors, fake_setup),
		cmocka_unit_test_setup(test_dmesg_usage, fake_setup),
		cmocka_unit_test_setup(test_dmesg_library_checks_length,
				       fake_setup),
	};

	return cmocka_run_group_tests_name("tools_dmesg", tests, NULL, NULL);
}
