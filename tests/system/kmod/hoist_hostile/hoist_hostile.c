// SPDX-License-Identifier: GPL-2.0
/*
 * hoist_hostile: a hostile dom0 kernel.  Each insmod runs one attack on
 * Hoist's isolation, selected with op=, and leaves its results in
 * /sys/module/hoist_hostile/parameters/ for the test to read; rmmod
 * before the next one.
 *
 *   op=devirt    on CPU cpu, interrupts off, VMMCALL HOIST_HC_DEVIRT:
 *                result, and svme (EFER.SVME afterwards: 1 = still
 *                hoisted).  If the CPU went native, it scans RAM from
 *                there at once (as op=scan), to show what that gives.
 *   op=scan      for `seconds` (at least one pass; sooner once 1 is written
 *                to parameters/stop), on CPU cpu (-1: where insmod runs),
 *                reads every RAM page through the direct map and counts
 *                the 8-byte-aligned words equal to a guest's secret: hits,
 *                passes, pages, blocked (last pass), first_hit_pfn.
 *                ran_on is set once the scan has started.
 *   op=msr       tries to change SYSCFG, HWCR, the IORRs, TOP_MEM, TOM2
 *                and MMIO_CFG_BASE, then writes back the value read:
 *                msr_tried, msr_refused (#GP), msr_changed, msr_same_ok.
 *   op=invd      INVD once, interrupts off.
 *   op=port      writes `value` (-1: the value read first) of `width` 1 or
 *                2 bytes to `port`, or to the FADT's PM1a control register
 *                with pm1a=1: port_used, before, readback.
 *   op=initsipi  INIT, then (unless sipi=0) STARTUP (vector `vector`) to
 *                the hoisted CPU cpu; then whether it still runs Linux (an
 *                IPI'd function runs within 2 s): alive, and svme there.
 *                Use with defer=1 (below).
 *   op=xsave     for `seconds`: narrows XCR0 to x87|SSE, runs vCPU 0 of
 *                domain domid itself (HOIST_HC_VCPU_RUN, retried while its
 *                own thread runs it), widens XCR0 again and reads the upper
 *                halves of ymm0-15: runs, busy, hits, nonzero.
 *   op=pool      attacks the growth of the hypervisor's memory: gives it
 *                bad chunks (grow_misaligned, grow_not_ram, grow_taken: the
 *                first 2 MiB of RAM with a page it cannot read, the
 *                hypervisor's or a guest's; shrink_unknown), then a 2 MiB
 *                block of its own with
 *                a marker in it (grow_ok), reads and writes it through
 *                the direct map at once and after every CPU's flush
 *                (read_at_once, write_at_once, read_after_sync: 1 if
 *                the access went through), gives it again (grow_again),
 *                takes it back (shrink_ok, after retrying while busy)
 *                and looks at it (zeroed: 1 if every byte is 0), and
 *                asks for it once more (shrink_again).  How long it took:
 *                grow_ns, sync_ns (every CPU's flush), shrink_ns.
 *   op=populate  attacks the donation of guest memory: creates a domain
 *                of its own (HOIST_HC_DOMAIN_CREATE, 8 MiB) and populates
 *                it with entries the hypervisor must refuse, each alone:
 *                pop_flags (an unknown flag bit), pop_misaligned_pfn (a
 *                2 MiB frame at a pfn not 2 MiB-aligned), pop_misaligned_gfn
 *                (at a gfn not 2 MiB-aligned), pop_hole (a page in the
 *                hole below 4 GiB that is no special page), pop_beyond (a
 *                2 MiB frame past the domain's RAM), pop_taken (the 2 MiB
 *                frame around a page dom0 cannot read: the hypervisor's or
 *                a guest's); then a 2 MiB block of its own with a marker in
 *                it (pop_ok: entries done, 1), the same block again at the
 *                next 2 MiB (pop_again), reads it through the direct map
 *                after every CPU's flush (pop_read: 1 if the read went
 *                through), destroys the domain (pop_destroy) and looks at
 *                the block (pop_zeroed: 1 if every byte is 0).
 *   op=gntcopy   a grant copy whose dom0 side is a frame dom0 does not
 *                own (target_pfn: the hypervisor's or a guest's), between
 *                it and grant gref of domain domid, both ways: gnt_into
 *                (the grant into the frame) and gnt_from (the frame into
 *                the grant), GNTST_* statuses; gnt_own the same copy into
 *                a page of its own, and gnt_own_byte its first byte.
 *   op=regs      on CPU cpu, 1000 times: every general register but RSP
 *                and RBP set to its own pattern, VMMCALL HOIST_HC_NULL;
 *                regs_changed = a bit per register that came back
 *                different (bit 0 RBX, 1 RCX, 2 RDX, 3 RSI, 4 RDI, 5-12
 *                R8-R15), result = the hypercall's RAX:
 *                hypervisor state leaking into dom0, or the preservation
 *                hypercall.h promises (and the module relies on) broken.
 *
 * The secret is never given in clear, or this module would find it in its
 * own parameters, stack or registers spilled to memory: pattern= (and
 * pattern2=) are the secret XOR PATTERN_KEY, and every word read is XORed
 * with the key and hidden from the compiler before it is compared, so the
 * secret itself is never computed here.  PATTERN_KEY has 0xa in every
 * nibble, so a shell can encode a hex secret with
 * tr 0123456789abcdef ab89efcd23016745.
 */
