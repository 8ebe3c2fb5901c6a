// SPDX-License-Identifier: GPL-2.0
/*
 * Event channels with domUs, dom0's side, in the shape of Linux's
 * /dev/xen/evtchn: HOIST_IOC_EVTCHN_OPEN gives a file descriptor whose
 * ports are its own (another descriptor cannot unbind or notify them),
 * read() hands out pending ports and masks each until it is written back,
 * poll() says when one is pending.  dom0's ports live in the hypervisor;
 * the module fetches their pending bits when a domU's send ends a vCPU's
 * run (HOIST_RUN_EVENT) and after a bind, and wakes the descriptors that
 * own them: nothing polls.
 *
 * `lock` guards which descriptor owns each of dom0's ports and every
 * descriptor's port sets; it is never held across anything that sleeps.
 */
#define pr_fmt(fmt) "hoist: " fmt

#include <linux/anon_inodes.h>
#include <linux/fs.h>
#include <linux/minmax.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <hoist/ioctl.h>
#include "hoist.h"
#include "domain.h"
#include "evtchn_ports.h"

#define CHUNK	64	/* ports per read, and per step of a write */

struct evtchn_file {
	wait_queue_head_t wq;
	struct evtchn_ports ports;	/* under lock */
};

static DEFINE_SPINLOCK(lock);
static struct evtchn_file *owner[HOIST_DOM0_PORTS];
static u32 owner_domid[HOIST_DOM0_PORTS];

static long hc_evtchn(u32 cmd, struct hoist_evtchn_op *op)
{
	return hoist_hypercall(HOIST_HC_EVTCHN, cmd, (unsigned long)op, 0);
}

void hoist_evtchn_deliver(void)
{
	struct hoist_evtchn_pending p;
	u32 w;

	if (hoist_hypercall(HOIST_HC_EVTCHN, HOIST_EVTCHN_PENDING,
			    (unsigned long)&p, 0))
		return;
	spin_lock(&lock);
	for (w = 0; w < EP_WORDS; w++) {
		u64 bits = p.bits[w];

		while (bits) {
			u32 port = w * 64 + __ffs64(bits);
			struct evtchn_file *f = owner[port];

			bits &= bits - 1;
			/* Unowned: closed meanwhile, its event goes with it. */
			if (f && ep_deliver(&f->ports, port))
				wake_up_interruptible(&f->wq);
		}
	}
	spin_unlock(&lock);
}

long hoist_evtchn_alloc_unbound(void *data)
{
	struct hoist_evtchn_alloc *req = data;
	struct hoist_evtchn_op op = { .domid = req->domid };
	long r = hc_evtchn(HOIST_EVTCHN_ALLOC_UNBOUND, &op);

	if (!r)
		req->port = op.result;
	return r;
}

/* A notify reaches a halted vCPU only once its thread runs it again. */
static void kick_domain(u32 domid)
{
	struct hoist_dom *d = hoist_dom_get(domid);

	if (!d)
		return;
	mutex_lock(&d->lock);
	if (d->booted && !d->gone)	/* its threads live while we hold the lock */
		hoist_vcpus_kick(d, BIT(d->vcpus) - 1);
	mutex_unlock(&d->lock);
	hoist_dom_put(d);
}

static long port_close(struct evtchn_file *f, u32 port)
{
	struct hoist_evtchn_op op = { .port = port };
	long r;

	spin_lock(&lock);
	if (port >= HOIST_DOM0_PORTS || owner[port] != f) {
		spin_unlock(&lock);
		return -EINVAL;
	}
	owner[port] = NULL;
	ep_unbind(&f->ports, port);
	spin_unlock(&lock);
	r = hc_evtchn(HOIST_EVTCHN_CLOSE, &op);
	if (r)
		pr_err("event channel %u: close failed (%ld)\n", port, r);
	return 0;
}

static long ioc_bind(struct evtchn_file *f, void __user *arg)
{
	struct hoist_evtchn_bind b;
	struct hoist_evtchn_op op = { 0 };
	long r;

	if (copy_from_user(&b, arg, sizeof(b)))
		return -EFAULT;
	if (b.pad)
		return -EINVAL;
	op.domid = b.domid;
	op.port = b.remote_port;
	r = hc_evtchn(HOIST_EVTCHN_BIND, &op);
	if (r)
		return r;
	if (WARN_ON_ONCE(!op.result || op.result >= HOIST_DOM0_PORTS))
		return -EIO;
	spin_lock(&lock);
	owner[op.result] = f;
	owner_domid[op.result] = b.domid;
	ep_bind(&f->ports, op.result);
	spin_unlock(&lock);
	/* The hypervisor marked it pending; another thread may fetch it. */
	hoist_evtchn_deliver();
	spin_lock(&lock);
	ep_deliver(&f->ports, op.result);
	spin_unlock(&lock);
	wake_up_interruptible(&f->wq);
	b.port = op.result;
	if (copy_to_user(arg, &b, sizeof(b))) {
		port_close(f, op.result);
		return -EFAULT;
	}
	return 0;
}

