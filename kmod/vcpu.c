// SPDX-License-Identifier: GPL-2.0
/*
 * A guest's vCPUs, dom0's side.  Each vCPU runs on a kernel thread of its
 * own that enters the guest by hypercall and comes back on every physical
 * interrupt, so Linux's scheduler keeps deciding who runs.  A thread
 * sleeps while its vCPU is blocked, paused or offline, and a pinned
 * hrtimer stands for the guest's own timer.
 */
#define pr_fmt(fmt) "hoist: " fmt

#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <asm/fpu/api.h>
#include "hoist.h"
#include "domain.h"

struct vcpu_thread_arg {
	struct hoist_dom *d;
	u32 vcpu;
	struct hrtimer timer;	/* the guest's next timer event */
};

/*
 * Wake the threads of the vCPUs in mask: asleep, they run again; in the
 * guest on another CPU, the IPI of kick_process() makes them exit, and
 * their next entry delivers the event.
 */
void hoist_vcpus_kick(struct hoist_dom *d, u32 mask)
{
	u32 v;

	for (v = 0; v < d->vcpus; v++) {
		if (!(mask & BIT(v)))
			continue;
		atomic_inc(&d->kick_gen[v]);
		if (d->threads[v])
			kick_process(d->threads[v]);
	}
	if (mask)
		wake_up_all(&d->wq);
}

static enum hrtimer_restart vcpu_timer_fn(struct hrtimer *t)
{
	struct vcpu_thread_arg *arg = container_of(t, struct vcpu_thread_arg,
						   timer);

	hoist_vcpus_kick(arg->d, BIT(arg->vcpu));
	return HRTIMER_NORESTART;
}

static long run_once(struct vcpu_thread_arg *arg, ktime_t deadline,
		     struct hoist_run *run)
{
	long r;

	/* The guest's x87/SSE/AVX state replaces ours while it runs. */
	kernel_fpu_begin();
	/* On this CPU, so that it interrupts the guest when it is due. */
	if (deadline)
		hrtimer_start(&arg->timer, deadline, HRTIMER_MODE_ABS_PINNED);
	r = hoist_hypercall(HOIST_HC_VCPU_RUN, arg->d->domid, arg->vcpu,
			    (unsigned long)run);
	kernel_fpu_end();
	hrtimer_try_to_cancel(&arg->timer);
	return r;
}

/* Sleep until cond, a state change, or kthread_stop(). */
#define wait_for(d, cond) \
	wait_event_interruptible((d)->wq, kthread_should_stop() || (cond))

static int vcpu_thread(void *p)
{
	struct vcpu_thread_arg *arg = p;
	struct hoist_dom *d = arg->d;
	u32 vcpu = arg->vcpu;
	ktime_t deadline = 0;

	hrtimer_init(&arg->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_PINNED);
	arg->timer.function = vcpu_timer_fn;
	while (!kthread_should_stop()) {
		int gen = atomic_read(&d->state_gen);
		int kgen = atomic_read(&d->kick_gen[vcpu]);
		struct hoist_run run = { 0 };
		long r = run_once(arg, deadline, &run);

		if (r == -EAGAIN) {
			/* Every CPU must drop dom0's old view of the memory. */
			hoist_tlb_sync_all();
			continue;
		}
		if (r) {
			pr_err_ratelimited("d%u v%u: run failed (%ld)\n",
					   d->domid, vcpu, r);
			wait_for(d, atomic_read(&d->state_gen) != gen);
			continue;
		}
		deadline = run.timer_ns ?
			   ktime_add_ns(ktime_get(), run.timer_ns) : 0;
		hoist_vcpus_kick(d, run.kick);
		switch (run.reason) {
		case HOIST_RUN_PREEMPTED:
		case HOIST_RUN_KICK:
			cond_resched();
			break;
		case HOIST_RUN_CONSOLE:
			atomic_inc(&d->console_gen);
			wake_up_all(&d->wq);
			cond_resched();
			break;
		case HOIST_RUN_EVENT:
			/* A dom0 port is pending: its fds wake. */
			hoist_evtchn_deliver();
			cond_resched();
			break;
		case HOIST_RUN_VCPU_UP:
			hoist_dom_state_changed(d);
			break;
		case HOIST_RUN_BLOCKED:
			/* Until an event, its timer, or a state change. */
			if (deadline)
				hrtimer_start(&arg->timer, deadline,
					      HRTIMER_MODE_ABS);
			wait_for(d, atomic_read(&d->state_gen) != gen ||
				 atomic_read(&d->kick_gen[vcpu]) != kgen);
			hrtimer_cancel(&arg->timer);
			break;
		case HOIST_RUN_SHUTDOWN:
			/* A pause or shutdown outranks a send's EVENT. */
			hoist_evtchn_deliver();
			if (!READ_ONCE(d->shut)) {
				WRITE_ONCE(d->shut, true);
				hoist_dom_state_changed(d);
			}
			wait_for(d, false);
			break;
		default:	/* PAUSED, OFFLINE */
			hoist_evtchn_deliver();
			wait_for(d, atomic_read(&d->state_gen) != gen);
			break;
		}
	}
	hrtimer_cancel(&arg->timer);
	kfree(arg);
	return 0;
}

/* Under d->lock, at boot: one thread per vCPU. */
int hoist_vcpus_start(struct hoist_dom *d)
{
	u32 v;

	for (v = 0; v < d->vcpus; v++) {
		struct vcpu_thread_arg *arg = kmalloc(sizeof(*arg), GFP_KERNEL);
		struct task_struct *t;

		if (!arg)
			return -ENOMEM;
		arg->d = d;
		arg->vcpu = v;
		t = kthread_create(vcpu_thread, arg, "hoist-d%u-v%u", d->domid, v);
		if (IS_ERR(t)) {
			kfree(arg);
			return PTR_ERR(t);
		}
		/* Kept until every thread is stopped: others may kick it. */
		get_task_struct(t);
		d->threads[v] = t;
		wake_up_process(t);
	}
	return 0;
}

/*
 * Under d->lock, the domain paused (its vCPUs return at their next exit):
 * stop every thread, and only then let go of them, since a thread still
 * running may kick the others.
 */
void hoist_vcpus_stop(struct hoist_dom *d)
{
	u32 v;

	for (v = 0; v < d->vcpus; v++)
		if (d->threads[v])
			kthread_stop(d->threads[v]);
	for (v = 0; v < d->vcpus; v++)
		if (d->threads[v]) {
			put_task_struct(d->threads[v]);
			d->threads[v] = NULL;
		}
}
