/*
 * The real device side of guest connections: the store page through
 * grant 1 (GNTTAB_RESERVED_XENSTORE) with HOIST_IOC_GNT_MAP and mmap, the
 * store port bound on one event-channel descriptor, dead domains from
 * HOIST_IOC_DOMAIN_EVENTS + HOIST_IOC_DOMAIN_LIST.
 */
#define _GNU_SOURCE
#include "dev.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <hoist/ioctl.h>
#include <hoist/xen.h>

static void *dev_map(void *ctx, uint16_t domid, int *err)
{
	struct xsd_dev *dev = ctx;
	struct hoist_gnt_map m = { .domid = domid, .ref = GNTTAB_RESERVED_XENSTORE };
	void *p;

	if (ioctl(dev->fd, HOIST_IOC_GNT_MAP, &m) < 0) {
		*err = errno;
		return NULL;
	}
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, m.fd, 0);
	*err = errno;
	/* The mapping keeps the grant; the descriptor is not needed. */
	close(m.fd);
	return p == MAP_FAILED ? NULL : p;
}

static void dev_unmap(void *ctx, void *page)
{
	(void)ctx;
	munmap(page, 4096);
}

static int dev_bind(void *ctx, uint16_t domid, uint32_t remote, uint32_t *local)
{
	struct xsd_dev *dev = ctx;
	struct hoist_evtchn_bind b = { .domid = domid, .remote_port = remote };

	if (ioctl(dev->evtchn_fd, HOIST_IOC_EVTCHN_BIND, &b) < 0)
		return errno;
	*local = b.port;
	return 0;
}

static void dev_unbind(void *ctx, uint32_t local)
{
	struct xsd_dev *dev = ctx;
	struct hoist_evtchn_port p = { .port = local };

	ioctl(dev->evtchn_fd, HOIST_IOC_EVTCHN_UNBIND, &p);
}

static void dev_notify(void *ctx, uint32_t local)
{
	struct xsd_dev *dev = ctx;
	struct hoist_evtchn_port p = { .port = local };

	ioctl(dev->evtchn_fd, HOIST_IOC_EVTCHN_NOTIFY, &p);
}

int xsd_dev_open(struct xsd_dev *dev, const char *path)
{
	dev->evtchn_fd = dev->events_fd = -1;
	dev->fd = open(path, O_RDWR | O_CLOEXEC);
	if (dev->fd < 0)
		return errno;
	dev->evtchn_fd = ioctl(dev->fd, HOIST_IOC_EVTCHN_OPEN);
	if (dev->evtchn_fd < 0) {
		int err = errno;

		close(dev->fd);
		dev->fd = -1;
		return err;
	}
	fcntl(dev->evtchn_fd, F_SETFL, O_NONBLOCK);
	fcntl(dev->evtchn_fd, F_SETFD, FD_CLOEXEC);
	dev->events_fd = ioctl(dev->fd, HOIST_IOC_DOMAIN_EVENTS);
	if (dev->events_fd >= 0) {
		fcntl(dev->events_fd, F_SETFL, O_NONBLOCK);
		fcntl(dev->events_fd, F_SETFD, FD_CLOEXEC);
	}
	return 0;
}

void xsd_dev_close(struct xsd_dev *dev)
{
	if (dev->events_fd >= 0)
		close(dev->events_fd);
	if (dev->evtchn_fd >= 0)
		close(dev->evtchn_fd);
	if (dev->fd >= 0)
		close(dev->fd);
	dev->fd = dev->evtchn_fd = dev->events_fd = -1;
}

void xsd_dev_ops(struct xsd_dev *dev, struct xsd_dev_ops *ops)
{
	*ops = (struct xsd_dev_ops){ dev_map, dev_unmap, dev_bind, dev_unbind, dev_notify, dev };
}

int xsd_dev_pending(struct xsd_dev *dev, uint32_t *ports, int max)
{
	ssize_t n = read(dev->evtchn_fd, ports, (size_t)max * sizeof(*ports));

	if (n < 0)
		return errno == EAGAIN ? 0 : -1;
	n /= (ssize_t)sizeof(*ports);
	/* Unmask now: an event after our look at the ring must wake us. */
	if (n > 0 && write(dev->evtchn_fd, ports, (size_t)n * sizeof(*ports)) < 0)
		return -1;
	return (int)n;
}

bool xsd_dev_domains_changed(struct xsd_dev *dev)
{
	uint64_t count;

	return dev->events_fd >= 0 && read(dev->events_fd, &count, sizeof(count)) == sizeof(count);
}

bool xsd_dev_alive(void *ctx, uint16_t domid)
{
	struct xsd_dev *dev = ctx;
	static struct hoist_domain_info info[256];
	struct hoist_domain_list l = { .max = 256, .buf = (uintptr_t)info };

	if (ioctl(dev->fd, HOIST_IOC_DOMAIN_LIST, &l) < 0)
		return true;	/* cannot tell: keep it */
	for (uint32_t i = 0; i < l.count && i < l.max; i++)
		if (info[i].domid == domid)
			return true;
	return false;
}
