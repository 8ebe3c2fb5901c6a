/*
 * The CPU-bound workload of the `spin` guest, shared with dom0-spin so the
 * same machine code runs in a domU and in dom0 (build.mk links the very
 * same object into both).  Plain C, no headers beyond <stdint.h>: it must
 * build freestanding and hosted.
 */
#ifndef GUEST_SPIN_LOOP_H
#define GUEST_SPIN_LOOP_H

#include <stdint.h>

#define SPIN_DEFAULT_ITERATIONS	200000000ull

/* One line, printed identically by the guest and by dom0-spin. */
#define SPIN_RESULT_FMT "spin: iterations=%lu checksum=0x%016lx ticks=%lu\n"

/* n rounds of xorshift64 from a fixed seed; returns the final state. */
uint64_t spin_loop(uint64_t n);

static inline uint64_t spin_rdtsc(void)
{
	uint32_t lo, hi;

	/* lfence: the loop's work has retired before the TSC is read. */
	__asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

#endif /* GUEST_SPIN_LOOP_H */
