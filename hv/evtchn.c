// SPDX-License-Identifier: GPL-2.0
/*
 * 2-level event channels (Xen's original ABI).  Pending and mask bits live
 * in the guest's shared_info page, the per-vCPU selector and upcall flag
 * in its vcpu_info: the guest reads them without hypercalls, so every
 * update here is atomic.  Ports are bound to VIRQs or IPIs of one vCPU;
 * the console port's peer is the hypervisor (console_ring.c).  The only
 * other domain a domU talks to is dom0, and only dom0 binds (it is every
 * backend): the domU allocates an unbound port, dom0 binds it
 * (evtchn_dom0.c), and the domU's sends then set dom0's port pending.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hv.h>
#include <hv/string.h>
#include <hoist/xen.h>

#define WORD(port)	((port) / 64)
#define MASK(port)	(1ull << ((port) % 64))

/*
 * At seal.  The table starts zeroed (all ECS_FREE) at create and is not
 * wiped here: dom0 may have allocated the store's port while building.
 */
void evtchn_domain_init(struct domain *d)
{
	if (d->console_gfn)
		d->evtchn[HOIST_CONSOLE_PORT].type = ECS_CONSOLE;
}

bool vcpu_upcall_pending(const struct vcpu *v)
{
	return v->vcpu_info &&
	       __atomic_load_n(&v->vcpu_info->evtchn_upcall_pending,
			       __ATOMIC_ACQUIRE);
}

/* Tell vCPU t that port's selector word has something for it. */
static void notify(struct domain *d, struct vcpu *t, u32 port,
		   const struct vcpu *self)
{
	struct vcpu_info *vi = t->vcpu_info;

	if (!vi)
		return;
	if (__atomic_fetch_or(&vi->evtchn_pending_sel, MASK(WORD(port)),
			      __ATOMIC_SEQ_CST) & MASK(WORD(port)) &&
	    __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_ACQUIRE))
		return;	/* already on its way */
	__atomic_store_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
	if (t != self)
		vcpu_kick(t);
}

bool evtchn_is_pending(const struct domain *d, u32 port)
{
	const struct shared_info *s = d->shared_info;

	return s && port < DOM_EVTCHN_PORTS &&
	       (__atomic_load_n(&s->evtchn_pending[WORD(port)],
				__ATOMIC_ACQUIRE) & MASK(port));
}

/* SCHEDOP_poll waiters wake on the port even while it is masked. */
static void wake_pollers(struct domain *d, u32 port, const struct vcpu *self)
{
	for (u32 i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *t = d->vcpus[i];

		if (t != self && READ_ONCE(t->poll_port) == port)
			vcpu_kick(t);
	}
}

void evtchn_raise(struct domain *d, u32 port, const struct vcpu *self)
{
	struct shared_info *s = d->shared_info;
	u16 vcpu;

	if (!s || port >= DOM_EVTCHN_PORTS)
		return;
	vcpu = READ_ONCE(d->evtchn[port].vcpu);
	if (vcpu >= d->nr_vcpus)
		return;
	if (__atomic_fetch_or(&s->evtchn_pending[WORD(port)], MASK(port),
			      __ATOMIC_SEQ_CST) & MASK(port))
		return;	/* was pending: nothing new */
	wake_pollers(d, port, self);
	if (__atomic_load_n(&s->evtchn_mask[WORD(port)], __ATOMIC_ACQUIRE) &
	    MASK(port))
		return;	/* masked: unmask delivers it */
	notify(d, d->vcpus[vcpu], port, self);
}

void evtchn_raise_virq(struct vcpu *v, u32 virq)
{
	u32 port = virq < ARRAY_SIZE(v->virq_port) ? v->virq_port[virq] : 0;

	if (port)
		evtchn_raise(v->dom, port, v);
}

