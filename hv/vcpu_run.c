// SPDX-License-Identifier: GPL-2.0
/*
 * Running a domU's vCPU on behalf of a dom0 thread (HOIST_HC_VCPU_RUN).  A
 * run switches this CPU from dom0 to the vCPU; it ends at a physical
 * interrupt or when the guest needs dom0, and dom0's hypercall then
 * returns with the reason (struct hoist_run).
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hv.h>

/*
 * What dom0's thread needs: why, when this vCPU's timer fires (it arms a
 * host timer for that), and which other vCPUs' threads to wake.
 */
static long report(struct hv_cpu *c, struct vcpu *v, u32 reason, u32 vcpu_up)
{
	struct hoist_run run = { .reason = reason, .vcpu_up = vcpu_up };

	run.timer_ns = xen_check_timer(v);
	/* The timer just fired, or an event came, and IF lets it in. */
	if (reason == HOIST_RUN_BLOCKED && arch_vcpu_interrupt_ready(v))
		run.reason = HOIST_RUN_PREEMPTED;
	v->timer_reported = READ_ONCE(v->timer_ns);
	run.kick = __atomic_exchange_n(&v->dom->kick, 0, __ATOMIC_SEQ_CST);

	return copy_to_guest(&c->dom0, c->run_out, &run, sizeof(run)) ?
	       -EFAULT : 0;
}

long vcpu_run(struct hv_cpu *c, struct vcpu *v, u64 run_out)
{
	struct domain *d = v->dom;
	u32 stop;

	c->run_out = run_out;
	spin_lock(&d->lock);
	if (d->flags & HOIST_DOM_BUILDING) {
		spin_unlock(&d->lock);
		return -EINVAL;
	}
	stop = domain_stop_reason(d);
	if (stop == VCPU_STOP_NONE && v->state == HOIST_VCPU_OFFLINE)
		stop = HOIST_RUN_OFFLINE;
	if (stop == VCPU_STOP_NONE && v->state == HOIST_VCPU_RUNNING) {
		spin_unlock(&d->lock);
		return -EBUSY;
	}
	if (stop != VCPU_STOP_NONE) {
		long r = report(c, v, stop, 0);	/* under the lock: see destroy */

		spin_unlock(&d->lock);
		return r;
	}
	if (!domain_tlb_synced(d)) {
		spin_unlock(&d->lock);
		return -EAGAIN;	/* dom0 CPUs may still map its pages */
	}
	v->state = HOIST_VCPU_RUNNING;
	v->poll_port = 0;	/* a poll ends with the run it blocked */
	v->pcpu = c;
	v->stop_reason = VCPU_STOP_NONE;
	spin_unlock(&d->lock);

	arch_vcpu_switch_to(c, v);
	v->run_start = arch_read_tsc();
	c->current = v;
	c->switched = true;
	return 0;
}

void vcpu_stop(struct hv_cpu *c, struct vcpu *v, u32 reason, u32 state)
{
	struct domain *d = v->dom;
	long r;

	v->cpu_time_ns += tsc_to_ns(arch_read_tsc() - v->run_start);
	arch_vcpu_switch_from(c, v);
	r = report(c, v, reason, v->vcpu_up);
	/*
	 * Last: once it is not RUNNING, a destroy on another CPU may free
	 * v and d at any moment.
	 */
	spin_lock(&d->lock);
	v->state = state;
	spin_unlock(&d->lock);
	c->current = &c->dom0;
	arch_vcpu_set_hypercall_result(&c->dom0, r);
}