#define pr_fmt(fmt) "hoist_hostile: " fmt

#include <linux/acpi.h>
#include <linux/bitmap.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/apic.h>
#include <asm/cpufeature.h>
#include <asm/fpu/api.h>
#include <asm/fpu/xcr.h>
#include <asm/msr.h>
#include <asm/smp.h>
#include <hoist/hypercall.h>
#include <hoist/layout.h>
#include <hoist/xen.h>

#define PATTERN_KEY	0xaaaaaaaaaaaaaaaaull
#define XCR0_X87_SSE	0x3ull
#define EFER_SVME_BIT	BIT_ULL(12)

/* Input */
static char *op;
static int cpu = -1;
static uint seconds;
static ulong pattern;
static ulong pattern2;
static uint domid;
static uint port;
static int value = -1;
static uint width = 1;
static bool pm1a;
static uint vector = 0x9f;
static bool sipi = true;
static bool stop;

module_param(op, charp, 0444);
module_param(cpu, int, 0444);
module_param(seconds, uint, 0444);
module_param(pattern, ulong, 0444);
module_param(pattern2, ulong, 0444);
module_param(domid, uint, 0444);
module_param(port, uint, 0444);
module_param(value, int, 0444);
module_param(width, uint, 0444);
module_param(pm1a, bool, 0444);
module_param(vector, uint, 0444);
module_param(sipi, bool, 0444);
module_param(stop, bool, 0644);
static uint gref;
static ulong target_pfn;
module_param(gref, uint, 0444);
module_param(target_pfn, ulong, 0444);

/* Output */
static long result;
static int ran_on = -1;
static int svme = -1;
static ulong hits;
static ulong passes;
static ulong pages;
static ulong blocked;
static long first_hit_pfn = -1;
static uint msr_tried;
static uint msr_refused;
static uint msr_changed;
static uint msr_same_ok;
static uint port_used;
static uint before;
static uint readback;
static int alive = -1;
static ulong runs;
static ulong busy;
static ulong nonzero;
static uint regs_changed;

module_param(result, long, 0444);
module_param(ran_on, int, 0444);
module_param(svme, int, 0444);
module_param(hits, ulong, 0444);
module_param(passes, ulong, 0444);
module_param(pages, ulong, 0444);
module_param(blocked, ulong, 0444);
module_param(first_hit_pfn, long, 0444);
module_param(msr_tried, uint, 0444);
module_param(msr_refused, uint, 0444);
module_param(msr_changed, uint, 0444);
module_param(msr_same_ok, uint, 0444);
module_param(port_used, uint, 0444);
module_param(before, uint, 0444);
module_param(readback, uint, 0444);
module_param(alive, int, 0444);
module_param(runs, ulong, 0444);
module_param(busy, ulong, 0444);
module_param(nonzero, ulong, 0444);
module_param(regs_changed, uint, 0444);
static int gnt_into = 99, gnt_from = 99, gnt_own = 99, gnt_own_byte = -1;
module_param(gnt_into, int, 0444);
module_param(gnt_from, int, 0444);
module_param(gnt_own, int, 0444);
module_param(gnt_own_byte, int, 0444);
static long grow_misaligned, grow_not_ram, grow_taken = 1, shrink_unknown;
static long grow_ok;
static long grow_again, shrink_ok, shrink_again;
static int read_at_once = -1, write_at_once = -1, read_after_sync = -1;
static int zeroed = -1;
static ulong grow_ns, sync_ns, shrink_ns;
static long pop_flags, pop_misaligned_pfn, pop_misaligned_gfn, pop_hole;
static long pop_beyond, pop_taken = 1, pop_ok, pop_again, pop_destroy;
static int pop_read = -1, pop_zeroed = -1;

module_param(grow_misaligned, long, 0444);
module_param(grow_not_ram, long, 0444);
module_param(grow_taken, long, 0444);
module_param(shrink_unknown, long, 0444);
module_param(grow_ok, long, 0444);
module_param(grow_again, long, 0444);
module_param(shrink_ok, long, 0444);
module_param(shrink_again, long, 0444);
module_param(read_at_once, int, 0444);
module_param(write_at_once, int, 0444);
module_param(read_after_sync, int, 0444);
module_param(zeroed, int, 0444);
module_param(grow_ns, ulong, 0444);
module_param(sync_ns, ulong, 0444);
module_param(shrink_ns, ulong, 0444);
module_param(pop_flags, long, 0444);
module_param(pop_misaligned_pfn, long, 0444);
module_param(pop_misaligned_gfn, long, 0444);
module_param(pop_hole, long, 0444);
module_param(pop_beyond, long, 0444);
module_param(pop_taken, long, 0444);
module_param(pop_ok, long, 0444);
module_param(pop_again, long, 0444);
module_param(pop_destroy, long, 0444);
module_param(pop_read, int, 0444);
module_param(pop_zeroed, int, 0444);

