// SPDX-License-Identifier: GPL-2.0
/*
 * domU vCPUs: their VMCB, their first register state, and running one on
 * behalf of a dom0 thread.  A run switches this CPU from dom0's VMCB to the
 * vCPU's; it ends at a physical interrupt or when the guest needs dom0,
 * and dom0's hypercall then returns with the reason.
 *
 * State that VMRUN does not switch is switched here: XCR0 and the x87/SSE/
 * AVX registers (XSAVE), and DR0-3.  When the vCPU stops, its registers are
 * saved and the CPU's are reset, so dom0 sees none of the guest's values.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
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

static u32 xsave_pages(void)
{
	return (u32)(ALIGN_UP(hv.xsave_size, PAGE_SIZE) >> PAGE_SHIFT);
}

int vcpu_arch_init(struct vcpu *v)
{
	struct vmcb_control *ctl;

	v->vmcb = hv_alloc_pages(1, &v->vmcb_pa);
	v->xsave = hv_alloc_pages(xsave_pages(), NULL);
	if (!v->vmcb || !v->xsave)
		return -ENOMEM;
	fpu_init_area(v->xsave);
	v->xcr0 = XCR0_X87;
	v->tsc_aux = v->id;	/* what RDTSCP/RDPID read until the guest sets it */

	ctl = &v->vmcb->control;
	ctl->intercept_misc1 = domu_exits.intercept_misc1;
	ctl->intercept_misc2 = domu_exits.intercept_misc2;
	ctl->iopm_base_pa = hv.domu_iopm_pa;
	ctl->msrpm_base_pa = hv.domu_msrpm_pa;
	ctl->int_ctl = V_INTR_MASKING;	/* guest IF/TPR never mask the host */
	ctl->np_control = NP_ENABLE;
	ctl->n_cr3 = v->dom->npt.root_pa;
	v->virq_offered = -1;
	vlapic_reset(v);
	return 0;
}

