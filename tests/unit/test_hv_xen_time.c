/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv/xen_time.c: the pvclock scale, shared_info, vcpu_info registration
 * and single-shot timers.  The TSC is fake_tsc (arch_read_tsc()); the
 * guest's memory is GPAGES heap pages at gfn GFN0.., reached through a
 * pt_lookup stub whose "host physical" addresses phys_to_virt() turns
 * back into those pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hv.h>
#include <hv/paging.h>
#include <hoist/xen.h>

#define NR		3
#define GFN0		0x100
#define GPAGES		4
#define GFN_RO		(GFN0 + 3)	/* mapped read-only */
#define GFN_CONSOLE	0x5000		/* mapped, but the console's page */

struct hv hv;
u64 fake_tsc;

u64 arch_read_tsc(void)
{
	return fake_tsc;
}

static struct domain *dom;
static struct vcpu *vc[NR];
static u8 *gmem;			/* GPAGES pages */
static u8 *conspage;

static struct {
	unsigned int calls;
	struct vcpu *v;
	u32 virq;
} raised;

void evtchn_raise_virq(struct vcpu *v, u32 virq)
{
	raised.calls++;
	raised.v = v;
	raised.virq = virq;
}

int pt_lookup(const struct pt *pt, u64 va, u64 *pa, u64 *flags,
	      unsigned int *shift)
{
	u64 gfn = va >> PAGE_SHIFT;
	u8 *page;

	assert_ptr_equal(pt, &dom->npt);
	if (gfn >= GFN0 && gfn < GFN0 + GPAGES)
		page = gmem + (gfn - GFN0) * PAGE_SIZE;
	else if (gfn == GFN_CONSOLE)
		page = conspage;
	else
		return -ENOENT;
	*pa = (u64)(uintptr_t)page - PHYS_MAP_BASE + (va & ~PAGE_MASK);
	if (flags)
		*flags = PTE_P | PTE_US | (gfn == GFN_RO ? 0 : PTE_RW);
	if (shift)
		*shift = PAGE_SHIFT;
	return 0;
}

static void *gpage(u64 gfn)
{
	return gmem + (gfn - GFN0) * PAGE_SIZE;
}

static int setup(void **state)
{
	(void)state;
	memset(&raised, 0, sizeof(raised));
	memset(&hv, 0, sizeof(hv));
	hv.params.tsc_khz = 2000000;	/* 2 GHz */
	fake_tsc = 0;
	dom = calloc(1, sizeof(*dom));
	gmem = aligned_alloc(PAGE_SIZE, GPAGES * PAGE_SIZE);
	conspage = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	assert_non_null(dom);
	assert_non_null(gmem);
	assert_non_null(conspage);
	memset(gmem, 0xaa, GPAGES * PAGE_SIZE);
	memset(conspage, 0x55, PAGE_SIZE);
	dom->nr_vcpus = NR;
	dom->console_gfn = GFN_CONSOLE;
	for (u32 i = 0; i < NR; i++) {
		vc[i] = calloc(1, sizeof(*vc[i]));
		assert_non_null(vc[i]);
		vc[i]->id = i;
		vc[i]->dom = dom;
		dom->vcpus[i] = vc[i];
	}
	xen_time_init(dom, 1000000, 1700000000ull, 123456789);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (u32 i = 0; i < NR; i++)
		free(vc[i]);
	free(conspage);
	free(gmem);
	free(dom);
	return 0;
}

/* What a guest's pvclock read computes (Linux: pvclock_clocksource_read). */
static u64 pvclock_ns(const struct vcpu_time_info *t, u64 tsc)
{
	u64 delta = tsc - t->tsc_timestamp;

	delta = t->tsc_shift < 0 ? delta >> -t->tsc_shift :
				   delta << t->tsc_shift;
	return t->system_time +
	       (u64)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
}

static u64 ns_at(u64 tsc)
{
	fake_tsc = tsc;
	return domain_system_time(dom);
}

static void assert_within_ppm(u64 got, u64 want)
{
	u64 diff = got > want ? got - want : want - got;

	if ((double)diff > (double)want * 1e-6)
		fail_msg("%llu ns, expected %llu (off by %llu)",
			 (unsigned long long)got, (unsigned long long)want,
			 (unsigned long long)diff);
}

static void test_scale(void **state)
{
	static const u64 khz[] = {
		1000000, 2500000, 3700000, 100000,	/* 1, 2.5, 3.7 GHz, 100 MHz */
		999999, 1000001, 2199999, 3000000, 4294967, 4294968,
		5000000, 10000000, 33333, 1000,
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(khz); i++) {
		u64 hz = khz[i] * 1000, tsc0 = 0x123456789abull;

		hv.params.tsc_khz = khz[i];
		xen_time_init(dom, tsc0, 0, 0);
		assert_true(dom->tsc_mul >= 1ull << 31);
		assert_true(dom->tsc_shift >= -31 && dom->tsc_shift <= 31);
		/* 1 s, 1 ms, 1 day of ticks. */
		assert_within_ppm(ns_at(tsc0 + hz), 1000000000ull);
		assert_within_ppm(ns_at(tsc0 + hz / 1000), 1000000ull);
		assert_within_ppm(ns_at(tsc0 + hz * 86400), 86400ull * 1000000000ull);
		assert_int_equal(ns_at(tsc0), 0);
		/* Before system time 0: 0, not a huge number. */
		assert_int_equal(ns_at(tsc0 - 1), 0);
		assert_int_equal(ns_at(0), 0);
		/* Monotonic, tick by tick. */
		for (u64 t = tsc0 + hz - 50, prev = ns_at(t); t < tsc0 + hz + 50; t++) {
			u64 now = ns_at(t + 1);

			assert_true(now >= prev);
			prev = now;
		}
	}
	/* Exact cases: 1 GHz is the identity; 2 GHz halves. */
	hv.params.tsc_khz = 1000000;
	xen_time_init(dom, 0, 0, 0);
	assert_int_equal(ns_at(123456789012ull), 123456789012ull);
	hv.params.tsc_khz = 2000000;
	xen_time_init(dom, 0, 0, 0);
	assert_int_equal(ns_at(246913578024ull), 123456789012ull);
}

static void test_shared_info_map(void **state)
{
	struct shared_info *s = gpage(GFN0);

	(void)state;
	hv.params.tsc_khz = 3700000;
	xen_time_init(dom, 777777, 0x123456789ull, 999999999);
	assert_int_equal(xen_map_shared_info(vc[1], GFN0), 0);
	assert_ptr_equal(dom->shared_info, s);
	/* Cleared as Xen's is, then the wall clock. */
	assert_int_equal(s->wc_version, 2);
	assert_int_equal(s->wc_sec, 0x23456789u);
	assert_int_equal(s->wc_sec_hi, 0x1);
	assert_int_equal(s->wc_nsec, 999999999);
	for (u32 w = 0; w < 64; w++) {
		assert_int_equal(s->evtchn_pending[w], 0);
		assert_int_equal(s->evtchn_mask[w], 0);
	}
	for (size_t b = sizeof(*s); b < PAGE_SIZE; b++)
		assert_int_equal(((u8 *)s)[b], 0);
	/* Every vCPU gets its legacy vcpu_info with a pvclock in it. */
	for (u32 i = 0; i < NR; i++) {
		struct vcpu_time_info *t = &s->vcpu_info[i].time;

		assert_ptr_equal(vc[i]->vcpu_info, &s->vcpu_info[i]);
		assert_int_equal(t->version % 2, 0);
		assert_int_not_equal(t->version, 0);
		assert_int_equal(t->tsc_timestamp, 777777);
		assert_int_equal(t->system_time, 0);
		assert_int_equal(t->tsc_to_system_mul, dom->tsc_mul);
		assert_int_equal(t->tsc_shift, dom->tsc_shift);
		assert_int_equal(s->vcpu_info[i].evtchn_upcall_pending, 0);
		/* The guest's clock is the hypervisor's, to the nanosecond. */
		for (u64 tsc = 777777; tsc < 777777 + 10000000000000ull;
		     tsc = tsc * 3 + 12345)
			assert_int_equal(pvclock_ns(t, tsc), ns_at(tsc));
	}
	assert_int_equal(s->vcpu_info[NR].time.version, 0);
	/* Mapping it again at the same place is harmless and clears nothing. */
	s->evtchn_pending[3] = 0x42;
	assert_int_equal(xen_map_shared_info(vc[0], GFN0), 0);
	assert_int_equal(s->evtchn_pending[3], 0x42);
	/* Elsewhere: refused. */
	assert_int_equal(xen_map_shared_info(vc[0], GFN0 + 1), -EBUSY);
	assert_ptr_equal(dom->shared_info, s);
}

static void test_shared_info_bad_gfn(void **state)
{
	(void)state;
	assert_int_equal(xen_map_shared_info(vc[0], GFN_CONSOLE), -EINVAL);
	assert_int_equal(xen_map_shared_info(vc[0], GFN_RO), -EINVAL);
	assert_int_equal(xen_map_shared_info(vc[0], 0x7777), -EINVAL);
	assert_null(dom->shared_info);
	/* Nothing was written to the console page or the read-only one. */
	for (size_t b = 0; b < PAGE_SIZE; b++) {
		assert_int_equal(conspage[b], 0x55);
		assert_int_equal(((u8 *)gpage(GFN_RO))[b], 0xaa);
	}
	for (u32 i = 0; i < NR; i++)
		assert_null(vc[i]->vcpu_info);
}

