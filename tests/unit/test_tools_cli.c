/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* hoist: command dispatch, help, version and exit statuses. */
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

#define USAGE \
	"Usage: hoist <command> [args]\n" \
	"\n" \
	"Commands:\n" \
	" create              create a domain from a config file\n" \
	" list                list domains\n" \
	" destroy             terminate a domain at once\n" \
	" shutdown            ask a domain to shut down\n" \
	" reboot              ask a domain to reboot\n" \
	" sysrq               send a magic SysRq key to a domain\n" \
	" pause               pause a domain\n" \
	" unpause             unpause a domain\n" \
	" console             attach to a domain's console\n" \
	" vcpu-list           list the vCPUs of domains\n" \
	" info                show host and hypervisor information\n" \
	" dmesg               print the hypervisor log\n" \
	" stats               show VM exits per reason per CPU\n" \
	" help                show help for hoist or one command\n" \
	" version             print the version of hoist\n" \
	"\n" \
	"'hoist help COMMAND' shows the usage of one command.\n"

static void test_no_command(void **state)
{
	struct fake_run r;

	(void)state;
	/* As xl: the usage on stdout, exit status 1. */
	fake_run(&r, NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.out, USAGE);
	assert_string_equal(r.err, "");
	fake_run_free(&r);
}

static void test_help_forms(void **state)
{
	static const char *const forms[] = { "help", "--help", "-h" };
	struct fake_run r;
	unsigned i;

	(void)state;
	for (i = 0; i < 3; i++) {
		fake_run(&r, forms[i], NULL);
		assert_int_equal(r.ret, 0);
		assert_string_equal(r.out, USAGE);
		assert_string_equal(r.err, "");
		fake_run_free(&r);
	}
	assert_int_equal(fake_dev.opens, 0);
}

static void test_help_command(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "help", "dmesg", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.out,
		"Usage: hoist dmesg [-c]\n"
		"\n"
		"Print the hypervisor's log buffer.\n"
		"\n"
		"Options:\n"
		" -c, --clear         clear the log after reading it\n"
		" -h, --help          show this help\n");
	fake_run_free(&r);

	/* `hoist CMD --help` is the same text as `hoist help CMD`. */
	fake_run(&r, "help", "stats", NULL);
	{
		char *want = strdup(r.out);

		fake_run_free(&r);
		fake_run(&r, "stats", "--help", NULL);
		assert_int_equal(r.ret, 0);
		assert_string_equal(r.out, want);
		free(want);
	}
	fake_run_free(&r);
}

static void test_help_every_command(void **state)
{
	struct fake_run r;
	char want[64];
	unsigned i;

	(void)state;
	for (i = 0; i < hoist_nr_cmds; i++) {
		fake_run(&r, "help", hoist_cmds[i].name, NULL);
		assert_int_equal(r.ret, 0);
		snprintf(want, sizeof(want), "Usage: hoist %s",
			 hoist_cmds[i].name);
		assert_memory_equal(r.out, want, strlen(want));
		assert_non_null(strstr(r.out, "\nOptions:\n"));
		assert_non_null(strstr(r.out, " -h, --help "));
		fake_run_free(&r);
	}
}

static void test_help_unknown(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "help", "migrate", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "hoist: unknown command 'migrate'; try "
			    "'hoist help'\n");
	fake_run_free(&r);
	fake_run(&r, "help", "info", "stats", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: help: too many arguments; try "
			    "'hoist help'\n");
	fake_run_free(&r);
}

static void test_version(void **state)
{
	static const char *const forms[] = { "version", "--version" };
	struct fake_run r;
	unsigned i;

	(void)state;
	for (i = 0; i < 2; i++) {
		fake_run(&r, forms[i], NULL);
		assert_int_equal(r.ret, 0);
		assert_string_equal(r.out, "hoist 0.1.0\n");
		fake_run_free(&r);
	}
	fake_run(&r, "version", "x", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: version: unexpected argument 'x'; "
			    "try 'hoist help version'\n");
	fake_run_free(&r);
}

static void test_unknown_command_and_option(void **state)
{
	struct fake_run r;

	(void)state;
	fake_run(&r, "block-list", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "hoist: unknown command 'block-list'; try "
			    "'hoist help'\n");
	fake_run_free(&r);
	fake_run(&r, "-v", "info", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.err, "hoist: unknown option '-v'; try "
			    "'hoist help'\n");
	fake_run_free(&r);
	/* Commands are matched whole, not by prefix. */
	fake_run(&r, "inf", NULL);
	assert_int_equal(r.ret, 1);
	fake_run_free(&r);
	assert_int_equal(fake_dev.opens, 0);
}

static void test_write_error_fails(void **state)
{
	struct hoist_env env;
	char *argv[] = { "hoist", "help", NULL };
	char *err = NULL;
	size_t err_len = 0;
	FILE *full = fopen("/dev/full", "w");

	(void)state;
	if (!full)
		skip();
	memset(&env, 0, sizeof(env));
	env.in_fd = -1;
	env.dev = &fake_dev_ops;
	env.host = &fake_host_ops;
	env.out = full;
	env.err = open_memstream(&err, &err_len);
	assert_non_null(env.err);
	assert_int_equal(hoist_main(&env, 2, argv), 1);
	fclose(env.err);
	assert_string_equal(err, "hoist: error writing output: No space left "
			    "on device\n");
	free(err);
	fclose(full);
}

static void test_parse_u32(void **state)
{
	uint32_t v = 7;

	(void)state;
	assert_int_equal(hoist_parse_u32("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(hoist_parse_u32("4294967295", &v), 0);
	assert_int_equal(v, UINT32_MAX);
	assert_int_equal(hoist_parse_u32("4294967296", &v), -EINVAL);
	assert_int_equal(hoist_parse_u32("99999999999999999999999", &v),
			 -EINVAL);
	assert_int_equal(hoist_parse_u32("", &v), -EINVAL);
	assert_int_equal(hoist_parse_u32("+1", &v), -EINVAL);
	assert_int_equal(hoist_parse_u32(" 1", &v), -EINVAL);
	assert_int_equal(v, UINT32_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_no_command, fake_setup),
		cmocka_unit_test_setup(test_help_forms, fake_setup),
		cmocka_unit_test_setup(test_help_command, fake_setup),
		cmocka_unit_test_setup(test_help_every_command, fake_setup),
		cmocka_unit_test_setup(test_help_unknown, fake_setup),
		cmocka_unit_test_setup(test_version, fake_setup),
		cmocka_unit_test_setup(test_unknown_command_and_option,
				       fake_setup),
		cmocka_unit_test_setup(test_write_error_fails, fake_setup),
		cmocka_unit_test(test_parse_u32),
	};

	return cmocka_run_group_tests_name("tools_cli", tests, NULL, NULL);
}
