/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exit path, one for dom0 and domUs alike.  exit.c dispatches each
 * exit code to a handler in exit_<concern>.c; a handler does what both
 * kinds share (decoding, write-back, RIP, #GP) and asks the domain kind's
 * policy for the rest.  The two policies, side by side in exit.c, are all
 * that tells dom0 from a domU at an exit.
 */
#ifndef ARCH_EXIT_H
#define ARCH_EXIT_H

#include <arch/cpu.h>

/* Lengths of the intercepted instructions, for CPUs without nRIP-save. */
#define INSN_LEN_HLT		1
#define INSN_LEN_CPUID		2
#define INSN_LEN_INVD		2	/* and WBINVD */
#define INSN_LEN_MSR		2	/* RDMSR, WRMSR */
#define INSN_LEN_VMMCALL	3
#define INSN_LEN_XSETBV		3

/* A port I/O exit, decoded from EXITINFO1. */
struct ioio {
	u16 port;
	u32 size;		/* bytes: 1, 2 or 4 */
	u64 mask;		/* the bits of RAX it moves */
	bool in;
	bool string;		/* INS/OUTS */
	bool rep;
};

/* How one kind of domain is treated at its exits. */
struct exit_policy {
	/* What exits at all: the VMCB's intercept vectors 3 and 4. */
	u32 intercept_misc1;
	u32 intercept_misc2;
	/* Adjust the native CPUID answer. */
	void (*cpuid)(u32 leaf, u32 sub, u32 vcpu_id, struct cpuid_regs *r);
	/* A VMMCALL from CPL 0: make the call and set RAX. */
	void (*hypercall)(struct hv_cpu *c, struct vcpu *v, u64 nr,
			  const u64 *args);
	/* RDMSR (*val out) or WRMSR (*val in): 0, or -EPERM for #GP. */
	int (*msr)(struct hv_cpu *c, struct vcpu *v, u32 msr, bool write,
		   u64 *val);
	/* IN or OUT: true once the instruction is done (RIP moves on). */
	bool (*ioio)(struct hv_cpu *c, struct vcpu *v, const struct ioio *io);
	/* An access to gpa, which the guest's nested tables do not map. */
	void (*npf)(struct hv_cpu *c, struct vcpu *v, u64 gpa);
	/* An INIT signal (NULL: nothing to do) */
	void (*init)(struct hv_cpu *c, struct vcpu *v);
	/* A triple fault */
	void (*shutdown)(struct hv_cpu *c, struct vcpu *v);
	/* An exit it did not intercept, or a failed VMRUN. */
	void (*unexpected)(struct hv_cpu *c, struct vcpu *v, u64 code);
	/* Around every exit's handler; NULL: nothing. */
	void (*begin)(struct hv_cpu *c, struct vcpu *v);
	void (*end)(struct hv_cpu *c, struct vcpu *v);
};

extern const struct exit_policy dom0_exits;
extern const struct exit_policy domu_exits;

typedef void (*exit_handler)(struct hv_cpu *c, struct vcpu *v,
			     const struct exit_policy *p);

/* EDX:EAX, as RDMSR, WRMSR and XSETBV take and give them */
static inline u64 exit_get_edx_eax(const struct vcpu *v)
{
	return ((v->arch.regs.rdx & 0xffffffffull) << 32) |
	       (u32)v->arch.vmcb->save.rax;
}

static inline void exit_set_edx_eax(struct vcpu *v, u64 val)
{
	v->arch.vmcb->save.rax = (u32)val;
	v->arch.regs.rdx = val >> 32;
}

/* Something dom0 asked for was refused: count it; true: log it too. */
bool exit_refuse(struct hv_cpu *c);

/* The handlers, by concern (exit.c has the table) */
/* exit_insn.c */
void exit_cpuid(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p);
void exit_invd(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p);
void exit_hlt(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p);
void exit_xsetbv(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p);
void exit_rdpmc(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p);
void exit_svm_insn(struct hv_cpu *c, struct vcpu *v,
		   const struct exit_policy *p);
void dom0_cpuid(u32 leaf, u32 sub, u32 vcpu_id, struct cpuid_regs *r);
/* exit_event.c */
void exit_preempt(struct hv_cpu *c, struct vcpu *v,
		  const struct exit_policy *p);
void exit_init(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p);
void exit_shutdown(struct hv_cpu *c, struct vcpu *v,
		   const struct exit_policy *p);
void dom0_init(struct hv_cpu *c, struct vcpu *v);
void dom0_shutdown(struct hv_cpu *c, struct vcpu *v);
void dom0_unexpected(struct hv_cpu *c, struct vcpu *v, u64 code);
void domu_shutdown(struct hv_cpu *c, struct vcpu *v);
void domu_unexpected(struct hv_cpu *c, struct vcpu *v, u64 code);
void domu_exit_begin(struct hv_cpu *c, struct vcpu *v);
void domu_exit_end(struct hv_cpu *c, struct vcpu *v);
/* exit_vmmcall.c */
void exit_vmmcall(struct hv_cpu *c, struct vcpu *v,
		  const struct exit_policy *p);
void dom0_hypercall(struct hv_cpu *c, struct vcpu *v, u64 nr,
		    const u64 *args);
void domu_hypercall(struct hv_cpu *c, struct vcpu *v, u64 nr,
		    const u64 *args);
/* exit_msr.c */
void exit_msr(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p);
int dom0_msr(struct hv_cpu *c, struct vcpu *v, u32 msr, bool write,
	     u64 *val);
int domu_msr(struct hv_cpu *c, struct vcpu *v, u32 msr, bool write,
	     u64 *val);
/* exit_io.c */
void exit_ioio(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p);
bool dom0_ioio(struct hv_cpu *c, struct vcpu *v, const struct ioio *io);
bool domu_ioio(struct hv_cpu *c, struct vcpu *v, const struct ioio *io);
/* exit_npf.c */
void exit_npf(struct hv_cpu *c, struct vcpu *v, const struct exit_policy *p);
void dom0_npf(struct hv_cpu *c, struct vcpu *v, u64 gpa);
void domu_npf(struct hv_cpu *c, struct vcpu *v, u64 gpa);

#endif /* ARCH_EXIT_H */
