/*
 * fuzz: random hypercalls from a domU.  The hypervisor must answer every
 * one with 0, a -errno in [-4095, -1], or (for the few calls that return a
 * count) a plausible positive value; it must keep the registers it does
 * not define (hypercall_probe checks RBX RCX RBP R11 R12-R15) and must not
 * write into the guest's code.
 *
 * Numbers: 0..63, Hoist's 0x100..0x120, huge values, edge values.
 * Arguments: small ints, random 64-bit, pointers into a scratch area of
 * guest RAM (also across page boundaries), pointers above RAM that no
 * memmap entry covers, above the identity map, non-canonical, NULL.
 * Structures behind scratch pointers are filled with random words first.
 *
 * Never issued, because they may legitimately end or stall the guest:
 * sched_op (29) and vcpu_op (24); nor Xen's other doors to them,
 * sched_op_compat (6) and multicall (13).  console_io counts are kept
 * <= 4096, and console writes from guest RAM carry printable text.
 *
 * Command line: seed=N (default 1), count=N hypercalls (default 20000),
 *               verbose=1 (print every call: to replay a crash)
 * Output: fuzz: seed=S count=C scratch=0xA ram-top=0xT outside-windows=W
 *         fuzz: N calls                            (every 5000)
 *         fuzz: insane: nr=0x.. args 0x.. x5 ret=R (first 10 bad results)
 *         fuzz: REG: nr=0x.. args 0x.. x5 ret=R    (REG came back changed;
 *                                                   first 10 calls)
 *         fuzz: call: nr=.. args ..; fuzz: result: ... ret=R  (verbose=1)
 *         fuzz: issued=C skipped=K
 *         fuzz: results: 0=.. positive=.. ENOSYS=.. EPERM=.. EFAULT=..
 *               EINVAL=.. ENOENT=.. other-errno=.. insane=.. clobbered=..
 */
#include "guest.h"

GUEST("fuzz");

#define SCRATCH_SIZE	0x10000ull		/* 64 KiB */
#define TWO_MIB		0x200000ull
#define FOUR_GIB	0x100000000ull
#define MAP_END		(64ull << 30)		/* head.S's identity map */
#define MMIO_START	0xfec00000ull
#define CONSOLE_MAX	4096
#define REPORT_MAX	10
#define PROGRESS_EVERY	5000

#define OUTSIDE_WINDOWS	16
#define OUTSIDE_STRIDE	(64ull << 20)

static uint64_t scratch;	/* guest-physical = virtual */
static uint64_t ram_top;
/* 2 MiB windows above RAM that no memmap entry covers (found before the
 * fuzzing starts: the memmap itself may be overwritten later). */
static uint64_t outside[OUTSIDE_WINDOWS];
static unsigned int nr_outside;

static uint64_t pick(const uint64_t *v, size_t n)
{
	return v[rnd_below(n)];
}

/* ------------------------------------------------------------ choices */

static uint64_t random_nr(void)
{
	static const uint64_t edges[] = {
		64, 0xff, HOIST_HC_BASE - 1, HOIST_HC_END, 0x121, 0xffff,
		0xffffffff,
		(1ull << 32) | XEN_HC_xen_version,	/* truncated to 32 bits? */
		(1ull << 63) | XEN_HC_xen_version,
		~0ull,
	};

	switch (rnd_below(10)) {
	case 0: case 1: case 2: case 3: case 4:
		return rnd_below(64);
	case 5: case 6: case 7:
		return HOIST_HC_BASE + rnd_below(0x21);
	case 8:
		return rnd() | (1ull << 40);		/* huge */
	default:
		return pick(edges, ARRAY_SIZE(edges));
	}
}

/* Somewhere in scratch with at least CONSOLE_MAX bytes after it. */
static uint64_t scratch_ptr(void)
{
	return scratch + rnd_below(SCRATCH_SIZE - CONSOLE_MAX);
}

/* Just before a page boundary inside scratch. */
static uint64_t page_cross_ptr(void)
{
	uint64_t page = 1 + rnd_below(SCRATCH_SIZE / 4096 - 2);

	return scratch + page * 4096 - 1 - rnd_below(16);
}

/* Guest-physical, mapped by our page tables, backed by nothing. */
static uint64_t outside_ptr(void)
{
	if (!nr_outside)
		return FOUR_GIB + rnd_below(1ull << 30);
	return outside[rnd_below(nr_outside)] + rnd_below(TWO_MIB - 4096);
}

static void find_outside(const struct hvm_start_info *si)
{
	for (uint64_t a = (ram_top + TWO_MIB - 1) & ~(TWO_MIB - 1);
	     a + TWO_MIB <= MMIO_START && nr_outside < OUTSIDE_WINDOWS;
	     a += OUTSIDE_STRIDE)
		if (!memmap_covers(si, a, TWO_MIB))
			outside[nr_outside++] = a;
}

/* Not mapped at all: above head.S's identity map (64 GiB), non-canonical,
 * the upper half. */