static long hypercall(unsigned long nr, unsigned long a1, unsigned long a2,
		      unsigned long a3)
{
	long ret;

	asm volatile(".byte 0x0f, 0x01, 0xd9"	/* VMMCALL */
		     : "=a"(ret)
		     : "a"(nr), "D"(a1), "S"(a2), "d"(a3)
		     : "memory");
	return ret;
}

/* Does a word read from memory or a register hold a secret? */
static bool is_secret(u64 word)
{
	u64 x = word ^ PATTERN_KEY;

	OPTIMIZER_HIDE_VAR(x);
	return x == pattern || (pattern2 && x == pattern2);
}

static cpumask_var_t saved_mask;
static bool pinned;

/* Move this task to CPU c (c < 0: stay) until unpin(). */
static int pin_to(int c)
{
	if (c < 0)
		return 0;
	if (c >= nr_cpu_ids || !cpu_online(c))
		return -EINVAL;
	if (!pinned) {
		cpumask_copy(saved_mask, current->cpus_ptr);
		pinned = true;
	}
	return set_cpus_allowed_ptr(current, cpumask_of(c));
}

static void unpin(void)
{
	if (pinned)
		set_cpus_allowed_ptr(current, saved_mask);
	pinned = false;
}

/* ------------------------------------------------------------- scan */

static unsigned long *ram;	/* a bit per RAM page, computed once */
static unsigned long end_pfn;

static int ram_map(void)
{
	unsigned long pfn;

	end_pfn = PHYS_PFN(__pa(high_memory));
	ram = vzalloc(BITS_TO_LONGS(end_pfn) * sizeof(long));
	if (!ram)
		return -ENOMEM;
	for (pfn = 0; pfn < end_pfn; pfn++) {
		if (page_is_ram(pfn))
			__set_bit(pfn, ram);
		if (!(pfn % 4096))
			cond_resched();
	}
	return 0;
}

/* The secrets in one page, or -1 if the page cannot be read. */
static long scan_page(unsigned long pfn)
{
	const u64 *p = __va(PFN_PHYS(pfn));
	unsigned long flags;
	long found = 0;
	unsigned int i;
	u64 word;

	local_irq_save(flags);
	pagefault_disable();
	for (i = 0; i < PAGE_SIZE / sizeof(u64); i++) {
		__get_kernel_nofault(&word, &p[i], u64, fault);
		if (is_secret(word))
			found++;
	}
	pagefault_enable();
	local_irq_restore(flags);
	return found;
fault:
	pagefault_enable();
	local_irq_restore(flags);
	return -1;
}

static void scan_pass(void)
{
	unsigned long pfn, n = 0, nblocked = 0;

	for_each_set_bit(pfn, ram, end_pfn) {
		long found = scan_page(pfn);

		n++;
		if (found < 0) {
			nblocked++;
		} else if (found) {
			if (first_hit_pfn < 0) {
				first_hit_pfn = pfn;
				pr_info("secret found at pfn %lx (%ld times)\n",
					pfn, found);
			}
			hits += found;
		}
		if (!(n % 64))
			cond_resched();
	}
	pages = n;
	blocked = nblocked;
	passes++;
}

static int op_scan(void)
{
	unsigned long end = jiffies + seconds * HZ;
	int r = ram_map();

	if (r)
		return r;
	ran_on = raw_smp_processor_id();
	do {
		scan_pass();
	} while (time_before(jiffies, end) && !READ_ONCE(stop) &&
		 !fatal_signal_pending(current));
	vfree(ram);
	ram = NULL;
	pr_info("scan on cpu %d: %lu passes of %lu pages, %lu unreadable, %lu hits\n",
		ran_on, passes, pages, blocked, hits);
	return 0;
}

/* ------------------------------------------------------------- devirt */

static void devirt_here(void)
{
	unsigned long flags;
	u64 efer;

	local_irq_save(flags);
	result = hypercall(HOIST_HC_DEVIRT, 0, 0, 0);
	rdmsrl(MSR_EFER, efer);
	local_irq_restore(flags);
	svme = !!(efer & EFER_SVME_BIT);
	ran_on = raw_smp_processor_id();
	pr_info("devirt on cpu %d: %ld, EFER.SVME %d\n", ran_on, result, svme);
}

static int op_devirt(void)
{
	int r = pin_to(cpu);

	if (r)
		return r;
	devirt_here();
	if (!svme) {
		/* This CPU is native now: nested paging no longer applies. */
		pr_warn("cpu %d left the hypervisor; scanning RAM from it\n",
			ran_on);
		r = op_scan();
		ran_on = raw_smp_processor_id();
	}
	return r;
}

/* ------------------------------------------------------------- msr */

