/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv/log.c: the hypervisor's log ring.  Serial output stays off
 * (log_init(NULL)), so no port I/O happens on the build host.  The ring is
 * static in log.c; each test starts with log_clear().
 */
#undef snprintf
#undef vsnprintf
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/log.h>

static char buf[HV_LOG_SIZE + 64];

static int setup(void **state)
{
	(void)state;
	log_init(NULL);
	log_clear();
	assert_int_equal(log_used(), 0);
	return 0;
}

/* The whole log as a NUL-terminated string in buf. */
static const char *all(void)
{
	size_t n = log_copy(0, buf, sizeof(buf) - 1);

	assert_int_equal(n, log_used());
	buf[n] = '\0';
	return buf;
}

static void test_prefix_and_newline(void **state)
{
	(void)state;
	hv_log("hello %d", 5);
	assert_string_equal(all(), "(hoist) hello 5\n");
	assert_int_equal(log_used(), strlen("(hoist) hello 5\n"));
	/* A line that ends in a newline gets no second one. */
	hv_log("cpu%u up\n", 1u);
	assert_string_equal(all(), "(hoist) hello 5\n(hoist) cpu1 up\n");
	/* An empty message is still a line. */
	hv_log("%s", "");
	assert_string_equal(all(), "(hoist) hello 5\n(hoist) cpu1 up\n(hoist) \n");
	/* A newline inside is kept; only the end is checked. */
	log_clear();
	hv_log("a\nb");
	assert_string_equal(all(), "(hoist) a\nb\n");
}

static void test_long_line_truncated(void **state)
{
	char msg[400], want[400];

	(void)state;
	memset(msg, 'x', 300);
	msg[300] = '\0';
	hv_log("%s", msg);
	/* 255 characters of message fit the line buffer, then the newline. */
	snprintf(want, sizeof(want), "(hoist) %.255s\n", msg);
	assert_string_equal(all(), want);
	assert_int_equal(log_used(), 8 + 255 + 1);
	/* Exactly 255 characters plus a newline: the newline does not fit. */
	log_clear();
	memset(msg, 'y', 255);
	msg[255] = '\n';
	msg[256] = '\0';
	hv_log("%s", msg);
	snprintf(want, sizeof(want), "(hoist) %.255s\n", msg);
	assert_string_equal(all(), want);
}

static void test_copy_offsets(void **state)
{
	const char *a = "(hoist) first\n", *b = "(hoist) second\n";
	char out[64];

	(void)state;
	hv_log("first");
	hv_log("second");
	assert_int_equal(log_used(), strlen(a) + strlen(b));
	/* skip = length of the first line: the second only. */
	memset(out, 0, sizeof(out));
	assert_int_equal(log_copy(strlen(a), out, sizeof(out)), strlen(b));
	assert_string_equal(out, b);
	/* len limits the copy. */
	memset(out, 0, sizeof(out));
	assert_int_equal(log_copy(0, out, 3), 3);
	assert_string_equal(out, "(ho");
	memset(out, 0, sizeof(out));
	assert_int_equal(log_copy(9, out, 4), 4);
	assert_string_equal(out, "irst");
	/* Nothing at or past the end, nothing for len 0. */
	assert_int_equal(log_copy(log_used(), out, sizeof(out)), 0);
	assert_int_equal(log_copy(log_used() + 100, out, sizeof(out)), 0);
	assert_int_equal(log_copy(0, out, 0), 0);
	/* Copying does not consume. */
	assert_int_equal(log_used(), strlen(a) + strlen(b));
}

static void test_clear_and_consume(void **state)
{
	(void)state;
	hv_log("one");
	hv_log("two");
	log_clear();
	assert_int_equal(log_used(), 0);
	assert_int_equal(log_copy(0, buf, sizeof(buf)), 0);
	hv_log("three");
	assert_string_equal(all(), "(hoist) three\n");
	log_consume(8);
	assert_string_equal(all(), "three\n");
	log_consume(0);
	assert_int_equal(log_used(), 6);
	log_consume(1000);
	assert_int_equal(log_used(), 0);
	hv_log("four");
	assert_string_equal(all(), "(hoist) four\n");
}

static void test_wrap_keeps_newest(void **state)
{
	size_t cap = 3 * HV_LOG_SIZE, len = 0;
	char *stream = malloc(cap);
	char *out = malloc(HV_LOG_SIZE + 16);

	(void)state;
	assert_non_null(stream);
	assert_non_null(out);
	/* Lines of varying length until well over twice the ring's size. */
	for (unsigned int i = 0; len < 2 * HV_LOG_SIZE + 1234; i++) {
		char msg[80];

		/* hv's printf has no precision: build the text with libc's. */
		snprintf(msg, sizeof(msg), "line %u %.*s", i, (int)(i % 50),
			 "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
		hv_log("%s", msg);
		len += (size_t)snprintf(stream + len, cap - len, "(hoist) %s\n", msg);
		if (len <= HV_LOG_SIZE)
			assert_int_equal(log_used(), len);
	}
	assert_int_equal(log_used(), HV_LOG_SIZE);
	/* The ring holds the last HV_LOG_SIZE bytes, oldest first. */
	assert_int_equal(log_copy(0, out, HV_LOG_SIZE + 16), HV_LOG_SIZE);
	assert_memory_equal(out, stream + len - HV_LOG_SIZE, HV_LOG_SIZE);
	/* Offsets count from the oldest byte still held. */
	assert_int_equal(log_copy(1000, out, 50), 50);
	assert_memory_equal(out, stream + len - HV_LOG_SIZE + 1000, 50);
	assert_int_equal(log_copy(HV_LOG_SIZE - 10, out, 50), 10);
	assert_memory_equal(out, stream + len - 10, 10);
	/* Consuming after a wrap. */
	log_consume(HV_LOG_SIZE - 5);
	assert_int_equal(log_copy(0, out, 50), 5);
	assert_memory_equal(out, stream + len - 5, 5);
	free(stream);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_prefix_and_newline, setup),
		cmocka_unit_test_setup(test_long_line_truncated, setup),
		cmocka_unit_test_setup(test_copy_offsets, setup),
		cmocka_unit_test_setup(test_clear_and_consume, setup),
		cmocka_unit_test_setup(test_wrap_keeps_newest, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
