// SPDX-License-Identifier: GPL-2.0
/*
 * dom0 under SVM: its VMCB, the run loop and the exit handlers.
 *
 * Only what correctness and protection need is intercepted: CPUID (to hide
 * SVM and show Hoist), VMMCALL (hypercalls), the SVM instructions (dom0
 * must not run its own hypervisor on this CPU), writes to EFER (SVME must
 * stay set behind dom0's back), VM_CR and VM_HSAVE_PA, INIT (it would reset
 * the CPU from under the hypervisor) and SHUTDOWN.  Interrupts and NMIs are
 * not intercepted: they go straight to dom0's IDT.
 */
#include <hv/hv.h>
#include <hv/errno.h>
#include <hv/log.h>
#include <hv/string.h>
#include <arch/cpu.h>

#define ASID_DOM0	1
#define NP_ENABLE	BIT(0)
#define EFER_LMA	BIT(10)
#define EFER_LME	BIT(8)
/* Bits dom0 may change in EFER: SCE, NXE, FFXSR, TCE, AutoIBRS */
#define EFER_DOM0_WRITABLE	(BIT(0) | BIT(11) | BIT(14) | BIT(15) | BIT(21))

#define INSN_LEN_CPUID		2
#define INSN_LEN_MSR		2
#define INSN_LEN_VMMCALL	3

typedef void (*exit_handler)(struct hv_cpu *c);

static void count(struct hv_cpu *c, enum hoist_exit_stat s)
{
	c->stats.exits[s]++;
}

void svm_init_msrpm(u8 *msrpm)
{
	static const u32 msrs[] = { MSR_EFER, MSR_VM_CR, MSR_VM_HSAVE_PA };

	for (unsigned int i = 0; i < ARRAY_SIZE(msrs); i++) {
		u32 m = msrs[i];
		u32 base = m >= 0xc0010000 ? 0x1000 : m >= 0xc0000000 ? 0x800 : 0;
		u32 bit = (m & 0x1fff) * 2;

		/* EFER reads need no help: the VMCB holds dom0's value. */
		if (m != MSR_EFER)
			msrpm[base + bit / 8] |= 1u << (bit % 8);
		msrpm[base + (bit + 1) / 8] |= 1u << ((bit + 1) % 8);
	}
}

void svm_init_vmcb_dom0(struct hv_cpu *c)
{
	struct vmcb_control *ctl = &c->vmcb->control;

	ctl->intercept_misc1 = INTERCEPT_INIT | INTERCEPT_CPUID |
			       INTERCEPT_INVLPGA | INTERCEPT_MSR |
			       INTERCEPT_SHUTDOWN;
	ctl->intercept_misc2 = INTERCEPT_VMRUN | INTERCEPT_VMMCALL |
			       INTERCEPT_VMLOAD | INTERCEPT_VMSAVE |
			       INTERCEPT_STGI | INTERCEPT_CLGI |
			       INTERCEPT_SKINIT;
	ctl->iopm_base_pa = hv.iopm_pa;
	ctl->msrpm_base_pa = hv.msrpm_pa;
	ctl->asid = ASID_DOM0;
	ctl->tlb_control = TLB_CONTROL_FLUSH_ALL;
	ctl->np_control = NP_ENABLE;
	ctl->n_cr3 = hv.dom0_npt.root_pa;
	ctl->clean = 0;
}

void svm_advance_rip(struct hv_cpu *c, unsigned int len)
{
	struct vmcb *v = c->vmcb;

	/* Without nRIP-save (QEMU) the caller knows the instruction length. */
	if (hv.nrip_save && v->control.next_rip)
		v->save.rip = v->control.next_rip;
	else
		v->save.rip += len;
	v->control.int_state &= ~1ull;	/* the shadow ends with the insn */
}

void svm_inject_exception(struct hv_cpu *c, unsigned int vector, bool has_err,
			  u32 err)
{
	u64 ev = vector | SVM_EVT_TYPE_EXEPT | SVM_EVT_VALID;

	if (has_err)
		ev |= SVM_EVT_ERR_VALID | ((u64)err << 32);
	c->vmcb->control.event_inj = ev;
}

