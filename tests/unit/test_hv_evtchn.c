/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv/evtchn.c: 2-level event channels.  A domain of NR vCPUs whose
 * shared_info is a heap page; each vCPU's vcpu_info is its slot in it.
 * Guest virtual addresses are host pointers here: copy_from_guest and
 * copy_to_guest copy directly, or fail on request.
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

#define NR	3

static struct domain *dom;
static struct vcpu *vc[NR];
static struct shared_info *si;

static bool guest_fault;		/* every guest copy fails */
static unsigned int drains;		/* console_ring_drain calls */

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

/* dom0's pending bits (evtchn_dom0.c): the last one a domU set. */
static u32 dom0_pending_port, dom0_sets;

bool evtchn_dom0_set_pending(u32 port)
{
	dom0_pending_port = port;
	dom0_sets++;
	return true;
}

void console_ring_drain(struct domain *d)
{
	assert_ptr_equal(d, dom);
	drains++;
}

static void make_domain(u64 console_gfn)
{
	guest_fault = false;
	dom0_pending_port = 0;
	dom0_sets = 0;
	drains = 0;
	dom = calloc(1, sizeof(*dom));
	si = aligned_alloc(4096, 4096);
	assert_non_null(dom);
	assert_non_null(si);
	memset(si, 0, 4096);
	dom->nr_vcpus = NR;
	dom->shared_info = si;
	dom->console_gfn = console_gfn;
	for (u32 i = 0; i < NR; i++) {
		vc[i] = calloc(1, sizeof(*vc[i]));
		assert_non_null(vc[i]);
		vc[i]->id = i;
		vc[i]->dom = dom;
		vc[i]->stop_reason = ~0u;
		vc[i]->vcpu_info = &si->vcpu_info[i];
		dom->vcpus[i] = vc[i];
	}
	evtchn_domain_init(dom);
}

static int setup(void **state)
{
	(void)state;
	make_domain(0);
	return 0;
}

static int setup_console(void **state)
{
	(void)state;
	make_domain(0xfeffe);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (u32 i = 0; i < NR; i++)
		free(vc[i]);
	free(si);
	free(dom);
	return 0;
}

static long bind_virq(struct vcpu *v, u32 virq, u32 vcpu)
{
	struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu, .port = 0xdead };
	long r = evtchn_op(v, EVTCHNOP_bind_virq, (uintptr_t)&b);

	if (r)
		return r;
	assert_int_not_equal(b.port, 0xdead);
	return b.port;
}

static long bind_ipi(struct vcpu *v, u32 vcpu)
{
	struct evtchn_bind_ipi b = { .vcpu = vcpu, .port = 0xdead };
	long r = evtchn_op(v, EVTCHNOP_bind_ipi, (uintptr_t)&b);

	if (r)
		return r;
	assert_int_not_equal(b.port, 0xdead);
	return b.port;
}

static long port_op(struct vcpu *v, u64 cmd, u32 port)
{
	struct evtchn_port p = { .port = port };

	return evtchn_op(v, cmd, (uintptr_t)&p);
}

static long bind_vcpu(struct vcpu *v, u32 port, u32 vcpu)
{
	struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };

	return evtchn_op(v, EVTCHNOP_bind_vcpu, (uintptr_t)&b);
}

static bool pending(u32 port)
{
	return si->evtchn_pending[port / 64] & (1ull << (port % 64));
}

static void set_mask(u32 port, bool on)
{
	if (on)
		si->evtchn_mask[port / 64] |= 1ull << (port % 64);
	else
		si->evtchn_mask[port / 64] &= ~(1ull << (port % 64));
}

static bool upcall(u32 i)
{
	return si->vcpu_info[i].evtchn_upcall_pending;
}

static u64 sel(u32 i)
{
	return si->vcpu_info[i].evtchn_pending_sel;
}

/* What the guest's upcall handler does once it has seen everything. */
static void guest_clears(void)
{
	for (u32 i = 0; i < NR; i++) {
		si->vcpu_info[i].evtchn_upcall_pending = 0;
		si->vcpu_info[i].evtchn_pending_sel = 0;
	}
	memset(si->evtchn_pending, 0, sizeof(si->evtchn_pending));
	dom->kick = 0;
}

