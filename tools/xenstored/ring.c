/*
 * The ring's indices are free-running u32 (position = index & 1023), read
 * once each into locals so a guest changing them meanwhile cannot make us
 * copy from outside the ring; fences order the data against the indices
 * as the guest's side (Linux xenbus_comms.c) expects.
 */
#include "ring.h"

#include <stdint.h>
#include <string.h>

static uint32_t load(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

long xs_ring_read(struct xenstore_domain_interface *intf, void *buf, size_t max)
{
	uint32_t cons = load(&intf->req_cons), prod = load(&intf->req_prod);
	uint32_t avail = prod - cons;
	size_t n, done = 0;

	if (avail > XENSTORE_RING_SIZE)
		return -1;
	n = avail < max ? avail : max;
	while (done < n) {
		size_t at = XENSTORE_RING_IDX(cons + (uint32_t)done);
		size_t chunk = XENSTORE_RING_SIZE - at;

		if (chunk > n - done)
			chunk = n - done;
		memcpy((char *)buf + done, intf->req + at, chunk);
		done += chunk;
	}
	/* The copy is done before the guest may reuse the space. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	store(&intf->req_cons, cons + (uint32_t)n);
	return (long)n;
}

long xs_ring_write(struct xenstore_domain_interface *intf, const void *data, size_t len)
{
	uint32_t cons = load(&intf->rsp_cons), prod = load(&intf->rsp_prod);
	uint32_t used = prod - cons;
	size_t n, done = 0, space;

	if (used > XENSTORE_RING_SIZE)
		return -1;
	space = XENSTORE_RING_SIZE - used;
	n = len < space ? len : space;
	while (done < n) {
		size_t at = XENSTORE_RING_IDX(prod + (uint32_t)done);
		size_t chunk = XENSTORE_RING_SIZE - at;

		if (chunk > n - done)
			chunk = n - done;
		memcpy(intf->rsp + at, (const char *)data + done, chunk);
		done += chunk;
	}
	/* The data is in place before the guest sees the new index. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	store(&intf->rsp_prod, prod + (uint32_t)n);
	return (long)n;
}

int xs_ring_idle(const struct xenstore_domain_interface *intf)
{
	uint32_t avail = load(&intf->req_prod) - load(&intf->req_cons);

	if (avail > XENSTORE_RING_SIZE)
		return -1;
	return avail ? 0 : 1;
}
