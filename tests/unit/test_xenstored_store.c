/*
 * hoist-xenstored's store, driven through connections as a client would:
 * each test sends wire messages to xs_conn_input and reads the replies
 * queued on the connection.  Tree, permissions, paths, watches,
 * transactions, quotas and the guest-only refusals.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "xenstored/store.h"

struct msg {
	uint32_t type, req_id, tx_id, len;
	char p[XENSTORE_PAYLOAD_MAX + 1];
};

static struct xs_store st;

/* A request whose payload is a string literal, its final NUL included. */
#define SEND(c, type, lit) send_raw(c, type, 0, lit, sizeof(lit))

static int setup(void **state)
{
	(void)state;
	return xs_store_init(&st);
}

static int teardown(void **state)
{
	(void)state;
	xs_store_free(&st);
	return 0;
}

static void send_raw(struct xs_conn *c, uint32_t type, uint32_t tx, const void *p, size_t len)
{
	struct xsd_sockmsg h = { type, 77, tx, (uint32_t)len };

	xs_conn_input(c, &h, sizeof(h));
	xs_conn_input(c, p, len);
}

/* Takes the next queued message off c; false if none. */
static bool next(struct xs_conn *c, struct msg *m)
{
	struct xsd_sockmsg h;
	size_t len;
	const char *p = xs_conn_peek(c, &len);

	if (!p)
		return false;
	assert_true(len >= sizeof(h));
	memcpy(&h, p, sizeof(h));
	assert_int_equal(len, sizeof(h) + h.len);
	m->type = h.type;
	m->req_id = h.req_id;
	m->tx_id = h.tx_id;
	m->len = h.len;
	memcpy(m->p, p + sizeof(h), h.len);
	m->p[h.len] = '\0';
	xs_conn_consume(c, len);
	return true;
}

/* path\0[value] requests: returns the reply (the first message queued). */
static struct msg *req(struct xs_conn *c, uint32_t type, uint32_t tx, const char *a,
		       const char *b)
{
	static struct msg m;
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t l = strlen(a) + 1;

	memcpy(buf, a, l);
	if (b) {
		memcpy(buf + l, b, strlen(b));
		l += strlen(b);
		if (type == XS_WATCH || type == XS_UNWATCH)
			buf[l++] = '\0';	/* the token is a string too */
	}
	send_raw(c, type, tx, buf, l);
	/* Events queued before the reply (Xen fires them first too) are skipped. */
	do
		assert_true(next(c, &m));
	while (m.type == XS_WATCH_EVENT);
	assert_int_equal(m.req_id, 77);
	return &m;
}

static const char *err_of(struct msg *m)
{
	return m->type == XS_ERROR ? m->p : "OK";
}

static void drain(struct xs_conn *c)
{
	struct msg m;

	while (next(c, &m))
		;
}

static void test_write_read_rm(void **state)
{
	struct xs_conn *c = xs_conn_new(&st, 0);
	struct msg *m;

	(void)state;
	assert_string_equal(err_of(req(c, XS_WRITE, 0, "/a/b/c", "hello")), "OK");
	m = req(c, XS_READ, 0, "/a/b/c", NULL);
	assert_int_equal(m->type, XS_READ);
	assert_int_equal(m->len, 5);
	assert_memory_equal(m->p, "hello", 5);
	m = req(c, XS_READ, 0, "/a/b", NULL);	/* parents made, empty */
	assert_int_equal(m->type, XS_READ);
	assert_int_equal(m->len, 0);
	m = req(c, XS_DIRECTORY, 0, "/a", NULL);
	assert_int_equal(m->len, 2);
	assert_string_equal(m->p, "b");
	/* relative paths of dom0 are under /local/domain/0 */
	assert_string_equal(err_of(req(c, XS_WRITE, 0, "rel", "1")), "OK");
	assert_non_null(xs_tree_lookup(&st.tree, "/local/domain/0/rel"));
	assert_string_equal(err_of(req(c, XS_RM, 0, "/a", NULL)), "OK");
	assert_string_equal(err_of(req(c, XS_READ, 0, "/a/b/c", NULL)), "ENOENT");
	/* rm of a missing node: fine if the parent exists, else ENOENT */
	assert_string_equal(err_of(req(c, XS_RM, 0, "/local/x", NULL)), "OK");
	assert_string_equal(err_of(req(c, XS_RM, 0, "/nope/x", NULL)), "ENOENT");
	assert_string_equal(err_of(req(c, XS_RM, 0, "/", NULL)), "EINVAL");
	xs_conn_free(c);
	/* root, /local, /local/domain, /local/domain/0, .../rel */
	assert_int_equal(st.tree.nodes, 5);
}

