// SPDX-License-Identifier: GPL-2.0
/*
 * evtchn-tool: dom0's end of event channels with a domU, through the
 * module's fd API (HOIST_IOC_EVTCHN_*, HOIST_IOC_DOMAIN_EVENTS), for the
 * evtchn scenario; guests/evtpeer is the other end.  Every wait has a
 * timeout, so a lost event is a failure, not a hang.  Exit status 0 when
 * every check held; each failure is a line on stderr.
 *
 *   round DOMID PORT [hold]   bind; dom0's port is readable at once (the
 *       bind marks it pending); read it, write it back; notify the guest;
 *       its send makes poll() wake and read() give the port; another fd
 *       can neither notify nor unbind it; unbind.  Prints "dom0-port Q".
 *       hold: print "holding" and sleep while bound (to be killed).
 *   cycles DOMID PORT N        N binds and unbinds, each with a notify and
 *       the guest's answer; every bind gets the same dom0 port (nothing
 *       left over from the one before).
 *   closed DOMID PORT          bind and notify a guest that closes its end
 *       on that round: a notify on the dead port is 0 and no event
 *       comes; unbind works.
 *   destroyed DOMID PORT       bind, then wait for a domain event (the
 *       domain is destroyed meanwhile): notify is 0 on the dead port,
 *       unbind works, a new bind is ENOENT.  Prints "bound" once bound.
 *   alloc DOMID                HOIST_IOC_EVTCHN_ALLOC_UNBOUND, then bind
 *       the port and unbind it.
 *   bad DOMID                  refusals: unknown domain, bad ports,
 *       non-zero pad, a port of another fd, unknown ioctls; short and
 *       non-blocking reads.
 *   storm DOMID PORT N         against evtpeer storm=1 (which sends,
 *       closes and allocates its port again without pause): N cycles of
 *       bind (EINVAL while the guest's port is closed: tried again),
 *       events read and written back, notifies, unbind or close; each
 *       bound cycle must see an event.  Prints "storm N bound B events E".
 *   grab DOMID SECONDS         against a hostile guest (pvfuzz): for that
 *       long, bind every port 2..255 it can (EINVAL for the others), take
 *       every event, write it back and notify, and close the fd every few
 *       rounds.  Only EINVAL, ENOENT and ENOSPC may refuse a bind.  Prints
 *       "grab binds B events E rounds R".
 *   domevents SECONDS          wait for a domain created or destroyed;
 *       prints "changes N".
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <hoist/ioctl.h>

#define TIMEOUT_MS	10000

static int dev;
static int failures;

static void failed(const char *fmt, const char *what, long v)
{
	fprintf(stderr, "evtchn-tool: FAIL: ");
	fprintf(stderr, fmt, what, v);
	fputc('\n', stderr);
	failures++;
}

/* ioctl's errno (0 on success). */
static int err_of(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? errno : 0;
}

static void expect_errno(const char *what, int got, int want)
{
	if (got != want)
		failed("%s: errno %ld", what, got);
}

static int open_evtchn(void)
{
	int fd = ioctl(dev, HOIST_IOC_EVTCHN_OPEN);

	if (fd < 0) {
		perror("evtchn-tool: EVTCHN_OPEN");
		exit(1);
	}
	return fd;
}

static int evt_bind(int fd, uint32_t domid, uint32_t port, uint32_t *local)
{
	struct hoist_evtchn_bind b = { .domid = domid, .remote_port = port };
	int e = err_of(fd, HOIST_IOC_EVTCHN_BIND, &b);

	*local = b.port;
	return e;
}

static int port_ioctl(int fd, unsigned long cmd, uint32_t port)
{
	struct hoist_evtchn_port p = { .port = port };

	return err_of(fd, cmd, &p);
}

/* Within ms, one port readable: it, or -1. */
static long wait_read(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint32_t port;
	ssize_t n;

	if (poll(&pfd, 1, ms) != 1 || !(pfd.revents & POLLIN))
		return -1;
	n = read(fd, &port, sizeof(port));
	return n == sizeof(port) ? (long)port : -1;
}

static void unmask(int fd, uint32_t port)
{
	if (write(fd, &port, sizeof(port)) != sizeof(port))
		failed("%s: %ld", "write back", errno);
}

