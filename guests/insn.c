/*
 * insn: instructions a domU must not get host values from, or must not
 * run on the real machine.  One line per check, then the verdict (FAIL if
 * any check failed):
 *
 *   TSC_AUX (MSR 0xC0000103) is the vCPU's own: RDTSCP's ECX, RDPID and
 *     RDMSR give the vCPU id until the guest writes the MSR, then what it
 *     wrote; vCPU 1 still sees 1 meanwhile (with vcpus=2).  RDPID is tried
 *     even though the hypervisor hides its CPUID bit: #UD is a SKIP.
 *   RDPMC (ECX = 0) raises #GP: no host performance counters.
 *   XSETBV: #UD without CR4.OSXSAVE; #GP for XCR0 = 0 (no x87) and
 *     XCR0 = 5 (AVX without SSE); XCR0 = 3 is taken and XGETBV reads it.
 *   INVD completes and memory written before it is still there.
 *
 * Command line: vcpus=V (default 1; 2 also checks vCPU 1's TSC_AUX; the
 *               domain needs V vCPUs)
 * Output: insn: NAME: ok | insn: NAME: BAD: WHY | insn: NAME: SKIP: WHY
 */
#include "guest.h"

GUEST("insn");

#define MSR_TSC_AUX	0xc0000103u
#define TSC_AUX_VALUE	0x5a5a
#define CR4_OSXSAVE	(1ull << 18)
#define CPUID1_XSAVE	(1u << 26)

static unsigned int checks, bad;
static char first_bad[80];

static void result(const char *name, bool ok, const char *fmt, ...)
	GUEST_PRINTF(3, 4);

/* One line per check; `fmt` says what was seen (used when it is BAD). */
static void result(const char *name, bool ok, const char *fmt, ...)
{
	char why[120];
	va_list ap;

	checks++;
	if (ok) {
		gprintf("insn: %s: ok\n", name);
		return;
	}
	va_start(ap, fmt);
	gvsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	gprintf("insn: %s: BAD: %s\n", name, why);
	if (!bad++)
		gsnprintf(first_bad, sizeof(first_bad), "%s", name);
}

static void skip(const char *name, const char *why)
{
	gprintf("insn: %s: SKIP: %s\n", name, why);
}

/* A check that wants no exception, or exactly exception `want`. */
static void expect_exc(const char *name, uint64_t ex, int want)
{
	result(name, exinfo_vector(ex) == want, "%s (error 0x%x), want %s",
	       exc_name(exinfo_vector(ex)), exinfo_error(ex), exc_name(want));
}

/* ---------------------------------------------------------------- instructions */
static uint64_t rdtscp(uint32_t *aux)
{
	uint32_t lo, hi, c;
	uint64_t ex = 0;

	__asm__ volatile("1: rdtscp; 2:" ASM_EXTABLE(1b, 2b)
			 : "=a"(lo), "=d"(hi), "=c"(c), "+D"(ex));
	*aux = c;
	return ex;
}

static uint64_t rdpid(uint64_t *aux)
{
	uint64_t v = ~0ull, ex = 0;

	/* rdpid %rax (F3 0F C7 /7), spelt out for older assemblers. */
	__asm__ volatile("1: .byte 0xf3, 0x0f, 0xc7, 0xf8; 2:" ASM_EXTABLE(1b, 2b)
			 : "+a"(v), "+D"(ex));
	*aux = v;
	return ex;
}

static uint64_t rdmsr_safe(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;
	uint64_t ex = 0;

	__asm__ volatile("1: rdmsr; 2:" ASM_EXTABLE(1b, 2b)
			 : "+a"(lo), "+d"(hi), "+D"(ex) : "c"(msr));
	*val = ((uint64_t)hi << 32) | lo;
	return ex;
}

static uint64_t wrmsr_safe(uint32_t msr, uint64_t val)
{
	uint64_t ex = 0;

	__asm__ volatile("1: wrmsr; 2:" ASM_EXTABLE(1b, 2b)
			 : "+D"(ex)
			 : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
			 : "memory");
	return ex;
}

static uint64_t rdpmc_safe(uint32_t counter, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;
	uint64_t ex = 0;

	__asm__ volatile("1: rdpmc; 2:" ASM_EXTABLE(1b, 2b)
			 : "+a"(lo), "+d"(hi), "+D"(ex) : "c"(counter));
	*val = ((uint64_t)hi << 32) | lo;
	return ex;
}

