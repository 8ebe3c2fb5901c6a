/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest domains, dom0's side: the record the domain files share, and what
 * each of them offers the others.
 *
 *   domain.c   the registry: live domains, graveyard, references
 *   vcpu.c     the vCPU kernel threads, their timers and run loop
 *   domctl.c   the lifecycle ioctls (create ... destroy, list, wait)
 *   console.c  the console ioctls and the output a destroy keeps
 *   guest_mem.c  its memory: allocated, written, donated, freed
 *
 * Locks: domains_lock (private to domain.c) guards the lists (live
 * domains, graveyard) and is held only briefly; each domain's own mutex
 * serialises what changes it (write, boot, pause, console input, destroy),
 * so a long destroy stalls nobody else.  Read-only calls (list, vcpu-list,
 * console output) take no domain lock: the hypervisor holds a domain while
 * a call uses it.
 */
#ifndef HOIST_KMOD_DOMAIN_H
#define HOIST_KMOD_DOMAIN_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <hoist/ioctl.h>

struct page;

struct hoist_dom {
	struct list_head node;
	struct kref ref;
	struct mutex lock;
	u32 domid;
	char name[HOIST_NAME_MAX];
	u64 mem_kb;
	u32 vcpus;
	u32 max_grant_frames;		/* its grant table's most frames */
	struct page **pages;		/* page n of its memory (guest_mem.c) */
	unsigned long nr_pages;
	unsigned long *huge;		/* per 2 MiB of pages: one frame */
	unsigned long *written;		/* per page: zeroed and written here */
	unsigned long nr_huge;		/* 2 MiB frames among them */
	bool zeroed;			/* Linux zeroed them (init_on_alloc) */
	bool booted;			/* under lock */
	bool gone;			/* destroyed in the hypervisor; under lock */
	bool in_grave;			/* on the graveyard; under domains_lock */
	bool shut;			/* shut down (reason in the hypervisor) */
	atomic_t state_gen;		/* unpause, vCPU up, shutdown, destroy */
	atomic_t console_gen;
	atomic_t kick_gen[HOIST_MAX_VCPUS];	/* an event for that vCPU */
	wait_queue_head_t wq;
	struct task_struct *threads[HOIST_MAX_VCPUS];
	struct page *console_page;	/* the guest's ring page, at console_gfn */
	struct page *store_page;	/* the xenstore ring, at store_gfn */
	bool revoking;			/* destroy: no new grant maps (under lock) */
	char *leftover;			/* console output unread at destroy */
	size_t leftover_len, leftover_pos;
};

/* Wake whoever waits for the domain to change (vCPU threads, WAIT). */
static inline void hoist_dom_state_changed(struct hoist_dom *d)
{
	atomic_inc(&d->state_gen);
	wake_up_all(&d->wq);
}

/* domain.c */
struct hoist_dom *hoist_dom_alloc(const char *name, u64 mem_kb, u32 vcpus);
long hoist_dom_register(struct hoist_dom *d);
struct hoist_dom *hoist_dom_get(u32 domid);
long hoist_dom_ioctl(u32 domid, bool malformed,
		     long (*fn)(struct hoist_dom *d, void *arg), void *arg);
struct hoist_dom *hoist_dom_get_console(u32 domid);
struct hoist_dom *hoist_dom_get_first(void);
void hoist_dom_put(struct hoist_dom *d);
void hoist_dom_destroyed(struct hoist_dom *d);
void hoist_graves_clear(void);
long hoist_grave_read(struct hoist_dom *d, char *buf, size_t len);
u32 hoist_dom_list_info(struct hoist_domain_info *buf, u32 max);
long hoist_dom_info(struct hoist_dom *d, struct hoist_domain_info *out);

/* vcpu.c */
int hoist_vcpus_start(struct hoist_dom *d);
void hoist_vcpus_stop(struct hoist_dom *d);
void hoist_vcpus_kick(struct hoist_dom *d, u32 mask);

/* guest_mem.c */
int hoist_guest_mem_alloc(struct hoist_dom *d);
void hoist_guest_mem_free(struct hoist_dom *d);
struct page *hoist_guest_mem_write_page(struct hoist_dom *d, unsigned long n);
long hoist_guest_mem_donate(struct hoist_dom *d);

/* console.c */
void hoist_console_save(struct hoist_dom *d);

/* gnt.c: under d->lock, before a destroy: every map of its grants goes */
void hoist_gnt_revoke(struct hoist_dom *d);

#endif /* HOIST_KMOD_DOMAIN_H */
