/*
 * Guest connections: INTRODUCE maps a domain's store page and binds its
 * port; the ring is then served like a socket.  The device calls sit
 * behind struct xsd_dev_ops (dev.c has /dev/hoist's), so the unit tests
 * run all of this against a page in memory.
 */
#ifndef XSD_DOMAIN_H
#define XSD_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

struct xsd_dev_ops {
	/* The store page of domid (grant 1), or NULL with an errno in *err. */
	void *(*map)(void *ctx, uint16_t domid, int *err);
	void (*unmap)(void *ctx, void *page);
	/* Binds a local port to domid's remote_port: 0 or errno. */
	int (*bind)(void *ctx, uint16_t domid, uint32_t remote_port, uint32_t *local);
	void (*unbind)(void *ctx, uint32_t local);
	void (*notify)(void *ctx, uint32_t local);
	void *ctx;
};

struct xsd_domain {
	struct xsd_domain *next;
	uint16_t domid;
	uint64_t gfn;
	uint32_t remote_port, local_port;
	struct xenstore_domain_interface *intf;	/* NULL once dropped */
	struct xs_conn *conn;
};

struct xsd_domains {
	struct xs_store *store;
	struct xsd_dev_ops ops;
	struct xsd_domain *list;
	void (*log)(const char *fmt, ...);
	/*
	 * The domain whose ring is being read or written: a destroyed
	 * domain's page is taken away under us (SIGBUS), and main.c's handler
	 * then drops this one (xsd_domain_lost).
	 */
	struct xsd_domain *volatile touching;
};

/* Sets the store's INTRODUCE/RELEASE hooks to these domains. */
void xsd_domains_init(struct xsd_domains *d, struct xs_store *s, const struct xsd_dev_ops *ops);
void xsd_domains_free(struct xsd_domains *d);
/* The port local fired: serve that domain's ring. */
void xsd_domains_kick(struct xsd_domains *d, uint32_t local);
/* Writes queued replies and events to every ring (after any request). */
void xsd_domains_flush(struct xsd_domains *d);
/* Domains alive(domid) says are gone: released, @releaseDomain fired. */
void xsd_domains_reap(struct xsd_domains *d, bool (*alive)(void *ctx, uint16_t domid),
		      void *ctx);
/* x's page faulted (its domain is gone): drop it without touching the page. */
void xsd_domain_lost(struct xsd_domains *d, struct xsd_domain *x);
/* Some ring still has requests waiting (a kick ran out of budget). */
bool xsd_domains_busy(struct xsd_domains *d);
struct xsd_domain *xsd_domain_find(struct xsd_domains *d, uint16_t domid);

#endif /* XSD_DOMAIN_H */
