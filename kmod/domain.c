// SPDX-License-Identifier: GPL-2.0
/*
 * Guest domains, dom0's side.  The module allocates a domain's memory from
 * Linux, lets the toolstack fill it while it is still dom0's, then donates
 * every page to the hypervisor, after which dom0 can no longer touch it.
 * Each vCPU runs on a kernel thread of its own that enters the guest by
 * hypercall and comes back on every physical interrupt, so Linux's
 * scheduler keeps deciding who runs.
 */
#define pr_fmt(fmt) "hoist: " fmt

#include <linux/ctype.h>
#include <linux/delay.h>
#include <linux/highmem.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <asm/fpu/api.h>
#include <asm/tsc.h>
#include <hoist/ioctl.h>
#include "hoist.h"

#define POPULATE_BATCH	512
#define CONSOLE_POLL	(HZ / 10)
#define DESTROY_BUSY_MS	10000	/* a vCPU run by someone else must end by then */
#define GRAVES_MAX	16		/* destroyed domains whose output is unread */
#define LEFTOVER_MAX	(16 * 1024)

/*
 * Locks: domains_lock guards the lists (live domains, graveyard) and is
 * held only briefly; each domain's own mutex serialises what changes it
 * (write, boot, pause, console input, destroy), so a long destroy stalls
 * nobody else.  Read-only calls (list, vcpu-list, console output) take no
 * domain lock: the hypervisor holds a domain while a call uses it.
 */
struct hoist_dom {
	struct list_head node;
	struct kref ref;
	struct mutex lock;
	u32 domid;
	char name[HOIST_NAME_MAX];
	u64 mem_kb;
	u32 vcpus;
	struct page **pages;
	unsigned long nr_pages;
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
	char *leftover;			/* console output unread at destroy */
	size_t leftover_len, leftover_pos;
};

struct vcpu_thread_arg {
	struct hoist_dom *d;
	u32 vcpu;
	struct hrtimer timer;	/* the guest's next timer event */
};

static LIST_HEAD(domains);
/*
 * Destroyed domains with console output nobody read yet: `hoist create -c`
 * of a guest that powers off at once must still show its last lines.
 */
static LIST_HEAD(graveyard);
static unsigned int graves;
static DEFINE_MUTEX(domains_lock);

static void dom_free(struct kref *ref)
{
	struct hoist_dom *d = container_of(ref, struct hoist_dom, ref);

	kvfree(d->pages);
	kfree(d->leftover);
	kfree(d);
}

static void dom_put(struct hoist_dom *d)
{
	kref_put(&d->ref, dom_free);
}

/* Under domains_lock. */
static struct hoist_dom *find_locked(u32 domid)
{
	struct hoist_dom *d;

	list_for_each_entry(d, &domains, node)
		if (d->domid == domid)
			return d;
	return NULL;
}

static struct hoist_dom *dom_get(u32 domid)
{
	struct hoist_dom *d;

	mutex_lock(&domains_lock);
	d = find_locked(domid);
	if (d)
		kref_get(&d->ref);
	mutex_unlock(&domains_lock);
	return d;
}

/* Under domains_lock. */
static struct hoist_dom *find_grave_locked(u32 domid)
{
	struct hoist_dom *d;

	list_for_each_entry(d, &graveyard, node)
		if (d->domid == domid)
			return d;
	return NULL;
}

/* A live domain, or a destroyed one whose console output is unread. */
static struct hoist_dom *dom_get_console(u32 domid)
{
	struct hoist_dom *d;

	mutex_lock(&domains_lock);
	d = find_locked(domid);
	if (!d)
		d = find_grave_locked(domid);
	if (d)
		kref_get(&d->ref);
	mutex_unlock(&domains_lock);
	return d;
}

static void state_changed(struct hoist_dom *d)
{
	atomic_inc(&d->state_gen);
	wake_up_all(&d->wq);
}

