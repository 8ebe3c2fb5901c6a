/*
 * hcbench: the round trip of a hypercall the hypervisor answers by itself
 * (xen_version(XENVER_version)), timed with the TSC over many calls.
 *
 * Command line: count=N (default 20000)
 * Output: hcbench: count=N ticks_per_call=T
 */
#include "guest.h"
#include "spin_loop.h"

GUEST("hcbench");

void guest_main(const struct hvm_start_info *si)
{
	uint64_t n = cmdline_u64(si, "count", 20000);
	uint64_t t0, t1;
	long r = 0;

	for (uint64_t i = 0; i < 100; i++)	/* warm up */
		r |= hypercall2(XEN_HC_xen_version, XENVER_version, 0) <= 0;
	t0 = spin_rdtsc();
	for (uint64_t i = 0; i < n; i++)
		r |= hypercall2(XEN_HC_xen_version, XENVER_version, 0) <= 0;
	t1 = spin_rdtsc();
	if (r)
		guest_fail("xen_version failed");
	gprintf("hcbench: count=%lu ticks_per_call=%lu\n", (unsigned long)n,
		(unsigned long)((t1 - t0) / (n ? n : 1)));
	guest_pass();
}
