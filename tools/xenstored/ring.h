/*
 * A guest's store ring page (include/hoist/xs_wire.h, pv-devices.md 2.1): the guest is
 * untrusted, so every index it wrote is checked before use.  Pure
 * functions on the page; the unit tests give them a page in memory.
 */
#ifndef XSD_RING_H
#define XSD_RING_H

#include <stddef.h>

#include <hoist/xs_wire.h>

/*
 * Copies up to max request bytes out of req[] and advances req_cons.
 * Returns the count, or -1 when the guest's indices are garbage
 * (req_prod - req_cons > 1024): the connection is to be dropped.
 */
long xs_ring_read(struct xenstore_domain_interface *intf, void *buf, size_t max);
/* Copies up to len bytes into rsp[] as space allows; count or -1 (rsp indices garbage). */
long xs_ring_write(struct xenstore_domain_interface *intf, const void *data, size_t len);
/* The guest has request bytes waiting (0), none (1) or garbage (-1). */
int xs_ring_idle(const struct xenstore_domain_interface *intf);

#endif /* XSD_RING_H */
