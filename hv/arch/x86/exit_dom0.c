// SPDX-License-Identifier: GPL-2.0
/*
 * dom0's exits.  Only what correctness and protection need is intercepted:
 * CPUID (to hide SVM and show Hoist), VMMCALL (hypercalls), the SVM
 * instructions (dom0 must not run its own hypervisor on this CPU), writes
 * to EFER (SVME must stay set behind dom0's back), VM_CR and VM_HSAVE_PA,
 * INIT (it would reset the CPU from under the hypervisor) and SHUTDOWN.
 * Interrupts and NMIs are not intercepted: they go straight to dom0's IDT.
 */
#include <hv/domain.h>
#include <hv/hv.h>
#include <hv/errno.h>
#include <hv/log.h>
#include <arch/cpu.h>

/* Bits dom0 may change in EFER: SCE, NXE, FFXSR, TCE, AutoIBRS */
#define EFER_DOM0_WRITABLE	(BIT(0) | BIT(11) | BIT(14) | BIT(15) | BIT(21))
#define INSN_LEN_CPUID		2
#define INSN_LEN_MSR		2
#define INSN_LEN_VMMCALL	3

typedef void (*exit_handler)(struct hv_cpu *c, struct vcpu *v);

static void handle_cpuid(struct hv_cpu *c, struct vcpu *v)
{
	struct vmcb_save *s = &v->vmcb->save;
	struct cpuid_regs r;
	u32 leaf = (u32)s->rax, sub = (u32)v->regs.rcx;

	svm_count(c, HOIST_STAT_CPUID);
	cpuid_count(leaf, sub, &r);
	cpuid_dom0_policy(leaf, sub, &r);
	s->rax = r.eax;
	v->regs.rbx = r.ebx;
	v->regs.rcx = r.ecx;
	v->regs.rdx = r.edx;
	svm_advance_rip(v, INSN_LEN_CPUID);
}

static void handle_vmmcall(struct hv_cpu *c, struct vcpu *v)
{
	struct vmcb_save *s = &v->vmcb->save;
	u64 nr = s->rax;
	u64 args[5] = { v->regs.rdi, v->regs.rsi, v->regs.rdx, v->regs.r10,
			v->regs.r8 };
	long r;

	svm_count(c, HOIST_STAT_VMMCALL);
	svm_advance_rip(v, INSN_LEN_VMMCALL);
	if (svm_guest_cpl(v) != 0) {
		/* User space gets an error, as from Xen; nothing else happens. */
		s->rax = (u64)-EPERM;
		return;
	}
	c->stats.hypercalls++;
	if (nr == HOIST_HC_DEVIRT)
		svm_leave(c, 0);
	c->switched = false;
	r = hypercall_dispatch(v, nr, args);
	if (!c->switched)	/* else the result comes when the run ends */
		s->rax = (u64)r;
}

static void handle_msr(struct hv_cpu *c, struct vcpu *v)
{
	struct vmcb_save *s = &v->vmcb->save;
	u32 msr = (u32)v->regs.rcx;
	bool write = v->vmcb->control.exit_info1 & 1;
	u64 val = ((v->regs.rdx & 0xffffffffull) << 32) | (u32)s->rax;

	svm_count(c, HOIST_STAT_MSR);
	switch (msr) {
	case MSR_EFER:
		if (!write) {
			val = s->efer;
		} else if ((val ^ s->efer) & ~(EFER_DOM0_WRITABLE | EFER_SVME)) {
			svm_inject_exception(v, X86_EXC_GP, true, 0);
			return;
		} else {
			s->efer = val | EFER_SVME;
		}
		break;
	case MSR_VM_CR:
		/* SVM is the hypervisor's: to dom0 it looks disabled by firmware. */
		val = rdmsr(MSR_VM_CR) | VM_CR_SVMDIS | VM_CR_LOCK;
		break;
	case MSR_VM_HSAVE_PA:
		val = 0;	/* writes are dropped */
		break;
	default:
		svm_inject_exception(v, X86_EXC_GP, true, 0);
		return;
	}
	if (!write) {
		s->rax = (u32)val;
		v->regs.rdx = val >> 32;
	}
	svm_advance_rip(v, INSN_LEN_MSR);
}

static void handle_svm_insn(struct hv_cpu *c, struct vcpu *v)
{
	svm_count(c, HOIST_STAT_SVM_INSN);
	svm_inject_exception(v, X86_EXC_UD, false, 0);
}

static void handle_init(struct hv_cpu *c, struct vcpu *v)
{
	svm_count(c, HOIST_STAT_INIT);
	if (c->stats.exits[HOIST_STAT_INIT] == 1)
		hv_log("cpu %u: INIT ignored while hoisted", c->id);
}

