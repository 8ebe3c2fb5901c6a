/*
 * storefuzz: a hostile xenstore client in a guest's place, for the
 * storefuzz scenario.  It finds its store ring and port as Linux does
 * (HVM_PARAM_STORE_PFN / STORE_EVTCHN; the toolstack gives it a store
 * because its image carries a Xen GUEST_OS note) and then, by mode=:
 *
 *   quota    writes data/qN nodes, one request at a time, until the daemon
 *            answers with an error: the per-domain node quota
 *   path     a WRITE whose payload has no NUL (an unterminated path), which
 *            must get an error reply; then a READ of "name" on the same
 *            connection, which must still work
 *   len      a request header claiming 5000 payload bytes (over 4096)
 *   index    req_prod set 4000 bytes past req_cons (more than the ring)
 *   random   2000 rounds of random bytes into req[] and random indices
 *
 * The last three leave the daemon nothing to do but drop the connection;
 * the guest then idles until destroyed.  No verdict line: the scenario
 * judges by what the daemon and other guests do.
 *
 * Output: storefuzz: store pfn P port N
 *         storefuzz: quota at N nodes: ERRNAME     (mode=quota)
 *         storefuzz: unterminated path: ERRNAME    (mode=path)
 *         storefuzz: then name=VALUE               (mode=path)
 *         storefuzz: garbage sent mode=MODE        (len, index, random)
 */
#include "guest.h"
#include <hoist/xs_wire.h>

GUEST("storefuzz");

/*
 * A Xen GUEST_OS note (XEN_ELFNOTE_GUEST_OS, 6): the toolstack gives a
 * store to images that say what OS they are, as Linux does.
 */
__asm__(".pushsection .note.Xen, \"a\", @note\n"
	"\t.p2align 2\n"
	"\t.long 4\n"			/* namesz: "Xen\0" */
	"\t.long 10\n"			/* descsz: "storefuzz\0" */
	"\t.long 6\n"			/* XEN_ELFNOTE_GUEST_OS */
	"\t.asciz \"Xen\"\n"
	"\t.p2align 2\n"
	"\t.asciz \"storefuzz\"\n"
	"\t.p2align 2\n"
	"\t.popsection\n");

static union {
	struct shared_info s;
	char page[4096];
} shpage __attribute__((aligned(4096)));

static struct xenstore_domain_interface *ring;
static uint32_t port;
static uint32_t next_req_id = 1;

static uint64_t get_param(uint32_t index)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
	long r = hypercall2(XEN_HC_hvm_op, HVMOP_get_param, (uintptr_t)&p);

	if (r)
		guest_fail("get_param %u: %ld", index, r);
	return p.value;
}

static void notify(void)
{
	struct evtchn_port p = { .port = port };

	hypercall2(XEN_HC_event_channel_op, EVTCHNOP_send, (uintptr_t)&p);
}

/* Halt until the daemon notifies the store port. */
static void wait_event(void)
{
	uint64_t *word = &shpage.s.evtchn_pending[port / 64];
	uint64_t bit = 1ull << (port % 64);

	while (!(__atomic_load_n(word, __ATOMIC_ACQUIRE) & bit)) {
		struct sched_poll p = { .ports = (uintptr_t)&port, .nr_ports = 1 };

		hypercall2(XEN_HC_sched_op, SCHEDOP_poll, (uintptr_t)&p);
	}
	__atomic_fetch_and(word, ~bit, __ATOMIC_SEQ_CST);
}

static void ring_write(const void *data, uint32_t len)
{
	const char *p = data;

	while (len) {
		uint32_t prod = __atomic_load_n(&ring->req_prod, __ATOMIC_ACQUIRE);
		uint32_t cons = __atomic_load_n(&ring->req_cons, __ATOMIC_ACQUIRE);

		if (prod - cons >= XENSTORE_RING_SIZE) {
			notify();
			wait_event();
			continue;
		}
		ring->req[XENSTORE_RING_IDX(prod)] = *p++;
		__atomic_store_n(&ring->req_prod, prod + 1, __ATOMIC_RELEASE);
		len--;
	}
	notify();
}

static void ring_read(void *data, uint32_t len)
{
	char *p = data;

	while (len) {
		uint32_t cons = __atomic_load_n(&ring->rsp_cons, __ATOMIC_ACQUIRE);

		if (__atomic_load_n(&ring->rsp_prod, __ATOMIC_ACQUIRE) == cons) {
			wait_event();
			continue;
		}
		*p++ = ring->rsp[XENSTORE_RING_IDX(cons)];
		__atomic_store_n(&ring->rsp_cons, cons + 1, __ATOMIC_RELEASE);
		len--;
	}
	notify();
}