static void test_bind_virq(void **state)
{
	long p, q;

	(void)state;
	p = bind_virq(vc[0], VIRQ_TIMER, 0);
	assert_int_equal(p, 1);		/* no console: port 1 is free */
	assert_int_equal(vc[0]->virq_port[VIRQ_TIMER], 1);
	assert_int_equal(dom->evtchn[1].type, ECS_VIRQ);
	assert_int_equal(dom->evtchn[1].virq, VIRQ_TIMER);
	assert_int_equal(dom->evtchn[1].vcpu, 0);
	/* Twice on the same vCPU: refused, nothing allocated. */
	assert_int_equal(bind_virq(vc[0], VIRQ_TIMER, 0), -EEXIST);
	assert_int_equal(bind_virq(vc[1], VIRQ_TIMER, 0), -EEXIST);
	assert_int_equal(dom->evtchn[2].type, ECS_FREE);
	/* The same VIRQ of another vCPU, bound from any vCPU. */
	q = bind_virq(vc[0], VIRQ_TIMER, 2);
	assert_int_equal(q, 2);
	assert_int_equal(vc[2]->virq_port[VIRQ_TIMER], 2);
	assert_int_equal(vc[1]->virq_port[VIRQ_TIMER], 0);
	assert_int_equal(dom->evtchn[2].vcpu, 2);
	/* Another VIRQ on vCPU 0. */
	assert_int_equal(bind_virq(vc[0], VIRQ_DEBUG, 0), 3);
	assert_int_equal(vc[0]->virq_port[VIRQ_DEBUG], 3);
	/* Out of range VIRQ or vCPU. */
	assert_int_equal(bind_virq(vc[0], NR_VIRQS, 0), -EINVAL);
	assert_int_equal(bind_virq(vc[0], 0xffffffffu, 0), -EINVAL);
	assert_int_equal(bind_virq(vc[0], VIRQ_CONSOLE, NR), -EINVAL);
	assert_int_equal(bind_virq(vc[0], VIRQ_CONSOLE, 0x10000), -EINVAL);
	/* A guest address that faults. */
	assert_int_equal(evtchn_op(vc[0], EVTCHNOP_bind_virq, 0), -EFAULT);
	guest_fault = true;
	assert_int_equal(bind_virq(vc[0], VIRQ_CONSOLE, 0), -EFAULT);
	guest_fault = false;
	assert_int_equal(vc[0]->virq_port[VIRQ_CONSOLE], 0);
	assert_int_equal(dom->evtchn[4].type, ECS_FREE);
}

static void test_console_port_reserved(void **state)
{
	(void)state;
	/* With a console ring, port 1 is its channel. */
	assert_int_equal(dom->evtchn[HOIST_CONSOLE_PORT].type, ECS_CONSOLE);
	assert_int_equal(bind_virq(vc[0], VIRQ_TIMER, 0), 2);
	assert_int_equal(bind_ipi(vc[0], 1), 3);
	/* It cannot be closed away from under the hypervisor. */
	assert_int_equal(port_op(vc[0], EVTCHNOP_close, 1), 0);
	assert_int_equal(dom->evtchn[1].type, ECS_CONSOLE);
	assert_int_equal(bind_ipi(vc[0], 1), 4);
	/* Sending on it drains the ring and ends the run for dom0 to see. */
	assert_int_equal(port_op(vc[1], EVTCHNOP_send, 1), 0);
	assert_int_equal(drains, 1);
	assert_int_equal(vc[1]->stop_reason, HOIST_RUN_CONSOLE);
	/* An earlier stop reason is not overwritten. */
	vc[2]->stop_reason = HOIST_RUN_VCPU_UP;
	assert_int_equal(port_op(vc[2], EVTCHNOP_send, 1), 0);
	assert_int_equal(drains, 2);
	assert_int_equal(vc[2]->stop_reason, HOIST_RUN_VCPU_UP);
	/* The console notifies vCPU 0 until bound elsewhere. */
	evtchn_raise(dom, 1, NULL);
	assert_true(pending(1) && upcall(0) && (sel(0) & 1));
	assert_int_equal(dom->kick, 1u << 0);
	guest_clears();
	assert_int_equal(bind_vcpu(vc[0], 1, 2), 0);
	evtchn_raise(dom, 1, NULL);
	assert_true(pending(1) && upcall(2));
	assert_false(upcall(0));
	assert_int_equal(dom->kick, 1u << 2);
	/* Raised by vCPU 2 itself: no kick needed. */
	guest_clears();
	evtchn_raise(dom, 1, vc[2]);
	assert_true(upcall(2));
	assert_int_equal(dom->kick, 0);
}

