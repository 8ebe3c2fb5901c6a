// SPDX-License-Identifier: GPL-2.0
/*
 * The back end of a domain's Xen console ring (hvc0).  In Xen a dom0
 * daemon maps the guest's ring page; here the hypervisor serves it, so the
 * page stays the guest's alone and dom0 sees only bytes: output goes into
 * the domain's console buffer (read with HOIST_HC_CONSOLE_READ), input
 * comes from HOIST_HC_CONSOLE_WRITE.  The indices are the guest's to
 * write: they are read once, checked, and never trusted for more than
 * one ring's worth.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hv.h>
#include <hoist/xen.h>

#define OUT_SIZE	sizeof(((struct xencons_interface *)0)->out)
#define IN_SIZE		sizeof(((struct xencons_interface *)0)->in)

long console_ring_attach(struct domain *d)
{
	u64 hpa;

	if (!d->console_gfn)
		return 0;
	if (pt_lookup(&d->npt, d->console_gfn << PAGE_SHIFT, &hpa, NULL, NULL))
		return -EINVAL;	/* the toolstack did not populate it */
	d->cons_ring = phys_to_virt(hpa & PAGE_MASK);
	return 0;
}

/*
 * The ring pointer is read under evtchn_lock: a destroy forgets it there
 * before the page goes back to dom0.
 */
void console_ring_drain(struct domain *d)
{
	struct xencons_interface *r;
	char buf[128];
	u32 cons, prod, n = 0;

	spin_lock(&d->evtchn_lock);	/* a vCPU and dom0 may both drain */
	r = d->cons_ring;
	if (!r) {
		spin_unlock(&d->evtchn_lock);
		return;
	}
	cons = __atomic_load_n(&r->out_cons, __ATOMIC_ACQUIRE);
	prod = __atomic_load_n(&r->out_prod, __ATOMIC_ACQUIRE);
	if (prod - cons > OUT_SIZE)
		cons = prod - OUT_SIZE;	/* nonsense: keep the last ring's worth */
	while (cons != prod) {
		buf[n++] = READ_ONCE(r->out[cons++ % OUT_SIZE]);
		if (n == sizeof(buf) || cons == prod) {
			domain_console_put(d, buf, n);
			n = 0;
		}
	}
	__atomic_store_n(&r->out_cons, cons, __ATOMIC_RELEASE);
	spin_unlock(&d->evtchn_lock);
}

long console_ring_input(struct domain *d, const char *buf, u64 len)
{
	struct xencons_interface *r;
	u32 cons, prod, space;
	u64 n;

	spin_lock(&d->evtchn_lock);
	r = d->cons_ring;
	if (!r) {
		spin_unlock(&d->evtchn_lock);
		return -ENOENT;
	}
	cons = __atomic_load_n(&r->in_cons, __ATOMIC_ACQUIRE);
	prod = __atomic_load_n(&r->in_prod, __ATOMIC_ACQUIRE);
	space = prod - cons > IN_SIZE ? 0 : IN_SIZE - (prod - cons);
	n = MIN(len, (u64)space);
	for (u64 i = 0; i < n; i++)
		WRITE_ONCE(r->in[prod++ % IN_SIZE], buf[i]);
	__atomic_store_n(&r->in_prod, prod, __ATOMIC_RELEASE);
	if (n)	/* under the lock: shared_info too may be going */
		evtchn_raise(d, HOIST_CONSOLE_PORT, NULL);
	spin_unlock(&d->evtchn_lock);
	return (long)n;
}
