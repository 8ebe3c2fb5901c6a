// SPDX-License-Identifier: GPL-2.0
/*
 * MSRs: which accesses exit (the permission maps) and what an intercepted
 * RDMSR or WRMSR does.  dom0 runs with almost every MSR its own and is
 * stopped only from moving memory or SVM from under the hypervisor; a
 * domU reaches almost none directly and sees emulated ones.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/string.h>
#include <arch/exit.h>

/* Bits dom0 may change in EFER */
#define EFER_DOM0_WRITABLE	(EFER_SCE | EFER_NXE | EFER_FFXSR | EFER_TCE | \
				 EFER_AUTOIBRS)
/* Bits a domU may set in EFER (LMA is the CPU's to set) */
#define EFER_DOMU_WRITABLE	(EFER_SCE | EFER_LME | EFER_NXE | EFER_FFXSR | \
				 EFER_TCE)

/* MSRs whose state VMLOAD/VMSAVE switch: safe to leave to a domU. */
static const u32 domu_direct_msrs[] = {
	MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_SFMASK,
	MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE,
	MSR_SYSENTER_CS, MSR_SYSENTER_ESP, MSR_SYSENTER_EIP,
};

/*
 * MSRs that move or hide memory (where RAM and MMIO sit, SMM's region),
 * or turn INVD into a plain invalidate: dom0 reads them, but a write that
 * changes one gets #GP.
 */
static const u32 dom0_protected_msrs[] = {
	MSR_SYSCFG, MSR_HWCR, MSR_IORR_BASE0, MSR_IORR_BASE0 + 1,
	MSR_IORR_BASE0 + 2, MSR_IORR_MASK1, MSR_TOP_MEM, MSR_TOM2,
	MSR_MMIO_CFG_BASE, MSR_SMM_ADDR, MSR_SMM_MASK,
};

static void msrpm_set(u8 *msrpm, u32 m, bool read, bool write)
{
	u32 base = m >= 0xc0010000 ? 0x1000 : m >= 0xc0000000 ? 0x800 : 0;
	u32 bit = (m & 0x1fff) * 2;
	u8 *b = &msrpm[base + bit / 8];

	*b = (u8)((*b & ~(3u << (bit % 8))) | ((read ? 1u : 0) << (bit % 8)) |
		  ((write ? 2u : 0) << (bit % 8)));
}

/*
 * dom0 runs with almost every MSR direct; a domU with almost none (MSRs
 * outside the three ranges always exit).
 */
void svm_init_msrpm(u8 *msrpm, bool domu)
{
	if (domu) {
		memset(msrpm, 0xff, 2 * PAGE_SIZE);
		for (unsigned int i = 0; i < ARRAY_SIZE(domu_direct_msrs); i++)
			msrpm_set(msrpm, domu_direct_msrs[i], false, false);
		return;
	}
	/* EFER reads need no help: the VMCB holds dom0's value. */
	msrpm_set(msrpm, MSR_EFER, false, true);
	msrpm_set(msrpm, MSR_VM_CR, true, true);
	msrpm_set(msrpm, MSR_VM_HSAVE_PA, true, true);
	for (unsigned int i = 0; i < ARRAY_SIZE(dom0_protected_msrs); i++)
		msrpm_set(msrpm, dom0_protected_msrs[i], false, true);
}

void exit_msr(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p)
{
	u32 msr = (u32)v->arch.regs.rcx;
	bool write = v->arch.vmcb->control.exit_info1 & SVM_MSR_WRITE;
	u64 val = exit_get_edx_eax(v);

	if (p->msr(c, v, msr, write, &val)) {
		svm_inject_exception(v, X86_EXC_GP, true, 0);
		return;
	}
	if (!write)
		exit_set_edx_eax(v, val);
	svm_advance_rip(v, INSN_LEN_MSR);
}

static bool dom0_msr_protected(u32 msr)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(dom0_protected_msrs); i++)
		if (dom0_protected_msrs[i] == msr)
			return true;
	return false;
}

int dom0_msr(struct hv_cpu *c, struct vcpu *v, u32 msr, bool write, u64 *val)
{
	struct vmcb_save *s = &v->arch.vmcb->save;

	switch (msr) {
	case MSR_EFER:
		if (!write)
			*val = s->efer;
		else if ((*val ^ s->efer) & ~(EFER_DOM0_WRITABLE | EFER_SVME))
			return -EPERM;
		else
			s->efer = *val | EFER_SVME;
		return 0;
	case MSR_VM_CR:
		/* SVM is the hypervisor's: to dom0 it looks disabled by firmware. */
		*val = rdmsr(MSR_VM_CR) | VM_CR_SVMDIS | VM_CR_LOCK;
		return 0;
	case MSR_VM_HSAVE_PA:
		*val = 0;	/* writes are dropped */
		return 0;
	default:
		if (!write || !dom0_msr_protected(msr))
			return -EPERM;
		/* Writing back what is there changes nothing: allowed. */
		if (rdmsr(msr) != *val) {
			if (exit_refuse(c))
				hv_log("cpu %u: dom0's write %lx to MSR %x refused",
				       c->id, (unsigned long)*val, msr);
			return -EPERM;
		}
		return 0;
	}
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

int domu_msr(struct hv_cpu *c, struct vcpu *v, u32 msr, bool write, u64 *val)
{
	struct vmcb_save *s = &v->arch.vmcb->save;

	switch (msr) {
	case MSR_EFER:
		if (!write)
			*val = s->efer & ~EFER_SVME;
		else if (*val & ~(EFER_DOMU_WRITABLE | EFER_LMA))
			return -EPERM;
		else
			s->efer = (*val & ~EFER_LMA) | (s->efer & EFER_LMA) |
				  EFER_SVME;
		return 0;
	case MSR_PAT:
		if (!write)
			*val = s->g_pat;
		else if (valid_pat(*val))
			s->g_pat = *val;
		else
			return -EPERM;
		return 0;
	case MSR_TSC:
		if (!write)
			*val = rdtsc() + v->arch.vmcb->control.tsc_offset;
		return 0;
	case MSR_MTRRCAP:
	case MSR_MTRR_DEF_TYPE:
	case MSR_AMD_INT_PENDING_MSG:	/* no C1E: nothing pending */
		if (!write)
			*val = 0;
		return 0;
	case MSR_APIC_BASE:
		/* x2APIC from reset: Linux never needs the MMIO page. */
		if (!write)
			*val = APIC_BASE_DEFAULT | APIC_BASE_EN | APIC_BASE_EXTD |
			       (v->id ? 0 : APIC_BASE_BSP);
		return 0;
	case MSR_XEN_HYPERCALL_PAGE:
		return write && !fill_hypercall_page(v, *val) ? 0 : -EPERM;
	case MSR_TSC_AUX:
		/* Loaded for the guest's runs (vcpu.c): live from now on. */
		if (!hv.arch.has_tsc_aux)
			return -EPERM;
		if (!write)
			*val = v->arch.tsc_aux;
		else if (*val >> 32)
			return -EPERM;
		else
			wrmsr(MSR_TSC_AUX, v->arch.tsc_aux = *val);
		return 0;
	default:
		if (msr >= MSR_X2APIC_FIRST && msr <= MSR_X2APIC_LAST)
			return vlapic_msr(v, msr, write, val);
		return -EPERM;
	}
}
