// SPDX-License-Identifier: GPL-2.0
/*
 * The lifecycle ioctls of guest domains: CREATE, WRITE, BOOT, PAUSE,
 * UNPAUSE, DESTROY, and the queries LIST, VCPU_LIST and WAIT.  The module
 * allocates a domain's memory from Linux, lets the toolstack fill it while
 * it is still dom0's, then donates every page to the hypervisor, after
 * which dom0 can no longer touch it; a destroy has the hypervisor scrub it
 * and gives it back to Linux.  The console ioctls are in console.c.
 */
#define pr_fmt(fmt) "hoist: " fmt

#include <linux/ctype.h>
#include <linux/delay.h>
#include <linux/highmem.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <asm/tsc.h>
#include <hoist/ioctl.h>
#include <hoist/layout.h>
#include <hoist/xen.h>
#include "hoist.h"
#include "domain.h"

#define DESTROY_BUSY_MS	10000	/* a vCPU run by someone else must end by then */

static bool valid_name(const char *name)
{
	size_t i, n = strnlen(name, HOIST_NAME_MAX);

	if (!n || n == HOIST_NAME_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum(name[i]) && !strchr("_.-", name[i]))
			return false;
	return true;
}

long hoist_domain_create(void *data)
{
	struct hoist_domain_create *req = data;
	struct hoist_dom *d;
	long r;

	if (!valid_name(req->name) || !req->mem_kb || req->mem_kb % 4 ||
	    !req->vcpus || req->vcpus > HOIST_MAX_VCPUS || req->pad ||
	    req->max_grant_frames > GNTTAB_MAX_FRAMES)
		return -EINVAL;
	/*
	 * What cannot fit fails before anything is allocated: the memory
	 * Linux could hand out without swapping (MemAvailable), as the
	 * toolstack's message reports it.
	 */
	if (req->mem_kb / 4 > si_mem_available())
		return -ENOMEM;
	d = hoist_dom_alloc(req->name, req->mem_kb, req->vcpus);
	if (!d)
		return -ENOMEM;
	d->max_grant_frames = req->max_grant_frames ?: GNTTAB_DEFAULT_MAX_FRAMES;
	r = hoist_guest_mem_alloc(d);
	if (!r)
		r = hoist_dom_register(d);
	if (r)
		goto free;

	/* Should the answer not reach the caller, it can list and destroy d. */
	req->domid = d->domid;
	return 0;

free:
	hoist_guest_mem_free(d);
	hoist_dom_put(d);
	return r;
}

/*
 * Is [gpa, gpa + len) inside d's RAM (layout.h), in one piece?  Then the
 * write cannot fail half-way for want of a page.
 */
static bool write_in_ram(struct hoist_dom *d, u64 gpa, u64 len)
{
	u64 first, last;

	if (!len)
		return true;
	if (gpa + len < gpa ||
	    hoist_guest_page(gpa >> PAGE_SHIFT, d->nr_pages, &first) ||
	    hoist_guest_page((gpa + len - 1) >> PAGE_SHIFT, d->nr_pages, &last))
		return false;
	/* Both ends in RAM, and no hole between them. */
	return hoist_guest_gfn(last) - hoist_guest_gfn(first) == last - first;
}

long hoist_domain_write(void *data)
{
	struct hoist_domain_write *req = data;
	struct hoist_dom *d;
	long r = 0;

	d = hoist_dom_get(req->domid);
	if (!d)
		return -ENOENT;
	/* Under the domain's lock: a boot donates, a destroy frees the pages. */
	mutex_lock(&d->lock);
	if (req->pad || !write_in_ram(d, req->gpa, req->len))
		r = -EINVAL;
	else if (d->gone)
		r = -ENOENT;
	else if (d->booted)
		r = -EBUSY;	/* the memory is the guest's now */
	while (!r && req->len) {
		u64 n_page = 0;
		struct page *pg;
		size_t off = offset_in_page(req->gpa);
		size_t n = min_t(u64, req->len, PAGE_SIZE - off);
		void *va;

		hoist_guest_page(req->gpa >> PAGE_SHIFT, d->nr_pages, &n_page);
		pg = hoist_guest_mem_write_page(d, n_page);
		va = kmap_local_page(pg);
		if (copy_from_user(va + off, u64_to_user_ptr(req->buf), n))
			r = -EFAULT;
		kunmap_local(va);
		req->gpa += n;
		req->buf += n;
		req->len -= n;
		if (fatal_signal_pending(current))
			r = -EINTR;
	}
	mutex_unlock(&d->lock);
	hoist_dom_put(d);
	return r;
}

