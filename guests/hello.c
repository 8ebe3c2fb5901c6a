/*
 * hello: the smallest end-to-end check of a domU: entry, start_info,
 * memory map, command line, console, shutdown.
 *
 * Output:
 *   Hello from a Hoist domU
 *   hello: memmap N: 0xSTART-0xEND type T     (one per entry)
 *   hello: memory M MiB                       (sum of RAM entries)
 *   hello: cmdline "TEXT"                     or: hello: cmdline (none)
 */
#include "guest.h"

GUEST("hello");

void guest_main(const struct hvm_start_info *si)
{
	unsigned int nr;
	const struct hvm_memmap_table_entry *e = memmap_entries(si, &nr);
	const char *cmdline = cmdline_string(si);
	uint64_t ram = memmap_ram_bytes(si);

	gprintf("Hello from a Hoist domU\n");
	if (!nr)
		guest_fail("start_info (version %u) has no memmap", si->version);
	for (unsigned int i = 0; i < nr; i++)
		gprintf("hello: memmap %u: 0x%lx-0x%lx type %u\n", i,
			(unsigned long)e[i].addr,
			(unsigned long)(e[i].addr + e[i].size - 1), e[i].type);
	if (!ram)
		guest_fail("the memmap has no RAM entry");
	gprintf("hello: memory %lu MiB\n", (unsigned long)(ram >> 20));
	if (cmdline)
		gprintf("hello: cmdline \"%s\"\n", cmdline);
	else
		gprintf("hello: cmdline (none)\n");
	guest_pass();
}
