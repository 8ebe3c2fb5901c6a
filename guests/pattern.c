/*
 * pattern: a guest secret for dom0 to look for.  Fills every free page of
 * its RAM with one 64-bit value and keeps rewriting it, so that a dom0
 * read of any of its pages, at any time, would see the secret.
 *
 * The value is computed here from the command line (seed * golden ratio
 * + 1): it is in no file and never in dom0's memory, only in this guest's
 * (and printed in hex, as text, for the test to encode for its scanner).
 *
 * Command line: seed=N (default 1); invd=N: execute INVD N times first
 * (a dom0-visible exit each once Hoist intercepts it).
 * Output: pattern: invd N                                    (if asked)
 *         pattern: 0x<16 hex digits> in P pages              (after the first fill)
 * No verdict: it runs until destroyed.
 */
#include "guest.h"

GUEST("pattern");

#define PAGE_SIZE	4096ull
#define MAX_RANGES	8

struct range {
	uint64_t start, end;
};

static unsigned int nr_ranges;
static struct range ranges[MAX_RANGES];

static void add_range(uint64_t start, uint64_t end)
{
	start = (start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	end &= ~(PAGE_SIZE - 1);
	if (start < end && nr_ranges < MAX_RANGES)
		ranges[nr_ranges++] = (struct range){ start, end };
}

/* RAM minus this image (its code, data, stacks and page tables). */
static void free_ranges(const struct hvm_start_info *si)
{
	uint64_t img_start = (uint64_t)(uintptr_t)__image_start;
	uint64_t img_end = (uint64_t)(uintptr_t)__image_end;
	unsigned int nr;
	const struct hvm_memmap_table_entry *e = memmap_entries(si, &nr);

	for (unsigned int i = 0; i < nr; i++) {
		uint64_t s = e[i].addr, t = e[i].addr + e[i].size;

		if (e[i].type != XEN_HVM_MEMMAP_TYPE_RAM)
			continue;
		if (t <= img_start || s >= img_end) {
			add_range(s, t);
			continue;
		}
		if (s < img_start)
			add_range(s, img_start);
		if (t > img_end)
			add_range(img_end, t);
	}
}

static uint64_t fill(uint64_t pattern)
{
	uint64_t pages = 0;

	for (unsigned int i = 0; i < nr_ranges; i++) {
		volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)ranges[i].start;
		volatile uint64_t *end = (volatile uint64_t *)(uintptr_t)ranges[i].end;

		for (; p < end; p++)
			*p = pattern;
		pages += (ranges[i].end - ranges[i].start) / PAGE_SIZE;
	}
	return pages;
}

void guest_main(const struct hvm_start_info *si)
{
	uint64_t seed = cmdline_u64(si, "seed", 1);
	uint64_t invds = cmdline_u64(si, "invd", 0);
	uint64_t pattern = seed * 0x9e3779b97f4a7c15ull + 1;
	uint64_t pages;

	for (uint64_t i = 0; i < invds; i++)
		__asm__ volatile("invd" ::: "memory");
	if (invds)
		gprintf("pattern: invd %lu\n", (unsigned long)invds);
	free_ranges(si);
	if (!nr_ranges)
		guest_fail("no free RAM in the memory map");
	pages = fill(pattern);
	gprintf("pattern: 0x%016lx in %lu pages\n", (unsigned long)pattern,
		(unsigned long)pages);
	for (;;)
		fill(pattern);
}
