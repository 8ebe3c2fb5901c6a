/*
 * The requests of docs/misc/xenstore.txt, one function each.  Every reply
 * carries the request's req_id and tx_id; errors are XS_ERROR with the
 * errno's name.  A guest (domid != 0) may not use the toolstack's
 * requests (CONTROL, INTRODUCE, RELEASE, SET_TARGET, RESUME): EACCES.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

/* Names in Xen's table order; anything else travels as EINVAL, as Linux reads it. */
static const struct { int err; const char *name; } errnames[] = {
	{ EINVAL, "EINVAL" }, { EACCES, "EACCES" }, { EEXIST, "EEXIST" },
	{ EISDIR, "EISDIR" }, { ENOENT, "ENOENT" }, { ENOMEM, "ENOMEM" },
	{ ENOSPC, "ENOSPC" }, { EIO, "EIO" }, { ENOTEMPTY, "ENOTEMPTY" },
	{ ENOSYS, "ENOSYS" }, { EROFS, "EROFS" }, { EBUSY, "EBUSY" },
	{ EAGAIN, "EAGAIN" }, { EISCONN, "EISCONN" }, { E2BIG, "E2BIG" },
	{ EPERM, "EPERM" },
};

const char *xs_errname(int err)
{
	for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].err == err)
			return errnames[i].name;
	return "EINVAL";
}

struct req {
	struct xs_conn *c;
	const struct xsd_sockmsg *h;
	const char *p;		/* payload, NUL added after len */
	size_t len;
	const char *arg[4];	/* NUL-terminated strings of the payload */
	unsigned int nargs;
	struct xs_txn *txn;
	struct xs_tree *tree;	/* the store's, or the transaction's copy */
};

static void reply(struct req *r, uint32_t type, const void *d, size_t len)
{
	xs_conn_send(r->c, type, r->h->req_id, r->h->tx_id, d, len, NULL, 0);
}

static void reply_err(struct req *r, int err)
{
	const char *n = xs_errname(err);

	reply(r, XS_ERROR, n, strlen(n) + 1);
}

static void reply_ok(struct req *r)
{
	reply(r, r->h->type, "OK", 3);
}

static void reply_result(struct req *r, int err)
{
	if (err)
		reply_err(r, err);
	else
		reply_ok(r);
}

/* Splits the payload into NUL-terminated strings; a trailing unterminated part is not one. */
static void split(struct req *r)
{
	size_t i = 0;

	r->nargs = 0;
	while (i < r->len && r->nargs < 4) {
		size_t l = strnlen(r->p + i, r->len - i);

		if (l == r->len - i)
			break;	/* unterminated */
		r->arg[r->nargs++] = r->p + i;
		i += l + 1;
	}
}

/*
 * The absolute path for a request's path: relative ones are under the
 * connection's /local/domain/<id>; @introduceDomain and @releaseDomain
 * only where special is allowed (watches).
 */
static int canon(const struct xs_conn *c, const char *in, char *out, bool special,
		 bool *relative)
{
	size_t len = strlen(in);

	if (relative)
		*relative = false;
	if (in[0] == '@') {
		if (!special || (strcmp(in, "@introduceDomain") && strcmp(in, "@releaseDomain")))
			return EINVAL;
		memcpy(out, in, len + 1);
		return 0;
	}
	if (in[0] == '/') {
		if (len > XENSTORE_ABS_PATH_MAX)
			return EINVAL;
		memcpy(out, in, len + 1);
	} else {
		int l;

		if (len == 0 || len > XENSTORE_REL_PATH_MAX)
			return EINVAL;
		l = snprintf(out, XENSTORE_ABS_PATH_MAX + 1, "/local/domain/%u/%s",
			     (unsigned int)c->domid, in);
		if (l < 0 || l > XENSTORE_ABS_PATH_MAX)
			return EINVAL;
		if (relative)
			*relative = true;
	}
	return xs_path_valid(out) ? 0 : EINVAL;
}

/* The one path argument of most requests, made absolute. */
static int path_arg(struct req *r, char *abs)
{
	if (r->nargs < 1)
		return EINVAL;
	return canon(r->c, r->arg[0], abs, false, NULL);
}

static unsigned long number(const char *s, unsigned long max, bool *ok)
{
	unsigned long v = 0;

	*ok = *s != '\0';
	for (; *s && *ok; s++) {
		if (*s < '0' || *s > '9' || v > (max - (unsigned long)(*s - '0')) / 10)
			*ok = false;
		else
			v = v * 10 + (unsigned long)(*s - '0');
	}
	return *ok ? v : 0;
}