static long ioc_port(struct evtchn_file *f, unsigned int cmd, void __user *arg)
{
	struct hoist_evtchn_port p;
	struct hoist_evtchn_op op = { 0 };
	u32 domid;
	long r;

	if (copy_from_user(&p, arg, sizeof(p)))
		return -EFAULT;
	if (p.pad)
		return -EINVAL;
	if (cmd == HOIST_IOC_EVTCHN_UNBIND)
		return port_close(f, p.port);
	spin_lock(&lock);
	if (p.port >= HOIST_DOM0_PORTS || owner[p.port] != f) {
		spin_unlock(&lock);
		return -EINVAL;
	}
	domid = owner_domid[p.port];
	spin_unlock(&lock);
	op.port = p.port;
	r = hc_evtchn(HOIST_EVTCHN_SEND, &op);
	if (!r)
		kick_domain(domid);
	return r;
}

static long evtchn_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	struct evtchn_file *f = file->private_data;

	switch (cmd) {
	case HOIST_IOC_EVTCHN_BIND:
		return ioc_bind(f, (void __user *)arg);
	case HOIST_IOC_EVTCHN_UNBIND:
	case HOIST_IOC_EVTCHN_NOTIFY:
		return ioc_port(f, cmd, (void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static bool readable(struct evtchn_file *f)
{
	bool r;

	spin_lock(&lock);
	r = ep_readable(&f->ports);
	spin_unlock(&lock);
	return r;
}

/* Whole ports only; a short buffer reads nothing, as Linux's evtchn. */
static ssize_t evtchn_read(struct file *file, char __user *buf, size_t count,
			   loff_t *ppos)
{
	struct evtchn_file *f = file->private_data;
	u32 ports[CHUNK];
	u32 max = min_t(size_t, count / sizeof(u32), CHUNK);
	u32 n;

	if (!max)
		return 0;
	for (;;) {
		int r;

		spin_lock(&lock);
		n = ep_take(&f->ports, ports, max);
		spin_unlock(&lock);
		if (n)
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		r = wait_event_interruptible(f->wq, readable(f));
		if (r)
			return r;
	}
	if (copy_to_user(buf, ports, n * sizeof(u32))) {
		spin_lock(&lock);
		ep_untake(&f->ports, ports, n);
		spin_unlock(&lock);
		return -EFAULT;
	}
	return n * sizeof(u32);
}

/* Ports written back are unmasked; ports not this descriptor's are ignored. */
static ssize_t evtchn_write(struct file *file, const char __user *buf,
			    size_t count, loff_t *ppos)
{
	struct evtchn_file *f = file->private_data;
	size_t done = 0;
	bool wake = false;

	count -= count % sizeof(u32);
	while (done < count) {
		u32 ports[CHUNK];
		size_t len = min_t(size_t, count - done, sizeof(ports));
		u32 i;

		if (copy_from_user(ports, buf + done, len)) {
			if (!done)
				return -EFAULT;
			break;
		}
		spin_lock(&lock);
		for (i = 0; i < len / sizeof(u32); i++)
			wake |= ep_unmask(&f->ports, ports[i]);
		spin_unlock(&lock);
		done += len;
		cond_resched();
	}
	if (wake)
		wake_up_interruptible(&f->wq);
	return done;
}

static __poll_t evtchn_poll(struct file *file, poll_table *wait)
{
	struct evtchn_file *f = file->private_data;

	poll_wait(file, &f->wq, wait);
	return EPOLLOUT | EPOLLWRNORM |
	       (readable(f) ? EPOLLIN | EPOLLRDNORM : 0);
}

/* Every port it still owns is closed: a killed process leaves nothing. */
static int evtchn_release(struct inode *inode, struct file *file)
{
	struct evtchn_file *f = file->private_data;
	u32 port;

	for (port = 1; port < HOIST_DOM0_PORTS; port++) {
		bool mine;

		spin_lock(&lock);
		mine = owner[port] == f;
		spin_unlock(&lock);
		if (mine)
			port_close(f, port);
	}
	kfree(f);
	return 0;
}

static const struct file_operations evtchn_fops = {
	.owner = THIS_MODULE,
	.read = evtchn_read,
	.write = evtchn_write,
	.poll = evtchn_poll,
	.unlocked_ioctl = evtchn_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.release = evtchn_release,
	.llseek = noop_llseek,
};

long hoist_evtchn_open(void *data)
{
	struct evtchn_file *f = kzalloc(sizeof(*f), GFP_KERNEL);
	int fd;

	if (!f)
		return -ENOMEM;
	init_waitqueue_head(&f->wq);
	fd = anon_inode_getfd("hoist-evtchn", &evtchn_fops, f,
			      O_RDWR | O_CLOEXEC);
	if (fd < 0)
		kfree(f);
	return fd;
}