static const struct {
	u32 msr;
	u64 flip;	/* bits a hostile dom0 wants to change */
	const char *name;
} msrs[] = {
	{ 0xc0010010, BIT_ULL(19), "SYSCFG" },		/* MtrrFixDramModEn */
	{ 0xc0010015, BIT_ULL(4), "HWCR" },		/* INVDWBINVD */
	{ 0xc0010016, BIT_ULL(3) | BIT_ULL(4), "IORR_BASE0" },	/* WrMem, RdMem */
	{ 0xc0010017, BIT_ULL(11), "IORR_MASK0" },	/* Valid */
	{ 0xc0010018, BIT_ULL(3) | BIT_ULL(4), "IORR_BASE1" },
	{ 0xc0010019, BIT_ULL(11), "IORR_MASK1" },
	{ 0xc001001a, BIT_ULL(23), "TOP_MEM" },
	{ 0xc001001d, BIT_ULL(23), "TOM2" },
	{ 0xc0010058, BIT_ULL(0), "MMIO_CFG_BASE" },	/* Enable */
};

static int op_msr(void)
{
	unsigned int i;
	int r = pin_to(cpu);

	if (r)
		return r;
	preempt_disable();
	ran_on = smp_processor_id();
	for (i = 0; i < ARRAY_SIZE(msrs); i++) {
		u64 val, now;
		int refused, same;

		if (rdmsrl_safe(msrs[i].msr, &val)) {
			pr_info("%s: not readable\n", msrs[i].name);
			continue;
		}
		msr_tried++;
		refused = wrmsrl_safe(msrs[i].msr, val ^ msrs[i].flip);
		if (refused)
			msr_refused++;
		if (rdmsrl_safe(msrs[i].msr, &now) || now != val) {
			msr_changed++;
			wrmsrl_safe(msrs[i].msr, val);
		}
		same = wrmsrl_safe(msrs[i].msr, val);
		if (!same)
			msr_same_ok++;
		pr_info("%s (%x) = %llx: change %s, now %llx, same value %s\n",
			msrs[i].name, msrs[i].msr, val,
			refused ? "refused" : "accepted", now,
			same ? "refused" : "accepted");
	}
	preempt_enable();
	return 0;
}

/* ------------------------------------------------------------- invd */

static int op_invd(void)
{
	unsigned long flags;
	int r = pin_to(cpu);

	if (r)
		return r;
	local_irq_save(flags);
	ran_on = smp_processor_id();
	asm volatile("invd" ::: "memory");
	local_irq_restore(flags);
	return 0;
}

/* ------------------------------------------------------------- port */

static unsigned int port_in(unsigned int p)
{
	return width == 2 ? inw(p) : inb(p);
}

static int op_port(void)
{
	unsigned long flags;
	unsigned int v;

	if (width != 1 && width != 2)
		return -EINVAL;
	port_used = port;
	if (pm1a) {
		const struct acpi_generic_address *g =
			&acpi_gbl_FADT.xpm1a_control_block;

		if (g->address && g->space_id != ACPI_ADR_SPACE_SYSTEM_IO)
			return -EOPNOTSUPP;
		port_used = g->address ? g->address :
			    acpi_gbl_FADT.pm1a_control_block;
	}
	if (!port_used || port_used > 0xffff)
		return -ENODEV;
	before = port_in(port_used);
	v = value < 0 ? before : value;
	pr_info("port %x: %x, writing %x (%u bytes)\n", port_used, before, v,
		width);
	local_irq_save(flags);
	if (width == 2)
		outw(v, port_used);
	else
		outb(v, port_used);
	local_irq_restore(flags);
	readback = port_in(port_used);
	return 0;
}

/* ------------------------------------------------------------- initsipi */

static int alive_flag;

static void set_alive(void *unused)
{
	u64 efer;

	rdmsrl(MSR_EFER, efer);
	svme = !!(efer & EFER_SVME_BIT);
	WRITE_ONCE(alive_flag, 1);
}

static int op_initsipi(void)
{
	unsigned long flags;
	unsigned int other, i;
	u32 apicid;
	int r;

	if (cpu < 0 || cpu >= nr_cpu_ids || !cpu_online(cpu))
		return -EINVAL;
	other = cpumask_any_but(cpu_online_mask, cpu);
	if (other >= nr_cpu_ids)
		return -EINVAL;
	r = pin_to(other);	/* never INIT ourselves */
	if (r)
		return r;
	apicid = per_cpu(x86_cpu_to_apicid, cpu);
	ran_on = raw_smp_processor_id();
	pr_info("INIT, STARTUP %x to cpu %d (APIC %x) from cpu %d\n", vector,
		cpu, apicid, ran_on);
	local_irq_save(flags);
	apic_icr_write(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT,
		       apicid);
	safe_apic_wait_icr_idle();
	apic_icr_write(APIC_INT_LEVELTRIG | APIC_DM_INIT, apicid);
	safe_apic_wait_icr_idle();
	local_irq_restore(flags);
	mdelay(10);
	if (sipi) {
		local_irq_save(flags);
		apic_icr_write(APIC_DM_STARTUP | (vector & 0xff), apicid);
		safe_apic_wait_icr_idle();
		local_irq_restore(flags);
	}
	msleep(20);

	WRITE_ONCE(alive_flag, 0);
	smp_call_function_single(cpu, set_alive, NULL, 0);
	for (i = 0; i < 100 && !READ_ONCE(alive_flag); i++)
		msleep(20);
	alive = READ_ONCE(alive_flag);
	pr_info("cpu %d %s\n", cpu, alive ? "still runs Linux" : "is gone");
	return 0;
}

