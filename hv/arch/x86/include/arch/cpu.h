/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU hypervisor state.  The offsets assembly uses are generated from
 * these structures (asm-offsets.c).
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <hv/types.h>
#include <hoist/hypercall.h>
#include <hoist/xen.h>
#include <arch/x86.h>
#include <arch/vmcb.h>
#include <arch/vlapic.h>
#include <arch/desc.h>

struct guest_regs {
	u64 rbx, rcx, rdx, rsi, rdi, rbp;
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
};

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

/* What the entry stub pushed on Linux's stack, lowest address first. */
struct entry_frame {
	u64 rbx, rbp, r12, r13, r14, r15;
	u64 ret_rip;
};

#define HV_STACK_PAGES	4

struct domain;
struct hv_cpu;

/*
 * A virtual CPU: dom0 has one per physical CPU (embedded in struct hv_cpu),
 * a domU has its own, run on whichever CPU dom0's thread calls from.
 */
struct vcpu {
	struct guest_regs regs;		/* while not in guest mode */
	struct vmcb *vmcb;
	u64 vmcb_pa;
	struct domain *dom;		/* NULL: dom0 */
	struct hv_cpu *pcpu;		/* where it runs or last ran */
	u32 id;
	u32 state;			/* HOIST_VCPU_* (domU) */
	u64 cpu_time_ns;
	u64 run_start;			/* TSC at the start of the current run */
	u8 *xsave;			/* domU FPU/vector state while not running */
	u64 xcr0;
	u64 tsc_aux;			/* domU: what RDTSCP and RDPID read */
	u64 dr[4];			/* domU debug address registers */
	bool initialised;		/* has a register state to start from */
	u32 stop_reason;		/* set by an exit that ends the run */
	u32 vcpu_up;			/* with HOIST_RUN_VCPU_UP */
	u64 last_pcpu_instance;		/* (cpu id + 1): flush when it moves */
	int virq_offered;		/* vector offered with V_IRQ, or -1 */
	bool virq_from_apic;		/* ... from the x2APIC (else upcall) */

	/* domU: the Xen guest ABI and the x2APIC */
	struct vcpu_info *vcpu_info;	/* in guest memory, or NULL */
	u64 timer_ns;			/* single-shot deadline; 0 = none */
	u64 timer_reported;		/* the deadline dom0 last armed for */
	u16 virq_port[NR_VIRQS];	/* 0 = not bound */
	u32 poll_port;			/* SCHEDOP_poll waits for it; 0 none */
	struct vlapic lapic;
};

/* A vCPU's stop_reason while nothing ends its run: not a HOIST_RUN_*. */
#define VCPU_STOP_NONE		(~0u)

/* Ask v's run to end for reason (HOIST_RUN_*), unless one already does. */
static inline void vcpu_request_stop(struct vcpu *v, u32 reason)
{
	if (v->stop_reason == VCPU_STOP_NONE)
		v->stop_reason = reason;
}

struct hv_cpu {
	struct vcpu dom0;		/* dom0 on this CPU */
	struct vcpu *current;		/* what the next VMRUN enters */
	u64 host_save_pa;		/* VMSAVE area for the host's own state */
	u64 hsave_pa;			/* VM_HSAVE_PA */
	u64 stack_top;
	u64 ist_top;
	u64 gdt[HV_GDT_ENTRIES];
	struct tss64 tss;
	struct desc_ptr gdtr;
	struct linux_ctx lx;		/* Linux's state for the way back */
	u64 linux_efer;
	u32 id;
	bool hoisted;
	bool ran;			/* VMRUN has succeeded once */
	bool switched;			/* the current exit changed `current` */
	u64 npf_logged;
	u64 tlb_gen_seen;		/* dom0 TLB generation flushed to */
	u64 last_instance;		/* the domU that last ran here */
	u64 run_out;			/* dom0's struct hoist_run * for the run */
	u64 dom0_xcr0;
	u64 dom0_tsc_aux;
	u64 dom0_dr[4];
	struct hoist_cpu_stats stats;
};

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

/* arch/x86/vcpu.c: domU vCPUs */
int vcpu_arch_init(struct vcpu *v);
void vcpu_arch_free(struct vcpu *v);
void vcpu_set_pvh_entry(struct vcpu *v, u64 entry, u64 start_info);
void vcpu_set_sipi_entry(struct vcpu *v, u32 vector);
int vcpu_set_hvm_context(struct vcpu *v, const void *ctx);
long vcpu_run(struct hv_cpu *c, struct vcpu *v, u64 run_out);
void vcpu_stop(struct hv_cpu *c, struct vcpu *v, u32 reason, u32 state);
void vcpu_prepare_vmrun(struct hv_cpu *c, struct vcpu *v);
void dom0_tlb_catch_up(struct hv_cpu *c);

/* arch/x86/intr.c */
bool domu_interrupt_pending(const struct vcpu *v);
void domu_deliver_interrupts(struct vcpu *v);
void domu_intr_exit(struct vcpu *v);

/* arch/x86/cpuid.c */
void cpuid_dom0_policy(u32 leaf, u32 sub, struct cpuid_regs *r);
void cpuid_domu_policy(u32 leaf, u32 sub, u32 vcpu_id, struct cpuid_regs *r);

/* arch/x86/hoist.c */
long hoist_cpu(u32 id, struct entry_frame *f);

#endif /* ARCH_CPU_H */
