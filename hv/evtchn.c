// SPDX-License-Identifier: GPL-2.0
/*
 * 2-level event channels (Xen's original ABI).  Pending and mask bits live
 * in the guest's shared_info page, the per-vCPU selector and upcall flag
 * in its vcpu_info: the guest reads them without hypercalls, so every
 * update here is atomic.  Ports are bound to VIRQs or IPIs of one vCPU;
 * the console port's peer is the hypervisor (console_ring.c).  There are
 * no other domains to talk to: interdomain binding is not offered.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hv.h>
#include <hv/string.h>
#include <hoist/xen.h>

#define WORD(port)	((port) / 64)
#define MASK(port)	(1ull << ((port) % 64))

void evtchn_domain_init(struct domain *d)
{
	memset(d->evtchn, 0, sizeof(d->evtchn));
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

/* Under evtchn_lock. */
static long alloc_port(struct domain *d, u8 type, u8 virq, u16 vcpu)
{
	for (u32 p = 1; p < DOM_EVTCHN_PORTS; p++)
		if (d->evtchn[p].type == ECS_FREE) {
			struct shared_info *s = d->shared_info;

			/* A recycled port starts clean. */
			if (s)
				__atomic_fetch_and(&s->evtchn_pending[WORD(p)],
						   ~MASK(p), __ATOMIC_SEQ_CST);
			d->evtchn[p].virq = virq;
			d->evtchn[p].vcpu = vcpu;
			__atomic_store_n(&d->evtchn[p].type, type,
					 __ATOMIC_RELEASE);
			return p;
		}
	return -ENOSPC;
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
	if (e->type == ECS_CONSOLE)
		WRITE_ONCE(e->vcpu, (u16)b.vcpu);
	else
		r = -EINVAL;
	spin_unlock(&d->evtchn_lock);
	return r;
}

long evtchn_op(struct vcpu *v, u64 cmd, u64 arg)
{
	struct evtchn_port p;

	switch (cmd) {
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
