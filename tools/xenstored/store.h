/*
 * The daemon's state and the protocol on top of the tree: connections,
 * watches, transactions and the request dispatcher.  Transport-free: a
 * connection is fed bytes (xs_conn_input) and its replies queue up in
 * memory until the transport (socket or ring) drains them (xs_conn_peek,
 * xs_conn_consume), so the unit tests run it without any file descriptor.
 */
#ifndef XSD_STORE_H
#define XSD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tree.h"
#include <hoist/xs_wire.h>

#define XS_QUOTA_WATCHES	128	/* per guest connection */
#define XS_QUOTA_TXNS		10	/* open per guest connection */
#define XS_OUT_MAX		(1u << 20)	/* queued reply bytes: beyond, drop */
#define XS_DOMID_FIRST_RESERVED	0x7FF0

struct xs_out {
	struct xs_out *next;
	size_t len;
	char data[];
};

struct xs_watch {
	struct xs_watch *next;
	char *path;		/* absolute, or @introduceDomain / @releaseDomain */
	char *token;
	bool relative;		/* registered relative: events come back relative */
};

struct xs_access {
	char *path;
	uint64_t gen;		/* 0: absent when the transaction first saw it */
};

struct xs_txn_op {
	uint32_t type;		/* XS_WRITE, XS_MKDIR, XS_RM, XS_SET_PERMS */
	char *path;
	char *val;
	unsigned int len;
	struct xs_perm *perms;
	unsigned int nperms;
};

struct xs_txn {
	struct xs_txn *next;
	uint32_t id;
	struct xs_tree tree;	/* snapshot taken at start, changed by the ops */
	struct xs_access *acc;
	unsigned int nacc, acc_cap;
	struct xs_txn_op *ops;
	unsigned int nops, ops_cap;
	bool oom;		/* a note was lost: commit fails ENOMEM */
};

struct xs_store;

struct xs_conn {
	struct xs_store *store;
	struct xs_conn *next;
	uint16_t domid;		/* the domain it acts as (0: privileged) */
	bool dead;		/* protocol error or overflow: the owner drops it */
	unsigned char in[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
	size_t in_len;
	struct xs_out *out_head, *out_tail;
	size_t out_bytes, out_off;
	struct xs_watch *watches;
	unsigned int nwatches;
	struct xs_txn *txns;
	unsigned int ntxns;
	void *priv;		/* the transport's */
};

/* What INTRODUCE / RELEASE / IS_DOMAIN_INTRODUCED do outside the store. */
struct xs_domain_hooks {
	int (*introduce)(void *ctx, uint16_t domid, uint64_t gfn, uint32_t port);
	int (*release)(void *ctx, uint16_t domid);
	bool (*introduced)(void *ctx, uint16_t domid);
	void *ctx;
};

struct xs_store {
	struct xs_tree tree;
	struct xs_conn *conns;
	uint32_t next_txn;
	struct xs_domain_hooks hooks;
	void (*log)(const char *fmt, ...);
};

int xs_store_init(struct xs_store *s);
void xs_store_free(struct xs_store *s);

struct xs_conn *xs_conn_new(struct xs_store *s, uint16_t domid);
void xs_conn_free(struct xs_conn *c);
/*
 * Feeds bytes read from the transport; complete messages are handled at
 * once.  Returns how many bytes were taken (fewer than len only when the
 * connection went dead: a header announcing more than 4096 bytes).
 */
size_t xs_conn_input(struct xs_conn *c, const void *data, size_t len);
/* Queued reply bytes not sent yet: pointer and length of the next chunk. */
const void *xs_conn_peek(struct xs_conn *c, size_t *len);
void xs_conn_consume(struct xs_conn *c, size_t len);

/* Queues a message to c (and marks c dead if its queue is over XS_OUT_MAX). */
void xs_conn_send(struct xs_conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
		  const void *p1, size_t l1, const void *p2, size_t l2);
/* Fires a special watch path (@introduceDomain, @releaseDomain). */
void xs_fire_special(struct xs_store *s, const char *path);

/* For CONTROL stats and the SIGUSR1 log line. */
void xs_store_stats(const struct xs_store *s, char *buf, size_t size);
const char *xs_errname(int err);

/* Internals shared by the store's files. */
void xs_watch_changed(void *ctx, const char *path, const struct xs_perm *perms,
		      unsigned int nperms, bool recurse);
void xs_watches_free(struct xs_conn *c);
int xs_watch_add(struct xs_conn *c, const char *abs, const char *token, bool relative);
int xs_watch_del(struct xs_conn *c, const char *abs, const char *token);
struct xs_txn *xs_txn_find(struct xs_conn *c, uint32_t id);
int xs_txn_start(struct xs_conn *c, uint32_t *id);
int xs_txn_end(struct xs_conn *c, struct xs_txn *t, bool commit);
void xs_txns_free(struct xs_conn *c);
void xs_txn_note(struct xs_txn *t, const char *path);
int xs_txn_log(struct xs_txn *t, uint32_t type, const char *path, const char *val,
	       unsigned int len, const struct xs_perm *p, unsigned int np);

#endif /* XSD_STORE_H */
