/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The x86 halves of the generic structures: struct vcpu, hv_cpu, domain
 * and hv each embed one of these as `arch`, with the types they are made
 * of.  Types only: generic code includes it solely through hv/arch.h.
 */
#ifndef ARCH_ARCH_TYPES_H
#define ARCH_ARCH_TYPES_H

#include <hv/types.h>

/* Descriptor-table pointer, as LGDT/SGDT take it */
struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

struct tss64 {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

#define HV_GDT_ENTRIES	6	/* null, -, CS, DS, TSS (two) */

#define VLAPIC_LVT_NR	7	/* CMCI, timer, thermal, PMC, LINT0/1, error */

/* A domU's x2APIC (vlapic.c) */
struct vlapic {
	u32 irr[8];		/* set by any vCPU: atomic */
	u32 isr[8];
	u32 tpr;
	u32 svr;
	u32 lvt[VLAPIC_LVT_NR];
	u32 tmict;
	u32 tdcr;
	bool wait_sipi;		/* INIT seen, the next SIPI starts it */
};

/* A guest's registers that the VMCB does not hold (RAX and RSP it does). */
struct guest_regs {
	u64 rbx, rcx, rdx, rsi, rdi, rbp;
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
};

/* What cpu_exit_to_linux() restores (switch.S) */
struct linux_ctx {
	u64 rip, rsp, rflags;
	u64 cs, ss, ds, es;
	u64 cr0, cr3, cr4, dr7;
	struct desc_ptr gdtr;
	u8 pad1[6];
	struct desc_ptr idtr;
	u8 pad2[6];
	u64 rax;
	struct guest_regs *regs;
};

struct vmcb;

struct arch_vcpu {
	struct guest_regs regs;		/* while not in guest mode */
	struct vmcb *vmcb;
	u64 vmcb_pa;
	u8 *xsave;			/* domU FPU/vector state while not running */
	u64 xcr0;
	u64 tsc_aux;			/* domU: what RDTSCP and RDPID read */
	u64 dr[4];			/* domU debug address registers */
	u64 last_pcpu_instance;		/* (cpu id + 1): flush when it moves */
	int virq_offered;		/* vector offered with V_IRQ, or -1 */
	bool virq_from_apic;		/* ... from the x2APIC (else upcall) */
	struct vlapic lapic;		/* domU */
};

struct arch_cpu {
	u64 host_save_pa;		/* VMSAVE area for the host's own state */
	u64 hsave_pa;			/* VM_HSAVE_PA */
	u64 stack_top;
	u64 ist_top;
	u64 gdt[HV_GDT_ENTRIES];
	struct tss64 tss;
	struct desc_ptr gdtr;
	struct linux_ctx lx;		/* Linux's state for the way back */
	u64 linux_efer;
	bool ran;			/* VMRUN has succeeded once */
	u64 npf_logged;
	u64 last_instance;		/* the domU that last ran here */
	u64 dom0_xcr0;			/* dom0's state while a domU runs */
	u64 dom0_tsc_aux;
	u64 dom0_dr[4];
};

struct arch_domain {
	u32 asid;			/* its TLB entries' tag */
};

struct arch_hv {
	bool nrip_save;
	u8 *msrpm;			/* dom0's MSR permission map */
	u64 msrpm_pa;
	u64 iopm_pa;			/* dom0's I/O permission map */
	u64 domu_msrpm_pa;
	u64 domu_iopm_pa;
	u32 xsave_size;			/* bytes of an XSAVE area, all features */
	u64 xcr0_host_mask;		/* features XCR0 may enable (0: no XSAVE) */
	u8 *xsave_init;			/* an area that XRSTORs to init state */
	bool has_tsc_aux;		/* RDTSCP or RDPID: MSR_TSC_AUX exists */
};

#endif /* ARCH_ARCH_TYPES_H */
