/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Requests to /dev/hoist: builds each ioctl argument exactly as ioctl.h
 * wants it (pads zeroed, lengths in range) and distrusts the reply where
 * a bad one could make the tool read past a buffer.
 */
#include <errno.h>
#include <string.h>

#include "lib/dev.h"

int hoist_dev_open(struct hoist_dev *dev, const struct hoist_dev_ops *ops)
{
	int fd = ops->open();

	dev->ops = ops;
	dev->fd = -1;
	if (fd < 0)
		return fd;
	dev->fd = fd;
	return 0;
}

void hoist_dev_close(struct hoist_dev *dev)
{
	if (dev->fd >= 0)
		dev->ops->close(dev->fd);
	dev->fd = -1;
}

int hoist_dev_not_loaded(int err)
{
	/*
	 * ENOENT: no device node (devtmpfs removes it on rmmod).  ENODEV and
	 * ENXIO: a stale node left in a static /dev with no driver behind it.
	 */
	return err == -ENOENT || err == -ENODEV || err == -ENXIO;
}

int hoist_dev_info(struct hoist_dev *dev, struct hoist_info *info)
{
	int ret;

	memset(info, 0, sizeof(*info));
	ret = dev->ops->ioctl(dev->fd, HOIST_IOC_INFO, info);
	/* The version suffix is printed as a string: never trust the NUL. */
	info->extra[sizeof(info->extra) - 1] = '\0';
	return ret;
}

int hoist_dev_log_read(struct hoist_dev *dev, char *buf, size_t len,
		       int clear, size_t *copied)
{
	struct hoist_log_req req;
	int ret;

	*copied = 0;
	if (len < 1 || len > HOIST_LOG_MAX)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	req.buf = (uint64_t)(uintptr_t)buf;
	req.len = len;
	req.clear = clear ? 1 : 0;
	ret = dev->ops->ioctl(dev->fd, HOIST_IOC_LOG_READ, &req);
	if (ret < 0)
		return ret;
	if (req.copied > len)
		return -EIO;	/* the module claims more than fits */
	*copied = (size_t)req.copied;
	return 0;
}

int hoist_dev_cpu_stats(struct hoist_dev *dev, uint32_t cpu, uint32_t flags,
			struct hoist_cpu_stats *stats)
{
	struct hoist_stats_req req;
	int ret;

	if (flags & ~HOIST_STATS_RESET_MAX)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	req.cpu = cpu;
	req.flags = flags;
	ret = dev->ops->ioctl(dev->fd, HOIST_IOC_CPU_STATS, &req);
	if (ret < 0)
		return ret;
	*stats = req.stats;
	return 0;
}
