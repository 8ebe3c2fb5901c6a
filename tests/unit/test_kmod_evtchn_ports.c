/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod/evtchn_ports.h: one event-channel fd's ports.  Owned ports only;
 * a read masks what it takes until it is written back; an event for a
 * masked port waits and is readable again after the write; unbinding
 * forgets everything about a port.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define u32 uint32_t
#define u64 uint64_t
#include "evtchn_ports.h"

static struct evtchn_ports e;

static int setup(void **state)
{
	(void)state;
	memset(&e, 0, sizeof(e));
	return 0;
}

static void test_only_owned(void **state)
{
	u32 buf[8];

	(void)state;
	assert_false(ep_deliver(&e, 5));
	assert_false(ep_readable(&e));
	assert_int_equal(ep_take(&e, buf, 8), 0);
	assert_false(ep_unmask(&e, 5));
	/* Out of range: ignored, never an index. */
	ep_bind(&e, HOIST_DOM0_PORTS);
	assert_false(ep_owns(&e, HOIST_DOM0_PORTS));
	assert_false(ep_deliver(&e, 0xffffffffu));
	assert_false(ep_unmask(&e, HOIST_DOM0_PORTS + 64));
	ep_unbind(&e, 0xffffffffu);
}

static void test_read_masks_until_written(void **state)
{
	u32 buf[8];

	(void)state;
	ep_bind(&e, 70);
	assert_true(ep_owns(&e, 70));
	assert_false(ep_readable(&e));
	assert_true(ep_deliver(&e, 70));
	assert_true(ep_readable(&e));
	assert_int_equal(ep_take(&e, buf, 8), 1);
	assert_int_equal(buf[0], 70);
	assert_false(ep_readable(&e));
	/* Masked: a new event waits. */
	assert_false(ep_deliver(&e, 70));
	assert_false(ep_readable(&e));
	assert_int_equal(ep_take(&e, buf, 8), 0);
	/* Written back: readable again, once. */
	assert_true(ep_unmask(&e, 70));
	assert_true(ep_readable(&e));
	assert_int_equal(ep_take(&e, buf, 8), 1);
	assert_false(ep_unmask(&e, 70));	/* nothing waits now */
	assert_false(ep_readable(&e));
}

static void test_events_coalesce(void **state)
{
	u32 buf[8];

	(void)state;
	ep_bind(&e, 3);
	ep_deliver(&e, 3);
	ep_deliver(&e, 3);
	ep_deliver(&e, 3);
	assert_int_equal(ep_take(&e, buf, 8), 1);
	ep_unmask(&e, 3);
	assert_int_equal(ep_take(&e, buf, 8), 0);
}

static void test_take_bounded_in_order(void **state)
{
	static const u32 ports[] = { 1, 63, 64, 65, 500, HOIST_DOM0_PORTS - 1 };
	u32 buf[8];

	(void)state;
	for (size_t i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
		ep_bind(&e, ports[i]);
		ep_deliver(&e, ports[i]);
	}
	assert_int_equal(ep_take(&e, buf, 4), 4);
	for (u32 i = 0; i < 4; i++)
		assert_int_equal(buf[i], ports[i]);
	assert_int_equal(ep_take(&e, buf, 8), 2);
	assert_int_equal(buf[0], 500);
	assert_int_equal(buf[1], HOIST_DOM0_PORTS - 1);
}

static void test_untake_gives_back(void **state)
{
	u32 buf[8];

	(void)state;
	ep_bind(&e, 10);
	ep_bind(&e, 11);
	ep_deliver(&e, 10);
	ep_deliver(&e, 11);
	assert_int_equal(ep_take(&e, buf, 8), 2);
	ep_unbind(&e, 11);		/* gone meanwhile: not given back */
	ep_untake(&e, buf, 2);
	assert_int_equal(ep_take(&e, buf, 8), 1);
	assert_int_equal(buf[0], 10);
}

static void test_unbind_forgets(void **state)
{
	u32 buf[8];

	(void)state;
	ep_bind(&e, 200);
	ep_deliver(&e, 200);
	ep_take(&e, buf, 8);		/* masked now */
	ep_deliver(&e, 200);		/* and pending */
	ep_unbind(&e, 200);
	assert_false(ep_owns(&e, 200));
	assert_false(ep_readable(&e));
	/* Bound again (another binding, same number): a clean start. */
	ep_bind(&e, 200);
	assert_false(ep_readable(&e));
	assert_true(ep_deliver(&e, 200));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_only_owned),
		T(test_read_masks_until_written),
		T(test_events_coalesce),
		T(test_take_bounded_in_order),
		T(test_untake_gives_back),
		T(test_unbind_forgets),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
