/*
 * memtouch: every page of the guest's RAM is there, its own and backed,
 * RAM above 4 GiB included (issue 12: a PVH guest's memory beyond the
 * hole at 0xFC000000 continues at 4 GiB).
 *
 * From the memory map in start_info it takes every RAM page outside its
 * own image, and in each writes two words that name the page: at its start
 * (address ^ key) and at its end (the complement).  Only then does it read
 * them all back.  A page missing from the hypervisor's tables crashes the
 * guest at the write; two guest pages sharing one frame leave the later
 * one's words in the earlier; a page whose frame changed or lost its
 * contents reads wrong.  Two words per page, not a fill: under the
 * emulator each store costs, and the words already prove the page is
 * distinct and kept.
 *
 * Before its first write each page must read zero at both words and at
 * one between them, whose offset moves from page to page (a new
 * domain's memory is zeroed, and a destroyed one's scrubbed: a previous
 * memtouch's words must never show), except the pages the loader wrote
 * (start info, memory map, command line, module list).  zeroed=0 skips
 * that check (plain QEMU's RAM holds the firmware's tables).
 *
 * Command line: seed=N (the key; default 1), zeroed=0|1 (default 1)
 * Output: memtouch: RAM 0xS-0xE (N MiB)                 (per RAM entry)
 *         memtouch: image 0xS-0xE, key 0xK
 *         memtouch: written N MiB                       (every GiB)
 *         memtouch: touched P pages (M MiB), H pages (HM MiB) above 4 GiB,
 *                   Z pages read zero first               (one line)
 *         memtouch: not zero at 0xA: 0xW 0xW 0xW          (first few)
 *         memtouch: wrong at 0xA: 0xW 0xW, want 0xW 0xW   (first few)
 * then the verdict.
 */
#include "guest.h"

GUEST("memtouch");

#define PAGE_SIZE	4096ull
#define LAST_WORD	(PAGE_SIZE / sizeof(uint64_t) - 1)
#define MIB		(1ull << 20)
#define FOUR_GIB	0x100000000ull
#define MAP_END		(64ull << 30)	/* head.S's identity map */
#define MAX_RANGES	16
#define MAX_WRITTEN	4
#define REPORT_MAX	4
#define PROGRESS_PAGES	((1ull << 30) / PAGE_SIZE)

struct range {
	uint64_t start, end;
};

static struct range ram[MAX_RANGES];
static unsigned int nr_ram;
/* What the loader wrote into RAM: may read non-zero at the start. */
static struct range written[MAX_WRITTEN];
static unsigned int nr_written;
static uint64_t key;

static uint64_t head_word(uint64_t addr)
{
	return addr ^ key;
}

static uint64_t tail_word(uint64_t addr)
{
	return ~(addr ^ key);
}