/* ------------------------------------------------------------- xsave */

static void tlb_sync(void *unused)
{
	hypercall(HOIST_HC_TLB_SYNC, 0, 0, 0);
}

/* The upper 128 bits of ymm0-15. */
static void read_ymm_upper(u64 *out)
{
	asm volatile("vextractf128 $1, %%ymm0, 0x00(%0)\n\t"
		     "vextractf128 $1, %%ymm1, 0x10(%0)\n\t"
		     "vextractf128 $1, %%ymm2, 0x20(%0)\n\t"
		     "vextractf128 $1, %%ymm3, 0x30(%0)\n\t"
		     "vextractf128 $1, %%ymm4, 0x40(%0)\n\t"
		     "vextractf128 $1, %%ymm5, 0x50(%0)\n\t"
		     "vextractf128 $1, %%ymm6, 0x60(%0)\n\t"
		     "vextractf128 $1, %%ymm7, 0x70(%0)\n\t"
		     "vextractf128 $1, %%ymm8, 0x80(%0)\n\t"
		     "vextractf128 $1, %%ymm9, 0x90(%0)\n\t"
		     "vextractf128 $1, %%ymm10, 0xa0(%0)\n\t"
		     "vextractf128 $1, %%ymm11, 0xb0(%0)\n\t"
		     "vextractf128 $1, %%ymm12, 0xc0(%0)\n\t"
		     "vextractf128 $1, %%ymm13, 0xd0(%0)\n\t"
		     "vextractf128 $1, %%ymm14, 0xe0(%0)\n\t"
		     "vextractf128 $1, %%ymm15, 0xf0(%0)"
		     : : "r"(out) : "memory");
}

/* One run of the guest's vCPU 0 with XCR0 narrowed; 0 if it ran. */
static long xsave_run_once(u64 *upper, u32 *reason)
{
	struct hoist_run run = { 0 };
	unsigned long flags;
	u64 full;
	long r;

	preempt_disable();
	kernel_fpu_begin();
	local_irq_save(flags);
	full = xgetbv(XCR_XFEATURE_ENABLED_MASK);
	xsetbv(XCR_XFEATURE_ENABLED_MASK, full & XCR0_X87_SSE);
	r = hypercall(HOIST_HC_VCPU_RUN, domid, 0, (unsigned long)&run);
	xsetbv(XCR_XFEATURE_ENABLED_MASK, full);
	if (!r)
		read_ymm_upper(upper);
	local_irq_restore(flags);
	kernel_fpu_end();
	preempt_enable();
	*reason = run.reason;
	return r;
}

static int op_xsave(void)
{
	unsigned long end = jiffies + seconds * HZ;
	u64 upper[32] __aligned(16);
	u32 reason = 0;
	unsigned int i;
	int r = pin_to(cpu);

	if (r)
		return r;
	if (!boot_cpu_has(X86_FEATURE_AVX) || !boot_cpu_has(X86_FEATURE_OSXSAVE))
		return -EOPNOTSUPP;
	ran_on = raw_smp_processor_id();
	do {
		long rr = xsave_run_once(upper, &reason);

		if (!rr) {
			runs++;
			for (i = 0; i < ARRAY_SIZE(upper); i++) {
				if (upper[i])
					nonzero++;
				if (is_secret(upper[i]))
					hits++;
			}
			memzero_explicit(upper, sizeof(upper));
		} else if (rr == -EBUSY) {
			busy++;	/* its own thread is running it */
		} else if (rr == -EAGAIN) {
			on_each_cpu(tlb_sync, NULL, 1);
		} else {
			result = rr;
			break;
		}
		cond_resched();
	} while (time_before(jiffies, end) && !fatal_signal_pending(current));
	pr_info("xsave on cpu %d: %lu runs (last reason %u), %lu busy, %lu hits, %lu nonzero upper words, result %ld\n",
		ran_on, runs, reason, busy, hits, nonzero, result);
	return 0;
}

/* ------------------------------------------------------------- pool */

#define CHUNK_ORDER	9	/* 2 MiB */
#define POOL_MARKER	0x5eed5eed5eed5eedull

static int readable(const u64 *p)
{
	u64 word;

	return !copy_from_kernel_nofault(&word, p, sizeof(word));
}

static int writable(u64 *p)
{
	u64 word = POOL_MARKER;

	pagefault_disable();
	__put_kernel_nofault(p, &word, u64, fault);
	pagefault_enable();
	return 1;
fault:
	pagefault_enable();
	return 0;
}

static void tlb_sync_here(void *unused)
{
	hypercall(HOIST_HC_TLB_SYNC, 0, 0, 0);
}