/* Bind, see it pending at once, notify, the guest's answer: dom0's port. */
static long bind_round(int fd, uint32_t domid, uint32_t port, bool answer)
{
	uint32_t local;
	long got;
	int e = evt_bind(fd, domid, port, &local);

	if (e) {
		failed("%s: errno %ld", "bind", e);
		return -1;
	}
	got = wait_read(fd, 0);
	if (got != local)
		failed("%s: read %ld", "pending at bind", got);
	else
		unmask(fd, local);
	e = port_ioctl(fd, HOIST_IOC_EVTCHN_NOTIFY, local);
	if (e)
		failed("%s: errno %ld", "notify", e);
	if (answer) {
		got = wait_read(fd, TIMEOUT_MS);
		if (got != local)
			failed("%s: read %ld", "the guest's send", got);
		else
			unmask(fd, local);
	}
	return local;
}

static int round_cmd(uint32_t domid, uint32_t port, bool hold)
{
	int fd = open_evtchn(), other = open_evtchn();
	long local = bind_round(fd, domid, port, true);

	if (local < 0)
		return 1;
	/* Masked until written back: a read would give nothing now. */
	fcntl(fd, F_SETFL, O_NONBLOCK);
	printf("dom0-port %ld\n", local);
	expect_errno("notify from another fd",
		     port_ioctl(other, HOIST_IOC_EVTCHN_NOTIFY, local), EINVAL);
	expect_errno("unbind from another fd",
		     port_ioctl(other, HOIST_IOC_EVTCHN_UNBIND, local), EINVAL);
	if (hold) {
		printf("holding\n");
		fflush(stdout);
		for (;;)
			pause();
	}
	expect_errno("unbind", port_ioctl(fd, HOIST_IOC_EVTCHN_UNBIND, local), 0);
	expect_errno("second unbind",
		     port_ioctl(fd, HOIST_IOC_EVTCHN_UNBIND, local), EINVAL);
	expect_errno("notify after unbind",
		     port_ioctl(fd, HOIST_IOC_EVTCHN_NOTIFY, local), EINVAL);
	close(other);
	close(fd);
	return failures != 0;
}

static int cycles_cmd(uint32_t domid, uint32_t port, long n)
{
	long first = -1;

	for (long i = 0; i < n; i++) {
		int fd = open_evtchn();
		long local = bind_round(fd, domid, port, true);

		if (local < 0)
			return 1;
		if (first < 0)
			first = local;
		else if (local != first)
			failed("%s: dom0 port %ld", "cycle's bind", local);
		/* Half by unbind, half by close: both free it. */
		if (i % 2)
			expect_errno("unbind",
				     port_ioctl(fd, HOIST_IOC_EVTCHN_UNBIND, local), 0);
		close(fd);
	}
	printf("cycles %ld dom0-port %ld\n", n, first);
	return failures != 0;
}

static int closed_cmd(uint32_t domid, uint32_t port)
{
	int fd = open_evtchn();
	long local = bind_round(fd, domid, port, false);

	if (local < 0)
		return 1;
	sleep(2);	/* the guest closes its end */
	expect_errno("notify on a dead port",
		     port_ioctl(fd, HOIST_IOC_EVTCHN_NOTIFY, local), 0);
	if (wait_read(fd, 1000) != -1)
		failed("%s: %ld", "an event on a dead port", local);
	expect_errno("unbind of a dead port",
		     port_ioctl(fd, HOIST_IOC_EVTCHN_UNBIND, local), 0);
	close(fd);
	return failures != 0;
}

static int destroyed_cmd(uint32_t domid, uint32_t port)
{
	int fd = open_evtchn(), ev = ioctl(dev, HOIST_IOC_DOMAIN_EVENTS);
	struct pollfd pfd = { .fd = ev, .events = POLLIN };
	uint32_t again;
	long local;

	if (ev < 0) {
		perror("evtchn-tool: DOMAIN_EVENTS");
		return 1;
	}
	local = bind_round(fd, domid, port, true);
	if (local < 0)
		return 1;
	printf("bound\n");
	fflush(stdout);
	if (poll(&pfd, 1, 60000) != 1) {
		failed("%s: %ld", "no domain event", 0);
		return 1;
	}
	expect_errno("notify after destroy",
		     port_ioctl(fd, HOIST_IOC_EVTCHN_NOTIFY, local), 0);
	expect_errno("bind after destroy", evt_bind(fd, domid, port, &again), ENOENT);
	expect_errno("unbind after destroy",
		     port_ioctl(fd, HOIST_IOC_EVTCHN_UNBIND, local), 0);
	close(fd);
	return failures != 0;
}

/*
 * The guest closes its port every 1000 sends, which kills the binding:
 * only the event of the bind itself is certain; a live binding brings the
 * guest's next send within STORM_MS.  Half the cycles at least must see one.
 */
#define STORM_MS	2000

