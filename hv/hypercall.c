// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls from dom0.  Xen's numbers where Xen has the call, Hoist's own
 * from HOIST_HC_BASE.  Every argument is checked; a bad one returns an
 * error code and changes nothing.
 */
#include <hv/domain.h>
#include <hv/hv.h>
#include <hv/errno.h>
#include <hv/grant_table.h>
#include <hv/guest_access.h>
#include <hv/log.h>
#include <hv/string.h>

#define CONSOLE_CHUNK	128
#define CONSOLE_MAX	4096
#define LOG_CHUNK	512

static long hc_xen_version(struct vcpu *c, const u64 *a)
{
	char extra[16] = HOIST_VERSION_EXTRA;

	switch (a[0]) {
	case HOIST_XENVER_VERSION:
		return HOIST_VERSION_CODE;
	case HOIST_XENVER_EXTRAVERSION:
		return copy_to_guest(c, a[1], extra, sizeof(extra));
	default:
		return -ENOSYS;
	}
}

static long hc_console_io(struct vcpu *c, const u64 *a)
{
	char buf[CONSOLE_CHUNK + 1];
	u64 len = a[1], done = 0;

	if (a[0] != HOIST_CONSOLEIO_WRITE)
		return -ENOSYS;
	if (len > CONSOLE_MAX)
		return -EINVAL;
	while (done < len) {
		size_t n = MIN(len - done, CONSOLE_CHUNK);

		if (copy_from_guest(c, buf, a[2] + done, n))
			return -EFAULT;
		buf[n] = '\0';
		hv_log("(d0) %s", buf);
		done += n;
	}
	return 0;
}

static long hc_null(struct vcpu *c, const u64 *a)
{
	(void)c;
	(void)a;
	return 0;
}

static long hc_info(struct vcpu *c, const u64 *a)
{
	struct hoist_info info;
	u64 blocked = 0;

	memset(&info, 0, sizeof(info));
	for (u32 i = 0; i < hv.nr_cpus; i++)
		blocked += hv.cpus[i].stats.hv_access_blocked;
	info.version = HOIST_VERSION_CODE;
	info.nr_cpus = hv.nr_cpus;
	info.cpus_hoisted = __atomic_load_n(&hv.cpus_hoisted, __ATOMIC_RELAXED);
	info.npt_levels = hv.paging_levels;
	hv_pool_info(&info);
	info.log_size = log_used();
	info.hv_access_blocked = blocked;
	info.max_phys_bits = hv.max_phys_bits;
	info.asids = hv.asids;
	info.svm_features = hv.svm_features;
	info.cpus_present = hv.nr_present;
	info.ram_pages = hv.ram_pages;
	info.domains = domain_count();
	if (READ_ONCE(hv.cpu_exposed))
		info.flags |= HOIST_INFO_CPU_EXPOSED;
	if (!domain_cpus_all_hoisted())
		info.flags |= HOIST_INFO_CPU_MISSING;
	memcpy(info.extra, HOIST_VERSION_EXTRA, sizeof(HOIST_VERSION_EXTRA));
	return copy_to_guest(c, a[0], &info, sizeof(info));
}

static long hc_log_read(struct vcpu *c, const u64 *a)
{
	char buf[LOG_CHUNK];
	u64 len = MIN(a[1], HV_LOG_SIZE), done = 0;

	if (a[2] > 1)
		return -EINVAL;
	while (done < len) {
		size_t n = log_copy(done, buf, MIN(len - done, LOG_CHUNK));

		if (!n)
			break;
		if (copy_to_guest(c, a[0] + done, buf, n))
			return -EFAULT;
		done += n;
	}
	if (a[2])
		log_consume(done);	/* only what the caller has seen */
	return (long)done;
}

static long hc_cpu_stats(struct vcpu *c, const u64 *a)
{
	struct hoist_cpu_stats st;

	if (a[0] >= hv.nr_cpus || (a[2] & ~(u64)HOIST_STATS_RESET_MAX))
		return -EINVAL;
	st = hv.cpus[a[0]].stats;
	st.cpu = (u32)a[0];
	st.hoisted = hv.cpus[a[0]].hoisted;
	if (copy_to_guest(c, a[1], &st, sizeof(st)))
		return -EFAULT;
	if (a[2] & HOIST_STATS_RESET_MAX)
		WRITE_ONCE(hv.cpus[a[0]].stats.hc_max_ns, 0);
	return 0;
}