static uint64_t unmapped_ptr(void)
{
	switch (rnd_below(4)) {
	case 0:
		return MAP_END + rnd_below(1ull << 46);
	case 1:
		return (1ull << 47) + rnd_below(1ull << 46);	/* non-canonical */
	case 2:
		return 0xffff800000000000ull | rnd_below(1ull << 47);
	default:
		return 0xdeadbeefdeadbeefull;
	}
}

static uint64_t random_arg(void)
{
	static const uint64_t edges[] = {
		~0ull, 0x7fffffffffffffffull, 0x80000000ull, 0xffffffffull,
		4096, 1ull << 32, 0xffffffff00000000ull,
	};

	switch (rnd_below(9)) {
	case 0: return rnd_below(17);
	case 1: return rnd_below(256);	/* as a gfn: below 1 MiB, not our image */
	case 2: return rnd();
	case 3: return scratch_ptr();
	case 4: return page_cross_ptr();
	case 5: return outside_ptr();
	case 6: return unmapped_ptr();
	case 7: return 0;
	default: return pick(edges, ARRAY_SIZE(edges));
	}
}

static bool in_scratch(uint64_t p)
{
	return p >= scratch && p < scratch + SCRATCH_SIZE;
}

/* Random words behind a scratch pointer: plausible-looking structures. */
static void fill_behind(uint64_t p)
{
	uint64_t end = p + 128 < scratch + SCRATCH_SIZE ? p + 128 : scratch + SCRATCH_SIZE;

	for (; p + 8 <= end; p += 8) {
		uint64_t w;

		switch (rnd_below(4)) {
		case 0: case 1: w = rnd_below(256); break;
		case 2: w = scratch_ptr(); break;
		default: w = rnd(); break;
		}
		memcpy((void *)(uintptr_t)p, &w, sizeof(w));
	}
}

/* A console write from guest RAM: one printable line of exactly n bytes. */
static void fill_console_text(uint64_t p, uint64_t n)
{
	static const char head[] = "fuzz-console: ";
	char *s = (char *)(uintptr_t)p;

	for (uint64_t i = 0; i < n; i++)
		s[i] = i < sizeof(head) - 1 ? head[i] : 'x';
	s[n - 1] = '\n';
}

/*
 * Draws one call; false if it is one we never issue.  Keeps console_io
 * within its limits (count <= 4096; writes only from scratch or from
 * addresses with no RAM behind them, so the console never gets binary).
 */
static bool draw(struct hc_probe *c)
{
	c->nr = random_nr();
	for (int i = 0; i < 5; i++)
		c->arg[i] = random_arg();
	/* A sub-command first argument is often a small one. */
	if (rnd_below(2))
		c->arg[0] = rnd_below(16);

	switch (c->nr) {
	case XEN_HC_sched_op:
	case XEN_HC_vcpu_op:
	case 6:		/* sched_op_compat */
	case 13:	/* multicall */
		return false;
	case XEN_HC_console_io:
		/* Xen's cmd is an int: 1 << 32 is a write too. */
		c->arg[1] = rnd_below(CONSOLE_MAX + 1);
		if ((uint32_t)c->arg[0] == CONSOLEIO_write) {
			if (rnd_below(2)) {
				c->arg[2] = scratch_ptr();
				if (c->arg[1] < 16)
					c->arg[1] = 16 + rnd_below(64);
				else if (c->arg[1] > 200)
					c->arg[1] = 200;	/* a line, not a page */
			} else {
				c->arg[2] = rnd_below(2) ? outside_ptr() : unmapped_ptr();
			}
		}
		break;
	}

	for (int i = 0; i < 5; i++)
		if (in_scratch(c->arg[i]))
			fill_behind(c->arg[i]);
	if (c->nr == XEN_HC_console_io && (uint32_t)c->arg[0] == CONSOLEIO_write &&
	    in_scratch(c->arg[2]))
		fill_console_text(c->arg[2], c->arg[1]);
	return true;
}

/* ------------------------------------------------------------ checks */

static bool sane(const struct hc_probe *c)
{
	if (c->ret <= 0)
		return c->ret >= -4095;
	switch (c->nr) {
	case XEN_HC_xen_version:	/* a version number */
	case XEN_HC_memory_op:		/* page counts, max gfn */
		return (uint64_t)c->ret <= 0xffffffffull;
	case XEN_HC_console_io:		/* bytes written or read */
		return (uint64_t)c->ret <= c->arg[1];
	default:
		return false;
	}
}

static void print_call(const char *what, const struct hc_probe *c, bool ret)
{
	char r[32] = "";

	if (ret)
		gsnprintf(r, sizeof(r), " ret=%ld", (long)c->ret);
	gprintf("fuzz: %s: nr=0x%lx args 0x%lx 0x%lx 0x%lx 0x%lx 0x%lx%s\n",
		what, (unsigned long)c->nr, (unsigned long)c->arg[0],
		(unsigned long)c->arg[1], (unsigned long)c->arg[2],
		(unsigned long)c->arg[3], (unsigned long)c->arg[4], r);
}

