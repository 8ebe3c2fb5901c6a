/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual CPUs and the physical CPUs they run on.  dom0 has one vCPU per
 * physical CPU (embedded in struct hv_cpu); a domU has its own, run on
 * whichever CPU dom0's thread calls HOIST_HC_VCPU_RUN from (vcpu_run.c).
 * The architecture's state of each is in its `arch` part (hv/arch.h).
 */
#ifndef HV_VCPU_H
#define HV_VCPU_H

#include <hv/types.h>
#include <hv/arch.h>
#include <hoist/hypercall.h>
#include <hoist/xen.h>

struct domain;
struct hv_cpu;

struct vcpu {
	struct domain *dom;		/* NULL: dom0 */
	struct hv_cpu *pcpu;		/* where it runs or last ran */
	u32 id;
	u32 state;			/* HOIST_VCPU_* (domU) */
	u64 cpu_time_ns;
	u64 run_start;			/* TSC at the start of the current run */
	bool initialised;		/* has a register state to start from */
	u32 stop_reason;		/* set by an exit that ends the run */
	u32 vcpu_up;			/* with HOIST_RUN_VCPU_UP */

	/* domU: the Xen guest ABI */
	struct vcpu_info *vcpu_info;	/* in guest memory, or NULL */
	u64 timer_ns;			/* single-shot deadline; 0 = none */
	u64 timer_reported;		/* the deadline dom0 last armed for */
	u16 virq_port[NR_VIRQS];	/* 0 = not bound */
	u32 poll_port;			/* SCHEDOP_poll waits for it; 0 none */

	struct arch_vcpu arch;
};

/* A vCPU's stop_reason while nothing ends its run: not a HOIST_RUN_*. */
#define VCPU_STOP_NONE		(~0u)

/* Ask v's run to end for reason (HOIST_RUN_*), unless one already does. */
static inline void vcpu_request_stop(struct vcpu *v, u32 reason)
{
	if (v->stop_reason == VCPU_STOP_NONE)
		v->stop_reason = reason;
}

struct hv_cpu {
	struct vcpu dom0;		/* dom0 on this CPU */
	struct vcpu *current;		/* what the next VMRUN enters */
	u32 id;
	bool hoisted;
	bool switched;			/* the current exit changed `current` */
	u64 tlb_gen_seen;		/* dom0 TLB generation flushed to */
	u64 run_out;			/* dom0's struct hoist_run * for the run */
	struct hoist_cpu_stats stats;
	struct arch_cpu arch;
};

/* vcpu_run.c: HOIST_HC_VCPU_RUN, and the end of the run it starts */
long vcpu_run(struct hv_cpu *c, struct vcpu *v, u64 run_out);
void vcpu_stop(struct hv_cpu *c, struct vcpu *v, u32 reason, u32 state);

#endif /* HV_VCPU_H */
