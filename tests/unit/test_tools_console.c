/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hoist tool: console input (tools/console.c, console_input.c) through
 * the fake hypervisor, whose guests can echo what they are sent: input
 * from a pipe forwarded while the output is printed, a full ring
 * retried, input EOF with the output going on, errors.  Ctrl-] and the
 * terminal are in test_tools_keys.c (they end the process).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "test_tools_fake.h"

static struct fake_dom *dom;
static int keys[2];		/* the console's input: a pipe */

static int setup(void **state)
{
	fake_setup(state);
	dom = fake_add_domain("hello", HOIST_DOM_RUNNING, 32768, 1, 0);
	dom->console = "Hi\n";
	dom->console_block = 1;
	assert_int_equal(pipe(keys), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	close(keys[0]);
	if (keys[1] >= 0)
		close(keys[1]);
	return 0;
}

static void type(const char *s)
{
	assert_int_equal(write(keys[1], s, strlen(s)), (ssize_t)strlen(s));
}

static void end_of_input(void)
{
	close(keys[1]);
	keys[1] = -1;
}

/* hoist console hello, reading keys[0]. */
static void run_console(struct fake_run *r)
{
	char *argv[] = { "hoist", "console", "hello", NULL };
	struct hoist_env env;

	fake_env(&env, r);
	env.in_fd = keys[0];
	r->ret = hoist_main(&env, 3, argv);
	fake_env_done(&env);
}

static void check(struct fake_run *r, int ret, const char *out,
		  const char *err)
{
	assert_string_equal(r->out, out);
	assert_string_equal(r->err, err);
	assert_int_equal(r->ret, ret);
	assert_int_equal(fake_dev.bad_request, 0);
	assert_int_equal(fake_dev.opens, fake_dev.closes);
	fake_run_free(r);
}

static const char *input(void)
{
	static char buf[8192];

	fake_console_input(dom, buf, sizeof(buf));
	return buf;
}

static void test_pipe_input_forwarded(void **state)
{
	struct fake_run r;

	(void)state;
	/* The guest echoes, and powers off on "poweroff". */
	dom->input_echo = 1;
	dom->input_end = "poweroff\n";
	type("uname -r\npoweroff\n");
	run_console(&r);
	check(&r, 0, "Hi\nuname -r\npoweroff\n", "");
	assert_string_equal(input(), "uname -r\npoweroff\n");
}

/* Output from the guest after a delay, then it is gone. */
static void *later(void *arg)
{
	nanosleep(&(struct timespec){ 0, 50 * 1000 * 1000 }, NULL);
	fake_console_push(dom, arg, 1);
	return NULL;
}

static void test_output_goes_on_after_eof(void **state)
{
	struct fake_run r;
	pthread_t t;

	(void)state;
	type("x");
	end_of_input();
	assert_int_equal(pthread_create(&t, NULL, later, "late output\n"), 0);
	run_console(&r);
	pthread_join(t, NULL);
	check(&r, 0, "Hi\nlate output\n", "");
	assert_string_equal(input(), "x");
	assert_int_equal(dom->writes, 1);
}

static void test_full_ring_retried(void **state)
{
	struct fake_run r;

	(void)state;
	dom->input_echo = 1;
	dom->input_end = "q";
	dom->input_full = 3;		/* three tries find the ring full */
	type("abcq");
	run_console(&r);
	check(&r, 0, "Hi\nabcq", "");
	assert_string_equal(input(), "abcq");
	assert_int_equal(dom->writes, 4);
}

static void test_partial_writes(void **state)
{
	struct fake_run r;

	(void)state;
	dom->input_echo = 1;
	dom->input_end = "end";
	dom->input_max = 3;		/* the ring takes 3 bytes at a time */
	type("0123456789end");
	end_of_input();
	run_console(&r);
	check(&r, 0, "Hi\n0123456789end", "");
	assert_string_equal(input(), "0123456789end");
	assert_int_equal(dom->writes, 5);
}

static void test_input_refused(void **state)
{
	struct fake_run r;
	pthread_t t;

	(void)state;
	/* Output goes on; one message about the input. */
	dom->input_err = -EINVAL;
	type("x");
	assert_int_equal(pthread_create(&t, NULL, later, "bye\n"), 0);
	run_console(&r);
	pthread_join(t, NULL);
	check(&r, 0, "Hi\nbye\n", "hoist: console: domain 1 does not take "
	      "console input (/dev/hoist refused it: a module older than "
	      "hoist, or no console ring); showing output only\n");
	dom = fake_add_domain("two", HOIST_DOM_RUNNING, 32768, 1, 0);
	dom->input_err = -EFAULT;
	assert_int_equal(write(keys[1], "y", 1), 1);
	{
		char *argv[] = { "hoist", "console", "two", NULL };
		struct hoist_env env;

		fake_env(&env, &r);
		env.in_fd = keys[0];
		r.ret = hoist_main(&env, 3, argv);
		fake_env_done(&env);
	}
	/* (Its output ends at once: the input may or may not be tried.) */
	assert_int_equal(r.ret, 0);
	if (dom->writes)
		assert_string_equal(r.err, "hoist: console: sending input to "
				    "domain 2: Bad address; showing output "
				    "only\n");
	fake_run_free(&r);
}

static void test_gone_with_input_pending(void **state)
{
	struct fake_run r;

	(void)state;
	/* Nothing typed, the pipe stays open: the end of the output must
	 * still end the command (the input thread is woken and joined). */
	dom->console_block = 0;
	run_console(&r);
	check(&r, 0, "Hi\n", "");
	assert_int_equal(dom->writes, 0);
}

static void test_gone_while_ring_full(void **state)
{
	struct fake_run r;
	pthread_t t;

	(void)state;
	dom->input_full = 1000000;	/* the guest never reads */
	type("stuck");
	assert_int_equal(pthread_create(&t, NULL, later, "done\n"), 0);
	run_console(&r);
	pthread_join(t, NULL);
	check(&r, 0, "Hi\ndone\n", "");
	assert_true(dom->writes >= 1);
}

static void test_read_refused(void **state)
{
	struct fake_run r;

	(void)state;
	fake_dev.fail_nr = FAKE_CONSOLE;
	fake_dev.fail_nth = 1;
	fake_dev.fail_err = -EINVAL;
	run_console(&r);
	check(&r, 1, "", "hoist: console: /dev/hoist refused to read domain "
	      "1's console (Invalid argument): is the module older than "
	      "hoist?\n");
}

static void test_dev_console_write(void **state)
{
	struct hoist_dev dev;
	char big[HOIST_CONSOLE_WRITE_MAX + 1];
	size_t written = 99;

	(void)state;
	memset(big, 'a', sizeof(big));
	assert_int_equal(hoist_dev_open(&dev, &fake_dev_ops), 0);
	/* Lengths out of range never reach the device. */
	assert_int_equal(hoist_dev_console_write(&dev, 1, big, 0, &written),
			 -EINVAL);
	assert_int_equal(written, 0);
	assert_int_equal(hoist_dev_console_write(&dev, 1, big, sizeof(big),
						 &written), -EINVAL);
	assert_int_equal(dom->writes, 0);
	assert_int_equal(hoist_dev_console_write(&dev, 1, big,
						 HOIST_CONSOLE_WRITE_MAX,
						 &written), 0);
	assert_int_equal(written, HOIST_CONSOLE_WRITE_MAX);
	assert_int_equal(hoist_dev_console_write(&dev, 77, "x", 1, &written),
			 -ENOENT);
	hoist_dev_close(&dev);
	assert_int_equal(fake_dev.bad_request, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pipe_input_forwarded),
		T(test_output_goes_on_after_eof),
		T(test_full_ring_retried),
		T(test_partial_writes),
		T(test_input_refused),
		T(test_gone_with_input_pending),
		T(test_gone_while_ring_full),
		T(test_read_refused),
		T(test_dev_console_write),
	};

	return cmocka_run_group_tests_name("tools_console", tests, NULL, NULL);
}
