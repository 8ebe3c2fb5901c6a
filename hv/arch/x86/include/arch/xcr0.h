/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which values XSETBV may put in XCR0: the architectural rules (Intel SDM
 * vol. 1, 13.3; AMD APM vol. 3, XSETBV), as pure logic for the XSETBV
 * intercept.  A value these refuse is a #GP(0) on hardware too.
 */
#ifndef ARCH_XCR0_H
#define ARCH_XCR0_H

#include <hv/types.h>

#define XCR0_X87		BIT(0)
#define XCR0_SSE		BIT(1)
#define XCR0_YMM		BIT(2)	/* AVX */
#define XCR0_BNDREGS		BIT(3)	/* MPX */
#define XCR0_BNDCSR		BIT(4)
#define XCR0_OPMASK		BIT(5)	/* AVX-512 */
#define XCR0_ZMM_HI256		BIT(6)
#define XCR0_HI16_ZMM		BIT(7)
#define XCR0_PKRU		BIT(9)
#define XCR0_TILECFG		BIT(17)	/* AMX */
#define XCR0_TILEDATA		BIT(18)

#define XCR0_MPX		(XCR0_BNDREGS | XCR0_BNDCSR)
#define XCR0_AVX512		(XCR0_OPMASK | XCR0_ZMM_HI256 | XCR0_HI16_ZMM)
#define XCR0_AMX		(XCR0_TILECFG | XCR0_TILEDATA)

/*
 * Components managed through IA32_XSS only (PT, PASID, CET user and
 * supervisor, HDC, UINTR, LBR, HWP): CPUID 0xD.0 never lists them, but
 * XCR0 must not get them even if a caller's mask says otherwise.
 */
#define XCR0_SUPERVISOR		(BIT(8) | BIT(10) | BIT(11) | BIT(12) | \
				 BIT(13) | BIT(14) | BIT(15) | BIT(16))

/*
 * Whether XSETBV(0, xcr0) is legal when the hypervisor allows the
 * components in allowed (a subset of CPUID 0xD.0 EDX:EAX).
 */
bool xcr0_valid(u64 xcr0, u64 allowed);
/* The components of CPUID 0xD.0 EDX:EAX that XCR0 may ever hold. */
u64 xcr0_user_components(u64 cpuid_d0_mask);

#endif /* ARCH_XCR0_H */