static void parent_of(const char *path, char *out)
{
	const char *s = strrchr(path, '/');
	size_t l = s && s != path ? (size_t)(s - path) : 1;

	memcpy(out, path, l);
	out[l] = '\0';
}

static void note(struct req *r, const char *path, bool parent)
{
	char p[XENSTORE_ABS_PATH_MAX + 1];

	if (!r->txn)
		return;
	xs_txn_note(r->txn, path);
	if (parent) {
		parent_of(path, p);
		xs_txn_note(r->txn, p);
	}
}

static void do_read(struct req *r)
{
	char abs[XENSTORE_ABS_PATH_MAX + 1];
	const struct xs_node *n;
	int err = path_arg(r, abs);

	if (!err) {
		note(r, abs, false);
		err = xs_tree_read(r->tree, r->c->domid, abs, &n);
	}
	if (err)
		return reply_err(r, err);
	reply(r, XS_READ, n->value, n->vlen);
}

static void do_get_perms(struct req *r)
{
	char abs[XENSTORE_ABS_PATH_MAX + 1], buf[XS_PERMS_MAX * 8];
	const struct xs_node *n;
	int err = path_arg(r, abs);

	if (!err) {
		note(r, abs, false);
		err = xs_tree_read(r->tree, r->c->domid, abs, &n);
	}
	if (err)
		return reply_err(r, err);
	reply(r, XS_GET_PERMS, buf, xs_perms_format(n->perms, n->nperms, buf, sizeof(buf)));
}

/* Children names from byte offset off of the full listing, into buf. */
static size_t list(const struct xs_node *n, size_t off, char *buf, size_t size,
		   bool *complete)
{
	size_t pos = 0, at = 0;

	*complete = true;
	for (unsigned int i = 0; i < n->nkids; i++) {
		size_t l = strlen(n->kids[i]->name) + 1;

		if (at >= off) {
			if (pos + l > size) {
				*complete = false;
				break;
			}
			memcpy(buf + pos, n->kids[i]->name, l);
			pos += l;
		}
		at += l;
	}
	return pos;
}

static void do_directory(struct req *r)
{
	char abs[XENSTORE_ABS_PATH_MAX + 1], buf[XENSTORE_PAYLOAD_MAX];
	const struct xs_node *n;
	bool complete;
	size_t len;
	int err = path_arg(r, abs);

	if (!err) {
		note(r, abs, false);
		err = xs_tree_read(r->tree, r->c->domid, abs, &n);
	}
	if (err)
		return reply_err(r, err);
	len = list(n, 0, buf, sizeof(buf), &complete);
	if (!complete)
		return reply_err(r, E2BIG);	/* the client goes on with DIRECTORY_PART */
	reply(r, XS_DIRECTORY, buf, len);
}

/* "gen\0" then the listing from offset; an extra "\0" says it is the end. */
static void do_directory_part(struct req *r)
{
	char abs[XENSTORE_ABS_PATH_MAX + 1], buf[XENSTORE_PAYLOAD_MAX];
	const struct xs_node *n;
	unsigned long off;
	bool ok, complete;
	int l, err = path_arg(r, abs);
	size_t len;

	if (!err && r->nargs < 2)
		err = EINVAL;
	if (!err) {
		off = number(r->arg[1], 1ul << 30, &ok);
		if (!ok)
			err = EINVAL;
	}
	if (!err) {
		note(r, abs, false);
		err = xs_tree_read(r->tree, r->c->domid, abs, &n);
	}
	if (err)
		return reply_err(r, err);
	l = snprintf(buf, sizeof(buf), "%llu", (unsigned long long)n->gen) + 1;
	len = (size_t)l + list(n, off, buf + l, sizeof(buf) - (size_t)l - 1, &complete);
	if (complete)
		buf[len++] = '\0';
	reply(r, XS_DIRECTORY_PART, buf, len);
}

static void changed(struct req *r, uint32_t type, const char *abs, const char *val,
		    unsigned int vlen, const struct xs_perm *p, unsigned int np)
{
	int err;

	note(r, abs, true);
	switch (type) {
	case XS_WRITE:
		err = xs_tree_write(r->tree, r->c->domid, abs, val, vlen);
		break;
	case XS_MKDIR:
		err = xs_tree_mkdir(r->tree, r->c->domid, abs);
		break;
	case XS_RM:
		err = xs_tree_rm(r->tree, r->c->domid, abs);
		break;
	default:
		err = xs_tree_set_perms(r->tree, r->c->domid, abs, p, np);
		break;
	}
	if (!err && r->txn)
		err = xs_txn_log(r->txn, type, abs, val, vlen, p, np);
	reply_result(r, err);
}

