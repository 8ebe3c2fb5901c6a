// SPDX-License-Identifier: GPL-2.0
/*
 * Intercepted instructions with no device or memory behind them: CPUID,
 * INVD and WBINVD, HLT, XSETBV, RDPMC and the SVM instructions.
 */
#include <hv/hv.h>
#include <arch/exit.h>
#include <arch/fpu.h>
#include <arch/xcr0.h>

/* dom0's answers are the same on every CPU: no vCPU id goes in. */
void dom0_cpuid(u32 leaf, u32 sub, u32 vcpu_id, struct cpuid_regs *r)
{
	cpuid_dom0_policy(leaf, sub, r);
}

void exit_cpuid(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p)
{
	struct vmcb_save *s = &v->arch.vmcb->save;
	struct cpuid_regs r;
	u32 leaf = (u32)s->rax, sub = (u32)v->arch.regs.rcx;

	cpuid_count(leaf, sub, &r);
	p->cpuid(leaf, sub, v->id, &r);
	s->rax = r.eax;
	v->arch.regs.rbx = r.ebx;
	v->arch.regs.rcx = r.ecx;
	v->arch.regs.rdx = r.edx;
	svm_advance_rip(v, INSN_LEN_CPUID);
}

/*
 * INVD would drop dirty lines that are not the guest's (a scrub's, the
 * hypervisor's): write back.  WBINVD is intercepted too, and run the same
 * way, because QEMU 7.2 checks the WBINVD intercept for INVD and reports
 * it as WBINVD (docs/architecture.md, "Emulator faults").
 */
void exit_invd(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p)
{
	wbinvd();
	svm_advance_rip(v, INSN_LEN_INVD);
}

/* HLT blocks unless an interrupt it would take is already waiting. */
void exit_hlt(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p)
{
	svm_advance_rip(v, INSN_LEN_HLT);
	if (arch_vcpu_interrupt_ready(v))
		return;
	vcpu_request_stop(v, HOIST_RUN_BLOCKED);
}

/* Hardware intercepts XSETBV; QEMU does not, see arch_vcpu_switch_from(). */
void exit_xsetbv(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p)
{
	u64 val = exit_get_edx_eax(v);

	/* An XSETBV the hypervisor's own would fault on must not get there. */
	if ((u32)v->arch.regs.rcx != 0 || svm_guest_cpl(v) != 0 ||
	    !xcr0_valid(val, hv.arch.xcr0_host_mask)) {
		svm_inject_exception(v, X86_EXC_GP, true, 0);
		return;
	}
	xsetbv(0, val);
	v->arch.xcr0 = val;
	svm_advance_rip(v, INSN_LEN_XSETBV);
}

/* No PMU is offered (CPUID 0xA is empty): the host's counters stay hidden. */
void exit_rdpmc(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p)
{
	svm_inject_exception(v, X86_EXC_GP, true, 0);
}

/* The hypervisor owns SVM: no guest runs one of its own. */
void exit_svm_insn(struct hv_cpu *c, struct vcpu *v,
		   const struct exit_policy *p)
{
	svm_inject_exception(v, X86_EXC_UD, false, 0);
}
