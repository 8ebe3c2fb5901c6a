// SPDX-License-Identifier: GPL-2.0
/*
 * xs-ring: hoist-xenstored's guest rings through the real /dev/hoist (grant
 * map of the store page, event channels, DOMAIN_EVENTS), without a guest
 * that speaks xenstore: this program builds a halting domain with a store
 * page and port, maps grant 1 itself and plays the guest's side of the
 * ring.  The daemon serves a ring when its port fires and once at
 * INTRODUCE, so the requests are written before INTRODUCE.
 *
 *   xs-ring SOCKET
 *
 * One "PASS: xs-ring/NAME" or "FAIL: xs-ring/NAME: why" line per check.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <hoist/ioctl.h>
#include <hoist/layout.h>
#include <hoist/xen.h>

#include <hoist/xs_wire.h>

static int hfd, sfd, failed;
static uint32_t domid, port;
static struct xenstore_domain_interface *intf;

static void result(const char *name, int ok, const char *why)
{
	if (ok) {
		printf("PASS: xs-ring/%s\n", name);
	} else {
		printf("FAIL: xs-ring/%s: %s\n", name, why);
		failed = 1;
	}
}

static void die(const char *name, const char *why)
{
	result(name, 0, why);
	exit(1);
}

/* A socket request; the reply's payload into out (events are skipped). */
static uint32_t call(uint32_t type, const void *p, size_t len, char *out)
{
	struct xsd_sockmsg h = { type, 1, 0, (uint32_t)len }, r;
	char buf[16 + XENSTORE_PAYLOAD_MAX];

	memcpy(buf, &h, 16);
	memcpy(buf + 16, p, len);
	if (write(sfd, buf, 16 + len) != (ssize_t)(16 + len))
		die("socket", "write failed");
	for (;;) {
		if (read(sfd, &r, 16) != 16 || r.len > XENSTORE_PAYLOAD_MAX ||
		    (r.len && read(sfd, out, r.len) != (ssize_t)r.len))
			die("socket", "read failed");
		out[r.len] = '\0';
		if (r.type != XS_WATCH_EVENT)
			return r.type;
	}
}

/* Waits up to ms for a watch event on the socket naming path. */
static int event(const char *path, int ms)
{
	struct pollfd p = { .fd = sfd, .events = POLLIN };
	struct xsd_sockmsg r;
	char out[XENSTORE_PAYLOAD_MAX + 1];

	while (poll(&p, 1, ms) == 1) {
		if (read(sfd, &r, 16) != 16 || r.len > XENSTORE_PAYLOAD_MAX ||
		    (r.len && read(sfd, out, r.len) != (ssize_t)r.len))
			return 0;
		out[r.len] = '\0';
		if (r.type == XS_WATCH_EVENT && !strcmp(out, path))
			return 1;
	}
	return 0;
}

static void guest_put(const void *d, size_t len)
{
	for (size_t i = 0; i < len; i++)
		intf->req[XENSTORE_RING_IDX(intf->req_prod + i)] = ((const char *)d)[i];
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	intf->req_prod += (uint32_t)len;
}

static void guest_req(uint32_t type, uint32_t id, const char *p, size_t len)
{
	struct xsd_sockmsg h = { type, id, 0, (uint32_t)len };

	guest_put(&h, sizeof(h));
	guest_put(p, len);
}

/* The guest's next reply out of rsp[], waiting up to 5 s for it. */
static uint32_t guest_get(char *out, uint32_t *id)
{
	struct xsd_sockmsg h;
	char *d = (char *)&h;

	for (int i = 0; i < 500; i++) {
		uint32_t avail = __atomic_load_n(&intf->rsp_prod, __ATOMIC_ACQUIRE) -
				 intf->rsp_cons;

		if (avail >= sizeof(h)) {
			for (size_t k = 0; k < sizeof(h); k++)
				d[k] = intf->rsp[XENSTORE_RING_IDX(intf->rsp_cons + k)];
			if (h.len <= XENSTORE_PAYLOAD_MAX && avail >= sizeof(h) + h.len) {
				for (size_t k = 0; k < h.len; k++)
					out[k] = intf->rsp[XENSTORE_RING_IDX(intf->rsp_cons +
									 sizeof(h) + k)];
				out[h.len] = '\0';
				intf->rsp_cons += sizeof(h) + h.len;
				*id = h.req_id;
				return h.type;
			}
		}
		usleep(10000);
	}
	return 0xFFFF;
}

