/*
 * PVH entry of a Hoist test guest: 32-bit protected mode -> 64-bit mode.
 *
 * State at pvh_start32 (the address in the Xen PHYS32_ENTRY note):
 * protected mode, paging off, flat 4 GiB CS/DS/ES/SS, EFLAGS.IF = 0,
 * EBX = physical address of struct hvm_start_info.  Nothing else is
 * promised: not the GDT, not DF, not a stack.
 *
 * Memory (all in .bss, zeroed here, identity-mapped):
 *   pml4, pdpt, pd[64]  page tables: the first 64 GiB with 2 MiB pages
 *                       (RAM above 4 GiB: a PVH guest's memory beyond
 *                       the hole at 0xFC000000 continues at 4 GiB;
 *                       guests/memtouch reaches all of it)
 *   bsp_stack           16 KiB, the boot vCPU's stack
 *   (ap stacks and the IDT are C arrays, see smp.c and traps.c)
 */

#define CR0_PE		0x00000001
#define CR0_PG		0x80000000
#define CR4_PAE		0x00000020
#define MSR_EFER	0xc0000080
#define EFER_LME	0x00000100
#define EFER_NXE	0x00000800
#define PTE_P_RW	0x003		/* present, writable */
#define PDE_2M		0x083		/* present, writable, 2 MiB page */
#define SEL_CODE64	0x08
#define SEL_DATA	0x10
#define BSP_STACK_SIZE	16384
/*
 * How much the identity map covers.  64 GiB is far more than any test
 * machine gives a guest; the page directories (256 KiB of .bss) cost every
 * guest under a millisecond to zero and fill, and map nothing that is not
 * the guest's own RAM until the guest touches it (what lies beyond RAM
 * stays unbacked: the hypervisor crashes a guest that touches it).
 */
#define MAP_GIB		64

	.section .text.head, "ax"
	.code32
	.globl pvh_start32
pvh_start32:
	cld
	/* EBX (start_info) is kept in EBX until guest_boot gets it. */

	/* Zero .bss: page tables and stacks live there, and a loader need
	 * not have cleared it.  By dwords (guest.lds aligns both ends to 16):
	 * a quarter of the iterations, each one an emulated store under TCG. */
	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	xorl	%eax, %eax
	rep stosl

	/* PML4[0] -> PDPT; PDPT[0..MAP_GIB-1] -> PD 0..MAP_GIB-1 (one GiB
	 * each). */
	movl	$pdpt + PTE_P_RW, pml4
	movl	$pdpt, %edi
	movl	$pd + PTE_P_RW, %eax
	movl	$MAP_GIB, %ecx
1:	movl	%eax, (%edi)
	addl	$0x1000, %eax
	addl	$8, %edi
	loop	1b

	/* 512 PDEs per GiB, 2 MiB each: 0 .. MAP_GIB GiB.  EDX:EAX is the
	 * 64-bit entry (the frame crosses 4 GiB in the fifth directory). */
	movl	$pd, %edi
	movl	$PDE_2M, %eax
	xorl	%edx, %edx
	movl	$MAP_GIB * 512, %ecx
1:	movl	%eax, (%edi)
	movl	%edx, 4(%edi)
	addl	$0x200000, %eax
	adcl	$0, %edx
	addl	$8, %edi
	loop	1b

	/* PAE on, CR3 = PML4. */
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$pml4, %eax
	movl	%eax, %cr3

	/* EFER.LME on, EFER.NXE off (the PDEs have no NX bit anyway). */
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	andl	$~EFER_NXE, %eax
	wrmsr

	lgdt	gdt_ptr

	/* Paging on: with LME set this activates long mode (compat mode
	 * until CS is reloaded by the far jump). */
	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_PE), %eax
	movl	%eax, %cr0

	ljmp	$SEL_CODE64, $start64

	.code64
start64:
	movl	$SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs

	movq	$bsp_stack + BSP_STACK_SIZE, %rsp
	call	traps_init		/* the IDT: exceptions print, not triple-fault */
	movl	%ebx, %edi		/* zero-extends: start_info < 4 GiB */
	call	guest_boot		/* never returns (crashes the domain if
					   guest_main does) */
	jmp	guest_triple_fault

/*
 * Secondary vCPU entry, started by VCPUOP_initialise with a
 * VCPU_HVM_MODE_64B context (smp.c: vcpu_ctx_ap64): already in 64-bit mode
 * with our CR0/CR3/CR4/EFER, RSP = its stack top, RDI = vCPU id.  The
 * hypervisor gives flat segments but no GDT/IDT of ours: load them.
 */
	.text
	.globl ap_entry64
ap_entry64:
	cld
	movl	%edi, %r12d		/* the vCPU id, kept across the C calls */
	andq	$-16, %rsp
	lgdt	gdt_ptr(%rip)
	pushq	$SEL_CODE64
	leaq	1f(%rip), %rax
	pushq	%rax
	lretq				/* reload CS from our GDT */
1:	movl	$SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	call	traps_load		/* lidt on this vCPU */
	movl	%r12d, %edi
	call	guest_ap_boot		/* never returns */
	jmp	guest_triple_fault

/* ------------------------------------------------------------------ traps */

/*
 * Exception and interrupt stubs.  Each pushes a dummy error code when the
 * CPU does not, then the vector, and joins trap_common, which saves every
 * GPR (struct trap_frame in traps.c, lowest address first: r15 .. rax,
 * vector, error, rip, cs, rflags, rsp, ss) and calls guest_trap(frame).  If
 * guest_trap returns the registers are restored and the guest resumes.
 */
.macro TRAP_STUB vec
	.p2align 4
trap_stub_\vec:
	.if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq	$0
	.endif
	pushq	$\vec
	jmp	trap_common
.endm

	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	TRAP_STUB \v
	.endr

	/* Their addresses, for traps.c (no reliance on the stub size). */
	.section .rodata
	.p2align 3
	.globl trap_stub_table
trap_stub_table:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad	trap_stub_\v
	.endr
	.text

	/* Vectors 32..255 (nothing should raise them: IF stays 0). */
	.p2align 4
	.globl trap_stub_irq
trap_stub_irq:
	pushq	$0
	pushq	$256
	jmp	trap_common

trap_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	movq	%rsp, %rbx		/* callee-saved: the frame, across the call */
	andq	$-16, %rsp
	call	guest_trap
	movq	%rbx, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp		/* vector, error code */
	iretq

/* ------------------------------------------------------------------ data */

	/* Accessed bits preset: the CPU would otherwise write them. */
	.section .rodata
	.p2align 3
gdt:
	.quad	0			/* null */
	.quad	0x00af9b000000ffff	/* 0x08: 64-bit code, DPL 0 */
	.quad	0x00cf93000000ffff	/* 0x10: flat data, DPL 0 */
gdt_end:

	.p2align 3
	.globl gdt_ptr
gdt_ptr:
	.word	gdt_end - gdt - 1
	.quad	gdt			/* 32-bit lgdt reads the low 4 bytes */

	.section .bss
	.p2align 12
	.globl pml4
pml4:	.skip	4096
pdpt:	.skip	4096
pd:	.skip	MAP_GIB * 4096
	.p2align 4
bsp_stack:
	.skip	BSP_STACK_SIZE
