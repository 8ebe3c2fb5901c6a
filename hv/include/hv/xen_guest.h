/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Xen guest ABI a PVH domU sees beyond plain hypercalls: shared_info
 * and vcpu_info, the pvclock, single-shot timers, 2-level event channels
 * delivered through the callback vector, and the console ring, whose
 * backend is the hypervisor itself (dom0 never maps the guest's page).
 */
#ifndef HV_XEN_GUEST_H
#define HV_XEN_GUEST_H

#include <hv/types.h>

#define DOM_EVTCHN_PORTS	256	/* ports a domain may bind */

/* The Xen version a domU is shown (XENVER_version, CPUID): 4.17. */
#define XEN_VERSION_COMPAT	((4u << 16) | 17u)
/* The MSR a hypercall page is asked for with (CPUID XEN_CPUID_BASE + 2). */
#define MSR_XEN_HYPERCALL_PAGE	0x40000000u

enum evtchn_type {
	ECS_FREE,
	ECS_VIRQ,		/* a VIRQ of one vCPU */
	ECS_IPI,		/* an IPI to one vCPU */
	ECS_CONSOLE,		/* the console ring: its peer is the hypervisor */
	ECS_UNBOUND,		/* waits for dom0 to bind it (remote domain 0) */
	ECS_INTERDOMAIN,	/* bound to dom0's port `remote` */
};

struct evtchn {
	u8 type;		/* enum evtchn_type */
	u8 virq;
	u16 vcpu;		/* the vCPU notified */
	u16 remote;		/* ECS_INTERDOMAIN: dom0's port */
	u16 pad;
};

struct domain;
struct vcpu;

/* evtchn.c */
void evtchn_domain_init(struct domain *d);
long evtchn_op(struct vcpu *v, u64 cmd, u64 arg);
/* Mark port pending and notify its vCPU (kicking it if it is not self). */
void evtchn_raise(struct domain *d, u32 port, const struct vcpu *self);
void evtchn_raise_virq(struct vcpu *v, u32 virq);
bool evtchn_is_pending(const struct domain *d, u32 port);
/* The guest has an event upcall pending (vcpu_info.evtchn_upcall_pending). */
bool vcpu_upcall_pending(const struct vcpu *v);
/*
 * dom0's side of an interdomain channel (evtchn_dom0.c calls these, each
 * under d->evtchn_lock, taken after dom0's own lock).  A channel is live
 * while the domU's port is ECS_INTERDOMAIN naming dom0's port: the domU's
 * close alone ends it, and dom0's port is then dead until dom0 closes it.
 */
long evtchn_alloc_unbound_for_dom0(struct domain *d);
long evtchn_bind_dom0(struct domain *d, u32 port, u16 dom0_port);
void evtchn_unbind_dom0(struct domain *d, u32 port, u16 dom0_port);
void evtchn_send_from_dom0(struct domain *d, u32 port, u16 dom0_port);

/* evtchn_dom0.c: dom0's ports */
long evtchn_dom0_op(struct vcpu *c, u64 op, u64 arg);
/* A domU sent on dom0's port: pending now; true if it was not before. */
bool evtchn_dom0_set_pending(u32 dom0_port);

/* xen_time.c */
void xen_time_init(struct domain *d, u64 tsc, u64 wc_sec, u32 wc_nsec);
u64 domain_system_time(const struct domain *d);
long xen_map_shared_info(struct vcpu *v, u64 gfn);
long xen_register_vcpu_info(struct vcpu *t, u64 gfn, u32 offset);
long xen_set_timer(struct vcpu *t, u64 deadline_ns, bool future);
/* Fire the vCPU's timer if due; ns until it fires (0: none) otherwise. */
u64 xen_check_timer(struct vcpu *v);

/* console_ring.c */
long console_ring_attach(struct domain *d);
void console_ring_drain(struct domain *d);
long console_ring_input(struct domain *d, const char *buf, u64 len);

#endif /* HV_XEN_GUEST_H */
