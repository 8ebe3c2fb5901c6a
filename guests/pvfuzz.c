/*
 * pvfuzz: the hostile PV-ops guest.  Random grant-table and event-channel
 * operations, by their Xen numbers, with random sub-commands, ports, refs,
 * domain ids, counts, pointers and structure contents: event_channel_op
 * (every EVTCHNOP_*, and numbers beyond), grant_table_op (query_size,
 * set_version, get_version, copy, map, unmap, setup_table and numbers
 * beyond, with counts from 0 to ~0), and XENMEM_add_to_physmap of grant
 * frames (random idx, gfn: outside RAM, in RAM, special pages, huge) and
 * of shared_info.  Grant entries of the frames it has mapped are filled
 * with random flags, domids and frames.  The hypervisor must answer each
 * with 0 or a -errno in [-4095, -1] and keep the registers it does not
 * define (hypercall_probe); the guest's code must not change.
 *
 * Pointers the hypervisor may write through are never into the guest's
 * image: scratch (64 KiB of free RAM), across its pages, outside RAM,
 * unmapped, non-canonical, NULL.  Grant entries name scratch frames,
 * frames outside RAM or huge ones, never the image.  No SCHEDOP (a poll
 * or block could stall it).
 *
 * Command line: seed=N (default 1), count=N operations (default 100000);
 *               ticks=1: no fuzzing, print "pvfuzz: tick N" about every
 *               second for ever (the guest running beside the fuzzer)
 * Output: pvfuzz: seed=S count=C scratch=0xA outside-windows=W
 *         pvfuzz: N ops                                (every 20000)
 *         pvfuzz: insane: nr=0x.. args .. ret=R        (first 10)
 *         pvfuzz: REG: nr=0x.. args .. ret=R           (REG changed; first 10)
 *         pvfuzz: done N ops: evtchn=E gnttab=G physmap=P entries=W
 *         pvfuzz: results: 0=.. ENOSYS=.. EPERM=.. EFAULT=.. EINVAL=..
 *                 ENOENT=.. ENOSPC=.. EBUSY=.. other-errno=.. insane=.. clobbered=..
 */
#include "guest.h"
#include <hoist/layout.h>

GUEST("pvfuzz");

#define SCRATCH_SIZE	0x10000ull
#define TWO_MIB		0x200000ull
#define MAP_END		(64ull << 30)
#define MMIO_START	0xfec00000ull
#define OUTSIDE_WINDOWS	8
#define OUTSIDE_STRIDE	(64ull << 20)
#define REPORT_MAX	10
#define PROGRESS_EVERY	20000

static uint64_t scratch, ram_top;
static uint64_t outside[OUTSIDE_WINDOWS];
static unsigned int nr_outside;
/* A grant frame we mapped at a gfn outside RAM: which idx, where (0: none). */
static uint64_t frame_gfn, frame_idx;

/* A page of its own: the hypervisor zeroes the whole page it maps. */
static union {
	struct shared_info s;
	char page[4096];
} shpage __attribute__((aligned(4096)));

#define PICK(a)	((a)[rnd_below(ARRAY_SIZE(a))])

/* ------------------------------------------------------------ choices */

static uint32_t port_pick(void)
{
	static const uint32_t edges[] = {
		0, 1, 255, 256, 1023, 1024, 4095, 4096, 0x7fffffff, 0xffffffff,
	};

	switch (rnd_below(6)) {
	case 0: case 1: case 2: return (uint32_t)rnd_below(16);
	case 3: return (uint32_t)rnd_below(300);
	case 4: return PICK(edges);
	default: return (uint32_t)rnd();
	}
}

static uint16_t domid_pick(void)
{
	static const uint16_t ids[] = {
		DOMID_SELF, DOMID_SELF, 0, 0, 1, 2, 3, 63, 64, 0x7ff1, 0x7ff2,
		0xffff,
	};

	return rnd_below(5) ? PICK(ids) : (uint16_t)rnd();
}

static uint64_t count_pick(void)
{
	static const uint64_t edges[] = {
		0, 1, 1, 1, 2, 63, 64, 65, 1000, 1ull << 31, 0xffffffffull,
		1ull << 32, ~0ull,
	};

	return rnd_below(2) ? 1 + rnd_below(8) : PICK(edges);
}