static long hc_domain_create(struct vcpu *c, const u64 *a)
{
	struct hoist_hc_domain_create dc;
	long r;

	if (copy_from_guest(c, &dc, a[0], sizeof(dc)))
		return -EFAULT;
	if (dc.pad)
		return -EINVAL;
	r = domain_create(dc.max_pages, dc.nr_vcpus, dc.max_grant_frames,
			  &dc.domid);
	if (r)
		return r;
	if (copy_to_guest(c, a[0], &dc, sizeof(dc))) {
		struct domain *d = domain_get(dc.domid);

		if (d) {
			domain_destroy(d);	/* no pages yet: one step */
			domain_put(d);
		}
		return -EFAULT;
	}
	return 0;
}

static long hc_domain_populate(struct vcpu *c, struct domain *d, const u64 *a)
{
	return domain_populate(c, d, a[1], a[2], a[3]);
}

static long hc_vcpu_boot(struct vcpu *c, struct domain *d, const u64 *a)
{
	struct hoist_vcpu_boot b;

	if (copy_from_guest(c, &b, a[2], sizeof(b)))
		return -EFAULT;
	return domain_boot(d, a[1] >= d->nr_vcpus ? ~0u : (u32)a[1], &b);
}

static long hc_domain_ctl(struct vcpu *c, struct domain *d, const u64 *a)
{
	long r = 0;

	switch (a[1]) {
	case HOIST_DOMCTL_PAUSE:
	case HOIST_DOMCTL_UNPAUSE:
		spin_lock(&d->lock);
		if (d->flags & (HOIST_DOM_BUILDING | HOIST_DOM_DYING))
			r = -EINVAL;
		else if (a[1] == HOIST_DOMCTL_PAUSE)
			d->flags |= HOIST_DOM_PAUSED;
		else
			d->flags &= ~HOIST_DOM_PAUSED;
		spin_unlock(&d->lock);
		return r;
	case HOIST_DOMCTL_DESTROY:
		return domain_destroy(d);
	case HOIST_DOMCTL_SEAL:
		return domain_seal(d);
	default:
		return -EINVAL;
	}
}

static long hc_vcpu_run(struct vcpu *c, struct domain *d, const u64 *a)
{
	if (a[1] >= d->nr_vcpus)
		return -EINVAL;
	return vcpu_run(c->pcpu, d->vcpus[a[1]], a[2]);
}

static long hc_domain_info(struct vcpu *c, struct domain *d, const u64 *a)
{
	struct hoist_hc_domain_info info;

	domain_info(d, &info);
	return copy_to_guest(c, a[1], &info, sizeof(info));
}

static long hc_vcpu_info(struct vcpu *c, struct domain *d, const u64 *a)
{
	struct hoist_vcpu_info info;
	struct vcpu *v;

	if (a[1] >= d->nr_vcpus)
		return -EINVAL;
	v = d->vcpus[a[1]];
	memset(&info, 0, sizeof(info));
	info.domid = d->id;
	info.vcpu = v->id;
	info.state = READ_ONCE(v->state);
	if (info.state != HOIST_VCPU_OFFLINE && (d->flags & HOIST_DOM_PAUSED))
		info.state = HOIST_VCPU_PAUSED;
	info.cpu = v->pcpu ? (s32)v->pcpu->id : -1;
	info.cpu_time_ns = v->cpu_time_ns;
	return copy_to_guest(c, a[2], &info, sizeof(info));
}

static long hc_console_read(struct vcpu *c, struct domain *d, const u64 *a)
{
	char buf[LOG_CHUNK];
	u64 len = MIN(a[2], (u64)DOM_CONSOLE_SIZE), done = 0;

	console_ring_drain(d);	/* in case the guest wrote without notifying */
	while (done < len) {
		size_t n = domain_console_get(d, buf, MIN(len - done, LOG_CHUNK));

		if (!n)
			break;
		if (copy_to_guest(c, a[1] + done, buf, n))
			return -EFAULT;	/* those bytes are gone, as from a pipe */
		done += n;
	}
	return (long)done;
}

/* Console input for the guest's ring: bytes taken, 0 when it is full. */
static long hc_console_write(struct vcpu *c, struct domain *d, const u64 *a)
{
	char buf[LOG_CHUNK];
	u64 len = MIN(a[2], (u64)sizeof(buf));

	if (!a[2])
		return -EINVAL;
	if (copy_from_guest(c, buf, a[1], len))
		return -EFAULT;
	return console_ring_input(d, buf, len);	/* -ENOENT once dying */
}

static long hc_load_done(struct vcpu *c, const u64 *a)
{
	WRITE_ONCE(hv.load_done, true);
	return 0;
}

/*
 * The next VMRUN here flushes; tables every CPU has flushed past go back to
 * the pool, RECLAIM_BATCH at a time: a full batch returns 1 (call again).
 */
static long hc_tlb_sync(struct vcpu *c, const u64 *a)
{
	dom0_tlb_catch_up(c->pcpu);
	hv_pool_activate();	/* chunks grown before every CPU's flush */
	domain_gnt_reclaim_all();	/* grants unmapped before it, too */
	return dom0_npt_reclaim(RECLAIM_BATCH) == RECLAIM_BATCH;
}

