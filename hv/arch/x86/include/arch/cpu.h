/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the x86 files share among themselves: the world switch, SVM's
 * plumbing, domU vCPU state and interrupt delivery, CPUID policies.  The
 * structures they work on are the generic ones (hv/vcpu.h) with their
 * x86 halves (arch_types.h); the offsets assembly uses are generated from
 * those (asm-offsets.c).
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <hv/types.h>
#include <hv/vcpu.h>
#include <arch/x86.h>
#include <arch/vmcb.h>
#include <arch/vlapic.h>
#include <arch/desc.h>

/* What the entry stub pushed on Linux's stack, lowest address first. */
struct entry_frame {
	u64 rbx, rbp, r12, r13, r14, r15;
	u64 ret_rip;
};

#define HV_STACK_PAGES	4

struct switch_args {
	u64 cr3;
	const struct desc_ptr *gdtr;
	const struct desc_ptr *idtr;
	u64 stack;
};

/* arch/x86/switch.S */
void svm_vmrun(struct guest_regs *regs, u64 vmcb_pa, u64 host_save_pa);
__noreturn void cpu_switch_to_hv(struct hv_cpu *c, const struct switch_args *a);
__noreturn void cpu_exit_to_linux(struct linux_ctx *lx);

/* arch/x86/exit_msr.c: the MSR permission map of dom0 or of domUs */
void svm_init_msrpm(u8 *msrpm, bool domu);
/* arch/x86/exit.c */
void svm_handle_exit(struct hv_cpu *c, struct vcpu *v);

/* arch/x86/svm.c */
void svm_init_vmcb_dom0(struct vcpu *v);
void svm_fill_linux_ctx(struct hv_cpu *c, long rax);
__noreturn void svm_cpu_loop(struct hv_cpu *c);
__noreturn void svm_leave(struct hv_cpu *c, long rax);
void svm_inject_exception(struct vcpu *v, unsigned int vector, bool has_err,
			  u32 err);
void svm_advance_rip(struct vcpu *v, unsigned int len);
unsigned int svm_guest_cpl(const struct vcpu *v);
void svm_dump_vmcb(const struct vmcb *v);

/* arch/x86/vcpu.c (and the arch_vcpu_* of hv/arch.h) */
/* A SIPI: real mode at vector:0000, as an AP leaves wait-for-SIPI. */
void vcpu_set_sipi_entry(struct vcpu *v, u32 vector);
void vcpu_prepare_vmrun(struct hv_cpu *c, struct vcpu *v);

/* arch/x86/intr.c (and the arch_vcpu_interrupt_* of hv/arch.h) */
void domu_deliver_interrupts(struct vcpu *v);
void domu_intr_exit(struct vcpu *v);

/* arch/x86/cpuid.c */
void cpuid_dom0_policy(u32 leaf, u32 sub, struct cpuid_regs *r);
void cpuid_domu_policy(u32 leaf, u32 sub, u32 vcpu_id, struct cpuid_regs *r);

/* arch/x86/serial.c: a byte to COM1, for the log (log_init()) */
void serial_putc(char c);

/* arch/x86/hoist.c */
long hoist_cpu(u32 id, struct entry_frame *f);

#endif /* ARCH_CPU_H */
