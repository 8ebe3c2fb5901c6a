/*
 * hoist-xenstored's guest rings: the index checks of ring.c on a page in
 * memory, and domain.c's INTRODUCE / requests / RELEASE against fake
 * device operations (map gives that page, notify counts).  A guest that
 * writes garbage loses its connection and nothing else.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "xenstored/domain.h"
#include "xenstored/ring.h"

static struct xenstore_domain_interface page;
static struct xs_store st;
static struct xsd_domains doms;
static int mapped, bound, notified, map_err;

static void *fake_map(void *ctx, uint16_t domid, int *err)
{
	(void)ctx;
	(void)domid;
	if (map_err) {
		*err = map_err;
		return NULL;
	}
	mapped++;
	return &page;
}

static void fake_unmap(void *ctx, void *p)
{
	(void)ctx;
	assert_ptr_equal(p, &page);
	mapped--;
}

static int fake_bind(void *ctx, uint16_t domid, uint32_t remote, uint32_t *local)
{
	(void)ctx;
	(void)domid;
	if (remote == 999)
		return EINVAL;
	bound++;
	*local = 40 + remote;
	return 0;
}

static void fake_unbind(void *ctx, uint32_t local)
{
	(void)ctx;
	(void)local;
	bound--;
}

static void fake_notify(void *ctx, uint32_t local)
{
	(void)ctx;
	(void)local;
	notified++;
}

static const struct xsd_dev_ops fake = {
	fake_map, fake_unmap, fake_bind, fake_unbind, fake_notify, NULL
};

static int setup(void **state)
{
	(void)state;
	memset(&page, 0, sizeof(page));
	mapped = bound = notified = map_err = 0;
	if (xs_store_init(&st))
		return -1;
	xsd_domains_init(&doms, &st, &fake);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	xsd_domains_free(&doms);
	xs_store_free(&st);
	assert_int_equal(mapped, 0);
	assert_int_equal(bound, 0);
	return 0;
}

/* The guest's side: puts bytes into req[] (as Linux xb_write does). */
static void guest_put(const void *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		page.req[XENSTORE_RING_IDX(page.req_prod + i)] = ((const char *)data)[i];
	page.req_prod += (uint32_t)len;
}

static void guest_req(uint32_t type, uint32_t id, const void *p, size_t len)
{
	struct xsd_sockmsg h = { type, id, 0, (uint32_t)len };

	guest_put(&h, sizeof(h));
	guest_put(p, len);
}

/* Takes one reply out of rsp[]; returns its type, payload in out. */
static uint32_t guest_get(char *out, uint32_t *req_id)
{
	struct xsd_sockmsg h;
	char *d = (char *)&h;

	assert_true(page.rsp_prod - page.rsp_cons >= sizeof(h));
	for (size_t i = 0; i < sizeof(h); i++)
		d[i] = page.rsp[XENSTORE_RING_IDX(page.rsp_cons + i)];
	page.rsp_cons += sizeof(h);
	assert_true(page.rsp_prod - page.rsp_cons >= h.len);
	for (size_t i = 0; i < h.len; i++)
		out[i] = page.rsp[XENSTORE_RING_IDX(page.rsp_cons + i)];
	out[h.len] = '\0';
	page.rsp_cons += h.len;
	if (req_id)
		*req_id = h.req_id;
	return h.type;
}

/* A dom0 request on connection c (payload with its final NUL). */
static void send(struct xs_conn *c, uint32_t type, uint32_t id, const void *p, size_t len)
{
	struct xsd_sockmsg h = { type, id, 0, (uint32_t)len };

	xs_conn_input(c, &h, sizeof(h));
	xs_conn_input(c, p, len);
}

/* Payloads as string literals, their final NUL included. */
#define SEND(c, type, id, lit) send(c, type, id, lit, sizeof(lit))
#define GREQ(type, id, lit) guest_req(type, id, lit, sizeof(lit))

