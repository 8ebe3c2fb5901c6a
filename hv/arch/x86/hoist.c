// SPDX-License-Identifier: GPL-2.0
/*
 * Hoisting one CPU: runs in Linux's context (its CR3, GDT, IDT and stack),
 * with interrupts off.  Linux's live state becomes dom0's VMCB, then the
 * CPU moves onto the hypervisor's own tables and stack and enters dom0,
 * which resumes right after the module's call as if it had returned 0.
 */
#include <hv/domain.h>
#include <hv/hv.h>
#include <hv/errno.h>
#include <hv/log.h>
#include <hv/string.h>
#include <arch/cpu.h>

/* A segment register's hidden state, as the GDT describes it. */
static void capture_seg(struct vmcb_seg *s, u16 sel, const struct desc_ptr *gdt)
{
	u64 d;

	s->selector = sel;
	if ((sel & ~3u) == 0 || (sel & 4) || (sel | 7u) > gdt->limit) {
		s->attrib = 0;
		s->limit = 0;
		s->base = 0;
		return;
	}
	d = *(const u64 *)(uintptr_t)(gdt->base + (sel & ~7u));
	s->attrib = (u16)(((d >> 40) & 0xff) | (((d >> 52) & 0xf) << 8));
	s->limit = (u32)((d & 0xffff) | ((d >> 32) & 0xf0000));
	if (d & BIT(55))
		s->limit = (s->limit << 12) | 0xfff;
	s->base = ((d >> 16) & 0xffffff) | ((d >> 56) << 24);
}

static void capture_linux(struct hv_cpu *c, struct entry_frame *f, u64 efer)
{
	struct vmcb_save *s = &c->dom0.arch.vmcb->save;
	struct desc_ptr gdtr, idtr;

	sgdt(&gdtr);
	sidt(&idtr);
	capture_seg(&s->cs, read_cs(), &gdtr);
	capture_seg(&s->ss, read_ss(), &gdtr);
	capture_seg(&s->ds, read_ds(), &gdtr);
	capture_seg(&s->es, read_es(), &gdtr);
	s->gdtr.limit = gdtr.limit;
	s->gdtr.base = gdtr.base;
	s->idtr.limit = idtr.limit;
	s->idtr.base = idtr.base;
	s->cpl = 0;
	s->efer = efer | EFER_SVME;	/* VMMCALL checks the guest's SVME */
	s->cr0 = read_cr0();
	s->cr2 = read_cr2();
	s->cr3 = read_cr3();
	s->cr4 = read_cr4();
	s->dr6 = read_dr6() & 0xffffffffull;
	s->dr7 = read_dr7() & 0xffffffffull;
	s->rflags = read_rflags();
	s->rip = f->ret_rip;
	s->rsp = (u64)(uintptr_t)(f + 1);
	s->rax = 0;
	s->g_pat = rdmsr(MSR_PAT);

	memset(&c->dom0.arch.regs, 0, sizeof(c->dom0.arch.regs));
	c->dom0.arch.regs.rbx = f->rbx;
	c->dom0.arch.regs.rbp = f->rbp;
	c->dom0.arch.regs.r12 = f->r12;
	c->dom0.arch.regs.r13 = f->r13;
	c->dom0.arch.regs.r14 = f->r14;
	c->dom0.arch.regs.r15 = f->r15;
}

/* How to go back if the first VMRUN fails: the same state, native. */
void svm_fill_linux_ctx(struct hv_cpu *c, long rax)
{
	const struct vmcb_save *s = &c->dom0.arch.vmcb->save;
	struct linux_ctx *lx = &c->arch.lx;

	lx->rip = s->rip;
	lx->rsp = s->rsp;
	lx->rflags = s->rflags;
	lx->cs = s->cs.selector;
	lx->ss = s->ss.selector;
	lx->ds = s->ds.selector;
	lx->es = s->es.selector;
	lx->cr0 = s->cr0;
	lx->cr3 = s->cr3;
	lx->cr4 = s->cr4;
	lx->dr7 = s->dr7;
	lx->gdtr.limit = (u16)s->gdtr.limit;
	lx->gdtr.base = s->gdtr.base;
	lx->idtr.limit = (u16)s->idtr.limit;
	lx->idtr.base = s->idtr.base;
	lx->rax = (u64)rax;
	lx->regs = &c->dom0.arch.regs;
}

long hoist_cpu(u32 id, struct entry_frame *f)
{
	struct switch_args a;
	struct hv_cpu *c;
	u64 efer;

	if (id >= hv.nr_cpus)
		return -EINVAL;
	c = &hv.cpus[id];
	if (c->hoisted)
		return -EEXIST;
	efer = rdmsr(MSR_EFER);
	if (efer & EFER_SVME)
		return -EBUSY;	/* someone else runs SVM on this CPU */
	if (READ_ONCE(hv.load_done)) {
		/*
		 * This CPU came online after the load: it ran dom0's code
		 * natively, with the hypervisor's memory in reach.  It is
		 * hoisted, but no domain is created from now on.
		 */
		domain_cpu_exposed();
		hv_log("cpu %u: hoisted after the load; no domains until the module is loaded again",
		       id);
	}

	wrmsr(MSR_EFER, efer | EFER_SVME);
	svm_clgi();		/* no NMI until dom0 runs */
	wrmsr(MSR_VM_HSAVE_PA, c->arch.hsave_pa);

	memset(c->dom0.arch.vmcb, 0, sizeof(*c->dom0.arch.vmcb));
	svm_vmsave(c->dom0.arch.vmcb_pa);	/* FS, GS, TR, LDTR, syscall MSRs */
	capture_linux(c, f, efer);
	svm_init_vmcb_dom0(&c->dom0);
	c->current = &c->dom0;
	c->tlb_gen_seen = 0;
	c->arch.last_instance = 0;
	c->arch.linux_efer = efer;
	c->arch.ran = false;
	svm_fill_linux_ctx(c, -EIO);	/* the way back if VMRUN fails */
	desc_init_cpu(c);
	write_dr7(X86_DR7_INIT);	/* no host breakpoints; VMRUN keeps dom0's */

	hv_log("cpu %u: hoisting", id);
	a.cr3 = hv.host_pt.root_pa;
	a.gdtr = &c->arch.gdtr;
	a.idtr = desc_idtr();
	a.stack = c->arch.stack_top;
	cpu_switch_to_hv(c, &a);
}
