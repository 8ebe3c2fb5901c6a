/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* The real host: uname(2) and small files read whole. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "lib/host.h"

static int linux_uname(struct utsname *uts)
{
	return uname(uts) < 0 ? -errno : 0;
}

static long linux_read_file(const char *path, char *buf, size_t size)
{
	size_t got = 0;
	int fd, err;

	if (size == 0)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* procfs and sysfs may hand out a file in several reads. */
	while (got < size - 1) {
		ssize_t r = read(fd, buf + got, size - 1 - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno;
			close(fd);
			return -err;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	return (long)got;
}

const struct host_ops host_linux_ops = {
	.uname = linux_uname,
	.read_file = linux_read_file,
};