/* Under evtchn_lock: the first free port from first on. */
static long alloc_port_from(struct domain *d, u32 first, u8 type, u8 virq,
			    u16 vcpu)
{
	for (u32 p = first; p < DOM_EVTCHN_PORTS; p++)
		if (d->evtchn[p].type == ECS_FREE) {
			struct shared_info *s = d->shared_info;

			/* A recycled port starts clean. */
			if (s)
				__atomic_fetch_and(&s->evtchn_pending[WORD(p)],
						   ~MASK(p), __ATOMIC_SEQ_CST);
			d->evtchn[p].virq = virq;
			d->evtchn[p].vcpu = vcpu;
			d->evtchn[p].remote = 0;
			__atomic_store_n(&d->evtchn[p].type, type,
					 __ATOMIC_RELEASE);
			return p;
		}
	return -ENOSPC;
}

static long alloc_port(struct domain *d, u8 type, u8 virq, u16 vcpu)
{
	return alloc_port_from(d, 1, type, virq, vcpu);
}

/*
 * A bind's answer: r, the port or an error, goes back in the guest's
 * struct b (of size bytes at arg), whose port field is *port.
 */
static long bound(struct vcpu *v, u64 arg, void *b, size_t size, u32 *port,
		  long r)
{
	if (r < 0)
		return r;
	*port = (u32)r;
	return copy_to_guest(v, arg, b, size) ? -EFAULT : 0;
}

static long bind_virq(struct vcpu *v, u64 arg)
{
	struct domain *d = v->dom;
	struct evtchn_bind_virq b;
	struct vcpu *t;
	long r;

	if (copy_from_guest(v, &b, arg, sizeof(b)))
		return -EFAULT;
	if (b.virq >= ARRAY_SIZE(v->virq_port) || b.vcpu >= d->nr_vcpus)
		return -EINVAL;
	t = d->vcpus[b.vcpu];
	spin_lock(&d->evtchn_lock);
	if (t->virq_port[b.virq])
		r = -EEXIST;
	else
		r = alloc_port(d, ECS_VIRQ, (u8)b.virq, (u16)b.vcpu);
	if (r > 0)
		t->virq_port[b.virq] = (u16)r;
	spin_unlock(&d->evtchn_lock);
	return bound(v, arg, &b, sizeof(b), &b.port, r);
}

static long bind_ipi(struct vcpu *v, u64 arg)
{
	struct domain *d = v->dom;
	struct evtchn_bind_ipi b;
	long r;

	if (copy_from_guest(v, &b, arg, sizeof(b)))
		return -EFAULT;
	if (b.vcpu >= d->nr_vcpus)
		return -EINVAL;
	spin_lock(&d->evtchn_lock);
	r = alloc_port(d, ECS_IPI, 0, (u16)b.vcpu);
	spin_unlock(&d->evtchn_lock);
	return bound(v, arg, &b, sizeof(b), &b.port, r);
}

static long close_port(struct domain *d, u32 port)
{
	struct evtchn *e = &d->evtchn[port];

	spin_lock(&d->evtchn_lock);
	if (e->type == ECS_VIRQ)
		d->vcpus[e->vcpu]->virq_port[e->virq] = 0;
	/* The console port stays: the hypervisor end keeps it open. */
	if (e->type != ECS_CONSOLE)
		e->type = ECS_FREE;
	spin_unlock(&d->evtchn_lock);
	return 0;
}

/*
 * To dom0: its port goes pending and this run ends, so that the module
 * fetches the pending set (HOIST_RUN_EVENT).  The lock keeps dom0 from
 * closing its end between the check and the pending bit.
 */
static long send_to_dom0(struct vcpu *v, u32 port)
{
	struct domain *d = v->dom;
	struct evtchn *e = &d->evtchn[port];
	bool sent = false;

	spin_lock(&d->evtchn_lock);
	if (e->type == ECS_INTERDOMAIN) {
		evtchn_dom0_set_pending(e->remote);
		sent = true;
	}
	spin_unlock(&d->evtchn_lock);
	if (sent)
		vcpu_request_stop(v, HOIST_RUN_EVENT);
	return 0;	/* unbound (or just closed by dom0): dropped, as Xen does */
}

static long send(struct vcpu *v, u32 port)
{
	struct domain *d = v->dom;

	switch (READ_ONCE(d->evtchn[port].type)) {
	case ECS_IPI:
		evtchn_raise(d, port, v);
		return 0;
	case ECS_CONSOLE:
		console_ring_drain(d);
		vcpu_request_stop(v, HOIST_RUN_CONSOLE);
		return 0;
	case ECS_UNBOUND:
	case ECS_INTERDOMAIN:
		return send_to_dom0(v, port);
	default:
		return -EINVAL;
	}
}

