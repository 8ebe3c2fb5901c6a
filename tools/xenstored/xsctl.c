/*
 * hoist-xsctl: a small xenstore client for what xenstore-utils cannot do.
 *
 *   hoist-xsctl [-s SOCKET] stats                 CONTROL stats (nodes, connections...)
 *   hoist-xsctl [-s SOCKET] bench N PATH          N READs, microseconds per round trip
 *   hoist-xsctl [-s SOCKET] write PATH VALUE | read PATH
 *   hoist-xsctl [-s SOCKET] as DOMID COMMAND...   COMMAND as domain DOMID
 *                                                 (CONTROL become)
 *   hoist-xsctl [-s SOCKET] oversize              a header announcing 4097 bytes:
 *                                                 exits 0 if the daemon hangs up
 *
 * The socket is -s, else $XENSTORED_PATH, else /var/run/xenstored/socket, as
 * libxenstore finds it.  An XS_ERROR reply prints its name and exits 1.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <hoist/xs_wire.h>

static int fd;
static uint32_t next_req = 1;
static char rbuf[XENSTORE_PAYLOAD_MAX + 1];

static int full(ssize_t (*io)(int, void *, size_t), void *p, size_t len)
{
	while (len) {
		ssize_t n = io(fd, p, len);

		if (n <= 0)
			return -1;
		p = (char *)p + n;
		len -= (size_t)n;
	}
	return 0;
}

static ssize_t wr(int f, void *p, size_t l)
{
	return write(f, p, l);
}

/* One request; the reply's payload in rbuf (NUL added); its type returned. */
static int call(uint32_t type, const void *p1, size_t l1, const void *p2, size_t l2,
		uint32_t *len)
{
	struct xsd_sockmsg h = { type, next_req++, 0, (uint32_t)(l1 + l2) };
	char buf[sizeof(h) + XENSTORE_PAYLOAD_MAX];

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), p1, l1);
	if (l2)
		memcpy(buf + sizeof(h) + l1, p2, l2);
	if (full(wr, buf, sizeof(h) + l1 + l2))
		goto broken;
	for (;;) {
		struct xsd_sockmsg r;

		if (full(read, &r, sizeof(r)) || r.len > XENSTORE_PAYLOAD_MAX ||
		    full(read, rbuf, r.len))
			goto broken;
		rbuf[r.len] = '\0';
		if (r.type == XS_WATCH_EVENT)
			continue;
		if (r.req_id != h.req_id) {
			fprintf(stderr, "hoist-xsctl: reply to request %u, expected %u\n",
				r.req_id, h.req_id);
			exit(1);
		}
		*len = r.len;
		return (int)r.type;
	}
broken:
	fprintf(stderr, "hoist-xsctl: connection lost\n");
	exit(1);
}

static int check(int type, const char *what)
{
	if (type == XS_ERROR) {
		printf("%s\n", rbuf);
		fprintf(stderr, "hoist-xsctl: %s: %s\n", what, rbuf);
		exit(1);
	}
	return type;
}

static int usage(void)
{
	fprintf(stderr, "usage: hoist-xsctl [-s SOCKET] [as DOMID] COMMAND\n"
		"  COMMAND: stats | bench N PATH | write PATH VALUE | read PATH | oversize\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	const char *path = getenv("XENSTORED_PATH");
	uint32_t len;
	int i = 1;

	if (!path)
		path = "/var/run/xenstored/socket";	/* libxenstore's default */
	if (argc > 2 && !strcmp(argv[1], "-s")) {
		path = argv[2];
		i = 3;
	}
	if (i >= argc || strlen(path) >= sizeof(a.sun_path))
		return usage();
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		perror(path);
		return 1;
	}
	/* "as DOMID CMD...": CONTROL become first, then CMD as that domain. */
	if (!strcmp(argv[i], "as") && argc >= i + 3) {
		char cmd[32];
		int l = snprintf(cmd, sizeof(cmd), "become%c%s", '\0', argv[i + 1]);

		check(call(XS_CONTROL, cmd, (size_t)l + 1, NULL, 0, &len), "become");
		i += 2;
	}
	if (!strcmp(argv[i], "write") && argc == i + 3) {
		check(call(XS_WRITE, argv[i + 1], strlen(argv[i + 1]) + 1, argv[i + 2],
			   strlen(argv[i + 2]), &len), "write");
		return 0;
	}
	if (!strcmp(argv[i], "read") && argc == i + 2) {
		check(call(XS_READ, argv[i + 1], strlen(argv[i + 1]) + 1, NULL, 0, &len), "read");
		fwrite(rbuf, 1, len, stdout);
		putchar('\n');
		return 0;
	}
	if (!strcmp(argv[i], "stats") && argc == i + 1) {
		check(call(XS_CONTROL, "stats", 6, NULL, 0, &len), "stats");
		fputs(rbuf, stdout);
		return 0;
	}
	if (!strcmp(argv[i], "oversize") && argc == i + 1) {
		struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
		char c;

		if (full(wr, &h, sizeof(h)))
			return 1;
		if (read(fd, &c, 1) != 0) {
			fprintf(stderr, "hoist-xsctl: the daemon kept the connection\n");
			return 1;
		}
		return 0;
	}
	if (!strcmp(argv[i], "bench") && argc == i + 3) {
		long n = atol(argv[i + 1]);
		struct timespec t0, t1;
		double us;

		if (n <= 0)
			return usage();
		check(call(XS_READ, argv[i + 2], strlen(argv[i + 2]) + 1, NULL, 0, &len), "read");
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (long k = 0; k < n; k++)
			call(XS_READ, argv[i + 2], strlen(argv[i + 2]) + 1, NULL, 0, &len);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		us = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) /
		     1e3 / (double)n;
		printf("xs-read-roundtrip: %.1f us (%ld reads)\n", us, n);
		return 0;
	}
	return usage();
}
