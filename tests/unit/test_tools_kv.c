/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* hoist tool: the `xl info` key/value layout (tools/lib/kv.c). */
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

#include "lib/kv.h"

/* Prints a list into a string the test owns (free it). */
static char *print_list(const struct kv_list *l)
{
	char *buf = malloc(4096);
	FILE *f;

	assert_non_null(buf);
	memset(buf, 0, 4096);
	f = fmemopen(buf, 4096, "w");
	assert_non_null(f);
	kv_print(f, l);
	fclose(f);
	return buf;
}

static void test_kv_line_pads_key_to_23(void **state)
{
	struct kv_list l;
	char *s;

	(void)state;
	kv_init(&l);
	assert_int_equal(kv_add(&l, "host", "%s", "dom0"), 0);
	assert_int_equal(kv_add(&l, "nr_cpus", "%u", 2u), 0);
	s = print_list(&l);
	assert_string_equal(s,
		"host                   : dom0\n"
		"nr_cpus                : 2\n");
	/* The colon sits at column 24 (index 23) whatever the key. */
	assert_int_equal(strchr(s, ':') - s, KV_KEY_WIDTH);
	free(s);
}

static void test_kv_key_of_22_and_longer(void **state)
{
	struct kv_list l;
	char *s;

	(void)state;
	kv_init(&l);
	kv_add(&l, "hypervisor_free_memory", "23");
	kv_add(&l, "a_key_longer_than_23_columns", "x");
	s = print_list(&l);
	/* 22 characters get one space; a longer key pushes the colon. */
	assert_string_equal(s,
		"hypervisor_free_memory : 23\n"
		"a_key_longer_than_23_columns: x\n");
	free(s);
}

static void test_kv_empty_value(void **state)
{
	struct kv_list l;
	char *s;

	(void)state;
	kv_init(&l);
	kv_add(&l, "svm_features", "%s", "");
	s = print_list(&l);
	assert_string_equal(s, "svm_features           : \n");
	free(s);
}

static void test_kv_get(void **state)
{
	struct kv_list l;

	(void)state;
	kv_init(&l);
	kv_add(&l, "host", "dom0");
	kv_add(&l, "hoisted", "yes");
	assert_string_equal(kv_get(&l, "hoisted"), "yes");
	assert_string_equal(kv_get(&l, "host"), "dom0");
	assert_null(kv_get(&l, "hois"));	/* no prefix match */
	assert_null(kv_get(&l, "hoisted2"));
	assert_null(kv_get(&l, ""));
}

static void test_kv_order_kept(void **state)
{
	struct kv_list l;
	char *s;

	(void)state;
	kv_init(&l);
	kv_add(&l, "b", "2");
	kv_add(&l, "a", "1");
	s = print_list(&l);
	assert_true(strstr(s, "b ") < strstr(s, "a "));
	free(s);
}

static void test_kv_full_list(void **state)
{
	struct kv_list l;
	unsigned i;

	(void)state;
	kv_init(&l);
	for (i = 0; i < KV_MAX; i++)
		assert_int_equal(kv_add(&l, "k", "%u", i), 0);
	assert_int_equal(kv_add(&l, "overflow", "x"), -ENOSPC);
	assert_int_equal(l.n, KV_MAX);
	assert_null(kv_get(&l, "overflow"));
}

static void test_kv_value_truncated(void **state)
{
	char big[KV_VALUE_MAX + 10];
	struct kv_list l;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	kv_init(&l);
	assert_int_equal(kv_add(&l, "big", "%s", big), -E2BIG);
	assert_int_equal(strlen(kv_get(&l, "big")), KV_VALUE_MAX - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kv_line_pads_key_to_23),
		cmocka_unit_test(test_kv_key_of_22_and_longer),
		cmocka_unit_test(test_kv_empty_value),
		cmocka_unit_test(test_kv_get),
		cmocka_unit_test(test_kv_order_kept),
		cmocka_unit_test(test_kv_full_list),
		cmocka_unit_test(test_kv_value_truncated),
	};

	return cmocka_run_group_tests_name("tools_kv", tests, NULL, NULL);
}