static void test_paths(void **state)
{
	struct xs_conn *c = xs_conn_new(&st, 0);
	char big[XENSTORE_ABS_PATH_MAX + 8];

	(void)state;
	assert_false(xs_path_valid("a"));
	assert_false(xs_path_valid("/a/"));
	assert_false(xs_path_valid("/a//b"));
	assert_false(xs_path_valid("/a b"));
	assert_false(xs_path_valid("/a.b"));
	assert_true(xs_path_valid("/"));
	assert_true(xs_path_valid("/A-z_0@9"));
	assert_string_equal(err_of(req(c, XS_WRITE, 0, "/a//b", "x")), "EINVAL");
	assert_string_equal(err_of(req(c, XS_WRITE, 0, "/a/", "x")), "EINVAL");
	assert_string_equal(err_of(req(c, XS_WRITE, 0, "/@x", "x")), "EINVAL");
	memset(big, 'x', sizeof(big));
	big[0] = '/';
	big[XENSTORE_ABS_PATH_MAX + 1] = '\0';	/* one over */
	assert_string_equal(err_of(req(c, XS_WRITE, 0, big, "x")), "EINVAL");
	big[XENSTORE_ABS_PATH_MAX] = '\0';	/* exactly the limit */
	assert_string_equal(err_of(req(c, XS_WRITE, 0, big, "x")), "OK");
	/* relative: 2048 at most */
	memset(big, 'y', XENSTORE_REL_PATH_MAX + 1);
	big[XENSTORE_REL_PATH_MAX + 1] = '\0';
	assert_string_equal(err_of(req(c, XS_READ, 0, big, NULL)), "EINVAL");
	/* unterminated path */
	send_raw(c, XS_READ, 0, "/local", 6);
	{
		struct msg m;

		assert_true(next(c, &m));
		assert_string_equal(err_of(&m), "EINVAL");
	}
	xs_conn_free(c);
}

static void test_perms(void **state)
{
	struct xs_conn *d0 = xs_conn_new(&st, 0), *g = xs_conn_new(&st, 5);
	struct xs_conn *g7 = xs_conn_new(&st, 7);
	struct msg *m;

	(void)state;
	assert_string_equal(err_of(req(d0, XS_MKDIR, 0, "/local/domain/5", NULL)), "OK");
	SEND(d0, XS_SET_PERMS, "/local/domain/5\0n0\0r5");
	drain(d0);
	/* guest: reads its home, may not write it (owner dom0, r5) */
	assert_string_equal(err_of(req(g, XS_READ, 0, "/local/domain/5", NULL)), "OK");
	assert_string_equal(err_of(req(g, XS_WRITE, 0, "x", "1")), "EACCES");
	assert_string_equal(err_of(req(g7, XS_READ, 0, "/local/domain/5", NULL)), "EACCES");
	/* a writable subtree: what the guest creates, it owns */
	assert_string_equal(err_of(req(d0, XS_MKDIR, 0, "/local/domain/5/data", NULL)), "OK");
	SEND(d0, XS_SET_PERMS, "/local/domain/5/data\0n5");
	drain(d0);
	assert_string_equal(err_of(req(g, XS_WRITE, 0, "data/k", "v")), "OK");
	m = req(d0, XS_GET_PERMS, 0, "/local/domain/5/data/k", NULL);
	assert_int_equal(m->type, XS_GET_PERMS);
	assert_string_equal(m->p, "n5");
	/* another domain's tree: EACCES, and nothing changed */
	assert_string_equal(err_of(req(g7, XS_WRITE, 0, "/local/domain/5/data/k", "z")),
			    "EACCES");
	m = req(d0, XS_READ, 0, "/local/domain/5/data/k", NULL);
	assert_string_equal(m->p, "v");
	/* a guest cannot give a node away, nor pass the per-node limit */
	SEND(g, XS_SET_PERMS, "data/k\0n7");
	assert_true(next(g, m));
	assert_string_equal(err_of(m), "EPERM");
	SEND(g, XS_SET_PERMS, "data/k\0n5\0r1\0r2\0r3\0r4\0r6");
	assert_true(next(g, m));
	assert_string_equal(err_of(m), "ENOSPC");
	/* malformed perms */
	SEND(d0, XS_SET_PERMS, "/local\0x0");
	assert_true(next(d0, m));
	assert_string_equal(err_of(m), "EINVAL");
	SEND(d0, XS_SET_PERMS, "/local\0r99999");
	assert_true(next(d0, m));
	assert_string_equal(err_of(m), "EINVAL");
	xs_conn_free(d0);
	xs_conn_free(g);
	xs_conn_free(g7);
}

