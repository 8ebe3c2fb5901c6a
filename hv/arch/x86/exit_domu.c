// SPDX-License-Identifier: GPL-2.0
/*
 * A domU's exits.  A domU is intercepted on everything that could reach
 * outside it: physical interrupts and NMIs (they belong to dom0: the run
 * ends and dom0 takes them), port I/O and MSRs (emulated: unknown ports
 * read all-ones, unknown MSRs #GP), HLT (the vCPU blocks), the SVM
 * instructions, and nested page faults (an access outside its memory
 * crashes the domain).  Whatever the guest does, the worst outcome is its
 * own domain crashing.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/string.h>
#include <hoist/xen.h>
#include <arch/cpu.h>
#include <arch/fpu.h>
#include <arch/platform.h>
#include <arch/xcr0.h>

#define INSN_LEN_CPUID		2
#define INSN_LEN_MSR		2
#define INSN_LEN_VMMCALL	3
#define INSN_LEN_HLT		1
#define INSN_LEN_XSETBV		3
#define INSN_LEN_INVD		2
#define EFER_DOMU_WRITABLE	(EFER_SCE | EFER_LME | EFER_NXE | EFER_FFXSR | \
				 EFER_TCE)
#define SLP_EN			BIT(5)	/* of HOIST_PORT_SLEEP_CTL */
#define RESET_CTRL_FULL		0x0e	/* of HOIST_PORT_RESET: a hard reset */
#define KBC_CMD_RESET		0xfe
#define DEBUG_PORT		0xe9
#define IOIO_MAX_STRING		4096

typedef void (*exit_handler)(struct hv_cpu *c, struct vcpu *v);

static void stop(struct vcpu *v, u32 reason)
{
	if (v->stop_reason == VCPU_STOP_NONE)
		v->stop_reason = reason;
}

static void handle_preempt(struct hv_cpu *c, struct vcpu *v)
{
	stop(v, HOIST_RUN_PREEMPTED);	/* dom0 takes the interrupt */
}

static void handle_cpuid(struct hv_cpu *c, struct vcpu *v)
{
	struct vmcb_save *s = &v->vmcb->save;
	struct cpuid_regs r;
	u32 leaf = (u32)s->rax, sub = (u32)v->regs.rcx;

	cpuid_count(leaf, sub, &r);
	cpuid_domu_policy(leaf, sub, v->id, &r);
	s->rax = r.eax;
	v->regs.rbx = r.ebx;
	v->regs.rcx = r.ecx;
	v->regs.rdx = r.edx;
	svm_advance_rip(v, INSN_LEN_CPUID);
}

static void handle_vmmcall(struct hv_cpu *c, struct vcpu *v)
{
	struct vmcb_save *s = &v->vmcb->save;
	u64 args[5] = { v->regs.rdi, v->regs.rsi, v->regs.rdx, v->regs.r10,
			v->regs.r8 };

	svm_advance_rip(v, INSN_LEN_VMMCALL);
	if (svm_guest_cpl(v) != 0) {
		s->rax = (u64)-EPERM;
		return;
	}
	s->rax = (u64)xen_hypercall(v, s->rax, args);
}

/* HLT blocks unless an interrupt it would take is already waiting. */
static void handle_hlt(struct hv_cpu *c, struct vcpu *v)
{
	svm_advance_rip(v, INSN_LEN_HLT);
	if ((v->vmcb->save.rflags & X86_RFLAGS_IF) && domu_interrupt_pending(v))
		return;
	stop(v, HOIST_RUN_BLOCKED);
}

/* Not asked for (interrupts are offered with V_IRQ): nothing to do. */
static void handle_vintr(struct hv_cpu *c, struct vcpu *v)
{
}

