/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A small library for talking to /dev/hoist.
 *
 * Every request goes through a table of three operations (open, ioctl,
 * close) so that unit tests can put a fake device behind the very code
 * that builds the requests and checks the replies.  All functions return
 * 0 (or a file descriptor) on success and -errno on failure.
 */
#ifndef HOIST_TOOLS_DEV_H
#define HOIST_TOOLS_DEV_H

#include <stddef.h>
#include <stdint.h>
#include <hoist/ioctl.h>

struct hoist_dev_ops {
	int (*open)(void);				/* fd or -errno */
	int (*ioctl)(int fd, unsigned long req, void *arg);	/* 0 or -errno */
	void (*close)(int fd);
};

/* The real device, through open(2) and ioctl(2) (dev_linux.c). */
extern const struct hoist_dev_ops hoist_dev_linux_ops;

struct hoist_dev {
	const struct hoist_dev_ops *ops;
	int fd;
};

int hoist_dev_open(struct hoist_dev *dev, const struct hoist_dev_ops *ops);
void hoist_dev_close(struct hoist_dev *dev);

/* True when an open error means "the module is not loaded". */
int hoist_dev_not_loaded(int err);

int hoist_dev_info(struct hoist_dev *dev, struct hoist_info *info);
/* len: 1 .. HOIST_LOG_MAX.  *copied <= len on success. */
int hoist_dev_log_read(struct hoist_dev *dev, char *buf, size_t len,
		       int clear, size_t *copied);
int hoist_dev_cpu_stats(struct hoist_dev *dev, uint32_t cpu,
			struct hoist_cpu_stats *stats);

#endif /* HOIST_TOOLS_DEV_H */