static long hc_pool_grow(struct vcpu *c, const u64 *a)
{
	return pool_grow(a[0]);
}

static long hc_pool_shrink(struct vcpu *c, const u64 *a)
{
	return pool_shrink(a[0]);
}

static long hc_gnt_map(struct vcpu *c, struct domain *d, const u64 *a)
{
	if (a[1] > 0xffffffffull || a[2] > 0xffffffffull)
		return -EINVAL;
	return gnt_map(d, (u32)a[1], (u32)a[2]);
}

static long hc_gnt_unmap(struct vcpu *c, struct domain *d, const u64 *a)
{
	if (a[1] > 0xffffffffull)
		return -ENOENT;
	return gnt_unmap(d, (u32)a[1], a[2]);
}

static long hc_gnt_copy(struct vcpu *c, const u64 *a)
{
	return gnt_copy(c, a[0], a[1]);
}

/* (HOIST_EVTCHN_*, arg): dom0's event channels, evtchn_dom0.c */
static long hc_evtchn(struct vcpu *c, const u64 *a)
{
	return evtchn_dom0_op(c, a[0], a[1]);
}

typedef long (*hypercall_fn)(struct vcpu *c, const u64 *args);
/* Calls on one domain, args[0] its id: the dispatcher holds it meanwhile. */
typedef long (*domain_call_fn)(struct vcpu *c, struct domain *d,
			       const u64 *args);

static const hypercall_fn xen_calls[] = {
	[HOIST_HC_XEN_VERSION] = hc_xen_version,
	[HOIST_HC_CONSOLE_IO] = hc_console_io,
};

static const hypercall_fn hoist_calls[] = {
	[HOIST_HC_NULL - HOIST_HC_BASE] = hc_null,
	[HOIST_HC_INFO - HOIST_HC_BASE] = hc_info,
	[HOIST_HC_LOG_READ - HOIST_HC_BASE] = hc_log_read,
	[HOIST_HC_CPU_STATS - HOIST_HC_BASE] = hc_cpu_stats,
	[HOIST_HC_DOMAIN_CREATE - HOIST_HC_BASE] = hc_domain_create,
	[HOIST_HC_TLB_SYNC - HOIST_HC_BASE] = hc_tlb_sync,
	[HOIST_HC_LOAD_DONE - HOIST_HC_BASE] = hc_load_done,
	[HOIST_HC_POOL_GROW - HOIST_HC_BASE] = hc_pool_grow,
	[HOIST_HC_POOL_SHRINK - HOIST_HC_BASE] = hc_pool_shrink,
	[HOIST_HC_GNT_COPY - HOIST_HC_BASE] = hc_gnt_copy,
	[HOIST_HC_EVTCHN - HOIST_HC_BASE] = hc_evtchn,
};

static const domain_call_fn domain_calls[] = {
	[HOIST_HC_DOMAIN_POPULATE - HOIST_HC_BASE] = hc_domain_populate,
	[HOIST_HC_VCPU_BOOT - HOIST_HC_BASE] = hc_vcpu_boot,
	[HOIST_HC_DOMAIN_CTL - HOIST_HC_BASE] = hc_domain_ctl,
	[HOIST_HC_VCPU_RUN - HOIST_HC_BASE] = hc_vcpu_run,
	[HOIST_HC_DOMAIN_INFO - HOIST_HC_BASE] = hc_domain_info,
	[HOIST_HC_VCPU_INFO - HOIST_HC_BASE] = hc_vcpu_info,
	[HOIST_HC_CONSOLE_READ - HOIST_HC_BASE] = hc_console_read,
	[HOIST_HC_CONSOLE_WRITE - HOIST_HC_BASE] = hc_console_write,
	[HOIST_HC_GNT_MAP - HOIST_HC_BASE] = hc_gnt_map,
	[HOIST_HC_GNT_UNMAP - HOIST_HC_BASE] = hc_gnt_unmap,
};

long hypercall_dispatch(struct vcpu *c, u64 nr, const u64 *args)
{
	u64 i = nr - HOIST_HC_BASE;
	struct domain *d;
	long r;

	if (nr < ARRAY_SIZE(xen_calls) && xen_calls[nr])
		return xen_calls[nr](c, args);
	if (i < ARRAY_SIZE(hoist_calls) && hoist_calls[i])
		return hoist_calls[i](c, args);
	if (i >= ARRAY_SIZE(domain_calls) || !domain_calls[i])
		return -ENOSYS;
	d = domain_get((u32)args[0]);
	if (!d)
		return -ENOENT;
	r = domain_calls[i](c, d, args);
	domain_put(d);
	return r;
}
