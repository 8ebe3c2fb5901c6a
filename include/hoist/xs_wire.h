/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The xenstore wire protocol (Xen's io/xs_wire.h, docs/misc/xenstore.txt),
 * written from the documented layout: the same framing serves the daemon's
 * unix socket and a guest's ring page.  Used by hoist-xenstored and by the
 * test guests that speak to it.
 */
#ifndef HOIST_XS_WIRE_H
#define HOIST_XS_WIRE_H

#include "types.h"

enum xsd_type {
	XS_CONTROL = 0,
	XS_DIRECTORY = 1,
	XS_READ = 2,
	XS_GET_PERMS = 3,
	XS_WATCH = 4,
	XS_UNWATCH = 5,
	XS_TRANSACTION_START = 6,
	XS_TRANSACTION_END = 7,
	XS_INTRODUCE = 8,
	XS_RELEASE = 9,
	XS_GET_DOMAIN_PATH = 10,
	XS_WRITE = 11,
	XS_MKDIR = 12,
	XS_RM = 13,
	XS_SET_PERMS = 14,
	XS_WATCH_EVENT = 15,
	XS_ERROR = 16,
	XS_IS_DOMAIN_INTRODUCED = 17,
	XS_RESUME = 18,
	XS_SET_TARGET = 19,
	/* 20: RESTRICT, removed from Xen */
	XS_RESET_WATCHES = 21,
	XS_DIRECTORY_PART = 22,
	XS_GET_FEATURE = 23,
	XS_SET_FEATURE = 24,
	XS_GET_QUOTA = 25,
	XS_SET_QUOTA = 26,
	XS_TYPE_COUNT
};

struct xsd_sockmsg {
	uint32_t type;
	uint32_t req_id;	/* echoed in the reply */
	uint32_t tx_id;		/* transaction, 0 for none */
	uint32_t len;		/* payload bytes that follow */
};
HOIST_ABI_SIZE(struct xsd_sockmsg, 16);
HOIST_ABI_OFFSET(struct xsd_sockmsg, len, 12);

#define XENSTORE_PAYLOAD_MAX	4096
#define XENSTORE_ABS_PATH_MAX	3072
#define XENSTORE_REL_PATH_MAX	2048

/* The guest's ring page (xs_wire.h struct xenstore_domain_interface). */
#define XENSTORE_RING_SIZE	1024
#define XENSTORE_RING_IDX(i)	((i) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE];	/* guest -> daemon */
	char rsp[XENSTORE_RING_SIZE];	/* daemon -> guest */
	uint32_t req_cons, req_prod;
	uint32_t rsp_cons, rsp_prod;
	uint32_t server_features;
	uint32_t connection;
	uint32_t error;
	uint32_t evtchn_port;
};
HOIST_ABI_SIZE(struct xenstore_domain_interface, 2080);
HOIST_ABI_OFFSET(struct xenstore_domain_interface, req_cons, 2048);
HOIST_ABI_OFFSET(struct xenstore_domain_interface, rsp_prod, 2060);
HOIST_ABI_OFFSET(struct xenstore_domain_interface, evtchn_port, 2076);

#endif /* HOIST_XS_WIRE_H */