static long unmask(struct vcpu *v, u32 port)
{
	struct domain *d = v->dom;
	struct shared_info *s = d->shared_info;
	u16 vcpu = READ_ONCE(d->evtchn[port].vcpu);

	if (!s)
		return -EINVAL;
	__atomic_fetch_and(&s->evtchn_mask[WORD(port)], ~MASK(port),
			   __ATOMIC_SEQ_CST);
	if (vcpu < d->nr_vcpus &&
	    (__atomic_load_n(&s->evtchn_pending[WORD(port)], __ATOMIC_ACQUIRE) &
	     MASK(port)))
		notify(d, d->vcpus[vcpu], port, v);
	return 0;
}

static long bind_vcpu(struct vcpu *v, u64 arg)
{
	struct domain *d = v->dom;
	struct evtchn_bind_vcpu b;
	struct evtchn *e;
	long r = 0;

	if (copy_from_guest(v, &b, arg, sizeof(b)))
		return -EFAULT;
	if (!b.port || b.port >= DOM_EVTCHN_PORTS || b.vcpu >= d->nr_vcpus)
		return -EINVAL;
	e = &d->evtchn[b.port];
	spin_lock(&d->evtchn_lock);
	/* As in Xen: per-vCPU VIRQs and IPIs cannot move. */
	if (e->type == ECS_CONSOLE || e->type == ECS_UNBOUND ||
	    e->type == ECS_INTERDOMAIN)
		WRITE_ONCE(e->vcpu, (u16)b.vcpu);
	else
		r = -EINVAL;
	spin_unlock(&d->evtchn_lock);
	return r;
}

/* Only in itself, and only for dom0 to bind (the one peer there is). */
static long alloc_unbound(struct vcpu *v, u64 arg)
{
	struct domain *d = v->dom;
	struct evtchn_alloc_unbound a;
	long r;

	if (copy_from_guest(v, &a, arg, sizeof(a)))
		return -EFAULT;
	if (a.dom != DOMID_SELF && a.dom != d->id)
		return -EPERM;
	if (a.remote_dom != 0)
		return -EINVAL;
	spin_lock(&d->evtchn_lock);
	r = alloc_port(d, ECS_UNBOUND, 0, 0);
	spin_unlock(&d->evtchn_lock);
	return bound(v, arg, &a, sizeof(a), &a.port, r);
}

/*
 * dom0 is every backend and binds its ends itself: it never has a port
 * unbound for a domU, and Xen answers a bind to a remote port that is not
 * unbound for the caller with -EINVAL.
 */
static long bind_interdomain(struct vcpu *v, u64 arg)
{
	struct evtchn_bind_interdomain b;

	if (copy_from_guest(v, &b, arg, sizeof(b)))
		return -EFAULT;
	return -EINVAL;
}

/*
 * EVTCHNOP_status of one of the caller's own ports (Xen says -EPERM for
 * another domain's).  The console port's peer is the hypervisor, which
 * stands for dom0's console daemon: interdomain with dom0, port 0.
 */
static long status(struct vcpu *v, u64 arg)
{
	struct domain *d = v->dom;
	struct evtchn_status st;
	struct evtchn e;

	if (copy_from_guest(v, &st, arg, sizeof(st)))
		return -EFAULT;
	if (st.dom != DOMID_SELF && st.dom != d->id)
		return -EPERM;
	if (st.port >= DOM_EVTCHN_PORTS)
		return -EINVAL;
	spin_lock(&d->evtchn_lock);
	e = d->evtchn[st.port];
	spin_unlock(&d->evtchn_lock);
	memset(&st.u, 0, sizeof(st.u));
	st.vcpu = e.vcpu;
	switch (e.type) {
	case ECS_VIRQ:
		st.status = EVTCHNSTAT_virq;
		st.u.virq = e.virq;
		break;
	case ECS_IPI:
		st.status = EVTCHNSTAT_ipi;
		break;
	case ECS_UNBOUND:
		st.status = EVTCHNSTAT_unbound;
		break;
	case ECS_INTERDOMAIN:
		st.status = EVTCHNSTAT_interdomain;
		st.u.interdomain.port = e.remote;
		break;
	case ECS_CONSOLE:
		st.status = EVTCHNSTAT_interdomain;
		break;
	default:	/* free, and port 0, which Xen reserves */
		st.status = EVTCHNSTAT_closed;
		st.vcpu = 0;
		break;
	}
	return copy_to_guest(v, arg, &st, sizeof(st)) ? -EFAULT : 0;
}