static void tlb_sync_one(void *unused)
{
	hoist_vmmcall(HOIST_HC_TLB_SYNC, 0, 0, 0);
}

/*
 * Wake the threads of the vCPUs in mask: asleep, they run again; in the
 * guest on another CPU, the IPI of kick_process() makes them exit, and
 * their next entry delivers the event.
 */
static void kick_vcpus(struct hoist_dom *d, u32 mask)
{
	u32 v;

	for (v = 0; v < d->vcpus; v++) {
		if (!(mask & BIT(v)))
			continue;
		atomic_inc(&d->kick_gen[v]);
		if (d->threads[v])
			kick_process(d->threads[v]);
	}
	if (mask)
		wake_up_all(&d->wq);
}

static enum hrtimer_restart vcpu_timer_fn(struct hrtimer *t)
{
	struct vcpu_thread_arg *arg = container_of(t, struct vcpu_thread_arg,
						   timer);

	kick_vcpus(arg->d, BIT(arg->vcpu));
	return HRTIMER_NORESTART;
}

static long run_once(struct vcpu_thread_arg *arg, ktime_t deadline,
		     struct hoist_run *run)
{
	long r;

	/* The guest's x87/SSE/AVX state replaces ours while it runs. */
	kernel_fpu_begin();
	/* On this CPU, so that it interrupts the guest when it is due. */
	if (deadline)
		hrtimer_start(&arg->timer, deadline, HRTIMER_MODE_ABS_PINNED);
	r = hoist_hypercall(HOIST_HC_VCPU_RUN, arg->d->domid, arg->vcpu,
			    (unsigned long)run);
	kernel_fpu_end();
	hrtimer_try_to_cancel(&arg->timer);
	return r;
}

/* Sleep until cond, a state change, or kthread_stop(). */
#define wait_for(d, cond) \
	wait_event_interruptible((d)->wq, kthread_should_stop() || (cond))

static int vcpu_thread(void *p)
{
	struct vcpu_thread_arg *arg = p;
	struct hoist_dom *d = arg->d;
	u32 vcpu = arg->vcpu;
	ktime_t deadline = 0;

	hrtimer_init(&arg->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_PINNED);
	arg->timer.function = vcpu_timer_fn;
	while (!kthread_should_stop()) {
		int gen = atomic_read(&d->state_gen);
		int kgen = atomic_read(&d->kick_gen[vcpu]);
		struct hoist_run run = { 0 };
		long r = run_once(arg, deadline, &run);

		if (r == -EAGAIN) {
			/* Every CPU must drop dom0's old view of the memory. */
			on_each_cpu(tlb_sync_one, NULL, 1);
			continue;
		}
		if (r) {
			pr_err_ratelimited("d%u v%u: run failed (%ld)\n",
					   d->domid, vcpu, r);
			wait_for(d, atomic_read(&d->state_gen) != gen);
			continue;
		}
		deadline = run.timer_ns ?
			   ktime_add_ns(ktime_get(), run.timer_ns) : 0;
		kick_vcpus(d, run.kick);
		switch (run.reason) {
		case HOIST_RUN_PREEMPTED:
		case HOIST_RUN_KICK:
			cond_resched();
			break;
		case HOIST_RUN_CONSOLE:
			atomic_inc(&d->console_gen);
			wake_up_all(&d->wq);
			cond_resched();
			break;
		case HOIST_RUN_VCPU_UP:
			state_changed(d);
			break;
		case HOIST_RUN_BLOCKED:
			/* Until an event, its timer, or a state change. */
			if (deadline)
				hrtimer_start(&arg->timer, deadline,
					      HRTIMER_MODE_ABS);
			wait_for(d, atomic_read(&d->state_gen) != gen ||
				 atomic_read(&d->kick_gen[vcpu]) != kgen);
			hrtimer_cancel(&arg->timer);
			break;
		case HOIST_RUN_SHUTDOWN:
			if (!READ_ONCE(d->shut)) {
				WRITE_ONCE(d->shut, true);
				state_changed(d);
			}
			wait_for(d, false);
			break;
		default:	/* PAUSED, OFFLINE */
			wait_for(d, atomic_read(&d->state_gen) != gen);
			break;
		}
	}
	hrtimer_cancel(&arg->timer);
	kfree(arg);
	return 0;
}

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

