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
/* flags: HOIST_STATS_* (-EINVAL for others). */
int hoist_dev_cpu_stats(struct hoist_dev *dev, uint32_t cpu, uint32_t flags,
			struct hoist_cpu_stats *stats);

/*
 * Domains (dev_domain.c).  Each builds its request as ioctl.h says (pads
 * zero, name NUL-terminated) and checks the reply where a bad one could
 * make the tool read past a buffer: counts above max and copied above
 * len are -EIO, names are always NUL-terminated.
 */
/* name: at most HOIST_NAME_MAX - 1 bytes, else -EINVAL. */
/* max_grant_frames: 0 for the module's default. */
int hoist_dev_domain_create(struct hoist_dev *dev, const char *name,
			    uint64_t mem_kb, uint32_t vcpus,
			    uint32_t max_grant_frames, uint32_t *domid);
int hoist_dev_domain_write(struct hoist_dev *dev, uint32_t domid,
			   uint64_t gpa, const void *buf, size_t len);
/* console_gfn: the guest's console ring page; 0 for none.  store_gfn:
 * the xenstore ring page (0: none) with the guest's store_port. */
int hoist_dev_domain_boot(struct hoist_dev *dev, uint32_t domid,
			  uint64_t entry, uint64_t start_info,
			  uint64_t console_gfn, uint64_t store_gfn,
			  uint32_t store_port);
/* A new unbound port of domid's, for dom0 to bind (the store's). */
int hoist_dev_evtchn_alloc_unbound(struct hoist_dev *dev, uint32_t domid,
				   uint32_t *port);
int hoist_dev_domain_unpause(struct hoist_dev *dev, uint32_t domid);
int hoist_dev_domain_pause(struct hoist_dev *dev, uint32_t domid);
int hoist_dev_domain_destroy(struct hoist_dev *dev, uint32_t domid);
/* Up to max domains (dom0 is never among them) into buf. */
int hoist_dev_domain_list(struct hoist_dev *dev, struct hoist_domain_info *buf,
			  uint32_t max, uint32_t *count);
int hoist_dev_vcpu_list(struct hoist_dev *dev, uint32_t domid,
			struct hoist_vcpu_info *buf, uint32_t max,
			uint32_t *count);
/* *copied == 0 after a blocking read: the domain is gone. */
int hoist_dev_console_read(struct hoist_dev *dev, uint32_t domid,
			   int nonblock, char *buf, size_t len,
			   size_t *copied);
/*
 * Console input: len 1 .. HOIST_CONSOLE_WRITE_MAX (else -EINVAL).
 * *written 0: the guest's ring is full, try again later.
 */
int hoist_dev_console_write(struct hoist_dev *dev, uint32_t domid,
			    const char *buf, size_t len, size_t *written);
/* Blocks until the domain has shut down; -ENOENT once it is gone. */
int hoist_dev_domain_wait(struct hoist_dev *dev, uint32_t domid,
			  struct hoist_domain_info *info);

#endif /* HOIST_TOOLS_DEV_H */
