/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv/evtchn_dom0.c with hv/evtchn.c: dom0's ports against a few fake
 * domains (heap structs, each with a shared_info page; domain_get finds
 * them by id unless "gone").  Guest addresses are host pointers.  The
 * table of dom0's ports is static in the file under test: every test
 * closes what it opened (teardown checks that all is free).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hoist/xen.h>

#define NDOM	5

static struct domain *doms[NDOM];
static bool gone[NDOM];
static int refs;
static bool guest_fault;

int copy_from_guest(struct vcpu *v, void *dst, u64 gva, size_t len)
{
	if (guest_fault || !gva)
		return -EFAULT;
	memcpy(dst, (const void *)(uintptr_t)gva, len);
	return 0;
}

int copy_to_guest(struct vcpu *v, u64 gva, const void *src, size_t len)
{
	if (guest_fault || !gva)
		return -EFAULT;
	memcpy((void *)(uintptr_t)gva, src, len);
	return 0;
}

void console_ring_drain(struct domain *d)
{
}

struct domain *domain_get(u32 domid)
{
	for (int i = 0; i < NDOM; i++)
		if (doms[i] && doms[i]->id == domid && !gone[i]) {
			refs++;
			return doms[i];
		}
	return NULL;
}

void domain_put(struct domain *d)
{
	assert_true(refs > 0);
	refs--;
}

static int setup(void **state)
{
	(void)state;
	guest_fault = false;
	for (int i = 0; i < NDOM; i++) {
		struct domain *d = calloc(1, sizeof(*d));
		struct vcpu *v = calloc(1, sizeof(*v));
		struct shared_info *si = aligned_alloc(4096, 4096);

		assert_non_null(d);
		assert_non_null(v);
		assert_non_null(si);
		memset(si, 0, 4096);
		d->id = 1 + i;
		d->instance = 100 + i;
		d->nr_vcpus = 1;
		d->vcpus[0] = v;
		d->shared_info = si;
		v->dom = d;
		v->stop_reason = ~0u;
		v->vcpu_info = &si->vcpu_info[0];
		evtchn_domain_init(d);
		doms[i] = d;
		gone[i] = false;
	}
	return 0;
}

static long op(u32 cmd, u32 domid, u32 port, u32 *result);

static int teardown(void **state)
{
	(void)state;
	/* Everything a test opened, it closed: every dom0 port is free. */
	for (u32 p = 1; p < HOIST_DOM0_PORTS; p++)
		assert_int_equal(op(HOIST_EVTCHN_CLOSE, 0, p, NULL), -EINVAL);
	assert_int_equal(refs, 0);
	for (int i = 0; i < NDOM; i++) {
		free(doms[i]->vcpus[0]);
		free(doms[i]->shared_info);
		free(doms[i]);
		doms[i] = NULL;
	}
	return 0;
}

static struct vcpu dom0;

static long op(u32 cmd, u32 domid, u32 port, u32 *result)
{
	struct hoist_evtchn_op o = { .domid = domid, .port = port, .result = 0xdead };
	long r = evtchn_dom0_op(&dom0, cmd, (uintptr_t)&o);

	if (result)
		*result = o.result;
	return r;
}

static struct hoist_evtchn_pending fetch(void)
{
	struct hoist_evtchn_pending p;

	memset(&p, 0xff, sizeof(p));
	assert_int_equal(evtchn_dom0_op(&dom0, HOIST_EVTCHN_PENDING, (uintptr_t)&p), 0);
	return p;
}

static bool bit(const struct hoist_evtchn_pending *p, u32 port)
{
	return p->bits[port / 64] & (1ull << (port % 64));
}

static bool none(const struct hoist_evtchn_pending *p)
{
	for (u32 w = 0; w < HOIST_DOM0_PORTS / 64; w++)
		if (p->bits[w])
			return false;
	return true;
}

static long domu_send(struct domain *d, u32 port)
{
	struct evtchn_port p = { .port = port };

	return evtchn_op(d->vcpus[0], EVTCHNOP_send, (uintptr_t)&p);
}

static long domu_close(struct domain *d, u32 port)
{
	struct evtchn_port p = { .port = port };

	return evtchn_op(d->vcpus[0], EVTCHNOP_close, (uintptr_t)&p);
}

static bool domu_pending(struct domain *d, u32 port)
{
	return d->shared_info->evtchn_pending[port / 64] & (1ull << (port % 64));
}