static uint64_t scratch_ptr(uint64_t room)
{
	return scratch + rnd_below(SCRATCH_SIZE - room);
}

static uint64_t outside_ptr(void)
{
	if (!nr_outside)
		return 0x100000000ull + rnd_below(1ull << 30);
	return outside[rnd_below(nr_outside)] + rnd_below(TWO_MIB - 4096);
}

/* A pointer the hypervisor may write through: never into the image. */
static uint64_t ptr_pick(uint64_t room)
{
	switch (rnd_below(12)) {
	case 0: return 0;
	case 1: return outside_ptr();
	case 2: return MAP_END + rnd_below(1ull << 46);
	case 3: return (1ull << 47) + rnd_below(1ull << 46);	/* non-canonical */
	case 4: return scratch + (1 + rnd_below(SCRATCH_SIZE / 4096 - 2)) * 4096 -
		       1 - rnd_below(16);			/* across a page */
	default: return scratch_ptr(room);
	}
}

static bool in_scratch(uint64_t p, uint64_t len)
{
	return p >= scratch && p + len <= scratch + SCRATCH_SIZE;
}

static void fill_random(uint64_t p, uint64_t len)
{
	for (uint64_t i = 0; i + 8 <= len && in_scratch(p + i, 8); i += 8) {
		uint64_t w = rnd_below(2) ? rnd_below(512) : rnd();

		memcpy((void *)(uintptr_t)(p + i), &w, 8);
	}
}

/* A frame for a grant entry or a copy: scratch, outside RAM, or huge. */
static uint64_t frame_pick(void)
{
	switch (rnd_below(4)) {
	case 0: case 1: return (scratch >> 12) + rnd_below(SCRATCH_SIZE >> 12);
	case 2: return outside_ptr() >> 12;
	default: return rnd() | (1ull << 40);
	}
}

/* ------------------------------------------------------------ operations */

static void draw_evtchn(struct hc_probe *c)
{
	static const uint64_t cmds[] = {
		EVTCHNOP_bind_interdomain, EVTCHNOP_bind_virq, 2,
		EVTCHNOP_close, EVTCHNOP_send, EVTCHNOP_status,
		EVTCHNOP_alloc_unbound, EVTCHNOP_bind_ipi, EVTCHNOP_bind_vcpu,
		EVTCHNOP_unmask, EVTCHNOP_reset, EVTCHNOP_init_control, 12, 13,
		99, 1ull << 32 | EVTCHNOP_alloc_unbound, ~0ull,
	};
	uint64_t p = ptr_pick(64);

	c->nr = XEN_HC_event_channel_op;
	c->arg[0] = rnd_below(8) ? PICK(cmds) : rnd();
	c->arg[1] = p;
	if (!in_scratch(p, 24))
		return;
	fill_random(p, 24);
	switch (c->arg[0]) {
	case EVTCHNOP_alloc_unbound: {
		struct evtchn_alloc_unbound *a = (void *)(uintptr_t)p;

		a->dom = domid_pick();
		a->remote_dom = rnd_below(2) ? 0 : domid_pick();
		break;
	}
	case EVTCHNOP_bind_interdomain: {
		struct evtchn_bind_interdomain *b = (void *)(uintptr_t)p;

		b->remote_dom = domid_pick();
		b->remote_port = port_pick();
		break;
	}
	case EVTCHNOP_status: {
		struct evtchn_status *s = (void *)(uintptr_t)p;

		s->dom = domid_pick();
		s->port = port_pick();
		break;
	}
	case EVTCHNOP_bind_virq: {
		struct evtchn_bind_virq *b = (void *)(uintptr_t)p;

		b->virq = (uint32_t)rnd_below(30);
		b->vcpu = (uint32_t)rnd_below(3);
		break;
	}
	case EVTCHNOP_bind_ipi:
	case EVTCHNOP_bind_vcpu: {
		uint32_t *w = (void *)(uintptr_t)p;

		w[0] = c->arg[0] == EVTCHNOP_bind_ipi ? (uint32_t)rnd_below(3) : port_pick();
		w[1] = (uint32_t)rnd_below(3);
		break;
	}
	default: {
		struct evtchn_port *e = (void *)(uintptr_t)p;

		e->port = port_pick();
		break;
	}
	}
}