/*
 * One request of type with payload body (len bytes); the reply's payload
 * (NUL-terminated, cut to size) in out.  Watch events are skipped.
 * Returns the reply's type.
 */
static uint32_t request(uint32_t type, const char *body, uint32_t len,
			char *out, uint32_t size)
{
	struct xsd_sockmsg m = { .type = type, .req_id = next_req_id++,
				 .len = len };
	char skip;

	ring_write(&m, sizeof(m));
	ring_write(body, len);
	for (;;) {
		ring_read(&m, sizeof(m));
		if (m.len > XENSTORE_PAYLOAD_MAX)
			guest_fail("reply of %u bytes", m.len);
		for (uint32_t i = 0; i < m.len; i++) {
			if (i + 1 < size)
				ring_read(&out[i], 1);
			else
				ring_read(&skip, 1);
		}
		out[m.len < size ? m.len : size - 1] = '\0';
		if (m.type != XS_WATCH_EVENT)
			return m.type;
	}
}

static void quota(void)
{
	char body[64], reply[256];
	unsigned int n;

	for (n = 0; n < 100000; n++) {
		int len = gsnprintf(body, sizeof(body), "data/q%u", n);

		/* path NUL value: the value is the empty string */
		if (request(XS_WRITE, body, (uint32_t)len + 1, reply,
			    sizeof(reply)) == XS_ERROR)
			break;
	}
	gprintf("storefuzz: quota at %u nodes: %s\n", n, reply);
}

static void unterminated(void)
{
	static const char path[] = "data/no-nul-here";
	char reply[256];

	request(XS_WRITE, path, sizeof(path) - 1, reply, sizeof(reply));
	gprintf("storefuzz: unterminated path: %s\n", reply);
	if (request(XS_READ, "name", 5, reply, sizeof(reply)) == XS_ERROR)
		gprintf("storefuzz: then error %s\n", reply);
	else
		gprintf("storefuzz: then name=%s\n", reply);
}

static void garbage(const char *mode)
{
	if (cmdline_is(mode, "len")) {
		struct xsd_sockmsg m = { .type = XS_READ, .req_id = 1,
					 .len = 5000 };

		ring_write(&m, sizeof(m));
		ring_write("name", 5);
	} else if (cmdline_is(mode, "index")) {
		__atomic_store_n(&ring->req_prod, ring->req_cons + 4000,
				 __ATOMIC_RELEASE);
		notify();
	} else {
		for (int round = 0; round < 2000; round++) {
			for (int i = 0; i < XENSTORE_RING_SIZE; i += 8) {
				uint64_t v = rnd();

				for (int b = 0; b < 8; b++)
					ring->req[i + b] = (char)(v >> (8 * b));
			}
			if (round % 3 == 0)
				__atomic_store_n(&ring->req_prod, (uint32_t)rnd(),
						 __ATOMIC_RELEASE);
			else
				__atomic_fetch_add(&ring->req_prod,
						   (uint32_t)(rnd() % 64),
						   __ATOMIC_RELEASE);
			if (round % 5 == 0)
				__atomic_store_n(&ring->rsp_cons, (uint32_t)rnd(),
						 __ATOMIC_RELEASE);
			notify();
		}
	}
	gprintf("storefuzz: garbage sent mode=%.*s\n", (int)cmdline_len(mode),
		mode);
}

void guest_main(const struct hvm_start_info *si)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
		.gpfn = (uintptr_t)&shpage >> 12,
	};
	const char *mode = cmdline_get(si, "mode");
	uint64_t pfn;
	long r;

	r = hypercall2(XEN_HC_memory_op, XENMEM_add_to_physmap, (uintptr_t)&xatp);
	if (r)
		guest_fail("shared_info: %ld", r);
	pfn = get_param(HVM_PARAM_STORE_PFN);
	port = (uint32_t)get_param(HVM_PARAM_STORE_EVTCHN);
	if (!pfn || !port)
		guest_fail("no store: pfn %lu port %u", (unsigned long)pfn, port);
	ring = (void *)(uintptr_t)(pfn << 12);
	gprintf("storefuzz: store pfn 0x%lx port %u\n", (unsigned long)pfn, port);
	if (!mode || cmdline_is(mode, "quota"))
		quota();
	else if (cmdline_is(mode, "path"))
		unterminated();
	else
		garbage(mode);
	guest_halt();
}