static void test_guest_refused(void **state)
{
	struct xs_conn *g = xs_conn_new(&st, 3);
	static const uint32_t types[] = { XS_CONTROL, XS_INTRODUCE, XS_RELEASE,
					  XS_SET_TARGET, XS_RESUME };

	(void)state;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		assert_string_equal(err_of(req(g, types[i], 0, "3", NULL)), "EACCES");
	assert_string_equal(err_of(req(g, 20, 0, "x", NULL)), "ENOSYS");
	assert_string_equal(err_of(req(g, 99, 0, "x", NULL)), "ENOSYS");
	assert_string_equal(err_of(req(g, XS_WATCH_EVENT, 0, "x", NULL)), "EINVAL");
	/* a message over 4096 bytes: the connection is dead, nothing answered */
	{
		struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
		struct msg m;

		xs_conn_input(g, &h, sizeof(h));
		assert_true(g->dead);
		assert_false(next(g, &m));
	}
	xs_conn_free(g);
}

static void test_control(void **state)
{
	struct xs_conn *c = xs_conn_new(&st, 0);
	struct msg *m;

	(void)state;
	m = req(c, XS_CONTROL, 0, "stats", NULL);
	assert_int_equal(m->type, XS_CONTROL);
	assert_non_null(strstr(m->p, "nodes 3\n"));
	assert_non_null(strstr(m->p, "connections 1\n"));
	assert_string_equal(err_of(req(c, XS_CONTROL, 0, "bogus", NULL)), "EINVAL");
	m = req(c, XS_GET_DOMAIN_PATH, 0, "12", NULL);
	assert_string_equal(m->p, "/local/domain/12");
	m = req(c, XS_IS_DOMAIN_INTRODUCED, 0, "12", NULL);
	assert_string_equal(m->p, "F");
	xs_conn_free(c);
}

static void test_watches(void **state)
{
	struct xs_conn *d0 = xs_conn_new(&st, 0), *g = xs_conn_new(&st, 4);
	struct msg m, *r;

	(void)state;
	SEND(d0, XS_MKDIR, "/local/domain/4");
	SEND(d0, XS_SET_PERMS, "/local/domain/4\0b4");
	SEND(d0, XS_MKDIR, "/secret");
	drain(d0);
	/* registration: OK then an immediate event with the path as given */
	r = req(g, XS_WATCH, 0, "device", "tok");
	assert_string_equal(err_of(r), "OK");
	assert_true(next(g, &m));
	assert_int_equal(m.type, XS_WATCH_EVENT);
	assert_string_equal(m.p, "device");
	assert_string_equal(m.p + 7, "tok");
	assert_string_equal(err_of(req(g, XS_WATCH, 0, "device", "tok")), "EEXIST");
	assert_string_equal(err_of(req(g, XS_WATCH, 0, "/secret", "s")), "OK");
	drain(g);
	/* a change below: the event comes back relative */
	assert_string_equal(err_of(req(d0, XS_WRITE, 0, "/local/domain/4/device/vbd/1", "x")),
			    "OK");
	assert_true(next(g, &m));
	assert_int_equal(m.type, XS_WATCH_EVENT);
	assert_int_equal(m.req_id, 0);
	assert_string_equal(m.p, "device/vbd/1");
	assert_false(next(g, &m));
	/* what the guest may not read, it does not hear of */
	assert_string_equal(err_of(req(d0, XS_WRITE, 0, "/secret/k", "x")), "OK");
	assert_false(next(g, &m));
	/* removing a parent reports the watch's own path */
	assert_string_equal(err_of(req(d0, XS_RM, 0, "/local/domain/4", NULL)), "OK");
	assert_true(next(g, &m));
	assert_string_equal(m.p, "device");
	/* special paths */
	assert_string_equal(err_of(req(d0, XS_WATCH, 0, "@releaseDomain", "r")), "OK");
	assert_string_equal(err_of(req(d0, XS_WATCH, 0, "@other", "r")), "EINVAL");
	drain(d0);
	xs_fire_special(&st, "@releaseDomain");
	assert_true(next(d0, &m));
	assert_string_equal(m.p, "@releaseDomain");
	/* unwatch, reset */
	assert_string_equal(err_of(req(d0, XS_UNWATCH, 0, "@releaseDomain", "r")), "OK");
	assert_string_equal(err_of(req(d0, XS_UNWATCH, 0, "@releaseDomain", "r")), "ENOENT");
	assert_int_equal(g->nwatches, 2);
	send_raw(g, XS_RESET_WATCHES, 0, "", 1);
	assert_true(next(g, &m));
	assert_int_equal(m.type, XS_RESET_WATCHES);
	assert_int_equal(g->nwatches, 0);
	xs_conn_free(d0);
	xs_conn_free(g);
}

