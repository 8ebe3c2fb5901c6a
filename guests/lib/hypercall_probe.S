/*
 * long hypercall_probe(struct hc_probe *p)
 *
 * One VMMCALL with p->nr and p->arg[0..4] in RAX, RDI, RSI, RDX, R10, R8,
 * and known values in every register the hypervisor must preserve (all
 * but RAX, the argument registers and R9, which Xen's debug builds
 * poison).  Stores RAX in p->ret and, in p->clobbered, one bit per
 * preserved register that came back changed (HC_PROBE_* in hypercall.h).
 */
#define P_NR		0
#define P_ARG0		8
#define P_ARG1		16
#define P_ARG2		24
#define P_ARG3		32
#define P_ARG4		40
#define P_RET		48
#define P_CLOBBERED	56

#define CANARY(i)	(0x5a17c0de00000000 + (i) * 0x01010101)

.macro CHECK reg, bit
	movabsq	$CANARY(\bit), %rdi
	cmpq	%rdi, \reg
	je	1f
	orl	$(1 << \bit), %eax
1:
.endm

	.text
	.globl hypercall_probe
hypercall_probe:
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushq	%rdi			/* p, for after the call */

	movq	P_NR(%rdi), %rax
	movq	P_ARG1(%rdi), %rsi
	movq	P_ARG2(%rdi), %rdx
	movq	P_ARG3(%rdi), %r10
	movq	P_ARG4(%rdi), %r8
	movabsq	$CANARY(0), %rbx
	movabsq	$CANARY(1), %rcx
	movabsq	$CANARY(2), %rbp
	movabsq	$CANARY(3), %r11
	movabsq	$CANARY(4), %r12
	movabsq	$CANARY(5), %r13
	movabsq	$CANARY(6), %r14
	movabsq	$CANARY(7), %r15
	movq	P_ARG0(%rdi), %rdi

	vmmcall

	pushq	%rax			/* the result */
	xorl	%eax, %eax		/* the clobber mask */
	CHECK	%rbx, 0
	CHECK	%rcx, 1
	CHECK	%rbp, 2
	CHECK	%r11, 3
	CHECK	%r12, 4
	CHECK	%r13, 5
	CHECK	%r14, 6
	CHECK	%r15, 7
	movq	%rax, %rdx
	popq	%rax
	popq	%rdi
	movq	%rax, P_RET(%rdi)
	movq	%rdx, P_CLOBBERED(%rdi)

	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	ret
