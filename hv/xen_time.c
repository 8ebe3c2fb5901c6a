// SPDX-License-Identifier: GPL-2.0
/*
 * Time for a Xen guest: shared_info (wall clock), each vCPU's pvclock and
 * its single-shot timer.  System time is nanoseconds since the domain's
 * tsc0, computed with exactly the scale the guest is given, so the guest's
 * clock and the hypervisor's timer deadlines never disagree.  The guest's
 * TSC is the host's (no offset), and the TSC is invariant, so the pvclock
 * is written once per vCPU and stays exact.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/string.h>
#include <hoist/xen.h>

/* mul/2^32 * 2^shift = 1e9 / tsc_hz, with mul in [2^31, 2^32). */
static void time_scale(u64 tsc_hz, u32 *mul, s32 *shift)
{
	u64 num = 1000000000ull, den = tsc_hz;
	u32 q = 0;
	s32 s = 0;

	if (!tsc_hz) {		/* no TSC frequency: a clock that stands */
		*mul = 0;
		*shift = 0;
		return;
	}
	while (num >= den) {
		den <<= 1;
		s++;
	}
	while (num < den / 2) {
		num <<= 1;
		s--;
	}
	/* q = num * 2^32 / den by long division: num < den < 2^63. */
	for (int i = 0; i < 32; i++) {
		num <<= 1;
		q <<= 1;
		if (num >= den) {
			num -= den;
			q |= 1;
		}
	}
	*mul = q;
	*shift = s;
}

static u64 scale(const struct domain *d, u64 delta)
{
	delta = d->tsc_shift < 0 ? delta >> -d->tsc_shift :
				   delta << d->tsc_shift;
	return (u64)(((unsigned __int128)delta * d->tsc_mul) >> 32);
}

void xen_time_init(struct domain *d, u64 tsc, u64 wc_sec, u32 wc_nsec)
{
	d->tsc0 = tsc;
	d->wc_sec = wc_sec;
	d->wc_nsec = wc_nsec;
	time_scale(hv.params.tsc_khz * 1000, &d->tsc_mul, &d->tsc_shift);
}

u64 domain_system_time(const struct domain *d)
{
	u64 now = arch_read_tsc();

	return now > d->tsc0 ? scale(d, now - d->tsc0) : 0;
}

static void write_pvclock(const struct domain *d, struct vcpu_info *vi)
{
	struct vcpu_time_info *t = &vi->time;

	WRITE_ONCE(t->version, t->version | 1);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t->tsc_timestamp = d->tsc0;
	t->system_time = 0;
	t->tsc_to_system_mul = d->tsc_mul;
	t->tsc_shift = (s8)d->tsc_shift;
	t->flags = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	WRITE_ONCE(t->version, t->version + 1);
}

/* Resolve a guest frame of d to the hypervisor's view of it. */
static void *guest_page(struct domain *d, u64 gfn)
{
	u64 hpa, flags;

	if (gfn == d->console_gfn ||
	    pt_lookup(&d->npt, gfn << PAGE_SHIFT, &hpa, &flags, NULL) ||
	    !(flags & PTE_RW))
		return NULL;
	return phys_to_virt(hpa & PAGE_MASK);
}

/*
 * XENMEM_add_to_physmap(shared_info): Xen would map its own page there;
 * Hoist lets the guest's page at gfn be it, cleared first as Xen's is.
 * Pages never move while the domain lives, so the pointer stays valid.
 */
long xen_map_shared_info(struct vcpu *v, u64 gfn)
{
	struct domain *d = v->dom;
	struct shared_info *s = guest_page(d, gfn);

	if (!s)
		return -EINVAL;
	spin_lock(&d->lock);
	if (d->shared_info && d->shared_info != s) {
		spin_unlock(&d->lock);
		return -EBUSY;	/* moving it would strand the vcpu_infos */
	}
	if (!d->shared_info) {
		memset(s, 0, PAGE_SIZE);
		s->wc_version = 2;
		s->wc_sec = (u32)d->wc_sec;
		s->wc_sec_hi = (u32)(d->wc_sec >> 32);
		s->wc_nsec = d->wc_nsec;
		for (u32 i = 0; i < d->nr_vcpus && i < XEN_LEGACY_MAX_VCPUS; i++) {
			struct vcpu *t = d->vcpus[i];

			if (!t->vcpu_info) {
				t->vcpu_info = &s->vcpu_info[i];
				write_pvclock(d, t->vcpu_info);
			}
		}
		__atomic_store_n(&d->shared_info, s, __ATOMIC_RELEASE);
	}
	spin_unlock(&d->lock);
	return 0;
}

/* VCPUOP_register_vcpu_info: move vcpu_info, keeping what it holds. */
long xen_register_vcpu_info(struct vcpu *t, u64 gfn, u32 offset)
{
	struct domain *d = t->dom;
	u8 *page = guest_page(d, gfn);
	struct vcpu_info *vi;

	if (!page || offset > PAGE_SIZE - sizeof(*vi) ||
	    offset % _Alignof(struct vcpu_info))
		return -EINVAL;
	vi = (struct vcpu_info *)(page + offset);
	spin_lock(&d->lock);
	if (t->vcpu_info != vi) {
		/* Through a copy: the new place may overlap the old. */
		struct vcpu_info old = { 0 };

		if (t->vcpu_info)
			old = *t->vcpu_info;
		*vi = old;
		vi->time.version = 0;
		write_pvclock(d, vi);
		__atomic_store_n(&t->vcpu_info, vi, __ATOMIC_RELEASE);
	}
	spin_unlock(&d->lock);
	return 0;
}

long xen_set_timer(struct vcpu *t, u64 deadline_ns, bool future)
{
	if (future && deadline_ns < domain_system_time(t->dom))
		return -HOIST_ETIME;
	WRITE_ONCE(t->timer_ns, deadline_ns ? deadline_ns : 1);
	return 0;
}

u64 xen_check_timer(struct vcpu *v)
{
	u64 deadline = READ_ONCE(v->timer_ns), now;

	if (!deadline)
		return 0;
	now = domain_system_time(v->dom);
	if (now < deadline)
		return deadline - now;
	WRITE_ONCE(v->timer_ns, 0);
	evtchn_raise_virq(v, VIRQ_TIMER);
	return 0;
}