static void build_domain(void)
{
	static const unsigned char hlt[] = { 0xf4, 0xeb, 0xfd };
	struct hoist_domain_create c = { .mem_kb = 4096, .vcpus = 1, .max_grant_frames = 1 };
	struct hoist_domain_write w = { .gpa = 0x100000, .len = sizeof(hlt),
					.buf = (uintptr_t)hlt };
	struct hoist_evtchn_alloc a;
	struct hoist_domain_boot b = { .entry = 0x100000, .store_gfn = HOIST_GUEST_STORE_PFN };
	struct hoist_gnt_map m = { .ref = GNTTAB_RESERVED_XENSTORE };

	snprintf(c.name, sizeof(c.name), "xs-ring-%d", getpid());
	if (ioctl(hfd, HOIST_IOC_DOMAIN_CREATE, &c))
		die("create", strerror(errno));
	domid = c.domid;
	w.domid = domid;
	a = (struct hoist_evtchn_alloc){ .domid = domid };
	if (ioctl(hfd, HOIST_IOC_DOMAIN_WRITE, &w) ||
	    ioctl(hfd, HOIST_IOC_EVTCHN_ALLOC_UNBOUND, &a))
		die("create", strerror(errno));
	port = a.port;
	b.domid = domid;
	b.store_port = port;
	if (ioctl(hfd, HOIST_IOC_DOMAIN_BOOT, &b))
		die("boot", strerror(errno));
	m.domid = domid;
	if (ioctl(hfd, HOIST_IOC_GNT_MAP, &m))
		die("map", strerror(errno));
	intf = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, m.fd, 0);
	close(m.fd);
	if (intf == MAP_FAILED)
		die("map", strerror(errno));
}

static void introduce(const char *name)
{
	char p[64], out[XENSTORE_PAYLOAD_MAX + 1];
	int l = snprintf(p, sizeof(p), "%u%c%lu%c%u", domid, '\0',
			 (unsigned long)HOIST_GUEST_STORE_PFN, '\0', port);
	uint32_t t = call(XS_INTRODUCE, p, (size_t)l + 1, out);

	result(name, t == XS_INTRODUCE && !strcmp(out, "OK"), out);
}

int main(int argc, char **argv)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	char out[XENSTORE_PAYLOAD_MAX + 1], want[64], p[32];
	struct hoist_domid id;
	uint32_t t, rid;

	if (argc != 2 || strlen(argv[1]) >= sizeof(a.sun_path)) {
		fprintf(stderr, "usage: xs-ring SOCKET\n");
		return 2;
	}
	hfd = open("/dev/hoist", O_RDWR);
	if (hfd < 0)
		die("open", strerror(errno));
	strcpy(a.sun_path, argv[1]);
	sfd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (sfd < 0 || connect(sfd, (struct sockaddr *)&a, sizeof(a)))
		die("connect", strerror(errno));
	call(XS_WATCH, "@introduceDomain\0i", 19, out);
	call(XS_WATCH, "@releaseDomain\0r", 17, out);
	while (event("@releaseDomain", 200) || event("@introduceDomain", 10))
		;	/* the registrations' own events */

	build_domain();
	/* The guest's requests, queued before the daemon maps the ring. */
	snprintf(p, sizeof(p), "%u", domid);
	guest_req(XS_GET_DOMAIN_PATH, 11, p, strlen(p) + 1);
	guest_req(XS_WRITE, 12, "data/x\0" "1", 8);	/* no home yet: EACCES */
	guest_req(XS_INTRODUCE, 13, "1\0" "2\0" "3", 7);	/* a guest: EACCES */
	introduce("introduce");
	result("introduce-event", event("@introduceDomain", 2000), "no @introduceDomain");

	t = guest_get(out, &rid);
	snprintf(want, sizeof(want), "/local/domain/%u", domid);
	result("ring-domain-path", t == XS_GET_DOMAIN_PATH && rid == 11 && !strcmp(out, want),
	       out);
	t = guest_get(out, &rid);
	result("ring-write-eacces", t == XS_ERROR && rid == 12 && !strcmp(out, "EACCES"), out);
	t = guest_get(out, &rid);
	result("ring-introduce-eacces", t == XS_ERROR && rid == 13 && !strcmp(out, "EACCES"),
	       out);
	result("ring-indices", intf->req_cons == intf->req_prod, "requests left unread");

	t = call(XS_IS_DOMAIN_INTRODUCED, p, strlen(p) + 1, out);
	result("introduced", t == XS_IS_DOMAIN_INTRODUCED && !strcmp(out, "T"), out);
	t = call(XS_CONTROL, "stats", 6, out);
	result("stats-connections", strstr(out, "connections 2\n") != NULL, out);
	t = call(XS_RELEASE, p, strlen(p) + 1, out);
	result("release", t == XS_RELEASE && !strcmp(out, "OK"), out);
	result("release-event", event("@releaseDomain", 2000), "no @releaseDomain");
	t = call(XS_IS_DOMAIN_INTRODUCED, p, strlen(p) + 1, out);
	result("released", !strcmp(out, "F"), out);
	t = call(XS_CONTROL, "stats", 6, out);
	result("release-connections", strstr(out, "connections 1\n") != NULL, out);

	/* Introduced again, then destroyed without RELEASE: the daemon notices. */
	introduce("introduce-again");
	event("@introduceDomain", 2000);
	munmap(intf, 4096);
	id = (struct hoist_domid){ .domid = domid };
	if (ioctl(hfd, HOIST_IOC_DOMAIN_DESTROY, &id))
		die("destroy", strerror(errno));
	result("destroy-event", event("@releaseDomain", 5000), "no @releaseDomain after destroy");
	t = call(XS_IS_DOMAIN_INTRODUCED, p, strlen(p) + 1, out);
	result("destroyed-released", !strcmp(out, "F"), out);
	t = call(XS_CONTROL, "stats", 6, out);
	result("destroy-connections", strstr(out, "connections 1\n") != NULL, out);
	return failed;
}