static long boot_dom(struct hoist_dom *d, void *arg)
{
	struct hoist_domain_boot *req = arg;
	struct hoist_vcpu_boot boot;
	struct timespec64 now;
	long r;

	mutex_lock(&d->lock);
	if (d->booted || d->gone) {
		r = d->gone ? -ENOENT : -EBUSY;
		goto out;
	}
	/* (Pages of a boot that failed are still zero: used again.) */
	if (req->console_gfn) {
		r = -EINVAL;
		if (!hoist_guest_is_special(req->console_gfn))
			goto out;
		r = -ENOMEM;
		if (!d->console_page)
			d->console_page = alloc_page(GFP_HIGHUSER | __GFP_ZERO);
		if (!d->console_page)
			goto out;
	}
	/* The xenstore ring: a zeroed special page, as the console's. */
	if (req->store_gfn) {
		r = -EINVAL;
		if (!hoist_guest_is_special(req->store_gfn) ||
		    req->store_gfn == req->console_gfn)
			goto out;
		r = -ENOMEM;
		if (!d->store_page)
			d->store_page = alloc_page(GFP_HIGHUSER | __GFP_ZERO);
		if (!d->store_page)
			goto out;
	}
	memset(&boot, 0, sizeof(boot));
	boot.entry = req->entry;
	boot.start_info = req->start_info;
	boot.console_gfn = req->console_gfn;
	boot.store_gfn = req->store_gfn;
	boot.store_port = req->store_port;
	/* The guest's wall clock: now, at this TSC value. */
	ktime_get_real_ts64(&now);
	boot.tsc = rdtsc_ordered();
	boot.wc_sec = now.tv_sec;
	boot.wc_nsec = now.tv_nsec;
	r = hoist_hypercall(HOIST_HC_VCPU_BOOT, d->domid, 0,
			    (unsigned long)&boot);
	if (!r)
		r = hoist_guest_mem_donate(d);
	if (!r && d->console_page) {
		u64 pfn = page_to_pfn(d->console_page);	/* zeroed already */

		r = hoist_populate_grow(d->domid, req->console_gfn, &pfn, 1);
	}
	if (!r && d->store_page) {
		u64 pfn = page_to_pfn(d->store_page);	/* zeroed already */

		r = hoist_populate_grow(d->domid, req->store_gfn, &pfn, 1);
	}
	if (!r)
		r = hoist_hypercall(HOIST_HC_DOMAIN_CTL, d->domid,
				    HOIST_DOMCTL_SEAL, 0);
	if (!r) {
		d->booted = true;
		r = hoist_vcpus_start(d);
	}
out:
	mutex_unlock(&d->lock);
	return r;
}

long hoist_domain_boot(void *data)
{
	struct hoist_domain_boot *req = data;

	return hoist_dom_ioctl(req->domid, !req->store_gfn && req->store_port,
			       boot_dom, req);
}

/* PAUSE and UNPAUSE: arg points to the domctl. */
static long set_paused(struct hoist_dom *d, void *arg)
{
	u32 op = *(u32 *)arg;
	long r;

	mutex_lock(&d->lock);
	r = d->gone ? -ENOENT :
	    hoist_hypercall(HOIST_HC_DOMAIN_CTL, d->domid, op, 0);
	mutex_unlock(&d->lock);
	if (!r)
		hoist_dom_state_changed(d);
	return r;
}

static long pause_ioctl(struct hoist_domid *req, u32 op)
{
	return hoist_dom_ioctl(req->domid, req->pad, set_paused, &op);
}

long hoist_domain_pause(void *data)
{
	return pause_ioctl(data, HOIST_DOMCTL_PAUSE);
}

long hoist_domain_unpause(void *data)
{
	return pause_ioctl(data, HOIST_DOMCTL_UNPAUSE);
}

/*
 * DESTROY scrubs a bounded number of pages per call (the hypervisor holds
 * the CPU meanwhile): call it until it is done, letting others run.  A
 * vCPU still running (-EBUSY) is one another caller entered: it stops at
 * its next exit.
 */
static long destroy_in_hv(struct hoist_dom *d)
{
	unsigned long busy_until = jiffies + msecs_to_jiffies(DESTROY_BUSY_MS);
	long r;

	for (;;) {
		r = hoist_hypercall(HOIST_HC_DOMAIN_CTL, d->domid,
				    HOIST_DOMCTL_DESTROY, 0);
		if (r == -EAGAIN)
			cond_resched();
		else if (r == -EBUSY && time_before(jiffies, busy_until))
			usleep_range(1000, 2000);
		else
			return r;
	}
}

