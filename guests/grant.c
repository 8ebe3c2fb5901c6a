/*
 * grant: a domU's side of grant tables v1, for dom0's test tool
 * (tests/system/helpers/gnt-test.c, scenario grants).  Sets its table up
 * the way Linux does (query_size, set_version, add_to_physmap), checks
 * what a guest must be refused, then grants pages to dom0 at fixed refs
 * and plays its part of the tests through the pages themselves.
 *
 * Refs: 8 page A, writable (copy in/out; dom0 signals through it)
 *       9 page B, read-only
 *      10 page C, writable but to domain 5, not dom0
 *      11 invalid
 *      12 page D, writable: dom0 maps it; the guest tries to revoke
 *      13 page E, writable: dom0 maps it and destroys the domain
 * Output (each a line):
 *   grant: table nr N max M
 *   grant: frame 1 moved N times, then ENOMEM
 *   grant: refs rw=8 ro=9 other=10 invalid=11 map=12 destroy=13
 *   grant: copy-in seen                      dom0's copy into A arrived
 *   grant: revoke refused while mapped (flags 0xF)
 *   grant: revoke ok after unmap
 * No verdict once the grants are up: it runs until destroyed (a failed
 * check before that is a FAIL).
 */
#include "guest.h"

GUEST("grant");

#define PAGE		4096
#define TABLE_GFN	0xFD000ull	/* in the hole below 4 GiB: not RAM */
#define DOMID_OTHER	5

static uint8_t pages[5][PAGE] __attribute__((aligned(PAGE)));
#define PAGE_A	pages[0]
#define PAGE_B	pages[1]
#define PAGE_C	pages[2]
#define PAGE_D	pages[3]
#define PAGE_E	pages[4]

static long gnttab_op(unsigned int cmd, void *arg)
{
	return hypercall3(XEN_HC_grant_table_op, cmd, (unsigned long)arg, 1);
}

static long add_frame(uint64_t idx, uint64_t gfn)
{
	struct xen_add_to_physmap x = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_grant_table,
		.idx = idx,
		.gpfn = gfn,
	};

	return hypercall2(XEN_HC_memory_op, XENMEM_add_to_physmap,
			  (unsigned long)&x);
}

static volatile struct grant_entry_v1 *table(uint64_t gfn)
{
	return (volatile struct grant_entry_v1 *)(uintptr_t)(gfn << 12);
}

/* As Linux grants: domid and frame first, then the flags. */
static void grant(volatile struct grant_entry_v1 *t, uint32_t ref,
		  uint16_t domid, const void *page, uint16_t flags)
{
	t[ref].domid = domid;
	t[ref].frame = (uint32_t)((uintptr_t)page >> 12);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t[ref].flags = flags;
}