static uint32_t start(struct xs_conn *c)
{
	struct msg *m = req(c, XS_TRANSACTION_START, 0, "", NULL);

	assert_int_equal(m->type, XS_TRANSACTION_START);
	assert_true(m->p[0] >= '1' && m->p[0] <= '9');	/* never a leading 0 */
	return (uint32_t)strtoul(m->p, NULL, 10);
}

static void test_transactions(void **state)
{
	struct xs_conn *a = xs_conn_new(&st, 0), *b = xs_conn_new(&st, 0);
	struct msg m, *r;
	uint32_t t1, t2;

	(void)state;
	assert_string_equal(err_of(req(b, XS_WATCH, 0, "/t", "w")), "OK");
	drain(b);
	t1 = start(a);
	assert_string_equal(err_of(req(a, XS_WRITE, t1, "/t/x", "1")), "OK");
	/* invisible outside, visible inside, no event before commit */
	assert_string_equal(err_of(req(b, XS_READ, 0, "/t/x", NULL)), "ENOENT");
	r = req(a, XS_READ, t1, "/t/x", NULL);
	assert_string_equal(r->p, "1");
	assert_false(next(b, &m));
	assert_string_equal(err_of(req(a, XS_TRANSACTION_END, t1, "T", NULL)), "OK");
	assert_true(next(b, &m));
	assert_string_equal(m.p, "/t/x");
	r = req(b, XS_READ, 0, "/t/x", NULL);
	assert_string_equal(r->p, "1");
	/* conflict: a node read in the transaction changes outside */
	t2 = start(a);
	assert_true(t2 != t1);
	req(a, XS_READ, t2, "/t/x", NULL);
	assert_string_equal(err_of(req(a, XS_WRITE, t2, "/t/y", "2")), "OK");
	assert_string_equal(err_of(req(b, XS_WRITE, 0, "/t/x", "changed")), "OK");
	drain(b);
	assert_string_equal(err_of(req(a, XS_TRANSACTION_END, t2, "T", NULL)), "EAGAIN");
	assert_string_equal(err_of(req(b, XS_READ, 0, "/t/y", NULL)), "ENOENT");
	assert_false(next(b, &m));
	/* an unrelated change does not conflict */
	t2 = start(a);
	assert_string_equal(err_of(req(a, XS_WRITE, t2, "/t/y", "2")), "OK");
	assert_string_equal(err_of(req(b, XS_WRITE, 0, "/other", "z")), "OK");
	assert_string_equal(err_of(req(a, XS_TRANSACTION_END, t2, "T", NULL)), "OK");
	/* abort changes nothing; the id is gone afterwards */
	t2 = start(a);
	assert_string_equal(err_of(req(a, XS_RM, t2, "/t", NULL)), "OK");
	assert_string_equal(err_of(req(a, XS_TRANSACTION_END, t2, "F", NULL)), "OK");
	assert_string_equal(err_of(req(a, XS_READ, t2, "/t/x", NULL)), "ENOENT");
	assert_string_equal(err_of(req(a, XS_TRANSACTION_END, t2, "T", NULL)), "ENOENT");
	r = req(a, XS_READ, 0, "/t/y", NULL);
	assert_string_equal(r->p, "2");
	assert_string_equal(err_of(req(a, XS_TRANSACTION_END, 0, "X", NULL)), "ENOENT");
	xs_conn_free(a);
	xs_conn_free(b);
}

