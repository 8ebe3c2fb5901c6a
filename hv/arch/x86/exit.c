// SPDX-License-Identifier: GPL-2.0
/*
 * Where every exit goes: the dispatch table (exit code to handler) and the
 * two domain kinds' policies (see exit.h).
 *
 * dom0 intercepts only what correctness and protection need: CPUID (to
 * hide SVM and show Hoist), VMMCALL (hypercalls), the SVM instructions
 * (dom0 must not run its own hypervisor on this CPU), writes to EFER (SVME
 * must stay set behind dom0's back), VM_CR and VM_HSAVE_PA, writes to the
 * MSRs that move or hide memory, INVD (it would drop dirty lines, a
 * scrub's among them), the platform's reset and sleep ports, INIT (it
 * would reset the CPU from under the hypervisor) and SHUTDOWN.  Interrupts
 * and NMIs are not intercepted: they go straight to dom0's IDT.
 *
 * A domU is intercepted on everything that could reach outside it:
 * physical interrupts and NMIs (they belong to dom0: the run ends and dom0
 * takes them), port I/O and MSRs (emulated: unknown ports read all-ones,
 * unknown MSRs #GP), HLT (the vCPU blocks), the SVM instructions, and
 * nested page faults (an access outside its memory crashes the domain).
 * Whatever the guest does, the worst outcome is its own domain crashing.
 */
#include <hv/log.h>
#include <arch/exit.h>

#define REFUSALS_LOGGED		16

const struct exit_policy dom0_exits = {
	.intercept_misc1 = INTERCEPT_INIT | INTERCEPT_CPUID | INTERCEPT_INVD |
			   INTERCEPT_INVLPGA | INTERCEPT_IOIO | INTERCEPT_MSR |
			   INTERCEPT_SHUTDOWN,
	.intercept_misc2 = INTERCEPT_SVM_INSNS | INTERCEPT_VMMCALL |
			   INTERCEPT_WBINVD,
	.cpuid = dom0_cpuid,
	.hypercall = dom0_hypercall,
	.msr = dom0_msr,
	.ioio = dom0_ioio,
	.npf = dom0_npf,
	.init = dom0_init,
	.shutdown = dom0_shutdown,
	.unexpected = dom0_unexpected,
};

const struct exit_policy domu_exits = {
	.intercept_misc1 = INTERCEPT_INTR | INTERCEPT_NMI | INTERCEPT_SMI |
			   INTERCEPT_INIT | INTERCEPT_RDPMC | INTERCEPT_CPUID |
			   INTERCEPT_INVD | INTERCEPT_HLT | INTERCEPT_INVLPGA |
			   INTERCEPT_IOIO | INTERCEPT_MSR | INTERCEPT_SHUTDOWN,
	.intercept_misc2 = INTERCEPT_SVM_INSNS | INTERCEPT_VMMCALL |
			   INTERCEPT_WBINVD | INTERCEPT_XSETBV,
	.cpuid = cpuid_domu_policy,
	.hypercall = domu_hypercall,
	.msr = domu_msr,
	.ioio = domu_ioio,
	.npf = domu_npf,
	.init = NULL,		/* a domU's own INIT: nothing to do */
	.shutdown = domu_shutdown,
	.unexpected = domu_unexpected,
	.begin = domu_exit_begin,
	.end = domu_exit_end,
};

static const exit_handler handlers[] = {
	[SVM_EXIT_INTR] = exit_preempt,
	[SVM_EXIT_NMI] = exit_preempt,
	[SVM_EXIT_SMI] = exit_preempt,
	[SVM_EXIT_INIT] = exit_init,
	[SVM_EXIT_RDPMC] = exit_rdpmc,
	[SVM_EXIT_CPUID] = exit_cpuid,
	[SVM_EXIT_INVD] = exit_invd,
	[SVM_EXIT_HLT] = exit_hlt,
	[SVM_EXIT_INVLPGA] = exit_svm_insn,
	[SVM_EXIT_IOIO] = exit_ioio,
	[SVM_EXIT_MSR] = exit_msr,
	[SVM_EXIT_SHUTDOWN] = exit_shutdown,
	[SVM_EXIT_VMRUN] = exit_svm_insn,
	[SVM_EXIT_VMMCALL] = exit_vmmcall,
	[SVM_EXIT_VMLOAD] = exit_svm_insn,
	[SVM_EXIT_VMSAVE] = exit_svm_insn,
	[SVM_EXIT_STGI] = exit_svm_insn,
	[SVM_EXIT_CLGI] = exit_svm_insn,
	[SVM_EXIT_SKINIT] = exit_svm_insn,
	[SVM_EXIT_WBINVD] = exit_invd,	/* QEMU 7.2: INVD exits as this */
	[SVM_EXIT_XSETBV] = exit_xsetbv,
};

/*
 * The handler for an exit the guest's kind asked for; NULL for any other
 * (the hardware never makes one: this keeps each kind to its own).
 */
static exit_handler handler_for(const struct exit_policy *p, u64 code)
{
	u32 bit;

	if (code == SVM_EXIT_NPF)	/* both kinds run under nested paging */
		return exit_npf;
	if (code >= ARRAY_SIZE(handlers))
		return NULL;
	if (code >= SVM_EXIT_VMRUN) {
		bit = (u32)(code - SVM_EXIT_VMRUN);
		return (p->intercept_misc2 & BIT(bit)) ? handlers[code] : NULL;
	}
	if (code >= SVM_EXIT_INTR) {
		bit = (u32)(code - SVM_EXIT_INTR);
		return (p->intercept_misc1 & BIT(bit)) ? handlers[code] : NULL;
	}
	return NULL;
}

bool exit_refuse(struct hv_cpu *c)
{
	return c->stats.refused++ < REFUSALS_LOGGED;
}

/* An event whose delivery the exit interrupted must not be lost. */
static void reinject_interrupted_event(struct vcpu *v)
{
	struct vmcb_control *ctl = &v->arch.vmcb->control;
	u64 ev = ctl->exit_int_info;
	u32 vec = ev & SVM_EVT_VECTOR_MASK;

	if (!(ev & SVM_EVT_VALID) || (ctl->event_inj & SVM_EVT_VALID))
		return;
	/* QEMU reports interrupts and NMIs as exceptions: normalise. */
	if ((ev & SVM_EVT_TYPE_MASK) == SVM_EVT_TYPE_EXEPT) {
		ev &= ~(u64)SVM_EVT_TYPE_MASK;
		if (vec == X86_EXC_NMI)
			ev |= SVM_EVT_TYPE_NMI;
		else if (vec >= X86_NR_EXCEPTIONS)
			ev |= SVM_EVT_TYPE_INTR;
		else
			ev |= SVM_EVT_TYPE_EXEPT;
	}
	ctl->event_inj = ev;
}

void svm_handle_exit(struct hv_cpu *c, struct vcpu *v)
{
	const struct exit_policy *p = v->dom ? &domu_exits : &dom0_exits;
	struct vmcb_control *ctl = &v->arch.vmcb->control;
	u64 code = ctl->exit_code;
	exit_handler h;

	ctl->event_inj = 0;
	if (p->begin)
		p->begin(c, v);
	h = handler_for(p, code);
	if (h)
		h(c, v, p);
	else
		p->unexpected(c, v, code);
	reinject_interrupted_event(v);
	if (p->end)
		p->end(c, v);
}