/* As Linux revokes: only if dom0 is neither reading nor writing. */
static bool revoke(volatile struct grant_entry_v1 *t, uint32_t ref,
		   uint16_t *seen)
{
	uint16_t old = t[ref].flags;

	for (;;) {
		if (old & (GTF_reading | GTF_writing)) {
			*seen = old;
			return false;
		}
		if (__atomic_compare_exchange_n(&t[ref].flags, &old, 0, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return true;
	}
}

static void wait_for(const volatile void *at, const char *what)
{
	const volatile char *p = at;
	size_t n = 0;

	while (what[n])
		n++;
	for (;;) {
		size_t i;

		for (i = 0; i < n && p[i] == what[i]; i++)
			;
		if (i == n)
			return;
		sched_yield();
	}
}

static void setup_checks(uint64_t max)
{
	struct gnttab_set_version sv = { .version = 2 };
	struct gnttab_get_version gv = { .dom = DOMID_SELF };
	struct gnttab_copy cp = { 0 };
	long r;

	r = gnttab_op(GNTTABOP_set_version, &sv);
	if (r >= 0 || sv.version != 1)
		guest_fail("set_version 2: %ld, version %u", r, sv.version);
	sv.version = 1;
	r = gnttab_op(GNTTABOP_set_version, &sv);
	if (r)
		guest_fail("set_version 1: %s", errno_name(r));
	r = gnttab_op(GNTTABOP_get_version, &gv);
	if (r || gv.version != 1)
		guest_fail("get_version: %ld, version %u", r, gv.version);
	/* dom0's operations are not a domU's. */
	r = gnttab_op(GNTTABOP_copy, &cp);
	if (r != -HOIST_ENOSYS)
		guest_fail("GNTTABOP_copy from a domU: %s", errno_name(r));
	/* Not over RAM, not past the most frames. */
	r = add_frame(0, (uintptr_t)PAGE_A >> 12);
	if (r >= 0)
		guest_fail("a grant frame over RAM was accepted");
	r = add_frame(max, TABLE_GFN + 4);
	if (r >= 0)
		guest_fail("grant frame %lu of %lu was accepted",
			   (unsigned long)max, (unsigned long)max);
}

/*
 * Frame 1 moved to a new GiB each time: the nested tables each move
 * leaves behind are bounded (-ENOMEM once the budget is spent), and frame
 * 0 keeps working.
 */
static void move_frame_around(void)
{
	unsigned int moves = 0;
	long r = 0;

	for (uint64_t gib = 8; gib < 408; gib++, moves++) {
		r = add_frame(1, gib << 18);
		if (r)
			break;
	}
	if (r != -HOIST_ENOMEM)
		guest_fail("moving grant frame 1 %u times: %s", moves,
			   errno_name(r));
	gprintf("grant: frame 1 moved %u times, then ENOMEM\n", moves);
}

void guest_main(const struct hvm_start_info *si)
{
	struct gnttab_query_size qs = { .dom = DOMID_SELF };
	volatile struct grant_entry_v1 *t = table(TABLE_GFN);
	volatile uint64_t *d = (volatile uint64_t *)PAGE_D;
	uint16_t seen = 0;
	long r;

	(void)si;
	r = gnttab_op(GNTTABOP_query_size, &qs);
	if (r || qs.status != GNTST_okay || !qs.max_nr_frames)
		guest_fail("query_size: %ld, status %d", r, qs.status);
	gprintf("grant: table nr %u max %u\n", qs.nr_frames, qs.max_nr_frames);
	setup_checks(qs.max_nr_frames);

	/* Frame 1 mapped, then moved: it answers at its new place only. */
	r = add_frame(0, TABLE_GFN);
	if (!r && qs.max_nr_frames > 1)
		r = add_frame(1, TABLE_GFN + 1);
	if (!r && qs.max_nr_frames > 1) {
		table(TABLE_GFN + 1)[0].frame = 0x1234;
		r = add_frame(1, TABLE_GFN + 2);
		if (!r && table(TABLE_GFN + 2)[0].frame != 0x1234)
			guest_fail("grant frame 1 lost its contents when moved");
		table(TABLE_GFN + 2)[0].frame = 0;
	}
	if (r)
		guest_fail("add_to_physmap(grant_table): %s", errno_name(r));
	if (qs.max_nr_frames > 1)
		move_frame_around();

	for (unsigned int i = 0; i < PAGE; i++) {
		PAGE_A[i] = (uint8_t)(i * 7 + 3);
		PAGE_B[i] = (uint8_t)(i * 5 + 1);
		PAGE_E[i] = (uint8_t)(i * 3 + 2);
	}
	grant(t, 8, 0, PAGE_A, GTF_permit_access);
	grant(t, 9, 0, PAGE_B, GTF_permit_access | GTF_readonly);
	grant(t, 10, DOMID_OTHER, PAGE_C, GTF_permit_access);
	grant(t, 12, 0, PAGE_D, GTF_permit_access);
	grant(t, 13, 0, PAGE_E, GTF_permit_access);
	gprintf("grant: refs rw=8 ro=9 other=10 invalid=11 map=12 destroy=13\n");

	wait_for(PAGE_A + 2048, "dom0-copy-in-ok!");
	for (unsigned int i = 0; i < PAGE; i++)
		if (PAGE_B[i] != (uint8_t)(i * 5 + 1))
			guest_fail("read-only page B changed at %u", i);
	gprintf("grant: copy-in seen\n");

	/* dom0 maps D and writes through its mapping. */
	while (d[0] != 0xd0d0)
		sched_yield();
	if (revoke(t, 12, &seen))
		guest_fail("revoked ref 12 while dom0 has it mapped");
	gprintf("grant: revoke refused while mapped (flags 0x%x)\n", seen);
	d[1] = 0xac1;
	wait_for(PAGE_A + 3072, "dom0-unmapped-D!");
	if (!revoke(t, 12, &seen))
		guest_fail("ref 12 still in use after unmap (flags 0x%x)", seen);
	gprintf("grant: revoke ok after unmap\n");
	for (;;)
		sched_yield();
}
