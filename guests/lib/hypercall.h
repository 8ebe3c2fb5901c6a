/*
 * Hypercalls from a Hoist domU: VMMCALL (0F 01 D9) with RAX = number and
 * RDI, RSI, RDX, R10, R8 = arguments; the result comes back in RAX
 * (negative = -errno, HOIST_E* in <hoist/hypercall.h>).  Pointers are
 * guest virtual addresses, equal to physical ones here.
 *
 * Every argument register is declared clobbered, used or not: Xen's debug
 * builds poison them (and R9) on return, and Hoist may do the same.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <stddef.h>
#include <stdint.h>

#include <hoist/hypercall.h>
#include <hoist/xen.h>

static inline long hypercall5(unsigned long nr, unsigned long a1,
			      unsigned long a2, unsigned long a3,
			      unsigned long a4, unsigned long a5)
{
	register unsigned long r10 __asm__("r10") = a4;
	register unsigned long r8 __asm__("r8") = a5;
	long ret = (long)nr;

	__asm__ volatile("vmmcall"
			 : "+a"(ret), "+D"(a1), "+S"(a2), "+d"(a3),
			   "+r"(r10), "+r"(r8)
			 :
			 : "r9", "memory");
	return ret;
}

/* Fewer arguments: the unused registers are passed as 0. */
static inline long hypercall4(unsigned long nr, unsigned long a1,
			      unsigned long a2, unsigned long a3,
			      unsigned long a4)
{
	return hypercall5(nr, a1, a2, a3, a4, 0);
}

static inline long hypercall3(unsigned long nr, unsigned long a1,
			      unsigned long a2, unsigned long a3)
{
	return hypercall5(nr, a1, a2, a3, 0, 0);
}

static inline long hypercall2(unsigned long nr, unsigned long a1,
			      unsigned long a2)
{
	return hypercall5(nr, a1, a2, 0, 0, 0);
}

static inline long hypercall1(unsigned long nr, unsigned long a1)
{
	return hypercall5(nr, a1, 0, 0, 0, 0);
}

static inline long hypercall0(unsigned long nr)
{
	return hypercall5(nr, 0, 0, 0, 0, 0);
}

/*
 * A hypercall that also checks the registers the hypervisor must preserve
 * (hypercall_probe.S); used by the fuzzer.  Layout fixed by the .S file.
 */
struct hc_probe {
	uint64_t nr;
	uint64_t arg[5];
	int64_t ret;
	uint64_t clobbered;	/* HC_PROBE_* bits */
};

#define HC_PROBE_REGS { "rbx", "rcx", "rbp", "r11", "r12", "r13", "r14", "r15" }
#define HC_PROBE_NR_REGS 8

long hypercall_probe(struct hc_probe *p);

/* console_io(CONSOLEIO_write); falls back to port 0xE9 if it fails. */
void console_write(const char *s, size_t n);

long sched_shutdown(unsigned int reason);	/* returns only on failure */
long sched_yield(void);
long sched_block(void);

/* vcpu_op(VCPUOP_initialise) then vcpu_op(VCPUOP_up): 0 or the first error. */
long vcpu_up(unsigned int vcpu, const struct vcpu_hvm_context *ctx);
long vcpu_initialise(unsigned int vcpu, const struct vcpu_hvm_context *ctx);
long vcpu_bring_up(unsigned int vcpu);
long vcpu_down(unsigned int vcpu);

/* "ENOSYS" for -HOIST_ENOSYS, "0" for 0, "?" for anything else. */
const char *errno_name(long ret);

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

#endif /* GUEST_HYPERCALL_H */