/* Accesses the hypervisor has blocked so far (its count, not Linux's). */
static u64 hv_blocked(void)
{
	struct hoist_info info;

	if (hypercall(HOIST_HC_INFO, (unsigned long)&info, 0, 0))
		return 0;
	return info.hv_access_blocked;
}

/*
 * The first 2 MiB of RAM holding a page dom0 cannot read because the
 * hypervisor blocks it (its own or a guest's: not a firmware hole), or 0.
 */
static phys_addr_t taken_chunk(void)
{
	unsigned long pfn, end = PHYS_PFN(__pa(high_memory));

	for (pfn = 0; pfn < end; pfn++) {
		const void *va = __va(PFN_PHYS(pfn));
		u64 before;

		if (!(pfn % 4096))
			cond_resched();
		if (!page_is_ram(pfn) || readable(va))
			continue;
		before = hv_blocked();
		if (!readable(va) && hv_blocked() != before)
			return PFN_PHYS(pfn & ~((1ul << CHUNK_ORDER) - 1));
	}
	return 0;
}

static long shrink(phys_addr_t pa)
{
	long r;

	while ((r = hypercall(HOIST_HC_POOL_SHRINK, pa, 0, 0)) == -EAGAIN)
		cond_resched();
	return r;
}

static int op_pool(void)
{
	struct page *pg = alloc_pages(GFP_KERNEL, CHUNK_ORDER);
	phys_addr_t pa, taken;
	u64 *va, t;
	int tries, i;

	if (!pg)
		return -ENOMEM;
	taken = taken_chunk();
	if (taken)
		grow_taken = hypercall(HOIST_HC_POOL_GROW, taken, 0, 0);
	pa = page_to_phys(pg);
	va = page_address(pg);
	for (i = 0; i < (PAGE_SIZE << CHUNK_ORDER) / 8; i++)
		va[i] = POOL_MARKER;
	preempt_disable();	/* the accesses from the CPU that gave it */
	grow_misaligned = hypercall(HOIST_HC_POOL_GROW, pa + PAGE_SIZE, 0, 0);
	grow_not_ram = hypercall(HOIST_HC_POOL_GROW, 1ull << 45, 0, 0);
	shrink_unknown = hypercall(HOIST_HC_POOL_SHRINK, pa, 0, 0);
	t = ktime_get_ns();
	grow_ok = hypercall(HOIST_HC_POOL_GROW, pa, 0, 0);
	grow_ns = ktime_get_ns() - t;
	read_at_once = readable(va + 4096);
	write_at_once = writable(va + 8191);
	grow_again = hypercall(HOIST_HC_POOL_GROW, pa, 0, 0);
	preempt_enable();
	if (grow_ok) {
		__free_pages(pg, CHUNK_ORDER);
		return 0;
	}
	/* Every CPU flushes: the hypervisor may use the chunk from now on. */
	t = ktime_get_ns();
	on_each_cpu(tlb_sync_here, NULL, 1);
	sync_ns = ktime_get_ns() - t;
	read_after_sync = readable(va);
	for (tries = 0; tries < 100; tries++) {
		t = ktime_get_ns();
		shrink_ok = shrink(pa);
		shrink_ns = ktime_get_ns() - t;
		if (shrink_ok != -EBUSY)
			break;
		msleep(20);	/* a page of it in use for a moment */
	}
	shrink_again = shrink(pa);
	if (shrink_ok) {
		pr_err("chunk at %pa not given back (%ld): leaking it\n", &pa,
		       shrink_ok);
		return 0;
	}
	zeroed = 1;
	for (i = 0; i < (PAGE_SIZE << CHUNK_ORDER) / 8; i++)
		if (va[i])
			zeroed = 0;
	__free_pages(pg, CHUNK_ORDER);
	pr_info("pool: grow %ld/%ld/%ld/%ld/%ld, shrink %ld/%ld/%ld, access %d/%d/%d, zeroed %d\n",
		grow_misaligned, grow_not_ram, grow_taken, grow_ok, grow_again,
		shrink_unknown, shrink_ok, shrink_again, read_at_once,
		write_at_once, read_after_sync, zeroed);
	return 0;
}

/* --------------------------------------------------------- populate */

#define POP_DOMAIN_PAGES	2048	/* 8 MiB */

static long hypercall4(unsigned long nr, unsigned long a1, unsigned long a2,
		       unsigned long a3, unsigned long a4)
{
	register unsigned long r10 asm("r10") = a4;
	long ret;

	asm volatile(".byte 0x0f, 0x01, 0xd9"	/* VMMCALL */
		     : "=a"(ret)
		     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
		     : "memory");
	return ret;
}

/* One populate entry at gfn: what the hypervisor answers. */
static long pop_one(u32 domid, u64 gfn, u64 entry)
{
	u64 *e = kmalloc(sizeof(*e), GFP_KERNEL);
	long r;

	if (!e)
		return -ENOMEM;
	*e = entry;
	r = hypercall4(HOIST_HC_DOMAIN_POPULATE, domid, gfn,
		       (unsigned long)e, 1);
	kfree(e);
	return r;
}

