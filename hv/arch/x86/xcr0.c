// SPDX-License-Identifier: GPL-2.0
/*
 * The XCR0 values XSETBV accepts.  Checked before the hypervisor executes
 * XSETBV for a guest: a value the CPU would refuse would #GP in host mode
 * instead of in the guest.
 */
#include <arch/xcr0.h>

u64 xcr0_user_components(u64 cpuid_d0_mask)
{
	return cpuid_d0_mask & ~XCR0_SUPERVISOR;
}

/* Components that come as a group: all of mask or none of it. */
static bool all_or_none(u64 xcr0, u64 mask)
{
	return (xcr0 & mask) == 0 || (xcr0 & mask) == mask;
}

bool xcr0_valid(u64 xcr0, u64 allowed)
{
	if (xcr0 & ~xcr0_user_components(allowed))
		return false;
	/* x87 state is always on; the rest builds on SSE, then on AVX. */
	if (!(xcr0 & XCR0_X87))
		return false;
	if ((xcr0 & XCR0_YMM) && !(xcr0 & XCR0_SSE))
		return false;
	if (!all_or_none(xcr0, XCR0_MPX) || !all_or_none(xcr0, XCR0_AVX512) ||
	    !all_or_none(xcr0, XCR0_AMX))
		return false;
	if ((xcr0 & XCR0_AVX512) && !(xcr0 & XCR0_YMM))
		return false;
	return true;
}
