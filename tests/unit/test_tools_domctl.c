/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* hoist tool: destroy, pause, unpause, shutdown and console. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_tools_fake.h"

static struct fake_dom *hello;

static int setup(void **state)
{
	fake_setup(state);
	hello = fake_add_domain("hello", HOIST_DOM_RUNNING, 32 * 1024, 1, 0);
	fake_add_domain("web", HOIST_DOM_BLOCKED, 64 * 1024, 2, 0);
	return 0;
}

/* Runs and checks exit status, stdout and stderr. */
static void run3(int ret, const char *out, const char *err, const char *a1,
		 const char *a2, const char *a3)
{
	struct fake_run r;

	fake_run(&r, a1, a2, a3, NULL);
	assert_string_equal(r.err, err);
	assert_string_equal(r.out, out);
	assert_int_equal(r.ret, ret);
	fake_run_free(&r);
	if (!fake_dev.open_err)
		assert_int_equal(fake_dev.opens, fake_dev.closes);
	assert_int_equal(fake_dev.bad_request, 0);
}

static void test_destroy(void **state)
{
	(void)state;
	/* Silent, like xl. */
	run3(0, "", "", "destroy", "hello", NULL);
	assert_null(fake_find(1));
	assert_string_equal(fake_call_seq(), "10 9");
	assert_int_equal(fake_dev.calls[1].domid, 1);
	/* By id. */
	run3(0, "", "", "destroy", "2", NULL);
	assert_null(fake_find(2));
}

static void test_destroy_errors(void **state)
{
	(void)state;
	run3(1, "", "hoist: Domain 'nope' does not exist.\n", "destroy",
	     "nope", NULL);
	run3(1, "", "hoist: Domain '7' does not exist.\n", "destroy", "7",
	     NULL);
	run3(1, "", "hoist: destroy: not destroying Domain-0: it is the system "
	     "running hoist\n", "destroy", "0", NULL);
	run3(1, "", "hoist: destroy: not destroying Domain-0: it is the system "
	     "running hoist\n", "destroy", "Domain-0", NULL);
	run3(1, "", "hoist: destroy: no domain given; try 'hoist help "
	     "destroy'\n", "destroy", NULL, NULL);
	run3(1, "", "hoist: destroy: unexpected argument 'web'; try 'hoist "
	     "help destroy'\n", "destroy", "hello", "web");
	run3(1, "", "hoist: destroy: unknown option '-f'; try 'hoist help "
	     "destroy'\n", "destroy", "-f", "hello");
	/* The module refuses. */
	fake_dev.fail_nr = FAKE_DESTROY;
	fake_dev.fail_nth = 1;
	fake_dev.fail_err = -EBUSY;
	run3(1, "", "hoist: destroy: Device or resource busy\n", "destroy",
	     "hello", NULL);
	/* Gone between the lookup and the request. */
	fake_dev.fail_nth = 2;
	fake_dev.fail_err = -ENOENT;
	run3(1, "", "hoist: Domain 'hello' does not exist.\n", "destroy",
	     "hello", NULL);
	assert_non_null(fake_find(1));
	fake_dev.open_err = -ENOENT;
	run3(1, "", "hoist: /dev/hoist not found: the hoist module is not "
	     "loaded (insmod hoist.ko)\n", "destroy", "hello", NULL);
}

static void test_pause_unpause(void **state)
{
	(void)state;
	run3(0, "", "", "pause", "hello", NULL);
	assert_int_equal(hello->info.flags, HOIST_DOM_PAUSED);
	run3(0, "", "", "unpause", "1", NULL);
	assert_int_equal(hello->info.flags, HOIST_DOM_RUNNING);
	assert_string_equal(fake_call_seq(), "10 8 10 7");
	run3(1, "", "hoist: pause: not pausing Domain-0: it is the system "
	     "running hoist\n", "pause", "Domain-0", NULL);
	run3(1, "", "hoist: unpause: not unpausing Domain-0: it is the "
	     "system running hoist\n", "unpause", "0", NULL);
	run3(1, "", "hoist: Domain 'x' does not exist.\n", "pause", "x", NULL);
	run3(1, "", "hoist: unpause: no domain given; try 'hoist help "
	     "unpause'\n", "unpause", NULL, NULL);
	fake_dev.fail_nr = FAKE_UNPAUSE;
	fake_dev.fail_nth = 2;
	fake_dev.fail_err = -EINVAL;
	run3(1, "", "hoist: unpause: Invalid argument\n", "unpause", "web",
	     NULL);
}

static void test_shutdown(void **state)
{
	/* hello has no store nodes (tests/unit/test_tools_control.c has
	 * guests that do): xl's words for a guest without PV control. */
	const char *msg = "PV control interface not available: external "
			  "graceful shutdown not possible.\nUse \"-F\" to "
			  "fallback to ACPI power event.\n";

	(void)state;
	run3(1, "", msg, "shutdown", "hello", NULL);
	run3(1, "", msg, "shutdown", "-w", "1");
	run3(1, "", msg, "shutdown", "--wait", "hello");
	/* Nothing was asked of the domain. */
	assert_string_equal(fake_call_seq(), "10 10 10");
	assert_int_equal(hello->info.flags, HOIST_DOM_RUNNING);
	run3(1, "", "hoist: Domain 'nope' does not exist.\n", "shutdown",
	     "nope", NULL);
	run3(1, "", "hoist: shutdown: not shutting down Domain-0: it is the "
	     "system running hoist\n", "shutdown", "Domain-0", NULL);
	run3(1, "", "hoist: shutdown: missing DOMAIN; try 'hoist help "
	     "shutdown'\n", "shutdown", "-w", NULL);
}

static void test_console(void **state)
{
	const char *text = "Hello from a PVH guest\nsecond line\n";

	(void)state;
	hello->console = text;
	hello->console_chunk = 5;
	/* Everything, in order, and the end when the domain is gone. */
	run3(0, text, "", "console", "hello", NULL);
	assert_int_equal(fake_dev.nr_count[FAKE_CONSOLE],
			 (strlen(text) + 4) / 5 + 1);
	hello->console_pos = 0;
	hello->console_chunk = 0;
	run3(0, text, "", "console", "1", NULL);
}

static void test_console_errors(void **state)
{
	(void)state;
	run3(1, "", "hoist: Domain 'nope' does not exist.\n", "console",
	     "nope", NULL);
	run3(1, "", "hoist: console: Domain-0 has no console to attach to: it "
	     "is the system running hoist\n", "console", "0", NULL);
	run3(1, "", "hoist: console: no domain given; try 'hoist help "
	     "console'\n", "console", NULL, NULL);
	/* Destroyed while attached: the read says ENOENT, a normal end. */
	hello->console = "partial";
	hello->console_chunk = 4;
	fake_dev.fail_nr = FAKE_CONSOLE;
	fake_dev.fail_nth = 2;
	fake_dev.fail_err = -ENOENT;
	run3(0, "part", "", "console", "hello", NULL);
	hello->console_pos = 0;
	memset(fake_dev.nr_count, 0, sizeof(fake_dev.nr_count));
	fake_dev.fail_err = -EFAULT;
	run3(1, "part", "hoist: console: Bad address\n", "console", "hello",
	     NULL);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_destroy),
		T(test_destroy_errors),
		T(test_pause_unpause),
		T(test_shutdown),
		T(test_console),
		T(test_console_errors),
	};

	return cmocka_run_group_tests_name("tools_domctl", tests, NULL, NULL);
}