static void test_quotas(void **state)
{
	struct xs_conn *d0 = xs_conn_new(&st, 0), *g = xs_conn_new(&st, 9);
	char path[64], val[XS_QUOTA_NODE_SIZE + 2];
	unsigned int i;

	(void)state;
	SEND(d0, XS_MKDIR, "/local/domain/9");
	SEND(d0, XS_SET_PERMS, "/local/domain/9\0b9");
	drain(d0);
	/* nodes: 1000 owned (its home counts since dom0 gave it away) */
	for (i = 1; i < XS_QUOTA_NODES; i++) {
		snprintf(path, sizeof(path), "n%u", i);
		if (strcmp(err_of(req(g, XS_WRITE, 0, path, "")), "OK"))
			break;
	}
	assert_int_equal(i, XS_QUOTA_NODES);
	assert_string_equal(err_of(req(g, XS_WRITE, 0, "one-more", "")), "ENOSPC");
	assert_string_equal(err_of(req(g, XS_RM, 0, "n1", NULL)), "OK");
	assert_string_equal(err_of(req(g, XS_WRITE, 0, "one-more", "")), "OK");
	/* node size */
	memset(val, 'v', sizeof(val));
	val[XS_QUOTA_NODE_SIZE + 1] = '\0';
	assert_string_equal(err_of(req(g, XS_WRITE, 0, "n2", val)), "ENOSPC");
	val[XS_QUOTA_NODE_SIZE] = '\0';
	assert_string_equal(err_of(req(g, XS_WRITE, 0, "n2", val)), "OK");
	/* dom0 has no such limits */
	val[XS_QUOTA_NODE_SIZE] = 'v';
	assert_string_equal(err_of(req(d0, XS_WRITE, 0, "/big", val)), "OK");
	/* watches */
	for (i = 0; i < XS_QUOTA_WATCHES; i++) {
		snprintf(path, sizeof(path), "%u", i);
		assert_string_equal(err_of(req(g, XS_WATCH, 0, "n3", path)), "OK");
	}
	assert_string_equal(err_of(req(g, XS_WATCH, 0, "n3", "last")), "E2BIG");
	drain(g);
	/* transactions */
	for (i = 0; i < XS_QUOTA_TXNS; i++)
		start(g);
	assert_string_equal(err_of(req(g, XS_TRANSACTION_START, 0, "", NULL)), "ENOSPC");
	/* and it keeps serving */
	assert_string_equal(err_of(req(g, XS_WRITE, 0, "n3", "x")), "OK");
	xs_conn_free(g);
	/* gone with the connection */
	assert_int_equal(st.conns, d0);
	xs_conn_free(d0);
}

static void test_directory_part(void **state)
{
	struct xs_conn *c = xs_conn_new(&st, 0);
	char path[64], all[8192], buf[32];
	struct msg m;
	size_t got = 0, total = 0;
	unsigned int i;

	(void)state;
	for (i = 0; i < 400; i++) {	/* 400 * 12 bytes: more than one reply */
		snprintf(path, sizeof(path), "/d/child-%05u", i);
		assert_string_equal(err_of(req(c, XS_WRITE, 0, path, "")), "OK");
		total += strlen(path) - 3 + 1;
	}
	assert_string_equal(err_of(req(c, XS_DIRECTORY, 0, "/d", NULL)), "E2BIG");
	for (i = 0; i < 10; i++) {
		int l = snprintf(buf, sizeof(buf), "/d%c%zu", '\0', got);
		size_t gl;

		send_raw(c, XS_DIRECTORY_PART, 0, buf, (size_t)l + 1);
		assert_true(next(c, &m));
		assert_int_equal(m.type, XS_DIRECTORY_PART);
		gl = strlen(m.p) + 1;	/* generation first */
		assert_true(m.len > gl);
		if (m.len >= gl + 1 && m.p[m.len - 1] == '\0' &&
		    (m.len == gl + 1 || m.p[m.len - 2] == '\0')) {
			/* a trailing empty string: the end */
			memcpy(all + got, m.p + gl, m.len - gl - 1);
			got += m.len - gl - 1;
			break;
		}
		memcpy(all + got, m.p + gl, m.len - gl);
		got += m.len - gl;
	}
	assert_true(i > 0);		/* took more than one reply */
	assert_int_equal(got, total);
	assert_string_equal(all, "child-00000");
	xs_conn_free(c);
}


