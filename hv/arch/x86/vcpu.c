// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 side of domU vCPUs: their VMCB, their first register state, and
 * switching a CPU between dom0 and a vCPU (the run itself: vcpu_run.c).
 *
 * State that VMRUN does not switch is switched here: XCR0 and the x87/SSE/
 * AVX registers (XSAVE), DR0-3 and TSC_AUX.  When the vCPU stops, its
 * registers are saved and the CPU's are reset, so dom0 sees none of the
 * guest's values.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/string.h>
#include <hoist/xen.h>
#include <arch/exit.h>
#include <arch/fpu.h>
#include <arch/xcr0.h>

#define DEFAULT_PAT		0x0007040600070406ull
/* What VCPU_HVM_MODE_64B may set in EFER */
#define EFER_HVM_CONTEXT	(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE)

/* Segment attributes (VMCB format): flat 32-bit code/data, 64-bit code, TSS */
#define ATTR_CODE32		0xc9b
#define ATTR_CODE64		0xa9b
#define ATTR_DATA		0xc93
#define ATTR_TSS_BUSY		0x08b
#define ATTR_REAL_CODE		0x09b
#define ATTR_REAL_DATA		0x093
#define ATTR_LDT		0x082

int arch_vcpu_init(struct vcpu *v)
{
	struct vmcb_control *ctl;

	v->arch.vmcb = hv_alloc_pages(1, &v->arch.vmcb_pa);
	v->arch.xsave = hv_alloc_pages(fpu_area_pages(hv.arch.xsave_size),
				       NULL);
	if (!v->arch.vmcb || !v->arch.xsave)
		return -ENOMEM;
	fpu_init_area(v->arch.xsave);
	v->arch.xcr0 = XCR0_X87;
	/* What RDTSCP/RDPID read until the guest sets it */
	v->arch.tsc_aux = v->id;

	ctl = &v->arch.vmcb->control;
	ctl->intercept_misc1 = domu_exits.intercept_misc1;
	ctl->intercept_misc2 = domu_exits.intercept_misc2;
	ctl->iopm_base_pa = hv.arch.domu_iopm_pa;
	ctl->msrpm_base_pa = hv.arch.domu_msrpm_pa;
	ctl->int_ctl = V_INTR_MASKING;	/* guest IF/TPR never mask the host */
	ctl->np_control = NP_ENABLE;
	ctl->n_cr3 = v->dom->npt.root_pa;
	v->arch.virq_offered = -1;
	vlapic_reset(v);
	return 0;
}

void arch_vcpu_free(struct vcpu *v)
{
	if (v->arch.vmcb)
		hv_free_pages(v->arch.vmcb, 1);
	if (v->arch.xsave)
		hv_free_pages(v->arch.xsave,
			      fpu_area_pages(hv.arch.xsave_size));
}

static void set_seg(struct vmcb_seg *s, u16 sel, u16 attrib, u32 limit)
{
	s->selector = sel;
	s->attrib = attrib;
	s->limit = limit;
	s->base = 0;
}

static void reset_state(struct vcpu *v, bool long_mode)
{
	struct vmcb_save *s = &v->arch.vmcb->save;

	memset(s, 0, sizeof(*s));
	memset(&v->arch.regs, 0, sizeof(v->arch.regs));
	set_seg(&s->cs, 0x08, long_mode ? ATTR_CODE64 : ATTR_CODE32, 0xffffffff);
	set_seg(&s->ds, 0x10, ATTR_DATA, 0xffffffff);
	set_seg(&s->es, 0x10, ATTR_DATA, 0xffffffff);
	set_seg(&s->ss, 0x10, ATTR_DATA, 0xffffffff);
	set_seg(&s->fs, 0x10, ATTR_DATA, 0xffffffff);
	set_seg(&s->gs, 0x10, ATTR_DATA, 0xffffffff);
	set_seg(&s->tr, 0x18, ATTR_TSS_BUSY, 0x67);
	s->gdtr.limit = 0xffff;
	s->idtr.limit = 0xffff;
	s->cr0 = X86_CR0_PE | X86_CR0_ET;
	s->efer = EFER_SVME;	/* VMRUN requires it; reads hide it */
	s->rflags = X86_RFLAGS_FIXED;
	s->dr6 = X86_DR6_INIT;
	s->dr7 = X86_DR7_INIT;
	s->g_pat = DEFAULT_PAT;
}

