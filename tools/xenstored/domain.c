/*
 * Guest ring connections (domain.h).  A guest that breaks the protocol
 * (garbage indices, a message over 4096 bytes) loses its connection and
 * nothing else: the domain stays introduced until RELEASE, so the
 * toolstack's view does not change behind its back.
 */
#include "domain.h"

#include <errno.h>
#include <stdlib.h>

#include "ring.h"

/* Bytes one kick may take from a ring: the daemon serves others too. */
#define KICK_BUDGET	(16 * XENSTORE_RING_SIZE)

struct xsd_domain *xsd_domain_find(struct xsd_domains *d, uint16_t domid)
{
	for (struct xsd_domain *x = d->list; x; x = x->next)
		if (x->domid == domid)
			return x;
	return NULL;
}

static void disconnect(struct xsd_domains *d, struct xsd_domain *x, const char *why)
{
	if (!x->intf)
		return;
	if (why && d->log)
		d->log("domain %u: %s, connection dropped", (unsigned int)x->domid, why);
	d->ops.unbind(d->ops.ctx, x->local_port);
	d->ops.unmap(d->ops.ctx, x->intf);
	xs_conn_free(x->conn);
	x->intf = NULL;
	x->conn = NULL;
}

static void forget(struct xsd_domains *d, struct xsd_domain *x);

/*
 * Only a destroy takes the store page away (the grant map's SIGBUS):
 * the domain is gone, as DOMAIN_EVENTS will say too.
 */
void xsd_domain_lost(struct xsd_domains *d, struct xsd_domain *x)
{
	d->touching = NULL;
	if (!x)
		return;
	if (d->log)
		d->log("domain %u: store page gone, domain destroyed: released",
		       (unsigned int)x->domid);
	forget(d, x);	/* unbinds and unmaps; nothing reads the page */
	xs_fire_special(d->store, "@releaseDomain");
}

static int introduce(void *ctx, uint16_t domid, uint64_t gfn, uint32_t port)
{
	struct xsd_domains *d = ctx;
	struct xsd_domain *x = xsd_domain_find(d, domid);
	int err = 0;

	if (x)	/* Xen: the same again is fine, another ring is not */
		return x->gfn == gfn && x->remote_port == port && x->intf ? 0 : EEXIST;
	x = calloc(1, sizeof(*x));
	if (!x)
		return ENOMEM;
	x->domid = domid;
	x->gfn = gfn;
	x->remote_port = port;
	x->intf = d->ops.map(d->ops.ctx, domid, &err);
	if (!x->intf)
		goto fail;
	err = d->ops.bind(d->ops.ctx, domid, port, &x->local_port);
	if (err)
		goto fail_unmap;
	x->conn = xs_conn_new(d->store, domid);
	if (!x->conn) {
		err = ENOMEM;
		goto fail_unbind;
	}
	x->next = d->list;
	d->list = x;
	if (d->log)
		d->log("domain %u introduced: store gfn %#llx, port %u (ours %u)",
		       (unsigned int)domid, (unsigned long long)gfn, port, x->local_port);
	/* Requests the guest queued before we came (Linux waits for none). */
	xsd_domains_kick(d, x->local_port);
	return 0;
fail_unbind:
	d->ops.unbind(d->ops.ctx, x->local_port);
fail_unmap:
	d->ops.unmap(d->ops.ctx, x->intf);
fail:
	free(x);
	return err ? err : EIO;
}

static void forget(struct xsd_domains *d, struct xsd_domain *x)
{
	struct xsd_domain **pp;

	for (pp = &d->list; *pp != x; pp = &(*pp)->next)
		;
	*pp = x->next;
	disconnect(d, x, NULL);
	free(x);
}

static int release(void *ctx, uint16_t domid)
{
	struct xsd_domains *d = ctx;
	struct xsd_domain *x = xsd_domain_find(d, domid);

	if (!x)
		return ENOENT;
	if (d->log)
		d->log("domain %u released", (unsigned int)domid);
	forget(d, x);
	return 0;
}

static bool introduced(void *ctx, uint16_t domid)
{
	return xsd_domain_find(ctx, domid) != NULL;
}

void xsd_domains_init(struct xsd_domains *d, struct xs_store *s, const struct xsd_dev_ops *ops)
{
	d->store = s;
	d->ops = *ops;
	d->list = NULL;
	s->hooks = (struct xs_domain_hooks){ introduce, release, introduced, d };
}

void xsd_domains_free(struct xsd_domains *d)
{
	while (d->list)
		forget(d, d->list);
}

/* Writes what fits of x's queue into rsp[]; true if anything was written. */
static bool flush_one(struct xsd_domains *d, struct xsd_domain *x)
{
	bool wrote = false;

	while (x->intf) {
		size_t len;
		const void *p = xs_conn_peek(x->conn, &len);
		long n;

		if (x->conn->dead) {
			disconnect(d, x, "protocol error or reply overflow");
			return false;
		}
		if (!p)
			break;
		d->touching = x;
		n = xs_ring_write(x->intf, p, len);
		d->touching = NULL;
		if (n < 0) {
			disconnect(d, x, "garbage response indices");
			return false;
		}
		if (n == 0)
			break;
		xs_conn_consume(x->conn, (size_t)n);
		wrote = true;
	}
	return wrote;
}

void xsd_domains_kick(struct xsd_domains *d, uint32_t local)
{
	char buf[XENSTORE_RING_SIZE];
	struct xsd_domain *x;
	bool moved = false;
	size_t budget = KICK_BUDGET;

	for (x = d->list; x && !(x->intf && x->local_port == local); x = x->next)
		;
	if (!x)
		return;
	while (budget && x->intf) {
		long n;

		d->touching = x;
		n = xs_ring_read(x->intf, buf, sizeof(buf));
		d->touching = NULL;

		if (n < 0) {
			disconnect(d, x, "garbage request indices");
			return;
		}
		if (n == 0)
			break;
		moved = true;
		budget -= (size_t)n < budget ? (size_t)n : budget;
		xs_conn_input(x->conn, buf, (size_t)n);
		/* Replies go out as we go: a full rsp[] must not stall req[]. */
		flush_one(d, x);
	}
	if (x->intf && flush_one(d, x))
		moved = true;
	if (moved && x->intf)
		d->ops.notify(d->ops.ctx, x->local_port);
	/* Over budget with more waiting: the main loop kicks again. */
}

void xsd_domains_flush(struct xsd_domains *d)
{
	for (struct xsd_domain *x = d->list; x; x = x->next)
		if (x->intf && flush_one(d, x))
			d->ops.notify(d->ops.ctx, x->local_port);
}

void xsd_domains_reap(struct xsd_domains *d, bool (*alive)(void *ctx, uint16_t domid),
		      void *ctx)
{
	struct xsd_domain *x = d->list, *next;
	bool gone = false;

	for (; x; x = next) {
		next = x->next;
		if (!alive(ctx, x->domid)) {
			if (d->log)
				d->log("domain %u is gone: released", (unsigned int)x->domid);
			forget(d, x);
			gone = true;
		}
	}
	if (gone)
		xs_fire_special(d->store, "@releaseDomain");
}

bool xsd_domains_busy(struct xsd_domains *d)
{
	bool busy = false;

	for (struct xsd_domain *x = d->list; x && !busy; x = x->next) {
		d->touching = x;
		busy = x->intf && xs_ring_idle(x->intf) == 0;
		d->touching = NULL;
	}
	return busy;
}
