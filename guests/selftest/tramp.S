/*
 * Offline self-test only: how fakehv.c starts a secondary QEMU CPU in the
 * state a VCPU_HVM_MODE_64B context describes.  Copied to TRAMP_BASE (the
 * SIPI vector's page, below 1 MiB); fakehv fills the tramp_ctx_* fields,
 * sends INIT-SIPI, and waits for tramp_started.
 *
 * 16-bit -> 32-bit -> CR4, CR3, EFER, CR0 from the context (long mode) ->
 * 64-bit -> RSP, RDI, jump to RIP.
 */
#define TRAMP_BASE	0x8000
#define ABS(x)		(TRAMP_BASE + (x) - tramp_start)

	.section .rodata
	.p2align 12
	.globl tramp_start, tramp_end
	.globl tramp_ctx_cr0, tramp_ctx_cr3, tramp_ctx_cr4, tramp_ctx_efer
	.globl tramp_ctx_rsp, tramp_ctx_rdi, tramp_ctx_rip, tramp_started

	.code16
tramp_start:
	cli
	movw	%cs, %ax
	movw	%ax, %ds
	lgdtl	tramp_gdtr - tramp_start
	movl	%cr0, %eax
	orl	$1, %eax
	movl	%eax, %cr0
	ljmpl	$0x18, $ABS(t32)

	.code32
t32:
	movl	$0x10, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	ABS(tramp_ctx_cr4), %eax
	movl	%eax, %cr4
	movl	ABS(tramp_ctx_cr3), %eax
	movl	%eax, %cr3
	movl	$0xc0000080, %ecx
	movl	ABS(tramp_ctx_efer), %eax
	andl	$~0x400, %eax		/* LMA is the CPU's to set */
	xorl	%edx, %edx
	wrmsr
	movl	ABS(tramp_ctx_cr0), %eax
	movl	%eax, %cr0
	ljmpl	$0x08, $ABS(t64)

	.code64
t64:
	movq	ABS(tramp_ctx_rsp), %rsp
	movq	ABS(tramp_ctx_rdi), %rdi
	movq	ABS(tramp_ctx_rip), %rax
	movl	$1, ABS(tramp_started)
	jmpq	*%rax

	.p2align 3
tramp_gdt:
	.quad	0
	.quad	0x00af9b000000ffff	/* 0x08: 64-bit code */
	.quad	0x00cf93000000ffff	/* 0x10: data */
	.quad	0x00cf9b000000ffff	/* 0x18: 32-bit code */
tramp_gdtr:
	.word	tramp_gdtr - tramp_gdt - 1
	.long	ABS(tramp_gdt)
	.p2align 3
tramp_ctx_cr0:	.quad 0
tramp_ctx_cr3:	.quad 0
tramp_ctx_cr4:	.quad 0
tramp_ctx_efer:	.quad 0
tramp_ctx_rsp:	.quad 0
tramp_ctx_rdi:	.quad 0
tramp_ctx_rip:	.quad 0
tramp_started:	.long 0
tramp_end:
