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
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/msr.h>
#include <hoist/ioctl.h>
#include "hoist.h"

#define BENCH_BATCH	256

/*
 * The answer of an ioctl that fills a buffer of the caller's: len bytes of
 * buf to ubuf, then the request itself, out fields set, back to arg.
 */
long hoist_ioctl_reply(void __user *arg, const void *req, size_t req_size,
		       u64 ubuf, const void *buf, size_t len)
{
	if (copy_to_user(u64_to_user_ptr(ubuf), buf, len) ||
	    copy_to_user(arg, req, req_size))
		return -EFAULT;
	return 0;
}

static long ioctl_info(void __user *arg)
{
	struct hoist_info info;
	long r = hoist_hypercall(HOIST_HC_INFO, (unsigned long)&info, 0, 0);

	if (r)
		return r;
	return copy_to_user(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long ioctl_log_read(void __user *arg)
{
	struct hoist_log_req req;
	char *buf;
	long r;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (!req.buf || !req.len || req.len > HOIST_LOG_MAX ||
	    req.clear > 1 || req.pad)
		return -EINVAL;
	buf = kvmalloc(req.len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	r = hoist_hypercall(HOIST_HC_LOG_READ, (unsigned long)buf, req.len,
			    req.clear);
	if (r >= 0) {
		req.copied = r;
		r = hoist_ioctl_reply(arg, &req, sizeof(req), req.buf, buf, r);
	}
	kvfree(buf);
	return r;
}

static long ioctl_cpu_stats(void __user *arg)
{
	struct hoist_stats_req req;
	long r;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.cpu >= nr_cpu_ids || (req.flags & ~HOIST_STATS_RESET_MAX))
		return -EINVAL;
	r = hoist_hypercall(HOIST_HC_CPU_STATS, req.cpu,
			    (unsigned long)&req.stats, req.flags);
	if (r)
		return r;
	return copy_to_user(arg, &req, sizeof(req)) ? -EFAULT : 0;
}

/* N null hypercalls from this kernel, timed with the TSC. */
static long ioctl_bench_null(void __user *arg)
{
	struct hoist_bench_req req;
	u64 done = 0, ticks = 0;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (!req.iterations || req.iterations > HOIST_BENCH_MAX)
		return -EINVAL;
	while (done < req.iterations) {
		u64 n = min_t(u64, BENCH_BATCH, req.iterations - done);
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
	req.tsc_cycles = ticks;
	return copy_to_user(arg, &req, sizeof(req)) ? -EFAULT : 0;
}

static long hoist_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *p = (void __user *)arg;

	switch (cmd) {
	case HOIST_IOC_INFO:
		return ioctl_info(p);
	case HOIST_IOC_LOG_READ:
		return ioctl_log_read(p);
	case HOIST_IOC_CPU_STATS:
		return ioctl_cpu_stats(p);
	case HOIST_IOC_BENCH_NULL:
		return ioctl_bench_null(p);
	/* domctl.c */
	case HOIST_IOC_DOMAIN_CREATE:
		return hoist_domain_create(p);
	case HOIST_IOC_DOMAIN_WRITE:
		return hoist_domain_write(p);
	case HOIST_IOC_DOMAIN_BOOT:
		return hoist_domain_boot(p);
	case HOIST_IOC_DOMAIN_UNPAUSE:
		return hoist_domain_pause(p, false);
	case HOIST_IOC_DOMAIN_PAUSE:
		return hoist_domain_pause(p, true);
	case HOIST_IOC_DOMAIN_DESTROY:
		return hoist_domain_destroy(p);
	case HOIST_IOC_DOMAIN_LIST:
		return hoist_domain_list(p);
	case HOIST_IOC_VCPU_LIST:
		return hoist_vcpu_list(p);
	case HOIST_IOC_DOMAIN_WAIT:
		return hoist_domain_wait(p);
	/* console.c */
	case HOIST_IOC_CONSOLE_READ:
		return hoist_console_read(p);
	case HOIST_IOC_CONSOLE_WRITE:
		return hoist_console_write(p);
	default:
		return -ENOTTY;
	}
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
