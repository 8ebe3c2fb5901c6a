/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ports of one event-channel file descriptor, as /dev/xen/evtchn
 * keeps them: the ports it owns, those with an event not yet read, and
 * those read and not yet written back (masked: a new event for one is
 * remembered, and readable again once it is written back).  Plain bit
 * arithmetic under the caller's lock, so that the unit tests build it on
 * the host (tests/unit/test_kmod_evtchn_ports.c).
 */
#ifndef HOIST_KMOD_EVTCHN_PORTS_H
#define HOIST_KMOD_EVTCHN_PORTS_H

#ifdef __KERNEL__
#include <linux/types.h>
#endif
#include <hoist/hypercall.h>

#define EP_WORDS	(HOIST_DOM0_PORTS / 64)

struct evtchn_ports {
	u64 owned[EP_WORDS];
	u64 pending[EP_WORDS];
	u64 masked[EP_WORDS];
};

static inline u64 ep_bit(u32 port)
{
	return 1ull << (port % 64);
}

static inline bool ep_owns(const struct evtchn_ports *e, u32 port)
{
	return port < HOIST_DOM0_PORTS && (e->owned[port / 64] & ep_bit(port));
}

/* A new port starts with nothing pending, unmasked. */
static inline void ep_bind(struct evtchn_ports *e, u32 port)
{
	if (port >= HOIST_DOM0_PORTS)
		return;
	e->owned[port / 64] |= ep_bit(port);
	e->pending[port / 64] &= ~ep_bit(port);
	e->masked[port / 64] &= ~ep_bit(port);
}

static inline void ep_unbind(struct evtchn_ports *e, u32 port)
{
	if (port >= HOIST_DOM0_PORTS)
		return;
	e->owned[port / 64] &= ~ep_bit(port);
	e->pending[port / 64] &= ~ep_bit(port);
	e->masked[port / 64] &= ~ep_bit(port);
}

/* An event for port: kept if owned; true if a read can take it now. */
static inline bool ep_deliver(struct evtchn_ports *e, u32 port)
{
	if (!ep_owns(e, port))
		return false;
	e->pending[port / 64] |= ep_bit(port);
	return !(e->masked[port / 64] & ep_bit(port));
}

static inline bool ep_readable(const struct evtchn_ports *e)
{
	for (u32 w = 0; w < EP_WORDS; w++)
		if (e->pending[w] & ~e->masked[w])
			return true;
	return false;
}

/* Up to max readable ports into buf, each masked from now on: how many. */
static inline u32 ep_take(struct evtchn_ports *e, u32 *buf, u32 max)
{
	u32 n = 0;

	for (u32 w = 0; w < EP_WORDS && n < max; w++) {
		u64 bits = e->pending[w] & ~e->masked[w];

		while (bits && n < max) {
			u32 port = w * 64 + (u32)__builtin_ctzll(bits);

			bits &= bits - 1;
			e->pending[w] &= ~ep_bit(port);
			e->masked[w] |= ep_bit(port);
			buf[n++] = port;
		}
	}
	return n;
}

/* A read that could not hand its ports over gives them back. */
static inline void ep_untake(struct evtchn_ports *e, const u32 *buf, u32 n)
{
	for (u32 i = 0; i < n; i++)
		if (ep_owns(e, buf[i])) {
			e->pending[buf[i] / 64] |= ep_bit(buf[i]);
			e->masked[buf[i] / 64] &= ~ep_bit(buf[i]);
		}
}

/* Written back: unmasked; true if an event waits for it. */
static inline bool ep_unmask(struct evtchn_ports *e, u32 port)
{
	if (!ep_owns(e, port))
		return false;
	e->masked[port / 64] &= ~ep_bit(port);
	return e->pending[port / 64] & ep_bit(port);
}

#endif /* HOIST_KMOD_EVTCHN_PORTS_H */
