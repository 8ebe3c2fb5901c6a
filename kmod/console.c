// SPDX-License-Identifier: GPL-2.0
/*
 * A guest's console, dom0's side: the CONSOLE_READ and CONSOLE_WRITE
 * ioctls.  The hypervisor serves the guest's ring (dom0 never maps it);
 * the module only moves bytes, wakes readers on console exits and, at a
 * destroy, keeps what nobody read yet (the graveyard, domain.c).
 */
#define pr_fmt(fmt) "hoist: " fmt

#include <linux/err.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <hoist/ioctl.h>
#include "hoist.h"
#include "domain.h"

#define CONSOLE_POLL	(HZ / 10)
#define LEFTOVER_MAX	(16 * 1024)

/* Under d->lock, vCPUs stopped: keep what the console still holds. */
void hoist_console_save(struct hoist_dom *d)
{
	long n;

	d->leftover = kmalloc(LEFTOVER_MAX, GFP_KERNEL);
	if (!d->leftover)
		return;
	n = hoist_hypercall(HOIST_HC_CONSOLE_READ, d->domid,
			    (unsigned long)d->leftover, LEFTOVER_MAX);
	d->leftover_len = n > 0 ? n : 0;
}

long hoist_console_read(void *data)
{
	struct hoist_console_read *req = data;
	struct hoist_dom *d;
	char *buf;
	long r;

	if (!req->buf || !req->len || req->len > HOIST_LOG_MAX ||
	    req->nonblock > 1)
		return -EINVAL;
	d = hoist_dom_get_console(req->domid);
	if (!d)
		return -ENOENT;
	buf = kvmalloc(req->len, GFP_KERNEL);
	if (!buf) {
		hoist_dom_put(d);
		return -ENOMEM;
	}
	for (;;) {
		int gen = atomic_read(&d->console_gen);

		if (READ_ONCE(d->gone)) {
			r = hoist_grave_read(d, buf, req->len);
			break;
		}
		/* The hypervisor holds the domain meanwhile; gone: -ENOENT. */
		r = hoist_hypercall(HOIST_HC_CONSOLE_READ, d->domid,
				    (unsigned long)buf, req->len);
		if (r == -ENOENT) {
			/* Destroyed under us: its output is being saved. */
			r = wait_event_interruptible_timeout(d->wq,
					READ_ONCE(d->gone), HZ);
			if (r < 0)
				break;
			continue;
		}
		if (r || req->nonblock)
			break;
		/* Port 0xE9 output does not wake us: poll as well. */
		r = wait_event_interruptible_timeout(d->wq,
			atomic_read(&d->console_gen) != gen || READ_ONCE(d->gone),
			CONSOLE_POLL);
		if (r < 0)
			break;
	}
	if (r >= 0) {
		req->copied = r;
		r = hoist_ioctl_copy_out(req->buf, buf, r);
	}
	kvfree(buf);
	hoist_dom_put(d);
	return r;
}

static long write_input(struct hoist_dom *d, void *arg)
{
	struct hoist_console_write *req = arg;
	char *buf;
	long r;

	buf = memdup_user(u64_to_user_ptr(req->buf), req->len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	mutex_lock(&d->lock);
	r = d->booted && !d->gone ?
	    hoist_hypercall(HOIST_HC_CONSOLE_WRITE, d->domid,
			    (unsigned long)buf, req->len) : -EINVAL;
	if (r > 0)	/* whoever handles it; threads live while we hold the lock */
		hoist_vcpus_kick(d, BIT(d->vcpus) - 1);
	mutex_unlock(&d->lock);
	kfree(buf);
	if (r < 0)
		return r;
	req->written = r;
	return 0;
}

long hoist_console_write(void *data)
{
	struct hoist_console_write *req = data;

	return hoist_dom_ioctl(req->domid, req->pad || !req->buf || !req->len ||
			       req->len > HOIST_CONSOLE_WRITE_MAX,
			       write_input, req);
}