static unsigned int guest_cpl(const struct hv_cpu *c)
{
	/* QEMU takes the CPL from SS.DPL; hardware keeps both in step. */
	const struct vmcb_save *s = &c->vmcb->save;

	return MAX(s->cpl & 3u, (s->ss.attrib >> 5) & 3u);
}

static void handle_cpuid(struct hv_cpu *c)
{
	struct vmcb_save *s = &c->vmcb->save;
	struct cpuid_regs r;
	u32 leaf = (u32)s->rax, sub = (u32)c->regs.rcx;

	count(c, HOIST_STAT_CPUID);
	cpuid_count(leaf, sub, &r);
	cpuid_dom0_policy(leaf, sub, &r);
	s->rax = r.eax;
	c->regs.rbx = r.ebx;
	c->regs.rcx = r.ecx;
	c->regs.rdx = r.edx;
	svm_advance_rip(c, INSN_LEN_CPUID);
}

/*
 * Back to native on this CPU: after a DEVIRT hypercall, or when the very
 * first VMRUN fails (then the state captured before it is used, since a
 * failed VMRUN may overwrite the VMCB).
 */
__noreturn void svm_leave(struct hv_cpu *c, long rax)
{
	if (c->ran) {
		svm_fill_linux_ctx(c, rax);
		wrmsr(MSR_PAT, c->vmcb->save.g_pat);
	} else {
		c->lx.rax = (u64)rax;
	}
	if (c->hoisted) {
		c->hoisted = false;
		__atomic_fetch_sub(&hv.cpus_hoisted, 1, __ATOMIC_RELAXED);
	}
	svm_vmload(c->vmcb_pa);		/* Linux's FS, GS, TR, syscall MSRs */
	hv_log("cpu %u: back to native", c->id);
	cpu_exit_to_linux(&c->lx);
}

static void handle_vmmcall(struct hv_cpu *c)
{
	struct vmcb_save *s = &c->vmcb->save;
	u64 nr = s->rax;
	u64 args[5] = { c->regs.rdi, c->regs.rsi, c->regs.rdx, c->regs.r10,
			c->regs.r8 };

	count(c, HOIST_STAT_VMMCALL);
	svm_advance_rip(c, INSN_LEN_VMMCALL);
	if (guest_cpl(c) != 0) {
		/* User space gets an error, as from Xen; nothing else happens. */
		s->rax = (u64)-EPERM;
		return;
	}
	c->stats.hypercalls++;
	if (nr == HOIST_HC_DEVIRT)
		svm_leave(c, 0);
	s->rax = (u64)hypercall_dispatch(c, nr, args);
}