static void test_ports_run_out(void **state)
{
	long p;

	(void)state;
	/* Ports 1 .. DOM_EVTCHN_PORTS-1, then none. */
	for (u32 i = 1; i < DOM_EVTCHN_PORTS; i++) {
		p = bind_ipi(vc[i % NR], i % NR);
		assert_int_equal(p, i);
	}
	assert_int_equal(bind_ipi(vc[0], 0), -ENOSPC);
	assert_int_equal(bind_virq(vc[0], VIRQ_TIMER, 1), -ENOSPC);
	assert_int_equal(vc[1]->virq_port[VIRQ_TIMER], 0);
	/* A closed port is the next one handed out, and starts clean. */
	si->evtchn_pending[100 / 64] |= 1ull << (100 % 64);
	assert_int_equal(port_op(vc[0], EVTCHNOP_close, 100), 0);
	assert_int_equal(dom->evtchn[100].type, ECS_FREE);
	assert_int_equal(bind_virq(vc[0], VIRQ_TIMER, 1), 100);
	assert_false(pending(100));
	assert_int_equal(vc[1]->virq_port[VIRQ_TIMER], 100);
	assert_int_equal(bind_ipi(vc[0], 0), -ENOSPC);
}

static void test_ports_run_out_with_console(void **state)
{
	u32 n = 0;

	(void)state;
	while (bind_ipi(vc[0], 2) > 0)
		n++;
	assert_int_equal(n, DOM_EVTCHN_PORTS - 2);
	assert_int_equal(dom->evtchn[1].type, ECS_CONSOLE);
	assert_int_equal(bind_ipi(vc[0], 2), -ENOSPC);
}

static void test_send_ipi(void **state)
{
	long p;

	(void)state;
	p = bind_ipi(vc[0], 2);
	assert_int_equal(p, 1);
	assert_int_equal(dom->evtchn[p].type, ECS_IPI);
	assert_int_equal(port_op(vc[0], EVTCHNOP_send, p), 0);
	assert_true(pending(p));
	assert_int_equal(sel(2), 1ull << 0);
	assert_true(upcall(2));
	assert_true(vcpu_upcall_pending(vc[2]));
	assert_int_equal(dom->kick, 1u << 2);
	/* The sender's and the bystander's vcpu_info are untouched. */
	assert_false(upcall(0) || upcall(1));
	assert_int_equal(sel(0) | sel(1), 0);
	assert_false(vcpu_upcall_pending(vc[0]));
	/* Only that bit. */
	assert_int_equal(si->evtchn_pending[0], 1ull << p);
	for (u32 w = 1; w < 64; w++)
		assert_int_equal(si->evtchn_pending[w], 0);

	/* Still pending: a second send is not a new event. */
	si->vcpu_info[2].evtchn_upcall_pending = 0;
	dom->kick = 0;
	assert_int_equal(port_op(vc[1], EVTCHNOP_send, p), 0);
	assert_false(upcall(2));
	assert_int_equal(dom->kick, 0);
	/* Once the guest has consumed it, the next send notifies again. */
	guest_clears();
	assert_int_equal(port_op(vc[1], EVTCHNOP_send, p), 0);
	assert_true(upcall(2) && pending(p));
	assert_int_equal(dom->kick, 1u << 2);

	/* An IPI to oneself: upcall, no kick. */
	guest_clears();
	p = bind_ipi(vc[1], 1);
	assert_int_equal(port_op(vc[1], EVTCHNOP_send, p), 0);
	assert_true(upcall(1) && pending(p));
	assert_int_equal(dom->kick, 0);
}