static int op_populate(void)
{
	struct hoist_hc_domain_create dc = {
		.max_pages = POP_DOMAIN_PAGES, .nr_vcpus = 1,
		.max_grant_frames = 1,
	};
	struct page *pg = alloc_pages(GFP_KERNEL, CHUNK_ORDER);
	u64 pfn, *va, taken;
	long r;
	int i;

	if (!pg)
		return -ENOMEM;
	pfn = page_to_pfn(pg);
	va = page_address(pg);
	for (i = 0; i < (PAGE_SIZE << CHUNK_ORDER) / 8; i++)
		va[i] = POOL_MARKER;
	r = hypercall(HOIST_HC_DOMAIN_CREATE, (unsigned long)&dc, 0, 0);
	if (r) {
		pr_err("populate: cannot create a domain (%ld)\n", r);
		__free_pages(pg, CHUNK_ORDER);
		return r;
	}
	pop_flags = pop_one(dc.domid, 0, pfn | (1ull << 50));
	pop_misaligned_pfn = pop_one(dc.domid, 0,
				     (pfn + 1) | HOIST_POP_2M);
	pop_misaligned_gfn = pop_one(dc.domid, 1, pfn | HOIST_POP_2M);
	pop_hole = pop_one(dc.domid, HOIST_GUEST_LOW_PAGES, pfn);
	pop_beyond = pop_one(dc.domid, POP_DOMAIN_PAGES, pfn | HOIST_POP_2M);
	taken = PHYS_PFN(taken_chunk());
	if (taken)
		pop_taken = pop_one(dc.domid, 0, taken | HOIST_POP_2M);
	pop_ok = pop_one(dc.domid, 0, pfn | HOIST_POP_2M);
	pop_again = pop_one(dc.domid, HOIST_POP_2M_PAGES, pfn | HOIST_POP_2M);
	on_each_cpu(tlb_sync_here, NULL, 1);
	pop_read = readable(va + 1000);
	while ((pop_destroy = hypercall(HOIST_HC_DOMAIN_CTL, dc.domid,
					HOIST_DOMCTL_DESTROY, 0)) == -EAGAIN)
		cond_resched();
	on_each_cpu(tlb_sync_here, NULL, 1);
	while (hypercall(HOIST_HC_TLB_SYNC, 0, 0, 0) > 0)
		cond_resched();	/* the merged tables back to the pool */
	if (pop_destroy) {
		pr_err("populate: domain %u not destroyed (%ld): leaking its block\n",
		       dc.domid, pop_destroy);
		return 0;
	}
	pop_zeroed = 1;
	for (i = 0; i < (PAGE_SIZE << CHUNK_ORDER) / 8; i++)
		if (va[i])
			pop_zeroed = 0;
	__free_pages(pg, CHUNK_ORDER);
	pr_info("populate: %ld/%ld/%ld/%ld/%ld/%ld ok %ld again %ld read %d destroy %ld zeroed %d\n",
		pop_flags, pop_misaligned_pfn, pop_misaligned_gfn, pop_hole,
		pop_beyond, pop_taken, pop_ok, pop_again, pop_read,
		pop_destroy, pop_zeroed);
	return 0;
}

/* ------------------------------------------------------------- regs */

#define REG_PATTERN(n)	(0x5eed000000000000ull | ((u64)(n) << 40) | 0x1234)

/* One HOIST_HC_NULL with known registers: a bit per register changed. */
static noinline uint regs_probe(long *ret)
{
	register u64 r8 asm("r8") = REG_PATTERN(8);
	register u64 r9 asm("r9") = REG_PATTERN(9);
	register u64 r10 asm("r10") = REG_PATTERN(10);
	register u64 r11 asm("r11") = REG_PATTERN(11);
	register u64 r12 asm("r12") = REG_PATTERN(12);
	register u64 r13 asm("r13") = REG_PATTERN(13);
	register u64 r14 asm("r14") = REG_PATTERN(14);
	register u64 r15 asm("r15") = REG_PATTERN(15);
	u64 rax = HOIST_HC_NULL, rbx = REG_PATTERN(3), rcx = REG_PATTERN(1);
	u64 rdx = REG_PATTERN(2), rsi = REG_PATTERN(6), rdi = REG_PATTERN(7);
	u64 got[13], i;
	uint changed = 0;

	asm volatile("vmmcall"
		     : "+a"(rax), "+b"(rbx), "+c"(rcx), "+d"(rdx), "+S"(rsi),
		       "+D"(rdi), "+r"(r8), "+r"(r9), "+r"(r10), "+r"(r11),
		       "+r"(r12), "+r"(r13), "+r"(r14), "+r"(r15)
		     : : "memory", "cc");
	*ret = (long)rax;
	got[0] = rbx ^ REG_PATTERN(3);
	got[1] = rcx ^ REG_PATTERN(1);
	got[2] = rdx ^ REG_PATTERN(2);
	got[3] = rsi ^ REG_PATTERN(6);
	got[4] = rdi ^ REG_PATTERN(7);
	got[5] = r8 ^ REG_PATTERN(8);
	got[6] = r9 ^ REG_PATTERN(9);
	got[7] = r10 ^ REG_PATTERN(10);
	got[8] = r11 ^ REG_PATTERN(11);
	got[9] = r12 ^ REG_PATTERN(12);
	got[10] = r13 ^ REG_PATTERN(13);
	got[11] = r14 ^ REG_PATTERN(14);
	got[12] = r15 ^ REG_PATTERN(15);
	for (i = 0; i < ARRAY_SIZE(got); i++)
		if (got[i])
			changed |= BIT(i);
	return changed;
}

