/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Architectural constants of x86-64 (AMD64 APM vol. 2 and 3): control and
 * flag register bits, exception vectors, MSR numbers and CPUID feature
 * bits.  Plain numbers only, so that assembly includes this header as C
 * does; every such constant the hypervisor uses is defined here and
 * nowhere else.
 */
#ifndef ARCH_X86_DEFS_H
#define ARCH_X86_DEFS_H

#ifdef __ASSEMBLER__
#define X86_BIT(n)		(1 << (n))
#else
#define X86_BIT(n)		(1ull << (n))
#endif

/* EFER */
#define EFER_SCE		X86_BIT(0)
#define EFER_LME		X86_BIT(8)
#define EFER_LMA		X86_BIT(10)
#define EFER_NXE		X86_BIT(11)
#define EFER_SVME_BIT		12
#define EFER_SVME		X86_BIT(EFER_SVME_BIT)
#define EFER_FFXSR		X86_BIT(14)
#define EFER_TCE		X86_BIT(15)
#define EFER_AUTOIBRS		X86_BIT(21)

/* CR0, CR4 */
#define X86_CR0_PE		X86_BIT(0)
#define X86_CR0_ET		X86_BIT(4)
#define X86_CR0_PG		X86_BIT(31)
#define X86_CR4_PAE		X86_BIT(5)
#define X86_CR4_PGE		X86_BIT(7)
#define X86_CR4_LA57		X86_BIT(12)
#define X86_CR4_OSXSAVE		X86_BIT(18)

/* RFLAGS */
#define X86_RFLAGS_FIXED	X86_BIT(1)	/* reads as one */
#define X86_RFLAGS_IF		X86_BIT(9)
#define X86_RFLAGS_DF		X86_BIT(10)

/* Debug registers at reset */
#define X86_DR6_INIT		0xffff0ff0
#define X86_DR7_INIT		0x400

/* Exception vectors; 0 .. X86_NR_EXCEPTIONS - 1 are the CPU's own. */
#define X86_EXC_NMI		2
#define X86_EXC_UD		6
#define X86_EXC_DF		8
#define X86_EXC_TS		10
#define X86_EXC_NP		11
#define X86_EXC_SS		12
#define X86_EXC_GP		13
#define X86_EXC_PF		14
#define X86_EXC_AC		17
#define X86_EXC_MC		18
#define X86_EXC_CP		21
#define X86_EXC_VC		29
#define X86_EXC_SX		30
#define X86_NR_EXCEPTIONS	32

/* #PF error code */
#define X86_PF_WRITE		X86_BIT(1)

/* MSRs */
#define MSR_TSC			0x00000010
#define MSR_APIC_BASE		0x0000001b
#define MSR_MTRRCAP		0x000000fe
#define MSR_SYSENTER_CS		0x00000174
#define MSR_SYSENTER_ESP	0x00000175
#define MSR_SYSENTER_EIP	0x00000176
#define MSR_PAT			0x00000277
#define MSR_MTRR_DEF_TYPE	0x000002ff
#define MSR_X2APIC_FIRST	0x00000800
#define MSR_X2APIC_LAST		0x000008ff
#define MSR_EFER		0xc0000080
#define MSR_STAR		0xc0000081
#define MSR_LSTAR		0xc0000082
#define MSR_CSTAR		0xc0000083
#define MSR_SFMASK		0xc0000084
#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
#define MSR_KERNEL_GS_BASE	0xc0000102
#define MSR_TSC_AUX		0xc0000103
/* AMD MSRs that place or hide memory, or change how caches treat it. */
#define MSR_SYSCFG		0xc0010010
#define MSR_HWCR		0xc0010015
#define MSR_IORR_BASE0		0xc0010016	/* .. MASK1 at 0xc0010019 */
#define MSR_IORR_MASK1		0xc0010019
#define MSR_TOP_MEM		0xc001001a
#define MSR_TOM2		0xc001001d
#define MSR_AMD_INT_PENDING_MSG	0xc0010055	/* C1E */
#define MSR_MMIO_CFG_BASE	0xc0010058
#define MSR_SMM_ADDR		0xc0010112
#define MSR_SMM_MASK		0xc0010113
#define MSR_VM_CR		0xc0010114
#define MSR_VM_HSAVE_PA		0xc0010117

/* MSR_APIC_BASE */
#define APIC_BASE_BSP		X86_BIT(8)
#define APIC_BASE_EXTD		X86_BIT(10)	/* x2APIC mode */
#define APIC_BASE_EN		X86_BIT(11)
#define APIC_BASE_DEFAULT	0xfee00000

/* MSR_VM_CR */
#define VM_CR_LOCK		X86_BIT(3)
#define VM_CR_SVMDIS		X86_BIT(4)

/* CPUID feature bits, by leaf and register */
#define CPUID_1_ECX_MWAIT		X86_BIT(3)
#define CPUID_1_ECX_X2APIC		X86_BIT(21)
#define CPUID_1_ECX_XSAVE		X86_BIT(26)
#define CPUID_1_ECX_HYPERVISOR		X86_BIT(31)
#define CPUID_1_EDX_MCE			X86_BIT(7)
#define CPUID_1_EDX_MCA			X86_BIT(14)
#define CPUID_7_ECX_RDPID		X86_BIT(22)
#define CPUID_D_ECX_XFD			X86_BIT(2)	/* sub-leaf i >= 2 */
#define CPUID_80000001_ECX_SVM		X86_BIT(2)
#define CPUID_80000001_ECX_PERFCTR	X86_BIT(23)
#define CPUID_80000001_EDX_RDTSCP	X86_BIT(27)
#define CPUID_SVM_FEATURES		0x8000000a	/* EDX: */
#define CPUID_SVM_EDX_NPT		X86_BIT(0)
#define CPUID_SVM_EDX_NRIPS		X86_BIT(3)

#endif /* ARCH_X86_DEFS_H */
