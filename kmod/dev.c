// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/hoist: root-only control device.  Each ioctl checks its argument
 * in full and refuses a malformed one with -EINVAL; a command it does not
 * know gets -ENOTTY, the kernel's answer for that, so that a tool can tell
 * a command this module lacks from a request it got wrong.  The module's
 * own ioctls are here; a domain's are in domctl.c (lifecycle) and console.c.
 */
#define pr_fmt(fmt) "hoist: " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/nospec.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/msr.h>
#include <hoist/ioctl.h>
#include "hoist.h"

#define BENCH_BATCH	256

/* A buffer the caller's request names gets len bytes of buf; 0 or -EFAULT. */
long hoist_ioctl_copy_out(u64 ubuf, const void *buf, size_t len)
{
	return copy_to_user(u64_to_user_ptr(ubuf), buf, len) ? -EFAULT : 0;
}

static long ioctl_info(void *data)
{
	return hoist_hypercall(HOIST_HC_INFO, (unsigned long)data, 0, 0);
}

static long ioctl_log_read(void *data)
{
	struct hoist_log_req *req = data;
	char *buf;
	long r;

	if (!req->buf || !req->len || req->len > HOIST_LOG_MAX ||
	    req->clear > 1 || req->pad)
		return -EINVAL;
	buf = kvmalloc(req->len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	r = hoist_hypercall(HOIST_HC_LOG_READ, (unsigned long)buf, req->len,
			    req->clear);
	if (r >= 0) {
		req->copied = r;
		r = hoist_ioctl_copy_out(req->buf, buf, r);
	}
	kvfree(buf);
	return r;
}

static long ioctl_cpu_stats(void *data)
{
	struct hoist_stats_req *req = data;

	if (req->cpu >= nr_cpu_ids || (req->flags & ~HOIST_STATS_RESET_MAX))
		return -EINVAL;
	return hoist_hypercall(HOIST_HC_CPU_STATS, req->cpu,
			       (unsigned long)&req->stats, req->flags);
}

/* N null hypercalls from this kernel, timed with the TSC. */
static long ioctl_bench_null(void *data)
{
	struct hoist_bench_req *req = data;
	u64 done = 0, ticks = 0;

	if (!req->iterations || req->iterations > HOIST_BENCH_MAX)
		return -EINVAL;
	while (done < req->iterations) {
		u64 n = min_t(u64, BENCH_BATCH, req->iterations - done);
		int cpu = get_cpu();
		u64 t0, i;

		if (!cpumask_test_cpu(cpu, &hoist_cpus)) {
			put_cpu();
			return -ENXIO;
		}
		t0 = rdtsc_ordered();
		for (i = 0; i < n; i++)
			hoist_vmmcall(HOIST_HC_NULL, 0, 0, 0);
		ticks += rdtsc_ordered() - t0;
		put_cpu();
		done += n;
		cond_resched();
		if (fatal_signal_pending(current))
			return -EINTR;
	}
	req->tsc_cycles = ticks;
	return 0;
}

/* Room for the largest request: hoist_ioctl() holds it on its stack. */
union hoist_ioctl_req {
	struct hoist_info info;
	struct hoist_log_req log;
	struct hoist_stats_req stats;
	struct hoist_bench_req bench;
	struct hoist_domain_create create;
	struct hoist_domain_write write;
	struct hoist_domain_boot boot;
	struct hoist_domid domid;
	struct hoist_domain_list list;
	struct hoist_vcpu_list vcpu_list;
	struct hoist_console_read console_read;
	struct hoist_domain_wait wait;
	struct hoist_console_write console_write;
	struct hoist_gnt_map gnt_map;
	struct hoist_gnt_copy gnt_copy;
	struct hoist_evtchn_alloc evtchn_alloc;
};

struct hoist_ioctl_desc {
	unsigned int cmd;
	long (*func)(void *req);
};

/*
 * The command's number indexes the table; the command's size is its
 * struct's, checked here at build time, so that hoist_ioctl() can copy
 * _IOC_SIZE(cmd) bytes of any command it knows into its buffer.
 */
#define HOIST_IOCTL(_cmd, _func, _type)					\
	[_IOC_NR(_cmd)] = {						\
		.cmd = (_cmd) +						\
		       BUILD_BUG_ON_ZERO(_IOC_SIZE(_cmd) != sizeof(_type)) + \
		       BUILD_BUG_ON_ZERO(sizeof(_type) >			\
					 sizeof(union hoist_ioctl_req)),	\
		.func = (_func),					\
	}

/* A command with no argument: its handler returns a new file descriptor. */
#define HOIST_IOCTL_NOARG(_cmd, _func)					\
	[_IOC_NR(_cmd)] = {						\
		.cmd = (_cmd) + BUILD_BUG_ON_ZERO(_IOC_SIZE(_cmd) != 0),	\
		.func = (_func),					\
	}

static const struct hoist_ioctl_desc hoist_ioctls[] = {
	HOIST_IOCTL(HOIST_IOC_INFO, ioctl_info, struct hoist_info),
	HOIST_IOCTL(HOIST_IOC_LOG_READ, ioctl_log_read, struct hoist_log_req),
	HOIST_IOCTL(HOIST_IOC_CPU_STATS, ioctl_cpu_stats,
		    struct hoist_stats_req),
	HOIST_IOCTL(HOIST_IOC_BENCH_NULL, ioctl_bench_null,
		    struct hoist_bench_req),
	/* domctl.c */
	HOIST_IOCTL(HOIST_IOC_DOMAIN_CREATE, hoist_domain_create,
		    struct hoist_domain_create),
	HOIST_IOCTL(HOIST_IOC_DOMAIN_WRITE, hoist_domain_write,
		    struct hoist_domain_write),
	HOIST_IOCTL(HOIST_IOC_DOMAIN_BOOT, hoist_domain_boot,
		    struct hoist_domain_boot),
	HOIST_IOCTL(HOIST_IOC_DOMAIN_UNPAUSE, hoist_domain_unpause,
		    struct hoist_domid),
	HOIST_IOCTL(HOIST_IOC_DOMAIN_PAUSE, hoist_domain_pause,
		    struct hoist_domid),
	HOIST_IOCTL(HOIST_IOC_DOMAIN_DESTROY, hoist_domain_destroy,
		    struct hoist_domid),
	HOIST_IOCTL(HOIST_IOC_DOMAIN_LIST, hoist_domain_list,
		    struct hoist_domain_list),
	HOIST_IOCTL(HOIST_IOC_VCPU_LIST, hoist_vcpu_list,
		    struct hoist_vcpu_list),
	HOIST_IOCTL(HOIST_IOC_DOMAIN_WAIT, hoist_domain_wait,
		    struct hoist_domain_wait),
	/* console.c */
	HOIST_IOCTL(HOIST_IOC_CONSOLE_READ, hoist_console_read,
		    struct hoist_console_read),
	HOIST_IOCTL(HOIST_IOC_CONSOLE_WRITE, hoist_console_write,
		    struct hoist_console_write),
	/* gnt.c */
	HOIST_IOCTL(HOIST_IOC_GNT_MAP, hoist_gnt_map, struct hoist_gnt_map),
	HOIST_IOCTL(HOIST_IOC_GNT_COPY, hoist_gnt_copy, struct hoist_gnt_copy),
	/* evtchn.c, domain_events.c */
	HOIST_IOCTL(HOIST_IOC_EVTCHN_ALLOC_UNBOUND, hoist_evtchn_alloc_unbound,
		    struct hoist_evtchn_alloc),
	HOIST_IOCTL_NOARG(HOIST_IOC_EVTCHN_OPEN, hoist_evtchn_open),
	HOIST_IOCTL_NOARG(HOIST_IOC_DOMAIN_EVENTS, hoist_domain_events_open),
};

/*
 * Every request is copied in and out here, as drm_ioctl() does, so that a
 * handler works on a kernel copy: in before the handler for a command that
 * writes (an -EFAULT then precedes any check), out only for one that reads
 * and only when the handler succeeded; a failed call writes nothing back.
 * Buffers a request points to are the handler's to copy.  A command that
 * differs from a known one in anything (type, size, direction) is unknown.
 */
static long hoist_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *p = (void __user *)arg;
	const struct hoist_ioctl_desc *desc;
	unsigned int nr = _IOC_NR(cmd);
	unsigned int size = _IOC_SIZE(cmd);
	union hoist_ioctl_req req;
	long r;

	if (nr >= ARRAY_SIZE(hoist_ioctls))
		return -ENOTTY;
	desc = &hoist_ioctls[array_index_nospec(nr, ARRAY_SIZE(hoist_ioctls))];
	if (!desc->func || desc->cmd != cmd)
		return -ENOTTY;
	if (_IOC_DIR(cmd) & _IOC_WRITE) {
		if (copy_from_user(&req, p, size))
			return -EFAULT;
	} else {
		memset(&req, 0, size);	/* no stack bytes reach the caller */
	}
	r = desc->func(&req);
	if (!r && (_IOC_DIR(cmd) & _IOC_READ) && copy_to_user(p, &req, size))
		r = -EFAULT;
	return r;
}

static const struct file_operations hoist_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = hoist_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice hoist_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "hoist",
	.fops = &hoist_fops,
	.mode = 0600,
};

int hoist_dev_init(void)
{
	return misc_register(&hoist_misc);
}

void hoist_dev_exit(void)
{
	misc_deregister(&hoist_misc);
}
