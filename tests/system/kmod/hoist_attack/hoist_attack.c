// SPDX-License-Identifier: GPL-2.0
/*
 * hoist_attack: dom0's kernel tries to read and write every page of RAM
 * by physical address, through the direct map and through a fresh vmap()
 * alias, and counts what it cannot touch.  Hoisted, the pages it cannot
 * read must be exactly the hypervisor's, and none of them may change.
 *
 * With needle_rot13=TEXT it also searches every page it can read for
 * rot13(TEXT): a secret a guest keeps in its memory must not be found.
 * The needle is given encoded so that the only plain copy in dom0 is the
 * one this module makes, on a page the search skips.
 *
 * With rw_check=1 it also writes every page it can read, with a locked
 * add of 0 (nothing changes, whoever else writes it meanwhile), and
 * counts those it cannot write in readonly_pages: a read-only grant dom0
 * maps is one (scenario grants).
 *
 * Results are read from /sys/module/hoist_attack/parameters/.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/asm.h>

static unsigned long pages;
static unsigned long read_blocked;
static unsigned long write_blocked;
static unsigned long alias_blocked;
static unsigned long first_blocked_pfn;
static unsigned long last_blocked_pfn;
static unsigned long runs;
static bool rw_check;
static unsigned long readonly_pages;

module_param(pages, ulong, 0444);
module_param(read_blocked, ulong, 0444);
module_param(write_blocked, ulong, 0444);
module_param(alias_blocked, ulong, 0444);
module_param(first_blocked_pfn, ulong, 0444);
module_param(last_blocked_pfn, ulong, 0444);
module_param(runs, ulong, 0444);
module_param(rw_check, bool, 0444);
module_param(readonly_pages, ulong, 0444);

static char *needle_rot13;
static unsigned long needle_found;
module_param(needle_rot13, charp, 0444);
module_param(needle_found, ulong, 0444);

static char *needle;		/* decoded, on a page of its own */
static char *scratch;		/* a copy of the page being searched */

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

/* A write that changes nothing; false if it faults (err stays 1). */
static bool try_rmw(void *p)
{
	int err = 1;

	asm volatile("1: lock addq $0, %[mem]\n"
		     "movl $0, %[err]\n"
		     "2:\n"
		     _ASM_EXTABLE(1b, 2b)
		     : [err] "+r"(err), [mem] "+m"(*(u64 *)p)
		     : : "memory");
	return !err;
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

static char rot13(char c)
{
	if (c >= 'a' && c <= 'z')
		return 'a' + (c - 'a' + 13) % 26;
	if (c >= 'A' && c <= 'Z')
		return 'A' + (c - 'A' + 13) % 26;
	return c;
}

static bool contains(const char *hay, size_t len, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + n <= len; i++)
		if (hay[i] == s[0] && !memcmp(hay + i, s, n))
			return true;
	return false;
}

static void search(unsigned long pfn, void *p)
{
	size_t n = strlen(needle);

	if (pfn == PHYS_PFN(__pa(needle)) || pfn == PHYS_PFN(__pa(scratch)))
		return;
	if (copy_from_kernel_nofault(scratch, p, PAGE_SIZE))
		return;
	if (contains(scratch, PAGE_SIZE, needle, n)) {
		if (!needle_found)
			pr_info("hoist_attack: needle found at pfn %lx\n", pfn);
		needle_found++;
	}
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
		if (try_read(p, &val)) {
			if (needle)
				search(pfn, p);
			if (rw_check && !try_rmw(p))
				readonly_pages++;
			continue;
		}
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
	if (needle_rot13 && *needle_rot13) {
		size_t i, n = strnlen(needle_rot13, PAGE_SIZE - 1);

		needle = (char *)get_zeroed_page(GFP_KERNEL);
		scratch = (char *)__get_free_page(GFP_KERNEL);
		if (!needle || !scratch) {
			free_page((unsigned long)needle);
			free_page((unsigned long)scratch);
			return -ENOMEM;
		}
		for (i = 0; i < n; i++)
			needle[i] = rot13(needle_rot13[i]);
	}
	scan();
	if (needle) {
		memset(needle, 0, PAGE_SIZE);
		free_page((unsigned long)needle);
		free_page((unsigned long)scratch);
		needle = NULL;
	}
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