/* Writes to the platform's power ports (see hypercall.h). */
static void port_write(struct vcpu *v, u16 port, u32 val)
{
	switch (port) {
	case DEBUG_PORT: {
		char ch = (char)val;

		domain_console_put(v->dom, &ch, 1);
		return;
	}
	case HOIST_PORT_SLEEP_CTL:
		if (val & SLP_EN) {
			domain_shutdown(v->dom, SHUTDOWN_poweroff);
			stop(v, HOIST_RUN_SHUTDOWN);
		}
		return;
	case HOIST_PORT_RESET:
		if ((val & 0xff) == HOIST_RESET_VALUE || (val & 0xff) == RESET_CTRL_FULL) {
			domain_shutdown(v->dom, SHUTDOWN_reboot);
			stop(v, HOIST_RUN_SHUTDOWN);
		}
		return;
	case PORT_KBC_CMD:
		if ((val & 0xff) == KBC_CMD_RESET) {
			domain_shutdown(v->dom, SHUTDOWN_reboot);
			stop(v, HOIST_RUN_SHUTDOWN);
		}
		return;
	}
}

/*
 * Port I/O: the debug port 0xE9 goes to the console, the power ports shut
 * the domain down, and the rest is empty (reads give all-ones).
 */
static void handle_ioio(struct hv_cpu *c, struct vcpu *v)
{
	struct vmcb_save *s = &v->vmcb->save;
	u64 info = v->vmcb->control.exit_info1;
	u16 port = (u16)(info >> 16);
	u32 size = (info & BIT(4)) ? 1 : (info & BIT(5)) ? 2 : 4;
	u64 mask = size == 4 ? 0xffffffffull : (1ull << (8 * size)) - 1;
	u64 *ptr = (info & SVM_IOIO_IN) ? &v->regs.rdi : &v->regs.rsi;

	if (!(info & SVM_IOIO_STR)) {
		if (info & SVM_IOIO_IN) {
			/* A 32-bit IN zero-extends into RAX. */
			s->rax = size == 4 ? mask : (s->rax & ~mask) | mask;
		} else {
			port_write(v, port, (u32)(s->rax & mask));
		}
	} else {
		u64 count = (info & SVM_IOIO_REP) ? (v->regs.rcx & 0xffffffffull) : 1;
		u64 n = MIN(count, IOIO_MAX_STRING / size);
		s64 step = (s->rflags & X86_RFLAGS_DF) ? -(s64)size : (s64)size;
		char buf[256];

		for (u64 i = 0; i < n; i++) {
			u64 val = ~0ull;

			if (info & SVM_IOIO_IN) {
				if (copy_to_guest(v, *ptr, &val, size))
					goto fault;
			} else {
				if (copy_from_guest(v, &val, *ptr, size))
					goto fault;
				if (port == DEBUG_PORT) {
					buf[0] = (char)val;
					domain_console_put(v->dom, buf, 1);
				}
			}
			*ptr += (u64)step;
		}
		if (info & SVM_IOIO_REP) {
			v->regs.rcx -= n;
			if (v->regs.rcx & 0xffffffffull)
				return;	/* more to do: run the insn again */
		}
	}
	s->rip = v->vmcb->control.exit_info2;	/* the next RIP, always given */
	v->vmcb->control.int_state &= ~1ull;
	return;
fault:
	/* The guest's own page tables refused it: a page fault of its own. */
	s->cr2 = *ptr;
	svm_inject_exception(v, X86_EXC_PF, true, (info & SVM_IOIO_IN) ? X86_PF_WRITE : 0);
}

/*
 * Older Linux writes a page's address to the MSR CPUID 0x40000002 names
 * and calls hypercall N at page + 32 * N: mov eax, N; vmmcall; ret.
 */
static int fill_hypercall_page(struct vcpu *v, u64 gpa)
{
	u64 hpa, flags;
	u8 *p;

	if (pt_lookup(&v->dom->npt, gpa & PAGE_MASK, &hpa, &flags, NULL) ||
	    !(flags & PTE_RW) || (gpa & ~PAGE_MASK))
		return -EINVAL;
	p = phys_to_virt(hpa & PAGE_MASK);
	for (u32 i = 0; i < PAGE_SIZE / 32; i++) {
		u8 *stub = p + i * 32;

		memset(stub, 0xcc, 32);	/* int3 past each stub */
		stub[0] = 0xb8;
		memcpy(stub + 1, &i, 4);
		stub[5] = 0x0f;
		stub[6] = 0x01;
		stub[7] = 0xd9;
		stub[8] = 0xc3;
	}
	return 0;
}

