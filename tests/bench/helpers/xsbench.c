// SPDX-License-Identifier: GPL-2.0
/*
 * xsbench: the xenstore read round trip, as a Xen guest's (or dom0's) user
 * space sees it: N reads of one node through libxenstore (Debian's
 * libxen-dev), the client every Xen tool uses.  In a domU the requests go
 * through the kernel's xenbus device and the store ring; in dom0 through
 * the daemon's socket.  The same binary runs under Hoist and under Xen 4.17
 * (make bench-xen), so the two figures compare like with like.
 *
 *   xsbench [-n N] [PATH]     PATH defaults to "domid" (relative: the
 *                             domain's own /local/domain/<id>/domid)
 *
 * Prints "xsbench: read round trip <ns> ns n=<N> path=<PATH>" (the mean
 * over N after 100 warm-up reads); exits 1 with a message when the store
 * cannot be opened or a read fails.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xenstore.h>

#define WARMUP	100

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int read_once(struct xs_handle *h, const char *path)
{
	unsigned int len;
	void *v = xs_read(h, XBT_NULL, path, &len);

	if (!v) {
		fprintf(stderr, "xsbench: read %s: %s\n", path, strerror(errno));
		return -1;
	}
	free(v);
	return 0;
}

int main(int argc, char **argv)
{
	const char *path = "domid";
	unsigned long n = 1000;
	unsigned long long t0, t1;
	struct xs_handle *h;
	int i = 1;

	if (i + 1 < argc && !strcmp(argv[i], "-n")) {
		char *end;

		n = strtoul(argv[i + 1], &end, 10);
		if (*end || !n) {
			fprintf(stderr, "xsbench: bad count '%s'\n", argv[i + 1]);
			return 2;
		}
		i += 2;
	}
	if (i < argc)
		path = argv[i++];
	if (i < argc) {
		fprintf(stderr, "usage: xsbench [-n N] [PATH]\n");
		return 2;
	}
	h = xs_open(0);
	if (!h) {
		fprintf(stderr, "xsbench: cannot open the store: %s\n",
			strerror(errno));
		return 1;
	}
	for (unsigned long k = 0; k < WARMUP; k++)
		if (read_once(h, path))
			return 1;
	t0 = now_ns();
	for (unsigned long k = 0; k < n; k++)
		if (read_once(h, path))
			return 1;
	t1 = now_ns();
	xs_close(h);
	printf("xsbench: read round trip %llu ns n=%lu path=%s\n",
	       (t1 - t0) / n, n, path);
	return 0;
}