static void fill_copy_ptr(struct gnttab_copy_ptr *g, bool gref)
{
	if (gref)
		g->u.ref = rnd_below(2) ? (uint32_t)rnd_below(600) : (uint32_t)rnd();
	else
		g->u.gmfn = frame_pick();
	g->domid = domid_pick();
	g->offset = rnd_below(2) ? (uint16_t)rnd_below(4096) : (uint16_t)rnd();
}

static void draw_gnttab(struct hc_probe *c)
{
	static const uint64_t cmds[] = {
		GNTTABOP_map_grant_ref, GNTTABOP_unmap_grant_ref,
		GNTTABOP_setup_table, 3, 4, GNTTABOP_copy, GNTTABOP_query_size,
		7, GNTTABOP_set_version, 9, GNTTABOP_get_version, 11, 12, 13,
		1ull << 32 | GNTTABOP_query_size, ~0ull,
	};
	uint64_t n = count_pick(), p = ptr_pick(8 * 40);

	c->nr = XEN_HC_grant_table_op;
	c->arg[0] = rnd_below(8) ? PICK(cmds) : rnd();
	c->arg[1] = p;
	c->arg[2] = n;
	if (!in_scratch(p, 8 * 40))
		return;
	fill_random(p, 8 * 40);
	switch (c->arg[0]) {
	case GNTTABOP_query_size: {
		struct gnttab_query_size *q = (void *)(uintptr_t)p;

		q->dom = domid_pick();
		break;
	}
	case GNTTABOP_set_version: {
		struct gnttab_set_version *s = (void *)(uintptr_t)p;

		s->version = rnd_below(2) ? (uint32_t)rnd_below(4) : (uint32_t)rnd();
		break;
	}
	case GNTTABOP_get_version: {
		struct gnttab_get_version *g = (void *)(uintptr_t)p;

		g->dom = domid_pick();
		break;
	}
	case GNTTABOP_copy: {
		struct gnttab_copy *op = (void *)(uintptr_t)p;

		for (int i = 0; i < 8; i++) {
			op[i].flags = (uint16_t)rnd_below(8);
			fill_copy_ptr(&op[i].source, op[i].flags & GNTCOPY_source_gref);
			fill_copy_ptr(&op[i].dest, op[i].flags & GNTCOPY_dest_gref);
			op[i].len = rnd_below(2) ? (uint16_t)rnd_below(4097) : (uint16_t)rnd();
		}
		break;
	}
	default:
		break;
	}
}

static void draw_physmap(struct hc_probe *c)
{
	static const uint64_t special[] = {
		HOIST_GUEST_STORE_PFN, HOIST_GUEST_CONSOLE_PFN, 0xfee00, 0xfec00,
		0xfffff, 0x100000, 0,
	};
	uint64_t p = ptr_pick(24), gfn;

	switch (rnd_below(6)) {
	case 0: case 1: gfn = outside_ptr() >> 12; break;
	case 2: gfn = rnd_below(256); break;	/* low RAM: refused */
	case 3: gfn = PICK(special); break;
	case 4: gfn = (scratch >> 12) + rnd_below(SCRATCH_SIZE >> 12); break;
	default: gfn = rnd(); break;
	}
	c->nr = XEN_HC_memory_op;
	c->arg[0] = rnd_below(10) ? XENMEM_add_to_physmap : rnd_below(30);
	c->arg[1] = p;
	if (!in_scratch(p, 24))
		return;
	struct xen_add_to_physmap *x = (void *)(uintptr_t)p;

	x->domid = domid_pick();
	x->size = (uint16_t)rnd();
	x->space = rnd_below(8) ? (uint32_t)rnd_below(2) : (uint32_t)rnd();
	x->idx = rnd_below(4) ? rnd_below(70) : rnd();
	x->gpfn = gfn;
}

