// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupt delivery to a domU, decided just before each VMRUN.  Two
 * sources: the x2APIC (IPIs, self-IPIs), delivered with its priority
 * rules, and the Xen event upcall, delivered at the callback vector while
 * vcpu_info.evtchn_upcall_pending is set, outside the APIC (Linux sends no
 * EOI for it).
 *
 * The chosen vector is offered as a virtual interrupt (V_IRQ with its
 * vector, TPR ignored: the x2APIC model has applied the priorities): the
 * CPU itself takes it as soon as the guest can (IF set, no interrupt
 * shadow, no event being injected) and clears V_IRQ when it does.  At the
 * next exit the offer is withdrawn; if it was taken, an APIC vector moves
 * to in-service then.
 *
 * Why not EVENTINJ: QEMU's TCG delivers an injected external interrupt
 * inside VMRUN but leaves the vector as the CPU's pending exception, and
 * delivers it a second time, whatever IF says, if the CPU is asked to
 * leave its execution loop before the guest's next exit (QEMU's periodic
 * kick, or any cross-CPU request).  A Linux guest then runs its interrupt
 * entry twice on the same frame and dies.  See docs/architecture.md,
 * "Emulator faults".  Exceptions are still injected with EVENTINJ.
 */
#include <hv/domain.h>
#include <hv/hv.h>
#include <arch/cpu.h>
#include <arch/vlapic.h>

#define OFFER_BITS		(V_IRQ | V_INTR_PRIO_MAX | V_IGN_TPR | V_INTR_VECTOR)

bool arch_vcpu_interrupt_pending(const struct vcpu *v)
{
	return vlapic_pending(v) >= 0 ||
	       (v->dom->callback_vector && vcpu_upcall_pending(v));
}

bool arch_vcpu_interrupt_ready(const struct vcpu *v)
{
	return (v->arch.vmcb->save.rflags & X86_RFLAGS_IF) &&
	       arch_vcpu_interrupt_pending(v);
}

void domu_intr_exit(struct vcpu *v)
{
	struct vmcb_control *ctl = &v->arch.vmcb->control;

	if (v->arch.virq_offered < 0)
		return;
	if (!(ctl->int_ctl & V_IRQ) && v->arch.virq_from_apic)
		vlapic_ack(v, v->arch.virq_offered);	/* taken */
	ctl->int_ctl &= ~OFFER_BITS;
	v->arch.virq_offered = -1;
}

void domu_deliver_interrupts(struct vcpu *v)
{
	struct vmcb_control *ctl = &v->arch.vmcb->control;
	u8 cb = v->dom->callback_vector;
	bool upcall;
	int vec;

	xen_check_timer(v);
	domu_intr_exit(v);	/* an offer never outlives the run it was made for */
	vec = vlapic_pending(v);
	upcall = cb && vcpu_upcall_pending(v);
	if (vec < 0 && !upcall)
		return;
	/* The higher vector first, as an APIC orders its own. */
	v->arch.virq_from_apic = vec >= 0 && !(upcall && (u32)vec < cb);
	if (!v->arch.virq_from_apic)
		vec = cb;
	v->arch.virq_offered = vec;
	ctl->int_ctl = (ctl->int_ctl & ~OFFER_BITS) | V_IRQ | V_INTR_PRIO_MAX |
		       V_IGN_TPR | ((u64)vec << V_INTR_VECTOR_SHIFT);
}
