// SPDX-License-Identifier: GPL-2.0
/*
 * dom0's event-channel ports (HOIST_HC_EVTCHN): HOIST_DOM0_PORTS of them
 * for all domains together, each bound to one port of one domU.  dom0 is
 * not a Xen guest here, so its pending bits are the hypervisor's, fetched
 * by the module (HOIST_EVTCHN_PENDING) when a domU's send ends a run with
 * HOIST_RUN_EVENT, and after a bind.
 *
 * A port remembers its domain by id and instance (unique for the
 * hypervisor's lifetime): once the domain is destroyed, or the domU
 * closed its end, the port is dead - allocated, never pending, sends
 * dropped (as Xen drops a send on an unbound port) - until dom0 closes it.
 *
 * Locks: `lock` (dom0's table), then the domain's evtchn_lock, and
 * table_lock (domain_get/put) inside.  A domU's send takes only its own
 * evtchn_lock and sets a pending bit atomically.  Every call scans at
 * most HOIST_DOM0_PORTS entries: bounded.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hv.h>
#include <hv/string.h>

#define WORDS		(HOIST_DOM0_PORTS / 64)

struct dom0_port {
	u32 domid;
	u32 remote;		/* the domU's port */
	u64 instance;		/* the domU's; 0: this port is free */
};

static struct spinlock lock;
static struct dom0_port ports[HOIST_DOM0_PORTS];
static u64 pending[WORDS];

bool evtchn_dom0_set_pending(u32 port)
{
	u64 bit = 1ull << (port % 64);

	if (port >= HOIST_DOM0_PORTS)
		return false;
	return !(__atomic_fetch_or(&pending[port / 64], bit,
				   __ATOMIC_SEQ_CST) & bit);
}

static void clear_pending(u32 port)
{
	__atomic_fetch_and(&pending[port / 64], ~(1ull << (port % 64)),
			   __ATOMIC_SEQ_CST);
}

/* A live domain (not dying), held until domain_put(). */
static struct domain *get_live(u32 domid)
{
	struct domain *d = domain_get(domid);

	if (d && (READ_ONCE(d->flags) & HOIST_DOM_DYING)) {
		domain_put(d);
		return NULL;
	}
	return d;
}

static long alloc_unbound(struct hoist_evtchn_op *op)
{
	struct domain *d = get_live(op->domid);
	long r;

	if (!d)
		return -ENOENT;
	r = evtchn_alloc_unbound_for_dom0(d);
	domain_put(d);
	if (r < 0)
		return r;
	op->result = (u32)r;
	return 0;
}

/*
 * A dying domain is refused; one that starts dying just after is no
 * matter: its port reads dead once the domain is gone (by instance).
 */
static long bind(struct hoist_evtchn_op *op)
{
	struct domain *d = get_live(op->domid);
	long r;
	u32 p;

	if (!d)
		return -ENOENT;
	spin_lock(&lock);
	for (p = 1; p < HOIST_DOM0_PORTS && ports[p].instance; p++)
		;
	if (p == HOIST_DOM0_PORTS)
		r = -ENOSPC;
	else
		r = evtchn_bind_dom0(d, op->port, (u16)p);
	if (!r) {
		ports[p].domid = d->id;
		ports[p].remote = op->port;
		ports[p].instance = d->instance;
		/* Pending at once: what was sent before the bind is lost. */
		evtchn_dom0_set_pending(p);
		op->result = p;
	}
	spin_unlock(&lock);
	domain_put(d);
	return r;
}

/* Under lock: port's domain if it is still that instance, held. */
static struct domain *peer(const struct dom0_port *e)
{
	struct domain *d = domain_get(e->domid);

	if (d && d->instance != e->instance) {
		domain_put(d);
		return NULL;
	}
	return d;
}

static long send(struct hoist_evtchn_op *op)
{
	struct domain *d;

	if (!op->port || op->port >= HOIST_DOM0_PORTS)
		return -EINVAL;
	spin_lock(&lock);
	if (!ports[op->port].instance) {
		spin_unlock(&lock);
		return -EINVAL;
	}
	d = peer(&ports[op->port]);
	if (d) {
		evtchn_send_from_dom0(d, ports[op->port].remote, (u16)op->port);
		domain_put(d);
	}
	spin_unlock(&lock);
	return 0;	/* a dead port drops it */
}

static long close(struct hoist_evtchn_op *op)
{
	struct domain *d;

	if (!op->port || op->port >= HOIST_DOM0_PORTS)
		return -EINVAL;
	spin_lock(&lock);
	if (!ports[op->port].instance) {
		spin_unlock(&lock);
		return -EINVAL;
	}
	d = peer(&ports[op->port]);
	if (d) {
		evtchn_unbind_dom0(d, ports[op->port].remote, (u16)op->port);
		domain_put(d);
	}
	memset(&ports[op->port], 0, sizeof(ports[op->port]));
	/* After the unbind: no domU send can set it again. */
	clear_pending(op->port);
	spin_unlock(&lock);
	return 0;
}

/* Taken and cleared; given back if the copy fails, so none is lost. */
static long fetch_pending(struct vcpu *c, u64 arg)
{
	struct hoist_evtchn_pending out;

	for (u32 i = 0; i < WORDS; i++)
		out.bits[i] = __atomic_exchange_n(&pending[i], 0,
						  __ATOMIC_SEQ_CST);
	if (!copy_to_guest(c, arg, &out, sizeof(out)))
		return 0;
	for (u32 i = 0; i < WORDS; i++)
		__atomic_fetch_or(&pending[i], out.bits[i], __ATOMIC_SEQ_CST);
	return -EFAULT;
}

long evtchn_dom0_op(struct vcpu *c, u64 cmd, u64 arg)
{
	struct hoist_evtchn_op op;
	long r;

	if (cmd == HOIST_EVTCHN_PENDING)
		return fetch_pending(c, arg);
	if (copy_from_guest(c, &op, arg, sizeof(op)))
		return -EFAULT;
	if (op.pad)
		return -EINVAL;
	switch (cmd) {
	case HOIST_EVTCHN_ALLOC_UNBOUND:
		r = alloc_unbound(&op);
		break;
	case HOIST_EVTCHN_BIND:
		r = bind(&op);
		break;
	case HOIST_EVTCHN_SEND:
		return send(&op);
	case HOIST_EVTCHN_CLOSE:
		return close(&op);
	default:
		return -EINVAL;
	}
	if (r)
		return r;
	return copy_to_guest(c, arg, &op, sizeof(op)) ? -EFAULT : 0;
}
