/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Domain requests to /dev/hoist (see dev.h and include/hoist/ioctl.h). */
#include <errno.h>
#include <string.h>

#include "lib/dev.h"

static uint64_t user_ptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void terminate_name(struct hoist_domain_info *info)
{
	info->name[sizeof(info->name) - 1] = '\0';
}

int hoist_dev_domain_create(struct hoist_dev *dev, const char *name,
			    uint64_t mem_kb, uint32_t vcpus,
			    uint32_t max_grant_frames, uint32_t *domid)
{
	struct hoist_domain_create req;
	int ret;

	if (strlen(name) >= sizeof(req.name))
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	strcpy(req.name, name);
	req.mem_kb = mem_kb;
	req.vcpus = vcpus;
	req.max_grant_frames = max_grant_frames;
	ret = dev->ops->ioctl(dev->fd, HOIST_IOC_DOMAIN_CREATE, &req);
	if (!ret)
		*domid = req.domid;
	return ret;
}

int hoist_dev_domain_write(struct hoist_dev *dev, uint32_t domid,
			   uint64_t gpa, const void *buf, size_t len)
{
	struct hoist_domain_write req;

	memset(&req, 0, sizeof(req));
	req.domid = domid;
	req.gpa = gpa;
	req.buf = user_ptr(buf);
	req.len = len;
	return dev->ops->ioctl(dev->fd, HOIST_IOC_DOMAIN_WRITE, &req);
}

int hoist_dev_domain_boot(struct hoist_dev *dev, uint32_t domid,
			  uint64_t entry, uint64_t start_info,
			  uint64_t console_gfn, uint64_t store_gfn,
			  uint32_t store_port)
{
	struct hoist_domain_boot req;

	memset(&req, 0, sizeof(req));
	req.domid = domid;
	req.entry = entry;
	req.start_info = start_info;
	req.console_gfn = console_gfn;
	req.store_gfn = store_gfn;
	req.store_port = store_port;
	return dev->ops->ioctl(dev->fd, HOIST_IOC_DOMAIN_BOOT, &req);
}

int hoist_dev_evtchn_alloc_unbound(struct hoist_dev *dev, uint32_t domid,
				   uint32_t *port)
{
	struct hoist_evtchn_alloc req;
	int ret;

	memset(&req, 0, sizeof(req));
	req.domid = domid;
	ret = dev->ops->ioctl(dev->fd, HOIST_IOC_EVTCHN_ALLOC_UNBOUND, &req);
	if (!ret)
		*port = req.port;
	return ret;
}

static int domid_request(struct hoist_dev *dev, unsigned long cmd,
			 uint32_t domid)
{
	struct hoist_domid req;

	memset(&req, 0, sizeof(req));
	req.domid = domid;
	return dev->ops->ioctl(dev->fd, cmd, &req);
}

int hoist_dev_domain_unpause(struct hoist_dev *dev, uint32_t domid)
{
	return domid_request(dev, HOIST_IOC_DOMAIN_UNPAUSE, domid);
}

int hoist_dev_domain_pause(struct hoist_dev *dev, uint32_t domid)
{
	return domid_request(dev, HOIST_IOC_DOMAIN_PAUSE, domid);
}

int hoist_dev_domain_destroy(struct hoist_dev *dev, uint32_t domid)
{
	return domid_request(dev, HOIST_IOC_DOMAIN_DESTROY, domid);
}

int hoist_dev_domain_list(struct hoist_dev *dev, struct hoist_domain_info *buf,
			  uint32_t max, uint32_t *count)
{
	struct hoist_domain_list req;
	uint32_t i;
	int ret;

	*count = 0;
	memset(&req, 0, sizeof(req));
	req.max = max;
	req.buf = user_ptr(buf);
	ret = dev->ops->ioctl(dev->fd, HOIST_IOC_DOMAIN_LIST, &req);
	if (ret)
		return ret;
	if (req.count > max)
		return -EIO;
	for (i = 0; i < req.count; i++)
		terminate_name(&buf[i]);
	*count = req.count;
	return 0;
}

int hoist_dev_vcpu_list(struct hoist_dev *dev, uint32_t domid,
			struct hoist_vcpu_info *buf, uint32_t max,
			uint32_t *count)
{
	struct hoist_vcpu_list req;
	int ret;

	*count = 0;
	memset(&req, 0, sizeof(req));
	req.domid = domid;
	req.max = max;
	req.buf = user_ptr(buf);
	ret = dev->ops->ioctl(dev->fd, HOIST_IOC_VCPU_LIST, &req);
	if (ret)
		return ret;
	if (req.count > max)
		return -EIO;
	*count = req.count;
	return 0;
}

int hoist_dev_console_read(struct hoist_dev *dev, uint32_t domid,
			   int nonblock, char *buf, size_t len,
			   size_t *copied)
{
	struct hoist_console_read req;
	int ret;

	*copied = 0;
	memset(&req, 0, sizeof(req));
	req.domid = domid;
	req.nonblock = nonblock ? 1 : 0;
	req.buf = user_ptr(buf);
	req.len = len;
	ret = dev->ops->ioctl(dev->fd, HOIST_IOC_CONSOLE_READ, &req);
	if (ret)
		return ret;
	if (req.copied > len)
		return -EIO;
	*copied = (size_t)req.copied;
	return 0;
}

int hoist_dev_console_write(struct hoist_dev *dev, uint32_t domid,
			    const char *buf, size_t len, size_t *written)
{
	struct hoist_console_write req;
	int ret;

	*written = 0;
	if (len < 1 || len > HOIST_CONSOLE_WRITE_MAX)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	req.domid = domid;
	req.buf = user_ptr(buf);
	req.len = len;
	ret = dev->ops->ioctl(dev->fd, HOIST_IOC_CONSOLE_WRITE, &req);
	if (ret)
		return ret;
	if (req.written > len)
		return -EIO;
	*written = (size_t)req.written;
	return 0;
}

int hoist_dev_domain_wait(struct hoist_dev *dev, uint32_t domid,
			  struct hoist_domain_info *info)
{
	struct hoist_domain_wait req;
	int ret;

	memset(&req, 0, sizeof(req));
	req.domid = domid;
	ret = dev->ops->ioctl(dev->fd, HOIST_IOC_DOMAIN_WAIT, &req);
	if (ret)
		return ret;
	terminate_name(&req.info);
	*info = req.info;
	return 0;
}