/* Under domains_lock. */
static bool name_in_use(const char *name)
{
	struct hoist_dom *o;

	list_for_each_entry(o, &domains, node)
		if (!strcmp(o->name, name))
			return true;
	return false;
}

static void free_pages_of(struct hoist_dom *d)
{
	unsigned long i;

	for (i = 0; i < d->nr_pages; i++)
		if (d->pages[i])
			__free_page(d->pages[i]);
}

long hoist_domain_create(struct hoist_domain_create __user *arg)
{
	struct hoist_hc_domain_create hc = { 0 };
	struct hoist_domain_create req;
	struct hoist_dom *d;
	unsigned long i;
	long r;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (!valid_name(req.name) || !req.mem_kb || req.mem_kb % 4 ||
	    req.mem_kb / 4 > totalram_pages() || !req.vcpus ||
	    req.vcpus > HOIST_MAX_VCPUS)
		return -EINVAL;
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	kref_init(&d->ref);
	mutex_init(&d->lock);
	init_waitqueue_head(&d->wq);
	strscpy(d->name, req.name, sizeof(d->name));
	d->mem_kb = req.mem_kb;
	d->vcpus = req.vcpus;
	d->nr_pages = req.mem_kb / 4;
	d->pages = kvcalloc(d->nr_pages, sizeof(*d->pages), GFP_KERNEL);
	if (!d->pages) {
		r = -ENOMEM;
		goto free;
	}
	for (i = 0; i < d->nr_pages; i++) {
		d->pages[i] = alloc_page(GFP_HIGHUSER | __GFP_ZERO |
					 __GFP_NOWARN);
		if (!d->pages[i]) {
			r = -ENOMEM;
			goto free;
		}
		if (!(i % 1024))
			cond_resched();
	}

	mutex_lock(&domains_lock);
	r = name_in_use(d->name) ? -EEXIST : 0;
	if (!r) {
		hc.max_pages = d->nr_pages + 1;	/* and the console page */
		hc.nr_vcpus = d->vcpus;
		r = hoist_hypercall(HOIST_HC_DOMAIN_CREATE, (unsigned long)&hc,
				    0, 0);
	}
	if (!r) {
		d->domid = hc.domid;
		list_add_tail(&d->node, &domains);
	}
	mutex_unlock(&domains_lock);
	if (r)
		goto free;

	req.domid = d->domid;
	if (copy_to_user(arg, &req, sizeof(req)))
		return -EFAULT;	/* created; the caller can list and destroy it */
	return 0;

free:
	if (d->pages)
		free_pages_of(d);
	dom_put(d);
	return r;
}

long hoist_domain_write(struct hoist_domain_write __user *arg)
{
	struct hoist_domain_write req;
	struct hoist_dom *d;
	long r = 0;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	d = dom_get(req.domid);
	if (!d)
		return -ENOENT;
	/* Under the domain's lock: a boot donates, a destroy frees the pages. */
	mutex_lock(&d->lock);
	if (req.pad || req.gpa + req.len < req.gpa ||
	    req.gpa + req.len > (u64)d->nr_pages << PAGE_SHIFT)
		r = -EINVAL;
	else if (d->gone)
		r = -ENOENT;
	else if (d->booted)
		r = -EBUSY;	/* the memory is the guest's now */
	while (!r && req.len) {
		struct page *pg = d->pages[req.gpa >> PAGE_SHIFT];
		size_t off = offset_in_page(req.gpa);
		size_t n = min_t(u64, req.len, PAGE_SIZE - off);
		void *va = kmap_local_page(pg);

		if (copy_from_user(va + off, u64_to_user_ptr(req.buf), n))
			r = -EFAULT;
		kunmap_local(va);
		req.gpa += n;
		req.buf += n;
		req.len -= n;
		if (fatal_signal_pending(current))
			r = -EINTR;
	}
	mutex_unlock(&d->lock);
	dom_put(d);
	return r;
}