static int storm_cmd(uint32_t domid, uint32_t port, long n)
{
	long bound = 0, live = 0, events = 0, tries = 0;

	for (long i = 0; i < n; i++) {
		int fd = open_evtchn(), e;
		uint32_t local;
		long got, seen = 0;

		while ((e = evt_bind(fd, domid, port, &local)) == EINVAL &&
		       ++tries < 100000)
			;
		if (e) {
			failed("%s: errno %ld", "storm bind", e);
			close(fd);
			break;
		}
		bound++;
		for (int k = 0; k < 3; k++) {
			got = wait_read(fd, k ? STORM_MS : 0);
			if (got != local) {
				if (!k)
					failed("%s: read %ld", "storm: pending at bind", got);
				break;
			}
			seen++;
			unmask(fd, local);
			expect_errno("storm notify",
				     port_ioctl(fd, HOIST_IOC_EVTCHN_NOTIFY, local), 0);
		}
		events += seen;
		live += seen > 1;
		if (i % 2)
			expect_errno("storm unbind",
				     port_ioctl(fd, HOIST_IOC_EVTCHN_UNBIND, local), 0);
		close(fd);
	}
	printf("storm %ld bound %ld live %ld events %ld binds-refused %ld\n",
	       n, bound, live, events, tries);
	if (live < n / 2)
		failed("%s: %ld cycles with the guest's send", "storm", live);
	return failures != 0;
}

static int grab_cmd(uint32_t domid, long seconds)
{
	time_t end = time(NULL) + seconds;
	long binds = 0, events = 0, rounds = 0;
	int fd = open_evtchn();

	fcntl(fd, F_SETFL, O_NONBLOCK);
	while (time(NULL) < end && !failures) {
		uint32_t buf[64], local;
		ssize_t n;

		for (uint32_t port = 2; port < 256; port++) {
			int e = evt_bind(fd, domid, port, &local);

			if (!e)
				binds++;
			else if (e != EINVAL && e != ENOENT && e != ENOSPC)
				failed("%s: errno %ld", "grab bind", e);
		}
		while ((n = read(fd, buf, sizeof(buf))) > 0) {
			for (ssize_t i = 0; i < n / 4; i++)
				expect_errno("grab notify",
					     port_ioctl(fd, HOIST_IOC_EVTCHN_NOTIFY, buf[i]), 0);
			if (write(fd, buf, n) != n)
				failed("%s: errno %ld", "grab write back", errno);
			events += n / 4;
		}
		if (n < 0 && errno != EAGAIN)
			failed("%s: errno %ld", "grab read", errno);
		if (++rounds % 4 == 0) {
			close(fd);
			fd = open_evtchn();
			fcntl(fd, F_SETFL, O_NONBLOCK);
		}
		usleep(5000);
	}
	close(fd);
	printf("grab binds %ld events %ld rounds %ld\n", binds, events, rounds);
	return failures != 0;
}

static int alloc_cmd(uint32_t domid)
{
	struct hoist_evtchn_alloc a = { .domid = domid };
	int fd = open_evtchn();
	uint32_t local;
	int e = err_of(dev, HOIST_IOC_EVTCHN_ALLOC_UNBOUND, &a);

	if (e) {
		failed("%s: errno %ld", "alloc unbound", e);
		return 1;
	}
	printf("allocated %u\n", a.port);
	if (a.port < 2)
		failed("%s: port %ld (1 is the console's)", "alloc", a.port);
	expect_errno("bind the allocated port", evt_bind(fd, domid, a.port, &local), 0);
	expect_errno("bind it twice", evt_bind(fd, domid, a.port, &local), EINVAL);
	close(fd);
	return failures != 0;
}

