// SPDX-License-Identifier: GPL-2.0
/*
 * Exits that no instruction of the guest asked for: physical interrupts,
 * NMIs and SMIs, INIT, a triple fault, exits the guest's kind did not
 * intercept; and, around every exit of a domU, the interrupt offer and
 * the end of its run.
 */
#include <hv/domain.h>
#include <hv/log.h>
#include <arch/exit.h>

/* A domU's run ends: dom0 takes the interrupt. */
void exit_preempt(struct hv_cpu *c, struct vcpu *v,
		  const struct exit_policy *p)
{
	vcpu_request_stop(v, HOIST_RUN_PREEMPTED);
}

void exit_init(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p)
{
	if (p->init)
		p->init(c, v);
}

void exit_shutdown(struct hv_cpu *c, struct vcpu *v,
		   const struct exit_policy *p)
{
	p->shutdown(c, v);
}

/* INIT would reset the CPU from under the hypervisor: dropped. */
void dom0_init(struct hv_cpu *c, struct vcpu *v)
{
	if (c->stats.exits[HOIST_STAT_INIT] == 1)
		hv_log("cpu %u: INIT ignored while hoisted", c->id);
}

void dom0_shutdown(struct hv_cpu *c, struct vcpu *v)
{
	hv_log("cpu %u: dom0 triple fault at rip %lx; CPU parked", c->id,
	       (unsigned long)v->arch.vmcb->save.rip);
	cpu_halt_forever();
}

void dom0_unexpected(struct hv_cpu *c, struct vcpu *v, u64 code)
{
	if ((u32)code == SVM_EXIT_INVALID) {
		hv_log("cpu %u: VMRUN failed while hoisted", c->id);
		svm_dump_vmcb(v->arch.vmcb);
		svm_leave(c, 0);
	}
	hv_log("cpu %u: unexpected exit %lx", c->id, (unsigned long)code);
	svm_dump_vmcb(v->arch.vmcb);
	svm_inject_exception(v, X86_EXC_UD, false, 0);
}

void domu_shutdown(struct hv_cpu *c, struct vcpu *v)
{
	svm_dump_vmcb(v->arch.vmcb);	/* what the guest's last state was */
	domain_crash(v->dom, "triple fault at rip", v->arch.vmcb->save.rip);
}

void domu_unexpected(struct hv_cpu *c, struct vcpu *v, u64 code)
{
	hv_log("d%u v%u: unexpected exit %lx", v->dom->id, v->id,
	       (unsigned long)code);
	svm_dump_vmcb(v->arch.vmcb);
	domain_crash(v->dom, "unexpected exit", code);
}

void domu_exit_begin(struct hv_cpu *c, struct vcpu *v)
{
	domu_intr_exit(v);	/* first: an EOI must find the vector in service */
}

/* Back to dom0 if anything asked for it, with why. */
void domu_exit_end(struct hv_cpu *c, struct vcpu *v)
{
	u32 why;

	/* Events for vCPUs running elsewhere or asleep: dom0 wakes them. */
	if (READ_ONCE(v->dom->kick) & ~(1u << v->id))
		vcpu_request_stop(v, HOIST_RUN_KICK);
	why = domain_stop_reason(v->dom);
	if (why != VCPU_STOP_NONE)
		v->stop_reason = why;
	if (v->stop_reason != VCPU_STOP_NONE)
		vcpu_stop(c, v, v->stop_reason,
			  v->stop_reason == HOIST_RUN_BLOCKED ?
			  HOIST_VCPU_BLOCKED : HOIST_VCPU_RUNNABLE);
}