static long donate_memory(struct hoist_dom *d)
{
	unsigned long i, n;
	u64 *pfns;
	long r = 0;

	pfns = kmalloc_array(POPULATE_BATCH, sizeof(*pfns), GFP_KERNEL);
	if (!pfns)
		return -ENOMEM;
	for (i = 0; i < d->nr_pages && !r; i += n) {
		unsigned long j;

		n = min_t(unsigned long, POPULATE_BATCH, d->nr_pages - i);
		for (j = 0; j < n; j++)
			pfns[j] = page_to_pfn(d->pages[i + j]);
		r = hoist_hypercall4(HOIST_HC_DOMAIN_POPULATE, d->domid, i,
				     (unsigned long)pfns, n);
		r = r == n ? 0 : (r < 0 ? r : -EIO);
		cond_resched();
	}
	kfree(pfns);
	return r;
}

static int start_threads(struct hoist_dom *d)
{
	u32 v;

	for (v = 0; v < d->vcpus; v++) {
		struct vcpu_thread_arg *arg = kmalloc(sizeof(*arg), GFP_KERNEL);
		struct task_struct *t;

		if (!arg)
			return -ENOMEM;
		arg->d = d;
		arg->vcpu = v;
		t = kthread_create(vcpu_thread, arg, "hoist-d%u-v%u", d->domid, v);
		if (IS_ERR(t)) {
			kfree(arg);
			return PTR_ERR(t);
		}
		/* Kept until every thread is stopped: others may kick it. */
		get_task_struct(t);
		d->threads[v] = t;
		wake_up_process(t);
	}
	return 0;
}

long hoist_domain_boot(struct hoist_domain_boot __user *arg)
{
	struct hoist_domain_boot req;
	struct hoist_vcpu_boot boot;
	struct timespec64 now;
	struct hoist_dom *d;
	long r;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.pad)
		return -EINVAL;
	d = dom_get(req.domid);
	if (!d)
		return -ENOENT;
	mutex_lock(&d->lock);
	if (d->booted || d->gone) {
		r = d->gone ? -ENOENT : -EBUSY;
		goto out;
	}
	if (req.console_gfn) {
		r = -EINVAL;
		if (req.console_gfn < d->nr_pages)
			goto out;
		r = -ENOMEM;
		d->console_page = alloc_page(GFP_HIGHUSER | __GFP_ZERO);
		if (!d->console_page)
			goto out;
	}
	memset(&boot, 0, sizeof(boot));
	boot.entry = req.entry;
	boot.start_info = req.start_info;
	boot.console_gfn = req.console_gfn;
	/* The guest's wall clock: now, at this TSC value. */
	ktime_get_real_ts64(&now);
	boot.tsc = rdtsc_ordered();
	boot.wc_sec = now.tv_sec;
	boot.wc_nsec = now.tv_nsec;
	r = hoist_hypercall(HOIST_HC_VCPU_BOOT, d->domid, 0,
			    (unsigned long)&boot);
	if (!r)
		r = donate_memory(d);
	if (!r && d->console_page) {
		u64 pfn = page_to_pfn(d->console_page);

		r = hoist_hypercall4(HOIST_HC_DOMAIN_POPULATE, d->domid,
				     req.console_gfn, (unsigned long)&pfn, 1);
		r = r == 1 ? 0 : (r < 0 ? r : -EIO);
	}
	if (!r)
		r = hoist_hypercall(HOIST_HC_DOMAIN_CTL, d->domid,
				    HOIST_DOMCTL_SEAL, 0);
	if (!r) {
		d->booted = true;
		r = start_threads(d);
	}