static void handle_msr(struct hv_cpu *c)
{
	struct vmcb_save *s = &c->vmcb->save;
	u32 msr = (u32)c->regs.rcx;
	bool write = c->vmcb->control.exit_info1 & 1;
	u64 val = ((c->regs.rdx & 0xffffffffull) << 32) | (u32)s->rax;

	count(c, HOIST_STAT_MSR);
	switch (msr) {
	case MSR_EFER:
		if (!write)
			val = s->efer;
		else if ((val ^ s->efer) & ~(EFER_DOM0_WRITABLE | EFER_SVME)) {
			svm_inject_exception(c, X86_EXC_GP, true, 0);
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
		svm_inject_exception(c, X86_EXC_GP, true, 0);
		return;
	}
	if (!write) {
		s->rax = (u32)val;
		c->regs.rdx = val >> 32;
	}
	svm_advance_rip(c, INSN_LEN_MSR);
}

static void handle_svm_insn(struct hv_cpu *c)
{
	count(c, HOIST_STAT_SVM_INSN);
	svm_inject_exception(c, X86_EXC_UD, false, 0);
}

static void handle_init(struct hv_cpu *c)
{
	count(c, HOIST_STAT_INIT);
	if (c->stats.exits[HOIST_STAT_INIT] == 1)
		hv_log("cpu %u: INIT ignored while hoisted", c->id);
}

static void handle_shutdown(struct hv_cpu *c)
{
	count(c, HOIST_STAT_SHUTDOWN);
	hv_log("cpu %u: dom0 triple fault at rip %lx; CPU parked", c->id,
	       (unsigned long)c->vmcb->save.rip);
	cpu_halt_forever();
}

/*
 * A nested page fault: dom0 touched memory it does not own (the
 * hypervisor's).  dom0 gets #GP at the faulting instruction, like any
 * other forbidden access, and the attempt is counted.
 */
static void handle_npf(struct hv_cpu *c)
{
	u64 gpa = c->vmcb->control.exit_info2;
	u64 info = c->vmcb->control.exit_info1;

	count(c, HOIST_STAT_NPF);
	if (!pt_lookup(&hv.dom0_npt, gpa, NULL, NULL, NULL))
		return;		/* mapped now: a stale TLB entry, retry */
	c->stats.hv_access_blocked++;
	if (c->npf_logged < 8 || (c->npf_logged & 1023) == 0)
		hv_log("cpu %u: dom0 %s of %lx blocked (rip %lx)", c->id,
		       (info & NPF_WRITE) ? "write" :
		       (info & NPF_FETCH) ? "fetch" : "read",
		       (unsigned long)gpa, (unsigned long)c->vmcb->save.rip);
	c->npf_logged++;
	if (c->vmcb->control.exit_int_info & SVM_EVT_VALID) {
		/* The fault hit while an event was delivered: a double fault. */
		c->vmcb->control.exit_int_info = 0;
		svm_inject_exception(c, X86_EXC_DF, true, 0);
		return;
	}
	svm_inject_exception(c, X86_EXC_GP, true, 0);
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
static void reinject_interrupted_event(struct hv_cpu *c)
{
	struct vmcb_control *ctl = &c->vmcb->control;
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

static void dump_vmcb(const struct vmcb *v)
{
	const struct vmcb_save *s = &v->save;

	hv_log("vmcb: exit %lx info1 %lx info2 %lx intinfo %lx",
	       (unsigned long)v->control.exit_code,
	       (unsigned long)v->control.exit_info1,
	       (unsigned long)v->control.exit_info2,
	       (unsigned long)v->control.exit_int_info);
	hv_log("vmcb: rip %lx rsp %lx rflags %lx cr0 %lx cr3 %lx cr4 %lx efer %lx",
	       (unsigned long)s->rip, (unsigned long)s->rsp,
	       (unsigned long)s->rflags, (unsigned long)s->cr0,
	       (unsigned long)s->cr3, (unsigned long)s->cr4,
	       (unsigned long)s->efer);
	hv_log("vmcb: cs %x/%x ss %x/%x tr %x/%x asid %u ncr3 %lx",
	       s->cs.selector, s->cs.attrib, s->ss.selector, s->ss.attrib,
	       s->tr.selector, s->tr.attrib, v->control.asid,
	       (unsigned long)v->control.n_cr3);
}

static void handle_exit(struct hv_cpu *c)
{
	struct vmcb_control *ctl = &c->vmcb->control;
	u64 code = ctl->exit_code;

	c->stats.exits_total++;
	ctl->event_inj = 0;
	if (code == SVM_EXIT_NPF)
		handle_npf(c);
	else if (code < ARRAY_SIZE(handlers) && handlers[code])
		handlers[code](c);
	else if ((u32)code == SVM_EXIT_INVALID) {
		hv_log("cpu %u: VMRUN failed while hoisted", c->id);
		dump_vmcb(c->vmcb);
		svm_leave(c, 0);
	} else {
		count(c, HOIST_STAT_OTHER);
		hv_log("cpu %u: unexpected exit %lx", c->id,
		       (unsigned long)code);
		dump_vmcb(c->vmcb);
		svm_inject_exception(c, X86_EXC_UD, false, 0);
	}
	reinject_interrupted_event(c);
}

__noreturn void svm_cpu_loop(struct hv_cpu *c)
{
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_GS_BASE, 0);
	svm_vmsave(c->host_save_pa);
	c->hoisted = true;
	__atomic_fetch_add(&hv.cpus_hoisted, 1, __ATOMIC_RELAXED);

	for (;;) {
		svm_vmrun(&c->regs, c->vmcb_pa, c->host_save_pa);
		c->vmcb->control.tlb_control = TLB_CONTROL_NONE;
		if (unlikely(!c->ran)) {
			if ((u32)c->vmcb->control.exit_code == SVM_EXIT_INVALID) {
				hv_log("cpu %u: first VMRUN failed", c->id);
				dump_vmcb(c->vmcb);
				svm_leave(c, -EIO);
			}
			c->ran = true;
		}
		handle_exit(c);
	}
}
