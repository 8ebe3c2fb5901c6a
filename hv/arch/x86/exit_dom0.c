// SPDX-License-Identifier: GPL-2.0
/*
 * dom0's exits.  Only what correctness and protection need is intercepted:
 * CPUID (to hide SVM and show Hoist), VMMCALL (hypercalls), the SVM
 * instructions (dom0 must not run its own hypervisor on this CPU), writes
 * to EFER (SVME must stay set behind dom0's back), VM_CR and VM_HSAVE_PA,
 * writes to the MSRs that move or hide memory, INVD (it would drop dirty
 * lines, a scrub's among them), the platform's reset and sleep ports, INIT
 * (it would reset the CPU from under the hypervisor) and SHUTDOWN.
 * Interrupts and NMIs are not intercepted: they go straight to dom0's IDT.
 */
#include <hv/domain.h>
#include <hv/hv.h>
#include <hv/errno.h>
#include <hv/log.h>
#include <arch/cpu.h>
#include <arch/platform.h>

/* Bits dom0 may change in EFER */
#define EFER_DOM0_WRITABLE	(EFER_SCE | EFER_NXE | EFER_FFXSR | EFER_TCE | \
				 EFER_AUTOIBRS)
#define INSN_LEN_CPUID		2
#define INSN_LEN_MSR		2
#define INSN_LEN_VMMCALL	3
#define INSN_LEN_INVD		2
#define REFUSALS_LOGGED		16

/* Something dom0 asked for was refused: count it, log the first ones. */
static bool refuse(struct hv_cpu *c)
{
	return c->stats.refused++ < REFUSALS_LOGGED;
}

typedef void (*exit_handler)(struct hv_cpu *c, struct vcpu *v);

static void handle_cpuid(struct hv_cpu *c, struct vcpu *v)
{
	struct vmcb_save *s = &v->vmcb->save;
	struct cpuid_regs r;
	u32 leaf = (u32)s->rax, sub = (u32)v->regs.rcx;

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
	u64 t0;
	long r;

	svm_advance_rip(v, INSN_LEN_VMMCALL);
	if (svm_guest_cpl(v) != 0) {
		/* User space gets an error, as from Xen; nothing else happens. */
		s->rax = (u64)-EPERM;
		return;
	}
	c->stats.hypercalls++;
	if (nr == HOIST_HC_DEVIRT) {
		if (domain_allow_devirt())
			svm_leave(c, 0);
		/* A native CPU could read every guest: not while one exists. */
		if (refuse(c))
			hv_log("cpu %u: DEVIRT refused: domains exist", c->id);
		s->rax = (u64)-EBUSY;
		return;
	}
	c->switched = false;
	t0 = rdtsc();
	r = hypercall_dispatch(v, nr, args);
	if (!c->switched) {	/* else the result comes when the run ends */
		u64 ns = tsc_to_ns(rdtsc() - t0);

		if (ns > c->stats.hc_max_ns) {
			c->stats.hc_max_ns = ns;
			c->stats.hc_max_nr = (u32)nr;
		}
		s->rax = (u64)r;
	}
}

static void handle_msr(struct hv_cpu *c, struct vcpu *v)
{
	struct vmcb_save *s = &v->vmcb->save;
	u32 msr = (u32)v->regs.rcx;
	bool write = v->vmcb->control.exit_info1 & 1;
	u64 val = ((v->regs.rdx & 0xffffffffull) << 32) | (u32)s->rax;

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
		if (!write || !svm_dom0_msr_protected(msr)) {
			svm_inject_exception(v, X86_EXC_GP, true, 0);
			return;
		}
		/* Writing back what is there changes nothing: allowed. */
		if (rdmsr(msr) != val) {
			if (refuse(c))
				hv_log("cpu %u: dom0's write %lx to MSR %x refused",
				       c->id, (unsigned long)val, msr);
			svm_inject_exception(v, X86_EXC_GP, true, 0);
			return;
		}
		break;
	}
	if (!write) {
		s->rax = (u32)val;
		v->regs.rdx = val >> 32;
	}
	svm_advance_rip(v, INSN_LEN_MSR);
}

/*
 * INVD would drop dirty lines (a scrub's, the hypervisor's): write back.
 * WBINVD is intercepted too, and run the same way, because QEMU 7.2 checks
 * the WBINVD intercept for INVD and reports it as WBINVD (docs/
 * architecture.md, "Emulator faults").
 */
static void handle_invd(struct hv_cpu *c, struct vcpu *v)
{
	wbinvd();
	svm_advance_rip(v, INSN_LEN_INVD);
}

/*
 * The platform's reset and sleep ports (platform.c): done for dom0 as
 * asked, except, while a domain exists, a write that would reset the
 * machine or put it to sleep.  Linux never uses string I/O on them.
 */
static void handle_ioio(struct hv_cpu *c, struct vcpu *v)
{
	struct vmcb_save *s = &v->vmcb->save;
	u64 info = v->vmcb->control.exit_info1;
	u16 port = (u16)(info >> 16);
	u32 size = (info & BIT(4)) ? 1 : (info & BIT(5)) ? 2 : 4;
	u64 mask = size == 4 ? 0xffffffffull : (1ull << (8 * size)) - 1;

	if (info & SVM_IOIO_STR) {
		svm_inject_exception(v, X86_EXC_GP, true, 0);
		return;
	}
	if (info & SVM_IOIO_IN) {
		u64 val = port_in(port, size);

		s->rax = size == 4 ? val : (s->rax & ~mask) | val;
	} else if (platform_write_safe(&hv.params.platform, port, size,
				       (u32)(s->rax & mask)) ||
		   !domain_count()) {
		port_out(port, size, (u32)(s->rax & mask));
	} else if (refuse(c)) {
		hv_log("cpu %u: dom0's write %lx to port %x refused: domains exist",
		       c->id, (unsigned long)(s->rax & mask), port);
	}
	s->rip = v->vmcb->control.exit_info2;	/* the next RIP, always given */
	v->vmcb->control.int_state &= ~1ull;
}

static void handle_svm_insn(struct hv_cpu *c, struct vcpu *v)
{
	svm_inject_exception(v, X86_EXC_UD, false, 0);
}

static void handle_init(struct hv_cpu *c, struct vcpu *v)
{
	if (c->stats.exits[HOIST_STAT_INIT] == 1)
		hv_log("cpu %u: INIT ignored while hoisted", c->id);
}

static void handle_shutdown(struct hv_cpu *c, struct vcpu *v)
{
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
	[SVM_EXIT_INVD] = handle_invd,
	[SVM_EXIT_WBINVD] = handle_invd,	/* QEMU 7.2: INVD exits as this */
	[SVM_EXIT_INVLPGA] = handle_svm_insn,
	[SVM_EXIT_IOIO] = handle_ioio,
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
		if (vec == X86_EXC_NMI)
			ev |= SVM_EVT_TYPE_NMI;
		else if (vec >= X86_NR_EXCEPTIONS)
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
		hv_log("cpu %u: unexpected exit %lx", c->id,
		       (unsigned long)code);
		svm_dump_vmcb(v->vmcb);
		svm_inject_exception(v, X86_EXC_UD, false, 0);
	}
	svm_reinject_interrupted_event(v);
}