out:
	mutex_unlock(&d->lock);
	dom_put(d);
	return r;
}

static long domctl(u32 domid, u32 op)
{
	struct hoist_dom *d = dom_get(domid);
	long r;

	if (!d)
		return -ENOENT;
	mutex_lock(&d->lock);
	r = d->gone ? -ENOENT :
	    hoist_hypercall(HOIST_HC_DOMAIN_CTL, d->domid, op, 0);
	mutex_unlock(&d->lock);
	if (!r)
		state_changed(d);
	dom_put(d);
	return r;
}

long hoist_domain_pause(struct hoist_domid __user *arg, bool pause)
{
	struct hoist_domid req;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.pad)
		return -EINVAL;
	return domctl(req.domid, pause ? HOIST_DOMCTL_PAUSE :
					  HOIST_DOMCTL_UNPAUSE);
}

/* Under domains_lock. */
static void bury_oldest(void)
{
	struct hoist_dom *d = list_first_entry(&graveyard, struct hoist_dom,
					       node);

	list_del_init(&d->node);
	d->in_grave = false;
	graves--;
	dom_put(d);
}

/* Under d->lock, vCPUs stopped: keep what the console still holds. */
static void save_leftover(struct hoist_dom *d)
{
	long n;

	d->leftover = kmalloc(LEFTOVER_MAX, GFP_KERNEL);
	if (!d->leftover)
		return;
	n = hoist_hypercall(HOIST_HC_CONSOLE_READ, d->domid,
			    (unsigned long)d->leftover, LEFTOVER_MAX);
	d->leftover_len = n > 0 ? n : 0;
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
	u32 v;

	if (d->booted) {
		/* Paused, its vCPUs return at their next exit; then stop them. */
		hoist_hypercall(HOIST_HC_DOMAIN_CTL, d->domid,
				HOIST_DOMCTL_PAUSE, 0);
		for (v = 0; v < d->vcpus; v++)
			if (d->threads[v])
				kthread_stop(d->threads[v]);
		for (v = 0; v < d->vcpus; v++)
			if (d->threads[v]) {
				put_task_struct(d->threads[v]);
				d->threads[v] = NULL;
			}
		save_leftover(d);
	}
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
	on_each_cpu(tlb_sync_one, NULL, 1);
	while (hoist_hypercall(HOIST_HC_TLB_SYNC, 0, 0, 0) > 0)
		cond_resched();	/* bounded per call: see HOIST_HC_TLB_SYNC */
	free_pages_of(d);
	if (d->console_page)
		__free_page(d->console_page);
	d->console_page = NULL;
	/*
	 * Off the list and into the graveyard, then gone, in one step under
	 * domains_lock: a console reader that sees it gone finds it buried.
	 */
	mutex_lock(&domains_lock);
	list_del_init(&d->node);
	if (d->leftover_len) {
		list_add_tail(&d->node, &graveyard);
		d->in_grave = true;
		if (++graves > GRAVES_MAX)
			bury_oldest();
	} else {
		dom_put(d);	/* the list's reference; the caller holds one */
	}
	WRITE_ONCE(d->gone, true);
	mutex_unlock(&domains_lock);
	state_changed(d);
	return 0;
}

/* Destroy d unless someone else did; the caller holds a reference. */
static long destroy_dom(struct hoist_dom *d)
{
	long r;

	mutex_lock(&d->lock);
	r = d->gone ? -ENOENT : destroy_locked(d);
	mutex_unlock(&d->lock);
	return r;
}

long hoist_domain_destroy(struct hoist_domid __user *arg)
{
	struct hoist_domid req;
	struct hoist_dom *d;
	long r;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.pad)
		return -EINVAL;
	d = dom_get(req.domid);
	if (!d)
		return -ENOENT;
	r = destroy_dom(d);
	dom_put(d);
	return r;
}

