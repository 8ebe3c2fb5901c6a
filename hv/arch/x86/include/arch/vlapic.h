/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A domU's local APIC, in x2APIC mode only: the guest reaches it through
 * MSRs 0x800-0x8FF, never through MMIO.  It carries what Linux uses of it:
 * IPIs (fixed, INIT, SIPI), self-IPIs, EOI and the priority registers.
 * Linux as a Xen guest takes its timer from Xen, so the APIC timer's
 * registers hold their values but never count.
 */
#ifndef ARCH_VLAPIC_H
#define ARCH_VLAPIC_H

#include <hv/types.h>

#define VLAPIC_LVT_NR		7	/* CMCI, timer, thermal, PMC, LINT0/1, error */

struct vlapic {
	u32 irr[8];		/* set by any vCPU: atomic */
	u32 isr[8];
	u32 tpr;
	u32 svr;
	u32 lvt[VLAPIC_LVT_NR];
	u32 tmict;
	u32 tdcr;
	bool wait_sipi;		/* INIT seen, the next SIPI starts it */
};

struct vcpu;

void vlapic_reset(struct vcpu *v);
/* An x2APIC MSR access: 0, or -EPERM where the access #GPs. */
int vlapic_msr(struct vcpu *v, u32 msr, bool write, u64 *val);
/* The highest vector the APIC would deliver now, or -1. */
int vlapic_pending(const struct vcpu *v);
/* The vector is being delivered: IRR to ISR. */
void vlapic_ack(struct vcpu *v, int vec);

#endif /* ARCH_VLAPIC_H */
