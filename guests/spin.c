/*
 * spin: a fixed CPU-bound workload (lib/spin_loop.c, the same object as
 * dom0-spin), timed with the TSC.
 *
 * Command line: iterations=N (default 200000000)
 * Output: spin: iterations=N checksum=0x... ticks=T
 */
#include "guest.h"
#include "spin_loop.h"

GUEST("spin");

void guest_main(const struct hvm_start_info *si)
{
	uint64_t n = cmdline_u64(si, "iterations", SPIN_DEFAULT_ITERATIONS);
	uint64_t t0 = spin_rdtsc();
	uint64_t sum = spin_loop(n);
	uint64_t t1 = spin_rdtsc();

	gprintf(SPIN_RESULT_FMT, (unsigned long)n, (unsigned long)sum,
		(unsigned long)(t1 - t0));
	guest_pass();
}
