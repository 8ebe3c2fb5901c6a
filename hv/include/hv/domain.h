/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest domains.  A domain owns the pages dom0 donated to it: they are in
 * its nested page tables and in no one else's.  Destroying it scrubs every
 * page and gives it back to dom0.
 */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include <hv/types.h>
#include <hv/arch.h>
#include <hv/paging.h>
#include <hv/spinlock.h>
#include <hv/vcpu.h>
#include <hv/xen_guest.h>
#include <hoist/hypercall.h>

struct grant_table;

#define DOM_CONSOLE_PAGES	4
#define DOM_CONSOLE_SIZE	(DOM_CONSOLE_PAGES * 4096)

/*
 * A domain's life, every step under d->lock with the state checked there:
 * BUILDING (populate, boot once) -> sealed (runs, pauses) -> DYING (no
 * vCPU runs again; DESTROY scrubs in bounded steps) -> gone (out of the
 * table; freed at the last domain_put()).
 */
struct domain {
	u32 id;
	u32 flags;		/* HOIST_DOM_BUILDING, PAUSED, SHUTDOWN, DYING */
	u32 shutdown_reason;
	u32 nr_vcpus;
	u64 max_pages;
	u64 pages;
	u64 instance;		/* unique for the hypervisor's lifetime */
	u64 tlb_gen;		/* dom0 TLBs must be this fresh before it runs */
	u32 refs;		/* hypercalls using it (domain_get), under table_lock */
	bool gone;		/* destroyed: the last domain_put() frees it */
	bool console_new;	/* output since dom0 last looked */
	bool booted;		/* vCPU 0 and the special pages are set */
	bool scrubbing;		/* DESTROY under way: guest pages forgotten */
	u64 destroy_cursor;	/* DESTROY: next gfn to look at, as an address */
	struct pt npt;
	struct vcpu *vcpus[HOIST_MAX_VCPUS];
	struct spinlock lock;
	char *console;
	u64 con_head, con_tail;

	/* Xen guest ABI (xen_guest.h) */
	struct shared_info *shared_info;	/* the guest's page, or NULL */
	struct xencons_interface *cons_ring;	/* the guest's page, or NULL */
	u64 console_gfn;			/* 0: no console ring */
	u64 tsc0;				/* host TSC at system time 0 */
	u32 tsc_mul;				/* pvclock scale */
	s32 tsc_shift;
	u64 wc_sec;				/* wall clock at system time 0 */
	u32 wc_nsec;
	u64 store_gfn;				/* 0: no store page */
	u32 store_port;
	struct grant_table *gnt;		/* grant_table.h */
	u8 callback_vector;			/* HVM_PARAM_CALLBACK_IRQ; 0 none */
	u32 kick;				/* vCPUs with new events */
	struct spinlock evtchn_lock;
	struct evtchn evtchn[DOM_EVTCHN_PORTS];

	struct arch_domain arch;
};

/* t has new events: dom0 wakes its thread (struct hoist_run's kick). */
static inline void vcpu_kick(const struct vcpu *t)
{
	__atomic_fetch_or(&t->dom->kick, 1u << t->id, __ATOMIC_SEQ_CST);
}

/* Global dom0 TLB generation: bumped whenever dom0 loses pages or tables. */
extern u64 dom0_tlb_gen;
/* dom0's nested tables: a table coalescing frees waits for every CPU's flush. */
extern const struct pt_ops dom0_npt_ops;
/*
 * Give the pool back at most max of the waiting tables every hoisted CPU
 * has flushed past; returns how many it gave back.
 */
u64 dom0_npt_reclaim(u64 max);
/* The oldest dom0 TLB generation a hoisted CPU may still cache. */
u64 dom0_tlb_seen_min(void);
/*
 * HOIST_HC_POOL_GROW and HOIST_HC_POOL_SHRINK (hypercall.h): a 2 MiB chunk
 * moves from dom0's NPT to the pool, or back.
 */
long pool_grow(u64 pa);
long pool_shrink(u64 pa);
#define RECLAIM_BATCH	64	/* tables per call: bounded work */
/*
 * dom0 lost pages or nested tables since CPU c last flushed: its next
 * VMRUN into dom0 flushes, and c counts as flushed from now on.
 */
void dom0_tlb_catch_up(struct hv_cpu *c);

/*
 * A domain by id, held until domain_put(): a destroy on another CPU waits
 * (-EBUSY) rather than free it under the caller.
 */
struct domain *domain_get(u32 domid);
void domain_put(struct domain *d);
/* dom0's NPT, safely against concurrent donation and return of pages. */
int dom0_npt_lookup(u64 gpa, u64 *hpa, u64 *flags);
long domain_create(u64 max_pages, u32 nr_vcpus, u32 max_grant_frames,
		   u32 *domid);
/* vCPU vcpu's PVH entry and the special pages: once, while BUILDING. */
long domain_boot(struct domain *d, u32 vcpu, const struct hoist_vcpu_boot *b);
/* Domains in the table, dying ones included. */
u32 domain_count(void);
/* No domain exists: the caller may leave (and the hypervisor is exposed). */
bool domain_allow_devirt(void);
/* A CPU ran dom0's code natively: no more domains (hv.cpu_exposed). */
void domain_cpu_exposed(void);
bool domain_cpus_all_hoisted(void);
long domain_populate(struct vcpu *caller, struct domain *d, u64 gfn,
		     u64 pfns_gva, u64 count);
long domain_seal(struct domain *d);
/*
 * A continuation: -EAGAIN while pages remain to scrub (call again), -EBUSY
 * while a vCPU still runs, 0 once d is out of the table with all its
 * memory back with dom0 (freed at the last put).
 */
long domain_destroy(struct domain *d);
void domain_shutdown(struct domain *d, u32 reason);
void domain_crash(struct domain *d, const char *why, u64 detail);
void domain_info(const struct domain *d, struct hoist_hc_domain_info *info);
void domain_console_put(struct domain *d, const char *s, size_t n);
size_t domain_console_get(struct domain *d, char *dst, size_t len);
bool domain_tlb_synced(const struct domain *d);

/*
 * Grants in dom0's nested tables (grant_table.c uses them under d->lock).
 * Map: the host page at hpa is dom0's to reach again (read-only unless
 * rw), splitting a 2 MiB hole as needed.  Unmap: it is not, and the
 * returned dom0 TLB generation is the one every CPU must have seen before
 * the guest gets it back.
 */
long dom0_npt_grant_map(u64 hpa, bool rw);
u64 dom0_npt_grant_unmap(u64 hpa);
/*
 * Copy len bytes from src to dst, one of which is in dom0's page at lhpa
 * (the destination if local_dest): GNTST_okay, or GNTST_permission_denied
 * if that page is not dom0's own RAM (writable, for a destination).
 */
s16 dom0_frame_copy(u64 lhpa, void *dst, const void *src, u16 len,
		    bool local_dest);
/* Unmaps waiting for every CPU's flush, over all domains. */
void dom0_gnt_releasing_add(void);
void dom0_gnt_releasing_done(void);
/* HOIST_HC_TLB_SYNC: release the grants every CPU has flushed past. */
void domain_gnt_reclaim_all(void);
/*
 * Why the domain's vCPUs should stop running (HOIST_RUN_*: paused, shut
 * down, dying), or VCPU_STOP_NONE.
 */
u32 domain_stop_reason(const struct domain *d);

#endif /* HV_DOMAIN_H */