static bool valid_pat(u64 pat)
{
	for (unsigned int i = 0; i < 8; i++) {
		u8 t = (u8)(pat >> (8 * i));

		if (t == 2 || t == 3 || t > 7)
			return false;
	}
	return true;
}

static void handle_msr(struct hv_cpu *c, struct vcpu *v)
{
	struct vmcb_save *s = &v->vmcb->save;
	u32 msr = (u32)v->regs.rcx;
	bool write = v->vmcb->control.exit_info1 & 1;
	u64 val = ((v->regs.rdx & 0xffffffffull) << 32) | (u32)s->rax;
	bool ok = true;

	switch (msr) {
	case MSR_EFER:
		if (!write)
			val = s->efer & ~EFER_SVME;
		else if (val & ~(EFER_DOMU_WRITABLE | EFER_LMA))
			ok = false;
		else
			s->efer = (val & ~EFER_LMA) | (s->efer & EFER_LMA) |
				  EFER_SVME;
		break;
	case MSR_PAT:
		if (!write)
			val = s->g_pat;
		else if (valid_pat(val))
			s->g_pat = val;
		else
			ok = false;
		break;
	case MSR_TSC:
		if (!write)
			val = rdtsc() + v->vmcb->control.tsc_offset;
		break;
	case MSR_MTRRCAP:
	case MSR_MTRR_DEF_TYPE:
	case MSR_AMD_INT_PENDING_MSG:	/* no C1E: nothing pending */
		if (!write)
			val = 0;
		break;
	case MSR_APIC_BASE:
		/* x2APIC from reset: Linux never needs the MMIO page. */
		if (!write)
			val = APIC_BASE_DEFAULT | APIC_BASE_EN | APIC_BASE_EXTD |
			      (v->id ? 0 : APIC_BASE_BSP);
		break;
	case MSR_XEN_HYPERCALL_PAGE:
		ok = write && !fill_hypercall_page(v, val);
		break;
	case MSR_TSC_AUX:
		/* Loaded for the guest's runs (vcpu.c): live from now on. */
		if (!hv.has_tsc_aux)
			ok = false;
		else if (!write)
			val = v->tsc_aux;
		else if (val >> 32)
			ok = false;
		else
			wrmsr(MSR_TSC_AUX, v->tsc_aux = val);
		break;
	default:
		if (msr >= MSR_X2APIC_FIRST && msr <= MSR_X2APIC_LAST)
			ok = !vlapic_msr(v, msr, write, &val);
		else
			ok = false;
	}
	if (!ok) {
		svm_inject_exception(v, X86_EXC_GP, true, 0);
		return;
	}
	if (!write) {
		s->rax = (u32)val;
		v->regs.rdx = val >> 32;
	}
	svm_advance_rip(v, INSN_LEN_MSR);
}

/* Hardware intercepts XSETBV; QEMU does not, see state_to_dom0(). */
static void handle_xsetbv(struct hv_cpu *c, struct vcpu *v)
{
	u64 val = ((v->regs.rdx & 0xffffffffull) << 32) |
		  (u32)v->vmcb->save.rax;

	/* An XSETBV the hypervisor's own would fault on must not get there. */
	if ((u32)v->regs.rcx != 0 || svm_guest_cpl(v) != 0 ||
	    !xcr0_valid(val, hv.xcr0_host_mask)) {
		svm_inject_exception(v, X86_EXC_GP, true, 0);
		return;
	}
	xsetbv(0, val);
	v->xcr0 = val;
	svm_advance_rip(v, INSN_LEN_XSETBV);
}

/*
 * INVD would drop dirty lines that are not the guest's: write back.  Also
 * WBINVD, as which INVD exits under QEMU 7.2 (see exit_dom0.c).
 */
static void handle_invd(struct hv_cpu *c, struct vcpu *v)
{
	wbinvd();
	svm_advance_rip(v, INSN_LEN_INVD);
}