/*
 * A grant frame moved: track whether frame_gfn is still backed, so that
 * the entries written there never fault.  Called after a successful call.
 */
static void physmap_done(const struct xen_add_to_physmap *x)
{
	bool outside_ram = false;

	if (x->space != XENMAPSPACE_grant_table)
		return;
	for (unsigned int i = 0; i < nr_outside; i++)
		if (x->gpfn >= outside[i] >> 12 && x->gpfn < (outside[i] + TWO_MIB) >> 12)
			outside_ram = true;
	if (frame_gfn && x->gpfn == frame_gfn) {
		frame_idx = x->idx;
	} else if (frame_gfn && x->idx == frame_idx) {
		frame_gfn = 0;		/* moved away: not backed any more */
	}
	if (!frame_gfn && outside_ram) {
		frame_gfn = x->gpfn;
		frame_idx = x->idx;
	}
}

/* Random entries in the grant frame we have: granted to anyone, anything. */
static void write_entries(void)
{
	struct grant_entry_v1 *e = (void *)(uintptr_t)(frame_gfn << 12);

	for (int i = 0; i < 8; i++) {
		struct grant_entry_v1 *g = &e[rnd_below(GRANT_ENTRIES_PER_FRAME)];

		g->domid = rnd_below(2) ? 0 : domid_pick();
		g->frame = (uint32_t)frame_pick();
		__atomic_store_n(&g->flags, (uint16_t)(rnd_below(2) ?
				 GTF_permit_access | (rnd_below(2) ? GTF_readonly : 0) :
				 rnd()), __ATOMIC_RELEASE);
	}
}

/* ------------------------------------------------------------ setup */