static void do_write(struct req *r)
{
	char abs[XENSTORE_ABS_PATH_MAX + 1];
	int err = path_arg(r, abs);
	size_t plen;

	if (err)
		return reply_err(r, err);
	plen = strlen(r->arg[0]) + 1;
	changed(r, XS_WRITE, abs, r->p + plen, (unsigned int)(r->len - plen), NULL, 0);
}

static void do_mkdir_rm(struct req *r)
{
	char abs[XENSTORE_ABS_PATH_MAX + 1];
	int err = path_arg(r, abs);

	if (err)
		return reply_err(r, err);
	changed(r, r->h->type, abs, NULL, 0, NULL, 0);
}

static void do_set_perms(struct req *r)
{
	char abs[XENSTORE_ABS_PATH_MAX + 1];
	struct xs_perm p[XS_PERMS_MAX];
	int err = path_arg(r, abs), n;
	size_t plen;

	if (err)
		return reply_err(r, err);
	plen = strlen(r->arg[0]) + 1;
	n = xs_perms_parse(r->p + plen, r->len - plen, p, XS_PERMS_MAX);
	if (n < 0)
		return reply_err(r, EINVAL);
	changed(r, XS_SET_PERMS, abs, NULL, 0, p, (unsigned int)n);
}

static void do_watch(struct req *r)
{
	char abs[XENSTORE_ABS_PATH_MAX + 1];
	bool rel;
	int err = r->nargs < 2 ? EINVAL : canon(r->c, r->arg[0], abs, true, &rel);

	if (!err)
		err = r->h->type == XS_WATCH ? xs_watch_add(r->c, abs, r->arg[1], rel) :
		      xs_watch_del(r->c, abs, r->arg[1]);
	reply_result(r, err);
	/* Registration fires once at once, with the path as the client gave it. */
	if (!err && r->h->type == XS_WATCH)
		xs_conn_send(r->c, XS_WATCH_EVENT, 0, 0, r->arg[0], strlen(r->arg[0]) + 1,
			     r->arg[1], strlen(r->arg[1]) + 1);
}

static void do_reset_watches(struct req *r)
{
	xs_watches_free(r->c);
	xs_txns_free(r->c);
	reply_ok(r);
}

static void do_txn_start(struct req *r)
{
	char buf[16];
	uint32_t id;
	int err = r->h->tx_id ? EBUSY : xs_txn_start(r->c, &id);

	if (err)
		return reply_err(r, err);
	reply(r, XS_TRANSACTION_START, buf, (size_t)snprintf(buf, sizeof(buf), "%u", id) + 1);
}

static void do_txn_end(struct req *r)
{
	bool commit;

	if (!r->txn)
		return reply_err(r, ENOENT);
	if (r->nargs < 1 || (strcmp(r->arg[0], "T") && strcmp(r->arg[0], "F")))
		return reply_err(r, EINVAL);
	commit = r->arg[0][0] == 'T';
	reply_result(r, xs_txn_end(r->c, r->txn, commit));
}

static int domid_arg(struct req *r, unsigned int i, uint16_t *domid)
{
	bool ok;
	unsigned long v;

	if (r->nargs <= i)
		return EINVAL;
	v = number(r->arg[i], 0xFFFF, &ok);
	if (!ok)
		return EINVAL;
	*domid = (uint16_t)v;
	return 0;
}

static void do_get_domain_path(struct req *r)
{
	char buf[32];
	uint16_t d;
	int err = domid_arg(r, 0, &d);

	if (err)
		return reply_err(r, err);
	reply(r, XS_GET_DOMAIN_PATH, buf,
	      (size_t)snprintf(buf, sizeof(buf), "/local/domain/%u", (unsigned int)d) + 1);
}

static void do_is_introduced(struct req *r)
{
	struct xs_domain_hooks *k = &r->c->store->hooks;
	uint16_t d;
	int err = domid_arg(r, 0, &d);
	bool yes;

	if (err)
		return reply_err(r, err);
	yes = d == 0 || (k->introduced && k->introduced(k->ctx, d));
	reply(r, XS_IS_DOMAIN_INTRODUCED, yes ? "T" : "F", 2);
}