/* ALLOC_UNBOUND, BIND (pending at once), sends both ways, CLOSE. */
static void test_bind_send_close(void **state)
{
	struct domain *d = doms[0];
	struct hoist_evtchn_pending p;
	u32 up, q;

	(void)state;
	assert_int_equal(op(HOIST_EVTCHN_ALLOC_UNBOUND, d->id, 0, &up), 0);
	assert_int_equal(up, 2);		/* never the console's port 1 */
	assert_int_equal(op(HOIST_EVTCHN_BIND, d->id, up, &q), 0);
	assert_int_equal(q, 1);
	p = fetch();
	assert_true(bit(&p, q));
	p = fetch();
	assert_true(none(&p));			/* cleared as read */

	/* The domU's send: pending, and its run ends for dom0. */
	assert_int_equal(domu_send(d, up), 0);
	assert_int_equal(d->vcpus[0]->stop_reason, HOIST_RUN_EVENT);
	p = fetch();
	assert_true(bit(&p, q));
	/* dom0's send: the domU's port pending, its vCPU kicked. */
	assert_int_equal(op(HOIST_EVTCHN_SEND, 0, q, NULL), 0);
	assert_true(domu_pending(d, up));
	assert_int_equal(d->kick, 1);

	/* Bound once only; CLOSE makes the domU's end bindable again. */
	assert_int_equal(op(HOIST_EVTCHN_BIND, d->id, up, NULL), -EINVAL);
	assert_int_equal(op(HOIST_EVTCHN_CLOSE, 0, q, NULL), 0);
	assert_int_equal(d->evtchn[up].type, ECS_UNBOUND);
	assert_int_equal(op(HOIST_EVTCHN_SEND, 0, q, NULL), -EINVAL);
	assert_int_equal(op(HOIST_EVTCHN_CLOSE, 0, q, NULL), -EINVAL);
	assert_int_equal(op(HOIST_EVTCHN_BIND, d->id, up, &q), 0);
	assert_int_equal(q, 1);			/* the same port, free again */
	assert_int_equal(op(HOIST_EVTCHN_CLOSE, 0, q, NULL), 0);
	p = fetch();
	assert_true(none(&p));			/* a closed port's bit goes too */
}

/* The domU closes its end: dom0's port is dead until dom0 closes it. */
static void test_domu_close_leaves_dead_port(void **state)
{
	struct domain *d = doms[1];
	struct hoist_evtchn_pending p;
	u32 up, q, up2, q2;

	(void)state;
	assert_int_equal(op(HOIST_EVTCHN_ALLOC_UNBOUND, d->id, 0, &up), 0);
	assert_int_equal(op(HOIST_EVTCHN_BIND, d->id, up, &q), 0);
	fetch();
	assert_int_equal(domu_close(d, up), 0);
	assert_int_equal(op(HOIST_EVTCHN_SEND, 0, q, NULL), 0);	/* dropped */
	assert_false(domu_pending(d, up));
	/* The same domU port again, bound anew: the dead port stays dead. */
	assert_int_equal(op(HOIST_EVTCHN_ALLOC_UNBOUND, d->id, 0, &up2), 0);
	assert_int_equal(up2, up);
	assert_int_equal(op(HOIST_EVTCHN_BIND, d->id, up2, &q2), 0);
	assert_int_not_equal(q2, q);
	fetch();
	assert_int_equal(op(HOIST_EVTCHN_SEND, 0, q, NULL), 0);
	assert_false(domu_pending(d, up2));
	/* Closing the dead one leaves the live binding alone. */
	assert_int_equal(op(HOIST_EVTCHN_CLOSE, 0, q, NULL), 0);
	assert_int_equal(d->evtchn[up2].type, ECS_INTERDOMAIN);
	assert_int_equal(domu_send(d, up2), 0);
	p = fetch();
	assert_true(bit(&p, q2));
	assert_false(bit(&p, q));
	assert_int_equal(op(HOIST_EVTCHN_CLOSE, 0, q2, NULL), 0);
}

/* A destroyed domain, and a new one under its id: dead by instance. */
static void test_gone_domain(void **state)
{
	struct domain *d = doms[2];
	u32 up, q;

	(void)state;
	assert_int_equal(op(HOIST_EVTCHN_ALLOC_UNBOUND, d->id, 0, &up), 0);
	assert_int_equal(op(HOIST_EVTCHN_BIND, d->id, up, &q), 0);
	fetch();
	d->instance++;			/* destroyed and created again */
	assert_int_equal(op(HOIST_EVTCHN_SEND, 0, q, NULL), 0);
	assert_false(domu_pending(d, up));
	assert_int_equal(op(HOIST_EVTCHN_CLOSE, 0, q, NULL), 0);
	assert_int_equal(d->evtchn[up].type, ECS_INTERDOMAIN);	/* not its port */

	d->evtchn[up].type = ECS_UNBOUND;
	assert_int_equal(op(HOIST_EVTCHN_BIND, d->id, up, &q), 0);
	fetch();
	gone[2] = true;			/* out of the table */
	assert_int_equal(op(HOIST_EVTCHN_SEND, 0, q, NULL), 0);
	assert_int_equal(op(HOIST_EVTCHN_BIND, d->id, up, NULL), -ENOENT);
	assert_int_equal(op(HOIST_EVTCHN_ALLOC_UNBOUND, d->id, 0, NULL), -ENOENT);
	assert_int_equal(op(HOIST_EVTCHN_CLOSE, 0, q, NULL), 0);
	gone[2] = false;
	/* Dying: refused too. */
	d->flags |= HOIST_DOM_DYING;
	assert_int_equal(op(HOIST_EVTCHN_ALLOC_UNBOUND, d->id, 0, NULL), -ENOENT);
	assert_int_equal(op(HOIST_EVTCHN_BIND, d->id, up, NULL), -ENOENT);
}

