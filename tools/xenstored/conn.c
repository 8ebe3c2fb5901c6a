/*
 * A connection's bytes: message framing on input, the reply queue on
 * output, and the store's life cycle.  Transport-free (store.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "store.h"

int xs_store_init(struct xs_store *s)
{
	int err;

	memset(s, 0, sizeof(*s));
	err = xs_tree_init(&s->tree);
	if (err)
		return err;
	s->tree.changed = xs_watch_changed;
	s->tree.ctx = s;
	/* What every toolstack writes under; dom0's, others read nothing. */
	return xs_tree_mkdir(&s->tree, 0, "/local/domain");
}

void xs_store_free(struct xs_store *s)
{
	while (s->conns)
		xs_conn_free(s->conns);
	xs_tree_free(&s->tree);
}

struct xs_conn *xs_conn_new(struct xs_store *s, uint16_t domid)
{
	struct xs_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->store = s;
	c->domid = domid;
	c->next = s->conns;
	s->conns = c;
	return c;
}

void xs_conn_free(struct xs_conn *c)
{
	struct xs_conn **pp;

	for (pp = &c->store->conns; *pp && *pp != c; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = c->next;
	xs_watches_free(c);
	xs_txns_free(c);
	while (c->out_head) {
		struct xs_out *o = c->out_head;

		c->out_head = o->next;
		free(o);
	}
	free(c);
}

void xs_conn_send(struct xs_conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
		  const void *p1, size_t l1, const void *p2, size_t l2)
{
	struct xsd_sockmsg h = { type, req_id, tx_id, (uint32_t)(l1 + l2) };
	struct xs_out *o;

	if (c->dead)
		return;
	if (l1 + l2 > XENSTORE_PAYLOAD_MAX || c->out_bytes + sizeof(h) + l1 + l2 > XS_OUT_MAX) {
		/* A reader that never reads (or a bug): it goes, not the daemon. */
		if (c->store->log)
			c->store->log("connection of domain %u: %s, dropped",
				      (unsigned int)c->domid,
				      l1 + l2 > XENSTORE_PAYLOAD_MAX ? "reply too big" :
				      "reply queue over 1 MiB");
		c->dead = true;
		return;
	}
	o = malloc(sizeof(*o) + sizeof(h) + l1 + l2);
	if (!o) {
		c->dead = true;
		return;
	}
	o->next = NULL;
	o->len = sizeof(h) + l1 + l2;
	memcpy(o->data, &h, sizeof(h));
	if (l1)
		memcpy(o->data + sizeof(h), p1, l1);
	if (l2)
		memcpy(o->data + sizeof(h) + l1, p2, l2);
	if (c->out_tail)
		c->out_tail->next = o;
	else
		c->out_head = o;
	c->out_tail = o;
	c->out_bytes += o->len;
}

const void *xs_conn_peek(struct xs_conn *c, size_t *len)
{
	if (!c->out_head) {
		*len = 0;
		return NULL;
	}
	*len = c->out_head->len - c->out_off;
	return c->out_head->data + c->out_off;
}

void xs_conn_consume(struct xs_conn *c, size_t len)
{
	while (len && c->out_head) {
		struct xs_out *o = c->out_head;
		size_t left = o->len - c->out_off;
		size_t n = len < left ? len : left;

		c->out_off += n;
		c->out_bytes -= n;
		len -= n;
		if (c->out_off == o->len) {
			c->out_head = o->next;
			if (!c->out_head)
				c->out_tail = NULL;
			c->out_off = 0;
			free(o);
		}
	}
}

size_t xs_conn_input(struct xs_conn *c, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t used = 0;

	while (used < len && !c->dead) {
		struct xsd_sockmsg h;
		size_t need = sizeof(h), n;

		if (c->in_len >= sizeof(h)) {
			memcpy(&h, c->in, sizeof(h));
			need += h.len;
		}
		n = need - c->in_len;
		if (n > len - used)
			n = len - used;
		memcpy(c->in + c->in_len, p + used, n);
		c->in_len += n;
		used += n;
		if (c->in_len < sizeof(h))
			break;
		memcpy(&h, c->in, sizeof(h));
		if (h.len > XENSTORE_PAYLOAD_MAX) {
			/* Xen drops such a connection: its stream is lost anyway. */
			if (c->store->log)
				c->store->log("connection of domain %u: message of %u bytes, dropped",
					      (unsigned int)c->domid, h.len);
			c->dead = true;
			break;
		}
		if (c->in_len == sizeof(h) + h.len) {
			c->in_len = 0;
			xs_handle(c, &h, (const char *)c->in + sizeof(h));
		}
	}
	return used;
}

void xs_store_stats(const struct xs_store *s, char *buf, size_t size)
{
	unsigned int conns = 0, watches = 0, txns = 0;

	for (const struct xs_conn *c = s->conns; c; c = c->next) {
		conns++;
		watches += c->nwatches;
		txns += c->ntxns;
	}
	snprintf(buf, size, "nodes %u\nconnections %u\nwatches %u\ntransactions %u\n",
		 s->tree.nodes, conns, watches, txns);
}