static void test_selector_word(void **state)
{
	long p = 0;

	(void)state;
	/* Bind up to port 130: selector word 2. */
	while (p < 130)
		p = bind_ipi(vc[0], 1);
	assert_int_equal(p, 130);
	assert_int_equal(port_op(vc[0], EVTCHNOP_send, 130), 0);
	assert_int_equal(sel(1), 1ull << 2);
	assert_int_equal(si->evtchn_pending[2], 1ull << 2);
	/* Another word adds its selector bit. */
	assert_int_equal(port_op(vc[0], EVTCHNOP_send, 64), 0);
	assert_int_equal(sel(1), (1ull << 2) | (1ull << 1));
	assert_int_equal(si->evtchn_pending[1], 1ull);
	/* The guest took the upcall but left word 1's selector: a new event
	 * in word 1 still raises the upcall. */
	si->vcpu_info[1].evtchn_upcall_pending = 0;
	dom->kick = 0;
	assert_int_equal(port_op(vc[0], EVTCHNOP_send, 65), 0);
	assert_true(upcall(1));
	assert_int_equal(dom->kick, 1u << 1);
}

static void test_masked_until_unmask(void **state)
{
	long p;

	(void)state;
	p = bind_ipi(vc[0], 1);
	set_mask(p, true);
	assert_int_equal(port_op(vc[0], EVTCHNOP_send, p), 0);
	assert_true(pending(p));
	assert_false(upcall(1));
	assert_int_equal(sel(1), 0);
	assert_int_equal(dom->kick, 0);
	/* Unmask delivers it. */
	assert_int_equal(port_op(vc[0], EVTCHNOP_unmask, p), 0);
	assert_false(si->evtchn_mask[0] & (1ull << p));
	assert_true(upcall(1));
	assert_int_equal(sel(1), 1);
	assert_int_equal(dom->kick, 1u << 1);
	/* Unmasking a port with nothing pending notifies no one. */
	guest_clears();
	set_mask(p, true);
	assert_int_equal(port_op(vc[0], EVTCHNOP_unmask, p), 0);
	assert_false(upcall(1));
	assert_int_equal(dom->kick, 0);
	/* Unmask by the target itself: no kick. */
	set_mask(p, true);
	assert_int_equal(port_op(vc[0], EVTCHNOP_send, p), 0);
	assert_false(upcall(1));
	assert_int_equal(port_op(vc[1], EVTCHNOP_unmask, p), 0);
	assert_true(upcall(1));
	assert_int_equal(dom->kick, 0);
	/* Other masks are left alone. */
	si->evtchn_mask[0] = ~0ull;
	assert_int_equal(port_op(vc[0], EVTCHNOP_unmask, p), 0);
	assert_int_equal(si->evtchn_mask[0], ~(1ull << p));
}

static void test_virq_raise(void **state)
{
	long p;

	(void)state;
	p = bind_virq(vc[1], VIRQ_TIMER, 1);
	/* The vCPU's own timer: no kick. */
	evtchn_raise_virq(vc[1], VIRQ_TIMER);
	assert_true(pending(p) && upcall(1));
	assert_int_equal(dom->kick, 0);
	assert_false(upcall(0) || upcall(2));
	/* Unbound VIRQs and out-of-range numbers: nothing. */
	guest_clears();
	evtchn_raise_virq(vc[0], VIRQ_TIMER);
	evtchn_raise_virq(vc[1], VIRQ_DEBUG);
	evtchn_raise_virq(vc[1], NR_VIRQS);
	evtchn_raise_virq(vc[1], 0xffffffffu);
	for (u32 w = 0; w < 64; w++)
		assert_int_equal(si->evtchn_pending[w], 0);
	assert_false(upcall(0) || upcall(1) || upcall(2));
	/* A VIRQ port cannot be sent to by the guest. */
	assert_int_equal(port_op(vc[1], EVTCHNOP_send, p), -EINVAL);
	assert_false(pending(p));
	/* Closing it unbinds the VIRQ; it can be bound again. */
	assert_int_equal(port_op(vc[0], EVTCHNOP_close, p), 0);
	assert_int_equal(vc[1]->virq_port[VIRQ_TIMER], 0);
	evtchn_raise_virq(vc[1], VIRQ_TIMER);
	assert_false(pending(p));
	assert_int_equal(bind_virq(vc[1], VIRQ_TIMER, 1), p);
	/* VIRQs and IPIs cannot move to another vCPU. */
	assert_int_equal(bind_vcpu(vc[1], p, 0), -EINVAL);
	assert_int_equal(dom->evtchn[p].vcpu, 1);
}