/* rmmod, reboot, power-off: no domain may outlive dom0's hypervisor. */
void hoist_domains_destroy_all(void)
{
	struct hoist_dom *d;
	long r;

	for (;;) {
		mutex_lock(&domains_lock);
		d = list_first_entry_or_null(&domains, struct hoist_dom, node);
		if (d)
			kref_get(&d->ref);
		mutex_unlock(&domains_lock);
		if (!d)
			break;
		r = destroy_dom(d);
		dom_put(d);
		if (r && r != -ENOENT)
			break;	/* it stays, logged by destroy_locked() */
	}
	mutex_lock(&domains_lock);
	while (graves)
		bury_oldest();
	mutex_unlock(&domains_lock);
}

bool hoist_domains_exist(void)
{
	bool any;

	mutex_lock(&domains_lock);
	any = !list_empty(&domains);
	mutex_unlock(&domains_lock);
	return any;
}

static void fill_info(struct hoist_dom *d, struct hoist_domain_info *out)
{
	struct hoist_hc_domain_info hi = { 0 };

	memset(out, 0, sizeof(*out));
	out->domid = d->domid;
	out->vcpus = d->vcpus;
	out->mem_kb = d->mem_kb;
	strscpy(out->name, d->name, sizeof(out->name));
	if (d->gone ||
	    hoist_hypercall(HOIST_HC_DOMAIN_INFO, d->domid, (unsigned long)&hi, 0)) {
		out->flags = HOIST_DOM_DYING;
		return;
	}
	out->flags = hi.flags;
	out->shutdown_reason = hi.shutdown_reason;
	out->vcpus_online = hi.vcpus_online;
	out->cpu_time_ns = hi.cpu_time_ns;
}

long hoist_domain_list(struct hoist_domain_list __user *arg)
{
	struct hoist_domain_info *buf;
	struct hoist_domain_list req;
	struct hoist_dom *d;
	u32 n = 0;
	long r = 0;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.max > HOIST_MAX_DOMAINS || (req.max && !req.buf))
		return -EINVAL;
	buf = kcalloc(HOIST_MAX_DOMAINS, sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&domains_lock);
	list_for_each_entry(d, &domains, node) {
		if (n < HOIST_MAX_DOMAINS)
			fill_info(d, &buf[n]);
		n++;
	}
	mutex_unlock(&domains_lock);
	req.count = n;
	if (copy_to_user(u64_to_user_ptr(req.buf), buf,
			 min(n, req.max) * sizeof(*buf)) ||
	    copy_to_user(arg, &req, sizeof(req)))
		r = -EFAULT;
	kfree(buf);
	return r;
}

long hoist_vcpu_list(struct hoist_vcpu_list __user *arg)
{
	struct hoist_vcpu_info info[HOIST_MAX_VCPUS];
	struct hoist_vcpu_list req;
	struct hoist_dom *d;
	long r = 0;
	u32 v;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.pad || (req.max && !req.buf))
		return -EINVAL;
	d = dom_get(req.domid);
	if (!d)
		return -ENOENT;
	if (READ_ONCE(d->gone))
		r = -ENOENT;
	for (v = 0; v < d->vcpus && !r; v++)
		r = hoist_hypercall(HOIST_HC_VCPU_INFO, d->domid, v,
				    (unsigned long)&info[v]);
	req.count = d->vcpus;
	if (!r && (copy_to_user(u64_to_user_ptr(req.buf), info,
				min(req.count, req.max) * sizeof(info[0])) ||
		   copy_to_user(arg, &req, sizeof(req))))
		r = -EFAULT;
	dom_put(d);
	return r;
}

/* What a destroyed domain left in its console; its grave goes when read. */
static long read_leftover(struct hoist_dom *d, char *buf, size_t len)
{
	size_t n;

	mutex_lock(&domains_lock);
	n = min(len, d->leftover_len - d->leftover_pos);
	memcpy(buf, d->leftover + d->leftover_pos, n);
	d->leftover_pos += n;
	if (d->in_grave && d->leftover_pos == d->leftover_len) {
		list_del_init(&d->node);
		d->in_grave = false;
		graves--;
		dom_put(d);	/* the graveyard's reference; ours remains */
	}
	mutex_unlock(&domains_lock);
	return n;
}

