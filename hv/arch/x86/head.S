/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry points the module calls, in Linux's context and on Linux's stack.
 * The image header in front of them is written by the linker script.
 */

	.section .text.entry, "ax"

/* long hv_setup_entry(struct hoist_boot_params *bp): once, before any CPU. */
	.globl hv_setup_entry
hv_setup_entry:
	endbr64
	jmp	hv_setup

/*
 * long hv_cpu_entry(u32 cpu): hoist the calling CPU.  Interrupts are off.
 * Linux's callee-saved registers and return address are recorded so that
 * the first VMRUN resumes Linux right after this call, returning 0 in RAX,
 * now as dom0.  On failure hoist_cpu() returns -errno here, still native.
 */
	.globl hv_cpu_entry
hv_cpu_entry:
	endbr64
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%rbp
	push	%rbx
	mov	%rsp, %rsi
	sub	$8, %rsp
	call	hoist_cpu
	add	$8, %rsp
	pop	%rbx
	pop	%rbp
	pop	%r12
	pop	%r13
	pop	%r14
	pop	%r15
	ret