/* Under d->lock: stop the vCPUs, scrub and take back the memory. */
static long destroy_locked(struct hoist_dom *d)
{
	long r;

	if (d->booted) {
		/* Paused, its vCPUs return at their next exit; then stop them. */
		hoist_hypercall(HOIST_HC_DOMAIN_CTL, d->domid,
				HOIST_DOMCTL_PAUSE, 0);
		hoist_vcpus_stop(d);
		hoist_console_save(d);
	}
	/* dom0's maps of its grants go first: no process can hold it up. */
	hoist_gnt_revoke(d);
	r = destroy_in_hv(d);
	if (r) {
		/* Its memory is not ours again: better lost than shared. */
		pr_err("d%u: destroy failed (%ld); keeping its memory\n",
		       d->domid, r);
		return r;
	}
	/*
	 * Every CPU flushes dom0's TLB now: the nested tables the hypervisor
	 * merged away while taking the memory back return to its pool only
	 * then (none of them may still be cached anywhere).
	 */
	hoist_tlb_sync_all();
	while (hoist_hypercall(HOIST_HC_TLB_SYNC, 0, 0, 0) > 0)
		cond_resched();	/* bounded per call: see HOIST_HC_TLB_SYNC */
	hoist_pool_shrink();	/* and the memory the domain made it grow */
	hoist_guest_mem_free(d);
	if (d->console_page)
		__free_page(d->console_page);
	d->console_page = NULL;
	if (d->store_page)
		__free_page(d->store_page);
	d->store_page = NULL;
	hoist_dom_destroyed(d);
	hoist_dom_state_changed(d);
	return 0;
}

/*
 * Destroy d unless someone else did; the caller holds a reference.  (arg:
 * unused, for hoist_dom_ioctl().)
 */
static long destroy_dom(struct hoist_dom *d, void *arg)
{
	long r;

	mutex_lock(&d->lock);
	r = d->gone ? -ENOENT : destroy_locked(d);
	mutex_unlock(&d->lock);
	return r;
}

long hoist_domain_destroy(void *data)
{
	struct hoist_domid *req = data;

	return hoist_dom_ioctl(req->domid, req->pad, destroy_dom, NULL);
}

/* rmmod, reboot, power-off: no domain may outlive dom0's hypervisor. */
void hoist_domains_destroy_all(void)
{
	struct hoist_dom *d;
	long r;

	for (;;) {
		d = hoist_dom_get_first();
		if (!d)
			break;
		r = destroy_dom(d, NULL);
		hoist_dom_put(d);
		if (r && r != -ENOENT)
			break;	/* it stays, logged by destroy_locked() */
	}
	hoist_graves_clear();
}

long hoist_domain_list(void *data)
{
	struct hoist_domain_list *req = data;
	struct hoist_domain_info *buf;
	long r;

	if (req->max > HOIST_MAX_DOMAINS || (req->max && !req->buf))
		return -EINVAL;
	buf = kcalloc(HOIST_MAX_DOMAINS, sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	req->count = hoist_dom_list_info(buf, HOIST_MAX_DOMAINS);
	r = hoist_ioctl_copy_out(req->buf, buf,
				 min(req->count, req->max) * sizeof(*buf));
	kfree(buf);
	return r;
}

static long list_vcpus(struct hoist_dom *d, void *arg)
{
	struct hoist_vcpu_info info[HOIST_MAX_VCPUS];
	struct hoist_vcpu_list *req = arg;
	long r = 0;
	u32 v;

	if (READ_ONCE(d->gone))
		r = -ENOENT;
	for (v = 0; v < d->vcpus && !r; v++)
		r = hoist_hypercall(HOIST_HC_VCPU_INFO, d->domid, v,
				    (unsigned long)&info[v]);
	req->count = d->vcpus;
	if (!r)
		r = hoist_ioctl_copy_out(req->buf, info,
					 min(req->count, req->max) * sizeof(info[0]));
	return r;
}

long hoist_vcpu_list(void *data)
{
	struct hoist_vcpu_list *req = data;

	return hoist_dom_ioctl(req->domid, req->pad || (req->max && !req->buf),
			       list_vcpus, req);
}

/* Until the domain shuts down or is destroyed; then what list shows. */
static long wait_dom(struct hoist_dom *d, void *arg)
{
	struct hoist_domain_wait *req = arg;
	long r;

	r = wait_event_interruptible(d->wq, READ_ONCE(d->shut) ||
				     READ_ONCE(d->gone));
	if (!r)
		r = hoist_dom_info(d, &req->info);
	return r;
}

long hoist_domain_wait(void *data)
{
	struct hoist_domain_wait *req = data;

	return hoist_dom_ioctl(req->domid, req->pad, wait_dom, req);
}