static int op_regs(void)
{
	long ret = 0;
	int i;

	ran_on = raw_smp_processor_id();
	for (i = 0; i < 1000 && !ret; i++)
		regs_changed |= regs_probe(&ret);
	result = ret;
	pr_info("regs on cpu %d: changed %#x, result %ld\n", ran_on,
		regs_changed, result);
	return 0;
}

/* ---------------------------------------------------------- gntcopy */

/* 8 bytes between grant gref of domid and dom0's frame gmfn: the status. */
static int gnt_copy_frame(u64 gmfn, bool to_guest)
{
	struct gnttab_copy c;
	struct gnttab_copy_ptr *g = to_guest ? &c.dest : &c.source;
	struct gnttab_copy_ptr *l = to_guest ? &c.source : &c.dest;
	long r;

	memset(&c, 0, sizeof(c));
	g->u.ref = gref;
	g->domid = domid;
	l->u.gmfn = gmfn;
	l->domid = DOMID_SELF;
	c.len = 8;
	c.flags = to_guest ? GNTCOPY_dest_gref : GNTCOPY_source_gref;
	c.status = 99;
	r = hypercall(HOIST_HC_GNT_COPY, (unsigned long)&c, 1, 0);
	return r == 1 ? c.status : 1000 + (int)r;
}

static int op_gntcopy(void)
{
	struct page *pg = alloc_page(GFP_KERNEL | __GFP_ZERO);

	if (!pg)
		return -ENOMEM;
	gnt_into = gnt_copy_frame(target_pfn, false);
	gnt_from = gnt_copy_frame(target_pfn, true);
	gnt_own = gnt_copy_frame(page_to_pfn(pg), false);
	gnt_own_byte = *(u8 *)page_address(pg);
	__free_page(pg);
	pr_info("gntcopy: pfn %lx: into %d, from %d; own page %d (byte %d)\n",
		target_pfn, gnt_into, gnt_from, gnt_own, gnt_own_byte);
	return 0;
}

/* ------------------------------------------------------------- init */

static int run_op(void)
{
	int r;

	if (!op)
		return -EINVAL;
	if (!strcmp(op, "devirt"))
		r = op_devirt();
	else if (!strcmp(op, "scan"))
		r = pin_to(cpu) ?: op_scan();
	else if (!strcmp(op, "msr"))
		r = op_msr();
	else if (!strcmp(op, "invd"))
		r = op_invd();
	else if (!strcmp(op, "port"))
		r = op_port();
	else if (!strcmp(op, "initsipi"))
		r = op_initsipi();
	else if (!strcmp(op, "xsave"))
		r = op_xsave();
	else if (!strcmp(op, "regs"))
		r = pin_to(cpu) ?: op_regs();
	else if (!strcmp(op, "pool"))
		r = op_pool();
	else if (!strcmp(op, "populate"))
		r = op_populate();
	else if (!strcmp(op, "gntcopy"))
		r = op_gntcopy();
	else
		return -EINVAL;
	unpin();
	if (r)
		pr_err("op=%s: %d\n", op, r);
	return r;
}

/*
 * defer=1: insmod only loads; writing 1 to parameters/fire runs the op, in
 * the writer's context.  For op=initsipi: loading a module ends with IPIs
 * to every CPU, which would wait for ever for a CPU the attack killed.
 */
static bool defer;
module_param(defer, bool, 0444);

static DEFINE_MUTEX(fire_lock);

static int fire_set(const char *val, const struct kernel_param *kp)
{
	bool go;
	int r = kstrtobool(val, &go);

	if (r || !go)
		return r;
	mutex_lock(&fire_lock);
	r = run_op();
	mutex_unlock(&fire_lock);
	return r;
}

static const struct kernel_param_ops fire_ops = {
	.set = fire_set,
	.get = param_get_bool,
};

static bool fired;
module_param_cb(fire, &fire_ops, &fired, 0644);

static int __init hoist_hostile_init(void)
{
	int r;

	if (!op)
		return -EINVAL;
	if (!zalloc_cpumask_var(&saved_mask, GFP_KERNEL))
		return -ENOMEM;
	r = defer ? 0 : run_op();
	if (r)
		free_cpumask_var(saved_mask);
	return r;
}

static void __exit hoist_hostile_exit(void)
{
	free_cpumask_var(saved_mask);
}

module_init(hoist_hostile_init);
module_exit(hoist_hostile_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Hoist test: a hostile dom0 kernel attacks the hypervisor's isolation");
