// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls from domUs, with Xen's numbers and semantics.  A call that
 * ends the vCPU's run (block, yield, shutdown, bringing up another vCPU)
 * records why in the vCPU; the exit handler then returns to dom0.
 * Anything not implemented returns -ENOSYS.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant_table.h>
#include <hv/guest_access.h>
#include <hv/hv.h>
#include <hv/log.h>
#include <hv/string.h>
#include <hoist/xen.h>

#define CONSOLE_CHUNK	256
#define CONSOLE_MAX	4096

/* What a PVH guest may rely on (public/features.h). */
#define XEN_FEATURES	(BIT(XENFEAT_writable_page_tables) | \
			 BIT(XENFEAT_auto_translated_physmap) | \
			 BIT(XENFEAT_hvm_callback_vector) | \
			 BIT(XENFEAT_hvm_safe_pvclock))

static long xen_version(struct vcpu *v, const u64 *a)
{
	char extra[16] = ".0-hoist";
	struct xen_feature_info fi;

	switch (a[0]) {
	case XENVER_version:
		return XEN_VERSION_COMPAT;
	case XENVER_extraversion:
		return copy_to_guest(v, a[1], extra, sizeof(extra));
	case XENVER_get_features:
		if (copy_from_guest(v, &fi, a[1], sizeof(fi)))
			return -EFAULT;
		fi.submap = fi.submap_idx == 0 ? (u32)XEN_FEATURES : 0;
		return copy_to_guest(v, a[1], &fi, sizeof(fi));
	default:
		return -ENOSYS;
	}
}

static bool is_self(const struct vcpu *v, u32 domid)
{
	return domid == DOMID_SELF || domid == v->dom->id;
}

static long memory_op(struct vcpu *v, const u64 *a)
{
	struct xen_add_to_physmap x;

	if (a[0] != XENMEM_add_to_physmap)
		return -ENOSYS;	/* memory_map too: start_info carries it */
	if (copy_from_guest(v, &x, a[1], sizeof(x)))
		return -EFAULT;
	if (!is_self(v, x.domid))
		return -EPERM;
	if (x.space == XENMAPSPACE_grant_table)
		return gnt_add_to_physmap(v, x.idx, x.gpfn);
	if (x.space != XENMAPSPACE_shared_info)
		return -ENOSYS;
	if (x.idx != 0)
		return -EINVAL;
	return xen_map_shared_info(v, x.gpfn);
}

static long grant_table_op(struct vcpu *v, const u64 *a)
{
	return gnt_guest_op(v, a[0], a[1], a[2]);
}

static long hvm_op(struct vcpu *v, const u64 *a)
{
	struct domain *d = v->dom;
	struct xen_hvm_param p;

	if (a[0] != HVMOP_set_param && a[0] != HVMOP_get_param)
		return -ENOSYS;
	if (copy_from_guest(v, &p, a[1], sizeof(p)))
		return -EFAULT;
	if (!is_self(v, p.domid))
		return -EPERM;
	if (p.index >= HVM_PARAM_NR)
		return -EINVAL;
	if (a[0] == HVMOP_set_param) {
		/* Only the vector callback: the other types need an IOAPIC. */
		if (p.index != HVM_PARAM_CALLBACK_IRQ)
			return -EPERM;
		if (p.value >> 56 != HVM_CALLBACK_TYPE_VECTOR ||
		    (p.value & 0xffffffffffffffull) < 0x10 ||
		    (p.value & 0xffffffffffffffull) > 0xff)
			return -EINVAL;
		WRITE_ONCE(d->callback_vector, (u8)p.value);
		return 0;
	}
	switch (p.index) {
	case HVM_PARAM_CALLBACK_IRQ:
		p.value = d->callback_vector ?
			  (u64)HVM_CALLBACK_TYPE_VECTOR << 56 | d->callback_vector : 0;
		break;
	case HVM_PARAM_CONSOLE_PFN:
		p.value = d->console_gfn;
		break;
	case HVM_PARAM_CONSOLE_EVTCHN:
		p.value = d->console_gfn ? HOIST_CONSOLE_PORT : 0;
		break;
	case HVM_PARAM_STORE_PFN:	/* 0: no xenstore, Linux does without */
		p.value = d->store_gfn;
		break;
	case HVM_PARAM_STORE_EVTCHN:
		p.value = d->store_gfn ? d->store_port : 0;
		break;
	default:
		p.value = 0;
	}
	return copy_to_guest(v, a[1], &p, sizeof(p));
}