static int bad_cmd(uint32_t domid)
{
	struct hoist_evtchn_alloc a = { .domid = 999 };
	struct hoist_evtchn_bind b = { .domid = domid, .remote_port = 1, .pad = 1 };
	struct hoist_evtchn_port p = { .port = 1, .pad = 1 };
	int fd = open_evtchn();
	uint32_t local, buf[4];

	expect_errno("alloc in no domain",
		     err_of(dev, HOIST_IOC_EVTCHN_ALLOC_UNBOUND, &a), ENOENT);
	expect_errno("alloc in dom0", (a.domid = 0,
		     err_of(dev, HOIST_IOC_EVTCHN_ALLOC_UNBOUND, &a)), ENOENT);
	expect_errno("bind in no domain", evt_bind(fd, 999, 2, &local), ENOENT);
	expect_errno("bind port 0", evt_bind(fd, domid, 0, &local), EINVAL);
	expect_errno("bind port 100000", evt_bind(fd, domid, 100000, &local), EINVAL);
	/* The console port is the hypervisor's, never unbound. */
	expect_errno("bind the console port", evt_bind(fd, domid, 1, &local), EINVAL);
	expect_errno("bind a free port", evt_bind(fd, domid, 200, &local), EINVAL);
	expect_errno("bind with pad", err_of(fd, HOIST_IOC_EVTCHN_BIND, &b), EINVAL);
	expect_errno("unbind with pad", err_of(fd, HOIST_IOC_EVTCHN_UNBIND, &p), EINVAL);
	for (uint32_t port = 0; port < 1030; port += 7) {
		expect_errno("unbind a port not ours",
			     port_ioctl(fd, HOIST_IOC_EVTCHN_UNBIND, port), EINVAL);
		expect_errno("notify a port not ours",
			     port_ioctl(fd, HOIST_IOC_EVTCHN_NOTIFY, port), EINVAL);
	}
	expect_errno("DOMAIN_INFO on an evtchn fd",
		     err_of(fd, HOIST_IOC_INFO, buf), ENOTTY);
	expect_errno("bind on /dev/hoist", err_of(dev, HOIST_IOC_EVTCHN_BIND, &b),
		     ENOTTY);
	if (read(fd, buf, 3) != 0)
		failed("%s: %ld", "a 3-byte read", errno);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	if (read(fd, buf, sizeof(buf)) != -1 || errno != EAGAIN)
		failed("%s: errno %ld", "a non-blocking read of nothing", errno);
	/* Ports not ours written back: ignored. */
	buf[0] = 5;
	buf[1] = 0xffffffffu;
	if (write(fd, buf, 8) != 8)
		failed("%s: errno %ld", "write of ports not ours", errno);
	close(fd);
	return failures != 0;
}

static int domevents_cmd(long seconds)
{
	int ev = ioctl(dev, HOIST_IOC_DOMAIN_EVENTS);
	struct pollfd pfd = { .fd = ev, .events = POLLIN };
	uint64_t n;

	if (ev < 0) {
		perror("evtchn-tool: DOMAIN_EVENTS");
		return 1;
	}
	printf("waiting\n");
	fflush(stdout);
	if (poll(&pfd, 1, (int)seconds * 1000) != 1) {
		failed("%s: %ld s", "no domain event", seconds);
		return 1;
	}
	if (read(ev, &n, 4) != -1 || errno != EINVAL)
		failed("%s: errno %ld", "a 4-byte read", errno);
	if (read(ev, &n, sizeof(n)) != sizeof(n) || !n)
		failed("%s: errno %ld", "read", errno);
	printf("changes %llu\n", (unsigned long long)n);
	fcntl(ev, F_SETFL, O_NONBLOCK);
	if (read(ev, &n, sizeof(n)) != -1 || errno != EAGAIN)
		failed("%s: errno %ld", "a second read", errno);
	return failures != 0;
}

int main(int argc, char **argv)
{
	uint32_t domid = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 0) : 0;
	uint32_t port = argc > 3 ? (uint32_t)strtoul(argv[3], NULL, 0) : 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	dev = open("/dev/hoist", O_RDWR);
	if (dev < 0 || argc < 3) {
		fprintf(stderr, "usage: evtchn-tool round|cycles|closed|destroyed|storm|grab|alloc|bad|domevents ...\n");
		return 2;
	}
	if (!strcmp(argv[1], "round") && argc >= 4)
		return round_cmd(domid, port, argc > 4 && !strcmp(argv[4], "hold"));
	if (!strcmp(argv[1], "cycles") && argc == 5)
		return cycles_cmd(domid, port, strtol(argv[4], NULL, 0));
	if (!strcmp(argv[1], "closed") && argc == 4)
		return closed_cmd(domid, port);
	if (!strcmp(argv[1], "destroyed") && argc == 4)
		return destroyed_cmd(domid, port);
	if (!strcmp(argv[1], "storm") && argc == 5)
		return storm_cmd(domid, port, strtol(argv[4], NULL, 0));
	if (!strcmp(argv[1], "grab") && argc == 4)
		return grab_cmd(domid, strtol(argv[3], NULL, 0));
	if (!strcmp(argv[1], "alloc"))
		return alloc_cmd(domid);
	if (!strcmp(argv[1], "bad"))
		return bad_cmd(domid);
	if (!strcmp(argv[1], "domevents"))
		return domevents_cmd(strtol(argv[2], NULL, 0));
	fprintf(stderr, "evtchn-tool: bad command\n");
	return 2;
}