static void handle_shutdown(struct hv_cpu *c, struct vcpu *v)
{
	svm_count(c, HOIST_STAT_SHUTDOWN);
	hv_log("cpu %u: dom0 triple fault at rip %lx; CPU parked", c->id,
	       (unsigned long)v->vmcb->save.rip);
	cpu_halt_forever();
}

/*
 * A nested page fault: dom0 touched memory it does not own (the
 * hypervisor's or a domain's).  dom0 gets #GP at the faulting instruction,
 * like any other forbidden access, and the attempt is counted.
 */
static void handle_npf(struct hv_cpu *c, struct vcpu *v)
{
	u64 gpa = v->vmcb->control.exit_info2;
	u64 info = v->vmcb->control.exit_info1;

	svm_count(c, HOIST_STAT_NPF);
	if (!dom0_npt_lookup(gpa, NULL, NULL))
		return;		/* mapped now: a stale TLB entry, retry */
	c->stats.hv_access_blocked++;
	if (c->npf_logged < 8 || (c->npf_logged & 1023) == 0)
		hv_log("cpu %u: dom0 %s of %lx blocked (rip %lx)", c->id,
		       (info & NPF_WRITE) ? "write" :
		       (info & NPF_FETCH) ? "fetch" : "read",
		       (unsigned long)gpa, (unsigned long)v->vmcb->save.rip);
	c->npf_logged++;
	if (v->vmcb->control.exit_int_info & SVM_EVT_VALID) {
		/* The fault hit while an event was delivered: a double fault. */
		v->vmcb->control.exit_int_info = 0;
		svm_inject_exception(v, X86_EXC_DF, true, 0);
		return;
	}
	svm_inject_exception(v, X86_EXC_GP, true, 0);
}

static const exit_handler handlers[] = {
	[SVM_EXIT_INIT] = handle_init,
	[SVM_EXIT_CPUID] = handle_cpuid,
	[SVM_EXIT_INVLPGA] = handle_svm_insn,
	[SVM_EXIT_MSR] = handle_msr,
	[SVM_EXIT_SHUTDOWN] = handle_shutdown,
	[SVM_EXIT_VMRUN] = handle_svm_insn,
	[SVM_EXIT_VMMCALL] = handle_vmmcall,
	[SVM_EXIT_VMLOAD] = handle_svm_insn,
	[SVM_EXIT_VMSAVE] = handle_svm_insn,
	[SVM_EXIT_STGI] = handle_svm_insn,
	[SVM_EXIT_CLGI] = handle_svm_insn,
	[SVM_EXIT_SKINIT] = handle_svm_insn,
};

/* An event whose delivery the exit interrupted must not be lost. */
void svm_reinject_interrupted_event(struct vcpu *v)
{
	struct vmcb_control *ctl = &v->vmcb->control;
	u64 ev = ctl->exit_int_info;
	u32 vec = ev & SVM_EVT_VECTOR_MASK;

	if (!(ev & SVM_EVT_VALID) || (ctl->event_inj & SVM_EVT_VALID))
		return;
	/* QEMU reports interrupts and NMIs as exceptions: normalise. */
	if ((ev & SVM_EVT_TYPE_MASK) == SVM_EVT_TYPE_EXEPT) {
		ev &= ~(u64)SVM_EVT_TYPE_MASK;
		if (vec == 2)
			ev |= SVM_EVT_TYPE_NMI;
		else if (vec >= 32)
			ev |= SVM_EVT_TYPE_INTR;
		else
			ev |= SVM_EVT_TYPE_EXEPT;
	}
	ctl->event_inj = ev;
}

void dom0_handle_exit(struct hv_cpu *c, struct vcpu *v)
{
	struct vmcb_control *ctl = &v->vmcb->control;
	u64 code = ctl->exit_code;

	ctl->event_inj = 0;
	if (code == SVM_EXIT_NPF)
		handle_npf(c, v);
	else if (code < ARRAY_SIZE(handlers) && handlers[code])
		handlers[code](c, v);
	else if ((u32)code == SVM_EXIT_INVALID) {
		hv_log("cpu %u: VMRUN failed while hoisted", c->id);
		svm_dump_vmcb(v->vmcb);
		svm_leave(c, 0);
	} else {
		svm_count(c, HOIST_STAT_OTHER);
		hv_log("cpu %u: unexpected exit %lx", c->id,
		       (unsigned long)code);
		svm_dump_vmcb(v->vmcb);
		svm_inject_exception(v, X86_EXC_UD, false, 0);
	}
	svm_reinject_interrupted_event(v);
}