void arch_vcpu_set_pvh_entry(struct vcpu *v, u64 entry, u64 start_info)
{
	reset_state(v, false);
	v->arch.vmcb->save.rip = entry;
	v->arch.regs.rbx = start_info;
	v->initialised = true;
}

/* SVM runs real mode directly under nested paging. */
void vcpu_set_sipi_entry(struct vcpu *v, u32 vector)
{
	struct vmcb_save *s = &v->arch.vmcb->save;

	reset_state(v, false);
	set_seg(&s->cs, (u16)(vector << 8), ATTR_REAL_CODE, 0xffff);
	s->cs.base = (u64)vector << 12;
	set_seg(&s->ds, 0, ATTR_REAL_DATA, 0xffff);
	set_seg(&s->es, 0, ATTR_REAL_DATA, 0xffff);
	set_seg(&s->ss, 0, ATTR_REAL_DATA, 0xffff);
	set_seg(&s->fs, 0, ATTR_REAL_DATA, 0xffff);
	set_seg(&s->gs, 0, ATTR_REAL_DATA, 0xffff);
	set_seg(&s->tr, 0, ATTR_TSS_BUSY, 0xffff);
	set_seg(&s->ldtr, 0, ATTR_LDT, 0xffff);
	s->cr0 = X86_CR0_ET;
	s->rip = 0;
	v->initialised = true;
}

int arch_vcpu_set_hvm_context(struct vcpu *v,
			      const struct vcpu_hvm_context *ctx)
{
	struct vmcb_save *s = &v->arch.vmcb->save;

	if (ctx->mode == VCPU_HVM_MODE_32B) {
		const struct vcpu_hvm_x86_32 *r = &ctx->cpu_regs.x86_32;

		if ((r->cr0 & X86_CR0_PG) || !(r->cr0 & X86_CR0_PE))
			return -EINVAL;	/* flat protected mode only */
		reset_state(v, false);
		s->rip = r->eip;
		s->rsp = r->esp;
		s->rax = r->eax;
		v->arch.regs.rbx = r->ebx;
		v->arch.regs.rcx = r->ecx;
		v->arch.regs.rdx = r->edx;
		v->arch.regs.rsi = r->esi;
		v->arch.regs.rdi = r->edi;
		v->arch.regs.rbp = r->ebp;
		s->rflags = (r->eflags & ~X86_RFLAGS_IF) | X86_RFLAGS_FIXED;
	} else if (ctx->mode == VCPU_HVM_MODE_64B) {
		const struct vcpu_hvm_x86_64 *r = &ctx->cpu_regs.x86_64;

		if ((r->cr0 & (X86_CR0_PE | X86_CR0_PG)) !=
		    (X86_CR0_PE | X86_CR0_PG) ||
		    !(r->cr4 & X86_CR4_PAE) || !(r->efer & EFER_LME) ||
		    (r->cr0 >> 32) || (r->efer & ~EFER_HVM_CONTEXT))
			return -EINVAL;
		reset_state(v, true);
		s->cr0 = r->cr0;
		s->cr3 = r->cr3;
		s->cr4 = r->cr4;
		s->efer = r->efer | EFER_LMA | EFER_SVME;
		s->rip = r->rip;
		s->rsp = r->rsp;
		s->rax = r->rax;
		s->rflags = (r->rflags & ~X86_RFLAGS_IF) | X86_RFLAGS_FIXED;
		v->arch.regs.rbx = r->rbx;
		v->arch.regs.rcx = r->rcx;
		v->arch.regs.rdx = r->rdx;
		v->arch.regs.rsi = r->rsi;
		v->arch.regs.rdi = r->rdi;
		v->arch.regs.rbp = r->rbp;
	} else {
		return -EINVAL;
	}
	v->initialised = true;
	return 0;
}

