/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv/console_ring.c: the hypervisor as back end of a guest's Xen console
 * ring.  The ring is a heap object of exactly its own size, so a read or
 * write outside it is an AddressSanitizer error; every index is the
 * guest's and may be anything.  domain_console_put collects the output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hv.h>
#include <hv/paging.h>
#include <hoist/xen.h>

#define OUT_SZ	2048u
#define IN_SZ	1024u
#define GFN	0x4242

static struct domain *dom;
static struct xencons_interface *ring;
static u8 *page;			/* the console page, for attach */

static char out[1 << 16];		/* what reached the domain's console */
static size_t out_len;
static unsigned int puts_calls;
static size_t max_put;

static struct {
	unsigned int calls;
	u32 port;
	const struct vcpu *self;
} raised;

void domain_console_put(struct domain *d, const char *s, size_t n)
{
	assert_ptr_equal(d, dom);
	assert_true(n > 0);
	assert_true(out_len + n <= sizeof(out));
	memcpy(out + out_len, s, n);
	out_len += n;
	puts_calls++;
	max_put = MAX(max_put, n);
}

void evtchn_raise(struct domain *d, u32 port, const struct vcpu *self)
{
	assert_ptr_equal(d, dom);
	raised.calls++;
	raised.port = port;
	raised.self = self;
}

static bool lookup_fails;

int pt_lookup(const struct pt *pt, u64 va, u64 *pa, u64 *flags,
	      unsigned int *shift)
{
	assert_ptr_equal(pt, &dom->npt);
	if (lookup_fails || va >> PAGE_SHIFT != GFN)
		return -ENOENT;
	*pa = (u64)(uintptr_t)page - PHYS_MAP_BASE + (va & ~PAGE_MASK);
	if (flags)
		*flags = PTE_P | PTE_RW;
	if (shift)
		*shift = PAGE_SHIFT;
	return 0;
}

static int setup(void **state)
{
	(void)state;
	out_len = 0;
	puts_calls = 0;
	max_put = 0;
	lookup_fails = false;
	memset(&raised, 0, sizeof(raised));
	dom = calloc(1, sizeof(*dom));
	ring = malloc(sizeof(*ring));
	page = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	assert_non_null(dom);
	assert_non_null(ring);
	assert_non_null(page);
	memset(ring, 0, sizeof(*ring));
	dom->cons_ring = ring;
	dom->console_gfn = GFN;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(page);
	free(ring);
	free(dom);
	return 0;
}

/* The guest appends n bytes: byte number i of the stream is pat(i). */
static u8 pat(u32 i)
{
	return (u8)(i * 7 + (i >> 8) * 13 + 1);
}

static void guest_writes(u32 n)
{
	u32 prod = ring->out_prod;

	for (u32 i = 0; i < n; i++, prod++)
		ring->out[prod % OUT_SZ] = (char)pat(prod);
	ring->out_prod = prod;
}

/* out holds bytes number [from, from + n) of the pattern. */
static void assert_out_is(u32 from, size_t n)
{
	assert_int_equal(out_len, n);
	for (size_t i = 0; i < n; i++)
		if ((u8)out[i] != pat(from + (u32)i))
			fail_msg("byte %zu: %02x, expected %02x", i,
				 (u8)out[i], pat(from + (u32)i));
}

static void test_attach(void **state)
{
	(void)state;
	dom->cons_ring = NULL;
	dom->console_gfn = 0;
	assert_int_equal(console_ring_attach(dom), 0);
	assert_null(dom->cons_ring);
	dom->console_gfn = GFN;
	lookup_fails = true;
	assert_int_equal(console_ring_attach(dom), -EINVAL);
	assert_null(dom->cons_ring);
	lookup_fails = false;
	assert_int_equal(console_ring_attach(dom), 0);
	assert_ptr_equal(dom->cons_ring, page);
}

static void test_no_ring(void **state)
{
	(void)state;
	dom->cons_ring = NULL;
	console_ring_drain(dom);
	assert_int_equal(puts_calls, 0);
	assert_int_equal(console_ring_input(dom, "x", 1), -ENOENT);
	assert_int_equal(raised.calls, 0);
}

static void test_drain_in_order(void **state)
{
	(void)state;
	memcpy(ring->out, "hello, world\n", 13);
	ring->out_prod = 13;
	console_ring_drain(dom);
	assert_int_equal(out_len, 13);
	assert_memory_equal(out, "hello, world\n", 13);
	assert_int_equal(ring->out_cons, 13);
	/* Nothing new: nothing emitted. */
	console_ring_drain(dom);
	assert_int_equal(out_len, 13);
	assert_int_equal(puts_calls, 1);
	/* More, across the ring's end: 2040..2060 wraps to 0. */
	out_len = 0;
	ring->out_cons = ring->out_prod = 2040;
	guest_writes(20);
	console_ring_drain(dom);
	assert_out_is(2040, 20);
	assert_int_equal(ring->out_cons, 2060);
	/* Draining never touches the input side. */
	assert_int_equal(ring->in_prod, 0);
	assert_int_equal(ring->in_cons, 0);
}

static void test_drain_index_wrap(void **state)
{
	u32 start = 0xfffffff0u;

	(void)state;
	/* The free-running u32 indices wrap past 2^32. */
	ring->out_cons = ring->out_prod = start;
	guest_writes(100);
	assert_int_equal(ring->out_prod, 84);
	console_ring_drain(dom);
	assert_out_is(start, 100);
	assert_int_equal(ring->out_cons, 84);
	/* A full ring's worth, wrapping again. */
	out_len = 0;
	start = ring->out_cons = ring->out_prod = 0xfffffc00u;
	guest_writes(OUT_SZ);
	console_ring_drain(dom);
	assert_out_is(start, OUT_SZ);
	assert_int_equal(ring->out_cons, ring->out_prod);
	/* Handed over in bounded pieces. */
	assert_true(max_put <= 128);
	assert_true(puts_calls >= OUT_SZ / 128);
}