static void test_register_vcpu_info_moves(void **state)
{
	struct shared_info *s = gpage(GFN0);
	struct vcpu_info *old, *vi;
	u8 *page = gpage(GFN0 + 1);

	(void)state;
	assert_int_equal(xen_map_shared_info(vc[0], GFN0), 0);
	old = &s->vcpu_info[2];
	old->evtchn_upcall_pending = 1;
	old->evtchn_upcall_mask = 1;
	old->evtchn_pending_sel = 0x8000000000000005ull;
	old->cr2 = 0xfeedface;
	old->time.version = 40;

	assert_int_equal(xen_register_vcpu_info(vc[2], GFN0 + 1, 192), 0);
	vi = (struct vcpu_info *)(page + 192);
	assert_ptr_equal(vc[2]->vcpu_info, vi);
	/* What it held moved with it; the clock is written afresh. */
	assert_int_equal(vi->evtchn_upcall_pending, 1);
	assert_int_equal(vi->evtchn_upcall_mask, 1);
	assert_int_equal(vi->evtchn_pending_sel, 0x8000000000000005ull);
	assert_int_equal(vi->cr2, 0xfeedface);
	assert_int_equal(vi->time.version % 2, 0);
	assert_int_not_equal(vi->time.version, 0);
	assert_int_equal(vi->time.tsc_timestamp, dom->tsc0);
	assert_int_equal(vi->time.tsc_to_system_mul, dom->tsc_mul);
	assert_int_equal(vi->time.tsc_shift, dom->tsc_shift);
	/* Only those bytes of the page were written. */
	for (size_t b = 0; b < PAGE_SIZE; b++)
		if (b < 192 || b >= 192 + sizeof(*vi))
			assert_int_equal(page[b], 0xaa);
	/* The other vCPUs stay where they were. */
	assert_ptr_equal(vc[0]->vcpu_info, &s->vcpu_info[0]);
	assert_ptr_equal(vc[1]->vcpu_info, &s->vcpu_info[1]);

	/* Registering the same place again keeps its contents. */
	vi->evtchn_pending_sel = 0x77;
	assert_int_equal(xen_register_vcpu_info(vc[2], GFN0 + 1, 192), 0);
	assert_int_equal(vi->evtchn_pending_sel, 0x77);
	/* And on to another page, at its last possible slot. */
	assert_int_equal(xen_register_vcpu_info(vc[2], GFN0 + 2,
						PAGE_SIZE - sizeof(*vi)), 0);
	assert_ptr_equal(vc[2]->vcpu_info,
			 (u8 *)gpage(GFN0 + 2) + PAGE_SIZE - sizeof(*vi));
	assert_int_equal(vc[2]->vcpu_info->evtchn_pending_sel, 0x77);
	assert_int_equal(vc[2]->vcpu_info->cr2, 0xfeedface);
}

static void test_register_vcpu_info_fresh(void **state)
{
	struct vcpu_info *vi = gpage(GFN0 + 2);

	(void)state;
	/* Before shared_info: the new place starts zeroed, with a clock. */
	assert_int_equal(xen_register_vcpu_info(vc[1], GFN0 + 2, 0), 0);
	assert_ptr_equal(vc[1]->vcpu_info, vi);
	assert_int_equal(vi->evtchn_upcall_pending, 0);
	assert_int_equal(vi->evtchn_upcall_mask, 0);
	assert_int_equal(vi->evtchn_pending_sel, 0);
	assert_int_equal(vi->cr2, 0);
	assert_int_equal(vi->time.version % 2, 0);
	assert_int_equal(vi->time.tsc_to_system_mul, dom->tsc_mul);
	/* Mapping shared_info later leaves it there. */
	assert_int_equal(xen_map_shared_info(vc[0], GFN0), 0);
	assert_ptr_equal(vc[1]->vcpu_info, vi);
	assert_ptr_equal(vc[0]->vcpu_info,
			 &((struct shared_info *)gpage(GFN0))->vcpu_info[0]);
}

