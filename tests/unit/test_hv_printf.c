/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv/lib/printf.c against libc.  hv.mk builds the hypervisor's
 * vsnprintf/snprintf as hv_vsnprintf/hv_snprintf; here the renaming macros
 * are dropped so that snprintf is libc's, the reference.
 */
#undef snprintf
#undef vsnprintf
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

int hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int hv_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define SENTINEL 0x7e

/* Same text and same return value as libc, for a buffer that is big enough. */
#define SAME(...) do {							\
	char want_[256], got_[256];					\
	int wn_ = snprintf(want_, sizeof(want_), __VA_ARGS__);		\
	int gn_;							\
	memset(got_, SENTINEL, sizeof(got_));				\
	gn_ = hv_snprintf(got_, sizeof(got_), __VA_ARGS__);		\
	assert_string_equal(got_, want_);				\
	assert_int_equal(gn_, wn_);					\
} while (0)

/* A pointer the compiler cannot prove NULL (so -Wformat stays quiet). */
static const char *volatile null_str;

static void test_integers(void **state)
{
	(void)state;
	SAME("%d", 0);
	SAME("%d", 1);
	SAME("%d", -1);
	SAME("%d", INT_MAX);
	SAME("%d", INT_MIN);
	SAME("%i", -42);
	SAME("%i", 12345);
	SAME("%u", 0u);
	SAME("%u", UINT_MAX);
	SAME("%u", 3000000000u);
	SAME("%x", 0u);
	SAME("%x", 0xdeadbeefu);
	SAME("%X", 0xdeadbeefu);
	SAME("%x", (unsigned int)-1);
	SAME("%lx", 0xffffffffffffffffUL);
	SAME("%lx", 0x123456789abcdefUL);
	SAME("%lX", 0xabcdef0123UL);
	SAME("%lu", ULONG_MAX);
	SAME("%lu", 0UL);
	SAME("%ld", LONG_MIN);
	SAME("%ld", LONG_MAX);
	SAME("%ld", -1L);
	SAME("%ld", -9876543210L);
	SAME("%li", -77L);
	SAME("%lld", -5LL);
	SAME("%llu", 18446744073709551615ULL);
	SAME("%llx", 0x8000000000000000ULL);
	SAME("%zu", (size_t)123456789);
	SAME("%zx", (size_t)0xfeed);
}

static void test_strings_chars_pointers(void **state)
{
	int x;

	(void)state;
	SAME("%s", "hello");
	SAME("%s", "");
	SAME("[%s]", null_str);
	SAME("%c", 'A');
	SAME("%c%c%c", 'a', ' ', 'z');
	SAME("%p", (void *)0x1234);
	SAME("%p", (void *)&x);
	SAME("%p", (void *)~(uintptr_t)0);
	SAME("%%");
	SAME("100%% done, %d%%", 50);
	SAME("plain text, no conversions");
	SAME("%s=%d (0x%x) at %p: %c%s", "key", -3, 255u, (void *)0xfff, '!', "end");
}

static void test_width_and_flags(void **state)
{
	(void)state;
	SAME("%5d|", 42);
	SAME("%-5d|", 42);
	SAME("%05d|", 42);
	SAME("%05d|", -42);
	SAME("%5d|", -42);
	SAME("%-5d|", -42);
	/* '-' wins over '0' (gcc flags the combination as redundant). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
	SAME("%-05d|", -42);
	SAME("%-05d|", 42);
#pragma GCC diagnostic pop
	SAME("%01d|", -5);
	SAME("%3d|", 12345);
	SAME("%3d|", -12345);
	SAME("%08x|", 0xbeefu);
	SAME("%-8x|", 0xbeefu);
	SAME("%8X|", 0xbeefu);
	SAME("%016lx|", 0xdeadbeefUL);
	SAME("%20lu|", ULONG_MAX);
	SAME("%021ld|", LONG_MIN);
	SAME("%5u|", 0u);
	SAME("%05u|", 0u);
	SAME("%8s|", "ab");
	SAME("%-8s|", "ab");
	SAME("%2s|", "abcdef");
	SAME("%12s|", "");
	SAME("%-3s|%3s|", "a", "b");
	SAME("%010i|", -123);
	SAME("%-10zu|", (size_t)7);
}

/*
 * The header promises "a field width"; for %c and %p the width must pad
 * the whole field (as libc does), not be ignored / go between 0x and digits.
 */
static void test_width_on_c_and_p(void **state)
{
	(void)state;
	SAME("%3c|", 'x');
	SAME("%-3c|", 'x');
	SAME("%18p|", (void *)0x1234);
	SAME("%-18p|", (void *)0x1234);
}

static void test_truncation(void **state)
{
	char buf[32];
	int n;

	(void)state;
	memset(buf, SENTINEL, sizeof(buf));
	n = hv_snprintf(buf, 5, "hello %s", "world");
	assert_int_equal(n, 11);
	assert_string_equal(buf, "hell");
	for (size_t i = 5; i < sizeof(buf); i++)
		assert_int_equal(buf[i], SENTINEL);

	memset(buf, SENTINEL, sizeof(buf));
	n = hv_snprintf(buf, 4, "%d", -123456);
	assert_int_equal(n, 7);
	assert_string_equal(buf, "-12");
	assert_int_equal(buf[4], SENTINEL);

	memset(buf, SENTINEL, sizeof(buf));
	n = hv_snprintf(buf, 6, "%010x", 0xabcu);
	assert_int_equal(n, 10);
	assert_string_equal(buf, "00000");

	memset(buf, SENTINEL, sizeof(buf));
	n = hv_snprintf(buf, 1, "abc");
	assert_int_equal(n, 3);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], SENTINEL);

	/* Exactly fits: size = length + 1. */
	memset(buf, SENTINEL, sizeof(buf));
	n = hv_snprintf(buf, 4, "abc");
	assert_int_equal(n, 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(buf[4], SENTINEL);
	/* One short. */
	n = hv_snprintf(buf, 3, "abc");
	assert_int_equal(n, 3);
	assert_string_equal(buf, "ab");
}

static void test_size_zero_writes_nothing(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, SENTINEL, sizeof(buf));
	assert_int_equal(hv_snprintf(buf, 0, "hello %d", 1234), 10);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], SENTINEL);
	/* The usual "how long would it be" call with a NULL buffer. */
	assert_int_equal(hv_snprintf(NULL, 0, "%s-%lu", "abc", 99UL), 6);
	assert_int_equal(hv_snprintf(buf, 8, "%s", ""), 0);
	assert_int_equal(buf[0], '\0');
}

static int via_va_list(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int via_va_list(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = hv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_vsnprintf(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(via_va_list(buf, sizeof(buf), "%s:%d:%lx", "f", -1, 16UL), 7);
	assert_string_equal(buf, "f:-1:10");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_strings_chars_pointers),
		cmocka_unit_test(test_width_and_flags),
		cmocka_unit_test(test_width_on_c_and_p),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_size_zero_writes_nothing),
		cmocka_unit_test(test_vsnprintf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
