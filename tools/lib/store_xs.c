/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The real store: libxenstore (Debian libxen-dev, linked statically)
 * against hoist-xenstored's Unix socket.  XS_OPEN_SOCKETONLY: dom0 has no
 * /dev/xen/xenbus under Hoist, and a socket that does not connect is
 * exactly "the daemon is not running".
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xenstore.h>

#include "lib/store.h"

/* How long launch waits for the new daemon's socket, in 50 ms polls. */
#define LAUNCH_POLL_MS		50
#define LAUNCH_POLLS		100	/* 5 s */
#define LAUNCH_LOG_DIR		"/var/log/hoist"
#define LAUNCH_LOG		LAUNCH_LOG_DIR "/xenstored.log"

static int err_or(int fallback)
{
	return errno ? -errno : fallback;
}

static struct store *xs_ops_open(int *err)
{
	struct xs_handle *h;

	errno = 0;
	h = xs_open(XS_OPEN_SOCKETONLY);
	if (!h)
		*err = err_or(-ECONNREFUSED);
	return (struct store *)h;
}

static void xs_ops_close(struct store *s)
{
	xs_close((struct xs_handle *)s);
}

static int xs_ops_tx_start(struct store *s, uint32_t *tx)
{
	xs_transaction_t t;

	errno = 0;
	t = xs_transaction_start((struct xs_handle *)s);
	if (t == XBT_NULL)
		return err_or(-EIO);
	*tx = t;
	return 0;
}

static int xs_ops_tx_end(struct store *s, uint32_t tx, int abort)
{
	errno = 0;
	return xs_transaction_end((struct xs_handle *)s, tx, abort != 0) ?
	       0 : err_or(-EIO);
}

static int xs_ops_write(struct store *s, uint32_t tx, const char *path,
			const char *value)
{
	errno = 0;
	return xs_write((struct xs_handle *)s, tx, path, value,
			strlen(value)) ? 0 : err_or(-EIO);
}

static int xs_ops_mkdir(struct store *s, uint32_t tx, const char *path)
{
	errno = 0;
	return xs_mkdir((struct xs_handle *)s, tx, path) ? 0 : err_or(-EIO);
}

#define XS_OPS_MAX_PERMS	8

static int xs_ops_set_perms(struct store *s, uint32_t tx, const char *path,
			    const struct store_perm *perms, unsigned n)
{
	struct xs_permissions p[XS_OPS_MAX_PERMS];
	unsigned i;

	if (!n || n > XS_OPS_MAX_PERMS)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		p[i].id = perms[i].domid;
		p[i].perms = perms[i].perms;
	}
	errno = 0;
	return xs_set_permissions((struct xs_handle *)s, tx, path, p, n) ?
	       0 : err_or(-EIO);
}

static int xs_ops_read(struct store *s, uint32_t tx, const char *path,
		       char **value)
{
	unsigned len;
	char *v;

	errno = 0;
	/* libxenstore NUL-terminates what it returns. */
	v = xs_read((struct xs_handle *)s, tx, path, &len);
	if (!v)
		return err_or(-EIO);
	*value = v;
	return 0;
}

static int xs_ops_rm(struct store *s, uint32_t tx, const char *path)
{
	errno = 0;
	return xs_rm((struct xs_handle *)s, tx, path) ? 0 : err_or(-EIO);
}

static int xs_ops_introduce(struct store *s, uint32_t domid, uint64_t gfn,
			    uint32_t port)
{
	errno = 0;
	return xs_introduce_domain((struct xs_handle *)s, domid,
				   (unsigned long)gfn, port) ? 0 : err_or(-EIO);
}

static int xs_ops_release(struct store *s, uint32_t domid)
{
	errno = 0;
	return xs_release_domain((struct xs_handle *)s, domid) ?
	       0 : err_or(-EIO);
}

/*
 * The daemon next to this binary (the initramfs and `make` put both in
 * one directory), else the one on $PATH.
 */