/* No PMU is offered (CPUID 0xA is empty): the host's counters stay hidden. */
static void handle_rdpmc(struct hv_cpu *c, struct vcpu *v)
{
	svm_inject_exception(v, X86_EXC_GP, true, 0);
}

static void handle_svm_insn(struct hv_cpu *c, struct vcpu *v)
{
	svm_inject_exception(v, X86_EXC_UD, false, 0);
}

static void handle_npf(struct hv_cpu *c, struct vcpu *v)
{
	u64 gpa = v->vmcb->control.exit_info2;

	if (!pt_lookup(&v->dom->npt, gpa, NULL, NULL, NULL))
		return;
	hv_log("d%u v%u: access outside its memory at rip %lx", v->dom->id,
	       v->id, (unsigned long)v->vmcb->save.rip);
	svm_dump_vmcb(v->vmcb);	/* exit_info1 says: final GPA or table walk */
	/*
	 * The signature of QEMU's lost update of CPU 0's nested-paging flag
	 * (docs/architecture.md, "Emulator faults"): the exit holds the
	 * hypervisor's own state, nested paging still on after #VMEXIT.
	 */
	if (v->vmcb->save.cr3 == hv.host_pt.root_pa)
		hv_log("d%u v%u: the exit holds the hypervisor's own state (cpu %u): an emulator fault",
		       v->dom->id, v->id, c->id);
	domain_crash(v->dom, "access to guest-physical", gpa);
}

static void handle_shutdown(struct hv_cpu *c, struct vcpu *v)
{
	svm_dump_vmcb(v->vmcb);	/* what the guest's last state was */
	domain_crash(v->dom, "triple fault at rip", v->vmcb->save.rip);
}

static void handle_init(struct hv_cpu *c, struct vcpu *v)
{
}

static const exit_handler handlers[] = {
	[SVM_EXIT_INTR] = handle_preempt,
	[SVM_EXIT_NMI] = handle_preempt,
	[SVM_EXIT_SMI] = handle_preempt,
	[SVM_EXIT_INIT] = handle_init,
	[SVM_EXIT_VINTR] = handle_vintr,
	[SVM_EXIT_RDPMC] = handle_rdpmc,
	[SVM_EXIT_CPUID] = handle_cpuid,
	[SVM_EXIT_INVD] = handle_invd,
	[SVM_EXIT_WBINVD] = handle_invd,	/* QEMU 7.2: INVD exits as this */
	[SVM_EXIT_HLT] = handle_hlt,
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
	[SVM_EXIT_XSETBV] = handle_xsetbv,
};

void domu_handle_exit(struct hv_cpu *c, struct vcpu *v)
{
	struct vmcb_control *ctl = &v->vmcb->control;
	u64 code = ctl->exit_code;
	u32 why;

	ctl->event_inj = 0;
	domu_intr_exit(v);	/* first: an EOI must find the vector in service */
	if (code == SVM_EXIT_NPF) {
		handle_npf(c, v);
	} else if (code < ARRAY_SIZE(handlers) && handlers[code]) {
		handlers[code](c, v);
	} else {
		hv_log("d%u v%u: unexpected exit %lx", v->dom->id, v->id,
		       (unsigned long)code);
		svm_dump_vmcb(v->vmcb);
		domain_crash(v->dom, "unexpected exit", code);
	}
	svm_reinject_interrupted_event(v);

	/* Events for vCPUs running elsewhere or asleep: dom0 wakes them. */
	if (READ_ONCE(v->dom->kick) & ~(1u << v->id))
		stop(v, HOIST_RUN_KICK);
	why = domain_stop_reason(v->dom);
	if (why != VCPU_STOP_NONE)
		v->stop_reason = why;
	if (v->stop_reason != VCPU_STOP_NONE)
		vcpu_stop(c, v, v->stop_reason,
			  v->stop_reason == HOIST_RUN_BLOCKED ?
			  HOIST_VCPU_BLOCKED : HOIST_VCPU_RUNNABLE);
}