void vcpu_arch_free(struct vcpu *v)
{
	if (v->vmcb)
		hv_free_pages(v->vmcb, 1);
	if (v->xsave)
		hv_free_pages(v->xsave, xsave_pages());
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
	struct vmcb_save *s = &v->vmcb->save;

	memset(s, 0, sizeof(*s));
	memset(&v->regs, 0, sizeof(v->regs));
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

/* Xen's PVH entry: 32-bit protected mode, paging off, EBX = start_info. */
void vcpu_set_pvh_entry(struct vcpu *v, u64 entry, u64 start_info)
{
	reset_state(v, false);
	v->vmcb->save.rip = entry;
	v->regs.rbx = start_info;
	v->initialised = true;
}

/*
 * A SIPI: real mode at vector:0000, as an AP leaves wait-for-SIPI.  SVM
 * runs real mode directly under nested paging.
 */
void vcpu_set_sipi_entry(struct vcpu *v, u32 vector)
{
	struct vmcb_save *s = &v->vmcb->save;

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

/* VCPUOP_initialise: a secondary vCPU's first state, from the guest. */
int vcpu_set_hvm_context(struct vcpu *v, const void *ctxp)
{
	const struct vcpu_hvm_context *ctx = ctxp;
	struct vmcb_save *s = &v->vmcb->save;

	if (ctx->mode == VCPU_HVM_MODE_32B) {
		const struct vcpu_hvm_x86_32 *r = &ctx->cpu_regs.x86_32;

		if ((r->cr0 & X86_CR0_PG) || !(r->cr0 & X86_CR0_PE))
			return -EINVAL;	/* flat protected mode only */
		reset_state(v, false);
		s->rip = r->eip;
		s->rsp = r->esp;
		s->rax = r->eax;
		v->regs.rbx = r->ebx;
		v->regs.rcx = r->ecx;
		v->regs.rdx = r->edx;
		v->regs.rsi = r->esi;
		v->regs.rdi = r->edi;
		v->regs.rbp = r->ebp;
		s->rflags = (r->eflags & ~X86_RFLAGS_IF) | X86_RFLAGS_FIXED;
	} else if (ctx->mode == VCPU_HVM_MODE_64B) {
		const struct vcpu_hvm_x86_64 *r = &ctx->cpu_regs.x86_64;

		if ((r->cr0 & (X86_CR0_PE | X86_CR0_PG)) != (X86_CR0_PE | X86_CR0_PG) ||
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
		v->regs.rbx = r->rbx;
		v->regs.rcx = r->rcx;
		v->regs.rdx = r->rdx;
		v->regs.rsi = r->rsi;
		v->regs.rdi = r->rdi;
		v->regs.rbp = r->rbp;
	} else {
		return -EINVAL;
	}
	v->initialised = true;
	return 0;
}

static void state_to_guest(struct hv_cpu *c, struct vcpu *v)
{
	c->dom0_dr[0] = read_dr0();
	c->dom0_dr[1] = read_dr1();
	c->dom0_dr[2] = read_dr2();
	c->dom0_dr[3] = read_dr3();
	write_dr0(v->dr[0]);
	write_dr1(v->dr[1]);
	write_dr2(v->dr[2]);
	write_dr3(v->dr[3]);
	if (hv.has_tsc_aux) {
		c->dom0_tsc_aux = rdmsr(MSR_TSC_AUX);
		wrmsr(MSR_TSC_AUX, v->tsc_aux);	/* RDPID cannot be intercepted */
	}
	if (!hv.xcr0_host_mask) {
		fxrstor(v->xsave);
		return;
	}
	/*
	 * Every component the host can enable goes to its initial state, not
	 * only those in dom0's XCR0 now: a component dom0 disabled keeps its
	 * registers, and the guest could enable it and read them.
	 */
	c->dom0_xcr0 = xgetbv(0);
	xsetbv(0, hv.xcr0_host_mask);
	xrstor(hv.xsave_init, hv.xcr0_host_mask);
	xsetbv(0, v->xcr0);
	xrstor(v->xsave, v->xcr0);
}

static void state_to_dom0(struct hv_cpu *c, struct vcpu *v)
{
	v->dr[0] = read_dr0();
	v->dr[1] = read_dr1();
	v->dr[2] = read_dr2();
	v->dr[3] = read_dr3();
	write_dr0(c->dom0_dr[0]);
	write_dr1(c->dom0_dr[1]);
	write_dr2(c->dom0_dr[2]);
	write_dr3(c->dom0_dr[3]);
	if (hv.has_tsc_aux)
		wrmsr(MSR_TSC_AUX, c->dom0_tsc_aux);
	if (!hv.xcr0_host_mask) {
		fxsave(v->xsave);
		fxrstor(hv.xsave_init);
		return;
	}
	v->xcr0 = xgetbv(0);	/* QEMU does not intercept XSETBV */
	xsave(v->xsave, v->xcr0);
	/*
	 * Nothing of the guest's stays, in any component: dom0 may have
	 * narrowed XCR0 before the run to widen it again after.
	 */
	xsetbv(0, hv.xcr0_host_mask);
	xrstor(hv.xsave_init, hv.xcr0_host_mask);
	xsetbv(0, c->dom0_xcr0);
}

/*
 * What dom0's thread needs: why, when this vCPU's timer fires (it arms a
 * host timer for that), and which other vCPUs' threads to wake.
 */
static long report(struct hv_cpu *c, struct vcpu *v, u32 reason, u32 vcpu_up)
{
	struct hoist_run run = { .reason = reason, .vcpu_up = vcpu_up };

	run.timer_ns = xen_check_timer(v);
	/* The timer just fired, or an event came, and IF lets it in. */
	if (reason == HOIST_RUN_BLOCKED && (v->vmcb->save.rflags & X86_RFLAGS_IF) &&
	    domu_interrupt_pending(v))
		run.reason = HOIST_RUN_PREEMPTED;
	v->timer_reported = READ_ONCE(v->timer_ns);
	run.kick = __atomic_exchange_n(&v->dom->kick, 0, __ATOMIC_SEQ_CST);

	return copy_to_guest(&c->dom0, c->run_out, &run, sizeof(run)) ?
	       -EFAULT : 0;
}

long vcpu_run(struct hv_cpu *c, struct vcpu *v, u64 run_out)
{
	struct domain *d = v->dom;
	u32 stop;

	c->run_out = run_out;
	spin_lock(&d->lock);
	if (d->flags & HOIST_DOM_BUILDING) {
		spin_unlock(&d->lock);
		return -EINVAL;
	}
	stop = domain_stop_reason(d);
	if (stop == VCPU_STOP_NONE && v->state == HOIST_VCPU_OFFLINE)
		stop = HOIST_RUN_OFFLINE;
	if (stop == VCPU_STOP_NONE && v->state == HOIST_VCPU_RUNNING) {
		spin_unlock(&d->lock);
		return -EBUSY;
	}
	if (stop != VCPU_STOP_NONE) {
		long r = report(c, v, stop, 0);	/* under the lock: see destroy */

		spin_unlock(&d->lock);
		return r;
	}
	if (!domain_tlb_synced(d)) {
		spin_unlock(&d->lock);
		return -EAGAIN;	/* dom0 CPUs may still map its pages */
	}
	v->state = HOIST_VCPU_RUNNING;
	v->poll_port = 0;	/* a poll ends with the run it blocked */
	v->pcpu = c;
	v->stop_reason = VCPU_STOP_NONE;
	spin_unlock(&d->lock);

	state_to_guest(c, v);
	v->run_start = rdtsc();
	c->current = v;
	c->switched = true;
	return 0;
}

void vcpu_stop(struct hv_cpu *c, struct vcpu *v, u32 reason, u32 state)
{
	struct domain *d = v->dom;
	long r;

	v->cpu_time_ns += tsc_to_ns(rdtsc() - v->run_start);
	state_to_dom0(c, v);
	r = report(c, v, reason, v->vcpu_up);
	/*
	 * Last: once it is not RUNNING, a destroy on another CPU may free
	 * v and d at any moment.
	 */
	spin_lock(&d->lock);
	v->state = state;
	spin_unlock(&d->lock);
	c->current = &c->dom0;
	c->dom0.vmcb->save.rax = (u64)r;
}

/*
 * dom0 lost pages or nested tables since this CPU last flushed: the next
 * VMRUN into dom0 here flushes.  Until then this CPU is in host mode, so
 * from now on it counts as flushed (dom0_npt_reclaim() relies on that).
 */
void dom0_tlb_catch_up(struct hv_cpu *c)
{
	u64 gen = __atomic_load_n(&dom0_tlb_gen, __ATOMIC_SEQ_CST);

	if (c->tlb_gen_seen != gen) {
		c->dom0.vmcb->control.tlb_control = TLB_CONTROL_FLUSH_ALL;
		__atomic_store_n(&c->tlb_gen_seen, gen, __ATOMIC_SEQ_CST);
	}
}

void vcpu_prepare_vmrun(struct hv_cpu *c, struct vcpu *v)
{
	struct vmcb_control *ctl = &v->vmcb->control;

	if (!v->dom) {
		dom0_tlb_catch_up(c);
		return;
	}
	domu_deliver_interrupts(v);
	/* Another domain's (or a recycled ASID's) entries may be cached. */
	if (c->last_instance != v->dom->instance ||
	    v->last_pcpu_instance != c->id + 1ull) {
		ctl->tlb_control = TLB_CONTROL_FLUSH_ALL;
		c->last_instance = v->dom->instance;
		v->last_pcpu_instance = c->id + 1ull;
	}
}