static uint64_t xsetbv_safe(uint32_t xcr, uint64_t val)
{
	uint64_t ex = 0;

	__asm__ volatile("1: xsetbv; 2:" ASM_EXTABLE(1b, 2b)
			 : "+D"(ex)
			 : "c"(xcr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
			 : "memory");
	return ex;
}

static uint64_t xgetbv(uint32_t xcr)
{
	uint32_t lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(xcr));
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t write_cr4_safe(uint64_t val)
{
	uint64_t ex = 0;

	__asm__ volatile("1: mov %1, %%cr4; 2:" ASM_EXTABLE(1b, 2b)
			 : "+D"(ex) : "r"(val) : "memory");
	return ex;
}

static uint64_t read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static uint32_t cpuid1_ecx(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return c;
}

/* ---------------------------------------------------------------- TSC_AUX */
/* What RDTSCP and RDPID give on a vCPU, and how RDPID ended. */
struct aux_seen {
	uint64_t rdtscp_ex, rdpid_ex, rdpid;
	uint32_t rdtscp;
};

static void read_aux(struct aux_seen *s)
{
	s->rdtscp_ex = rdtscp(&s->rdtscp);
	s->rdpid_ex = rdpid(&s->rdpid);
}

/* Report what a vCPU saw against the TSC_AUX it should have. */
static void check_aux(const char *when, const struct aux_seen *s, uint64_t want)
{
	char name[64];

	gsnprintf(name, sizeof(name), "rdtscp %s", when);
	if (s->rdtscp_ex)
		expect_exc(name, s->rdtscp_ex, -1);
	else
		result(name, s->rdtscp == want, "ecx 0x%x, want 0x%lx", s->rdtscp,
		       (unsigned long)want);
	gsnprintf(name, sizeof(name), "rdpid %s", when);
	if (exinfo_vector(s->rdpid_ex) == X86_EXC_UD)
		skip(name, "#UD: the CPU has no RDPID");
	else if (s->rdpid_ex)
		expect_exc(name, s->rdpid_ex, -1);
	else
		result(name, s->rdpid == want, "0x%lx, want 0x%lx",
		       (unsigned long)s->rdpid, (unsigned long)want);
}

static void check_rdmsr_aux(const char *name, uint64_t want)
{
	uint64_t v, ex = rdmsr_safe(MSR_TSC_AUX, &v);

	if (ex)
		expect_exc(name, ex, -1);
	else
		result(name, v == want, "0x%lx, want 0x%lx", (unsigned long)v,
		       (unsigned long)want);
}

static struct aux_seen ap_seen;
static unsigned int ap_done;

void guest_ap_main(unsigned int vcpu)
{
	(void)vcpu;
	read_aux(&ap_seen);
	__atomic_store_n(&ap_done, 1, __ATOMIC_RELEASE);
}

/* vCPU 1's own TSC_AUX while vCPU 0 has written its own. */
static void check_ap_aux(void)
{
	struct vcpu_hvm_context ctx;
	long ret;

	vcpu_ctx_ap64(&ctx, 1);
	ret = vcpu_initialise(1, &ctx);
	if (!ret)
		ret = vcpu_bring_up(1);
	if (ret) {
		result("vcpu 1 up", false, "%ld (%s)", ret, errno_name(ret));
		return;
	}
	for (uint64_t spins = 0; !__atomic_load_n(&ap_done, __ATOMIC_ACQUIRE);
	     spins++) {
		if (spins == 1u << 22) {
			result("vcpu 1 up", false, "it never reported");
			return;
		}
		sched_yield();
	}
	check_aux("on vcpu 1 (its id)", &ap_seen, 1);
}

static void check_tsc_aux(uint64_t vcpus)
{
	struct aux_seen s;
	uint64_t ex;

	read_aux(&s);
	check_aux("default (vcpu id 0)", &s, 0);
	check_rdmsr_aux("rdmsr tsc_aux default", 0);

	ex = wrmsr_safe(MSR_TSC_AUX, TSC_AUX_VALUE);
	expect_exc("wrmsr tsc_aux 0x5a5a", ex, -1);
	read_aux(&s);
	check_aux("after wrmsr 0x5a5a", &s, TSC_AUX_VALUE);
	check_rdmsr_aux("rdmsr tsc_aux after wrmsr", TSC_AUX_VALUE);

	if (vcpus < 2)
		return;
	check_ap_aux();
	/* vCPU 0 ran again, maybe elsewhere: still its own value. */
	read_aux(&s);
	check_aux("on vcpu 0 after vcpu 1 ran", &s, TSC_AUX_VALUE);
}

/* ---------------------------------------------------------------- the rest */
static void check_rdpmc(void)
{
	uint64_t v, ex = rdpmc_safe(0, &v);

	if (!ex)
		result("rdpmc ecx=0 raises #GP", false, "no exception, read 0x%lx",
		       (unsigned long)v);
	else
		expect_exc("rdpmc ecx=0 raises #GP", ex, X86_EXC_GP);
}

static void check_xsetbv(void)
{
	uint64_t cr4 = read_cr4(), ex;

	if (!(cpuid1_ecx() & CPUID1_XSAVE)) {
		skip("xsetbv", "CPUID.1:ECX.XSAVE is clear");
		return;
	}
	if (!(cr4 & CR4_OSXSAVE))
		expect_exc("xsetbv without cr4.osxsave raises #UD",
			   xsetbv_safe(0, 3), X86_EXC_UD);
	ex = write_cr4_safe(cr4 | CR4_OSXSAVE);
	expect_exc("set cr4.osxsave", ex, -1);
	if (ex)
		return;
	expect_exc("xsetbv xcr0=0 (no x87) raises #GP", xsetbv_safe(0, 0),
		   X86_EXC_GP);
	expect_exc("xsetbv xcr0=5 (avx without sse) raises #GP",
		   xsetbv_safe(0, 5), X86_EXC_GP);
	ex = xsetbv_safe(0, 3);
	expect_exc("xsetbv xcr0=3", ex, -1);
	if (!ex)
		result("xgetbv reads 3", xgetbv(0) == 3, "0x%lx",
		       (unsigned long)xgetbv(0));
}

static void check_invd(void)
{
	static volatile uint64_t word;

	word = 0x1badc0de;
	__asm__ volatile("invd" ::: "memory");
	result("invd: completes, memory kept", word == 0x1badc0de, "read 0x%lx",
	       (unsigned long)word);
}

void guest_main(const struct hvm_start_info *si)
{
	uint64_t vcpus = cmdline_u64(si, "vcpus", 1);

	if (vcpus < 1 || vcpus > 2)
		guest_fail("vcpus=%lu: 1 or 2", (unsigned long)vcpus);
	check_tsc_aux(vcpus);
	check_rdpmc();
	check_xsetbv();
	check_invd();
	if (bad)
		guest_fail("%u of %u checks failed, first: %s", bad, checks,
			   first_bad);
	gprintf("insn: %u checks\n", checks);
	guest_pass();
}
