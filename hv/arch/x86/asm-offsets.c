// SPDX-License-Identifier: GPL-2.0
/*
 * The structure offsets switch.S uses, taken from the C layout so that the
 * two cannot disagree.  Never linked: hv/build.mk compiles this file to
 * assembly and turns each "->SYM value" line into a #define of
 * generated/asm-offsets.h in the build directory.
 */
#include <arch/cpu.h>

#define DEFINE(sym, val) \
	__asm__ __volatile__("\n.ascii \"->" #sym " %c0\"" : : "i"(val))
#define OFFSET(sym, type, member) \
	DEFINE(sym, __builtin_offsetof(struct type, member))

void asm_offsets(void);
void asm_offsets(void)
{
	OFFSET(GR_RBX, guest_regs, rbx);
	OFFSET(GR_RCX, guest_regs, rcx);
	OFFSET(GR_RDX, guest_regs, rdx);
	OFFSET(GR_RSI, guest_regs, rsi);
	OFFSET(GR_RDI, guest_regs, rdi);
	OFFSET(GR_RBP, guest_regs, rbp);
	OFFSET(GR_R8, guest_regs, r8);
	OFFSET(GR_R9, guest_regs, r9);
	OFFSET(GR_R10, guest_regs, r10);
	OFFSET(GR_R11, guest_regs, r11);
	OFFSET(GR_R12, guest_regs, r12);
	OFFSET(GR_R13, guest_regs, r13);
	OFFSET(GR_R14, guest_regs, r14);
	OFFSET(GR_R15, guest_regs, r15);

	OFFSET(LX_RIP, linux_ctx, rip);
	OFFSET(LX_RSP, linux_ctx, rsp);
	OFFSET(LX_RFLAGS, linux_ctx, rflags);
	OFFSET(LX_CS, linux_ctx, cs);
	OFFSET(LX_SS, linux_ctx, ss);
	OFFSET(LX_DS, linux_ctx, ds);
	OFFSET(LX_ES, linux_ctx, es);
	OFFSET(LX_CR0, linux_ctx, cr0);
	OFFSET(LX_CR3, linux_ctx, cr3);
	OFFSET(LX_CR4, linux_ctx, cr4);
	OFFSET(LX_DR7, linux_ctx, dr7);
	OFFSET(LX_GDTR, linux_ctx, gdtr);
	OFFSET(LX_IDTR, linux_ctx, idtr);
	OFFSET(LX_RAX, linux_ctx, rax);
	OFFSET(LX_REGS, linux_ctx, regs);

	OFFSET(SA_CR3, switch_args, cr3);
	OFFSET(SA_GDTR, switch_args, gdtr);
	OFFSET(SA_IDTR, switch_args, idtr);
	OFFSET(SA_STACK, switch_args, stack);
}
