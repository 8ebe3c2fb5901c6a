/*
 * smp: brings up secondary vCPUs (VCPUOP_initialise with a 64-bit context
 * at the framework's ap_entry64, then VCPUOP_up); every vCPU adds 1 to a
 * shared counter N times with a locked add; vCPU 0 waits for the others
 * (yielding) and checks the counter is vcpus * N.
 *
 * Command line: iterations=N (default 1000000), vcpus=V (default 2, <= 8;
 *               the domain needs at least V vCPUs)
 * Output: vcpu K running                       (each vCPU, 0 first)
 *         smp: waiting: S of V-1 started, D done  (every 2^20 yields)
 *         smp: counter C = V vcpus x N
 */
#include "guest.h"

GUEST("smp");

static uint64_t counter;
static uint64_t iterations;
static unsigned int started, done;

static void add_n(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		__asm__ volatile("lock addq $1, %0" : "+m"(counter) : : "memory");
}

void guest_ap_main(unsigned int vcpu)
{
	__atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
	gprintf("vcpu %u running\n", vcpu);
	add_n(__atomic_load_n(&iterations, __ATOMIC_ACQUIRE));
	__atomic_fetch_add(&done, 1, __ATOMIC_RELEASE);
}

void guest_main(const struct hvm_start_info *si)
{
	uint64_t n = cmdline_u64(si, "iterations", 1000000);
	uint64_t vcpus = cmdline_u64(si, "vcpus", 2);
	struct vcpu_hvm_context ctx;

	if (vcpus < 2 || vcpus > GUEST_MAX_VCPUS)
		guest_fail("vcpus=%lu: 2 .. %u", (unsigned long)vcpus,
			   GUEST_MAX_VCPUS);
	__atomic_store_n(&iterations, n, __ATOMIC_RELEASE);
	gprintf("vcpu 0 running\n");

	for (unsigned int v = 1; v < vcpus; v++) {
		long ret;

		vcpu_ctx_ap64(&ctx, v);
		ret = vcpu_initialise(v, &ctx);
		if (ret)
			guest_fail("VCPUOP_initialise(vcpu %u): %ld (%s)", v,
				   ret, errno_name(ret));
		ret = vcpu_bring_up(v);
		if (ret)
			guest_fail("VCPUOP_up(vcpu %u): %ld (%s)", v, ret,
				   errno_name(ret));
	}

	add_n(n);

	for (uint64_t spins = 1;
	     __atomic_load_n(&done, __ATOMIC_ACQUIRE) < vcpus - 1; spins++) {
		sched_yield();
		if (!(spins & ((1u << 20) - 1)))
			gprintf("smp: waiting: %u of %lu started, %u done\n",
				__atomic_load_n(&started, __ATOMIC_RELAXED),
				(unsigned long)(vcpus - 1),
				__atomic_load_n(&done, __ATOMIC_RELAXED));
	}

	uint64_t got = __atomic_load_n(&counter, __ATOMIC_ACQUIRE);

	if (got != vcpus * n)
		guest_fail("counter %lu, expected %lu x %lu = %lu",
			   (unsigned long)got, (unsigned long)vcpus,
			   (unsigned long)n, (unsigned long)(vcpus * n));
	gprintf("smp: counter %lu = %lu vcpus x %lu\n", (unsigned long)got,
		(unsigned long)vcpus, (unsigned long)n);
	guest_pass();
}
