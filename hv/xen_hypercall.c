// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls from domUs, with Xen's numbers and semantics.  A call that
 * ends the vCPU's run (block, yield, shutdown, bringing up another vCPU)
 * records why in the vCPU; the exit handler then returns to dom0.
 * Anything not implemented returns -ENOSYS.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/string.h>
#include <hoist/xen.h>
#include <arch/cpu.h>

#define CONSOLE_CHUNK	256
#define CONSOLE_MAX	4096

static long xen_version(struct vcpu *v, const u64 *a)
{
	char extra[16] = ".0-hoist";

	switch (a[0]) {
	case XENVER_version:
		return (4 << 16) | 17;
	case XENVER_extraversion:
		return copy_to_guest(v, a[1], extra, sizeof(extra));
	default:
		return -ENOSYS;
	}
}

static long console_io(struct vcpu *v, const u64 *a)
{
	char buf[CONSOLE_CHUNK];
	u64 len = a[1], done = 0;

	if (a[0] != CONSOLEIO_write)
		return -ENOSYS;
	if (len > CONSOLE_MAX)
		return -EINVAL;
	while (done < len) {
		size_t n = MIN(len - done, CONSOLE_CHUNK);

		if (copy_from_guest(v, buf, a[2] + done, n))
			return -EFAULT;
		domain_console_put(v->dom, buf, n);
		done += n;
	}
	v->stop_reason = HOIST_RUN_CONSOLE;
	return 0;
}

static long sched_op(struct vcpu *v, const u64 *a)
{
	struct sched_shutdown sd;

	switch (a[0]) {
	case SCHEDOP_yield:
		v->stop_reason = HOIST_RUN_PREEMPTED;
		return 0;
	case SCHEDOP_block:
		v->stop_reason = HOIST_RUN_BLOCKED;
		return 0;
	case SCHEDOP_shutdown:
		if (copy_from_guest(v, &sd, a[1], sizeof(sd)))
			return -EFAULT;
		if (sd.reason > SHUTDOWN_soft_reset)
			return -EINVAL;
		domain_shutdown(v->dom, sd.reason);
		v->stop_reason = HOIST_RUN_SHUTDOWN;
		return 0;
	default:
		return -ENOSYS;
	}
}

static long vcpu_op(struct vcpu *v, const u64 *a)
{
	struct domain *d = v->dom;
	struct vcpu_hvm_context ctx;
	struct vcpu *t;
	long r = 0;

	if (a[1] >= d->nr_vcpus)
		return -ENOENT;
	t = d->vcpus[a[1]];
	switch (a[0]) {
	case VCPUOP_initialise:
		if (copy_from_guest(v, &ctx, a[2], sizeof(ctx)))
			return -EFAULT;
		spin_lock(&d->lock);
		if (t->state != HOIST_VCPU_OFFLINE)
			r = -EEXIST;
		else
			r = vcpu_set_hvm_context(t, &ctx);
		spin_unlock(&d->lock);
		return r;
	case VCPUOP_up:
		spin_lock(&d->lock);
		if (!t->initialised)
			r = -EINVAL;
		else if (t->state == HOIST_VCPU_OFFLINE)
			t->state = HOIST_VCPU_RUNNABLE;
		spin_unlock(&d->lock);
		if (!r) {
			v->stop_reason = HOIST_RUN_VCPU_UP;
			v->vcpu_up = (u32)a[1];
		}
		return r;
	case VCPUOP_is_up:
		return READ_ONCE(t->state) != HOIST_VCPU_OFFLINE;
	default:
		return -ENOSYS;
	}
}

typedef long (*xen_fn)(struct vcpu *v, const u64 *args);

static const xen_fn xen_calls[] = {
	[XEN_HC_xen_version] = xen_version,
	[XEN_HC_console_io] = console_io,
	[XEN_HC_vcpu_op] = vcpu_op,
	[XEN_HC_sched_op] = sched_op,
};

long xen_hypercall(struct vcpu *v, u64 nr, const u64 *args)
{
	xen_fn fn = nr < ARRAY_SIZE(xen_calls) ? xen_calls[nr] : NULL;

	return fn ? fn(v, args) : -ENOSYS;
}
