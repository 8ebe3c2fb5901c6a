/* SPDX-License-Identifier: GPL-2.0 */
/*
 * World switches: into the hypervisor's own address space, the VMRUN round
 * trip, the way back to native Linux, and the exception stubs.
 */
#include <arch/desc.h>
#include <arch/x86_defs.h>
#include <generated/asm-offsets.h>

#define VMRUN	.byte 0x0f, 0x01, 0xd8
#define VMLOAD	.byte 0x0f, 0x01, 0xda
#define VMSAVE	.byte 0x0f, 0x01, 0xdb
#define STGI	.byte 0x0f, 0x01, 0xdc

/* Every register of struct guest_regs from *%rdi, %rdi itself last. */
.macro LOAD_GUEST_REGS
	mov	GR_RBX(%rdi), %rbx
	mov	GR_RCX(%rdi), %rcx
	mov	GR_RDX(%rdi), %rdx
	mov	GR_RSI(%rdi), %rsi
	mov	GR_RBP(%rdi), %rbp
	mov	GR_R8(%rdi), %r8
	mov	GR_R9(%rdi), %r9
	mov	GR_R10(%rdi), %r10
	mov	GR_R11(%rdi), %r11
	mov	GR_R12(%rdi), %r12
	mov	GR_R13(%rdi), %r13
	mov	GR_R14(%rdi), %r14
	mov	GR_R15(%rdi), %r15
	mov	GR_RDI(%rdi), %rdi
.endm

	.text

/*
 * void cpu_switch_to_hv(struct hv_cpu *c, const struct switch_args *a)
 * a: { u64 cr3; struct desc_ptr *gdtr; struct desc_ptr *idtr; u64 stack; }
 * Runs at the pool address V, which both page tables map alike.
 */
	.globl cpu_switch_to_hv
cpu_switch_to_hv:
	/* a lives on Linux's stack, which the new CR3 does not map. */
	mov	SA_GDTR(%rsi), %r8
	mov	SA_IDTR(%rsi), %r9
	mov	SA_STACK(%rsi), %r10
	mov	SA_CR3(%rsi), %rax
	mov	%rax, %cr3
	/* Linux's global TLB entries survive a CR3 write: drop them too. */
	mov	%cr4, %rax
	mov	%rax, %rcx
	and	$~X86_CR4_PGE, %rax
	mov	%rax, %cr4
	mov	%rcx, %cr4
	lgdt	(%r8)
	lidt	(%r9)
	mov	%r10, %rsp
	pushq	$HV_CS
	leaq	1f(%rip), %rax
	pushq	%rax
	lretq
1:	mov	$HV_DS, %eax
	mov	%eax, %ss
	mov	%eax, %ds
	mov	%eax, %es
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	mov	$HV_TSS, %eax
	ltr	%ax
	call	svm_cpu_loop
	ud2

/*
 * void svm_vmrun(struct guest_regs *regs, u64 vmcb_pa, u64 host_save_pa)
 * The guest's FS, GS, TR, LDTR and syscall MSRs are VMLOADed before VMRUN
 * and VMSAVEd after; the host's own come back from host_save_pa.
 */
	.globl svm_vmrun
svm_vmrun:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	push	%rdx
	push	%rdi

	mov	%rsi, %rax
	LOAD_GUEST_REGS

	VMLOAD
	VMRUN
	VMSAVE

	xchg	%rdi, (%rsp)
	mov	%rbx, GR_RBX(%rdi)
	mov	%rcx, GR_RCX(%rdi)
	mov	%rdx, GR_RDX(%rdi)
	mov	%rsi, GR_RSI(%rdi)
	mov	%rbp, GR_RBP(%rdi)
	mov	%r8, GR_R8(%rdi)
	mov	%r9, GR_R9(%rdi)
	mov	%r10, GR_R10(%rdi)
	mov	%r11, GR_R11(%rdi)
	mov	%r12, GR_R12(%rdi)
	mov	%r13, GR_R13(%rdi)
	mov	%r14, GR_R14(%rdi)
	mov	%r15, GR_R15(%rdi)
	pop	%rax
	mov	%rax, GR_RDI(%rdi)

	pop	%rax
	VMLOAD

	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret

/*
 * void cpu_exit_to_linux(struct linux_ctx *lx)
 * Host mode, GIF clear, guest FS/GS/TR/syscall MSRs already VMLOADed.
 * Puts back Linux's address space and descriptor tables, sets GIF, turns
 * SVM off, and returns to Linux's RIP with its registers.  The selectors
 * of the hypervisor's GDT equal Linux's kernel ones, so an NMI taken
 * between STGI and IRETQ finds a valid CS.
 */
	.globl cpu_exit_to_linux
cpu_exit_to_linux:
	cli			/* nothing may arrive between STGI and IRETQ */
	mov	%rdi, %rbx
	mov	LX_CR3(%rbx), %rax
	mov	%rax, %cr3
	mov	LX_CR4(%rbx), %rax
	mov	%rax, %cr4
	mov	LX_CR0(%rbx), %rax
	mov	%rax, %cr0
	lgdt	LX_GDTR(%rbx)
	lidt	LX_IDTR(%rbx)
	mov	LX_DR7(%rbx), %rax
	mov	%rax, %dr7
	mov	LX_DS(%rbx), %rax
	mov	%eax, %ds
	mov	LX_ES(%rbx), %rax
	mov	%eax, %es

	/* IRETQ frame: SS, RSP, RFLAGS, CS, RIP */
	pushq	LX_SS(%rbx)
	pushq	LX_RSP(%rbx)
	pushq	LX_RFLAGS(%rbx)
	pushq	LX_CS(%rbx)
	pushq	LX_RIP(%rbx)

	STGI
	mov	$MSR_EFER, %ecx
	rdmsr
	btr	$EFER_SVME_BIT, %eax
	wrmsr
	mov	$MSR_VM_HSAVE_PA, %ecx
	xor	%eax, %eax
	xor	%edx, %edx
	wrmsr

	mov	LX_RAX(%rbx), %rax
	mov	LX_REGS(%rbx), %rdi
	LOAD_GUEST_REGS
	iretq

/* Exception stubs: push a zero error code where the CPU pushes none. */
.macro EXC_STUB vec
exc_stub_\vec:
	.if (\vec == X86_EXC_DF) || (\vec >= X86_EXC_TS && \vec <= X86_EXC_PF) || (\vec == X86_EXC_AC) || (\vec == X86_EXC_CP) || (\vec == X86_EXC_VC) || (\vec == X86_EXC_SX)
	.else
	pushq	$0
	.endif
	pushq	$\vec
	jmp	exc_common
.endm

exc_common:
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%r11
	push	%r10
	push	%r9
	push	%r8
	push	%rbp
	push	%rdi
	push	%rsi
	push	%rdx
	push	%rcx
	push	%rbx
	push	%rax
	mov	%rsp, %rdi
	and	$~0xf, %rsp
	call	exception_handler
	ud2

.altmacro
.set vec, 0
.rept X86_NR_EXCEPTIONS
	EXC_STUB %vec
	.set vec, vec + 1
.endr

.macro STUB_ADDR vec
	.quad	exc_stub_\vec
.endm
	.section .data.rel.ro, "aw"
	.globl exception_stubs
exception_stubs:
.set vec, 0
.rept X86_NR_EXCEPTIONS
	STUB_ADDR %vec
	.set vec, vec + 1
.endr
