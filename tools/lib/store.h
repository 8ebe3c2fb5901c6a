/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The xenstore as the hoist tool uses it: a table of operations in the
 * shape of libxenstore (xenstore.h), so that the unit tests put a fake
 * store behind the very code that writes a domain's nodes.  The real one
 * (store_xs.c) talks to hoist-xenstored through libxenstore's socket.
 * Every operation returns 0 or -errno (libxenstore's errno).
 */
#ifndef HOIST_TOOLS_STORE_H
#define HOIST_TOOLS_STORE_H

#include <stddef.h>
#include <stdint.h>

/* A connection; opaque (a struct xs_handle in store_xs.c). */
struct store;

/* xs_transaction_t: 0 is "no transaction" (XBT_NULL). */
#define STORE_NO_TX	0u

/* Permission bits of xenstore_lib.h (XS_PERM_*). */
#define STORE_PERM_NONE		0x00
#define STORE_PERM_READ		0x01
#define STORE_PERM_WRITE	0x02

/* One entry of a node's permission list: the first is the owner and the
 * access everyone else gets; the rest are per domain (xenstore.txt). */
struct store_perm {
	uint32_t domid;
	uint32_t perms;		/* STORE_PERM_* */
};

struct store_ops {
	/* A connection to the daemon's socket; NULL with -errno in *err
	 * when it does not answer. */
	struct store *(*open)(int *err);
	void (*close)(struct store *s);
	/*
	 * Starts the daemon (hoist-xenstored) in the background and waits
	 * a few seconds for its socket to answer.  0, or -errno with a
	 * message (at most size bytes) in why.
	 */
	int (*launch)(char *why, size_t size);
	int (*tx_start)(struct store *s, uint32_t *tx);
	/* abort != 0 discards; -EAGAIN on commit: start over. */
	int (*tx_end)(struct store *s, uint32_t tx, int abort);
	int (*write)(struct store *s, uint32_t tx, const char *path,
		     const char *value);
	int (*mkdir)(struct store *s, uint32_t tx, const char *path);
	int (*set_perms)(struct store *s, uint32_t tx, const char *path,
			 const struct store_perm *perms, unsigned n);
	/* The value, malloc'd and NUL-terminated, in *value (free it). */
	int (*read)(struct store *s, uint32_t tx, const char *path,
		    char **value);
	/* Removes path and everything under it. */
	int (*rm)(struct store *s, uint32_t tx, const char *path);
	int (*introduce)(struct store *s, uint32_t domid, uint64_t gfn,
			 uint32_t port);
	int (*release)(struct store *s, uint32_t domid);
};

/* libxenstore against hoist-xenstored (store_xs.c). */
extern const struct store_ops store_xs_ops;

/* The store's name in messages, and the daemon the tool starts. */
#define STORE_DAEMON	"hoist-xenstored"

#endif /* HOIST_TOOLS_STORE_H */
