/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMCB, AMD64 APM vol. 2, appendix B.  Offsets are pinned below with
 * static assertions against the manual's tables.
 */
#ifndef ARCH_VMCB_H
#define ARCH_VMCB_H

#include <hv/types.h>

/* Intercept vector 3 (offset 0x0c) */
#define INTERCEPT_INTR		BIT(0)
#define INTERCEPT_NMI		BIT(1)
#define INTERCEPT_SMI		BIT(2)
#define INTERCEPT_INIT		BIT(3)
#define INTERCEPT_VINTR		BIT(4)
#define INTERCEPT_RDPMC		BIT(15)
#define INTERCEPT_CPUID		BIT(18)
#define INTERCEPT_INVD		BIT(22)
#define INTERCEPT_HLT		BIT(24)
#define INTERCEPT_INVLPGA	BIT(26)
#define INTERCEPT_IOIO		BIT(27)
#define INTERCEPT_MSR		BIT(28)
#define INTERCEPT_SHUTDOWN	BIT(31)
/* Intercept vector 4 (offset 0x10) */
#define INTERCEPT_VMRUN		BIT(0)
#define INTERCEPT_VMMCALL	BIT(1)
#define INTERCEPT_VMLOAD	BIT(2)
#define INTERCEPT_VMSAVE	BIT(3)
#define INTERCEPT_STGI		BIT(4)
#define INTERCEPT_CLGI		BIT(5)
#define INTERCEPT_SKINIT	BIT(6)
#define INTERCEPT_WBINVD	BIT(9)
#define INTERCEPT_XSETBV	BIT(13)
/* The SVM instructions of vector 4 (INVLPGA is in vector 3) */
#define INTERCEPT_SVM_INSNS	(INTERCEPT_VMRUN | INTERCEPT_VMLOAD | \
				 INTERCEPT_VMSAVE | INTERCEPT_STGI | \
				 INTERCEPT_CLGI | INTERCEPT_SKINIT)

/*
 * Exit codes.  Those of vector 3's intercepts are SVM_EXIT_INTR + bit,
 * those of vector 4's SVM_EXIT_VMRUN + bit.
 */
#define SVM_EXIT_EXCP_BASE	0x040
#define SVM_EXIT_INTR		0x060
#define SVM_EXIT_NMI		0x061
#define SVM_EXIT_SMI		0x062
#define SVM_EXIT_INIT		0x063
#define SVM_EXIT_VINTR		0x064
#define SVM_EXIT_RDPMC		0x06f
#define SVM_EXIT_CPUID		0x072
#define SVM_EXIT_INVD		0x076
#define SVM_EXIT_HLT		0x078
#define SVM_EXIT_INVLPGA	0x07a
#define SVM_EXIT_IOIO		0x07b
#define SVM_EXIT_MSR		0x07c
#define SVM_EXIT_SHUTDOWN	0x07f
#define SVM_EXIT_VMRUN		0x080
#define SVM_EXIT_VMMCALL	0x081
#define SVM_EXIT_VMLOAD		0x082
#define SVM_EXIT_VMSAVE		0x083
#define SVM_EXIT_STGI		0x084
#define SVM_EXIT_CLGI		0x085
#define SVM_EXIT_SKINIT		0x086
#define SVM_EXIT_WBINVD		0x089
#define SVM_EXIT_XSETBV		0x08d
#define SVM_EXIT_NPF		0x400
#define SVM_EXIT_INVALID	0xffffffffu	/* compare the low 32 bits */

/* EVENTINJ / EXITINTINFO */
#define SVM_EVT_VECTOR_MASK	0xff
#define SVM_EVT_TYPE_SHIFT	8
#define SVM_EVT_TYPE_MASK	(7u << SVM_EVT_TYPE_SHIFT)
#define SVM_EVT_TYPE_INTR	(0u << SVM_EVT_TYPE_SHIFT)
#define SVM_EVT_TYPE_NMI	(2u << SVM_EVT_TYPE_SHIFT)
#define SVM_EVT_TYPE_EXEPT	(3u << SVM_EVT_TYPE_SHIFT)
#define SVM_EVT_TYPE_SOFT	(4u << SVM_EVT_TYPE_SHIFT)
#define SVM_EVT_ERR_VALID	BIT(11)
#define SVM_EVT_VALID		BIT(31)

/* NPF EXITINFO1 bits */
#define NPF_PRESENT		BIT(0)
#define NPF_WRITE		BIT(1)
#define NPF_USER		BIT(2)
#define NPF_FETCH		BIT(4)
#define NPF_FINAL_WALK		BIT(32)
#define NPF_GUEST_TABLES	BIT(33)

/* IOIO EXITINFO1 */
#define SVM_IOIO_IN		BIT(0)
#define SVM_IOIO_STR		BIT(2)
#define SVM_IOIO_REP		BIT(3)
#define SVM_IOIO_SZ8		BIT(4)
#define SVM_IOIO_SZ16		BIT(5)
#define SVM_IOIO_PORT_SHIFT	16

/* MSR EXITINFO1 */
#define SVM_MSR_WRITE		BIT(0)

/* TLB_CONTROL */
#define TLB_CONTROL_NONE	0
#define TLB_CONTROL_FLUSH_ALL	1