static void find_outside(const struct hvm_start_info *si)
{
	for (uint64_t a = (ram_top + TWO_MIB - 1) & ~(TWO_MIB - 1);
	     a + TWO_MIB <= MMIO_START && nr_outside < OUTSIDE_WINDOWS;
	     a += OUTSIDE_STRIDE)
		if (!memmap_covers(si, a, TWO_MIB))
			outside[nr_outside++] = a;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* 64 KiB of free RAM, 2 MiB-aligned above the image (as fuzz.c). */
static uint64_t find_scratch(const struct hvm_start_info *si)
{
	unsigned int nr;
	const struct hvm_memmap_table_entry *e = memmap_entries(si, &nr);
	uint64_t mm = si->memmap_paddr, mm_len = nr * sizeof(*e);

	for (uint64_t a = (((uintptr_t)__image_end + TWO_MIB - 1) & ~(TWO_MIB - 1)) + TWO_MIB;
	     a + SCRATCH_SIZE <= ram_top; a += TWO_MIB) {
		for (unsigned int i = 0; i < nr; i++)
			if (e[i].type == XEN_HVM_MEMMAP_TYPE_RAM && a >= e[i].addr &&
			    a + SCRATCH_SIZE <= e[i].addr + e[i].size &&
			    !overlaps(a, SCRATCH_SIZE, (uintptr_t)si, sizeof(*si)) &&
			    !overlaps(a, SCRATCH_SIZE, mm, mm_len))
				return a;
	}
	guest_fail("no 64 KiB of free RAM for the scratch area");
}

static uint64_t image_checksum(void)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (const unsigned char *p = (const void *)__text_start;
	     p < (const unsigned char *)__rodata_end; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	return h;
}

static void print_call(const char *what, const struct hc_probe *c)
{
	gprintf("pvfuzz: %s: nr=0x%lx args 0x%lx 0x%lx 0x%lx ret=%ld\n", what,
		(unsigned long)c->nr, (unsigned long)c->arg[0],
		(unsigned long)c->arg[1], (unsigned long)c->arg[2], (long)c->ret);
}

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static noreturn void ticker(void)
{
	for (uint64_t n = 1;; n++) {
		uint64_t t0 = rdtsc();

		/* About a second of the TSC's 1-2 GHz, whatever TCG's speed. */
		while (rdtsc() - t0 < 1500000000ull)
			__asm__ volatile("pause");
		gprintf("pvfuzz: tick %lu\n", (unsigned long)n);
	}
}

void guest_main(const struct hvm_start_info *si)
{
	static const char *const regs[] = HC_PROBE_REGS;
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
		.gpfn = (uintptr_t)&shpage >> 12,
	};
	uint64_t seed = cmdline_u64(si, "seed", 1);
	uint64_t count = cmdline_u64(si, "count", 100000);
	uint64_t n_evt = 0, n_gnt = 0, n_map = 0, n_ent = 0;
	uint64_t zero = 0, enosys = 0, eperm = 0, efault = 0, einval = 0;
	uint64_t enoent = 0, enospc = 0, ebusy = 0, other = 0;
	uint64_t insane = 0, clobbered = 0, sum;
	long r;

	if (cmdline_u64(si, "ticks", 0))
		ticker();
	ram_top = memmap_ram_top(si);
	scratch = find_scratch(si);
	find_outside(si);
	rnd_seed(seed);
	/* shared_info first, on its own page: no random gfn takes it later. */
	r = hypercall2(XEN_HC_memory_op, XENMEM_add_to_physmap, (uintptr_t)&xatp);
	if (r)
		guest_fail("shared_info: %ld", r);
	gprintf("pvfuzz: seed=%lu count=%lu scratch=0x%lx outside-windows=%u\n",
		(unsigned long)seed, (unsigned long)count,
		(unsigned long)scratch, nr_outside);
	sum = image_checksum();

	for (uint64_t done = 1; done <= count; done++) {
		struct hc_probe c = { 0 };
		struct xen_add_to_physmap x = { 0 };
		uint64_t what = rnd_below(20);

		if (what < 9) {
			draw_evtchn(&c);
			n_evt++;
		} else if (what < 16) {
			draw_gnttab(&c);
			n_gnt++;
		} else if (what < 19 || !frame_gfn) {
			draw_physmap(&c);
			if (in_scratch(c.arg[1], sizeof(x)))
				memcpy(&x, (void *)(uintptr_t)c.arg[1], sizeof(x));
			n_map++;
		} else {
			write_entries();
			n_ent++;
			continue;
		}
		hypercall_probe(&c);
		if (c.nr == XEN_HC_memory_op && c.ret == 0 &&
		    c.arg[0] == XENMEM_add_to_physmap && x.gpfn)
			physmap_done(&x);

		if (c.clobbered && clobbered++ < REPORT_MAX)
			for (int i = 0; i < HC_PROBE_NR_REGS; i++)
				if (c.clobbered & (1u << i))
					print_call(regs[i], &c);
		if (c.ret > 0 || c.ret < -4095) {
			if (insane++ < REPORT_MAX)
				print_call("insane", &c);
		} else if (c.ret == 0)
			zero++;
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
		else if (c.ret == -HOIST_ENOSPC)
			enospc++;
		else if (c.ret == -HOIST_EBUSY)
			ebusy++;
		else
			other++;
		if (done % PROGRESS_EVERY == 0)
			gprintf("pvfuzz: %lu ops\n", (unsigned long)done);
	}

	gprintf("pvfuzz: done %lu ops: evtchn=%lu gnttab=%lu physmap=%lu entries=%lu\n",
		(unsigned long)count, (unsigned long)n_evt, (unsigned long)n_gnt,
		(unsigned long)n_map, (unsigned long)n_ent);
	gprintf("pvfuzz: results: 0=%lu ENOSYS=%lu EPERM=%lu EFAULT=%lu EINVAL=%lu "
		"ENOENT=%lu ENOSPC=%lu EBUSY=%lu other-errno=%lu insane=%lu clobbered=%lu\n",
		(unsigned long)zero, (unsigned long)enosys, (unsigned long)eperm,
		(unsigned long)efault, (unsigned long)einval, (unsigned long)enoent,
		(unsigned long)enospc, (unsigned long)ebusy, (unsigned long)other,
		(unsigned long)insane, (unsigned long)clobbered);
	if (image_checksum() != sum)
		guest_fail("the guest's code or rodata changed during fuzzing");
	if (insane || clobbered)
		guest_fail("%lu insane results, %lu calls clobbered registers",
			   (unsigned long)insane, (unsigned long)clobbered);
	guest_pass();
}
