/*
 * ymm: a guest secret in vector registers.  Enables AVX (CR4.OSXSAVE,
 * XCR0 = x87|SSE|AVX) and keeps ymm0-15 loaded with a 64-bit value in
 * every quadword, upper halves included, for ever: whatever dom0 finds in
 * its own ymm registers after this guest ran must not be that value.
 *
 * The value is computed from the command line (seed * golden ratio + 1),
 * as in guests/pattern.c: it exists only in this guest.
 *
 * Command line: seed=N (default 1)
 * Output: ymm: 0x<16 hex digits> in ymm0-15     (once loaded)
 * No verdict: it runs until destroyed (a FAIL if the CPU lacks AVX).
 */
#include "guest.h"

GUEST("ymm");

#define CR4_OSXSAVE	(1ull << 18)
#define CPUID1_XSAVE	(1u << 26)
#define CPUID1_AVX	(1u << 28)
#define XCR0_X87_SSE_AVX 0x7u
#define RELOAD_SPINS	100000

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b,
		  uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			 : "a"(leaf), "c"(sub));
}

static void load(uint64_t pattern)
{
	uint64_t v[4] __attribute__((aligned(32))) = {
		pattern, pattern, pattern, pattern
	};

	__asm__ volatile("vmovdqa %0, %%ymm0\n\t"
			 "vmovdqa %0, %%ymm1\n\t"
			 "vmovdqa %0, %%ymm2\n\t"
			 "vmovdqa %0, %%ymm3\n\t"
			 "vmovdqa %0, %%ymm4\n\t"
			 "vmovdqa %0, %%ymm5\n\t"
			 "vmovdqa %0, %%ymm6\n\t"
			 "vmovdqa %0, %%ymm7\n\t"
			 "vmovdqa %0, %%ymm8\n\t"
			 "vmovdqa %0, %%ymm9\n\t"
			 "vmovdqa %0, %%ymm10\n\t"
			 "vmovdqa %0, %%ymm11\n\t"
			 "vmovdqa %0, %%ymm12\n\t"
			 "vmovdqa %0, %%ymm13\n\t"
			 "vmovdqa %0, %%ymm14\n\t"
			 "vmovdqa %0, %%ymm15"
			 : : "m"(v) : "memory");
}

void guest_main(const struct hvm_start_info *si)
{
	uint64_t pattern = cmdline_u64(si, "seed", 1) * 0x9e3779b97f4a7c15ull + 1;
	uint32_t a, b, c, d;
	uint64_t cr4;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(c & CPUID1_XSAVE) || !(c & CPUID1_AVX))
		guest_fail("no XSAVE or AVX (CPUID 1 ECX %#x)", c);
	cpuid(0xd, 0, &a, &b, &c, &d);
	if ((a & XCR0_X87_SSE_AVX) != XCR0_X87_SSE_AVX)
		guest_fail("XCR0 cannot enable AVX (CPUID 0xd EAX %#x)", a);
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4 | CR4_OSXSAVE));
	__asm__ volatile("xsetbv" : : "a"(XCR0_X87_SSE_AVX), "d"(0), "c"(0));
	load(pattern);
	gprintf("ymm: 0x%016lx in ymm0-15\n", (unsigned long)pattern);
	for (;;) {
		for (unsigned int i = 0; i < RELOAD_SPINS; i++)
			cpu_relax();
		load(pattern);
	}
}
