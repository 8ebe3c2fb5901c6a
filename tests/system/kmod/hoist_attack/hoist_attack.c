// SPDX-License-Identifier: GPL-2.0
/*
 * hoist_attack: dom0's kernel tries to read and write every page of RAM
 * by physical address, through the direct map and through a fresh vmap()
 * alias, and counts what it cannot touch.  Hoisted, the pages it cannot
 * read must be exactly the hypervisor's, and none of them may change.
 *
 * Results are read from /sys/module/hoist_attack/parameters/.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

static unsigned long pages;
static unsigned long read_blocked;
static unsigned long write_blocked;
static unsigned long alias_blocked;
static unsigned long first_blocked_pfn;
static unsigned long last_blocked_pfn;
static unsigned long runs;

module_param(pages, ulong, 0444);
module_param(read_blocked, ulong, 0444);
module_param(write_blocked, ulong, 0444);
module_param(alias_blocked, ulong, 0444);
module_param(first_blocked_pfn, ulong, 0444);
module_param(last_blocked_pfn, ulong, 0444);
module_param(runs, ulong, 0444);

static bool try_read(void *p, u64 *val)
{
	return !copy_from_kernel_nofault(val, p, sizeof(*val));
}

static bool try_write(void *p, u64 val)
{
	__put_kernel_nofault(p, &val, u64, fault);
	return true;
fault:
	return false;
}

/* Through a second virtual mapping of the same physical page. */
static bool alias_readable(unsigned long pfn)
{
	struct page *page = pfn_to_page(pfn);
	void *alias = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	u64 val;
	bool ok;

	if (!alias)
		return true;
	ok = try_read(alias, &val);
	vunmap(alias);
	return ok;
}

static void scan(void)
{
	unsigned long pfn, end = PHYS_PFN(__pa(high_memory));
	u64 val;

	for (pfn = 0; pfn < end; pfn++) {
		void *p;

		if (!page_is_ram(pfn))
			continue;
		pages++;
		p = __va(PFN_PHYS(pfn));
		if (try_read(p, &val))
			continue;
		if (!read_blocked++)
			first_blocked_pfn = pfn;
		last_blocked_pfn = pfn;
		/* Writing garbage where we could not read must fail too. */
		if (!try_write(p, 0xbadc0ffee0ddf00dull))
			write_blocked++;
		if (!alias_readable(pfn))
			alias_blocked++;
		cond_resched();
	}
	runs++;
}

static int __init hoist_attack_init(void)
{
	scan();
	pr_info("hoist_attack: %lu pages, %lu unreadable (pfn %lx-%lx), %lu unwritable, %lu unreadable by alias\n",
		pages, read_blocked, first_blocked_pfn, last_blocked_pfn,
		write_blocked, alias_blocked);
	return 0;
}

static void __exit hoist_attack_exit(void)
{
}

module_init(hoist_attack_init);
module_exit(hoist_attack_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Hoist test: dom0 tries to touch every page of RAM");