long hoist_console_read(struct hoist_console_read __user *arg)
{
	struct hoist_console_read req;
	struct hoist_dom *d;
	char *buf;
	long r;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (!req.buf || !req.len || req.len > HOIST_LOG_MAX || req.nonblock > 1)
		return -EINVAL;
	d = dom_get_console(req.domid);
	if (!d)
		return -ENOENT;
	buf = kvmalloc(req.len, GFP_KERNEL);
	if (!buf) {
		dom_put(d);
		return -ENOMEM;
	}
	for (;;) {
		int gen = atomic_read(&d->console_gen);

		if (READ_ONCE(d->gone)) {
			r = read_leftover(d, buf, req.len);
			break;
		}
		/* The hypervisor holds the domain meanwhile; gone: -ENOENT. */
		r = hoist_hypercall(HOIST_HC_CONSOLE_READ, d->domid,
				    (unsigned long)buf, req.len);
		if (r == -ENOENT) {
			/* Destroyed under us: its output is being saved. */
			r = wait_event_interruptible_timeout(d->wq,
					READ_ONCE(d->gone), HZ);
			if (r < 0)
				break;
			continue;
		}
		if (r || req.nonblock)
			break;
		/* Port 0xE9 output does not wake us: poll as well. */
		r = wait_event_interruptible_timeout(d->wq,
			atomic_read(&d->console_gen) != gen || READ_ONCE(d->gone),
			CONSOLE_POLL);
		if (r < 0)
			break;
	}
	if (r >= 0) {
		req.copied = r;
		if (copy_to_user(u64_to_user_ptr(req.buf), buf, r) ||
		    copy_to_user(arg, &req, sizeof(req)))
			r = -EFAULT;
		else
			r = 0;
	}
	kvfree(buf);
	dom_put(d);
	return r;
}

long hoist_domain_wait(struct hoist_domain_wait __user *arg)
{
	struct hoist_domain_wait req;
	struct hoist_dom *d;
	long r;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.pad)
		return -EINVAL;
	d = dom_get(req.domid);
	if (!d)
		return -ENOENT;
	r = wait_event_interruptible(d->wq, READ_ONCE(d->shut) ||
				     READ_ONCE(d->gone));
	if (!r) {
		mutex_lock(&domains_lock);
		if (d->gone)
			r = -ENOENT;
		else
			fill_info(d, &req.info);
		mutex_unlock(&domains_lock);
	}
	if (!r && copy_to_user(arg, &req, sizeof(req)))
		r = -EFAULT;
	dom_put(d);
	return r;
}

long hoist_console_write(struct hoist_console_write __user *arg)
{
	struct hoist_console_write req;
	struct hoist_dom *d;
	char *buf;
	long r;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.pad || !req.buf || !req.len ||
	    req.len > HOIST_CONSOLE_WRITE_MAX)
		return -EINVAL;
	d = dom_get(req.domid);
	if (!d)
		return -ENOENT;
	buf = memdup_user(u64_to_user_ptr(req.buf), req.len);
	if (IS_ERR(buf)) {
		dom_put(d);
		return PTR_ERR(buf);
	}
	mutex_lock(&d->lock);
	r = d->booted && !d->gone ?
	    hoist_hypercall(HOIST_HC_CONSOLE_WRITE, d->domid,
			    (unsigned long)buf, req.len) : -EINVAL;
	if (r > 0)	/* whoever handles it; threads live while we hold the lock */
		kick_vcpus(d, BIT(d->vcpus) - 1);
	mutex_unlock(&d->lock);
	kfree(buf);
	if (r >= 0) {
		req.written = r;
		r = copy_to_user(arg, &req, sizeof(req)) ? -EFAULT : 0;
	}
	dom_put(d);
	return r;
}
