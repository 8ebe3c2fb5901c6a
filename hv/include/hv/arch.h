/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The architecture layer as generic code sees it: the arch halves of the
 * generic structures (arch/arch_types.h, types only) and the calls below.
 * The generic files (hv/, not hv/arch/) reach the architecture through
 * this header alone.
 */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include <hv/types.h>
#include <arch/arch_types.h>

struct domain;
struct hv_cpu;
struct vcpu;
struct vcpu_hvm_context;

/*
 * A domU vCPU's hardware state (its VMCB, FPU area, x2APIC): 0 or
 * -ENOMEM.  Free also undoes a failed init.
 */
int arch_vcpu_init(struct vcpu *v);
void arch_vcpu_free(struct vcpu *v);
/* Xen's PVH entry: 32-bit protected mode, paging off, EBX = start_info. */
void arch_vcpu_set_pvh_entry(struct vcpu *v, u64 entry, u64 start_info);
/* VCPUOP_initialise: a secondary vCPU's first state, or -EINVAL. */
int arch_vcpu_set_hvm_context(struct vcpu *v,
			      const struct vcpu_hvm_context *ctx);
/*
 * This CPU switches from dom0 to domU vCPU v (state VMRUN does not switch:
 * FPU, XCR0, debug registers, TSC_AUX), and back.
 */
void arch_vcpu_switch_to(struct hv_cpu *c, struct vcpu *v);
void arch_vcpu_switch_from(struct hv_cpu *c, struct vcpu *v);
/* The next VMRUN of v flushes its TLB. */
void arch_vcpu_flush_tlb(struct vcpu *v);
/* What v's pending hypercall returns (dom0's VCPU_RUN when a run ends). */
void arch_vcpu_set_hypercall_result(struct vcpu *v, long r);

/* An interrupt is waiting for v: from its x2APIC or an event upcall. */
bool arch_vcpu_interrupt_pending(const struct vcpu *v);
/* ... and v's interrupt flag lets it in now. */
bool arch_vcpu_interrupt_ready(const struct vcpu *v);

/*
 * A new domain's arch state (its ASID), under the domain table's lock:
 * 0, or -ENOSPC.  Destroy gives it back, under the same lock.
 */
int arch_domain_create(struct domain *d);
void arch_domain_destroy(struct domain *d);

/* The CPU's time-stamp counter, what all of the hypervisor's time counts. */
u64 arch_read_tsc(void);

#endif /* HV_ARCH_H */