static void test_close_ipi(void **state)
{
	long p;

	(void)state;
	p = bind_ipi(vc[0], 2);
	assert_int_equal(port_op(vc[0], EVTCHNOP_close, p), 0);
	assert_int_equal(port_op(vc[0], EVTCHNOP_send, p), -EINVAL);
	assert_false(pending(p) || upcall(2));
	assert_int_equal(bind_ipi(vc[0], 1), p);
	assert_int_equal(dom->evtchn[p].vcpu, 1);
	assert_int_equal(bind_vcpu(vc[0], p, 2), -EINVAL);
}

static void test_invalid(void **state)
{
	static const u64 port_cmds[] = {
		EVTCHNOP_close, EVTCHNOP_send, EVTCHNOP_unmask,
	};
	static const u32 bad_ports[] = { 0, DOM_EVTCHN_PORTS, 1000,
					 EVTCHN_2L_NR_PORTS, 0xffffffffu };

	(void)state;
	for (size_t c = 0; c < ARRAY_SIZE(port_cmds); c++) {
		for (size_t i = 0; i < ARRAY_SIZE(bad_ports); i++)
			assert_int_equal(port_op(vc[0], port_cmds[c], bad_ports[i]),
					 -EINVAL);
		assert_int_equal(evtchn_op(vc[0], port_cmds[c], 0), -EFAULT);
	}
	/* Sending on a free port. */
	assert_int_equal(port_op(vc[0], EVTCHNOP_send, 5), -EINVAL);
	/* bind_vcpu: port 0, out of range, bad vCPU, fault. */
	assert_int_equal(bind_vcpu(vc[0], 0, 0), -EINVAL);
	assert_int_equal(bind_vcpu(vc[0], DOM_EVTCHN_PORTS, 0), -EINVAL);
	assert_int_equal(bind_vcpu(vc[0], 5, 0), -EINVAL);
	assert_int_equal(evtchn_op(vc[0], EVTCHNOP_bind_vcpu, 0), -EFAULT);
	/* bind_ipi to a vCPU that does not exist. */
	assert_int_equal(bind_ipi(vc[0], NR), -EINVAL);
	assert_int_equal(evtchn_op(vc[0], EVTCHNOP_bind_ipi, 0), -EFAULT);
	/* Nothing was allocated by all that. */
	for (u32 p = 0; p < DOM_EVTCHN_PORTS; p++)
		assert_int_equal(dom->evtchn[p].type, ECS_FREE);
	/* Commands not offered, FIFO's init_control among them. */
	assert_int_equal(evtchn_op(vc[0], EVTCHNOP_init_control, 0x1000), -ENOSYS);
	assert_int_equal(evtchn_op(vc[0], EVTCHNOP_bind_interdomain, 0), -EFAULT);
	assert_int_equal(evtchn_op(vc[0], EVTCHNOP_alloc_unbound, 0), -EFAULT);
	assert_int_equal(evtchn_op(vc[0], EVTCHNOP_status, 0), -EFAULT);
	assert_int_equal(evtchn_op(vc[0], EVTCHNOP_reset, 0x1000), -ENOSYS);
	assert_int_equal(evtchn_op(vc[0], 99, 0x1000), -ENOSYS);
	assert_int_equal(evtchn_op(vc[0], 1ull << 32 | EVTCHNOP_send, 0x1000), -ENOSYS);
	/* A console send with no console: just an invalid port. */
	assert_int_equal(port_op(vc[0], EVTCHNOP_send, 1), -EINVAL);
	assert_int_equal(drains, 0);
}

static void test_raise_bad_port(void **state)
{
	(void)state;
	/* Out-of-range ports are ignored, not looked up. */
	evtchn_raise(dom, DOM_EVTCHN_PORTS, NULL);
	evtchn_raise(dom, 4000, NULL);
	evtchn_raise(dom, 0xffffffffu, NULL);
	for (u32 w = 0; w < 64; w++)
		assert_int_equal(si->evtchn_pending[w], 0);
	assert_int_equal(dom->kick, 0);
}

