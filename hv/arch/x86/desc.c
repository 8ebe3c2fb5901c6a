// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's own GDT, TSS and IDT.  Host mode runs with GIF clear, so
 * only exceptions can arrive here, and only through a hypervisor bug: the
 * handler logs the state and parks the CPU.
 */
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/string.h>
#include <arch/cpu.h>

#define IDT_ENTRIES	X86_NR_EXCEPTIONS
#define IST_FATAL	1	/* #DF, NMI and #MC use their own stack */

struct idt_entry {
	u16 offset_lo;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_hi;
	u32 reserved;
} __packed;

struct exc_frame {
	u64 rax, rbx, rcx, rdx, rsi, rdi, rbp;
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 vector, error;
	u64 rip, cs, rflags, rsp, ss;
};

extern const u64 exception_stubs[IDT_ENTRIES];	/* switch.S */

static struct idt_entry idt[IDT_ENTRIES] __aligned(16);
static struct desc_ptr idtr;

void desc_init_idt(void)
{
	for (unsigned int v = 0; v < IDT_ENTRIES; v++) {
		u64 a = exception_stubs[v];

		idt[v] = (struct idt_entry){
			.offset_lo = (u16)a,
			.selector = HV_CS,
			.ist = (v == X86_EXC_NMI || v == X86_EXC_DF ||
				v == X86_EXC_MC) ? IST_FATAL : 0,
			.type_attr = 0x8e,	/* present, DPL 0, interrupt gate */
			.offset_mid = (u16)(a >> 16),
			.offset_hi = (u32)(a >> 32),
		};
	}
	idtr.limit = sizeof(idt) - 1;
	idtr.base = (u64)(uintptr_t)idt;
}

const struct desc_ptr *desc_idtr(void)
{
	return &idtr;
}

void desc_init_cpu(struct hv_cpu *c)
{
	u64 tss = (u64)(uintptr_t)&c->arch.tss;
	u64 limit = sizeof(c->arch.tss) - 1;

	memset(c->arch.gdt, 0, sizeof(c->arch.gdt));
	c->arch.gdt[HV_CS / 8] = 0x00af9b000000ffffull;	/* 64-bit code, DPL 0 */
	c->arch.gdt[HV_DS / 8] = 0x00cf93000000ffffull;	/* data, DPL 0 */
	c->arch.gdt[HV_TSS / 8] = (limit & 0xffff) | ((tss & 0xffffff) << 16) |
			     (0x89ull << 40) | (((limit >> 16) & 0xf) << 48) |
			     ((tss >> 24 & 0xff) << 56);
	c->arch.gdt[HV_TSS / 8 + 1] = tss >> 32;
	memset(&c->arch.tss, 0, sizeof(c->arch.tss));
	c->arch.tss.ist[IST_FATAL - 1] = c->arch.ist_top;
	c->arch.tss.iomap_base = sizeof(c->arch.tss);
	c->arch.gdtr.limit = sizeof(c->arch.gdt) - 1;
	c->arch.gdtr.base = (u64)(uintptr_t)c->arch.gdt;
}

__noreturn void exception_handler(struct exc_frame *f);
__noreturn void exception_handler(struct exc_frame *f)
{
	hv_log("FATAL: exception %lu error %lx at rip %lx rsp %lx cr2 %lx",
	       (unsigned long)f->vector, (unsigned long)f->error,
	       (unsigned long)f->rip, (unsigned long)f->rsp,
	       (unsigned long)read_cr2());
	hv_log("rax %lx rbx %lx rcx %lx rdx %lx rsi %lx rdi %lx",
	       (unsigned long)f->rax, (unsigned long)f->rbx,
	       (unsigned long)f->rcx, (unsigned long)f->rdx,
	       (unsigned long)f->rsi, (unsigned long)f->rdi);
	cpu_halt_forever();
}