static long event_channel_op(struct vcpu *v, const u64 *a)
{
	return evtchn_op(v, a[0], a[1]);
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

/*
 * SCHEDOP_poll, as Linux's PV spinlocks use it: one port, no timeout.  The
 * vCPU halts until the port is pending or an event is due; a timeout is
 * met by returning at once, which poll's callers must tolerate anyway.
 */
static long sched_poll(struct vcpu *v, u64 arg)
{
	struct sched_poll p;
	u32 port;

	if (copy_from_guest(v, &p, arg, sizeof(p)))
		return -EFAULT;
	if (p.nr_ports != 1)
		return -EINVAL;
	if (copy_from_guest(v, &port, p.ports, sizeof(port)))
		return -EFAULT;
	if (!port || port >= DOM_EVTCHN_PORTS)
		return -EINVAL;
	if (p.timeout || evtchn_is_pending(v->dom, port) ||
	    arch_vcpu_interrupt_pending(v))
		return 0;
	WRITE_ONCE(v->poll_port, port);
	/* Raised between the check and here?  Then do not sleep. */
	if (evtchn_is_pending(v->dom, port)) {
		WRITE_ONCE(v->poll_port, 0);
		return 0;
	}
	v->stop_reason = HOIST_RUN_BLOCKED;
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
		if (!arch_vcpu_interrupt_pending(v))
			v->stop_reason = HOIST_RUN_BLOCKED;
		return 0;
	case SCHEDOP_poll:
		return sched_poll(v, a[1]);
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

/* vcpu_op's time and vcpu_info calls, on vCPU t. */
static long vcpu_op_time(struct vcpu *v, struct vcpu *t, const u64 *a)
{
	struct vcpu_set_singleshot_timer st;
	struct vcpu_register_vcpu_info ri;
	u64 area;
	long r;

	switch (a[0]) {
	case VCPUOP_register_vcpu_info:
		if (copy_from_guest(v, &ri, a[2], sizeof(ri)))
			return -EFAULT;
		return ri.rsvd ? -EINVAL :
		       xen_register_vcpu_info(t, ri.mfn, ri.offset);
	case VCPUOP_register_runstate_memory_area:
		/* Accepted, never written: the guest then sees no steal time. */
		return copy_from_guest(v, &area, a[2], sizeof(area)) ? -EFAULT : 0;
	case VCPUOP_stop_periodic_timer:
		return 0;	/* there is none */
	case VCPUOP_set_singleshot_timer:
		if (copy_from_guest(v, &st, a[2], sizeof(st)))
			return -EFAULT;
		r = xen_set_timer(t, st.timeout_abs_ns,
				  st.flags & VCPU_SSHOTTMR_future);
		break;
	case VCPUOP_stop_singleshot_timer:
		WRITE_ONCE(t->timer_ns, 0);
		return 0;
	default:
		return -ENOSYS;	/* periodic timers among them */
	}
	/*
	 * dom0 armed a host timer for the deadline it was last told; an
	 * earlier one needs a new report.
	 */
	if (!r && (!t->timer_reported || t->timer_ns < t->timer_reported)) {
		if (t == v)
			vcpu_request_stop(v, HOIST_RUN_PREEMPTED);
		else
			vcpu_kick(t);
	}
	return r;
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
			r = arch_vcpu_set_hvm_context(t, &ctx);
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
		return vcpu_op_time(v, t, a);
	}
}

typedef long (*xen_fn)(struct vcpu *v, const u64 *args);

static const xen_fn xen_calls[] = {
	[XEN_HC_memory_op] = memory_op,
	[XEN_HC_grant_table_op] = grant_table_op,
	[XEN_HC_xen_version] = xen_version,
	[XEN_HC_event_channel_op] = event_channel_op,
	[XEN_HC_hvm_op] = hvm_op,
	[XEN_HC_console_io] = console_io,
	[XEN_HC_vcpu_op] = vcpu_op,
	[XEN_HC_sched_op] = sched_op,
};

long xen_hypercall(struct vcpu *v, u64 nr, const u64 *args)
{
	xen_fn fn = nr < ARRAY_SIZE(xen_calls) ? xen_calls[nr] : NULL;

	return fn ? fn(v, args) : -ENOSYS;
}
