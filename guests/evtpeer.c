/*
 * evtpeer: the domU end of an interdomain event channel with dom0, for the
 * evtchn scenario (whose dom0 end is tests/system/helpers/evtchn-tool).
 *
 * Checks first what needs no dom0: alloc_unbound refuses another domain
 * (-EPERM) and a remote other than dom0 (-EINVAL); a new port's status is
 * unbound to dom0; a send on it is dropped (0); bind_interdomain is
 * refused (-EINVAL: only dom0 binds); status of port 0 is closed, of an
 * out-of-range port -EINVAL.  Then rounds: wait (SCHEDOP_poll) until
 * dom0 notifies the port, check its status is interdomain, print dom0's
 * port, clear the pending bit and send back.  In round close=N it closes
 * the port instead of sending (status: closed), allocates a new one and
 * goes on with that.  No verdict: it runs until destroyed.
 *
 * With storm=1 it sends on its port without pause instead, closing it
 * and allocating it again (the same number) every 1000 sends, so that
 * dom0's binds, notifies and closes race its sends and closes.
 *
 * Command line: close=N (the round that closes; default 0, never);
 *               storm=1
 * Output: evtpeer: checks ok
 *         evtpeer: port P                      (each port it waits on)
 *         evtpeer: round R port P dom0-port Q  (notified: bound to Q)
 *         evtpeer: closed P status closed      (in round close=N)
 *         evtpeer: storm N sends                (storm=1, every 100000)
 */
#include "guest.h"

GUEST("evtpeer");

/* A page of its own: the hypervisor zeroes the whole page it maps. */
static union {
	struct shared_info s;
	char page[4096];
} shpage __attribute__((aligned(4096)));
#define shinfo	shpage.s

static long evtchn_op(unsigned int cmd, void *arg)
{
	return hypercall2(XEN_HC_event_channel_op, cmd, (uintptr_t)arg);
}

static long alloc_unbound(uint16_t dom, uint16_t remote)
{
	struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote };
	long r = evtchn_op(EVTCHNOP_alloc_unbound, &a);

	return r ? r : (long)a.port;
}

static long status(uint32_t port, struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = DOMID_SELF;
	st->port = port;
	return evtchn_op(EVTCHNOP_status, st);
}

static long port_op(unsigned int cmd, uint32_t port)
{
	struct evtchn_port p = { .port = port };

	return evtchn_op(cmd, &p);
}

static bool pending(uint32_t port)
{
	return __atomic_load_n(&shinfo.evtchn_pending[port / 64],
			       __ATOMIC_ACQUIRE) & (1ull << (port % 64));
}

static void clear_pending(uint32_t port)
{
	__atomic_fetch_and(&shinfo.evtchn_pending[port / 64],
			   ~(1ull << (port % 64)), __ATOMIC_SEQ_CST);
}

/* Halts until port is pending (poll may return early: check again). */
static void wait_for(uint32_t port)
{
	while (!pending(port)) {
		struct sched_poll p = { .ports = (uintptr_t)&port, .nr_ports = 1 };
		long r = hypercall2(XEN_HC_sched_op, SCHEDOP_poll, (uintptr_t)&p);

		if (r)
			guest_fail("SCHEDOP_poll: %ld", r);
	}
}

static uint32_t new_port(void)
{
	struct evtchn_status st;
	long p = alloc_unbound(DOMID_SELF, 0);

	if (p <= 0)
		guest_fail("alloc_unbound: %ld", p);
	if (status((uint32_t)p, &st) || st.status != EVTCHNSTAT_unbound ||
	    st.u.unbound.dom != 0)
		guest_fail("port %ld: status %u, not unbound to dom0", p, st.status);
	gprintf("evtpeer: port %ld\n", p);
	return (uint32_t)p;
}

static void checks(void)
{
	struct evtchn_bind_interdomain b = { .remote_dom = 0, .remote_port = 1 };
	struct evtchn_status st;
	long r, p;

	if ((r = alloc_unbound(3, 0)) != -HOIST_EPERM)
		guest_fail("alloc_unbound in domain 3: %ld, not -EPERM", r);
	if ((r = alloc_unbound(DOMID_SELF, 5)) != -HOIST_EINVAL)
		guest_fail("alloc_unbound for domain 5: %ld, not -EINVAL", r);
	if ((r = evtchn_op(EVTCHNOP_bind_interdomain, &b)) != -HOIST_EINVAL)
		guest_fail("bind_interdomain: %ld, not -EINVAL", r);
	if ((r = status(0, &st)) || st.status != EVTCHNSTAT_closed)
		guest_fail("status of port 0: %ld/%u, not closed", r, st.status);
	if ((r = status(100000, &st)) != -HOIST_EINVAL)
		guest_fail("status of port 100000: %ld, not -EINVAL", r);
	p = alloc_unbound(DOMID_SELF, 0);
	if (p <= 0)
		guest_fail("alloc_unbound: %ld", p);
	if ((r = port_op(EVTCHNOP_send, (uint32_t)p)) != 0)
		guest_fail("send on an unbound port: %ld, not 0", r);
	if ((r = port_op(EVTCHNOP_close, (uint32_t)p)) != 0 ||
	    status((uint32_t)p, &st) || st.status != EVTCHNSTAT_closed)
		guest_fail("close of an unbound port: %ld/%u", r, st.status);
	gprintf("evtpeer: checks ok\n");
}

static noreturn void storm(uint32_t port)
{
	for (uint64_t n = 1;; n++) {
		long r = port_op(EVTCHNOP_send, port);

		if (r)
			guest_fail("storm send: %ld", r);
		if (n % 1000 == 0) {
			if ((r = port_op(EVTCHNOP_close, port)))
				guest_fail("storm close: %ld", r);
			if (alloc_unbound(DOMID_SELF, 0) != (long)port)
				guest_fail("storm: port %u not allocated again", port);
		}
		if (n % 100000 == 0)
			gprintf("evtpeer: storm %lu sends\n", (unsigned long)n);
	}
}

void guest_main(const struct hvm_start_info *si)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
		.gpfn = (uintptr_t)&shpage >> 12,
	};
	uint64_t close_round = cmdline_u64(si, "close", 0);
	uint32_t port;
	long r;

	r = hypercall2(XEN_HC_memory_op, XENMEM_add_to_physmap, (uintptr_t)&xatp);
	if (r)
		guest_fail("shared_info: %ld", r);
	checks();
	port = new_port();
	if (cmdline_u64(si, "storm", 0))
		storm(port);
	for (uint64_t round = 1;; round++) {
		struct evtchn_status st;

		wait_for(port);
		clear_pending(port);
		r = status(port, &st);
		if (r || st.status != EVTCHNSTAT_interdomain || st.u.interdomain.dom)
			guest_fail("round %lu: status %ld/%u, not interdomain with dom0",
				   (unsigned long)round, r, st.status);
		gprintf("evtpeer: round %lu port %u dom0-port %u\n",
			(unsigned long)round, port, st.u.interdomain.port);
		if (round == close_round) {
			if ((r = port_op(EVTCHNOP_close, port)) ||
			    status(port, &st) || st.status != EVTCHNSTAT_closed)
				guest_fail("close: %ld/%u", r, st.status);
			gprintf("evtpeer: closed %u status closed\n", port);
			port = new_port();
			continue;
		}
		if ((r = port_op(EVTCHNOP_send, port)))
			guest_fail("send: %ld", r);
	}
}
