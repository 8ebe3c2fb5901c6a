// SPDX-License-Identifier: GPL-2.0
/*
 * A guest domain's memory, dom0's side: allocated from Linux when the
 * domain is created, written by the toolstack while it is still dom0's,
 * donated to the hypervisor at boot, freed after the hypervisor scrubbed
 * it at destroy.
 *
 * Memory comes in 2 MiB frames wherever Linux has them free (huge_pages),
 * 4 KiB pages where not: a 2 MiB frame is one leaf in the guest's nested
 * tables and one hole in dom0's, where 512 pages take a table page in
 * each and a TLB entry per page.  Page n of the domain goes to the guest
 * frame hoist_guest_gfn(n) (include/hoist/layout.h); 2 MiB frames sit at
 * 2 MiB-aligned n, and so at 2 MiB-aligned guest frames.
 *
 * No byte of dom0's old data may reach the guest.  Debian's kernels
 * zero every page they hand out (init_on_alloc, CONFIG_INIT_ON_ALLOC_
 * DEFAULT_ON): then the memory comes zeroed and that is all.  Where Linux
 * does not, nothing is zeroed here at allocation: the hypervisor zeroes
 * each frame as it takes it (HOIST_POP_ZERO), out of dom0's reach and
 * faster than Linux would.  Only what the toolstack writes into is zeroed
 * here, first: the page written, and the other pages of a written 2 MiB
 * frame, which is donated as it is.
 */
#define pr_fmt(fmt) "hoist: " fmt

#include <linux/bitmap.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <hoist/layout.h>
#include "hoist.h"
#include "domain.h"

#define HUGE_ORDER	9	/* 2 MiB */
#define HUGE_PAGES	HOIST_POP_2M_PAGES
#define POPULATE_BATCH	512

static bool huge_pages = true;
module_param(huge_pages, bool, 0644);
MODULE_PARM_DESC(huge_pages, "Give guests 2 MiB frames where dom0 has them free (default: yes; no: 4 KiB pages only, as when memory is fragmented)");

_Static_assert(HUGE_PAGES == 1u << HUGE_ORDER, "2 MiB frames");
_Static_assert(HOIST_GUEST_LOW_PAGES % HUGE_PAGES == 0,
	       "no 2 MiB frame spans the hole");

static bool is_huge(const struct hoist_dom *d, unsigned long n)
{
	return test_bit(n / HUGE_PAGES, d->huge);
}

/* A whole 2 MiB frame, with none of Linux's reclaim effort spent on it. */
static struct page *alloc_huge(void)
{
	return alloc_pages(GFP_HIGHUSER | __GFP_NORETRY | __GFP_NOWARN,
			   HUGE_ORDER);
}

int hoist_guest_mem_alloc(struct hoist_dom *d)
{
	unsigned long n = 0, i;

	d->zeroed = want_init_on_alloc(GFP_HIGHUSER);

	while (n < d->nr_pages) {
		unsigned int order = 0;
		struct page *pg = NULL;

		if (huge_pages && IS_ALIGNED(n, HUGE_PAGES) &&
		    d->nr_pages - n >= HUGE_PAGES)
			pg = alloc_huge();
		if (pg) {
			order = HUGE_ORDER;
			__set_bit(n / HUGE_PAGES, d->huge);
		} else {
			pg = alloc_page(GFP_HIGHUSER | __GFP_NOWARN);
			if (!pg)
				return -ENOMEM;	/* the caller frees the rest */
		}
		for (i = 0; i < 1ul << order; i++)
			d->pages[n + i] = pg + i;
		n += 1ul << order;
		d->nr_huge += order ? 1 : 0;
		if (!(n % 4096))
			cond_resched();
	}
	return 0;
}

void hoist_guest_mem_free(struct hoist_dom *d)
{
	unsigned long n = 0, calls = 0;

	while (n < d->nr_pages) {
		if (is_huge(d, n)) {
			__free_pages(d->pages[n], HUGE_ORDER);
			n += HUGE_PAGES;
		} else {
			if (d->pages[n])
				__free_page(d->pages[n]);
			n++;
		}
		/* 1.5 million pages for 6 GiB of 4 KiB pages: let others run. */
		if (!(++calls % 1024))
			cond_resched();
	}
}

struct page *hoist_guest_mem_write_page(struct hoist_dom *d, unsigned long n)
{
	if (!__test_and_set_bit(n, d->written) && !d->zeroed)
		clear_highpage(d->pages[n]);
	return d->pages[n];
}

/* Zero what the toolstack did not write in the 2 MiB frame at n. */
static void clear_unwritten(struct hoist_dom *d, unsigned long n)
{
	unsigned long i;

	for (i = n; i < n + HUGE_PAGES; i++)
		hoist_guest_mem_write_page(d, i);
}

/* The populate entry for page n (and the frame it starts); its page count. */
static unsigned long entry_of(struct hoist_dom *d, unsigned long n, u64 *e)
{
	unsigned long pages = 1;

	*e = page_to_pfn(d->pages[n]);
	if (is_huge(d, n)) {
		pages = HUGE_PAGES;
		*e |= HOIST_POP_2M;
	}
	if (d->zeroed)
		return pages;
	if (pages == HUGE_PAGES) {
		/* Written in: donated as it is, once the rest is zero. */
		if (find_next_bit(d->written, n + HUGE_PAGES, n) <
		    n + HUGE_PAGES) {
			clear_unwritten(d, n);
			return pages;
		}
	} else if (test_bit(n, d->written)) {
		return pages;
	}
	*e |= HOIST_POP_ZERO;
	return pages;
}

long hoist_guest_mem_donate(struct hoist_dom *d)
{
	unsigned long n = 0;
	u64 *e;
	long r = 0;

	e = kmalloc_array(POPULATE_BATCH, sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	while (n < d->nr_pages && !r) {
		unsigned long first = n, count = 0;
		/* A call fills consecutive frames: none spans the hole. */
		unsigned long end = n < HOIST_GUEST_LOW_PAGES ?
			min_t(unsigned long, d->nr_pages, HOIST_GUEST_LOW_PAGES) :
			d->nr_pages;

		while (n < end && count < POPULATE_BATCH)
			n += entry_of(d, n, &e[count++]);
		r = hoist_populate_grow(d->domid, hoist_guest_gfn(first), e,
					count);
		cond_resched();
	}
	kfree(e);
	return r;
}
