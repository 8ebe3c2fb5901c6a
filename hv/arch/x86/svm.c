// SPDX-License-Identifier: GPL-2.0
/*
 * SVM plumbing shared by dom0 and domUs: dom0's VMCB, event injection,
 * and the run loop of each CPU.  Exits go to exit.c.
 */
#include <hv/domain.h>
#include <hv/hv.h>
#include <hv/errno.h>
#include <hv/log.h>
#include <hv/string.h>
#include <arch/exit.h>

#define ASID_DOM0	1

void svm_init_vmcb_dom0(struct vcpu *v)
{
	struct vmcb_control *ctl = &v->arch.vmcb->control;

	ctl->intercept_misc1 = dom0_exits.intercept_misc1;
	ctl->intercept_misc2 = dom0_exits.intercept_misc2;
	ctl->iopm_base_pa = hv.arch.iopm_pa;
	ctl->msrpm_base_pa = hv.arch.msrpm_pa;
	ctl->asid = ASID_DOM0;
	ctl->tlb_control = TLB_CONTROL_FLUSH_ALL;
	ctl->np_control = NP_ENABLE;
	ctl->n_cr3 = hv.dom0_npt.root_pa;
	ctl->clean = 0;
}

/* The row of `hoist stats` an exit is counted in: exactly one each. */
static enum hoist_exit_stat exit_stat(u64 code)
{
	switch (code) {
	case SVM_EXIT_CPUID:
		return HOIST_STAT_CPUID;
	case SVM_EXIT_VMMCALL:
		return HOIST_STAT_VMMCALL;
	case SVM_EXIT_MSR:
		return HOIST_STAT_MSR;
	case SVM_EXIT_NPF:
		return HOIST_STAT_NPF;
	case SVM_EXIT_VMRUN:
	case SVM_EXIT_VMLOAD:
	case SVM_EXIT_VMSAVE:
	case SVM_EXIT_STGI:
	case SVM_EXIT_CLGI:
	case SVM_EXIT_SKINIT:
	case SVM_EXIT_INVLPGA:
		return HOIST_STAT_SVM_INSN;
	case SVM_EXIT_INIT:
		return HOIST_STAT_INIT;
	case SVM_EXIT_SHUTDOWN:
		return HOIST_STAT_SHUTDOWN;
	case SVM_EXIT_INTR:
		return HOIST_STAT_INTR;
	case SVM_EXIT_NMI:
		return HOIST_STAT_NMI;
	case SVM_EXIT_SMI:
		return HOIST_STAT_SMI;
	case SVM_EXIT_HLT:
		return HOIST_STAT_HLT;
	case SVM_EXIT_IOIO:
		return HOIST_STAT_IOIO;
	case SVM_EXIT_VINTR:
		return HOIST_STAT_VINTR;
	case SVM_EXIT_XSETBV:
		return HOIST_STAT_XSETBV;
	case SVM_EXIT_INVD:
	case SVM_EXIT_WBINVD:	/* QEMU 7.2 reports INVD as WBINVD */
		return HOIST_STAT_INVD;
	case SVM_EXIT_RDPMC:
		return HOIST_STAT_RDPMC;
	default:
		return HOIST_STAT_OTHER;
	}
}

void svm_advance_rip(struct vcpu *v, unsigned int len)
{
	struct vmcb *vm = v->arch.vmcb;

	/* Without nRIP-save (QEMU) the caller knows the instruction length. */
	if (hv.arch.nrip_save && vm->control.next_rip)
		vm->save.rip = vm->control.next_rip;
	else
		vm->save.rip += len;
	/* The interrupt shadow ends with the instruction. */
	vm->control.int_state &= ~SVM_INTERRUPT_SHADOW;
}

void svm_inject_exception(struct vcpu *v, unsigned int vector, bool has_err,
			  u32 err)
{
	u64 ev = vector | SVM_EVT_TYPE_EXEPT | SVM_EVT_VALID;

	if (has_err)
		ev |= SVM_EVT_ERR_VALID | ((u64)err << 32);
	v->arch.vmcb->control.event_inj = ev;
}

unsigned int svm_guest_cpl(const struct vcpu *v)
{
	/* QEMU takes the CPL from SS.DPL; hardware keeps both in step. */
	const struct vmcb_save *s = &v->arch.vmcb->save;

	return MAX(s->cpl & 3u, (s->ss.attrib >> 5) & 3u);
}

void svm_dump_vmcb(const struct vmcb *v)
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
	hv_log("vmcb: gdtr %lx/%x idtr %lx/%x tr base %lx",
	       (unsigned long)s->gdtr.base, s->gdtr.limit,
	       (unsigned long)s->idtr.base, s->idtr.limit,
	       (unsigned long)s->tr.base);
}

/*
 * Back to native on this CPU: after a DEVIRT hypercall, or when the very
 * first VMRUN fails (then the state captured before it is used, since a
 * failed VMRUN may overwrite the VMCB).
 */
__noreturn void svm_leave(struct hv_cpu *c, long rax)
{
	if (c->arch.ran) {
		svm_fill_linux_ctx(c, rax);
		wrmsr(MSR_PAT, c->dom0.arch.vmcb->save.g_pat);
	} else {
		c->arch.lx.rax = (u64)rax;
	}
	if (c->hoisted) {
		c->hoisted = false;
		__atomic_fetch_sub(&hv.cpus_hoisted, 1, __ATOMIC_RELAXED);
	}
	svm_vmload(c->dom0.arch.vmcb_pa);	/* Linux's FS, GS, TR, syscall MSRs */
	hv_log("cpu %u: back to native", c->id);
	cpu_exit_to_linux(&c->arch.lx);
}

__noreturn void svm_cpu_loop(struct hv_cpu *c)
{
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_GS_BASE, 0);
	svm_vmsave(c->arch.host_save_pa);
	/*
	 * Host IF on, GIF off: nothing interrupts host mode, but a domU
	 * (V_INTR_MASKING) exits on every physical interrupt, since the
	 * host's IF at VMRUN is what gates them then.
	 */
	__asm__ __volatile__("sti");
	c->current = &c->dom0;
	c->hoisted = true;
	__atomic_fetch_add(&hv.cpus_hoisted, 1, __ATOMIC_RELAXED);

	for (;;) {
		struct vcpu *v = c->current;

		vcpu_prepare_vmrun(c, v);
		svm_vmrun(&v->arch.regs, v->arch.vmcb_pa, c->arch.host_save_pa);
		v->arch.vmcb->control.tlb_control = TLB_CONTROL_NONE;
		if (unlikely(!c->arch.ran)) {
			if ((u32)v->arch.vmcb->control.exit_code ==
			    SVM_EXIT_INVALID) {
				hv_log("cpu %u: first VMRUN failed", c->id);
				svm_dump_vmcb(v->arch.vmcb);
				svm_leave(c, -EIO);
			}
			c->arch.ran = true;
		}
		c->stats.exits[exit_stat(v->arch.vmcb->control.exit_code)]++;
		c->stats.exits_total++;
		svm_handle_exit(c, v);
	}
}