void arch_vcpu_switch_to(struct hv_cpu *c, struct vcpu *v)
{
	c->arch.dom0_dr[0] = read_dr0();
	c->arch.dom0_dr[1] = read_dr1();
	c->arch.dom0_dr[2] = read_dr2();
	c->arch.dom0_dr[3] = read_dr3();
	write_dr0(v->arch.dr[0]);
	write_dr1(v->arch.dr[1]);
	write_dr2(v->arch.dr[2]);
	write_dr3(v->arch.dr[3]);
	if (hv.arch.has_tsc_aux) {
		c->arch.dom0_tsc_aux = rdmsr(MSR_TSC_AUX);
		/* RDPID cannot be intercepted */
		wrmsr(MSR_TSC_AUX, v->arch.tsc_aux);
	}
	if (!hv.arch.xcr0_host_mask) {
		fxrstor(v->arch.xsave);
		return;
	}
	/*
	 * Every component the host can enable goes to its initial state, not
	 * only those in dom0's XCR0 now: a component dom0 disabled keeps its
	 * registers, and the guest could enable it and read them.
	 */
	c->arch.dom0_xcr0 = xgetbv(0);
	xsetbv(0, hv.arch.xcr0_host_mask);
	xrstor(hv.arch.xsave_init, hv.arch.xcr0_host_mask);
	xsetbv(0, v->arch.xcr0);
	xrstor(v->arch.xsave, v->arch.xcr0);
}

void arch_vcpu_switch_from(struct hv_cpu *c, struct vcpu *v)
{
	v->arch.dr[0] = read_dr0();
	v->arch.dr[1] = read_dr1();
	v->arch.dr[2] = read_dr2();
	v->arch.dr[3] = read_dr3();
	write_dr0(c->arch.dom0_dr[0]);
	write_dr1(c->arch.dom0_dr[1]);
	write_dr2(c->arch.dom0_dr[2]);
	write_dr3(c->arch.dom0_dr[3]);
	if (hv.arch.has_tsc_aux)
		wrmsr(MSR_TSC_AUX, c->arch.dom0_tsc_aux);
	if (!hv.arch.xcr0_host_mask) {
		fxsave(v->arch.xsave);
		fxrstor(hv.arch.xsave_init);
		return;
	}
	v->arch.xcr0 = xgetbv(0);	/* QEMU does not intercept XSETBV */
	xsave(v->arch.xsave, v->arch.xcr0);
	/*
	 * Nothing of the guest's stays, in any component: dom0 may have
	 * narrowed XCR0 before the run to widen it again after.
	 */
	xsetbv(0, hv.arch.xcr0_host_mask);
	xrstor(hv.arch.xsave_init, hv.arch.xcr0_host_mask);
	xsetbv(0, c->arch.dom0_xcr0);
}

/* This vCPU's hypercall (dom0's VCPU_RUN, when a run ends) returns r. */
void arch_vcpu_set_hypercall_result(struct vcpu *v, long r)
{
	v->arch.vmcb->save.rax = (u64)r;
}

void arch_vcpu_flush_tlb(struct vcpu *v)
{
	v->arch.vmcb->control.tlb_control = TLB_CONTROL_FLUSH_ALL;
}

u64 arch_read_tsc(void)
{
	return rdtsc();
}

void vcpu_prepare_vmrun(struct hv_cpu *c, struct vcpu *v)
{
	struct vmcb_control *ctl = &v->arch.vmcb->control;

	if (!v->dom) {
		dom0_tlb_catch_up(c);
		return;
	}
	domu_deliver_interrupts(v);
	/* Another domain's (or a recycled ASID's) entries may be cached. */
	if (c->arch.last_instance != v->dom->instance ||
	    v->arch.last_pcpu_instance != c->id + 1ull) {
		ctl->tlb_control = TLB_CONTROL_FLUSH_ALL;
		c->arch.last_instance = v->dom->instance;
		v->arch.last_pcpu_instance = c->id + 1ull;
	}
}
