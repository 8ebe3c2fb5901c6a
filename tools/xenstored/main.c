/*
 * hoist-xenstored: the xenstore daemon (docs/man/hoist-xenstored.8).
 * One thread, one epoll loop: the unix socket's clients (dom0, privileged)
 * and the guests' rings, woken by their event channels.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <hoist/ioctl.h>

#include "dev.h"
#include "domain.h"
#include "store.h"

#define DEFAULT_SOCKET	"/run/xenstored/socket"

struct sock {
	int fd;
	struct xs_conn *conn;
	bool want_out;
	struct sock *next;
};

static FILE *log_out;
static struct xs_store store;
static struct xsd_domains domains;
static struct xsd_dev dev = { -1, -1, -1 };
static bool have_dev;
static struct sock *socks;
static int epfd;
/* epoll tags for the descriptors that are not clients */
static int tag_listen, tag_signal, tag_evtchn, tag_events;

/*
 * A destroyed domain's store page is taken from us (the grant map then
 * SIGBUSes): the handler leaves the ring access for the main loop, which
 * drops that domain.  Only ring.c's copies touch the page, and they hold
 * no lock and allocate nothing, so jumping out of them is safe.
 */
static sigjmp_buf bus_env;

static void on_sigbus(int sig)
{
	(void)sig;
	if (!domains.touching)
		abort();	/* not a ring access: a real bug */
	siglongjmp(bus_env, 1);
}

static void logmsg(const char *fmt, ...)
{
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;
	va_list ap;

	if (!log_out)
		return;
	strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", gmtime_r(&now, &tm));
	fprintf(log_out, "%s hoist-xenstored: ", ts);
	va_start(ap, fmt);
	vfprintf(log_out, fmt, ap);
	va_end(ap);
	fputc('\n', log_out);
	fflush(log_out);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: hoist-xenstored [--socket PATH] [--pid-file PATH] [--log FILE]\n"
		"                       [--foreground] [--no-domains] [--device PATH]\n");
}

static int watch_fd(int fd, void *tag, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = tag };

	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

static void sock_close(struct sock *s)
{
	struct sock **pp;

	for (pp = &socks; *pp != s; pp = &(*pp)->next)
		;
	*pp = s->next;
	epoll_ctl(epfd, EPOLL_CTL_DEL, s->fd, NULL);
	close(s->fd);
	xs_conn_free(s->conn);
	free(s);
}

static void sock_accept(int lfd)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct sock *s;

	if (fd < 0)
		return;
	s = calloc(1, sizeof(*s));
	if (s)
		s->conn = xs_conn_new(&store, 0);
	if (!s || !s->conn || watch_fd(fd, s, EPOLLIN)) {
		if (s && s->conn)
			xs_conn_free(s->conn);
		free(s);
		close(fd);
		logmsg("client refused: out of memory");
		return;
	}
	s->fd = fd;
	s->next = socks;
	socks = s;
}

/* Writes s's queue; false once the client is gone. */
static bool sock_flush(struct sock *s)
{
	bool want;

	for (;;) {
		size_t len;
		const void *p = xs_conn_peek(s->conn, &len);
		ssize_t n;

		if (s->conn->dead)
			return false;
		if (!p)
			break;
		n = send(s->fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0)
			return false;
		xs_conn_consume(s->conn, (size_t)n);
	}
	want = xs_conn_peek(s->conn, &(size_t){ 0 }) != NULL;
	if (want != s->want_out) {
		struct epoll_event ev = { .events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = s };

		epoll_ctl(epfd, EPOLL_CTL_MOD, s->fd, &ev);
		s->want_out = want;
	}
	return true;
}

static bool sock_read(struct sock *s)
{
	char buf[8192];
	ssize_t n = recv(s->fd, buf, sizeof(buf), 0);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR;
	if (n == 0)
		return false;
	xs_conn_input(s->conn, buf, (size_t)n);
	return !s->conn->dead;
}

static void flush_all(void)
{
	struct sock *s = socks, *next;

	for (; s; s = next) {
		next = s->next;
		if (!sock_flush(s))
			sock_close(s);
	}
	if (have_dev)
		xsd_domains_flush(&domains);
}