static void do_introduce(struct req *r)
{
	struct xs_domain_hooks *k = &r->c->store->hooks;
	unsigned long gfn = 0, port = 0;
	bool ok = r->nargs >= 3;
	uint16_t d = 0;
	int err;

	if (ok)
		ok = !domid_arg(r, 0, &d) && d != 0 && d < XS_DOMID_FIRST_RESERVED;
	if (ok)
		gfn = number(r->arg[1], (1ul << 40) - 1, &ok);
	if (ok)
		port = number(r->arg[2], 0xFFFFFFFFul, &ok);
	if (!ok)
		return reply_err(r, EINVAL);
	err = k->introduce ? k->introduce(k->ctx, d, gfn, (uint32_t)port) : ENOSYS;
	reply_result(r, err);
	if (!err)
		xs_fire_special(r->c->store, "@introduceDomain");
}

static void do_release(struct req *r)
{
	struct xs_domain_hooks *k = &r->c->store->hooks;
	uint16_t d;
	int err = domid_arg(r, 0, &d);

	if (!err && d == 0)
		err = EINVAL;
	if (!err)
		err = k->release ? k->release(k->ctx, d) : ENOENT;
	reply_result(r, err);
	if (!err)
		xs_fire_special(r->c->store, "@releaseDomain");
}

static void do_control(struct req *r)
{
	char buf[512];
	uint16_t d;

	if (r->nargs < 1)
		return reply_err(r, EINVAL);
	if (!strcmp(r->arg[0], "stats")) {
		xs_store_stats(r->c->store, buf, sizeof(buf));
		return reply(r, XS_CONTROL, buf, strlen(buf) + 1);
	}
	if (!strcmp(r->arg[0], "help")) {
		static const char help[] =
			"stats: nodes, connections, watches, transactions\n"
			"become DOMID: this connection acts as DOMID from now on (tests)\n";
		return reply(r, XS_CONTROL, help, sizeof(help));
	}
	/*
	 * Dropping privilege is harmless (the socket is root's already) and
	 * lets the tests check what a guest may not do through real clients.
	 */
	if (!strcmp(r->arg[0], "become") && !domid_arg(r, 1, &d)) {
		reply_ok(r);
		r->c->domid = d;
		return;
	}
	reply_err(r, EINVAL);
}

static void do_resume(struct req *r)
{
	uint16_t d;
	struct xs_domain_hooks *k = &r->c->store->hooks;
	int err = domid_arg(r, 0, &d);

	if (!err && !(k->introduced && k->introduced(k->ctx, d)))
		err = ENOENT;
	reply_result(r, err);
}

void xs_handle(struct xs_conn *c, const struct xsd_sockmsg *h, const char *payload)
{
	char buf[XENSTORE_PAYLOAD_MAX + 1];
	struct req r = { .c = c, .h = h, .p = buf, .len = h->len, .tree = &c->store->tree };

	memcpy(buf, payload, h->len);
	buf[h->len] = '\0';
	split(&r);

	switch (h->type) {
	case XS_CONTROL: case XS_INTRODUCE: case XS_RELEASE:
	case XS_SET_TARGET: case XS_RESUME:
		if (c->domid)
			return reply_err(&r, EACCES);
		break;
	case XS_WATCH_EVENT: case XS_ERROR:
		return reply_err(&r, EINVAL);	/* the server's only */
	}
	/* Requests that read or change the tree may run in a transaction. */
	if (h->tx_id && h->type != XS_WATCH && h->type != XS_UNWATCH &&
	    h->type != XS_TRANSACTION_START) {
		r.txn = xs_txn_find(c, h->tx_id);
		if (!r.txn)
			return reply_err(&r, ENOENT);
		r.tree = &r.txn->tree;
	}

	switch (h->type) {
	case XS_CONTROL:		return do_control(&r);
	case XS_DIRECTORY:		return do_directory(&r);
	case XS_READ:			return do_read(&r);
	case XS_GET_PERMS:		return do_get_perms(&r);
	case XS_WATCH:
	case XS_UNWATCH:		return do_watch(&r);
	case XS_TRANSACTION_START:	return do_txn_start(&r);
	case XS_TRANSACTION_END:	return do_txn_end(&r);
	case XS_INTRODUCE:		return do_introduce(&r);
	case XS_RELEASE:		return do_release(&r);
	case XS_GET_DOMAIN_PATH:	return do_get_domain_path(&r);
	case XS_WRITE:			return do_write(&r);
	case XS_MKDIR:
	case XS_RM:			return do_mkdir_rm(&r);
	case XS_SET_PERMS:		return do_set_perms(&r);
	case XS_IS_DOMAIN_INTRODUCED:	return do_is_introduced(&r);
	case XS_RESUME:			return do_resume(&r);
	case XS_RESET_WATCHES:		return do_reset_watches(&r);
	case XS_DIRECTORY_PART:		return do_directory_part(&r);
	}
	/* SET_TARGET, features, quotas, RESTRICT and unknown types. */
	reply_err(&r, ENOSYS);
}