/* INT_CTL */
#define V_IRQ			BIT(8)
#define V_INTR_PRIO_MAX		(0xfull << 16)
#define V_IGN_TPR		BIT(20)
#define V_INTR_MASKING		BIT(24)
#define V_INTR_VECTOR_SHIFT	32
#define V_INTR_VECTOR		(0xffull << V_INTR_VECTOR_SHIFT)

/* INT_STATE */
#define SVM_INTERRUPT_SHADOW	BIT(0)

/* NP_CONTROL */
#define NP_ENABLE		BIT(0)

struct vmcb_seg {
	u16 selector;
	u16 attrib;
	u32 limit;
	u64 base;
} __packed;

struct vmcb_control {
	u32 intercept_cr;
	u32 intercept_dr;
	u32 intercept_exceptions;
	u32 intercept_misc1;
	u32 intercept_misc2;
	u32 intercept_misc3;
	u8 reserved_1[0x3c - 0x18];
	u16 pause_filter_thresh;
	u16 pause_filter_count;
	u64 iopm_base_pa;
	u64 msrpm_base_pa;
	u64 tsc_offset;
	u32 asid;
	u8 tlb_control;
	u8 reserved_2[3];
	u64 int_ctl;
	u64 int_state;
	u64 exit_code;
	u64 exit_info1;
	u64 exit_info2;
	u64 exit_int_info;
	u64 np_control;
	u64 avic_apic_bar;
	u64 ghcb_pa;
	u64 event_inj;
	u64 n_cr3;
	u64 virt_ext;
	u32 clean;
	u32 reserved_3;
	u64 next_rip;
	u8 insn_len;
	u8 insn_bytes[15];
	u8 reserved_4[0x400 - 0xe0];
} __packed;

struct vmcb_save {
	struct vmcb_seg es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr;
	u8 reserved_1[0xcb - 0xa0];
	u8 cpl;
	u32 reserved_2;
	u64 efer;
	u8 reserved_3[0x148 - 0xd8];
	u64 cr4;
	u64 cr3;
	u64 cr0;
	u64 dr7;
	u64 dr6;
	u64 rflags;
	u64 rip;
	u8 reserved_4[0x1d8 - 0x180];
	u64 rsp;
	u64 s_cet;
	u64 ssp;
	u64 isst_addr;
	u64 rax;
	u64 star;
	u64 lstar;
	u64 cstar;
	u64 sfmask;
	u64 kernel_gs_base;
	u64 sysenter_cs;
	u64 sysenter_esp;
	u64 sysenter_eip;
	u64 cr2;
	u8 reserved_5[0x268 - 0x248];
	u64 g_pat;
	u64 dbgctl;
} __packed;

struct vmcb {
	struct vmcb_control control;
	struct vmcb_save save;
	u8 reserved[4096 - 0x400 - sizeof(struct vmcb_save)];
} __packed;

_Static_assert(sizeof(struct vmcb) == 4096, "VMCB is one page");
_Static_assert(__builtin_offsetof(struct vmcb_control, intercept_misc1) == 0x0c, "");
_Static_assert(__builtin_offsetof(struct vmcb_control, iopm_base_pa) == 0x40, "");
_Static_assert(__builtin_offsetof(struct vmcb_control, asid) == 0x58, "");
_Static_assert(__builtin_offsetof(struct vmcb_control, int_ctl) == 0x60, "");
_Static_assert(__builtin_offsetof(struct vmcb_control, exit_code) == 0x70, "");
_Static_assert(__builtin_offsetof(struct vmcb_control, exit_int_info) == 0x88, "");
_Static_assert(__builtin_offsetof(struct vmcb_control, np_control) == 0x90, "");
_Static_assert(__builtin_offsetof(struct vmcb_control, event_inj) == 0xa8, "");
_Static_assert(__builtin_offsetof(struct vmcb_control, n_cr3) == 0xb0, "");
_Static_assert(__builtin_offsetof(struct vmcb_control, clean) == 0xc0, "");
_Static_assert(__builtin_offsetof(struct vmcb_control, next_rip) == 0xc8, "");
_Static_assert(__builtin_offsetof(struct vmcb_control, insn_len) == 0xd0, "");
_Static_assert(sizeof(struct vmcb_control) == 0x400, "");
_Static_assert(__builtin_offsetof(struct vmcb_save, tr) == 0x90, "");
_Static_assert(__builtin_offsetof(struct vmcb_save, cpl) == 0xcb, "");
_Static_assert(__builtin_offsetof(struct vmcb_save, efer) == 0xd0, "");
_Static_assert(__builtin_offsetof(struct vmcb_save, cr4) == 0x148, "");
_Static_assert(__builtin_offsetof(struct vmcb_save, rip) == 0x178, "");
_Static_assert(__builtin_offsetof(struct vmcb_save, rsp) == 0x1d8, "");
_Static_assert(__builtin_offsetof(struct vmcb_save, rax) == 0x1f8, "");
_Static_assert(__builtin_offsetof(struct vmcb_save, kernel_gs_base) == 0x220, "");
_Static_assert(__builtin_offsetof(struct vmcb_save, cr2) == 0x240, "");
_Static_assert(__builtin_offsetof(struct vmcb_save, g_pat) == 0x268, "");

#endif /* ARCH_VMCB_H */