long evtchn_op(struct vcpu *v, u64 cmd, u64 arg)
{
	struct evtchn_port p;

	switch (cmd) {
	case EVTCHNOP_alloc_unbound:
		return alloc_unbound(v, arg);
	case EVTCHNOP_bind_interdomain:
		return bind_interdomain(v, arg);
	case EVTCHNOP_status:
		return status(v, arg);
	case EVTCHNOP_bind_virq:
		return bind_virq(v, arg);
	case EVTCHNOP_bind_ipi:
		return bind_ipi(v, arg);
	case EVTCHNOP_bind_vcpu:
		return bind_vcpu(v, arg);
	case EVTCHNOP_close:
	case EVTCHNOP_send:
	case EVTCHNOP_unmask:
		break;
	default:	/* init_control too: the guest falls back to 2-level */
		return -ENOSYS;
	}
	if (copy_from_guest(v, &p, arg, sizeof(p)))
		return -EFAULT;
	if (!p.port || p.port >= DOM_EVTCHN_PORTS)
		return -EINVAL;
	switch (cmd) {
	case EVTCHNOP_close:
		return close_port(v->dom, p.port);
	case EVTCHNOP_send:
		return send(v, p.port);
	default:
		return unmask(v, p.port);
	}
}

/* ------------------------------------------------ dom0's side (evtchn_dom0.c) */

long evtchn_alloc_unbound_for_dom0(struct domain *d)
{
	long r;

	/*
	 * Never port 1: dom0 allocates the store's port before the boot
	 * says whether there is a console, whose port 1 is.
	 */
	spin_lock(&d->evtchn_lock);
	r = alloc_port_from(d, HOIST_CONSOLE_PORT + 1, ECS_UNBOUND, 0, 0);
	spin_unlock(&d->evtchn_lock);
	return r;
}

long evtchn_bind_dom0(struct domain *d, u32 port, u16 dom0_port)
{
	struct evtchn *e;
	long r = -EINVAL;

	if (!port || port >= DOM_EVTCHN_PORTS)
		return -EINVAL;
	e = &d->evtchn[port];
	spin_lock(&d->evtchn_lock);
	if (e->type == ECS_UNBOUND) {
		e->remote = dom0_port;
		__atomic_store_n(&e->type, ECS_INTERDOMAIN, __ATOMIC_RELEASE);
		r = 0;
	}
	spin_unlock(&d->evtchn_lock);
	return r;
}

/* Still bound to dom0_port (the domU may have closed it): unbound again. */
void evtchn_unbind_dom0(struct domain *d, u32 port, u16 dom0_port)
{
	struct evtchn *e;

	if (port >= DOM_EVTCHN_PORTS)
		return;
	e = &d->evtchn[port];
	spin_lock(&d->evtchn_lock);
	if (e->type == ECS_INTERDOMAIN && e->remote == dom0_port) {
		e->remote = 0;
		__atomic_store_n(&e->type, ECS_UNBOUND, __ATOMIC_RELEASE);
	}
	spin_unlock(&d->evtchn_lock);
}

/* Under the lock, as forget_guest_pages() takes shared_info away under it. */
void evtchn_send_from_dom0(struct domain *d, u32 port, u16 dom0_port)
{
	struct evtchn *e;

	if (port >= DOM_EVTCHN_PORTS)
		return;
	e = &d->evtchn[port];
	spin_lock(&d->evtchn_lock);
	if (e->type == ECS_INTERDOMAIN && e->remote == dom0_port)
		evtchn_raise(d, port, NULL);
	spin_unlock(&d->evtchn_lock);
}
