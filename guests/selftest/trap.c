/*
 * Offline self-test only: an unexpected exception must give a FAIL line
 * (lib/traps.c), not a silent triple fault.  A non-canonical load: #GP.
 */
#include "guest.h"

GUEST("trap");

void guest_main(const struct hvm_start_info *si)
{
	(void)si;
	gprintf("trap: loading from a non-canonical address\n");
	(void)*(volatile uint64_t *)(uintptr_t)0x8000000000000000ull;
	guest_fail("the load did not fault");
}
