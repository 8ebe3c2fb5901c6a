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

#include <arch/arch_types.h>	/* struct vlapic, in struct arch_vcpu */

struct vcpu;

void vlapic_reset(struct vcpu *v);
/* An x2APIC MSR access: 0, or -EPERM where the access #GPs. */
int vlapic_msr(struct vcpu *v, u32 msr, bool write, u64 *val);
/* The highest vector the APIC would deliver now, or -1. */
int vlapic_pending(const struct vcpu *v);
/* The vector is being delivered: IRR to ISR. */
void vlapic_ack(struct vcpu *v, int vec);

#endif /* ARCH_VLAPIC_H */