static void test_no_shared_info(void **state)
{
	long p;

	(void)state;
	p = bind_ipi(vc[0], 1);
	dom->shared_info = NULL;
	assert_int_equal(port_op(vc[0], EVTCHNOP_send, p), 0);
	assert_int_equal(port_op(vc[0], EVTCHNOP_unmask, p), -EINVAL);
	assert_false(pending(p) || upcall(1));
	assert_int_equal(dom->kick, 0);
	/* shared_info but no vcpu_info: the bit is set, no upcall. */
	dom->shared_info = si;
	vc[1]->vcpu_info = NULL;
	assert_int_equal(port_op(vc[0], EVTCHNOP_send, p), 0);
	assert_true(pending(p));
	assert_false(vcpu_upcall_pending(vc[1]));
	assert_int_equal(dom->kick, 0);
}

static long alloc_unbound(struct vcpu *v, u16 dom, u16 remote)
{
	struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote,
					  .port = 0xdead };
	long r = evtchn_op(v, EVTCHNOP_alloc_unbound, (uintptr_t)&a);

	return r ? r : (long)a.port;
}

static struct evtchn_status status(struct vcpu *v, u32 port, long *r)
{
	struct evtchn_status st;

	memset(&st, 0xa5, sizeof(st));
	st.dom = DOMID_SELF;
	st.port = port;
	*r = evtchn_op(v, EVTCHNOP_status, (uintptr_t)&st);
	return st;
}

/* alloc_unbound, dom0's bind, sends both ways, closes from either side. */
static void test_interdomain(void **state)
{
	struct evtchn_status st;
	long p, r;

	(void)state;
	/* Only in itself, only for dom0. */
	assert_int_equal(alloc_unbound(vc[0], 7, 0), -EPERM);
	assert_int_equal(alloc_unbound(vc[0], DOMID_SELF, 3), -EINVAL);
	assert_int_equal(alloc_unbound(vc[0], DOMID_SELF, DOMID_SELF), -EINVAL);
	p = alloc_unbound(vc[0], DOMID_SELF, 0);
	assert_int_equal(p, 1);
	st = status(vc[0], p, &r);
	assert_int_equal(r, 0);
	assert_int_equal(st.status, EVTCHNSTAT_unbound);
	assert_int_equal(st.u.unbound.dom, 0);
	/* Unbound: a send is dropped, dom0 hears nothing, the run goes on. */
	assert_int_equal(port_op(vc[0], EVTCHNOP_send, p), 0);
	assert_int_equal(dom0_sets, 0);
	assert_int_equal(vc[0]->stop_reason, ~0u);

	/* dom0 binds its port 9. */
	assert_int_equal(evtchn_bind_dom0(dom, p, 9), 0);
	assert_int_equal(evtchn_bind_dom0(dom, p, 10), -EINVAL);	/* once */
	st = status(vc[0], p, &r);
	assert_int_equal(st.status, EVTCHNSTAT_interdomain);
	assert_int_equal(st.u.interdomain.dom, 0);
	assert_int_equal(st.u.interdomain.port, 9);
	/* The domU's send: dom0's port pending, the run ends for dom0. */
	assert_int_equal(port_op(vc[1], EVTCHNOP_send, p), 0);
	assert_int_equal(dom0_pending_port, 9);
	assert_int_equal(vc[1]->stop_reason, HOIST_RUN_EVENT);
	/* dom0's send: the domU's port pending, vCPU 0 kicked. */
	evtchn_send_from_dom0(dom, p, 9);
	assert_true(pending(p));
	assert_true(upcall(0));
	assert_int_equal(dom->kick, 1);
	/* ... but not through another dom0 port. */
	si->evtchn_pending[0] = 0;
	evtchn_send_from_dom0(dom, p, 10);
	assert_false(pending(p));

	/* dom0 closes: the domU's end is unbound again, and bindable. */
	evtchn_unbind_dom0(dom, p, 10);		/* not its port: no change */
	assert_int_equal(dom->evtchn[p].type, ECS_INTERDOMAIN);
	evtchn_unbind_dom0(dom, p, 9);
	assert_int_equal(dom->evtchn[p].type, ECS_UNBOUND);
	assert_int_equal(evtchn_bind_dom0(dom, p, 11), 0);

	/* The domU closes: dom0's port 11 is dead, sends go nowhere. */
	assert_int_equal(port_op(vc[0], EVTCHNOP_close, p), 0);
	st = status(vc[0], p, &r);
	assert_int_equal(st.status, EVTCHNSTAT_closed);
	evtchn_send_from_dom0(dom, p, 11);
	assert_false(pending(p));
	evtchn_unbind_dom0(dom, p, 11);
	assert_int_equal(dom->evtchn[p].type, ECS_FREE);
	/* Only unbound ports bind; port 0 and out-of-range never. */
	assert_int_equal(evtchn_bind_dom0(dom, p, 12), -EINVAL);
	assert_int_equal(evtchn_bind_dom0(dom, 0, 12), -EINVAL);
	assert_int_equal(evtchn_bind_dom0(dom, DOM_EVTCHN_PORTS, 12), -EINVAL);
	evtchn_send_from_dom0(dom, DOM_EVTCHN_PORTS, 12);
	evtchn_unbind_dom0(dom, 0xffffffffu, 12);
}

