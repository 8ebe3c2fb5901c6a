// SPDX-License-Identifier: GPL-2.0
/*
 * What dom0 sees through CPUID while hoisted: the native answers, with SVM
 * hidden (the hypervisor owns it), the hypervisor-present bit set, and
 * Hoist's own leaves at 0x40000000.
 */
#include <arch/cpu.h>
#include <hoist/xen.h>

#define CPUID_1_ECX_HYPERVISOR		BIT(31)
#define CPUID_80000001_ECX_SVM		BIT(2)
#define CPUID_SVM_FEATURES		0x8000000au
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

#define XEN_CPUID_MAX			0x40000005u
#define XEN_VERSION_COMPAT		((4u << 16) | 17u)	/* Xen 4.17 ABI */
#define CPUID_1_ECX_MWAIT		BIT(3)
#define CPUID_1_ECX_X2APIC		BIT(21)
#define CPUID_80000001_ECX_PERFCTR	BIT(23)

/*
 * What a domU sees: the host's CPU, minus what the hypervisor keeps (SVM),
 * what it does not virtualize (MWAIT, the PMU, SME/SEV), and with Xen's
 * signature at 0x40000000 so guests take the Xen PVH path.
 */
void cpuid_domu_policy(u32 leaf, u32 sub, u32 vcpu_id, struct cpuid_regs *r)
{
	(void)sub;
	switch (leaf) {
	case 1:
		r->ecx |= CPUID_1_ECX_HYPERVISOR;
		r->ecx &= ~CPUID_1_ECX_MWAIT;
		r->ebx = (r->ebx & 0x00ffffffu) | (vcpu_id << 24);
		return;
	case 5:		/* MONITOR/MWAIT */
	case 0xa:	/* architectural PMU */
	case 0x8000001fu:	/* SME/SEV */
	case CPUID_SVM_FEATURES:
		r->eax = r->ebx = r->ecx = r->edx = 0;
		return;
	case 0x80000001:
		r->ecx &= ~(CPUID_80000001_ECX_SVM | CPUID_80000001_ECX_PERFCTR);
		return;
	case XEN_CPUID_BASE:
		r->eax = XEN_CPUID_MAX;
		r->ebx = XEN_CPUID_SIG_EBX;
		r->ecx = XEN_CPUID_SIG_ECX;
		r->edx = XEN_CPUID_SIG_EDX;
		return;
	case XEN_CPUID_BASE + 1:
		r->eax = XEN_VERSION_COMPAT;
		r->ebx = r->ecx = r->edx = 0;
		return;
	default:
		if (leaf > XEN_CPUID_BASE + 1 && leaf < HYPERVISOR_LEAVES_END)
			r->eax = r->ebx = r->ecx = r->edx = 0;
		return;
	}
}
