// SPDX-License-Identifier: GPL-2.0
/*
 * HOIST_IOC_DOMAIN_EVENTS: a file descriptor readable once a domain was
 * created or destroyed since its last read, which gives how many such
 * changes there were (a u64).  xenstored turns it into @releaseDomain;
 * a count rather than a list, since the watcher looks at every domain
 * anyway.
 */
#include <linux/anon_inodes.h>
#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <hoist/ioctl.h>
#include "hoist.h"

static atomic64_t changes = ATOMIC64_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(changes_wq);

struct events_file {
	atomic64_t seen;	/* `changes` at the last read (or the open) */
};

void hoist_domain_events_changed(void)
{
	atomic64_inc(&changes);
	wake_up_interruptible(&changes_wq);
}

static bool news(struct events_file *e)
{
	return atomic64_read(&changes) != atomic64_read(&e->seen);
}

static ssize_t events_read(struct file *file, char __user *buf, size_t count,
			   loff_t *ppos)
{
	struct events_file *e = file->private_data;
	s64 seen, now;
	u64 n;

	if (count < sizeof(n))
		return -EINVAL;
	for (;;) {
		int r;

		seen = atomic64_read(&e->seen);
		now = atomic64_read(&changes);
		/* Two readers of one descriptor: each change counted once. */
		if (now != seen) {
			if (atomic64_cmpxchg(&e->seen, seen, now) == seen)
				break;
			continue;
		}
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		r = wait_event_interruptible(changes_wq, news(e));
		if (r)
			return r;
	}
	n = now - seen;
	if (copy_to_user(buf, &n, sizeof(n))) {
		atomic64_sub(n, &e->seen);	/* not read: still news */
		return -EFAULT;
	}
	return sizeof(n);
}

static __poll_t events_poll(struct file *file, poll_table *wait)
{
	struct events_file *e = file->private_data;

	poll_wait(file, &changes_wq, wait);
	return news(e) ? EPOLLIN | EPOLLRDNORM : 0;
}

static int events_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static const struct file_operations events_fops = {
	.owner = THIS_MODULE,
	.read = events_read,
	.poll = events_poll,
	.release = events_release,
	.llseek = noop_llseek,
};

long hoist_domain_events_open(void *data)
{
	struct events_file *e = kzalloc(sizeof(*e), GFP_KERNEL);
	int fd;

	if (!e)
		return -ENOMEM;
	atomic64_set(&e->seen, atomic64_read(&changes));
	fd = anon_inode_getfd("hoist-domain-events", &events_fops, e,
			      O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		kfree(e);
	return fd;
}
