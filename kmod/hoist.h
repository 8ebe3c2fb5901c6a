/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces of the Hoist module. */
#ifndef HOIST_KMOD_H
#define HOIST_KMOD_H

#include <linux/cpumask.h>
#include <linux/types.h>
#include <hoist/hypercall.h>

/* CPUs currently running under the hypervisor. */
extern struct cpumask hoist_cpus;

/* hv_image.S: the hypervisor image (hv.bin), linked into the module. */
extern const u8 hoist_hv_image[], hoist_hv_image_end[];

/*
 * A hypercall from dom0's kernel: VMMCALL with Xen's register convention.
 * The caller must stay on a hoisted CPU (preemption off); on a native CPU
 * VMMCALL would raise #UD.
 */
static inline long hoist_vmmcall(unsigned long nr, unsigned long a1,
				 unsigned long a2, unsigned long a3)
{
	long ret;

	asm volatile(".byte 0x0f, 0x01, 0xd9"
		     : "=a"(ret)
		     : "a"(nr), "D"(a1), "S"(a2), "d"(a3)
		     : "memory");
	return ret;
}

static inline long hoist_vmmcall4(unsigned long nr, unsigned long a1,
				  unsigned long a2, unsigned long a3,
				  unsigned long a4)
{
	register unsigned long r10 asm("r10") = a4;
	long ret;

	asm volatile(".byte 0x0f, 0x01, 0xd9"
		     : "=a"(ret)
		     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
		     : "memory");
	return ret;
}

long hoist_hypercall(unsigned long nr, unsigned long a1, unsigned long a2,
		     unsigned long a3);
long hoist_hypercall4(unsigned long nr, unsigned long a1, unsigned long a2,
		      unsigned long a3, unsigned long a4);

/*
 * The ioctls of /dev/hoist, dispatched by dev.c, which copies the request
 * (the command's struct) in and out: each handler gets the kernel's copy.
 * domctl.c: a domain's lifecycle and the queries about it.
 */
long hoist_domain_create(void *req);
long hoist_domain_write(void *req);
long hoist_domain_boot(void *req);
long hoist_domain_pause(void *req);
long hoist_domain_unpause(void *req);
long hoist_domain_destroy(void *req);
long hoist_domain_list(void *req);
long hoist_vcpu_list(void *req);
long hoist_domain_wait(void *req);
void hoist_domains_destroy_all(void);

/* gnt.c: dom0's use of domUs' grants */
long hoist_gnt_map(void *req);
long hoist_gnt_copy(void *req);

/* console.c: a domain's console */
long hoist_console_read(void *req);
long hoist_console_write(void *req);

/*
 * evtchn.c: event channels with domUs (an fd as /dev/xen/evtchn);
 * hoist_evtchn_deliver() fetches dom0's pending ports and wakes their fds.
 */
long hoist_evtchn_alloc_unbound(void *req);
long hoist_evtchn_open(void *req);
void hoist_evtchn_deliver(void);
/* domain_events.c: an fd readable when a domain came or went */
long hoist_domain_events_open(void *req);
void hoist_domain_events_changed(void);
/* domain.c: the domain registry (more in domain.h) */
bool hoist_domains_exist(void);

/* cpu.c */
int hoist_all_cpus(long (*entry)(u32 cpu));
void hoist_release_all_cpus(void);
void hoist_tlb_sync_all(void);

/*
 * pool.c: the hypervisor's memory, grown on demand.  The _grow calls are
 * hoist_hypercall() and a populate for the calls that allocate in the
 * hypervisor: on -ENOMEM they give it more memory and call again.
 */
unsigned int hoist_pool_limit(unsigned int at_load);
long hoist_hypercall_grow(unsigned long nr, unsigned long a1,
			  unsigned long a2, unsigned long a3);
long hoist_populate_grow(u32 domid, unsigned long gfn, u64 *pfns,
			 unsigned long n);
void hoist_pool_shrink(void);
void hoist_pool_free_all(void);

/* dev.c */
int hoist_dev_init(void);
void hoist_dev_exit(void);
long hoist_ioctl_copy_out(u64 ubuf, const void *buf, size_t len);

#endif /* HOIST_KMOD_H */