static void test_ring_indices(void **state)
{
	char buf[2048];

	(void)state;
	/* wrap-around: free-running indices near 2^32 */
	page.req_cons = page.req_prod = 0xFFFFFFF0u;
	guest_put("0123456789abcdefXYZ", 19);
	assert_int_equal(xs_ring_read(&page, buf, sizeof(buf)), 19);
	assert_memory_equal(buf, "0123456789abcdefXYZ", 19);
	assert_int_equal(page.req_cons, 0x3);
	assert_int_equal(xs_ring_idle(&page), 1);
	/* garbage: producer more than a ring ahead, or behind */
	page.req_prod = page.req_cons + XENSTORE_RING_SIZE + 1;
	assert_int_equal(xs_ring_read(&page, buf, sizeof(buf)), -1);
	assert_int_equal(xs_ring_idle(&page), -1);
	page.req_prod = page.req_cons - 1;
	assert_int_equal(xs_ring_read(&page, buf, sizeof(buf)), -1);
	/* exactly full is fine */
	page.req_prod = page.req_cons + XENSTORE_RING_SIZE;
	assert_int_equal(xs_ring_read(&page, buf, sizeof(buf)), XENSTORE_RING_SIZE);
	/* responses: only the free space, never past the guest's consumer */
	page.rsp_cons = 100;
	page.rsp_prod = 100 + 1000;
	memset(buf, 'r', sizeof(buf));
	assert_int_equal(xs_ring_write(&page, buf, 100), 24);
	assert_int_equal(page.rsp_prod, 100 + 1024);
	assert_int_equal(xs_ring_write(&page, buf, 100), 0);
	page.rsp_prod = 100 + 2000;
	assert_int_equal(xs_ring_write(&page, buf, 1), -1);
}

static void test_introduce_and_serve(void **state)
{
	struct xs_conn *d0 = xs_conn_new(&st, 0);
	char out[XENSTORE_PAYLOAD_MAX + 1];
	uint32_t id;
	size_t len;

	(void)state;
	/* dom0 introduces domain 3; a watcher of @introduceDomain hears it */
	SEND(d0, XS_WATCH, 1, "@introduceDomain\0it");
	xs_conn_consume(d0, 1 << 20);
	SEND(d0, XS_INTRODUCE, 2, "3\0" "1044476\0" "7");
	assert_int_equal(mapped, 1);
	assert_int_equal(bound, 1);
	assert_non_null(xs_conn_peek(d0, &len));
	assert_true(len >= 16 + 3);
	assert_memory_equal((const char *)xs_conn_peek(d0, &len) + 16, "OK", 3);
	xs_conn_consume(d0, len);
	assert_non_null(xs_conn_peek(d0, &len));	/* the event */
	assert_memory_equal((const char *)xs_conn_peek(d0, &len) + 16, "@introduceDomain", 17);
	xs_conn_consume(d0, len);
	/* the same again is fine, another ring is not */
	assert_int_equal(st.hooks.introduce(st.hooks.ctx, 3, 1044476, 7), 0);
	assert_int_equal(st.hooks.introduce(st.hooks.ctx, 3, 5, 7), EEXIST);
	assert_int_equal(st.hooks.introduce(st.hooks.ctx, 4, 5, 999), EINVAL);
	assert_int_equal(mapped, 1);
	map_err = EPERM;
	assert_int_equal(st.hooks.introduce(st.hooks.ctx, 5, 5, 1), EPERM);
	map_err = 0;

	/* the guest asks for its domain path; answers come with its req_id */
	SEND(d0, XS_MKDIR, 3, "/local/domain/3");
	SEND(d0, XS_SET_PERMS, 4, "/local/domain/3\0b3");
	xs_conn_consume(d0, 1 << 20);
	guest_req(XS_WRITE, 42, "control/feature-poweroff\0" "1", 26);
	GREQ(XS_READ, 43, "control/feature-poweroff");
	notified = 0;
	xsd_domains_kick(&doms, 47);
	assert_int_equal(notified, 1);
	assert_int_equal(page.req_cons, page.req_prod);
	assert_int_equal(guest_get(out, &id), XS_WRITE);
	assert_int_equal(id, 42);
	assert_string_equal(out, "OK");
	assert_int_equal(guest_get(out, &id), XS_READ);
	assert_int_equal(id, 43);
	assert_string_equal(out, "1");
	/* a kick on another port does nothing */
	xsd_domains_kick(&doms, 12);
	assert_int_equal(notified, 1);
	/* a watch event from a dom0 write reaches the ring on flush */
	GREQ(XS_WATCH, 44, "control/shutdown\0tok");
	xsd_domains_kick(&doms, 47);
	assert_int_equal(guest_get(out, NULL), XS_WATCH);
	assert_int_equal(guest_get(out, NULL), XS_WATCH_EVENT);
	assert_string_equal(out, "control/shutdown");
	send(d0, XS_WRITE, 5, "/local/domain/3/control/shutdown\0poweroff", 41);
	xsd_domains_flush(&doms);
	assert_int_equal(guest_get(out, NULL), XS_WATCH_EVENT);
	assert_string_equal(out, "control/shutdown");
	assert_string_equal(out + 17, "tok");

	/* RELEASE: unmapped, unbound, @releaseDomain; the tree is untouched */
	xs_conn_consume(d0, 1 << 20);
	SEND(d0, XS_WATCH, 6, "@releaseDomain\0rt");
	xs_conn_consume(d0, 1 << 20);
	SEND(d0, XS_RELEASE, 7, "3");
	assert_int_equal(mapped, 0);
	assert_int_equal(bound, 0);
	assert_memory_equal((const char *)xs_conn_peek(d0, &len) + 16, "OK", 3);
	xs_conn_consume(d0, len);
	assert_memory_equal((const char *)xs_conn_peek(d0, &len) + 16, "@releaseDomain", 15);
	assert_non_null(xs_tree_lookup(&st.tree, "/local/domain/3/control/shutdown"));
	assert_int_equal(st.hooks.release(st.hooks.ctx, 3), ENOENT);
	xs_conn_free(d0);
}