static void test_register_vcpu_info_bad(void **state)
{
	const u32 sz = sizeof(struct vcpu_info);
	static const u32 bad_offsets[] = { 4, 1, 4095, 4096, 0xffffffffu,
					   0x80000000u };

	(void)state;
	/* Past the page's end. */
	assert_int_equal(xen_register_vcpu_info(vc[0], GFN0 + 1,
						PAGE_SIZE - sz + 8), -EINVAL);
	assert_int_equal(xen_register_vcpu_info(vc[0], GFN0 + 1,
						PAGE_SIZE - sz + 1), -EINVAL);
	for (size_t i = 0; i < ARRAY_SIZE(bad_offsets); i++)
		assert_int_equal(xen_register_vcpu_info(vc[0], GFN0 + 1,
							bad_offsets[i]), -EINVAL);
	/* Pages it must not use. */
	assert_int_equal(xen_register_vcpu_info(vc[0], GFN_CONSOLE, 0), -EINVAL);
	assert_int_equal(xen_register_vcpu_info(vc[0], GFN_RO, 0), -EINVAL);
	assert_int_equal(xen_register_vcpu_info(vc[0], 0x9999, 0), -EINVAL);
	assert_int_equal(xen_register_vcpu_info(vc[0], 1ull << 52, 0), -EINVAL);
	assert_null(vc[0]->vcpu_info);
	for (size_t b = 0; b < PAGE_SIZE; b++) {
		assert_int_equal(((u8 *)gpage(GFN0 + 1))[b], 0xaa);
		assert_int_equal(conspage[b], 0x55);
	}
}

static void test_timer(void **state)
{
	struct vcpu *v = vc[1];
	u64 now;

	(void)state;
	hv.params.tsc_khz = 1000000;	/* 1 ns per tick */
	xen_time_init(dom, 1000, 0, 0);
	fake_tsc = 1000 + 5000000;	/* system time 5 ms */
	now = domain_system_time(dom);
	assert_int_equal(now, 5000000);

	/* In the past, and it must be in the future: -ETIME, nothing armed. */
	assert_int_equal(xen_set_timer(v, now - 1, true), -HOIST_ETIME);
	assert_int_equal(-HOIST_ETIME, -62);
	assert_int_equal(xen_set_timer(v, 1, true), -HOIST_ETIME);
	assert_int_equal(v->timer_ns, 0);
	assert_int_equal(xen_check_timer(v), 0);
	assert_int_equal(raised.calls, 0);

	/* In the past without the flag: armed, fires at the next check. */
	assert_int_equal(xen_set_timer(v, now - 1, false), 0);
	assert_int_equal(v->timer_ns, now - 1);
	assert_int_equal(xen_check_timer(v), 0);
	assert_int_equal(raised.calls, 1);
	assert_ptr_equal(raised.v, v);
	assert_int_equal(raised.virq, VIRQ_TIMER);
	assert_int_equal(v->timer_ns, 0);
	/* Single-shot: it does not fire again. */
	assert_int_equal(xen_check_timer(v), 0);
	assert_int_equal(raised.calls, 1);

	/* A deadline of 0 still fires (at once). */
	assert_int_equal(xen_set_timer(v, 0, false), 0);
	assert_int_not_equal(v->timer_ns, 0);
	assert_int_equal(xen_check_timer(v), 0);
	assert_int_equal(raised.calls, 2);

	/* In the future: the check says how long to go, then fires. */
	assert_int_equal(xen_set_timer(v, now + 250000, true), 0);
	assert_int_equal(v->timer_ns, now + 250000);
	assert_int_equal(xen_check_timer(v), 250000);
	fake_tsc += 249999;
	assert_int_equal(xen_check_timer(v), 1);
	assert_int_equal(raised.calls, 2);
	fake_tsc += 1;
	assert_int_equal(xen_check_timer(v), 0);
	assert_int_equal(raised.calls, 3);
	assert_int_equal(v->timer_ns, 0);
	/* Exactly now, with the flag: not in the past, accepted. */
	now = domain_system_time(dom);
	assert_int_equal(xen_set_timer(v, now, true), 0);
	assert_int_equal(xen_check_timer(v), 0);
	assert_int_equal(raised.calls, 4);
	/* A new deadline replaces the old one. */
	assert_int_equal(xen_set_timer(v, now + 1000, false), 0);
	assert_int_equal(xen_set_timer(v, now + 10, false), 0);
	assert_int_equal(xen_check_timer(v), 10);
	/* Other vCPUs' timers are their own. */
	assert_int_equal(vc[0]->timer_ns, 0);
	assert_int_equal(xen_check_timer(vc[0]), 0);
	assert_int_equal(raised.calls, 4);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_scale),
		T(test_shared_info_map),
		T(test_shared_info_bad_gfn),
		T(test_register_vcpu_info_moves),
		T(test_register_vcpu_info_fresh),
		T(test_register_vcpu_info_bad),
		T(test_timer),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
