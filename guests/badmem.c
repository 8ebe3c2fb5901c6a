/*
 * badmem: reads, then writes, a guest-physical address that no memmap
 * entry covers (mapped by our page tables, backed by nothing).  The
 * hypervisor must crash the domain at the read.  If both accesses return
 * the guest says so and powers off, so a test can tell the two apart:
 *   crash                              -> the hypervisor stopped it (good)
 *   "HOIST-GUEST: FAIL badmem: access outside memory succeeded" + poweroff
 *
 * Command line: addr=0x... (default: the first 2 MiB boundary at or above
 * 2 GiB, and above the end of RAM, that no memmap entry covers; it must be
 * below 0xFEC00000, where our identity map holds no MMIO of interest).
 * Output: badmem: RAM ends at 0xTOP, reading 0xADDR
 *         badmem: read returned 0xV, writing      (only if the read returns)
 */
#include "guest.h"

GUEST("badmem");

#define TWO_MIB		0x200000ull
#define DEFAULT_ADDR	0x80000000ull	/* 2 GiB */
#define MMIO_START	0xfec00000ull	/* IOAPIC, LAPIC, firmware: not ours */

void guest_main(const struct hvm_start_info *si)
{
	uint64_t top = memmap_ram_top(si);
	uint64_t addr = cmdline_u64(si, "addr", 0);

	if (!top)
		guest_fail("no RAM in the memmap: cannot tell where memory ends");
	if (!addr) {
		addr = ((top + TWO_MIB - 1) & ~(TWO_MIB - 1)) + TWO_MIB;
		if (addr < DEFAULT_ADDR)
			addr = DEFAULT_ADDR;
		while (addr < MMIO_START && memmap_covers(si, addr, sizeof(uint32_t)))
			addr += TWO_MIB;
	}
	if (addr < top || memmap_covers(si, addr, sizeof(uint32_t)))
		guest_fail("0x%lx is not outside the memmap (RAM ends at 0x%lx)",
			   (unsigned long)addr, (unsigned long)top);
	if (addr + sizeof(uint32_t) > MMIO_START)
		guest_fail("0x%lx is not below 0x%lx", (unsigned long)addr,
			   (unsigned long)MMIO_START);

	volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)addr;

	gprintf("badmem: RAM ends at 0x%lx, reading 0x%lx\n",
		(unsigned long)top, (unsigned long)addr);
	uint32_t v = *p;

	gprintf("badmem: read returned 0x%x, writing\n", v);
	*p = v ^ 0xa5a5a5a5u;
	guest_fail_shutdown(SHUTDOWN_poweroff, "access outside memory succeeded");
}