static unsigned int count_nodes(const struct xs_node *n, uint16_t owner, unsigned int *owned)
{
	unsigned int c = 1;

	if (n->perms[0].id == owner)
		(*owned)++;
	for (unsigned int i = 0; i < n->nkids; i++)
		c += count_nodes(n->kids[i], owner, owned);
	return c;
}

/*
 * Random requests from a vocabulary of paths, values, perms and tokens,
 * with random types, transaction ids and lengths (ASan and UBSan watch):
 * afterwards the tree's counters match a recount and nothing leaked.
 */
static void test_fuzz(void **state)
{
	static const char *const words[] = {
		"/a", "/a/b", "a", "a/b/c", "/local/domain/6", "/local/domain/6/x",
		"x", "@releaseDomain", "@introduceDomain", "/", "", "//", "/a/", "b6",
		"n0", "r6", "w7", "bogus", "T", "F", "1", "6", "stats", "become", "7",
		"/local/domain/6/x/y/z", "device/vbd", "0123456789",
	};
	struct xs_conn *c[3];
	unsigned int seed = 12345;
	uint32_t txids[8] = { 0 };
	unsigned int ok = 0, errors = 0, events = 0;

	(void)state;
	c[0] = xs_conn_new(&st, 0);
	c[1] = xs_conn_new(&st, 6);
	c[2] = xs_conn_new(&st, 7);
	SEND(c[0], XS_MKDIR, "/local/domain/6");
	SEND(c[0], XS_SET_PERMS, "/local/domain/6\0n6");
	for (int i = 0; i < 20000; i++) {
		char buf[XENSTORE_PAYLOAD_MAX];
		size_t len = 0;
		int nw, k = (seed = seed * 1103515245 + 12345) >> 16 & 3;
		struct xs_conn *cc = c[k % 3];
		uint32_t type = (seed >> 8) % 28, tx;
		struct msg m;

		if (cc->dead)
			continue;
		nw = (int)((seed >> 4) % 4);
		for (int w = 0; w < nw; w++) {
			const char *wd;
			size_t l;

			seed = seed * 1103515245 + 12345;
			wd = words[(seed >> 16) % (sizeof(words) / sizeof(words[0]))];
			l = strlen(wd) + ((seed >> 3) & 1);	/* its NUL, or not */
			if (len + l + 1 > sizeof(buf))
				break;
			memcpy(buf + len, wd, strlen(wd));
			buf[len + strlen(wd)] = '\0';
			len += l;
		}
		tx = (seed & 7) ? 0 : txids[(seed >> 5) & 7];
		send_raw(cc, type, tx, buf, len);
		while (next(cc, &m)) {
			ok += m.type != XS_ERROR && m.type != XS_WATCH_EVENT;
			errors += m.type == XS_ERROR;
			events += m.type == XS_WATCH_EVENT;
			if (m.type == XS_TRANSACTION_START)
				txids[(seed >> 9) & 7] = (uint32_t)strtoul(m.p, NULL, 10);
		}
	}
	{
		unsigned int owned6 = 0;

		assert_int_equal(count_nodes(st.tree.root, 6, &owned6), st.tree.nodes);
		assert_int_equal(owned6, xs_tree_owned(&st.tree, 6));
	}
	/* It did reach the tree, the watches and the error paths. */
	print_message("fuzz: %u answers, %u errors, %u events, %u nodes\n", ok, errors,
		      events, st.tree.nodes);
	assert_true(ok > 500 && errors > 500 && events > 50);
	for (int k = 0; k < 3; k++)
		xs_conn_free(c[k]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_read_rm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_perms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guest_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_control, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quotas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory_part, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fuzz, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