/* dom0's allocation skips the console port, which the boot may claim. */
static void test_dom0_alloc_skips_console(void **state)
{
	(void)state;
	assert_int_equal(evtchn_alloc_unbound_for_dom0(dom), 2);
	assert_int_equal(dom->evtchn[2].type, ECS_UNBOUND);
	assert_int_equal(dom->evtchn[1].type, ECS_FREE);
}

/* Every state EVTCHNOP_status reports, and its refusals. */
static void test_status(void **state)
{
	struct evtchn_status st;
	long r, v, i;

	(void)state;
	v = bind_virq(vc[2], VIRQ_TIMER, 2);
	i = bind_ipi(vc[1], 1);
	st = status(vc[0], v, &r);
	assert_int_equal(r, 0);
	assert_int_equal(st.status, EVTCHNSTAT_virq);
	assert_int_equal(st.u.virq, VIRQ_TIMER);
	assert_int_equal(st.vcpu, 2);
	st = status(vc[0], i, &r);
	assert_int_equal(st.status, EVTCHNSTAT_ipi);
	assert_int_equal(st.vcpu, 1);
	st = status(vc[0], 0, &r);		/* reserved: closed */
	assert_int_equal(r, 0);
	assert_int_equal(st.status, EVTCHNSTAT_closed);
	st = status(vc[0], 1, &r);		/* the console port */
	assert_int_equal(st.status, EVTCHNSTAT_interdomain);
	assert_int_equal(st.u.interdomain.dom, 0);
	st = status(vc[0], 200, &r);
	assert_int_equal(st.status, EVTCHNSTAT_closed);
	status(vc[0], DOM_EVTCHN_PORTS, &r);
	assert_int_equal(r, -EINVAL);
	st.dom = 3;
	st.port = v;
	assert_int_equal(evtchn_op(vc[0], EVTCHNOP_status, (uintptr_t)&st), -EPERM);
}

/* A domU cannot bind: dom0 has nothing unbound for it. */
static void test_bind_interdomain_refused(void **state)
{
	struct evtchn_bind_interdomain b = { .remote_dom = 0, .remote_port = 1 };

	(void)state;
	assert_int_equal(evtchn_op(vc[0], EVTCHNOP_bind_interdomain, (uintptr_t)&b),
			 -EINVAL);
	b.remote_dom = DOMID_SELF;
	assert_int_equal(evtchn_op(vc[0], EVTCHNOP_bind_interdomain, (uintptr_t)&b),
			 -EINVAL);
	for (u32 p = 0; p < DOM_EVTCHN_PORTS; p++)
		assert_int_equal(dom->evtchn[p].type, p == 1 ? ECS_CONSOLE : ECS_FREE);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define TC(f) cmocka_unit_test_setup_teardown(f, setup_console, teardown)
	const struct CMUnitTest tests[] = {
		T(test_bind_virq),
		TC(test_console_port_reserved),
		T(test_ports_run_out),
		TC(test_ports_run_out_with_console),
		T(test_send_ipi),
		T(test_selector_word),
		T(test_masked_until_unmask),
		T(test_virq_raise),
		T(test_close_ipi),
		T(test_invalid),
		T(test_raise_bad_port),
		T(test_no_shared_info),
		T(test_interdomain),
		T(test_dom0_alloc_skips_console),
		TC(test_status),
		TC(test_bind_interdomain_refused),
	};
#undef T
#undef TC

	return cmocka_run_group_tests(tests, NULL, NULL);
}
