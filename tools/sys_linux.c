/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The real process operations behind struct sys_ops: the monitor's
 * daemonizing (as xl's do_daemonize: log file for stdout and stderr,
 * /dev/null for stdin, detached from the terminal), sleep and getpid.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hoist.h"

#define LOG_PARENT	"/var/log"
#define LOG_DIR		"/var/log/hoist"

/* /var/log/hoist/NAME.log when /var/log exists, else /dev/null. */
static int open_log(const char *name)
{
	char path[sizeof(LOG_DIR) + HOIST_NAME_MAX + 8];
	struct stat st;
	int fd = -1;

	if (!stat(LOG_PARENT, &st) && S_ISDIR(st.st_mode)) {
		mkdir(LOG_DIR, 0755);
		snprintf(path, sizeof(path), LOG_DIR "/%s.log", name);
		fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	}
	if (fd < 0)
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	return fd;
}

/* In the grandchild: new session, stdio redirected.  0 or -errno. */
static int detach(const char *name)
{
	int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int log = open_log(name);

	if (in < 0 || log < 0)
		return -errno;
	if (dup2(in, 0) < 0 || dup2(log, 1) < 0 || dup2(log, 2) < 0)
		return -errno;
	close(in);
	close(log);
	umask(022);
	return chdir("/") < 0 ? -errno : 0;
}

static int linux_daemonize(const char *name)
{
	pid_t child, pid;
	int status;

	child = fork();
	if (child < 0)
		return -errno;
	if (child == 0) {
		/* First child: leave the session, fork the monitor, go. */
		if (setsid() < 0)
			_exit(1);
		pid = fork();
		if (pid < 0)
			_exit(1);
		if (pid > 0)
			_exit(0);
		if (detach(name))
			_exit(1);
		return 0;
	}
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return -ECHILD;
	return 1;
}

static void linux_sleep(unsigned seconds)
{
	sleep(seconds);
}

static long linux_getpid(void)
{
	return (long)getpid();
}

const struct sys_ops sys_linux_ops = {
	.daemonize = linux_daemonize,
	.sleep = linux_sleep,
	.getpid = linux_getpid,
};