static int listen_on(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	char dir[sizeof(a.sun_path)];
	char *slash;
	int fd;

	if (strlen(path) >= sizeof(a.sun_path)) {
		fprintf(stderr, "hoist-xenstored: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(a.sun_path, path);
	strcpy(dir, path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0755);	/* /run/xenstored on a fresh boot */
	}
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    chmod(path, 0600) || listen(fd, 64)) {
		fprintf(stderr, "hoist-xenstored: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void stats_line(const char *why)
{
	char buf[256];
	unsigned int doms = 0;

	for (struct xsd_domain *x = domains.list; x; x = x->next)
		doms++;
	xs_store_stats(&store, buf, sizeof(buf));
	for (char *p = buf; (p = strchr(p, '\n'));)
		*p = p[1] ? ',' : '\0';
	logmsg("%s: %s, domains %u", why, buf, doms);
}

static void write_pid(const char *path, pid_t pid)
{
	FILE *f = path ? fopen(path, "w") : NULL;

	if (f) {
		fprintf(f, "%ld\n", (long)pid);
		fclose(f);
	}
}

/* The loop, until SIGTERM or SIGINT. */
static void serve(int lfd, int sfd)
{
	static volatile bool running = true;

	signal(SIGBUS, on_sigbus);
	if (sigsetjmp(bus_env, 1)) {
		xsd_domain_lost(&domains, domains.touching);
		/* Kicks of this round may be lost: every ring gets one. */
		for (struct xsd_domain *x = domains.list; x; x = x->next)
			if (x->intf)
				xsd_domains_kick(&domains, x->local_port);
		flush_all();	/* @releaseDomain to its watchers */
	}
	while (running) {
		struct epoll_event ev[32];
		int timeout = have_dev && xsd_domains_busy(&domains) ? 0 : -1;
		int n = epoll_wait(epfd, ev, 32, timeout);

		if (n < 0 && errno != EINTR)
			break;
		for (int i = 0; i < n; i++) {
			void *tag = ev[i].data.ptr;

			if (tag == &tag_listen) {
				sock_accept(lfd);
			} else if (tag == &tag_signal) {
				struct signalfd_siginfo si;

				while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
					if (si.ssi_signo == SIGUSR1 || si.ssi_signo == SIGHUP)
						stats_line("stats");
					else
						running = false;
				}
			} else if (tag == &tag_evtchn) {
				uint32_t ports[64];
				int k = xsd_dev_pending(&dev, ports, 64);

				for (int j = 0; j < k; j++)
					xsd_domains_kick(&domains, ports[j]);
			} else if (tag == &tag_events) {
				if (xsd_dev_domains_changed(&dev))
					xsd_domains_reap(&domains, xsd_dev_alive, &dev);
			} else {
				struct sock *s = tag;

				if ((ev[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && !sock_read(s))
					s->conn->dead = true;
			}
		}
		/* A ring out of budget last time gets its turn. */
		if (have_dev && timeout == 0)
			for (struct xsd_domain *x = domains.list; x; x = x->next)
				if (x->intf)
					xsd_domains_kick(&domains, x->local_port);
		flush_all();
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "pid-file", required_argument, NULL, 'p' },
		{ "log", required_argument, NULL, 'l' },
		{ "foreground", no_argument, NULL, 'F' },
		{ "no-domains", no_argument, NULL, 'N' },
		{ "device", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sock_path = DEFAULT_SOCKET, *pid_file = NULL, *log_file = NULL;
	const char *dev_path = HOIST_DEVICE;
	bool foreground = false, domains_on = true;
	struct xsd_dev_ops ops;
	sigset_t mask;
	int c, lfd, sfd;

	while ((c = getopt_long(argc, argv, "s:p:l:FNd:h", opts, NULL)) != -1) {
		switch (c) {
		case 's': sock_path = optarg; break;
		case 'p': pid_file = optarg; break;
		case 'l': log_file = optarg; break;
		case 'F': foreground = true; break;
		case 'N': domains_on = false; break;
		case 'd': dev_path = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	log_out = stderr;
	if (log_file) {
		log_out = fopen(log_file, "a");
		if (!log_out) {
			fprintf(stderr, "hoist-xenstored: %s: %s\n", log_file, strerror(errno));
			return 1;
		}
	}
	if (xs_store_init(&store)) {
		fprintf(stderr, "hoist-xenstored: out of memory\n");
		return 1;
	}
	store.log = logmsg;
	lfd = listen_on(sock_path);
	if (lfd < 0)
		return 1;
	if (domains_on) {
		int err = xsd_dev_open(&dev, dev_path);

		if (err) {
			logmsg("%s: %s: serving the socket only (no guest rings)", dev_path,
			       strerror(err));
		} else {
			have_dev = true;
		}
	}
	xsd_dev_ops(&dev, &ops);
	xsd_domains_init(&domains, &store, &ops);
	domains.log = logmsg;
	if (!have_dev)	/* INTRODUCE answers ENOSYS without the device */
		store.hooks.introduce = NULL;

	/* Logged before the fork: once we return, the log says it. */
	logmsg("listening on %s%s%s", sock_path, have_dev ? ", guest rings through " : "",
	       have_dev ? dev_path : "");

	if (!foreground) {
		pid_t pid = fork();

		if (pid < 0)
			return 1;
		if (pid > 0) {
			/* Written before we return: whoever started us may read it. */
			write_pid(pid_file, pid);
			return 0;	/* the socket is listening: clients may come */
		}
		setsid();
		/*
		 * Without --log, standard error stays the log when it is a file
		 * or pipe (the toolstack's launch log), not a terminal.
		 */
		bool keep_err = !log_file && !isatty(STDERR_FILENO);

		if (!log_file && !keep_err)
			log_out = NULL;
		int nul = open("/dev/null", O_RDWR);

		if (nul >= 0) {
			dup2(nul, 0);
			dup2(nul, 1);
			if (!keep_err)
				dup2(nul, 2);
			if (nul > 2)
				close(nul);
		}
	}
	if (foreground)
		write_pid(pid_file, getpid());

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGUSR1);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (sfd < 0 || epfd < 0 || watch_fd(lfd, &tag_listen, EPOLLIN) ||
	    watch_fd(sfd, &tag_signal, EPOLLIN) ||
	    (have_dev && watch_fd(dev.evtchn_fd, &tag_evtchn, EPOLLIN)) ||
	    (have_dev && dev.events_fd >= 0 && watch_fd(dev.events_fd, &tag_events, EPOLLIN))) {
		logmsg("epoll: %s", strerror(errno));
		return 1;
	}

	serve(lfd, sfd);
	stats_line("exiting");
	while (socks)
		sock_close(socks);
	xsd_domains_free(&domains);
	xs_store_free(&store);
	if (have_dev)
		xsd_dev_close(&dev);
	unlink(sock_path);
	if (pid_file)
		unlink(pid_file);
	return 0;
}
