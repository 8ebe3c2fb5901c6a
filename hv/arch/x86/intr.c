// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupt delivery to a domU, decided just before each VMRUN.  Two
 * sources: the x2APIC (IPIs, self-IPIs), delivered with its priority
 * rules, and the Xen event upcall, delivered at the callback vector while
 * vcpu_info.evtchn_upcall_pending is set, outside the APIC (Linux sends no
 * EOI for it).  An interrupt goes in only when the guest can take it (IF
 * set, no interrupt shadow, no other event being injected); otherwise a
 * virtual interrupt request (V_IRQ) makes the CPU exit with VINTR as soon
 * as it can, and the decision is made again.
 */
#include <hv/domain.h>
#include <hv/hv.h>
#include <arch/cpu.h>
#include <arch/vlapic.h>

#define RFLAGS_IF		BIT(9)
#define V_IRQ			BIT(8)
#define V_INTR_PRIO_MAX		(0xfull << 16)
#define V_IGN_TPR		BIT(20)
#define WINDOW_BITS		(V_IRQ | V_INTR_PRIO_MAX | V_IGN_TPR)

static void want_window(struct vmcb_control *ctl, bool on)
{
	if (on) {
		ctl->int_ctl |= WINDOW_BITS;
		ctl->intercept_misc1 |= INTERCEPT_VINTR;
	} else {
		ctl->int_ctl &= ~WINDOW_BITS;
		ctl->intercept_misc1 &= ~INTERCEPT_VINTR;
	}
}

/* Whether an interrupt is waiting that the guest would take with IF set. */
bool domu_interrupt_pending(const struct vcpu *v)
{
	return vlapic_pending(v) >= 0 ||
	       (v->dom->callback_vector && vcpu_upcall_pending(v));
}

void domu_deliver_interrupts(struct vcpu *v)
{
	struct vmcb_control *ctl = &v->vmcb->control;
	u8 cb = v->dom->callback_vector;
	int vec;

	xen_check_timer(v);
	vec = vlapic_pending(v);
	if (vec < 0 && !(cb && vcpu_upcall_pending(v))) {
		want_window(ctl, false);
		return;
	}
	if ((ctl->event_inj & SVM_EVT_VALID) ||
	    !(v->vmcb->save.rflags & RFLAGS_IF) || (ctl->int_state & 1)) {
		want_window(ctl, true);
		return;
	}
	want_window(ctl, false);
	/* The higher vector first, as an APIC orders its own. */
	if (vec >= 0 && !(cb && vcpu_upcall_pending(v) && (u32)vec < cb))
		vlapic_ack(v, vec);
	else
		vec = cb;
	ctl->event_inj = (u64)vec | SVM_EVT_TYPE_INTR | SVM_EVT_VALID;
}