/* All of dom0's ports taken: -ENOSPC, and nothing changed. */
static void test_ports_run_out(void **state)
{
	u32 n = 0, up, q;

	(void)state;
	for (int i = 0; i < NDOM && n < HOIST_DOM0_PORTS - 1; i++)
		while (n < HOIST_DOM0_PORTS - 1 &&
		       !op(HOIST_EVTCHN_ALLOC_UNBOUND, doms[i]->id, 0, &up)) {
			assert_int_equal(op(HOIST_EVTCHN_BIND, doms[i]->id, up, &q), 0);
			assert_int_equal(q, ++n);
		}
	assert_int_equal(n, HOIST_DOM0_PORTS - 1);
	assert_int_equal(op(HOIST_EVTCHN_ALLOC_UNBOUND, doms[4]->id, 0, &up), 0);
	assert_int_equal(op(HOIST_EVTCHN_BIND, doms[4]->id, up, NULL), -ENOSPC);
	assert_int_equal(doms[4]->evtchn[up].type, ECS_UNBOUND);
	for (u32 p = 1; p < HOIST_DOM0_PORTS; p++)
		assert_int_equal(op(HOIST_EVTCHN_CLOSE, 0, p, NULL), 0);
	fetch();
}

static void test_bad_input(void **state)
{
	struct hoist_evtchn_op o = { .domid = 1, .pad = 1 };
	struct hoist_evtchn_pending p;
	u32 up, q;

	(void)state;
	assert_int_equal(evtchn_dom0_op(&dom0, HOIST_EVTCHN_ALLOC_UNBOUND,
					(uintptr_t)&o), -EINVAL);
	assert_int_equal(evtchn_dom0_op(&dom0, 0, (uintptr_t)&o), -EINVAL);
	o.pad = 0;
	assert_int_equal(evtchn_dom0_op(&dom0, 6, (uintptr_t)&o), -EINVAL);
	assert_int_equal(evtchn_dom0_op(&dom0, ~0ull, (uintptr_t)&o), -EINVAL);
	assert_int_equal(evtchn_dom0_op(&dom0, HOIST_EVTCHN_BIND, 0), -EFAULT);
	assert_int_equal(evtchn_dom0_op(&dom0, HOIST_EVTCHN_PENDING, 0), -EFAULT);
	assert_int_equal(op(HOIST_EVTCHN_ALLOC_UNBOUND, 0, 0, NULL), -ENOENT);
	assert_int_equal(op(HOIST_EVTCHN_BIND, 99, 2, NULL), -ENOENT);
	/* Ports: the console's, free ones, out of range. */
	assert_int_equal(op(HOIST_EVTCHN_BIND, 1, 0, NULL), -EINVAL);
	assert_int_equal(op(HOIST_EVTCHN_BIND, 1, 5, NULL), -EINVAL);
	assert_int_equal(op(HOIST_EVTCHN_BIND, 1, DOM_EVTCHN_PORTS, NULL), -EINVAL);
	assert_int_equal(op(HOIST_EVTCHN_BIND, 1, ~0u, NULL), -EINVAL);
	for (u32 port = 0; port < 2000; port += 37) {
		assert_int_equal(op(HOIST_EVTCHN_SEND, 0, port, NULL), -EINVAL);
		assert_int_equal(op(HOIST_EVTCHN_CLOSE, 0, port, NULL), -EINVAL);
	}
	assert_int_equal(op(HOIST_EVTCHN_SEND, 0, ~0u, NULL), -EINVAL);
	/* A fetch that cannot copy out loses nothing. */
	assert_int_equal(op(HOIST_EVTCHN_ALLOC_UNBOUND, 1, 0, &up), 0);
	assert_int_equal(op(HOIST_EVTCHN_BIND, 1, up, &q), 0);
	guest_fault = true;
	assert_int_equal(evtchn_dom0_op(&dom0, HOIST_EVTCHN_PENDING, (uintptr_t)&p),
			 -EFAULT);
	guest_fault = false;
	p = fetch();
	assert_true(bit(&p, q));
	assert_int_equal(op(HOIST_EVTCHN_CLOSE, 0, q, NULL), 0);
	for (int i = 0; i < NDOM; i++)
		assert_int_equal(doms[i]->kick, 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_bind_send_close),
		T(test_domu_close_leaves_dead_port),
		T(test_gone_domain),
		T(test_ports_run_out),
		T(test_bad_input),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