static void test_drain_hostile_indices(void **state)
{
	static const u32 gaps[] = { OUT_SZ + 1, 5000, 0x7fffffffu,
				    0x80000000u, 0xfffffff0u, 0xffffffffu };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(gaps); i++) {
		u32 cons = 0x1000u * (u32)i + 17, prod = cons + gaps[i];

		/* The ring holds the pattern for the last ring's worth. */
		for (u32 k = prod - OUT_SZ; k != prod; k++)
			ring->out[k % OUT_SZ] = (char)pat(k);
		ring->out_cons = cons;
		ring->out_prod = prod;
		out_len = 0;
		console_ring_drain(dom);
		/* At most one ring's worth: the newest bytes, in order. */
		assert_out_is(prod - OUT_SZ, OUT_SZ);
		assert_int_equal(ring->out_cons, prod);
		/* And it does not come back. */
		console_ring_drain(dom);
		assert_int_equal(out_len, OUT_SZ);
	}
}

static void test_input(void **state)
{
	(void)state;
	assert_int_equal(console_ring_input(dom, "ls -l\n", 6), 6);
	assert_memory_equal(ring->in, "ls -l\n", 6);
	assert_int_equal(ring->in_prod, 6);
	assert_int_equal(ring->in_cons, 0);
	assert_int_equal(raised.calls, 1);
	assert_int_equal(raised.port, HOIST_CONSOLE_PORT);
	assert_null(raised.self);
	/* Nothing to give: no event. */
	assert_int_equal(console_ring_input(dom, "", 0), 0);
	assert_int_equal(raised.calls, 1);
	assert_int_equal(ring->in_prod, 6);
	/* The output side is untouched. */
	assert_int_equal(ring->out_prod, 0);
	assert_int_equal(ring->out_cons, 0);
}

static void test_input_respects_space(void **state)
{
	char buf[3000];

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)pat((u32)i);
	/* 1000 unread bytes: room for 24 more. */
	ring->in_cons = 50;
	ring->in_prod = 1050;
	memset(ring->in, '#', IN_SZ);
	assert_int_equal(console_ring_input(dom, buf, 100), 24);
	assert_int_equal(ring->in_prod, 1074);
	for (u32 k = 0; k < 24; k++)
		assert_int_equal((u8)ring->in[(1050 + k) % IN_SZ], pat(k));
	/* The unread bytes were not overwritten. */
	for (u32 k = 50; k < 1050; k++)
		assert_int_equal(ring->in[k % IN_SZ], '#');
	assert_int_equal(raised.calls, 1);
	/* Full: nothing written, no event. */
	assert_int_equal(console_ring_input(dom, buf, 100), 0);
	assert_int_equal(ring->in_prod, 1074);
	assert_int_equal(raised.calls, 1);
	/* Empty ring: at most one ring's worth of a long write. */
	ring->in_cons = ring->in_prod = 7;
	assert_int_equal(console_ring_input(dom, buf, sizeof(buf)), IN_SZ);
	assert_int_equal(ring->in_prod, 7 + IN_SZ);
	for (u32 k = 0; k < IN_SZ; k++)
		assert_int_equal((u8)ring->in[(7 + k) % IN_SZ], pat(k));
}

static void test_input_index_wrap(void **state)
{
	(void)state;
	ring->in_cons = ring->in_prod = 0xfffffffeu;
	assert_int_equal(console_ring_input(dom, "abcde", 5), 5);
	assert_int_equal(ring->in_prod, 3);
	assert_int_equal(ring->in[1022], 'a');
	assert_int_equal(ring->in[1023], 'b');
	assert_memory_equal(ring->in, "cde", 3);
	/* The guest reads two; room is measured across the wrap. */
	ring->in_cons = 0;
	assert_int_equal(console_ring_input(dom, "x", 1), 1);
	assert_int_equal(ring->in_prod, 4);
	assert_int_equal(ring->in[3], 'x');
}

static void test_input_hostile_indices(void **state)
{
	static const u32 gaps[] = { IN_SZ + 1, 2048, 0x7fffffffu, 0x80000000u,
				    0xfffffc00u, 0xffffffffu };
	char buf[IN_SZ * 2];

	(void)state;
	memset(buf, 'z', sizeof(buf));
	for (size_t i = 0; i < ARRAY_SIZE(gaps); i++) {
		u32 cons = 0x333u * (u32)i, prod = cons + gaps[i];

		memset(ring->in, '.', IN_SZ);
		ring->in_cons = cons;
		ring->in_prod = prod;
		assert_int_equal(console_ring_input(dom, buf, sizeof(buf)), 0);
		assert_int_equal(ring->in_prod, prod);
		assert_int_equal(ring->in_cons, cons);
		for (u32 k = 0; k < IN_SZ; k++)
			assert_int_equal(ring->in[k], '.');
	}
	assert_int_equal(raised.calls, 0);
	/* Exactly full (prod - cons == 1024) is not hostile, just full. */
	ring->in_cons = 5;
	ring->in_prod = 5 + IN_SZ;
	assert_int_equal(console_ring_input(dom, buf, 1), 0);
	assert_int_equal(raised.calls, 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_attach),
		T(test_no_ring),
		T(test_drain_in_order),
		T(test_drain_index_wrap),
		T(test_drain_hostile_indices),
		T(test_input),
		T(test_input_respects_space),
		T(test_input_index_wrap),
		T(test_input_hostile_indices),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
