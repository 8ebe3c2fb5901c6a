/* SPDX-License-Identifier: GPL-2.0 */
/* x86 instructions, as inline functions (the constants: x86_defs.h). */
#ifndef ARCH_X86_H
#define ARCH_X86_H

#include <hv/types.h>
#include <arch/x86_defs.h>
#include <arch/arch_types.h>	/* struct desc_ptr */

struct cpuid_regs {
	u32 eax, ebx, ecx, edx;
};

static inline void cpuid_count(u32 leaf, u32 sub, struct cpuid_regs *r)
{
	__asm__ __volatile__("cpuid"
		     : "=a"(r->eax), "=b"(r->ebx), "=c"(r->ecx), "=d"(r->edx)
		     : "a"(leaf), "c"(sub));
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ __volatile__("wrmsr" : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32))
		     : "memory");
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

#define DEFINE_READ_CR(n) \
static inline u64 read_cr##n(void) \
{ \
	u64 v; \
	__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v)); \
	return v; \
}
DEFINE_READ_CR(0)
DEFINE_READ_CR(2)
DEFINE_READ_CR(3)
DEFINE_READ_CR(4)

static inline void write_cr3(u64 v)
{
	__asm__ __volatile__("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline void write_cr4(u64 v)
{
	__asm__ __volatile__("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline u64 read_dr6(void)
{
	u64 v;

	__asm__ __volatile__("mov %%dr6, %0" : "=r"(v));
	return v;
}

static inline u64 read_dr7(void)
{
	u64 v;

	__asm__ __volatile__("mov %%dr7, %0" : "=r"(v));
	return v;
}

static inline void write_dr7(u64 v)
{
	__asm__ __volatile__("mov %0, %%dr7" : : "r"(v));
}

static inline u64 read_rflags(void)
{
	u64 v;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(v));
	return v;
}

static inline void sgdt(struct desc_ptr *d)
{
	__asm__ __volatile__("sgdt %0" : "=m"(*d));
}

static inline void sidt(struct desc_ptr *d)
{
	__asm__ __volatile__("sidt %0" : "=m"(*d));
}

#define DEFINE_READ_SEG(s) \
static inline u16 read_##s(void) \
{ \
	u16 v; \
	__asm__ __volatile__("mov %%" #s ", %0" : "=rm"(v)); \
	return v; \
}
DEFINE_READ_SEG(cs)
DEFINE_READ_SEG(ss)
DEFINE_READ_SEG(ds)
DEFINE_READ_SEG(es)

/* SVM instructions, by opcode so that any assembler takes them. */
static inline void svm_vmsave(u64 pa)
{
	__asm__ __volatile__(".byte 0x0f, 0x01, 0xdb" : : "a"(pa) : "memory");
}

static inline void svm_vmload(u64 pa)
{
	__asm__ __volatile__(".byte 0x0f, 0x01, 0xda" : : "a"(pa) : "memory");
}

static inline void svm_clgi(void)
{
	__asm__ __volatile__(".byte 0x0f, 0x01, 0xdd" : : : "memory");
}

static inline void svm_stgi(void)
{
	__asm__ __volatile__(".byte 0x0f, 0x01, 0xdc" : : : "memory");
}

static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" : : : "memory");
}

static inline __noreturn void cpu_halt_forever(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

static inline void outb(u16 port, u8 v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* Port I/O of 1, 2 or 4 bytes, as an exit reports it. */
static inline u32 port_in(u16 port, u32 size)
{
	u32 v;

	if (size == 1)
		return inb(port);
	if (size == 2) {
		u16 w;

		__asm__ __volatile__("inw %1, %0" : "=a"(w) : "Nd"(port));
		return w;
	}
	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void port_out(u16 port, u32 size, u32 v)
{
	if (size == 1)
		outb(port, (u8)v);
	else if (size == 2)
		__asm__ __volatile__("outw %0, %1" : : "a"((u16)v), "Nd"(port));
	else
		__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline void wbinvd(void)
{
	__asm__ __volatile__("wbinvd" : : : "memory");
}

#endif /* ARCH_X86_H */