static void daemon_path(char *path, size_t size)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	snprintf(path, size, "%s", STORE_DAEMON);
	if (n <= 0)
		return;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return;
	*slash = '\0';
	if (snprintf(path, size, "%s/%s", self, STORE_DAEMON) < (int)size &&
	    access(path, X_OK) == 0)
		return;
	snprintf(path, size, "%s", STORE_DAEMON);
}

/* mkdir -p of the socket's directory (/var/run/xenstored): a minimal
 * root may lack /var/run, and the daemon makes only the last level. */
static void socket_dir(const char *socket_path)
{
	char dir[PATH_MAX];
	char *p;

	if (snprintf(dir, sizeof(dir), "%s", socket_path) >= (int)sizeof(dir))
		return;
	p = strrchr(dir, '/');
	if (!p || p == dir)
		return;
	*p = '\0';
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0755);
		*p = '/';
	}
	mkdir(dir, 0755);
}

static void child_output(void)
{
	int fd = open("/dev/null", O_RDONLY);

	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
	mkdir(LAUNCH_LOG_DIR, 0755);
	fd = open(LAUNCH_LOG, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (fd < 0)
		fd = open("/dev/null", O_WRONLY);
	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
}

/*
 * Fork, setsid, fork again (init adopts the daemon), exec
 * "hoist-xenstored --socket SOCKET".  The pipe
 * (close-on-exec) carries exec's errno back: EOF means it ran.
 */
static int spawn(const char *path, const char *socket_path)
{
	int pfd[2], status, err = 0;
	pid_t pid;
	ssize_t n;

	if (pipe(pfd))
		return -errno;
	fcntl(pfd[1], F_SETFD, FD_CLOEXEC);
	pid = fork();
	if (pid < 0) {
		err = -errno;
		close(pfd[0]);
		close(pfd[1]);
		return err;
	}
	if (pid == 0) {
		close(pfd[0]);
		setsid();
		if (fork() != 0)
			_exit(0);
		if (chdir("/"))
			_exit(127);
		child_output();
		socket_dir(socket_path);
		if (strchr(path, '/'))
			execl(path, path, "--socket", socket_path, (char *)NULL);
		else
			execlp(path, path, "--socket", socket_path,
			       (char *)NULL);
		err = errno;
		n = write(pfd[1], &err, sizeof(err));
		(void)n;
		_exit(127);
	}
	close(pfd[1]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	do
		n = read(pfd[0], &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	close(pfd[0]);
	return n == sizeof(err) ? -err : 0;
}

static void nap_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int xs_ops_launch(char *why, size_t size)
{
	char path[PATH_MAX];
	struct xs_handle *h;
	int ret, i;

	daemon_path(path, sizeof(path));
	/* The socket libxenstore will look for (/var/run/xenstored/socket,
	 * or XENSTORED_PATH): the daemon's own default may differ. */
	ret = spawn(path, xs_daemon_socket());
	if (ret) {
		snprintf(why, size, "cannot run %s: %s", path, strerror(-ret));
		return ret;
	}
	for (i = 0; i < LAUNCH_POLLS; i++) {
		h = xs_open(XS_OPEN_SOCKETONLY);
		if (h) {
			xs_close(h);
			return 0;
		}
		nap_ms(LAUNCH_POLL_MS);
	}
	snprintf(why, size, "started %s, but its socket %s did not answer "
		 "within %d s (see %s)", path, xs_daemon_socket(),
		 LAUNCH_POLLS * LAUNCH_POLL_MS / 1000, LAUNCH_LOG);
	return -ETIMEDOUT;
}

const struct store_ops store_xs_ops = {
	.open = xs_ops_open,
	.close = xs_ops_close,
	.launch = xs_ops_launch,
	.tx_start = xs_ops_tx_start,
	.tx_end = xs_ops_tx_end,
	.write = xs_ops_write,
	.mkdir = xs_ops_mkdir,
	.set_perms = xs_ops_set_perms,
	.read = xs_ops_read,
	.rm = xs_ops_rm,
	.introduce = xs_ops_introduce,
	.release = xs_ops_release,
};
