/*
 * piostorm: reads an absent I/O port in a tight loop, as Linux's early PIT
 * calibration does (about 100,000 exits in a row).  Each read is a world
 * switch; every one must return all-ones and the guest must carry on.
 *
 * Command line: reads=N (default 1000000)
 * Output: piostorm: reads=N ticks=T
 */
#include "guest.h"

GUEST("piostorm");

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

void guest_main(const struct hvm_start_info *si)
{
	uint64_t n = cmdline_u64(si, "reads", 1000000);
	uint64_t t0 = rdtsc();

	for (uint64_t i = 0; i < n; i++) {
		uint8_t v = inb(0x42);

		if (v != 0xff)
			guest_fail("read %lu of port 0x42 gave %#x", (unsigned long)i, v);
	}
	gprintf("piostorm: reads=%lu ticks=%lu\n", (unsigned long)n,
		(unsigned long)(rdtsc() - t0));
	guest_pass();
}
