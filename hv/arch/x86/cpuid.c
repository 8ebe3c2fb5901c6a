// SPDX-License-Identifier: GPL-2.0
/*
 * What dom0 sees through CPUID while hoisted: the native answers, with SVM
 * hidden (the hypervisor owns it), the hypervisor-present bit set, and
 * Hoist's own leaves at 0x40000000.
 */
#include <arch/cpu.h>
#include <hoist/xen.h>
#include <hv/xen_guest.h>

#define HYPERVISOR_LEAVES_END		0x50000000u

void cpuid_dom0_policy(u32 leaf, u32 sub, struct cpuid_regs *r)
{
	(void)sub;
	switch (leaf) {
	case 1:
		r->ecx |= CPUID_1_ECX_HYPERVISOR;
		return;
	case 0x80000001:
		r->ecx &= ~CPUID_80000001_ECX_SVM;
		return;
	case CPUID_SVM_FEATURES:
		r->eax = r->ebx = r->ecx = r->edx = 0;
		return;
	case HOIST_CPUID_BASE:
		r->eax = HOIST_CPUID_MAX;
		r->ebx = HOIST_CPUID_SIG_EBX;
		r->ecx = HOIST_CPUID_SIG_ECX;
		r->edx = HOIST_CPUID_SIG_EDX;
		return;
	case HOIST_CPUID_VERSION:
		r->eax = HOIST_VERSION_CODE;
		r->ebx = r->ecx = r->edx = 0;
		return;
	default:
		if (leaf > HOIST_CPUID_MAX && leaf >= HOIST_CPUID_BASE &&
		    leaf < HYPERVISOR_LEAVES_END)
			r->eax = r->ebx = r->ecx = r->edx = 0;
		return;
	}
}

/*
 * What a domU sees: the host's CPU, minus what the hypervisor keeps (SVM),
 * what it does not virtualize (MWAIT, the PMU, SME/SEV), and with Xen's
 * signature at 0x40000000 so guests take the Xen PVH path.
 */
void cpuid_domu_policy(u32 leaf, u32 sub, u32 vcpu_id, struct cpuid_regs *r)
{
	switch (leaf) {
	case 1:
		/* The x2APIC is emulated (vlapic.c) whatever the host has. */
		r->ecx |= CPUID_1_ECX_HYPERVISOR | CPUID_1_ECX_X2APIC;
		r->ecx &= ~CPUID_1_ECX_MWAIT;
		/* No machine-check MSRs: Linux panics when they #GP. */
		r->edx &= ~(CPUID_1_EDX_MCE | CPUID_1_EDX_MCA);
		r->ebx = (r->ebx & 0x00ffffffu) | (vcpu_id << 24);
		return;
	case 7:
		/* RDPID reads TSC_AUX, which stays the host's: hidden. */
		if (sub == 0)
			r->ecx &= ~CPUID_7_ECX_RDPID;
		return;
	case 0xb:	/* x2APIC topology: the ID is the vCPU's */
		r->edx = vcpu_id;
		return;
	case 0x8000001eu:
		r->eax = vcpu_id;
		return;
	case 5:		/* MONITOR/MWAIT */
	case 0xa:	/* architectural PMU */
	case 0x8000001fu:	/* SME/SEV */
	case CPUID_SVM_FEATURES:
		r->eax = r->ebx = r->ecx = r->edx = 0;
		return;
	case 0x80000001:
		r->ecx &= ~(CPUID_80000001_ECX_SVM | CPUID_80000001_ECX_PERFCTR);
		r->edx &= ~CPUID_80000001_EDX_RDTSCP;	/* as RDPID */
		return;
	case XEN_CPUID_BASE:
		r->eax = XEN_CPUID_MAX_LEAF;
		r->ebx = XEN_CPUID_SIG_EBX;
		r->ecx = XEN_CPUID_SIG_ECX;
		r->edx = XEN_CPUID_SIG_EDX;
		return;
	case XEN_CPUID_BASE + 1:
		r->eax = XEN_VERSION_COMPAT;
		r->ebx = r->ecx = r->edx = 0;
		return;
	case XEN_CPUID_BASE + 2:	/* one hypercall page, through this MSR */
		r->eax = 1;
		r->ebx = MSR_XEN_HYPERCALL_PAGE;
		r->ecx = r->edx = 0;
		return;
	case XEN_CPUID_BASE + 4:	/* HVM features */
		r->eax = XEN_HVM_CPUID_VCPU_ID_PRESENT;
		r->ebx = vcpu_id;
		r->ecx = r->edx = 0;
		return;
	default:
		if (leaf > XEN_CPUID_BASE + 1 && leaf < HYPERVISOR_LEAVES_END)
			r->eax = r->ebx = r->ecx = r->edx = 0;
		return;
	}
}
