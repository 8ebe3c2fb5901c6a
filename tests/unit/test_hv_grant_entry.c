/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv/grant_entry.c: the checks dom0's use of a grant entry makes, and the
 * bits it adds and later drops.  The guest may set bits of its own: only
 * those acquire added are dropped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hv/grant_table.h>

static struct grant_entry_v1 ent(u16 flags, u16 domid)
{
	return (struct grant_entry_v1){ .flags = flags, .domid = domid,
					.frame = 0x1234 };
}

static void test_rw_grant(void **state)
{
	struct grant_entry_v1 e = ent(GTF_permit_access, 0);
	u16 added = 0;

	(void)state;
	assert_int_equal(gnt_entry_acquire(&e, true, &added), GNTST_okay);
	assert_int_equal(added, GTF_reading | GTF_writing);
	assert_int_equal(e.flags, GTF_permit_access | GTF_reading | GTF_writing);
	assert_int_equal(e.domid, 0);
	assert_int_equal(e.frame, 0x1234);
	gnt_entry_release(&e, added);
	assert_int_equal(e.flags, GTF_permit_access);
}

static void test_read_of_rw_grant(void **state)
{
	struct grant_entry_v1 e = ent(GTF_permit_access, 0);
	u16 added = 0;

	(void)state;
	assert_int_equal(gnt_entry_acquire(&e, false, &added), GNTST_okay);
	assert_int_equal(added, GTF_reading);
	assert_int_equal(e.flags, GTF_permit_access | GTF_reading);
}

static void test_readonly(void **state)
{
	struct grant_entry_v1 e = ent(GTF_permit_access | GTF_readonly, 0);
	u16 added = 0xffff;

	(void)state;
	assert_int_equal(gnt_entry_acquire(&e, true, &added),
			 GNTST_permission_denied);
	assert_int_equal(e.flags, GTF_permit_access | GTF_readonly);
	assert_int_equal(added, 0xffff);	/* untouched */
	assert_int_equal(gnt_entry_acquire(&e, false, &added), GNTST_okay);
	assert_int_equal(added, GTF_reading);
}

static void test_refused(void **state)
{
	static const struct {
		u16 flags, domid;
	} bad[] = {
		{ GTF_invalid, 0 },
		{ GTF_accept_transfer, 0 },
		{ GTF_transitive, 0 },
		{ GTF_permit_access, 5 },		/* another domain's */
		{ GTF_permit_access, 0x7ff0 },
		{ GTF_permit_access | GTF_sub_page, 0 },
	};
	u16 added;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct grant_entry_v1 e = ent(bad[i].flags, bad[i].domid);

		assert_int_equal(gnt_entry_acquire(&e, false, &added),
				 GNTST_permission_denied);
		assert_int_equal(e.flags, bad[i].flags);
		assert_int_equal(e.domid, bad[i].domid);
	}
}

/* Bits already set (a guest's own, or a map's) are not ours to drop. */
static void test_only_added_bits_dropped(void **state)
{
	struct grant_entry_v1 e = ent(GTF_permit_access | GTF_reading, 0);
	u16 added = 0;

	(void)state;
	assert_int_equal(gnt_entry_acquire(&e, true, &added), GNTST_okay);
	assert_int_equal(added, GTF_writing);
	gnt_entry_release(&e, added);
	assert_int_equal(e.flags, GTF_permit_access | GTF_reading);
}

/* A guest revoking as Linux does fails while the bits are held. */
static void test_revoke_race(void **state)
{
	struct grant_entry_v1 e = ent(GTF_permit_access, 0);
	u16 added, expect = GTF_permit_access;

	(void)state;
	assert_int_equal(gnt_entry_acquire(&e, false, &added), GNTST_okay);
	assert_false(__atomic_compare_exchange_n(&e.flags, &expect, 0, false,
						 __ATOMIC_SEQ_CST,
						 __ATOMIC_SEQ_CST));
	gnt_entry_release(&e, added);
	expect = GTF_permit_access;
	assert_true(__atomic_compare_exchange_n(&e.flags, &expect, 0, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST));
	/* Revoked: no more use. */
	assert_int_equal(gnt_entry_acquire(&e, false, &added),
			 GNTST_permission_denied);
}

static void test_copy_range(void **state)
{
	(void)state;
	assert_true(gnt_copy_range_ok(0, 4096));
	assert_true(gnt_copy_range_ok(4095, 1));
	assert_true(gnt_copy_range_ok(4096, 0));
	assert_false(gnt_copy_range_ok(4000, 200));
	assert_false(gnt_copy_range_ok(1, 4096));
	assert_false(gnt_copy_range_ok(0xffff, 0xffff));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rw_grant),
		cmocka_unit_test(test_read_of_rw_grant),
		cmocka_unit_test(test_readonly),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_only_added_bits_dropped),
		cmocka_unit_test(test_revoke_race),
		cmocka_unit_test(test_copy_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