/* FNV-1a over the image's code and read-only data. */
static uint64_t image_checksum(void)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (const unsigned char *p = (const void *)__text_start;
	     p < (const unsigned char *)__rodata_end; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	return h;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/*
 * Scratch: 64 KiB of RAM the guest does not otherwise use, 2 MiB-aligned
 * above the image, clear of start_info, the command line and the memmap
 * (a stray write beyond it hits free RAM, not our stacks or page tables).
 */
static uint64_t find_scratch(const struct hvm_start_info *si)
{
	unsigned int nr;
	const struct hvm_memmap_table_entry *e = memmap_entries(si, &nr);
	const char *cmdline = cmdline_string(si);
	uint64_t cl = (uintptr_t)cmdline, cl_len = cmdline ? strlen(cmdline) + 1 : 0;
	uint64_t mm = si->memmap_paddr, mm_len = nr * sizeof(*e);

	for (uint64_t a = (((uintptr_t)__image_end + TWO_MIB - 1) & ~(TWO_MIB - 1)) + TWO_MIB;
	     a + SCRATCH_SIZE <= ram_top; a += TWO_MIB) {
		bool ram = false;

		for (unsigned int i = 0; i < nr; i++)
			if (e[i].type == XEN_HVM_MEMMAP_TYPE_RAM && a >= e[i].addr &&
			    a + SCRATCH_SIZE <= e[i].addr + e[i].size)
				ram = true;
		if (ram && !overlaps(a, SCRATCH_SIZE, (uintptr_t)si, sizeof(*si)) &&
		    !overlaps(a, SCRATCH_SIZE, cl, cl_len) &&
		    !overlaps(a, SCRATCH_SIZE, mm, mm_len))
			return a;
	}
	guest_fail("no 64 KiB of free RAM for the scratch area");
}

void guest_main(const struct hvm_start_info *si)
{
	static const char *const regs[] = HC_PROBE_REGS;
	uint64_t seed = cmdline_u64(si, "seed", 1);
	uint64_t count = cmdline_u64(si, "count", 20000);
	bool verbose = cmdline_u64(si, "verbose", 0) != 0;
	uint64_t zero = 0, positive = 0, insane = 0, clobbered = 0, skipped = 0;
	uint64_t enosys = 0, eperm = 0, efault = 0, einval = 0, enoent = 0, other = 0;
	uint64_t sum_before;

	ram_top = memmap_ram_top(si);
	if (!ram_top)
		guest_fail("no RAM in the memmap");
	scratch = find_scratch(si);
	find_outside(si);
	rnd_seed(seed);
	gprintf("fuzz: seed=%lu count=%lu scratch=0x%lx ram-top=0x%lx outside-windows=%u\n",
		(unsigned long)seed, (unsigned long)count,
		(unsigned long)scratch, (unsigned long)ram_top, nr_outside);
	/* From here on start_info may be overwritten: nothing reads it. */
	sum_before = image_checksum();

	for (uint64_t done = 0; done < count;) {
		struct hc_probe c;

		if (!draw(&c)) {
			skipped++;
			continue;
		}
		if (verbose)
			print_call("call", &c, false);
		hypercall_probe(&c);
		done++;

		if (c.clobbered && clobbered++ < REPORT_MAX)
			for (int r = 0; r < HC_PROBE_NR_REGS; r++)
				if (c.clobbered & (1u << r))
					print_call(regs[r], &c, true);
		if (verbose)
			print_call("result", &c, true);

		if (!sane(&c)) {
			if (insane++ < REPORT_MAX)
				print_call("insane", &c, true);
		} else if (c.ret == 0)
			zero++;
		else if (c.ret > 0)
			positive++;
		else if (c.ret == -HOIST_ENOSYS)
			enosys++;
		else if (c.ret == -HOIST_EPERM)
			eperm++;
		else if (c.ret == -HOIST_EFAULT)
			efault++;
		else if (c.ret == -HOIST_EINVAL)
			einval++;
		else if (c.ret == -HOIST_ENOENT)
			enoent++;
		else
			other++;

		if (done % PROGRESS_EVERY == 0)
			gprintf("fuzz: %lu calls\n", (unsigned long)done);
	}

	gprintf("fuzz: issued=%lu skipped=%lu\n", (unsigned long)count,
		(unsigned long)skipped);
	gprintf("fuzz: results: 0=%lu positive=%lu ENOSYS=%lu EPERM=%lu EFAULT=%lu "
		"EINVAL=%lu ENOENT=%lu other-errno=%lu insane=%lu clobbered=%lu\n",
		(unsigned long)zero, (unsigned long)positive, (unsigned long)enosys,
		(unsigned long)eperm, (unsigned long)efault, (unsigned long)einval,
		(unsigned long)enoent, (unsigned long)other,
		(unsigned long)insane, (unsigned long)clobbered);

	if (image_checksum() != sum_before)
		guest_fail("the guest's code or rodata changed during fuzzing");
	if (insane || clobbered)
		guest_fail("%lu insane results, %lu calls clobbered registers",
			   (unsigned long)insane, (unsigned long)clobbered);
	guest_pass();
}
