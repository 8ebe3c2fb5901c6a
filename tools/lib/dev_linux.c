/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* The real /dev/hoist: open(2), ioctl(2), close(2), errors as -errno. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lib/dev.h"

static int linux_open(void)
{
	int fd;

	do
		fd = open(HOIST_DEVICE, O_RDWR | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	return fd < 0 ? -errno : fd;
}

static int linux_ioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do
		ret = ioctl(fd, req, arg);
	while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

static void linux_close(int fd)
{
	close(fd);
}

const struct hoist_dev_ops hoist_dev_linux_ops = {
	.open = linux_open,
	.ioctl = linux_ioctl,
	.close = linux_close,
};