static void test_garbage_drops_connection(void **state)
{
	char out[XENSTORE_PAYLOAD_MAX + 1];
	struct xsd_sockmsg big = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
	unsigned int conns = 0;

	(void)state;
	assert_int_equal(st.hooks.introduce(st.hooks.ctx, 3, 1, 7), 0);
	assert_int_equal(st.hooks.introduce(st.hooks.ctx, 4, 1, 8), 0);
	assert_int_equal(mapped, 2);
	/* a header announcing 4097 bytes: dropped */
	guest_put(&big, sizeof(big));
	xsd_domains_kick(&doms, 47);
	assert_int_equal(mapped, 1);
	assert_null(xsd_domain_find(&doms, 3)->intf);
	/* still introduced until RELEASE; the other domain is served */
	assert_true(st.hooks.introduced(st.hooks.ctx, 3));
	memset(&page, 0, sizeof(page));
	GREQ(XS_GET_DOMAIN_PATH, 9, "4");
	xsd_domains_kick(&doms, 48);
	assert_int_equal(guest_get(out, NULL), XS_GET_DOMAIN_PATH);
	assert_string_equal(out, "/local/domain/4");
	/* garbage indices on that one */
	page.req_prod = page.req_cons + 5000;
	xsd_domains_kick(&doms, 48);
	assert_int_equal(mapped, 0);
	for (struct xs_conn *c = st.conns; c; c = c->next)
		conns++;
	assert_int_equal(conns, 0);
	/* a full rsp[]: replies wait in the queue, none lost, none overwritten */
	memset(&page, 0, sizeof(page));
	assert_int_equal(st.hooks.release(st.hooks.ctx, 3), 0);
	assert_int_equal(st.hooks.introduce(st.hooks.ctx, 3, 1, 7), 0);
	for (int i = 0; i < 100; i++) {	/* 100 replies of 32 bytes: 3 rings */
		GREQ(XS_GET_DOMAIN_PATH, (uint32_t)i, "4");
		xsd_domains_kick(&doms, 47);
	}
	assert_int_equal(page.req_cons, page.req_prod);
	assert_int_equal(page.rsp_prod - page.rsp_cons, XENSTORE_RING_SIZE);
	for (uint32_t i = 0; i < 100; i++) {
		uint32_t id;

		if (page.rsp_prod == page.rsp_cons)
			xsd_domains_kick(&doms, 47);	/* the guest's notify */
		assert_int_equal(guest_get(out, &id), XS_GET_DOMAIN_PATH);
		assert_int_equal(id, i);
	}
	(void)out;
}

/* A destroyed domain's page faults (main.c's SIGBUS handler): released. */
static void test_lost_page(void **state)
{
	struct xs_conn *d0 = xs_conn_new(&st, 0);
	size_t len;

	(void)state;
	SEND(d0, XS_WATCH, 1, "@releaseDomain\0r");
	xs_conn_consume(d0, 1 << 20);
	assert_int_equal(st.hooks.introduce(st.hooks.ctx, 3, 1, 7), 0);
	doms.touching = xsd_domain_find(&doms, 3);
	xsd_domain_lost(&doms, doms.touching);
	assert_null(doms.touching);
	assert_int_equal(mapped, 0);
	assert_int_equal(bound, 0);
	assert_false(st.hooks.introduced(st.hooks.ctx, 3));
	assert_non_null(xs_conn_peek(d0, &len));
	assert_memory_equal((const char *)xs_conn_peek(d0, &len) + 16, "@releaseDomain", 15);
	/* only d0 is left: the guest's connection went with it */
	assert_ptr_equal(st.conns, d0);
	assert_null(d0->next);
	xsd_domain_lost(&doms, NULL);	/* a fault outside any ring: nothing */
	xs_conn_free(d0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ring_indices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_introduce_and_serve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage_drops_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_page, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