static void add_ram(uint64_t start, uint64_t end)
{
	start = (start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	end &= ~(PAGE_SIZE - 1);
	if (start >= end)
		return;
	if (nr_ram == MAX_RANGES)
		guest_fail("more than %d RAM ranges in the memory map",
			   MAX_RANGES);
	ram[nr_ram++] = (struct range){ start, end };
}

static void add_written(uint64_t start, uint64_t len)
{
	if (!start || !len || nr_written == MAX_WRITTEN)
		return;
	written[nr_written++] = (struct range){
		start & ~(PAGE_SIZE - 1),
		(start + len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1),
	};
}

static bool is_written(uint64_t addr)
{
	for (unsigned int i = 0; i < nr_written; i++)
		if (addr >= written[i].start && addr < written[i].end)
			return true;
	return false;
}

/* RAM minus this image (code, data, stacks, page tables), copied out of
 * the memory map before the map's own page is overwritten. */
static void plan(const struct hvm_start_info *si)
{
	uint64_t img_start = (uint64_t)(uintptr_t)__image_start;
	uint64_t img_end = (uint64_t)(uintptr_t)__image_end;
	unsigned int nr;
	const struct hvm_memmap_table_entry *e = memmap_entries(si, &nr);
	const char *cmdline = cmdline_string(si);

	if (!nr)
		guest_fail("no memory map in start_info (version %u)",
			   si->version);
	for (unsigned int i = 0; i < nr; i++) {
		uint64_t s = e[i].addr, t = e[i].addr + e[i].size;

		if (e[i].type != XEN_HVM_MEMMAP_TYPE_RAM)
			continue;
		gprintf("memtouch: RAM 0x%lx-0x%lx (%lu MiB)\n",
			(unsigned long)s, (unsigned long)t,
			(unsigned long)((t - s) / MIB));
		if (t > MAP_END)
			guest_fail("RAM up to 0x%lx, beyond the identity map (0x%lx)",
				   (unsigned long)t, (unsigned long)MAP_END);
		if (t <= img_start || s >= img_end) {
			add_ram(s, t);
			continue;
		}
		if (s < img_start)
			add_ram(s, img_start);
		if (t > img_end)
			add_ram(img_end, t);
	}
	if (!nr_ram)
		guest_fail("no RAM outside the image in the memory map");

	add_written((uint64_t)(uintptr_t)si, sizeof(*si));
	add_written(si->memmap_paddr,
		    nr * sizeof(struct hvm_memmap_table_entry));
	if (cmdline)
		add_written(si->cmdline_paddr, strlen(cmdline) + 1);
	add_written(si->modlist_paddr,
		    si->nr_modules * sizeof(struct hvm_modlist_entry));
}

struct tally {
	uint64_t pages, high, zero, nonzero, wrong;
};

static void write_all(struct tally *t, bool check_zero)
{
	for (unsigned int i = 0; i < nr_ram; i++) {
		for (uint64_t a = ram[i].start; a < ram[i].end; a += PAGE_SIZE) {
			volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)a;

			if (check_zero) {
				uint64_t w0 = p[0], w1 = p[LAST_WORD];
				/* And one word between, at an offset that moves
				 * from page to page: a zeroing that skips part
				 * of each page or frame shows somewhere. */
				uint64_t wm = p[1 + (a / PAGE_SIZE) % (LAST_WORD - 1)];

				if (!(w0 | w1 | wm)) {
					t->zero++;
				} else if (!is_written(a)) {
					if (t->nonzero < REPORT_MAX)
						gprintf("memtouch: not zero at 0x%lx: 0x%lx 0x%lx 0x%lx\n",
							(unsigned long)a,
							(unsigned long)w0,
							(unsigned long)wm,
							(unsigned long)w1);
					t->nonzero++;
				}
			}
			p[0] = head_word(a);
			p[LAST_WORD] = tail_word(a);
			t->pages++;
			if (a >= FOUR_GIB)
				t->high++;
			if (t->pages % PROGRESS_PAGES == 0)
				gprintf("memtouch: written %lu MiB\n",
					(unsigned long)(t->pages * PAGE_SIZE / MIB));
		}
	}
}

static void verify_all(struct tally *t)
{
	for (unsigned int i = 0; i < nr_ram; i++) {
		for (uint64_t a = ram[i].start; a < ram[i].end; a += PAGE_SIZE) {
			volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)a;
			uint64_t w0 = p[0], w1 = p[LAST_WORD];

			if (w0 == head_word(a) && w1 == tail_word(a))
				continue;
			if (t->wrong < REPORT_MAX)
				gprintf("memtouch: wrong at 0x%lx: 0x%lx 0x%lx, want 0x%lx 0x%lx\n",
					(unsigned long)a, (unsigned long)w0,
					(unsigned long)w1,
					(unsigned long)head_word(a),
					(unsigned long)tail_word(a));
			t->wrong++;
		}
	}
}

void guest_main(const struct hvm_start_info *si)
{
	bool check_zero = cmdline_u64(si, "zeroed", 1) != 0;
	struct tally t = { 0 };

	/* Never 0: a page left zero must not pass for a written one. */
	key = cmdline_u64(si, "seed", 1) * 0x9e3779b97f4a7c15ull | 1;
	plan(si);
	gprintf("memtouch: image 0x%lx-0x%lx, key 0x%lx\n",
		(unsigned long)(uintptr_t)__image_start,
		(unsigned long)(uintptr_t)__image_end, (unsigned long)key);

	/* From here on si and what it points to may be overwritten. */
	write_all(&t, check_zero);
	verify_all(&t);
	gprintf("memtouch: touched %lu pages (%lu MiB), %lu pages (%lu MiB) above 4 GiB, %lu pages read zero first\n",
		(unsigned long)t.pages, (unsigned long)(t.pages * PAGE_SIZE / MIB),
		(unsigned long)t.high, (unsigned long)(t.high * PAGE_SIZE / MIB),
		(unsigned long)t.zero);
	if (t.wrong)
		guest_fail("%lu of %lu pages read back wrong", (unsigned long)t.wrong,
			   (unsigned long)t.pages);
	if (t.nonzero)
		guest_fail("%lu of %lu pages were not zero before the first write",
			   (unsigned long)t.nonzero, (unsigned long)t.pages);
	guest_pass();
}
